#include "roost/migrate/migration_runner.hpp"

#include "roost/orm/error.hpp"

namespace roost::migrate {

void TransactionMigrationRunner::apply(std::string_view script, std::span<const Statement> tracking) {
  if (!conn_->supportsTransactions())
    throw UsageError("TransactionMigrationRunner needs a connection with transactions (" +
                     std::string(conn_->backendName()) + " has none)");
  Transaction tx(*conn_);
  for (const Statement& s : tracking) conn_->execute(s);
  conn_->executeScript(script);
  // The Migrator refuses transaction control up front; this catches any that got past it.
  // SqliteConnection already refuses a COMMIT from inside (rolling everything back); a
  // ROLLBACK near the end leaves nothing to refuse, so look before committing.
  if (!conn_->transactionIntact())
    throw QueryError("", "a statement in it ended the transaction roost runs each migration in (a COMMIT, END or "
                         "ROLLBACK); nothing of it was committed or recorded. Remove that statement.");
  tx.commit();
}

}  // namespace roost::migrate
