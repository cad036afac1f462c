#pragma once
// BulkWriter: rows of one table at a time into multi-row INSERT ... VALUES (...), (...)
// statements, each within D1's limits — at most connection.maxBoundParams() bound values and
// about 100 KB of SQL text plus values — and streamed: a statement goes out as soon as it is
// full, so memory does not grow with the number of rows.
//
// On a backend with transactions (SQLite) each statement runs at once, inside the transaction
// the caller holds around the whole seed. On D1 (no transactions) statements are queued and
// sent with Connection::batch() — D1 runs each batch atomically — when the queue reaches
// kBatchStatements statements or kBatchBytes, or when flushBatch() is called. No hooks run.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "roost/orm/connection.hpp"

namespace roost::seed {

struct WriteStats {
  std::size_t statements = 0;        // INSERT statements
  std::size_t batches = 0;           // Connection::batch() calls (D1)
  std::size_t maxParams = 0;         // most bound values in one statement
  std::size_t maxBytes = 0;          // most SQL + value bytes in one statement (estimated as D1 counts)
  std::int64_t rows = 0;
};

class BulkWriter {
 public:
  static constexpr std::size_t kMaxStatementBytes = 100 * 1000;
  static constexpr std::size_t kBatchStatements = 50;
  static constexpr std::size_t kBatchBytes = 4 * 1000 * 1000;

  // onRows(n): called after n more rows went into statements (progress).
  explicit BulkWriter(Connection& connection, std::function<void(std::size_t)> onRows = {});

  // Starts rows for `table` with these columns (validated and quoted); finishes the previous table.
  void begin(const std::string& table, const std::vector<std::string>& columns);
  // One row: values in the order of begin()'s columns.
  void add(std::vector<Value>& values);
  // Ends the current statement (the rows so far become visible to later statements).
  void finishTable();
  // D1: sends the queued statements now (before a read, or at the end).
  void flushBatch();

  const WriteStats& stats() const noexcept { return stats_; }
  bool immediate() const noexcept { return immediate_; }

 private:
  void emit();
  const std::string& sqlFor(std::size_t rows);

  Connection& conn_;
  std::function<void(std::size_t)> onRows_;
  bool immediate_;
  std::size_t maxParams_;

  std::string table_;
  std::string head_;   // INSERT INTO "t" ("a", "b") VALUES
  std::string tuple_;  // (?, ?)
  std::size_t columns_ = 0, maxRows_ = 0;
  std::unordered_map<std::size_t, std::string> sqlByRows_;  // the SQL of an n-row statement

  std::vector<Value> bindings_;
  std::size_t rowsInStatement_ = 0, bytes_ = 0;

  std::vector<Statement> queued_;  // D1
  std::size_t queuedBytes_ = 0;
  WriteStats stats_;
};

}  // namespace roost::seed
