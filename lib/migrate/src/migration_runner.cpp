#include "roost/migrate/migration_runner.hpp"

#include "roost/orm/error.hpp"

namespace roost::migrate {

void TransactionMigrationRunner::apply(std::string_view script, const Statement& tracking) {
  if (!conn_->supportsTransactions())
    throw UsageError("TransactionMigrationRunner needs a connection with transactions (" +
                     std::string(conn_->backendName()) + " has none)");
  Transaction tx(*conn_);
  conn_->execute(tracking);
  conn_->executeScript(script);
  tx.commit();
}

}  // namespace roost::migrate
