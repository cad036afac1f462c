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

std::vector<MigrationScript> upScripts(const std::vector<MigrationFile>& files) {
  std::vector<MigrationScript> out;
  for (const MigrationFile& f : files) out.push_back({f.path, MigrationFiles::read(f.path)});
  return out;
}

// The down files of `newestFirst`, skipping migrations whose file or down file is missing.
void appendDownScripts(const MigrationFiles& files, const std::vector<MigrationRecord>& newestFirst,
                       std::vector<MigrationScript>& out) {
  for (const MigrationRecord& r : newestFirst)
    if (const MigrationFile* f = files.find(r.name); f && f->hasDown)
      out.push_back({f->downPath, MigrationFiles::read(f->downPath)});
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

DataLossAnalysis Migrator::dataLossOf(const std::vector<MigrationScript>& scripts, bool fromEmpty) {
  DataLossAnalysis out = fromEmpty ? analyseDataLossFromEmpty(scripts) : analyseDataLoss(repo_->connection(), scripts);
  if (dataLoss_ == DataLossCheck::GuardOnly)  // tests of the run-time guard: no refusal, the guard stays
    std::erase_if(out.findings, [](const Finding& f) { return f.severity == Severity::Refusal; });
  return out;
}

DataLossAnalysis Migrator::preRun(const std::vector<MigrationScript>& scripts, const PreRunOptions& options) {
  DataLossAnalysis out;
  out.findings = checkD1Rules(scripts, checkOptions_);
  out.guards.resize(scripts.size());
  // A D1 refusal stops the run anyway: no reading of the schema (a request on --remote).
  if (hasRefusals(out.findings) || options.allowDataLoss || dataLoss_ == DataLossCheck::Off || scripts.empty())
    return out;
  DataLossAnalysis dataLoss = dataLossOf(scripts, options.fromEmpty);
  for (Finding& f : dataLoss.findings) out.findings.push_back(std::move(f));
  out.guards = std::move(dataLoss.guards);
  return out;
}

std::vector<std::vector<GuardedCount>> Migrator::refuseOrWarn(const std::vector<MigrationScript>& scripts,
                                                              std::string_view doing, const PreRunOptions& options) {
  DataLossAnalysis checked = preRun(scripts, options);
  std::vector<Finding>& findings = checked.findings;
  if (!hasRefusals(findings)) {
    if (options.warn)
      for (const Finding& f : findings) observer().warning(f);
    return std::move(checked.guards);
  }
  std::string list;
  bool transactionControl = false;
  bool onlyDataLoss = true;
  std::size_t refusals = 0;
  const Finding* firstRefusal = nullptr;
  for (const Finding& f : findings) {
    if (f.severity != Severity::Refusal) continue;
    ++refusals;
    if (!firstRefusal) firstRefusal = &f;
    transactionControl = transactionControl || f.rule == "transaction-control";
    onlyDataLoss = onlyDataLoss && f.rule == "cascade-rebuild";
    list += "\n  " + describeFinding(f);
  }
  const std::string count = std::to_string(refusals) + (refusals == 1 ? " statement" : " statements");
  std::string message = "refusing to " + std::string(doing) + ": " + count +
                        (onlyDataLoss ? " in the migration files would delete rows of other tables through their "
                                        "foreign keys (D1 keeps foreign keys on):"
                                      : " in the migration files would fail or do harm on D1:") +
                        list + "\nNothing was run or recorded.";
  if (transactionControl) throw TransactionControlError(std::move(findings), std::move(message));
  if (onlyDataLoss) {
    std::string file = firstRefusal->file.filename().string();
    throw DataLossError(std::move(file), std::move(findings), std::move(message));
  }
  throw MigrationCheckError(std::move(findings), std::move(message));
}

std::vector<Finding> Migrator::check(MigrationCommand command) {
  // Every producer, even after a refusal (a run stops at the first producer that refuses).
  const auto everyFinding = [&](const std::vector<MigrationScript>& scripts, const std::vector<MigrationScript>& dataLossScripts,
                                bool fromEmpty) {
    std::vector<Finding> findings = checkD1Rules(scripts, checkOptions_);
    if (dataLoss_ != DataLossCheck::Off && !dataLossScripts.empty())
      for (Finding& f : dataLossOf(dataLossScripts, fromEmpty).findings) findings.push_back(std::move(f));
    return findings;
  };
  if (command == MigrationCommand::EveryFile) {
    // D1's rules on every file; data loss along the one order they all run in: every up file
    // from an empty database.
    // Each file read once: the up files, with each one's down file after it.
    const std::vector<MigrationScript> ups = upScripts(files_.all());
    std::vector<MigrationScript> scripts;
    for (std::size_t i = 0; i < ups.size(); ++i) {
      scripts.push_back(ups[i]);
      if (const MigrationFile& f = files_.all()[i]; f.hasDown) scripts.push_back({f.downPath, MigrationFiles::read(f.downPath)});
    }
    return everyFinding(scripts, ups, true);
  }
  if (command == MigrationCommand::Fresh) {
    const std::vector<MigrationScript> ups = upScripts(files_.all());
    return everyFinding(ups, ups, true);
  }
  std::vector<MigrationScript> scripts;
  std::vector<MigrationRecord> ran = repo_->getRan();
  switch (command) {
    case MigrationCommand::Migrate: {
      std::set<std::string, std::less<>> ranNames;
      for (const MigrationRecord& r : ran) ranNames.insert(r.name);
      for (const MigrationFile& f : files_.all())
        if (!ranNames.count(f.name)) scripts.push_back({f.path, MigrationFiles::read(f.path)});
      break;
    }
    case MigrationCommand::Rollback: appendDownScripts(files_, lastBatchOf(std::move(ran)), scripts); break;
    case MigrationCommand::Reset:
    case MigrationCommand::Refresh:
      std::reverse(ran.begin(), ran.end());
      appendDownScripts(files_, ran, scripts);
      if (command == MigrationCommand::Refresh)
        for (MigrationScript& s : upScripts(files_.all())) scripts.push_back(std::move(s));
      break;
    case MigrationCommand::Fresh:
    case MigrationCommand::EveryFile: break;  // above
  }
  return everyFinding(scripts, scripts, false);
}

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
  std::vector<MigrationScript> scripts;
  for (const Prepared& p : todo) scripts.push_back({p.file->path, p.sql});
  const auto guards = refuseOrWarn(scripts, "migrate", {.allowDataLoss = options.allowDataLoss});

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
  std::vector<MigrationScript> scripts;
  for (const Prepared& p : todo) scripts.push_back({p.file->downPath, p.sql});
  const auto guards = refuseOrWarn(scripts, "roll back", {.allowDataLoss = allowDataLoss});
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
  // (reset and run warn about their own files as they start).
  std::vector<MigrationRecord> ran = repo_->getRan();
  requireFilesOfApplied(ran);
  std::reverse(ran.begin(), ran.end());
  std::vector<MigrationScript> scripts;
  appendDownScripts(files_, ran, scripts);
  for (MigrationScript& s : upScripts(files_.all())) scripts.push_back(std::move(s));
  refuseOrWarn(scripts, "refresh", {.warn = false});  // the whole sequence, before the first down file runs
  MigrationReport down = reset();
  MigrationReport up = run();
  down.migrations.insert(down.migrations.end(), std::make_move_iterator(up.migrations.begin()),
                         std::make_move_iterator(up.migrations.end()));
  down.elapsed = Clock::now() - started;
  return down;
}

MigrationReport Migrator::fresh() {
  const auto started = Clock::now();
  // Before anything is dropped; run() warns about its own files once they run.
  refuseOrWarn(upScripts(files_.all()), "migrate:fresh", {.fromEmpty = true, .warn = false});
  observer().droppingAll();
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
