#include "seed/bulk_writer.hpp"

#include <algorithm>

#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace roost::seed {

namespace {

// As D1 counts a statement's size: text as its bytes (plus quotes), blobs as JSON byte arrays,
// numbers as their longest text.
std::size_t valueBytes(const Value& v) {
  if (const auto* s = v.textIf()) return s->size() + 2;
  if (const auto* b = v.blobIf()) return b->bytes.size() * 4;
  return 20;
}

}  // namespace

BulkWriter::BulkWriter(Connection& connection, std::function<void(std::size_t)> onRows)
    : conn_(connection), onRows_(std::move(onRows)), immediate_(connection.supportsTransactions()),
      maxParams_(std::max<std::size_t>(1, connection.maxBoundParams())) {}

void BulkWriter::begin(const std::string& table, const std::vector<std::string>& columns, int keyColumn) {
  finishTable();
  keyColumn_ = keyColumn >= 0 && static_cast<std::size_t>(keyColumn) < columns.size() ? keyColumn : -1;
  keyName_ = keyColumn_ >= 0 ? columns[static_cast<std::size_t>(keyColumn_)] : std::string();
  if (columns.empty()) throw UsageError("a row of " + table + " has no columns to insert");
  if (columns.size() > maxParams_)
    throw UsageError("a row of " + table + " has " + std::to_string(columns.size()) + " columns, more than the " +
                     std::to_string(maxParams_) + " values one statement may bind on this database");
  table_ = table;
  head_ = "INSERT INTO " + quoteIdentifier(table) + " (";
  tuple_ = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    head_ += (i ? ", " : "") + quoteIdentifier(columns[i]);
    tuple_ += i ? ", ?" : "?";
  }
  head_ += ") VALUES ";
  tuple_ += ")";
  columns_ = columns.size();
  maxRows_ = maxParams_ / columns_;
  sqlByRows_.clear();
}

void BulkWriter::add(std::vector<Value>& values) {
  std::size_t rowBytes = tuple_.size() + 2;
  for (const auto& v : values) rowBytes += valueBytes(v);
  if (rowsInStatement_ && (rowsInStatement_ == maxRows_ || bytes_ + rowBytes > kMaxStatementBytes)) emit();
  if (!rowsInStatement_) bytes_ = head_.size();
  if (bytes_ + rowBytes > kMaxStatementBytes)
    throw UsageError("one row of " + table_ + " is about " +
                     std::to_string(rowBytes / 1000) + " KB, over the 100 KB D1 allows in one statement");
  for (auto& v : values) bindings_.push_back(std::move(v));
  bytes_ += rowBytes;
  ++rowsInStatement_;
}

const std::string& BulkWriter::sqlFor(std::size_t rows) {
  auto it = sqlByRows_.find(rows);
  if (it != sqlByRows_.end()) return it->second;
  std::string sql;
  sql.reserve(head_.size() + rows * (tuple_.size() + 2));
  sql = head_;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) sql += ", ";
    sql += tuple_;
  }
  return sqlByRows_.emplace(rows, std::move(sql)).first->second;
}

void BulkWriter::emit() {
  if (!rowsInStatement_) return;
  const std::size_t rows = rowsInStatement_;
  ++stats_.statements;
  stats_.maxParams = std::max(stats_.maxParams, bindings_.size());
  stats_.maxBytes = std::max(stats_.maxBytes, bytes_);
  stats_.rows += static_cast<std::int64_t>(rows);
  if (immediate_) {
    conn_.execute(sqlFor(rows), bindings_);
    bindings_.clear();
  } else {
    if (!probe_ && keyColumn_ >= 0)
      probe_.emplace("SELECT 1 FROM " + quoteIdentifier(table_) + " WHERE " + quoteIdentifier(keyName_) + " = ?",
                     bindings_.at(static_cast<std::size_t>(keyColumn_)));
    queuedRows_ += static_cast<std::int64_t>(rows);
    queued_.push_back(Statement{sqlFor(rows), std::move(bindings_)});
    bindings_ = {};
    queuedBytes_ += bytes_;
  }
  rowsInStatement_ = 0;
  bytes_ = 0;
  if (!immediate_ && (queued_.size() >= kBatchStatements || queuedBytes_ >= kBatchBytes)) flushBatch();
  if (onRows_) onRows_(rows);
}

void BulkWriter::finishTable() { emit(); }

bool BulkWriter::skipNextRequest() {
  if (requests_ >= skip_) return false;
  ++requests_;
  ++stats_.confirmedRequests;
  return true;
}

void BulkWriter::flushBatch() {
  emit();
  if (queued_.empty()) return;
  std::vector<Statement> sending;
  sending.swap(queued_);
  const std::int64_t rows = queuedRows_;
  std::optional<std::pair<std::string, Value>> probe = std::move(probe_);
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
  } catch (const D1Error& e) {
    if (!e.mayHaveBeenApplied()) throw;
    std::optional<bool> landed;
    if (probe) {
      try {
        landed = !conn_.execute(probe->first, std::span<const Value>(&probe->second, 1)).rows.empty();
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
