#include "roost/testing/database_assertions.hpp"

#include "roost/orm/identifier.hpp"
#include "roost/testing/assertion.hpp"

namespace roost::testing {
namespace {

std::string describeValues(const ColumnValues& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + values[i].first + ": " + values[i].second.toSqlLiteral();
  return out + "}";
}

// Up to `limit` rows of the table, one per line, for failure messages.
std::string sampleRows(Connection& connection, std::string_view table, std::size_t limit = 5) {
  Value max(static_cast<std::int64_t>(limit));
  Result r = connection.execute("SELECT * FROM " + quoteIdentifier(table) + " LIMIT ?", std::span<const Value>(&max, 1));
  if (r.rows.empty()) return "  (the table is empty)\n";
  std::string out;
  for (const auto& row : r.rows) {
    out += "  {";
    for (std::size_t c = 0; c < row.size(); ++c)
      out += (c ? ", " : "") + (*r.columns)[c] + ": " + row[c].toSqlLiteral();
    out += "}\n";
  }
  return out;
}

std::int64_t countAll(Connection& connection, std::string_view table) { return countMatching(connection, table, {}); }

}  // namespace

std::int64_t countMatching(Connection& connection, std::string_view table, const ColumnValues& values) {
  std::string sql = "SELECT COUNT(*) FROM " + quoteIdentifier(table);
  std::vector<Value> bindings;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += i ? " AND " : " WHERE ";
    sql += quoteIdentifier(values[i].first);
    if (values[i].second.isNull()) {
      sql += " IS NULL";
    } else {
      sql += " = ?";
      bindings.push_back(values[i].second);
    }
  }
  return connection.execute(sql, bindings).rows.at(0).at(0).asInt();
}

void assertDatabaseHas(Connection& connection, std::string_view table, const ColumnValues& values) {
  if (countMatching(connection, table, values) > 0) return;
  fail("assertDatabaseHas: no row of " + std::string(table) + " matches " + describeValues(values) + "; it holds " +
       std::to_string(countAll(connection, table)) + " row(s), the first ones:\n" + sampleRows(connection, table));
}

void assertDatabaseMissing(Connection& connection, std::string_view table, const ColumnValues& values) {
  std::int64_t n = countMatching(connection, table, values);
  if (n == 0) return;
  fail("assertDatabaseMissing: " + std::to_string(n) + " row(s) of " + std::string(table) + " match " +
       describeValues(values) + "; the first rows of the table:\n" + sampleRows(connection, table));
}

void assertDatabaseCount(Connection& connection, std::string_view table, std::int64_t expected) {
  std::int64_t n = countAll(connection, table);
  if (n == expected) return;
  fail("assertDatabaseCount: " + std::string(table) + " holds " + std::to_string(n) + " row(s), expected " +
       std::to_string(expected) + "; the first ones:\n" + sampleRows(connection, table));
}

}  // namespace roost::testing
