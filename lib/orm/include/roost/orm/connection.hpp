#pragma once
// Connection: the one seam between the ORM and a database backend. SqliteConnection runs
// statements on a local file; roost::d1::D1Connection sends them to D1's REST API. The ORM
// only ever speaks through this interface, so every model works on both. What differs
// between backends is said here, once: its Grammar (with the BackendLimits every planned
// statement fits into), how a script and its bookkeeping apply atomically, and what a D1
// session means on it. A new SQLite-speaking backend is one Connection subclass.
//
// A Connection is not thread-safe: use one per thread (SQLite handles are cheap to open).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "roost/orm/backend_limits.hpp"
#include "roost/orm/row.hpp"
#include "roost/orm/value.hpp"

namespace roost {

class Grammar;

// One statement with its bound values.
struct Statement {
  std::string sql;
  std::vector<Value> bindings;
};

// What a statement produced: rows (for reads), rows changed and the last inserted rowid.
struct Result {
  ColumnsPtr columns;
  std::vector<std::vector<Value>> rows;
  std::int64_t changes = 0;
  std::optional<std::int64_t> lastInsertId;

  Row row(std::size_t i) const { return Row(columns, rows.at(i)); }
};

// Receives a result one row at a time; returning false from row() stops the read early.
// The values vector is the sink's to keep (move from it).
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void columns(const ColumnsPtr& columns) = 0;
  virtual bool row(std::vector<Value>&& values) = 0;
};

// Called with the SQL and bindings of every statement before it runs (logging, counting).
using StatementListener = std::function<void(std::string_view sql, std::span<const Value> bindings)>;

class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Run one statement and collect its result.
  virtual Result execute(std::string_view sql, std::span<const Value> bindings = {}) = 0;
  Result execute(const Statement& s) { return execute(s.sql, s.bindings); }
  // Run one statement, handing rows to the sink as they are read (memory does not grow).
  virtual void stream(std::string_view sql, std::span<const Value> bindings, RowSink& sink) = 0;
  // Run several statements atomically: all of them or none.
  virtual std::vector<Result> batch(std::span<const Statement> statements) = 0;
  // Run a script of several ';'-separated statements without bindings (migration files).
  // On failure the QueryError's sql() is the statement that failed.
  virtual void executeScript(std::string_view sql) = 0;

  // Interactive transactions. Nested calls become savepoints where the backend has them.
  virtual bool supportsTransactions() const noexcept = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual int transactionDepth() const noexcept = 0;
  // False once a statement run inside the open transaction has ended it (COMMIT, END,
  // ROLLBACK in a script): the work is no longer all-or-nothing, and commit() refuses.
  // True outside transactions and on backends without them.
  virtual bool transactionIntact() const noexcept { return true; }

  // Runs the bookkeeping statements, then the script, then the `after` statements: all of it
  // or none of it (how a migration, its tracking rows and its data-loss guard land together). Throws QueryError whose sql() is the
  // statement that failed. The default, for backends with transactions: BEGIN IMMEDIATE,
  // the statements, the script, the after statements, COMMIT; a script that ends the transaction itself (COMMIT,
  // END, ROLLBACK) fails and leaves nothing behind. Backends without transactions override it.
  virtual void applyAtomically(std::string_view script, std::span<const Statement> bookkeeping,
                               std::span<const Statement> after = {});

  // The SQL dialect and statement limits of this backend; limits() is grammar().limits().
  virtual const Grammar& grammar() const noexcept = 0;
  const BackendLimits& limits() const noexcept;
  std::size_t maxBoundParams() const noexcept { return limits().maxBoundParams; }
  // For messages only ("sqlite", "d1").
  virtual std::string_view backendName() const noexcept = 0;
  // What a D1 session (useSession) gives on this backend; empty: a single local database with
  // no replicas, where sessions do not apply.
  virtual std::string_view sessionConsistency() const noexcept { return {}; }

  // Runs fn in a transaction (or savepoint): committed if fn returns, rolled back if it throws.
  template <class F>
  decltype(auto) transaction(F&& fn);

  void setListener(StatementListener listener) { listener_ = std::move(listener); }

 protected:
  void notify(std::string_view sql, std::span<const Value> bindings) const {
    if (listener_) listener_(sql, bindings);
  }

 private:
  StatementListener listener_;
};

// RAII transaction: rolls back on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Connection& c) : conn_(&c) { conn_->begin(); }
  ~Transaction() {
    if (conn_) {
      try {
        conn_->rollback();
      } catch (...) {  // a destructor must not throw; the original error is what matters
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    conn_->commit();
    conn_ = nullptr;
  }

 private:
  Connection* conn_;
};

template <class F>
decltype(auto) Connection::transaction(F&& fn) {
  Transaction tx(*this);
  if constexpr (std::is_void_v<decltype(fn())>) {
    fn();
    tx.commit();
  } else {
    decltype(auto) r = fn();
    tx.commit();
    return r;
  }
}

}  // namespace roost
