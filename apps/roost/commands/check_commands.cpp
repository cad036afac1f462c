// migrate:check: the checks every migration command runs before it runs anything (D1's rules,
// roost/migrate/migration_checks.hpp; rows lost through foreign keys, roost/migrate/data_loss.hpp),
// for the files a command would run, without running
// anything. Exit 1 when any finding is a refusal (the command would run nothing), 0 otherwise.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "commands/migration_session.hpp"
#include "roost/d1/d1_error.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

struct CheckArgs {
  bool rollback = false;   // the down files `rollback` would run
  bool all = false;        // every up and down file
  bool localOnly = false;
};

struct Scope {
  migrate::MigrationCommand command;
  const char* name;         // --json "checked"
  const char* files;        // what was checked, in words
  const char* wouldRun;     // the command whose run this predicts
};

Scope scopeOf(const CheckArgs& args) {
  if (args.all) return {migrate::MigrationCommand::EveryFile, "all", "every up and down file", "any migration command"};
  if (args.rollback)
    return {migrate::MigrationCommand::Rollback, "rollback", "the down files of the last batch", "roost rollback"};
  return {migrate::MigrationCommand::Migrate, "pending", "the pending up files", "roost migrate"};
}

const char* severityName(migrate::Severity s) { return s == migrate::Severity::Refusal ? "refusal" : "warning"; }

std::vector<migrate::Finding> findingsOf(Context& ctx, migrate::Migrator& migrator, const Scope& scope) {
  try {
    return migrator.check(scope.command);
  } catch (const D1Error& e) {
    // A remote database that does not exist yet has nothing applied: every up file is pending.
    if (e.httpStatus() != 404 || scope.command != migrate::MigrationCommand::Migrate) throw;
    ctx.out.note("note: the remote database was not found; every up file counts as pending");
    return migrator.check(migrate::MigrationCommand::Fresh);
  }
}

void printBlocks(Context& ctx, const std::vector<migrate::Finding>& findings) {
  for (const migrate::Finding& f : findings) {
    const bool refusal = f.severity == migrate::Severity::Refusal;
    ctx.out.dataLine(ctx.out.paint(refusal ? Style::Red : Style::Yellow, refusal ? "REFUSED" : "WARNING", false) + "  " +
                     ctx.displayPath(f.file) + ":" + std::to_string(f.line) + "  (" + f.rule + ")");
    ctx.out.dataLine("  " + f.statement);
    ctx.out.dataLine("  " + migrate::asSentence(f.message));
    ctx.out.dataLine("  Fix: " + migrate::asSentence(f.fix));
    ctx.out.dataLine("");
  }
}

void checkCommand(Context& ctx, const CheckArgs& args) {
  const Scope scope = scopeOf(args);
  nlohmann::json report{{"checked", scope.name}, {"findings", nlohmann::json::array()}, {"refusals", 0}, {"warnings", 0}};
  std::vector<migrate::Finding> findings;
  try {
    if (args.rollback && args.all) throw UsageError("migrate:check: --rollback and --all exclude each other (--all includes every down file)");
    requireLocalForLocalOnly(ctx, args.localOnly);
    MigrationSession s(ctx, Access::NoCreate, {.localOnly = args.localOnly});
    findings = findingsOf(ctx, s.migrator(), scope);
  } catch (const Error& e) {
    if (ctx.options.json) {
      report["error"] = {{"message", e.what()}};
      ctx.out.jsonLine(report);
    }
    throw;
  }
  std::size_t refusals = 0;
  for (const migrate::Finding& f : findings) refusals += f.severity == migrate::Severity::Refusal ? 1 : 0;
  const std::size_t warnings = findings.size() - refusals;

  if (ctx.options.json) {
    for (const migrate::Finding& f : findings)
      report["findings"].push_back({{"severity", severityName(f.severity)}, {"rule", f.rule},
                                    {"file", ctx.displayPath(f.file)}, {"line", f.line}, {"statement", f.statement},
                                    {"message", f.message}, {"fix", f.fix}});
    report["refusals"] = refusals;
    report["warnings"] = warnings;
    ctx.out.jsonLine(report);
  } else {
    printBlocks(ctx, findings);
    std::string summary = std::string("Checked ") + scope.files + ": ";
    if (findings.empty()) summary += "no problems.";
    else
      summary += countOf(refusals, "refusal") + ", " + countOf(warnings, "warning") + "; " + scope.wouldRun +
                 (refusals > 0 ? " would refuse to run and change nothing." : " would run (warnings do not stop it).");
    ctx.out.dataLine(summary);
  }
  if (refusals > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void addCheckCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = addCommand(
      app, "migrate:check", "Check migration files against D1's rules and for lost rows, without running them",
      "Runs the checks every migration command runs before it runs anything, and runs nothing:\n"
      "  statement-too-big    refused: a statement over D1's 100,000 bytes\n"
      "  transaction-control  refused: BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE (trigger bodies are fine)\n"
      "  reserved-name        refused: creating, changing or writing a _cf_ table, index, view or trigger\n"
      "  foreign-keys-pragma  warning: PRAGMA foreign_keys = ... does nothing on D1 or inside a migration\n"
      "  cascade-rebuild      refused: a DROP TABLE (or DELETE without WHERE) that deletes or nulls the rows of\n"
      "                       tables referencing it ON DELETE CASCADE / SET NULL (D1 keeps foreign keys on)\n"
      "  no-action-rebuild    warning: a DROP TABLE that NO ACTION children make fail once they hold rows\n"
      "  cascade-delete       warning: DELETE ... WHERE on a parent also deletes its cascading children\n"
      "  replace-cascade      warning: REPLACE / INSERT OR REPLACE into a parent deletes the replaced rows' children\n"
      "By default it checks the pending up files (what `roost migrate` would run). Exit status 1 when\n"
      "anything is refused, 0 when there are only warnings. It only reads: the migrations table and the schema.",
      "  roost migrate:check\n  roost migrate:check --rollback\n  roost migrate:check --all --json\n"
      "  roost migrate:check --remote\n  roost migrate:check --local-only");
  cmd->add_flag("--rollback", args->rollback, "check the down files `roost rollback` would run (the last batch)");
  cmd->add_flag("--all", args->all, "check every up and down file, applied or not (reads no database)");
  addLocalOnlyFlag(cmd, args->localOnly);
  cmd->callback([&ctx, args] { checkCommand(ctx, *args); });
}

}  // namespace roost::cli
