#pragma once
// SeedRunner: runs a declarative seeder (seed_files.hpp) on a connection, with the project's
// run-time models (project::ModelCatalog).
//
// plan() (seed_planner.cpp) resolves every name reachable from the seeder against the catalog — factories,
// models, columns, states, relations, nested seeders — before anything is written, so a typo
// is an error naming the file, line and column and listing the known names.
// run() (seed_producer.cpp) then makes the rows:
//   - attribute values from each table's fake-data stream (roost::factoryStream, restarted
//     from the seed by seedFactories): the same seed on the same database state makes the same
//     rows, keys included;
//   - keys are assigned by the seeder (one more than the table's largest key, or than
//     sqlite_sequence's), not read back: SQLite documents the order of RETURNING rows as
//     arbitrary, so keys cannot be matched to rows from a multi-row INSERT ... RETURNING;
//   - created_at/updated_at filled on models with timestamps; the tenant column under --tenant
//     (filled, or a factory's own value checked) by the ORM's write rules, as insertMany does;
//   - no model hooks run (rows go through BulkWriter's multi-row INSERTs);
//   - on SQLite, one transaction around the whole run: a failing or interrupted seed writes
//     nothing. On D1 (no transactions), statements go in atomic batches of up to
//     BulkWriter::kBatchStatements; a failure keeps the batches sent before it.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "project/model_catalog.hpp"
#include "roost/orm/clock.hpp"
#include "roost/orm/connection.hpp"
#include "seed/bulk_writer.hpp"
#include "seed/seed_files.hpp"

namespace roost::seed {

struct Recipe;
struct SeederPlan;

// Where an interrupted D1 seed stands, so a later run can go on without duplicates: the same
// seed and time make the same rows, the first `skip` write requests (batches and SQL steps)
// are not sent again, and the reads the seeder made before (largest keys, existing rows) are
// answered as they were then, so keys and picks come out the same.
struct ResumePoint {
  std::uint64_t seed = 0;
  std::string now;                 // the run's created_at/updated_at, as written
  std::size_t skip = 0;            // write requests D1 confirmed (or that were checked to have landed)
  std::size_t ambiguous = 0;       // the request whose answer never came (1-based); 0: none
  std::optional<bool> landed;      // whether its rows are there, when that could be checked
  std::int64_t confirmedRows = 0;  // rows of the skipped requests
  std::vector<std::vector<Value>> reads;  // every read's answer (one column), in order
};

struct SeedOptions {
  std::uint64_t seed = 0;
  std::optional<TimePoint> now;  // created_at/updated_at (default: the time of the run)
  const ResumePoint* resume = nullptr;  // go on from an interrupted run (same seed and now)
};

struct SeedReport {
  std::string seeder;
  std::uint64_t seed = 0;
  std::int64_t rows = 0;
  std::vector<std::pair<std::string, std::int64_t>> rowsByTable;  // in the order first written
  std::size_t sqlScripts = 0;
  WriteStats writes;
  bool transactional = false;  // one transaction (SQLite) rather than batches (D1)
  double milliseconds = 0;
};

// What a run reports as it goes (all optional).
class SeedObserver {
 public:
  virtual ~SeedObserver() = default;
  virtual void seederStarting(const std::string& /*name*/, int /*depth*/) {}
  // rows: what the factories made (-1 for a .sql seeder, whose rows are not counted).
  virtual void seederFinished(const std::string& /*name*/, int /*depth*/, std::int64_t /*rows*/, double /*ms*/) {}
  // After every statement's rows: how many rows so far, of how many planned.
  virtual void progress(std::int64_t /*done*/, std::int64_t /*total*/) {}
};

class SeedRunner {
 public:
  SeedRunner(Connection& connection, project::ModelCatalog& catalog, const SeedFiles& files);
  ~SeedRunner();
  SeedRunner(const SeedRunner&) = delete;
  SeedRunner& operator=(const SeedRunner&) = delete;

  // Resolves the seeder and everything it reaches. Throws UsageError for an unknown seeder
  // (listing the known ones) and ConfigError (file:line:col) for anything wrong in the files.
  void plan(const std::string& seederClass);
  // Rows the planned run will insert (for a progress bar).
  std::int64_t plannedRows() const noexcept { return plannedRows_; }
  // Runs the planned seeder. Call plan() first. On D1, a write whose answer never came throws
  // AmbiguousWriteError (bulk_writer.hpp); resumePoint() then says how to go on.
  SeedReport run(const SeedOptions& options, SeedObserver* observer = nullptr);
  const std::optional<ResumePoint>& resumePoint() const noexcept { return resume_; }

 private:
  friend struct Planner;
  friend struct Producer;
  Connection& conn_;
  project::ModelCatalog& catalog_;
  const SeedFiles& files_;
  std::map<std::string, std::unique_ptr<SeederPlan>> plans_;
  const SeederPlan* root_ = nullptr;
  std::int64_t plannedRows_ = 0;
  std::optional<ResumePoint> resume_;
};

}  // namespace roost::seed
