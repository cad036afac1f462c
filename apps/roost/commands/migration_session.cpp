#include "commands/migration_session.hpp"

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "roost/migrate/migration_glob.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

namespace fs = std::filesystem;

// Migrations belong to a database: --tenant only names one under tenantStrategy "database".
// Checked before anything is opened (or created).
void requireMigratableTarget(const project::Target& t) {
  if (t.tenantSlug && !t.tenantDatabase)
    throw UsageError("--tenant " + *t.tenantSlug + ": with tenantStrategy \"" + t.settings.tenantStrategy +
                     "\" every tenant shares one database and its migrations; run without --tenant");
}

// wrangler's getMigrationsPath: a missing folder is an error (exit 1), checked before the
// database is opened. Also checks migrations_pattern against wrangler's rules.
std::string requireMigrationsFolder(Context& ctx) {
  const project::Target& t = ctx.target();
  const project::MigrationsPattern pattern = project::migrationsPattern(t);
  std::error_code ec;
  if (fs::is_directory(t.migrationsDir, ec)) return pattern.relative;
  if (!t.binding.migrationsDir && t.settings.migrationsDir.empty() && !t.tenantDatabase)
    ctx.out.warning("No migrations folder found. Set `migrations_dir` in your " +
                    (t.wrangler ? t.wrangler->file.filename().string() : std::string("wrangler config")) +
                    " file to choose a different path.");
  else
    ctx.out.warning("No migrations folder found.");
  throw Error("No migrations present at " + t.migrationsDir.string() + ".");
}

// wrangler's maybeLogHint: nothing matched, but drizzle's `*/migration.sql` layout is there.
void hintDrizzleLayout(Context& ctx, const migrate::MigrationFiles& files) {
  if (!files.all().empty() || migrate::MigrationGlob("*/migration.sql").list(files.dir()).empty()) return;
  const project::Target& t = ctx.target();
  const project::MigrationsPattern pattern = project::migrationsPattern(t);
  const std::string drizzle = project::normalizeRelativePath(pattern.dir + "/*/migration.sql");
  ctx.out.warning("Could not find any migration files matching `" + pattern.pattern +
                  "`. It looks like there are migration files matching `" + drizzle +
                  "` though. If you are using drizzle to manage your migrations, please set `migrations_pattern` to `" +
                  drizzle + "` in " + (t.wrangler ? t.wrangler->file.filename().string() : std::string("wrangler config")) +
                  ".");
}

}  // namespace

void addLocalOnlyFlag(CLI::App* cmd, bool& localOnly) {
  cmd->add_flag("--local-only", localOnly,
                "this project never runs on D1: accept statements over D1's 100 KB and _cf_ names locally (as "
                "warnings); transaction control is still refused. Not with --remote");
}

void addCheckFlags(CLI::App* cmd, CheckFlags& flags) {
  addLocalOnlyFlag(cmd, flags.localOnly);
  cmd->add_flag("--allow-data-loss", flags.allowDataLoss,
                "the migration means to delete rows of other tables through ON DELETE CASCADE / SET NULL: "
                "neither refuse it before the run nor guard it during the run");
}

void requireLocalForLocalOnly(const Context& ctx, bool localOnly) {
  if (localOnly && ctx.options.remote)
    throw UsageError("--local-only accepts statements D1 refuses (over 100 KB, _cf_ names), so it cannot be used "
                     "with --remote; drop --local-only, or run locally");
}

MigrationSession::MigrationSession(Context& ctx, Access access, const CheckFlags& checks)
    : ctx_(ctx),
      glob_((requireMigratableTarget(ctx.target()), requireMigrationsFolder(ctx))),
      conn_(ctx.connect(access)),
      repo_(*conn_, ctx.target().migrationsTable),
      progress_(ctx.out, ctx.options.json),
      migrator_(repo_, migrate::MigrationFiles(ctx.target().migrationsDir, glob_)) {
  migrator_.setObserver(&progress_);
  migrator_.setCheckOptions({.localOnly = checks.localOnly});
  if (checks.allowDataLoss) {
    migrator_.setDataLossCheck(migrate::DataLossCheck::Off);
  } else if (const char* skip = std::getenv("ROOST_TEST_SKIP_STATIC_DATA_LOSS_CHECK"); skip && std::string_view(skip) == "1") {
    migrator_.setDataLossCheck(migrate::DataLossCheck::GuardOnly);
  }
  hintDrizzleLayout(ctx, migrator_.files());
}

void MigrationSession::beforeFirstMigration(std::function<void()> beforeFirst) {
  firstWrite_.emplace(progress_, std::move(beforeFirst));
  migrator_.setObserver(&*firstWrite_);
}

void MigrationSession::finish(const migrate::MigrationReport& report, std::string_view done, std::string_view nothing) {
  if (ctx_.options.json) {
    ctx_.out.dataLine(reportJson(report, progress_, ctx_.target().describe()));
    return;
  }
  if (report.migrations.empty() && report.dropped.empty()) {
    ctx_.out.progress(std::string(nothing));
    return;
  }
  const std::string count = countOf(report.migrations.size(), "migration");
  if (report.pretend) {
    ctx_.out.progress("Pretended " + count + "; nothing was run or recorded.");
    return;
  }
  ctx_.out.progress(std::string(done) + " " + count + " in " + formatDuration(toMilliseconds(report.elapsed)));
}

}  // namespace roost::cli
