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
// errors before anything runs. Not thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/migrate/data_loss.hpp"
#include "roost/migrate/errors.hpp"
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
  // migrate:fresh: one dropped table or view.
  virtual void dropped(std::string_view /*type*/, std::string_view /*name*/) {}
  // A Warning of the checks before a run (data_loss.hpp): printed, the run goes on.
  virtual void warned(const Finding&) {}
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
  // The data-loss analysis of the scripts about to run: warnings to the observer, refusals
  // thrown (DataLossError); returns each script's guard (empty ones when the check is Off).
  std::vector<std::vector<GuardedCount>> checkDataLoss(std::span<const MigrationScript> scripts, std::string_view doing,
                                                       bool allowDataLoss, bool fromEmpty = false);

  MigrationRepository* repo_;
  MigrationFiles files_;
  MigratorObserver* observer_ = nullptr;
  MigratorObserver silent_;
  DataLossCheck dataLoss_ = DataLossCheck::RefuseAndGuard;
  MigratorObserver& observer() noexcept { return observer_ ? *observer_ : silent_; }
};

}  // namespace roost::migrate
