// The run-time half of the data-loss protection: counts the database checks itself, inside
// the migration's own transaction (SQLite) or batch (D1), so a drop rolls everything back.
#include <string>

#include "roost/migrate/data_loss.hpp"
#include "roost/orm/identifier.hpp"

namespace roost::migrate {

namespace {

std::string counted(const GuardedCount& g, const std::string& table) {
  return "SELECT count(" + (g.column.empty() ? std::string("*") : quoteAnyName(g.column)) + ") FROM " +
         quoteAnyName(table);
}

}  // namespace

std::vector<Statement> guardBefore(std::span<const GuardedCount> guarded) {
  if (guarded.empty()) return {};
  const std::string table = quoteAnyName(kDataLossGuardTable);
  std::vector<Statement> out;
  out.push_back({"CREATE TABLE " + table +
                     " (\"tbl\" TEXT NOT NULL, \"col\" TEXT NOT NULL, \"before\" INTEGER NOT NULL, \"after\" INTEGER, "
                     "CONSTRAINT " + quoteAnyName(kDataLossGuardConstraint) +
                     " CHECK (\"after\" IS NULL OR \"after\" >= \"before\"))",
                 {}});
  for (const GuardedCount& g : guarded)
    out.push_back({"INSERT INTO " + table + " (\"tbl\", \"col\", \"before\") SELECT ?1, ?2, (" +
                       counted(g, g.tableBefore) + ")",
                   {Value(g.tableBefore), Value(g.column)}});
  return out;
}

std::vector<Statement> guardAfter(std::span<const GuardedCount> guarded) {
  if (guarded.empty()) return {};
  const std::string table = quoteAnyName(kDataLossGuardTable);
  std::vector<Statement> out;
  for (const GuardedCount& g : guarded)
    out.push_back({"UPDATE " + table + " SET \"after\" = (" + counted(g, g.tableAfter) +
                       ") WHERE \"tbl\" = ?1 AND \"col\" = ?2",
                   {Value(g.tableBefore), Value(g.column)}});
  out.push_back({"DROP TABLE " + table, {}});
  return out;
}

bool isDataLossGuardFailure(std::string_view databaseMessage) {
  return databaseMessage.find(kDataLossGuardConstraint) != std::string_view::npos;
}

std::vector<std::string> describeGuardedCounts(Connection& connection, std::span<const GuardedCount> guarded,
                                               std::string_view script) {
  const auto count = [&](const GuardedCount& g, const std::string& table) -> std::string {
    try {
      return connection.execute(counted(g, table)).rows.at(0).at(0).toString();
    } catch (const std::exception&) {  // for the message only: a count it cannot read stays "?"
      return "?";
    }
  };
  std::vector<std::string> before, after(guarded.size());
  for (const GuardedCount& g : guarded) before.push_back(count(g, g.tableBefore));
  if (connection.supportsTransactions() && connection.transactionDepth() == 0) {
    try {
      Transaction tx(connection);  // never committed: rolled back when it goes out of scope
      connection.executeScript(script);
      for (std::size_t i = 0; i < guarded.size(); ++i) after[i] = count(guarded[i], guarded[i].tableAfter);
    } catch (const std::exception&) {  // the script failing again: no after counts
    }
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < guarded.size(); ++i) {
    const GuardedCount& g = guarded[i];
    std::string line = g.column.empty() ? g.tableBefore + ": " + before[i] + " rows before"
                                        : g.tableBefore + "." + g.column + ": " + before[i] + " non-NULL values before";
    line += after[i].empty() ? ", fewer after" : ", " + after[i] + " after";
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace roost::migrate
