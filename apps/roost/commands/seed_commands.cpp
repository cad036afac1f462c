// db:seed (= seed): runs a declarative seeder from database/seeders (JSONC or .sql) with the
// factories of database/factories — see seed/seed_files.hpp for the formats and
// seed/seed_runner.hpp for what a run guarantees (one transaction on SQLite, atomic batches on D1).
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "commands/migration_progress.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/fake.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/tenancy.hpp"
#include "row_tenant.hpp"
#include "seed/seed_files.hpp"
#include "seed/seed_runner.hpp"
#include "tenant_fanout.hpp"

namespace roost::cli {

namespace {

struct SeedArgs {
  std::string seederClass = "DatabaseSeeder";
  std::uint64_t seed = 0;
  CLI::Option* seedOption = nullptr;
  std::string now;
  FanOutOptions fanOut;
};

// "12,345"
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Seeder lines on stderr ("  DONE  DatabaseSeeder ..... 130 rows, 12.3 ms") and, on a terminal,
// a progress bar redrawn at most every 50 ms. Nothing with --json; only errors with -q.
class SeedProgress final : public seed::SeedObserver {
 public:
  SeedProgress(Output& out, bool lines, bool bar) : out_(out), lines_(lines), bar_(bar) {}
  ~SeedProgress() override { clearBar(); }

  void seederFinished(const std::string& name, int depth, std::int64_t rows, double ms) override {
    if (!lines_) return;
    clearBar();
    const std::string tag = "DONE";
    const std::string label = std::string(static_cast<std::size_t>(2 * depth), ' ') + name;
    const std::string right =
        (rows < 0 ? std::string("SQL, ") : grouped(rows) + (rows == 1 ? " row, " : " rows, ")) + formatDuration(ms);
    const std::size_t used = 2 + tag.size() + 2 + label.size() + 1 + right.size() + 1;
    const std::size_t dots = used + 3 <= 78 ? 78 - used : 3;
    out_.progress("  " + out_.paint(Style::Green, tag, true) + "  " + label + " " +
                  out_.paint(Style::Dim, std::string(dots, '.'), true) + " " + right);
  }

  void progress(std::int64_t done, std::int64_t total) override {
    if (!bar_ || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(f * kWidth);
    std::string line = "\r\x1b[2K  Seeding  [" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] " +
                       std::to_string(static_cast<int>(f * 100)) + "%  " + grouped(done) + "/" + grouped(total) + " rows";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  void clearBar() {
    if (!drawn_) return;
    std::fputs("\r\x1b[2K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

  Output& out_;
  bool lines_, bar_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// Where the seeder and the seeders it calls run SQL ("database/seeders/x.jsonc:4:9"); walked
// without recursion (plan() has already refused loops).
std::vector<std::string> sqlStepsOf(const seed::SeedFiles& files, const std::string& root) {
  std::vector<std::string> found, stack{root};
  std::set<std::string> seen;
  while (!stack.empty()) {
    const std::string name = std::move(stack.back());
    stack.pop_back();
    const seed::SeederSpec* spec = files.seeder(name);
    if (!spec || !seen.insert(name).second) continue;
    if (spec->sqlFile) found.push_back(spec->where.str());
    for (auto it = spec->steps.rbegin(); it != spec->steps.rend(); ++it) {
      if (it->kind == seed::StepSpec::Kind::Sql) found.push_back(it->where.str());
      else if (it->kind == seed::StepSpec::Kind::Seeder) stack.push_back(it->seeder);
    }
  }
  return found;
}

void seedCommand(Context& ctx, const SeedArgs& args, std::uint64_t seed, bool allowBar) {
  const d1::Target& target = ctx.target();
  // The files first: a typo in them needs no database.
  const seed::SeedFiles files = seed::loadSeedFiles(target.projectDir);
  if (target.kind == d1::Target::Kind::LocalFile) {
    std::error_code ec;
    if (!std::filesystem::exists(target.sqlitePath, ec))
      throw Error("no database yet at " + ctx.displayPath(target.sqlitePath) + ": run `roost migrate` first");
  }
  std::unique_ptr<Connection> conn = ctx.connect(Access::NoCreate);
  const std::optional<project::ModelsFile> models = project::loadModelsFile(target.projectDir);
  project::ModelCatalog catalog =
      project::ModelCatalog::build(readSchema(*conn), models ? &*models : nullptr, target.migrationsTable,
                                   target.settings.tenantStrategy == "row" ? target.settings.tenantModel : "");
  // --tenant under the row strategy: tenant models get the tenant's id in their tenant column.
  const std::optional<TenantContext> tenant = resolveRowTenant(ctx, *conn, catalog);
  std::optional<TenantScope> bound;
  if (tenant) bound.emplace(*tenant);

  seed::SeedRunner runner(*conn, catalog, files);
  runner.plan(args.seederClass);
  if (tenant) {
    const std::vector<std::string> sql = sqlStepsOf(files, args.seederClass);
    if (!sql.empty())
      ctx.out.warning("SQL seed steps are never tenant-scoped: " + sql.front() +
                      (sql.size() > 1 ? " (and " + std::to_string(sql.size() - 1) + " more)" : std::string()) +
                      " runs as written, for every tenant's rows, not only --tenant " + tenant->slug() + "'s");
  }
  seed::SeedOptions options;
  options.seed = seed;
  if (!args.now.empty()) options.now = parseIsoTimestamp(args.now);

  const bool json = ctx.options.json;
  const bool lines = !json && !ctx.out.quiet();
  SeedProgress progress(ctx.out, lines, allowBar && lines && ctx.out.stderrIsTerminal());
  if (lines)
    ctx.out.progress("Seeding " + target.describe() + " with " + args.seederClass + " (seed " + std::to_string(seed) +
                     ", " + grouped(runner.plannedRows()) + " rows planned)");
  const seed::SeedReport report = runner.run(options, &progress);

  if (json) {
    nlohmann::ordered_json j;
    j["target"] = target.describe();
    j["seeder"] = report.seeder;
    j["seed"] = report.seed;
    j["rows"] = report.rows;
    j["tables"] = nlohmann::ordered_json::object();
    for (const auto& [table, n] : report.rowsByTable) j["tables"][table] = n;
    j["statements"] = report.writes.statements;
    j["batches"] = report.writes.batches;
    j["maxParamsPerStatement"] = report.writes.maxParams;
    j["maxBytesPerStatement"] = report.writes.maxBytes;
    j["sqlScripts"] = report.sqlScripts;
    j["atomic"] = report.transactional ? "transaction" : "per-batch";
    j["ms"] = report.milliseconds;
    ctx.out.dataLine(j.dump(2));
    return;
  }
  std::string tables;
  for (const auto& [table, n] : report.rowsByTable) tables += (tables.empty() ? "" : ", ") + table + " " + grouped(n);
  ctx.out.progress("Seeded " + grouped(report.rows) + (report.rows == 1 ? " row" : " rows") +
                   (tables.empty() ? std::string() : " (" + tables + ")") + " in " +
                   formatDuration(report.milliseconds) + "; `roost db:seed --seed " + std::to_string(seed) +
                   "` makes the same rows on the same database state.");
  if (!report.transactional)
    ctx.out.progress("D1 has no transactions: the rows went in " + std::to_string(report.writes.batches) +
                     (report.writes.batches == 1 ? " batch, which is atomic" : " batches, each atomic") +
                     (report.sqlScripts ? " (and each SQL seeder in its own)" : "") +
                     "; a failure keeps the batches sent before it.");
}

}  // namespace

void addSeedCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SeedArgs>();
  CLI::App* cmd = addCommand(
      app, "db:seed", "Fill the database from database/seeders and database/factories (alias: seed)",
      "Runs a seeder (default DatabaseSeeder) from database/seeders/*.jsonc or NAME.sql, making rows\n"
      "with the factories in database/factories/*.jsonc. Rows go in multi-row INSERTs within D1's\n"
      "limits (100 bound values on D1, about 100 KB per statement); no model hooks run; created_at\n"
      "and updated_at are filled. On SQLite the whole run is one transaction: a failing or\n"
      "interrupted seed writes nothing. D1 has no transactions: there, each batch of statements is\n"
      "atomic and a failure keeps the batches before it. --seed N makes the same rows again on the\n"
      "same database state (without it a random seed is picked and printed).",
      "  roost db:seed\n  roost seed --class TagSeeder --seed 42\n  roost db:seed --tenant acme\n"
      "  roost db:seed --all-tenants --concurrency 4\n  roost db:seed --remote --json");
  cmd->alias("seed");
  cmd->add_option("--class", args->seederClass, "the seeder to run (default: DatabaseSeeder)");
  args->seedOption = cmd->add_option("--seed", args->seed, "fake-data seed: the same N makes the same rows (default: random)");
  cmd->add_option("--now", args->now, "the time created_at/updated_at get (ISO-8601, UTC; default: now)");
  addFanOutOptions(cmd, args->fanOut);
  cmd->callback([&ctx, args] {
    std::uint64_t seed = args->seed;
    if (!args->seedOption->count()) seed = std::random_device{}() % 1000000;
    if (!args->now.empty()) parseIsoTimestamp(args->now);  // a bad --now is a usage error before anything runs
    const bool allowBar = !args->fanOut.allTenants;
    forEachTarget(ctx, args->fanOut, "db:seed", [&](Context& c) { seedCommand(c, *args, seed, allowBar); });
  });
}

}  // namespace roost::cli
