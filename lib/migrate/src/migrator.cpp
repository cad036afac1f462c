#include "roost/migrate/migrator.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "ambiguous_outcome.hpp"
#include "roost/migrate/errors.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/sql_text.hpp"

namespace roost::migrate {

namespace {

using Clock = std::chrono::steady_clock;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

struct Prepared {
  const MigrationFile* file;
  std::string sql;
  std::optional<std::int64_t> batch;
};

using Script = MigrationScript;

std::string oneLine(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 60)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return text.size() > 60 ? out + " ..." : out;
}

// Refuses, before anything runs, scripts that would end or undo the transaction (SQLite) or
// batch (D1) a migration runs in: a COMMIT half-way keeps half the migration with its tracking
// row, a ROLLBACK drops the tracking row but lets the rest commit on its own.
void refuseTransactionControl(const std::vector<Script>& scripts, std::string_view doing) {
  std::vector<std::string> locations;
  std::string list;
  for (const Script& s : scripts) {
    for (const SqlStatement& st : transactionControlIn(s.sql)) {
      locations.push_back(s.path.string() + ":" + std::to_string(st.line));
      list += "\n  " + locations.back() + ": " + oneLine(st.text);
    }
  }
  if (locations.empty()) return;
  throw TransactionControlError(
      locations,
      "refusing to " + std::string(doing) + ": transaction control in migration files:" + list +
          "\nroost runs each migration and its tracking row in a transaction of its own (on D1, in one batch, and "
          "D1 refuses these statements anyway), so a BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE inside a "
          "migration would leave it half applied, or applied but not recorded. Remove these statements: each "
          "migration is already all-or-nothing. Nothing was run or recorded.");
}

// The statements that run with a migration: its tracking rows, then the guard's counts.
std::vector<Statement> withGuard(std::vector<Statement> bookkeeping, std::span<const GuardedCount> guard) {
  for (Statement& s : guardBefore(guard)) bookkeeping.push_back(std::move(s));
  return bookkeeping;
}

// The guard's CHECK failed: the migration would have lost rows, and everything was rolled back.
[[noreturn]] void throwGuardTripped(Connection& c, const std::string& file, std::string_view sql,
                                    std::span<const GuardedCount> guard, const QueryError& e) {
  std::string counts;
  for (const std::string& line : describeGuardedCounts(c, guard, sql)) counts += "\n  " + line;
  throw DataLossError(file, {},
                      "migration " + file + " would have deleted rows (or set references to NULL) through foreign "
                      "keys' ON DELETE actions; the database's guard refused it (" + e.databaseMessage() +
                      ") and it was rolled back: nothing of " + file + " was applied or recorded. Counts:" + counts +
                      "\nKeep the rows across the rebuild (roost migrate:check shows how), or run with "
                      "--allow-data-loss if deleting them is intended.");
}

std::vector<Script> upScripts(const std::vector<MigrationFile>& files) {
  std::vector<Script> out;
  for (const MigrationFile& f : files) out.push_back({f.path, MigrationFiles::read(f.path)});
  return out;
}

}  // namespace

const char* stateName(MigrationState s) noexcept {
  switch (s) {
    case MigrationState::Applied: return "applied";
    case MigrationState::Pending: return "pending";
    case MigrationState::Missing: return "missing";
  }
  return "?";
}

Migrator::Migrator(MigrationRepository& repository, MigrationFiles files)
    : repo_(&repository), files_(std::move(files)) {}

std::vector<const MigrationFile*> Migrator::pending() {
  std::set<std::string, std::less<>> ran;
  for (auto& r : repo_->getRan()) ran.insert(std::move(r.name));
  std::vector<const MigrationFile*> out;
  for (const MigrationFile& f : files_.all())
    if (!ran.count(f.name)) out.push_back(&f);
  return out;
}

std::vector<StatusEntry> Migrator::status() {
  std::vector<StatusEntry> out;
  std::set<std::string, std::less<>> seen;
  for (const MigrationRecord& r : repo_->getRan()) {
    if (!seen.insert(r.name).second) continue;
    StatusEntry e;
    e.name = r.name;
    e.batch = r.batch;
    e.appliedAt = r.appliedAt;
    const MigrationFile* f = files_.find(r.name);
    e.state = f ? MigrationState::Applied : MigrationState::Missing;
    e.hasDown = f && f->hasDown;
    out.push_back(std::move(e));
  }
  for (const MigrationFile& f : files_.all()) {
    if (seen.count(f.name)) continue;
    StatusEntry e;
    e.name = f.name;
    e.state = MigrationState::Pending;
    e.hasDown = f.hasDown;
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StatusEntry& a, const StatusEntry& b) { return MigrationFiles::before(a.name, b.name); });
  return out;
}

void Migrator::requireFilesOfApplied(const std::vector<MigrationRecord>& ran) const {
  std::vector<std::string> missing;
  for (const MigrationRecord& r : ran)
    if (!files_.find(r.name)) missing.push_back(r.name);
  if (missing.empty()) return;

  // A pending file with the same numeric prefix is most likely the renamed one.
  std::string hint;
  for (const std::string& name : missing) {
    std::string_view prefix = MigrationFiles::numericPrefix(name);
    if (prefix.empty()) continue;
    for (const MigrationFile& f : files_.all()) {
      if (MigrationFiles::numericPrefix(f.name) != prefix) continue;
      bool applied = false;
      for (const MigrationRecord& r : ran) applied = applied || r.name == f.name;
      if (!applied) hint += "; " + name + " looks renamed to " + f.name;
    }
  }
  const bool one = missing.size() == 1;
  throw MissingMigrationFileError(
      missing, joined(missing) + (one ? " is" : " are") + " recorded as applied in " + repo_->table() +
                   " but " + (one ? "its file is" : "their files are") + " missing from " + files_.dir().string() +
                   " (renamed or deleted)" + hint +
                   ". Nothing was changed: restore the file under its recorded name, or, if the change is "
                   "deliberate, delete its row from " + repo_->table() + ".");
}

MigrationReport Migrator::run(const MigrateOptions& options) {
  const auto started = Clock::now();
  MigrationReport report;
  report.pretend = options.pretend;
  std::vector<MigrationRecord> ran = repo_->getRan();
  requireFilesOfApplied(ran);

  std::set<std::string, std::less<>> ranNames;
  for (auto& r : ran) ranNames.insert(std::move(r.name));
  std::vector<Prepared> todo;
  for (const MigrationFile& f : files_.all())
    if (!ranNames.count(f.name)) todo.push_back({&f, MigrationFiles::read(f.path), std::nullopt});
  std::vector<Script> scripts;
  for (const Prepared& p : todo) scripts.push_back({p.file->path, p.sql});
  refuseTransactionControl(scripts, "migrate");
  const auto guards = checkDataLoss(scripts, "migrate", options.allowDataLoss);

  if (options.pretend) {
    for (const Prepared& p : todo) {
      observer().pretending(*p.file, Direction::Up, p.sql);
      report.migrations.push_back({p.file->name, Direction::Up, std::nullopt, {}});
    }
    report.elapsed = Clock::now() - started;
    return report;
  }

  // As `wrangler d1 migrations apply` does, even with nothing to apply (but not without a
  // migrations folder, which wrangler refuses before it creates anything).
  if (todo.empty() && !files_.dirExists()) return report;
  repo_->ensureExists();
  if (todo.empty()) return report;
  // The next batch: from what was read above (creating or upgrading the table changes no batch).
  std::int64_t batch = lastBatchNumberOf(ran) + 1;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Prepared& p = todo[i];
    observer().starting(*p.file, Direction::Up);
    const auto t0 = Clock::now();
    const std::vector<Statement> tracking = repo_->logStatements(p.file->name, batch);
    try {
      repo_->connection().applyAtomically(p.sql, withGuard(tracking, guards[i]), guardAfter(guards[i]));
    } catch (const QueryError& e) {
      observer().failed(*p.file, Direction::Up, Clock::now() - t0);
      if (!guards[i].empty() && isDataLossGuardFailure(e.databaseMessage()))
        throwGuardTripped(repo_->connection(), p.file->name, p.sql, guards[i], e);
      if (e.sql() == tracking.front().sql)
        throw MigrationError(p.file->name, e.sql(),
                             e.databaseMessage() + " (another roost or wrangler run recorded it meanwhile; "
                                                   "none of its SQL ran here)");
      throw MigrationError(p.file->name, e.sql(), e.databaseMessage());
    } catch (const RemoteError& e) {
      observer().failed(*p.file, Direction::Up, Clock::now() - t0);
      if (e.mayHaveBeenApplied()) detail::throwAmbiguousOutcome(*repo_, p.file->name, p.file->name, true, e);
      throw;
    } catch (...) {
      observer().failed(*p.file, Direction::Up, Clock::now() - t0);
      throw;
    }
    const auto took = Clock::now() - t0;
    observer().finished(*p.file, Direction::Up, took);
    report.migrations.push_back({p.file->name, Direction::Up, batch, took});
    if (options.step) ++batch;
  }
  report.elapsed = Clock::now() - started;
  return report;
}

MigrationReport Migrator::undo(const std::vector<MigrationRecord>& newestFirst, bool pretend, bool allowDataLoss) {
  const auto started = Clock::now();
  MigrationReport report;
  report.pretend = pretend;

  std::vector<std::string> noDown;
  for (const MigrationRecord& r : newestFirst)
    if (const MigrationFile* f = files_.find(r.name); f && !f->hasDown) noDown.push_back("down/" + r.name);
  if (!noDown.empty())
    throw MissingDownFileError(noDown, "cannot roll back: no down file " + joined(noDown) + " in " +
                                           files_.dir().string() +
                                           ". Nothing was rolled back; write the missing file(s) first.");

  std::vector<Prepared> todo;
  for (const MigrationRecord& r : newestFirst) {
    const MigrationFile* f = files_.find(r.name);
    todo.push_back({f, MigrationFiles::read(f->downPath), r.batch});
  }
  std::vector<Script> scripts;
  for (const Prepared& p : todo) scripts.push_back({p.file->downPath, p.sql});
  refuseTransactionControl(scripts, "roll back");
  const auto guards = checkDataLoss(scripts, "roll back", allowDataLoss);
  if (!pretend && !todo.empty()) repo_->ensureExists();  // upgrades roost 0.1's batch column first

  for (std::size_t i = 0; i < todo.size(); ++i) {
    const Prepared& p = todo[i];
    if (pretend) {
      observer().pretending(*p.file, Direction::Down, p.sql);
      report.migrations.push_back({p.file->name, Direction::Down, p.batch, {}});
      continue;
    }
    observer().starting(*p.file, Direction::Down);
    const auto t0 = Clock::now();
    try {
      repo_->connection().applyAtomically(p.sql, withGuard(repo_->deleteStatements(p.file->name), guards[i]),
                                          guardAfter(guards[i]));
    } catch (const QueryError& e) {
      observer().failed(*p.file, Direction::Down, Clock::now() - t0);
      if (!guards[i].empty() && isDataLossGuardFailure(e.databaseMessage()))
        throwGuardTripped(repo_->connection(), "down/" + p.file->name, p.sql, guards[i], e);
      throw MigrationError("down/" + p.file->name, e.sql(), e.databaseMessage());
    } catch (const RemoteError& e) {
      observer().failed(*p.file, Direction::Down, Clock::now() - t0);
      if (e.mayHaveBeenApplied()) detail::throwAmbiguousOutcome(*repo_, "down/" + p.file->name, p.file->name, false, e);
      throw;
    } catch (...) {
      observer().failed(*p.file, Direction::Down, Clock::now() - t0);
      throw;
    }
    const auto took = Clock::now() - t0;
    observer().finished(*p.file, Direction::Down, took);
    report.migrations.push_back({p.file->name, Direction::Down, p.batch, took});
  }
  report.elapsed = Clock::now() - started;
  return report;
}

std::vector<std::vector<GuardedCount>> Migrator::checkDataLoss(std::span<const MigrationScript> scripts,
                                                               std::string_view doing, bool allowDataLoss,
                                                               bool fromEmpty) {
  if (allowDataLoss || dataLoss_ == DataLossCheck::Off || scripts.empty())
    return std::vector<std::vector<GuardedCount>>(scripts.size());
  DataLossAnalysis analysis =
      fromEmpty ? analyseDataLossFromEmpty(scripts) : analyseDataLoss(repo_->connection(), scripts);
  std::vector<Finding> refusals;
  for (Finding& f : analysis.findings) {
    if (f.severity == Severity::Warning) observer().warned(f);
    else refusals.push_back(std::move(f));
  }
  if (refusals.empty() || dataLoss_ == DataLossCheck::GuardOnly) return std::move(analysis.guards);
  std::string list;
  for (const Finding& f : refusals)
    list += "\n" + f.file.string() + ":" + std::to_string(f.line) + ": " + f.message + "\n" + f.fix + "\n";
  throw DataLossError(refusals.front().file.filename().string(), refusals,
                      "refusing to " + std::string(doing) + ": it would delete rows through foreign keys on D1:" +
                          list + "Nothing was run or recorded.");
}

MigrationReport Migrator::rollback(const RollbackOptions& options) {
  std::vector<MigrationRecord> ran = repo_->getRan();
  requireFilesOfApplied(ran);
  return undo(options.steps > 0 ? lastStepsOf(std::move(ran), options.steps) : lastBatchOf(std::move(ran)),
              options.pretend, options.allowDataLoss);
}

MigrationReport Migrator::reset(bool pretend) {
  std::vector<MigrationRecord> ran = repo_->getRan();
  requireFilesOfApplied(ran);
  std::reverse(ran.begin(), ran.end());
  return undo(ran, pretend);
}

MigrationReport Migrator::refresh() {
  const auto started = Clock::now();
  // Every down file it undoes and every up file it then runs, before the first one runs.
  std::vector<Script> scripts;
  std::vector<MigrationRecord> ran = repo_->getRan();
  requireFilesOfApplied(ran);
  for (auto it = ran.rbegin(); it != ran.rend(); ++it)
    if (const MigrationFile* f = files_.find(it->name); f && f->hasDown)
      scripts.push_back({f->downPath, MigrationFiles::read(f->downPath)});
  for (Script& s : upScripts(files_.all())) scripts.push_back(std::move(s));
  refuseTransactionControl(scripts, "refresh");
  checkDataLoss(scripts, "refresh", false);  // the whole sequence, before the first down file runs
  MigrationReport down = reset();
  MigrationReport up = run();
  down.migrations.insert(down.migrations.end(), std::make_move_iterator(up.migrations.begin()),
                         std::make_move_iterator(up.migrations.end()));
  down.elapsed = Clock::now() - started;
  return down;
}

MigrationReport Migrator::fresh() {
  const auto started = Clock::now();
  const std::vector<Script> ups = upScripts(files_.all());
  refuseTransactionControl(ups, "migrate:fresh");  // before anything is dropped
  checkDataLoss(ups, "migrate:fresh", false, true);
  std::vector<std::string> dropped;
  for (const DroppedObject& o : dropAllTables(repo_->connection())) {
    observer().dropped(o.type, o.name);
    dropped.push_back(o.name);
  }
  MigrationReport report = run();
  report.dropped = std::move(dropped);
  report.elapsed = Clock::now() - started;
  return report;
}

}  // namespace roost::migrate
