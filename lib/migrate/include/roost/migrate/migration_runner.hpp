#pragma once
// MigrationRunner: how one migration and its tracking-table change reach the database as
// one atomic unit. The Migrator decides what to run; a runner only knows how to make it
// all-or-nothing on its backend. On SQLite that is one transaction; on D1, which has no
// BEGIN, a runner sends the script's statements and the tracking statement as one batch.
#include <span>
#include <string_view>

#include "roost/orm/connection.hpp"

namespace roost::migrate {

class MigrationRunner {
 public:
  virtual ~MigrationRunner() = default;
  // Runs the tracking statements, then the migration's script: all of it or none of it.
  // Tracking first means a concurrent run that already recorded the migration trips on the
  // UNIQUE name before any of the script runs.
  // Throws roost::QueryError whose sql() is the statement that failed.
  virtual void apply(std::string_view script, std::span<const Statement> tracking) = 0;
};

// For connections with transactions (SQLite): BEGIN IMMEDIATE, the tracking statements, the
// script, COMMIT. A process killed half-way leaves the database as it was before. A script
// that ends the transaction itself (COMMIT, END, ROLLBACK) fails and leaves nothing behind.
class TransactionMigrationRunner final : public MigrationRunner {
 public:
  explicit TransactionMigrationRunner(Connection& connection) : conn_(&connection) {}
  void apply(std::string_view script, std::span<const Statement> tracking) override;

 private:
  Connection* conn_;
};

}  // namespace roost::migrate
