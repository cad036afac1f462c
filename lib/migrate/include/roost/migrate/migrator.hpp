#pragma once
// Migrator: decides which migrations to run or undo, in which order and batch, and hands
// each one to the connection's applyAtomically (Laravel's Migrator). It prints nothing: progress goes to
// a MigratorObserver, results come back as a MigrationReport.
//
// Guarantees: every migration and its tracking row are atomic (Connection::applyAtomically:
// one transaction on SQLite, one batch on D1); a failure
// stops the run with roost::MigrationError naming the file, the statement and the
// database's message, earlier migrations stay applied. Problems that can be seen in advance
// — an applied migration whose file is gone, a missing down file, an unreadable file — are
// errors before anything runs, and so are the checks of the files a command would run
// (preRun: D1's rules, migration_checks.hpp; rows lost through foreign keys, data_loss.hpp):
// a Refusal throws MigrationCheckError before anything runs or is recorded, a Warning goes to
// the observer. Not thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/migrate/data_loss.hpp"
#include "roost/migrate/errors.hpp"
#include "roost/migrate/migration_checks.hpp"
#include "roost/migrate/migration_files.hpp"
#include "roost/migrate/migration_repository.hpp"

namespace roost::migrate {

enum class Direction { Up, Down };

class MigratorObserver {
 public:
  virtual ~MigratorObserver() = default;
  virtual void starting(const MigrationFile&, Direction) {}
  virtual void finished(const MigrationFile&, Direction, std::chrono::nanoseconds) {}
  virtual void failed(const MigrationFile&, Direction, std::chrono::nanoseconds) {}
  // --pretend: the SQL that would run (nothing is written).
  virtual void pretending(const MigrationFile&, Direction, std::string_view /*sql*/) {}
  // migrate:fresh: the checks passed and every table and view is about to be dropped.
  virtual void droppingAll() {}
  // migrate:fresh: one dropped table or view.
  virtual void dropped(std::string_view /*type*/, std::string_view /*name*/) {}
  // A warning of the checks before a run (the run goes on); refusals are thrown instead.
  virtual void warning(const Finding&) {}
};

// What Migrator::check looks at: the files that command would run.
enum class MigrationCommand {
  Migrate,    // pending up files
  Rollback,   // down files of the last batch
  Reset,      // down files of every applied migration
  Refresh,    // Reset's down files, then every up file
  Fresh,      // every up file (reads no database)
  EveryFile,  // every up and every down file, applied or not (reads no database; data loss: the up files from empty)
};

struct MigrateOptions {
  bool step = false;     // one batch per migration (so rollback undoes them one by one)
  bool pretend = false;  // report the SQL, run and record nothing
  bool allowDataLoss = false;  // neither refuse nor guard rows lost through foreign keys (data_loss.hpp)
};

struct RollbackOptions {
  std::size_t steps = 0;  // 0: the last batch; N: the last N migrations
  bool pretend = false;
  bool allowDataLoss = false;
};

// What the Migrator does about rows lost through foreign keys (data_loss.hpp).
enum class DataLossCheck {
  RefuseAndGuard,  // the default: refuse before anything runs, and guard every run
  GuardOnly,       // TESTS ONLY: skip the refusal so the run-time guard can be seen working
  Off,             // --allow-data-loss: neither
};

struct MigrationOutcome {
  std::string name;
  Direction direction = Direction::Up;
  std::optional<std::int64_t> batch;   // up: the batch it joined; down: the batch it left
  std::chrono::nanoseconds duration{};
};

struct MigrationReport {
  std::vector<MigrationOutcome> migrations;
  std::vector<std::string> dropped;    // migrate:fresh: tables and views dropped
  std::chrono::nanoseconds elapsed{};
  bool pretend = false;
};

enum class MigrationState { Applied, Pending, Missing };  // Missing: applied, but its file is gone
const char* stateName(MigrationState s) noexcept;

struct StatusEntry {
  std::string name;
  MigrationState state = MigrationState::Pending;
  std::optional<std::int64_t> batch;   // Applied/Missing; nullopt when wrangler applied it
  std::string appliedAt;               // Applied/Missing
  bool hasDown = false;
};

class Migrator {
 public:
  Migrator(MigrationRepository& repository, MigrationFiles files);

  void setObserver(MigratorObserver* observer) noexcept { observer_ = observer; }
  // For every command; MigrateOptions/RollbackOptions::allowDataLoss turn it Off for one call.
  void setDataLossCheck(DataLossCheck check) noexcept { dataLoss_ = check; }
  const MigrationFiles& files() const noexcept { return files_; }

  // Files not yet applied, in order. Does not check for missing files.
  std::vector<const MigrationFile*> pending();
  // Every file and every applied migration, in wrangler's order.
  std::vector<StatusEntry> status();

  // --local-only and the other options of the checks before every run.
  void setCheckOptions(const CheckOptions& options) noexcept { checkOptions_ = options; }
  const CheckOptions& checkOptions() const noexcept { return checkOptions_; }
  // The findings of the checks for the files `command` would run, in run order; runs nothing.
  // Applied migrations whose file or down file is missing are skipped (running refuses them).
  std::vector<Finding> check(MigrationCommand command);

  // Applies everything pending as one new batch (--step: one batch each).
  MigrationReport run(const MigrateOptions& options = {});
  // Undoes the last batch (or the last N migrations), newest first.
  MigrationReport rollback(const RollbackOptions& options = {});
  // Undoes every applied migration, newest first.
  MigrationReport reset(bool pretend = false);
  // reset, then run.
  MigrationReport refresh();
  // roost::dropAllTables (roost/orm/schema.hpp), then runs everything.
  MigrationReport fresh();

 private:
  void requireFilesOfApplied(const std::vector<MigrationRecord>& ran) const;
  MigrationReport undo(const std::vector<MigrationRecord>& newestFirst, bool pretend, bool allowDataLoss = false);
  struct PreRunOptions {
    bool allowDataLoss = false;  // this call only: no data-loss analysis, no guard
    bool fromEmpty = false;      // the scripts run on an empty database (migrate:fresh)
    bool warn = true;            // hand warnings to the observer (off where a later step warns)
  };
  // The one step every command's files go through before anything runs: the findings of
  // every producer in run order — D1's rules (migration_checks.hpp), then, unless one of
  // those already refuses or data loss is allowed, the data-loss analysis (data_loss.hpp) —
  // and each script's run-time guard.
  DataLossAnalysis preRun(const std::vector<MigrationScript>& scripts, const PreRunOptions& options);
  // The data-loss analysis of `scripts` (GuardOnly: without its refusals).
  DataLossAnalysis dataLossOf(const std::vector<MigrationScript>& scripts, bool fromEmpty);
  // preRun, then: any Refusal throws (TransactionControlError when one is transaction control,
  // DataLossError when every one is data loss, else MigrationCheckError) before anything ran;
  // otherwise the warnings go to the observer and each script's guard is returned.
  std::vector<std::vector<GuardedCount>> refuseOrWarn(const std::vector<MigrationScript>& scripts,
                                                      std::string_view doing, const PreRunOptions& options);

  MigrationRepository* repo_;
  MigrationFiles files_;
  CheckOptions checkOptions_;
  MigratorObserver* observer_ = nullptr;
  MigratorObserver silent_;
  DataLossCheck dataLoss_ = DataLossCheck::RefuseAndGuard;
  MigratorObserver& observer() noexcept { return observer_ ? *observer_ : silent_; }
};

}  // namespace roost::migrate
