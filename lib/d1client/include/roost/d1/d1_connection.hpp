#pragma once
// D1Connection: roost's Connection on a Cloudflare D1 database, through its REST API
// (roost::d1::Client). Every call is one HTTP request:
//   execute / stream  one statement           (POST /raw {sql, params})
//   batch             all the statements      (POST /raw {batch: [...]}), atomic on D1
//   executeScript     the script's statements (split as SQLite would) as one batch, so a
//                     migration is applied whole or not at all
// D1 has no interactive transactions over its REST API: supportsTransactions() is false and
// begin() throws, naming batch() as the way to make several statements atomic.
//
// D1's limits (kLimits: 100 bound values and 100,000 bytes of SQL per statement; every number
// binds as a REAL) are its grammar()'s and are checked here, before anything is sent
// (roost::UsageError), as is BEGIN/COMMIT/SAVEPOINT. applyAtomically sends the bookkeeping
// statements, the script's statements and the after statements as one batch (D1 has no transactions).
// A statement D1 refuses throws roost::QueryError (code 7500, D1's message); in a batch or
// script its sql() is the statement that failed, found by re-sending prefixes of the batch
// that end in a statement that always fails, so that nothing is ever committed by the search.
// Transport, authentication and rate-limit failures throw roost::d1::ApiError (a D1Error).
//
// Not thread-safe (it owns one Client): one connection per thread.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "roost/d1/client.hpp"
#include "roost/project/target.hpp"
#include "roost/orm/connection.hpp"

namespace roost::d1 {

struct D1ConnectionOptions {
  // On a failed batch or script, find which statement failed (about log2(n) extra requests,
  // each rolled back by D1). Off: the error's sql() is the whole batch.
  bool locateFailingStatement = true;
};

class D1Connection final : public Connection {
 public:
  static constexpr BackendLimits kLimits = kD1Limits;

  explicit D1Connection(std::unique_ptr<Client> client, D1ConnectionOptions options = {});
  ~D1Connection() override;

  Result execute(std::string_view sql, std::span<const Value> bindings = {}) override;
  using Connection::execute;
  void stream(std::string_view sql, std::span<const Value> bindings, RowSink& sink) override;
  std::vector<Result> batch(std::span<const Statement> statements) override;
  void executeScript(std::string_view sql) override;
  // `bookkeeping` then the script's statements, as one atomic batch: how a migration and its
  // tracking row reach D1 together. Throws QueryError naming the statement that failed.
  void applyAtomically(std::string_view script, std::span<const Statement> bookkeeping,
                       std::span<const Statement> after = {}) override;

  bool supportsTransactions() const noexcept override { return false; }
  [[noreturn]] void begin() override;
  [[noreturn]] void commit() override;
  [[noreturn]] void rollback() override;
  int transactionDepth() const noexcept override { return 0; }

  const Grammar& grammar() const noexcept override;
  std::string_view backendName() const noexcept override { return "d1"; }
  std::string_view sessionConsistency() const noexcept override {
    return "D1 REST API: every request is executed by the primary instance (no replicas, no bookmarks)";
  }

  Client& client() noexcept { return *client_; }
  const Client& client() const noexcept { return *client_; }

 private:
  std::vector<StatementResult> runBatch(std::span<const Statement> statements);
  std::optional<std::size_t> locateFailure(std::span<const Statement> statements);

  std::unique_ptr<Client> client_;
  D1ConnectionOptions options_;
};

// Throws roost::UsageError if D1 would refuse the statement for its size, its number of
// bound values, or for being transaction control. Exposed for code that plans statements.
void checkD1Limits(std::string_view sql, std::size_t boundValues);

// What openRemote needs, from the target and the environment: account id (config
// account_id, else CLOUDFLARE_ACCOUNT_ID), database id (the binding's database_id) and
// token (CLOUDFLARE_API_TOKEN). One roost::ConfigError names every missing piece and how
// to supply it; the token's value never appears in it.
Credentials remoteCredentials(const project::Target& target);

// A connection to the target's remote D1 database.
std::unique_ptr<D1Connection> openRemote(const project::Target& target, ClientOptions options = {},
                                         D1ConnectionOptions connectionOptions = {});

}  // namespace roost::d1
