// migrate, rollback (= migrate:rollback), migrate:status, migrate:reset, migrate:refresh,
// migrate:fresh. Each parses its options and calls the Migrator; the Migrator decides.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "commands/first_write_observer.hpp"
#include "commands/migration_progress.hpp"
#include "commands/migration_session.hpp"
#include "consent.hpp"
#include "restore_point.hpp"
#include "tenant_fanout.hpp"
#include "roost/migrate/migration_repository.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

namespace fs = std::filesystem;

// Safety of a writing command: a restore point before it writes (restore_point.hpp) and, for
// the destructive ones on --remote, consent (consent.hpp).
struct WriteSafety {
  bool force = false;
  bool noRestorePoint = false;
};

void addWriteSafetyFlags(CLI::App* cmd, WriteSafety& safety, bool destructive) {
  if (destructive) addForceFlag(cmd, safety.force);
  addRestorePointFlag(cmd, safety.noRestorePoint);
}

// Consent on --remote (nothing is asked for a local file), before the database is opened.
void consentOnRemote(Context& ctx, std::string_view command, std::string_view action, const WriteSafety& safety) {
  if (ctx.options.remote) requireConsent(ctx, command, action, safety.force);
}

// The restore point just before the first migration runs, so a run the Migrator refuses, or
// one with nothing to do, takes none. `names`: the migrations the run will apply, read (one
// query) only when it is about to write.
void beforeWriting(Context& ctx, MigrationSession& s, std::string_view command, const WriteSafety& safety,
                   std::function<std::vector<std::string>()> names = {}) {
  s.beforeFirstMigration([&ctx, command = std::string(command), names = std::move(names), &safety] {
    takeRestorePoint(ctx, command, names ? names() : std::vector<std::string>{}, safety.noRestorePoint);
  });
}

std::vector<std::string> pendingNames(migrate::Migrator& migrator) {
  std::vector<std::string> names;
  for (const auto& e : migrator.status())
    if (e.state == migrate::MigrationState::Pending) names.push_back(e.name);
  return names;
}

struct MigrateArgs {
  bool step = false;
  bool pretend = false;
  FanOutOptions fanOut;
  WriteSafety safety;
  CheckFlags checks;
};

struct RollbackArgs {
  std::size_t step = 0;
  bool pretend = false;
  FanOutOptions fanOut;
  WriteSafety safety;
  CheckFlags checks;
};

struct StatusArgs {
  FanOutOptions fanOut;
};

struct ResetArgs {
  bool pretend = false;
  WriteSafety safety;
  CheckFlags checks;
};

// migrate:refresh and migrate:fresh.
struct RebuildArgs {
  WriteSafety safety;
  CheckFlags checks;
};

void migrateCommand(Context& ctx, const MigrateArgs& args) {
  MigrationSession s(ctx, args.pretend ? Access::NoCreate : Access::Create, args.checks);
  if (!args.pretend)
    beforeWriting(ctx, s, "migrate", args.safety, [&s] { return pendingNames(s.migrator()); });
  auto report = s.migrator().run({.step = args.step, .pretend = args.pretend});
  s.finish(report, "Applied", "Nothing to migrate.");
}

void rollbackCommand(Context& ctx, const RollbackArgs& args) {
  if (!args.pretend) consentOnRemote(ctx, "rollback", "undo migrations of", args.safety);
  MigrationSession s(ctx, Access::NoCreate, args.checks);
  if (!args.pretend) beforeWriting(ctx, s, "rollback", args.safety);
  auto report = s.migrator().rollback({.steps = args.step, .pretend = args.pretend});
  s.finish(report, "Rolled back", "Nothing to roll back.");
}

void resetCommand(Context& ctx, const ResetArgs& args) {
  if (!args.pretend) consentOnRemote(ctx, "migrate:reset", "undo every migration of", args.safety);
  MigrationSession s(ctx, Access::NoCreate, args.checks);
  if (!args.pretend) beforeWriting(ctx, s, "migrate:reset", args.safety);
  auto report = s.migrator().reset(args.pretend);
  s.finish(report, "Rolled back", "Nothing to reset.");
}

void refreshCommand(Context& ctx, const RebuildArgs& args) {
  consentOnRemote(ctx, "migrate:refresh", "undo and re-apply every migration of", args.safety);
  MigrationSession s(ctx, Access::Create, args.checks);
  beforeWriting(ctx, s, "migrate:refresh", args.safety);
  auto report = s.migrator().refresh();
  if (ctx.options.json || report.migrations.empty()) {
    s.finish(report, "Ran", "Nothing to migrate.");
    return;
  }
  const auto down = static_cast<std::size_t>(std::count_if(report.migrations.begin(), report.migrations.end(),
                                                            [](const auto& m) { return m.direction == migrate::Direction::Down; }));
  ctx.out.progress("Rolled back " + countOf(down, "migration") + " and applied " +
                   countOf(report.migrations.size() - down, "migration") + " in " +
                   formatDuration(toMilliseconds(report.elapsed)));
}

void freshCommand(Context& ctx, const RebuildArgs& args) {
  consentOnRemote(ctx, "migrate:fresh", "drop every table of", args.safety);
  MigrationSession s(ctx, Access::Create, args.checks);
  // Tables are dropped before any migration runs: the restore point comes just before the drop.
  beforeWriting(ctx, s, "migrate:fresh", args.safety);
  auto report = s.migrator().fresh();
  if (ctx.options.json) {
    s.finish(report, "Applied", "");
    return;
  }
  ctx.out.progress("Dropped " + std::to_string(report.dropped.size()) + " tables and views; applied " +
                   countOf(report.migrations.size(), "migration") + " in " +
                   formatDuration(toMilliseconds(report.elapsed)));
}

std::string stateLabel(const migrate::StatusEntry& e) {
  switch (e.state) {
    case migrate::MigrationState::Applied: return e.batch ? "Ran" : "Ran (wrangler)";
    case migrate::MigrationState::Pending: return "Pending";
    case migrate::MigrationState::Missing: return "Missing: file renamed or deleted";
  }
  return "";
}

void statusCommand(Context& ctx) {
  MigrationSession s(ctx, Access::NoCreate, {});
  const std::vector<migrate::StatusEntry> entries = s.migrator().status();

  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries) {
      nlohmann::json one{{"name", e.name}, {"status", migrate::stateName(e.state)}, {"hasDown", e.hasDown}};
      one["batch"] = e.batch ? nlohmann::json(*e.batch) : nlohmann::json(nullptr);
      one["appliedAt"] = e.appliedAt.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.appliedAt);
      list.push_back(std::move(one));
    }
    ctx.out.jsonLine(list);
  } else if (entries.empty()) {
    ctx.out.progress("No migrations in " + ctx.displayPath(s.migrator().files().dir()) + ".");
  } else {
    std::size_t width = std::string_view("Migration").size();
    for (const auto& e : entries) width = std::max(width, e.name.size());
    auto pad = [](std::string text, std::size_t w) {
      if (text.size() < w) text.append(w - text.size(), ' ');
      return text;
    };
    ctx.out.dataLine(ctx.out.paint(Style::Bold, pad("Migration", width) + "  Batch  " + pad("Applied at", 19) + "  Status", false));
    for (const auto& e : entries) {
      const std::string batch = e.batch ? std::to_string(*e.batch) : (e.state == migrate::MigrationState::Pending ? "" : "-");
      const Style style = e.state == migrate::MigrationState::Applied  ? Style::Green
                          : e.state == migrate::MigrationState::Pending ? Style::Yellow
                                                                        : Style::Red;
      std::string right = batch.size() < 5 ? std::string(5 - batch.size(), ' ') + batch : batch;
      ctx.out.dataLine(pad(e.name, width) + "  " + right + "  " + pad(e.appliedAt, 19) + "  " +
                       ctx.out.paint(style, stateLabel(e), false));
    }
  }
  const auto missing = std::count_if(entries.begin(), entries.end(),
                                     [](const auto& e) { return e.state == migrate::MigrationState::Missing; });
  if (missing > 0)
    ctx.out.warning(countOf(static_cast<std::size_t>(missing), "applied migration") +
                    " no longer " + (missing == 1 ? "has its file" : "have their files") +
                    " (renamed or deleted); migrate and rollback refuse to run until the folder and " +
                    ctx.target().migrationsTable + " agree");
}

}  // namespace

void addMigrateCommands(CLI::App& app, Context& ctx) {
  {
    auto args = std::make_shared<MigrateArgs>();
    CLI::App* cmd = addCommand(app, "migrate",
                               "Apply every pending migration",
                               "Applies pending migrations in wrangler's order as one new batch. Each migration and its\n"
                               "row in the migrations table are atomic; the first failure stops the run and names the\n"
                               "file, the statement and the database's message. Before anything runs, the pending files\n"
                               "are checked (see `roost migrate:check`): D1's rules, and rows other tables would lose\n"
                               "through foreign keys; a refusal runs nothing.",
                               "  roost migrate\n  roost migrate --step --db app.sqlite\n  roost migrate --pretend\n"
                               "  roost migrate --local-only\n  roost migrate --allow-data-loss\n"
                               "  roost migrate --tenant acme\n  roost migrate --all-tenants --concurrency 4");
    cmd->add_flag("--step", args->step, "give each migration its own batch, so rollback undoes them one by one");
    cmd->add_flag("--pretend", args->pretend, "print the SQL that would run; run and record nothing");
    addWriteSafetyFlags(cmd, args->safety, false);
    addCheckFlags(cmd, args->checks);
    addFanOutOptions(cmd, args->fanOut);
    cmd->callback([&ctx, args] {
      requireLocalForLocalOnly(ctx, args->checks.localOnly);
      forEachTarget(ctx, args->fanOut, "migrate", [&](Context& c) { migrateCommand(c, *args); });
    });
  }
  {
    auto args = std::make_shared<RollbackArgs>();
    CLI::App* cmd = addCommand(app, "rollback",
                               "Undo the last batch of migrations",
                               "Runs the down/ files of the last batch (or of the last N migrations with --step N),\n"
                               "newest first. A missing down file is an error before anything runs.",
                               "  roost rollback\n  roost migrate:rollback --step 2\n  roost rollback --all-tenants");
    cmd->alias("migrate:rollback");
    cmd->add_option("--step", args->step, "undo the last N migrations instead of the last batch")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--pretend", args->pretend, "print the SQL that would run; change nothing");
    addWriteSafetyFlags(cmd, args->safety, true);
    addCheckFlags(cmd, args->checks);
    addFanOutOptions(cmd, args->fanOut);
    cmd->callback([&ctx, args] {
      requireLocalForLocalOnly(ctx, args->checks.localOnly);
      forEachTarget(ctx, args->fanOut, "rollback", [&](Context& c) { rollbackCommand(c, *args); });
    });
  }
  {
    CLI::App* cmd = addCommand(app, "migrate:status",
                               "Show which migrations have run",
                               "Lists every migration: applied (with its batch and time), pending, or applied but\n"
                               "missing its file. Migrations applied by wrangler show as \"Ran (wrangler)\".",
                               "  roost migrate:status\n  roost migrate:status --json\n  roost migrate:status --all-tenants");
    auto args = std::make_shared<StatusArgs>();
    addFanOutOptions(cmd, args->fanOut);
    cmd->callback([&ctx, args] { forEachTarget(ctx, args->fanOut, "migrate:status", [](Context& c) { statusCommand(c); }); });
  }
  {
    auto args = std::make_shared<ResetArgs>();
    CLI::App* cmd = addCommand(app, "migrate:reset", "Undo every applied migration",
                               "Runs the down/ file of every applied migration, newest first.",
                               "  roost migrate:reset");
    cmd->add_flag("--pretend", args->pretend, "print the SQL that would run; change nothing");
    addWriteSafetyFlags(cmd, args->safety, true);
    addCheckFlags(cmd, args->checks);
    cmd->callback([&ctx, args] {
      requireLocalForLocalOnly(ctx, args->checks.localOnly);
      resetCommand(ctx, *args);
    });
  }
  {
    CLI::App* cmd = addCommand(app, "migrate:refresh", "Undo every migration, then apply them all again",
                               "migrate:reset followed by migrate.",
                               "  roost migrate:refresh");
    auto args = std::make_shared<RebuildArgs>();
    addWriteSafetyFlags(cmd, args->safety, true);
    addCheckFlags(cmd, args->checks);
    cmd->callback([&ctx, args] {
      requireLocalForLocalOnly(ctx, args->checks.localOnly);
      refreshCommand(ctx, *args);
    });
  }
  {
    auto args = std::make_shared<RebuildArgs>();
    CLI::App* cmd = addCommand(app, "migrate:fresh",
                               "Drop every table, then apply every migration",
                               "Drops every table and view (never sqlite_* or D1's reserved _cf_* tables), then applies\n"
                               "every migration. Down files are not used. On --remote it asks on a terminal and is\n"
                               "refused without --force anywhere else.",
                               "  roost migrate:fresh\n  roost migrate:fresh --db test.sqlite");
    addWriteSafetyFlags(cmd, args->safety, true);
    addCheckFlags(cmd, args->checks);
    cmd->callback([&ctx, args] {
      requireLocalForLocalOnly(ctx, args->checks.localOnly);
      freshCommand(ctx, *args);
    });
  }
}

}  // namespace roost::cli
