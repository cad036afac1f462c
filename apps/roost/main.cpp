// roost: migrations, seeding and a console for SQLite and Cloudflare D1.
// Builds the CLI11 app, registers each command group, and maps every failure to one line
// on stderr and an exit status: 0 success, 1 failure, 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "commands/commands.hpp"
#include "context.hpp"
#include "log_sink.hpp"
#include "roost/orm/error.hpp"

#ifndef ROOST_VERSION
#define ROOST_VERSION "0.0.0"
#endif

namespace {

constexpr int kFailure = 1;
constexpr int kUsage = 2;

void addGlobalOptions(CLI::App& app, roost::cli::GlobalOptions& o) {
  app.set_version_flag("--version", "roost " ROOST_VERSION);
  app.option_defaults()->group("Global options");
  app.add_option("--config", o.config, "wrangler config file (default: wrangler.json/.jsonc/.toml found upward)");
  app.add_option("--env", o.env, "wrangler environment (default: $CLOUDFLARE_ENV)");
  app.add_option("--database", o.database, "D1 binding (or its database_name) to use (default: d1Binding in config/database.jsonc, else DB)");
  auto* local = app.add_flag("--local", o.local, "the local SQLite file `wrangler dev` uses (default)");
  auto* remote = app.add_flag("--remote", o.remote, "the remote D1 database over Cloudflare's REST API");
  local->excludes(remote);
  app.add_option("--persist-to", o.persistTo, "wrangler's --persist-to folder (local state lives in DIR/v3/d1)");
  auto* db = app.add_option("--db", o.db, "any plain SQLite file instead of a D1 binding (no wrangler config needed)");
  db->excludes(remote);
  app.add_option("--tenant", o.tenant, "run for one tenant (slug)");
  app.add_flag("-v,--verbose", o.verbosity, "log what happens on stderr (-vv: every statement)");
  app.add_flag("-q,--quiet", o.quiet, "no progress output; data and errors still print");
  app.add_flag("--json", o.json, "machine-readable output on stdout");
  app.option_defaults()->group("Options");  // commands' own options
}

}  // namespace

int main(int argc, char** argv) {
  roost::cli::Context ctx;
  CLI::App app{"roost: migrations for SQLite and Cloudflare D1 (wrangler-compatible)", "roost"};
  app.fallthrough();  // global flags may also follow the command: `roost migrate --db app.sqlite`
  app.footer(
      "\nExamples:\n  roost make:migration create_posts_table\n  roost migrate\n  roost migrate:status --json\n"
      "  roost rollback --step 1 --db app.sqlite\n\nRun `roost COMMAND --help` for a command's options.");
  addGlobalOptions(app, ctx.options);
  app.parse_complete_callback([&] {
    ctx.out.setQuiet(ctx.options.quiet);
    ctx.out.setVerbosity(ctx.options.verbosity);
    const char* token = std::getenv("CLOUDFLARE_API_TOKEN");  // the one secret roost holds
    roost::cli::installLogging(ctx.out, token ? token : "");
  });
  roost::cli::addMakeCommands(app, ctx);
  roost::cli::addMigrateCommands(app, ctx);
  roost::cli::addCheckCommands(app, ctx);
  roost::cli::addTenantCommands(app, ctx);
  roost::cli::addQueryCommands(app, ctx);
  roost::cli::addSeedCommands(app, ctx);
  roost::cli::addRestoreCommands(app, ctx);

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::fputs(app.help().c_str(), stdout);
      return 0;
    }
    return 0;
  } catch (const CLI::CallForHelp&) {
    return app.exit(CLI::CallForHelp());
  } catch (const CLI::CallForAllHelp&) {
    return app.exit(CLI::CallForAllHelp());
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {  // a command that already reported its failure
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    ctx.out.error(std::string(e.what()) + "\nRun `roost --help` (or `roost COMMAND --help`) for usage.");
    return kUsage;
  } catch (const roost::UsageError& e) {
    ctx.out.error(e.what());
    return kUsage;
  } catch (const roost::Error& e) {
    ctx.out.error(e.what());
    return kFailure;
  } catch (const std::exception& e) {
    ctx.out.error(e.what());
    return kFailure;
  }
}
