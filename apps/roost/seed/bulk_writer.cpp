#include "seed/bulk_writer.hpp"

#include <algorithm>

#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"

namespace roost::seed {

BulkWriter::BulkWriter(Connection& connection, std::function<void(std::size_t)> onRows)
    : conn_(connection), onRows_(std::move(onRows)), immediate_(connection.supportsTransactions()),
      batcher_(connection, true) {}

void BulkWriter::begin(const std::string& table, const std::vector<std::string>& columns, int keyColumn) {
  finishTable();
  keyColumn_ = keyColumn >= 0 && static_cast<std::size_t>(keyColumn) < columns.size() ? keyColumn : -1;
  keyName_ = keyColumn_ >= 0 ? columns[static_cast<std::size_t>(keyColumn_)] : std::string();
  if (columns.empty()) throw UsageError("a row of " + table + " has no columns to insert");
  const std::size_t maxParams = std::max<std::size_t>(1, batcher_.limits().maxBoundParams);
  if (columns.size() > maxParams)
    throw UsageError("a row of " + table + " has " + std::to_string(columns.size()) + " columns, more than the " +
                     std::to_string(maxParams) + " values one statement may bind on this database");
  table_ = table;
  batcher_.begin(table, columns);
}

void BulkWriter::add(std::vector<Value>& values) { emit(batcher_.add(values)); }

void BulkWriter::emit(std::optional<PlannedInsert> planned) {
  if (!planned) return;
  const std::size_t rows = planned->rows;
  ++stats_.statements;
  stats_.maxParams = std::max(stats_.maxParams, planned->statement.bindings.size());
  stats_.maxBytes = std::max(stats_.maxBytes, planned->bytes);
  stats_.rows += static_cast<std::int64_t>(rows);
  if (immediate_) {
    conn_.execute(planned->statement);
  } else {
    if (!probe_ && keyColumn_ >= 0) {
      QuerySpec probe;
      probe.table = table_;
      Condition key;
      key.column = keyName_;
      key.value = planned->statement.bindings.at(static_cast<std::size_t>(keyColumn_));
      probe.wheres.push_back(std::move(key));
      probe_ = std::move(probe);
    }
    queuedRows_ += static_cast<std::int64_t>(rows);
    queuedBytes_ += planned->bytes;
    queued_.push_back(std::move(planned->statement));
  }
  // The row that closed this statement is already in the next one: only what is queued goes.
  if (!immediate_ && (queued_.size() >= kBatchStatements || queuedBytes_ >= kBatchBytes)) sendQueued();
  if (onRows_) onRows_(rows);
}

void BulkWriter::finishTable() { emit(batcher_.take()); }

bool BulkWriter::skipNextRequest() {
  if (requests_ >= skip_) return false;
  ++requests_;
  ++stats_.confirmedRequests;
  return true;
}

void BulkWriter::flushBatch() {
  emit(batcher_.take());
  sendQueued();
}

void BulkWriter::sendQueued() {
  if (queued_.empty()) return;
  std::vector<Statement> sending;
  sending.swap(queued_);
  const std::int64_t rows = queuedRows_;
  std::optional<QuerySpec> probe = std::move(probe_);
  queuedBytes_ = 0;
  queuedRows_ = 0;
  probe_.reset();
  ++stats_.batches;
  if (skipNextRequest()) {  // resuming: an earlier run's, confirmed
    stats_.confirmedRows += rows;
    return;
  }
  ++requests_;
  try {
    conn_.batch(sending);
  } catch (const RemoteError& e) {
    if (!e.mayHaveBeenApplied()) throw;
    std::optional<bool> landed;
    if (probe) {
      try {
        const CompiledSql q = conn_.grammar().exists(*probe);
        landed = conn_.execute(q.sql, q.bindings).rows.at(0).at(0).asInt() != 0;
      } catch (const Error&) {
        // unknown: the database cannot be read either
      }
    }
    throw AmbiguousWriteError(e.what(), stats_.confirmedRequests + 1, rows, landed);
  }
  ++stats_.confirmedRequests;
  stats_.confirmedRows += rows;
}

}  // namespace roost::seed
