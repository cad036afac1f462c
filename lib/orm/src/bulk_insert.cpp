#include "roost/orm/bulk_insert.hpp"

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/model_meta.hpp"
#include "roost/orm/tenancy.hpp"
#include "roost/orm/write_rules.hpp"

namespace roost {

namespace {

constexpr std::size_t kMaxStatementBytes = 100 * 1000;

std::size_t approximateBytes(const Value& v) {
  if (auto* s = v.textIf()) return s->size() + 2;
  if (auto* b = v.blobIf()) return b->bytes.size() * 4;  // D1 sends blobs as JSON byte arrays
  return 20;
}

// As create() stamps a row: timestamps where left empty, the current tenant (write_rules.hpp).
void stamp(const ModelMeta& meta, Attributes& row, const Value& tenant, writes::StampTime& now) {
  writes::stampCreated(meta, row, now);
  writes::claimTenant(meta, row, tenant, "insert");
}

}  // namespace

BulkInsertStats insertMany(const ModelMeta& meta, Connection& connection, std::vector<Attributes> rows) {
  BulkInsertStats stats;
  if (rows.empty()) return stats;
  const Value tenant = tenancy::requiredTenant(meta, "insertMany()");
  writes::StampTime now(Value(formatTimestamp(meta.now())));
  for (Attributes& row : rows) stamp(meta, row, tenant, now);

  const std::vector<std::string> columns = rows.front().names();
  if (columns.empty()) throw UsageError("insertMany(): rows have no columns");
  for (const auto& c : columns) requireIdentifier(c);
  std::vector<std::vector<Value>> ordered;  // each row's values in `columns` order
  ordered.reserve(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != columns.size())
      throw UsageError("insertMany(): row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
                       " columns, the first row " + std::to_string(columns.size()) + "; every row needs the same columns");
    std::vector<Value> values;
    values.reserve(columns.size());
    for (const auto& c : columns) {
      if (!rows[r].has(c))
        throw UsageError("insertMany(): row " + std::to_string(r + 1) + " has no \"" + c + "\"; every row needs the same columns");
      values.push_back(rows[r][c]);
    }
    ordered.push_back(std::move(values));
  }

  const std::string head = [&] {
    std::string sql = defaultGrammar().insert(meta.table, columns);
    return sql.substr(0, sql.rfind(" VALUES ") + 8);  // INSERT INTO "t" ("a", "b") VALUES
  }();
  std::string tuple = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) tuple += i ? ", ?" : "?";
  tuple += ')';
  const std::size_t maxRowsByParams = std::max<std::size_t>(1, connection.maxBoundParams() / columns.size());

  std::vector<Statement> statements;
  Statement current;
  std::size_t rowsInCurrent = 0, bytes = 0;
  auto flush = [&] {
    if (!rowsInCurrent) return;
    statements.push_back(std::move(current));
    current = Statement{};
    rowsInCurrent = 0;
    bytes = 0;
  };
  for (auto& values : ordered) {
    std::size_t rowBytes = tuple.size() + 2;
    for (const auto& v : values) rowBytes += approximateBytes(v);
    if (rowsInCurrent && (rowsInCurrent == maxRowsByParams || bytes + rowBytes > kMaxStatementBytes)) flush();
    if (!rowsInCurrent) {
      current.sql = head;
      bytes = head.size();
    } else {
      current.sql += ", ";
    }
    current.sql += tuple;
    for (auto& v : values) current.bindings.push_back(std::move(v));
    bytes += rowBytes;
    ++rowsInCurrent;
  }
  flush();
  connection.batch(statements);
  stats.rows = static_cast<std::int64_t>(rows.size());
  stats.statements = statements.size();
  return stats;
}

}  // namespace roost
