#include "roost/orm/row_batcher.hpp"

#include <algorithm>

#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"

namespace roost {

namespace {

std::size_t valueBytes(const Value& v) {
  if (const auto* s = v.textIf()) return s->size() + 2;
  if (const auto* b = v.blobIf()) return b->bytes.size() * 4;  // D1 sends blobs as JSON byte arrays
  return 20;
}

}  // namespace

RowBatcher::RowBatcher(const Connection& connection, bool refuseOversizedRows)
    : grammar_(connection.grammar()), limits_(connection.limits()), refuseOversized_(refuseOversizedRows) {}

void RowBatcher::begin(std::string_view table, std::vector<std::string> columns) {
  if (columns.empty()) throw UsageError("a row of " + std::string(table) + " has no columns to insert");
  table_ = table;
  columns_ = std::move(columns);
  sqlByRows_.clear();
  tupleBytes_ = 3 * columns_.size();          // "(?, ?)"
  headBytes_ = sqlFor(1).size() - tupleBytes_;  // INSERT INTO "t" ("a", "b") VALUES ; validates every name
  maxRows_ = std::max<std::size_t>(1, std::max<std::size_t>(1, limits_.maxBoundParams) / columns_.size());
  bindings_.clear();
  rows_ = bytes_ = 0;
}

std::optional<PlannedInsert> RowBatcher::add(std::vector<Value>& values) {
  std::size_t rowBytes = tupleBytes_ + 2;
  for (const auto& v : values) rowBytes += valueBytes(v);
  if (refuseOversized_ && headBytes_ + rowBytes > limits_.maxStatementBytes)
    throw UsageError("one row of " + table_ + " is about " + std::to_string(rowBytes / 1000) + " KB, over the " +
                     std::to_string(limits_.maxStatementBytes / 1000) + " KB D1 allows in one statement");
  std::optional<PlannedInsert> full;
  if (rows_ && (rows_ == maxRows_ || bytes_ + rowBytes > limits_.maxStatementBytes)) full = take();
  if (!rows_) bytes_ = headBytes_;
  for (auto& v : values) bindings_.push_back(std::move(v));
  bytes_ += rowBytes;
  ++rows_;
  return full;
}

std::optional<PlannedInsert> RowBatcher::take() {
  if (!rows_) return std::nullopt;
  PlannedInsert out{Statement{sqlFor(rows_), std::move(bindings_)}, rows_, bytes_};
  bindings_ = {};
  rows_ = bytes_ = 0;
  return out;
}

const std::string& RowBatcher::sqlFor(std::size_t rows) {
  auto it = sqlByRows_.find(rows);
  if (it != sqlByRows_.end()) return it->second;
  return sqlByRows_.emplace(rows, grammar_.insertRows(table_, columns_, rows)).first->second;
}

}  // namespace roost
