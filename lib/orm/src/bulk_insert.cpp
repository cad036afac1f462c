#include "roost/orm/bulk_insert.hpp"

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/model_meta.hpp"
#include "roost/orm/row_batcher.hpp"
#include "roost/orm/tenancy.hpp"
#include "roost/orm/write_rules.hpp"

namespace roost {

namespace {

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

  RowBatcher batcher(connection);
  batcher.begin(meta.table, columns);
  std::vector<Statement> statements;
  for (auto& values : ordered)
    if (auto full = batcher.add(values)) statements.push_back(std::move(full->statement));
  if (auto last = batcher.take()) statements.push_back(std::move(last->statement));
  connection.batch(statements);
  stats.rows = static_cast<std::int64_t>(rows.size());
  stats.statements = statements.size();
  return stats;
}

}  // namespace roost
