#include "drop_plan.hpp"

#include <cstddef>
#include <map>
#include <set>

namespace roost::migrate::detail {

namespace {

// "a"b" -> "\"a\"\"b\"": names read back from sqlite_schema may hold anything.
std::string quoteAny(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// SQLite compares table names case-insensitively (ASCII), and so do foreign keys.
std::string folded(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// 'o' rows: every object with its kind (pragma_table_list tells virtual and shadow tables
// apart); 'f' rows: one per foreign key, child then parent. Creation order (rowid) kept.
constexpr std::string_view kObjectsSql = R"sql(
SELECT 'o' AS k, CASE WHEN m.type = 'table' THEN COALESCE(l.type, 'table') ELSE m.type END AS a, m.name AS b, m.rowid AS r
  FROM sqlite_schema AS m LEFT JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = m.name
  WHERE m.type IN ('table', 'view', 'trigger')
    AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
UNION ALL
SELECT 'f', m.name, f."table", m.rowid
  FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
  WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
    AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
ORDER BY 1 DESC, 4
)sql";

}  // namespace

DropPlan planDropAll(Connection& connection) {
  Result r = connection.execute(kObjectsSql);
  std::vector<std::string> triggers, views, virtuals, tables;  // creation order
  std::map<std::string, std::set<std::string>> children;       // folded parent -> folded children
  for (const auto& row : r.rows) {
    const std::string kind = row.at(1).toString();
    const std::string name = row.at(2).toString();
    if (row.at(0).toString() == "f") {
      if (folded(name) != folded(kind)) children[folded(row.at(2).toString())].insert(folded(kind));
      continue;
    }
    if (kind == "trigger") triggers.push_back(name);
    else if (kind == "view") views.push_back(name);
    else if (kind == "virtual") virtuals.push_back(name);
    else if (kind == "table") tables.push_back(name);
    // "shadow": dropped with its virtual table
  }

  DropPlan plan;
  const auto add = [&](std::string_view type, std::string_view sqlType, const std::string& name) {
    plan.objects.push_back({std::string(type), name});
    plan.statements.push_back({"DROP " + std::string(sqlType) + " IF EXISTS " + quoteAny(name), {}});
  };
  if (triggers.empty() && views.empty() && virtuals.empty() && tables.empty()) return plan;
  plan.statements.push_back({"PRAGMA defer_foreign_keys = ON", {}});
  for (const auto& n : triggers) add("trigger", "TRIGGER", n);
  for (const auto& n : views) add("view", "VIEW", n);
  for (const auto& n : virtuals) add("table", "TABLE", n);

  // Children first: repeatedly the first table no remaining table references; in a cycle,
  // the one with the fewest remaining children.
  std::set<std::string> remaining;
  for (const auto& n : tables) remaining.insert(folded(n));
  const auto remainingChildren = [&](const std::string& name) {
    std::size_t count = 0;
    if (auto it = children.find(folded(name)); it != children.end())
      for (const auto& c : it->second) count += remaining.count(c);
    return count;
  };
  std::vector<bool> done(tables.size(), false);
  for (std::size_t left = tables.size(); left > 0; --left) {
    std::size_t pick = tables.size(), fewest = 0;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (done[i]) continue;
      const std::size_t n = remainingChildren(tables[i]);
      if (pick == tables.size() || n < fewest) {
        pick = i;
        fewest = n;
      }
      if (n == 0) break;
    }
    done[pick] = true;
    remaining.erase(folded(tables[pick]));
    add("table", "TABLE", tables[pick]);
  }
  return plan;
}

}  // namespace roost::migrate::detail
