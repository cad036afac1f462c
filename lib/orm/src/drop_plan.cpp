#include "drop_plan.hpp"

#include <cstddef>
#include <map>
#include <set>

#include "roost/orm/identifier.hpp"

namespace roost::detail {

namespace {

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
SELECT 'o' AS k, CASE WHEN m.type = 'table' THEN COALESCE(l.type, 'table') ELSE m.type END AS a, m.name AS b,
       m.rowid AS r, NULL AS d
  FROM sqlite_schema AS m LEFT JOIN pragma_table_list AS l ON l.schema = 'main' AND l.name = m.name
  WHERE m.type IN ('table', 'view', 'trigger')
    AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
UNION ALL
SELECT 'f', m.name, f."table", m.rowid, upper(f.on_delete)
  FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
  WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
    AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
ORDER BY 1 DESC, 4
)sql";

}  // namespace

namespace {

// The foreign keys between the tables to drop, by index into `tables` (creation order).
struct Graph {
  std::vector<std::vector<std::size_t>> parents, children, cascades;  // cascades: children with ON DELETE CASCADE
};

// Whether DROP TABLE tables[x] compiles while only `left` remain: its implicit DELETE runs
// the ON DELETE CASCADE deletes on its children, recursively, and each of those checks the
// child's parents, which must all still exist. (x's own keys are checked leniently.)
bool safeToDrop(const Graph& g, std::size_t x, const std::vector<bool>& left) {
  std::vector<bool> seen(left.size(), false);
  std::vector<std::size_t> todo(g.cascades[x].begin(), g.cascades[x].end());
  while (!todo.empty()) {
    const std::size_t y = todo.back();
    todo.pop_back();
    if (!left[y] || seen[y]) continue;
    seen[y] = true;
    for (std::size_t p : g.parents[y])
      if (!left[p]) return false;
    todo.insert(todo.end(), g.cascades[y].begin(), g.cascades[y].end());
  }
  return true;
}

bool hasChildLeft(const Graph& g, std::size_t x, const std::vector<bool>& left) {
  for (std::size_t c : g.children[x])
    if (left[c]) return true;
  return false;
}

// Children first; where a cycle leaves no child-free table, a search (memoised on the set
// left) for an order in which every drop compiles. Appends to `order`; false if none exists.
bool orderDrops(const Graph& g, std::vector<bool>& left, std::size_t count, std::vector<std::size_t>& order,
                std::set<std::vector<bool>>& dead) {
  if (count == 0) return true;
  for (std::size_t x = 0; x < left.size(); ++x) {
    if (!left[x] || hasChildLeft(g, x, left)) continue;
    left[x] = false;  // a table nothing left references: always fine, and never a wrong turn
    order.push_back(x);
    if (orderDrops(g, left, count - 1, order, dead)) return true;
    order.pop_back();
    left[x] = true;
    return false;
  }
  if (dead.count(left) || dead.size() > 4096) return false;
  for (std::size_t x = 0; x < left.size(); ++x) {
    if (!left[x] || !safeToDrop(g, x, left)) continue;
    left[x] = false;
    order.push_back(x);
    if (orderDrops(g, left, count - 1, order, dead)) return true;
    order.pop_back();
    left[x] = true;
  }
  dead.insert(left);
  return false;
}

}  // namespace

DropPlan planDropAll(Connection& connection) {
  Result r = connection.execute(kObjectsSql);
  std::vector<std::string> triggers, views, virtuals, tables;  // creation order
  struct Edge {
    std::string child, parent;  // folded
    bool cascade;
  };
  std::vector<Edge> edges;
  for (const auto& row : r.rows) {
    const std::string kind = row.at(1).toString();
    const std::string name = row.at(2).toString();
    if (row.at(0).toString() == "f") {
      edges.push_back({folded(kind), folded(name), !row.at(4).isNull() && row.at(4).toString() == "CASCADE"});
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
    plan.statements.push_back({"DROP " + std::string(sqlType) + " IF EXISTS " + quoteAnyName(name), {}});
  };
  if (triggers.empty() && views.empty() && virtuals.empty() && tables.empty()) return plan;
  plan.statements.push_back({"PRAGMA defer_foreign_keys = ON", {}});
  for (const auto& n : triggers) add("trigger", "TRIGGER", n);
  for (const auto& n : views) add("view", "VIEW", n);
  for (const auto& n : virtuals) add("table", "TABLE", n);

  Graph g;
  g.parents.resize(tables.size());
  g.children.resize(tables.size());
  g.cascades.resize(tables.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < tables.size(); ++i) index.emplace(folded(tables[i]), i);
  for (const Edge& e : edges) {
    const auto child = index.find(e.child), parent = index.find(e.parent);
    if (child == index.end() || parent == index.end()) continue;  // a key to a table that never existed
    g.parents[child->second].push_back(parent->second);
    if (e.cascade) g.cascades[parent->second].push_back(child->second);  // itself too: it deletes its own rows
    if (child->second != parent->second) g.children[parent->second].push_back(child->second);
  }
  std::vector<bool> left(tables.size(), true);
  std::vector<std::size_t> order;
  std::set<std::vector<bool>> dead;
  if (!orderDrops(g, left, tables.size(), order, dead)) {
    // No order compiles (or the search gave up): creation order, and the database's error.
    order.clear();
    for (std::size_t i = 0; i < tables.size(); ++i) order.push_back(i);
  }
  for (std::size_t i : order) add("table", "TABLE", tables[i]);
  return plan;
}

}  // namespace roost::detail
