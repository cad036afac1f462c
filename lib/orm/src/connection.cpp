#include "roost/orm/connection.hpp"

#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"

namespace roost {

const BackendLimits& Connection::limits() const noexcept { return grammar().limits(); }

void Connection::applyAtomically(std::string_view script, std::span<const Statement> bookkeeping,
                                 std::span<const Statement> after) {
  if (!supportsTransactions())
    throw UsageError("applyAtomically() needs a connection with transactions (" + std::string(backendName()) +
                     " has none): override it");
  Transaction tx(*this);
  for (const Statement& s : bookkeeping) execute(s);
  executeScript(script);
  for (const Statement& s : after) execute(s);
  // The Migrator refuses transaction control up front; this catches any that got past it.
  // SqliteConnection already refuses a COMMIT from inside (rolling everything back); a
  // ROLLBACK near the end leaves nothing to refuse, so look before committing.
  if (!transactionIntact())
    throw QueryError("", "a statement in it ended the transaction roost runs each migration in (a COMMIT, END or "
                         "ROLLBACK); nothing of it was committed or recorded. Remove that statement.");
  tx.commit();
}

}  // namespace roost
