#pragma once
// RowBatcher: rows of one table into multi-row INSERT ... VALUES (...), (...) statements
// (Grammar::insertRows), each within the connection's BackendLimits: at most maxBoundParams
// bound values, and at most maxStatementBytes of SQL plus values, counted as D1 counts them
// (text as its bytes plus quotes, blobs as JSON byte arrays, numbers as their longest text).
// The one place multi-row INSERTs are planned: insertMany and the seeder both use it.
// It only plans; sending is the caller's. The SQL of an n-row statement is built once per table.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "roost/orm/connection.hpp"

namespace roost {

struct PlannedInsert {
  Statement statement;
  std::size_t rows = 0;
  std::size_t bytes = 0;  // SQL plus values, as the limit counts them
};

class RowBatcher {
 public:
  // refuseOversizedRows: a row that alone is over maxStatementBytes throws UsageError (naming
  // the table and its size) instead of going out as a statement of its own.
  explicit RowBatcher(const Connection& connection, bool refuseOversizedRows = false);

  // Starts the rows of `table` (columns validated and quoted). The statement under way must
  // have been taken. Throws UsageError for no columns.
  void begin(std::string_view table, std::vector<std::string> columns);
  // Adds one row (values in begin()'s column order, moved from). When the statement under way
  // cannot take it, that statement is closed and returned first: send it before the next one.
  std::optional<PlannedInsert> add(std::vector<Value>& values);
  // Closes and returns the statement under way (nullopt when it has no rows).
  std::optional<PlannedInsert> take();

  const BackendLimits& limits() const noexcept { return limits_; }
  std::size_t maxRowsPerStatement() const noexcept { return maxRows_; }

 private:
  const std::string& sqlFor(std::size_t rows);

  const Grammar& grammar_;
  BackendLimits limits_;
  bool refuseOversized_;
  std::string table_;
  std::vector<std::string> columns_;
  std::size_t headBytes_ = 0, tupleBytes_ = 0, maxRows_ = 0;
  std::unordered_map<std::size_t, std::string> sqlByRows_;
  std::vector<Value> bindings_;
  std::size_t rows_ = 0, bytes_ = 0;
};

}  // namespace roost
