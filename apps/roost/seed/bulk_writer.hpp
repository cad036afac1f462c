#pragma once
// BulkWriter: rows of one table at a time into multi-row INSERT statements, planned by
// roost::RowBatcher within the connection's limits(), and streamed: a statement goes out as
// soon as it is full, so memory does not grow with the number of rows.
//
// On a backend with transactions (SQLite) each statement runs at once, inside the transaction
// the caller holds around the whole seed. On D1 (no transactions) statements are queued and
// sent with Connection::batch() — D1 runs each batch atomically — when the queue reaches
// kBatchStatements statements or kBatchBytes, or when flushBatch() is called. No hooks run.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/query_spec.hpp"
#include "roost/orm/row_batcher.hpp"

namespace roost::seed {

struct WriteStats {
  std::size_t statements = 0;        // INSERT statements
  std::size_t batches = 0;           // Connection::batch() calls (D1)
  std::size_t maxParams = 0;         // most bound values in one statement
  std::size_t maxBytes = 0;          // most SQL + value bytes in one statement (estimated as D1 counts)
  std::int64_t rows = 0;
  // D1: write requests (batches, and SQL steps counted by the runner) and rows that D1
  // confirmed; a request that failed is not among them.
  std::size_t confirmedRequests = 0;
  std::int64_t confirmedRows = 0;
};

// A write request (a batch of INSERTs, or a SQL step) whose answer never came after it was
// sent (RemoteError::mayHaveBeenApplied()). Nothing was sent twice. `landed` says whether its
// rows are in the database when that could be checked (the seeder assigned their keys).
class AmbiguousWriteError : public Error {
 public:
  AmbiguousWriteError(std::string what, std::size_t request, std::int64_t rows, std::optional<bool> landed)
      : Error(std::move(what)), request_(request), rows_(rows), landed_(landed) {}
  std::size_t request() const noexcept { return request_; }  // 1-based, among the run's write requests
  std::int64_t rows() const noexcept { return rows_; }        // rows it carried (-1: a SQL step)
  std::optional<bool> landed() const noexcept { return landed_; }

 private:
  std::size_t request_;
  std::int64_t rows_;
  std::optional<bool> landed_;
};

class BulkWriter {
 public:
  static constexpr std::size_t kBatchStatements = 50;
  static constexpr std::size_t kBatchBytes = 4 * 1000 * 1000;

  // onRows(n): called after n more rows went into statements (progress).
  explicit BulkWriter(Connection& connection, std::function<void(std::size_t)> onRows = {});

  // Starts rows for `table` with these columns (validated and quoted); finishes the previous table.
  // keyColumn: the index of the primary key when the seeder assigned it (-1: none), which lets
  // a batch whose answer never came be checked for whether it landed.
  void begin(const std::string& table, const std::vector<std::string>& columns, int keyColumn = -1);
  // One row: values in the order of begin()'s columns.
  void add(std::vector<Value>& values);
  // Ends the current statement (the rows so far become visible to later statements).
  void finishTable();
  // D1: sends the queued statements now (before a read, or at the end). Throws
  // AmbiguousWriteError when the batch may or may not have been applied.
  void flushBatch();
  // A SQL step the runner sent itself, confirmed by D1 (counted among the write requests).
  void countConfirmedScript() {
    ++requests_;
    ++stats_.confirmedRequests;
  }
  // Still skipping an earlier run's confirmed requests.
  bool skipping() const noexcept { return requests_ < skip_; }
  // Resuming: the first `n` write requests are not sent (they were confirmed by an earlier run).
  void skipRequests(std::size_t n) { skip_ = n; }
  // Whether the next write request is one of those skipped (and counts it if so).
  bool skipNextRequest();

  const WriteStats& stats() const noexcept { return stats_; }
  bool immediate() const noexcept { return immediate_; }

 private:
  void emit(std::optional<PlannedInsert> planned);
  void sendQueued();

  Connection& conn_;
  std::function<void(std::size_t)> onRows_;
  bool immediate_;
  RowBatcher batcher_;

  std::string table_;

  std::vector<Statement> queued_;  // D1
  std::size_t queuedBytes_ = 0;
  std::int64_t queuedRows_ = 0;
  int keyColumn_ = -1;
  std::string keyName_;
  // A query for the first seeder-assigned key of the queued batch (D1 applies a batch whole
  // or not at all), to tell whether a batch whose answer never came landed.
  std::optional<QuerySpec> probe_;
  std::size_t skip_ = 0, requests_ = 0;
  WriteStats stats_;
};

}  // namespace roost::seed
