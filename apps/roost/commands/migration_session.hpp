#pragma once
// MigrationSession: everything one migration command works with, opened once per run — the
// checked target and migrations folder, the connection, the tracking table, the progress
// printer and the Migrator (with the check flags). Also the --local-only and --allow-data-loss flags.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "commands/first_write_observer.hpp"
#include "commands/migration_progress.hpp"
#include "context.hpp"
#include "roost/migrate/migration_repository.hpp"
#include "roost/migrate/migrator.hpp"

namespace roost::cli {

// What a command that runs migration files is told about the checks before the run.
struct CheckFlags {
  bool localOnly = false;      // --local-only: D1's size and _cf_ limits become warnings
  bool allowDataLoss = false;  // --allow-data-loss: no data-loss refusal and no run-time guard
};

// --local-only on a command that runs (or checks) migration files.
void addLocalOnlyFlag(CLI::App* cmd, bool& localOnly);
// --local-only and --allow-data-loss.
void addCheckFlags(CLI::App* cmd, CheckFlags& flags);
// --local-only with --remote is a usage error: D1 refuses what it accepts.
void requireLocalForLocalOnly(const Context& ctx, bool localOnly);

class MigrationSession {
 public:
  // Checks the target and the folder before it opens (or creates) the database.
  // ROOST_TEST_SKIP_STATIC_DATA_LOSS_CHECK=1 (tests only) keeps the run-time data-loss guard but
  // skips the refusal before the run, so tests can see the guard roll a migration back.
  MigrationSession(Context& ctx, Access access, const CheckFlags& checks);

  migrate::Migrator& migrator() noexcept { return migrator_; }
  const MigrationProgress& progress() const noexcept { return progress_; }

  // Runs `beforeFirst` once, just before the first write (see first_write_observer.hpp).
  void beforeFirstMigration(std::function<void()> beforeFirst);

  // --json: the report on stdout. Otherwise the summary line on stderr (or `nothing`).
  void finish(const migrate::MigrationReport& report, std::string_view done, std::string_view nothing);

 private:
  Context& ctx_;
  std::string glob_;  // migrations_pattern relative to the folder
  std::unique_ptr<Connection> conn_;
  migrate::MigrationRepository repo_;
  MigrationProgress progress_;
  migrate::Migrator migrator_;
  std::optional<FirstWriteObserver> firstWrite_;
};

}  // namespace roost::cli
