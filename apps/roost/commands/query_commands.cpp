// query (= tinker): the console. `roost query` opens the prompt on a terminal, runs the
// lines piped on stdin otherwise, and `roost query "EXPR"` runs one line and exits
// (status 1 if it failed).
#include <unistd.h>

#include <iostream>

#include "commands/commands.hpp"
#include "row_tenant.hpp"
#include "console/session.hpp"
#include "console/text_width.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

struct QueryArgs {
  std::vector<std::string> expression;  // joined with spaces: `roost query .sql SELECT 1` works unquoted
  std::string format;
  bool bail = false;
};

int queryCommand(Context& ctx, const QueryArgs& args) {
  console::SessionOptions o;
  if (!args.format.empty()) {
    auto f = console::parseFormat(args.format);
    if (!f) throw UsageError("--format takes table, json, ndjson or csv; got '" + args.format + "'");
    o.print.format = *f;
  } else if (ctx.options.json) {
    o.print.format = console::Format::Json;
  }
  o.print.color = ctx.out.colorOnStdout();
  o.print.terminalWidth = console::terminalColumns(STDOUT_FILENO);

  std::unique_ptr<Connection> conn = ctx.connect(Access::NoCreate);
  const project::Target& target = ctx.target();
  o.projectDir = target.projectDir;
  o.migrationsTable = target.migrationsTable;
  o.description = target.describe();
  if (target.settings.tenantStrategy == "row") o.rowTenantModel = target.settings.tenantModel;
  if (target.kind == project::Target::Kind::LocalFile) {
    std::error_code ec;
    if (!std::filesystem::exists(target.sqlitePath, ec))
      ctx.out.warning("no database file yet at " + ctx.displayPath(target.sqlitePath) +
                      ": showing an empty database, and writes are not kept (run `roost migrate` first)");
  }
  console::Session session(*conn, ctx.out, o);
  // --tenant under the row strategy: every tenant model in this session is scoped to it.
  // Without --tenant the catalog waits for a line that needs it (.sql and .tables never do).
  std::optional<TenantContext> tenant;
  if (target.tenantSlug) tenant = resolveRowTenant(ctx, *conn, session.catalog());
  std::optional<TenantScope> bound;
  if (tenant) bound.emplace(*tenant);

  if (!args.expression.empty()) {
    std::string line;
    for (const auto& part : args.expression) line += (line.empty() ? "" : " ") + part;
    return session.run(line) ? 0 : 1;
  }
  if (::isatty(STDIN_FILENO) == 1) return session.interactive();
  return session.runScript(std::cin, args.bail);
}

}  // namespace

void addQueryCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = addCommand(
      app, "query", "an interactive console on the database (alias: tinker)",
      "Expressions mirror @roostjs/orm's TypeScript: models come from the database schema and\n"
      "database/models.jsonc. Without EXPR: a prompt with history (~/.roost_history) and tab\n"
      "completion on a terminal, else one expression per line from stdin. Type .help inside.\n"
      "Table output prints SQL NULL as NULL (dim on a terminal) and the text 'NULL' quoted.",
      "  roost query \"Post.where('status', 'published').orderBy('created_at', 'desc').limit(10).all()\"\n"
      "  roost query --format ndjson \"Post.all()\" > posts.ndjson\n"
      "  echo \"User.with('posts').first()\" | roost query --json");
  cmd->alias("tinker");
  cmd->add_option("expression", args->expression, "one expression (or .command) to run, then exit");
  cmd->add_option("--format", args->format, "output: table (default), json, ndjson or csv (--json = --format json)")
      ->check(CLI::IsMember({"table", "json", "ndjson", "jsonl", "csv"}));
  cmd->add_flag("--bail", args->bail, "with lines on stdin: stop at the first failing line");
  cmd->callback([&ctx, args] {
    const int status = queryCommand(ctx, *args);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace roost::cli
