#pragma once
// MigrationRepository: the tracking table, the one place that knows its SQL (Laravel's
// MigrationRepositoryInterface). The schema is wrangler's —
//   (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
//    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)
// — plus a nullable `batch INTEGER` that roost adds (with ALTER TABLE when wrangler made the
// table). Rows wrangler writes have batch NULL and count as applied, so roost and wrangler
// can take turns on one database.
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

inline constexpr std::string_view kDefaultMigrationsTable = "d1_migrations";

struct MigrationRecord {
  std::int64_t id = 0;
  std::string name;
  std::string appliedAt;               // "YYYY-MM-DD HH:MM:SS" (UTC), SQLite's CURRENT_TIMESTAMP
  std::optional<std::int64_t> batch;   // nullopt: applied by wrangler
};

class MigrationRepository {
 public:
  // Throws roost::InvalidIdentifierError unless table is a plain SQL name.
  explicit MigrationRepository(Connection& connection, std::string table = std::string(kDefaultMigrationsTable));

  const std::string& table() const noexcept { return table_; }
  Connection& connection() const noexcept { return *conn_; }

  bool exists();
  // Creates the table (wrangler's schema plus batch), or adds batch to a table wrangler made.
  // Throws QueryError for SQL the database refused, TrackingTableError for anything else.
  void ensureExists();

  // Every applied migration in the order it was applied (by id); empty if there is no table.
  std::vector<MigrationRecord> getRan();
  // The most recent batch, newest first: the trailing run of rows (by id) that share one
  // batch value. Consecutive wrangler rows (batch NULL) make one batch, so when wrangler
  // applied the newest migrations, a rollback undoes those first.
  std::vector<MigrationRecord> getLast();
  // The last `steps` applied migrations, newest first.
  std::vector<MigrationRecord> getLastSteps(std::size_t steps);
  // Highest batch number recorded (0 when none); wrangler's NULL rows do not count.
  std::int64_t lastBatchNumber();
  std::int64_t nextBatchNumber() { return lastBatchNumber() + 1; }

  // The statements that record or forget one migration, for a MigrationRunner to run
  // atomically with the migration itself.
  Statement logStatement(std::string_view name, std::int64_t batch) const;
  Statement deleteStatement(std::string_view name) const;
  void log(std::string_view name, std::int64_t batch);
  void remove(std::string_view name);

  // The table's name as it appears in SQL ("d1_migrations" double-quoted).
  const std::string& quotedTable() const noexcept { return quoted_; }

 private:
  bool hasBatchColumn();

  Connection* conn_;
  std::string table_, quoted_;
};

}  // namespace roost::migrate
