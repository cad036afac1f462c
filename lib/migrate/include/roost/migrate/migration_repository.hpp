#pragma once
// MigrationRepository: the tracking table, the one place that knows its SQL (Laravel's
// MigrationRepositoryInterface).
//
// The tracking table is wrangler's, kept exactly as wrangler makes it (the CREATE TABLE text
// of wrangler's getCreateMigrationsTableQuery, byte for byte):
//   (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
//    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)
// roost's batch numbers live in a table of roost's own, created when roost first records one:
//   roost_migration_batches (migrations_table TEXT NOT NULL, name TEXT NOT NULL,
//                            batch INTEGER NOT NULL, PRIMARY KEY (migrations_table, name))
// joined to the tracking table by (table name, migration name); migrations_table keeps two
// tracking tables in one database apart. A tracking row without a batch row was applied by
// wrangler: it counts as applied, with no batch. So roost and wrangler can take turns on one
// database and wrangler never sees anything of roost's in its table.
//
// A tracking table that still has the `batch` column roost 0.1 added is read as it is and
// upgraded, in one transaction (SQLite) or batch (D1), when roost next writes to it.
//
// Reading never creates or alters anything: status and --pretend work on a database that
// has no tracking table yet. Not thread-safe (it uses one Connection).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/schema.hpp"

namespace roost::migrate {

// Creating (or altering) the tracking table failed other than on its SQL (a D1 that did not
// answer, say): the message names the table, the cause and the statement.
class TrackingTableError : public Error {
 public:
  TrackingTableError(const std::string& table, std::string statement, const std::string& cause)
      : Error("cannot create the migrations table " + table + ": " + cause + "\n  statement: " + statement),
        statement_(std::move(statement)) {}
  const std::string& statement() const noexcept { return statement_; }

 private:
  std::string statement_;
};

using roost::kBatchesTable;
using roost::kDefaultMigrationsTable;

struct MigrationRecord {
  std::int64_t id = 0;
  std::string name;
  std::string appliedAt;               // "YYYY-MM-DD HH:MM:SS" (UTC), SQLite's CURRENT_TIMESTAMP
  std::optional<std::int64_t> batch;   // nullopt: applied by wrangler
};

// The rules of getLast, getLastSteps and lastBatchNumber over a list getRan() returned, so
// the Migrator reads the table once and decides with the same rules.
std::vector<MigrationRecord> lastBatchOf(std::vector<MigrationRecord> ran);
std::vector<MigrationRecord> lastStepsOf(std::vector<MigrationRecord> ran, std::size_t steps);
std::int64_t lastBatchNumberOf(const std::vector<MigrationRecord>& ran);

class MigrationRepository {
 public:
  // Any name wrangler accepts as migrations_table ("my-custom-table" too): it is quoted with
  // " doubled, as wrangler's escapeIdentifier does. Throws roost::InvalidIdentifierError only
  // for an empty name or one holding a NUL byte.
  explicit MigrationRepository(Connection& connection, std::string table = std::string(kDefaultMigrationsTable));

  const std::string& table() const noexcept { return table_; }
  Connection& connection() const noexcept { return *conn_; }

  bool exists();
  // Creates the tracking table with wrangler's own statement (a no-op when it exists), and
  // upgrades one that has roost 0.1's batch column (see upgradeBatchColumn).
  // Throws QueryError for SQL the database refused, TrackingTableError for anything else.
  void ensureExists();
  // Moves the batch numbers of roost 0.1's `batch` column into roost_migration_batches and
  // rebuilds the tracking table with wrangler's exact schema, keeping ids, applied_at and
  // the AUTOINCREMENT counter: all in one transaction (SQLite) or one batch (D1), so a
  // failure half-way loses nothing. Returns false when there was no such column.
  bool upgradeBatchColumn();

  // Every applied migration in the order it was applied (by id); empty if there is no table.
  std::vector<MigrationRecord> getRan();
  // The most recent batch, newest first: the trailing run of rows (by id) that share one
  // batch value. Consecutive wrangler rows (no batch) make one batch, so when wrangler
  // applied the newest migrations, a rollback undoes those first.
  std::vector<MigrationRecord> getLast() { return lastBatchOf(getRan()); }
  // The last `steps` applied migrations, newest first.
  std::vector<MigrationRecord> getLastSteps(std::size_t steps) { return lastStepsOf(getRan(), steps); }
  // Highest batch number recorded (0 when none); wrangler's rows do not count.
  std::int64_t lastBatchNumber() { return lastBatchNumberOf(getRan()); }
  std::int64_t nextBatchNumber() { return lastBatchNumber() + 1; }

  // The statements that record one migration, for Connection::applyAtomically to run with
  // the migration itself: the tracking row first (as wrangler writes it; the name is bound),
  // then roost_migration_batches (created if missing) and the batch row.
  std::vector<Statement> logStatements(std::string_view name, std::int64_t batch) const;
  // The statements that forget one: its tracking row and its batch row (the latter only
  // when roost_migration_batches exists; reading that costs one query).
  std::vector<Statement> deleteStatements(std::string_view name);
  void log(std::string_view name, std::int64_t batch);
  void remove(std::string_view name);

  // wrangler's CREATE TABLE for a tracking table, byte for byte.
  static std::string createTableSql(std::string_view table);

 private:
  struct State {
    bool tracking = false;     // the tracking table exists
    bool batches = false;      // roost_migration_batches exists
    bool batchColumn = false;  // the tracking table has roost 0.1's batch column
  };
  State state();

  Connection* conn_;
  std::string table_, quoted_;
};

}  // namespace roost::migrate
