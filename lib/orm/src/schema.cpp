#include "roost/orm/schema.hpp"

#include <algorithm>
#include <map>

#include "roost/orm/connection.hpp"
#include "roost/orm/identifier.hpp"
#include "drop_plan.hpp"

namespace roost {

namespace {

// One statement for the whole schema: columns ('c'), foreign-key parts ('f') and the
// columns of single-column unique indexes ('u'), ordered by table then kind. sqlite_* and
// _cf_* tables are left out here, not later: D1 refuses even to describe _cf_KV.
constexpr std::string_view kSchemaSql = R"sql(
SELECT 'c' AS k, m.name AS t, p.cid AS n, p.name AS a, p.type AS b, p."notnull" AS c, p.dflt_value AS d, p.pk AS e
  FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
UNION ALL
SELECT 'f', m.name, f.id, f."from", f."table", f."to", f.seq, NULL
  FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
UNION ALL
SELECT 'u', m.name, 0, ii.name, NULL, NULL, NULL, NULL
  FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_info(il.name) AS ii
  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_cf\_%' ESCAPE '\'
    AND il."unique" = 1 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1
ORDER BY 2, 1, 3, 7
)sql";

std::string text(const Value& v) { return v.isNull() ? std::string() : v.toString(); }
std::int64_t integer(const Value& v) { return v.isInteger() ? *v.intIf() : 0; }

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

}  // namespace

const ColumnInfo* TableInfo::column(std::string_view n) const noexcept {
  for (const ColumnInfo& c : columns)
    if (c.name == n) return &c;
  return nullptr;
}

std::string TableInfo::primaryKey() const {
  const ColumnInfo* key = nullptr;
  for (const ColumnInfo& c : columns) {
    if (c.primaryKeyIndex == 0) continue;
    if (key) return {};  // composite
    key = &c;
  }
  return key ? key->name : std::string();
}

const TableInfo* Schema::table(std::string_view n) const noexcept {
  for (const TableInfo& t : tables)
    if (t.name == n) return &t;
  return nullptr;
}

bool isInternalTable(std::string_view name, std::string_view migrationsTable) noexcept {
  return startsWith(name, "sqlite_") || startsWith(name, "_cf_") || name == migrationsTable ||
         name == kDefaultMigrationsTable || name == kBatchesTable;
}

Schema readSchema(Connection& connection) {
  Result r = connection.execute(kSchemaSql);
  Schema schema;
  // Foreign-key parts by (table, id): composite keys (more than one part) are skipped.
  struct FkParts {
    std::string table;
    std::vector<ForeignKeyInfo> parts;
  };
  std::map<std::pair<std::string, std::int64_t>, FkParts> fks;
  for (const auto& row : r.rows) {
    const std::string kind = text(row[0]);
    const std::string table = text(row[1]);
    if (schema.tables.empty() || schema.tables.back().name != table) {
      schema.tables.emplace_back();
      schema.tables.back().name = table;
    }
    TableInfo& t = schema.tables.back();
    if (kind == "c") {
      ColumnInfo c;
      c.name = text(row[3]);
      c.type = text(row[4]);
      c.notNull = integer(row[5]) != 0;
      if (!row[6].isNull()) c.defaultValue = text(row[6]);
      c.primaryKeyIndex = static_cast<int>(integer(row[7]));
      t.columns.push_back(std::move(c));
    } else if (kind == "f") {
      auto& parts = fks[{table, integer(row[2])}];
      parts.table = table;
      parts.parts.push_back(ForeignKeyInfo{text(row[3]), text(row[4]), text(row[5])});
    } else if (kind == "u") {
      for (ColumnInfo& c : t.columns)
        if (c.name == text(row[3])) c.unique = true;
    }
  }
  // A single-column primary key is unique too.
  for (TableInfo& t : schema.tables) {
    const std::string pk = t.primaryKey();
    for (ColumnInfo& c : t.columns)
      if (!pk.empty() && c.name == pk) c.unique = true;
  }
  for (auto& [key, fk] : fks) {
    if (fk.parts.size() != 1) continue;
    ForeignKeyInfo info = std::move(fk.parts.front());
    if (info.referencedColumn.empty()) {  // REFERENCES users: the referenced table's primary key
      const TableInfo* referenced = schema.table(info.referencedTable);
      info.referencedColumn = referenced ? referenced->primaryKey() : std::string();
      if (info.referencedColumn.empty()) info.referencedColumn = "rowid";
    }
    for (TableInfo& t : schema.tables)
      if (t.name == fk.table) t.foreignKeys.push_back(std::move(info));
  }
  // pragma_foreign_key_list numbers keys in reverse declaration order; show them as declared.
  for (TableInfo& t : schema.tables) {
    std::stable_sort(t.foreignKeys.begin(), t.foreignKeys.end(), [&](const ForeignKeyInfo& a, const ForeignKeyInfo& b) {
      auto pos = [&](const std::string& col) {
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          if (t.columns[i].name == col) return i;
        return t.columns.size();
      };
      return pos(a.column) < pos(b.column);
    });
  }
  return schema;
}

std::vector<std::string> listTables(Connection& connection, std::string_view migrationsTable) {
  Result r = connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    std::string name = text(row[0]);
    if (!isInternalTable(name, migrationsTable)) out.push_back(std::move(name));
  }
  return out;
}

Statement highestKeyRead(std::string_view table, std::string_view key) {
  Statement s;
  s.sql = "SELECT max(";
  appendQuotedIdentifier(s.sql, key);
  s.sql += ") FROM ";
  appendQuotedIdentifier(s.sql, table);
  return s;
}

Statement autoincrementSequenceRead(std::string_view table) {
  return Statement{"SELECT seq FROM sqlite_sequence WHERE name = ?", {Value(std::string(table))}};
}

std::vector<std::string> tableDefinition(Connection& connection, std::string_view table) {
  const Value name{std::string(table)};
  Result r = connection.execute(
      "SELECT sql FROM sqlite_schema WHERE tbl_name = ?1 AND sql IS NOT NULL "
      "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name",
      std::span<const Value>(&name, 1));
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(text(row[0]));
  return out;
}

std::vector<DroppedObject> dropAllTables(Connection& conn) {
  const detail::DropPlan plan = detail::planDropAll(conn);
  std::vector<DroppedObject> dropped;
  if (plan.statements.empty()) return dropped;
  if (conn.supportsTransactions()) {
    // Local SQLite: foreign keys off for the drops (a no-op inside a transaction, so set
    // before the batch's), on again after, whatever happens. D1 ignores the pragma: there
    // the drop order and defer_foreign_keys do it alone, as they would here.
    const bool enforced = conn.execute("PRAGMA foreign_keys").rows.at(0).at(0).asInt() != 0;
    if (enforced) conn.execute("PRAGMA foreign_keys = OFF");
    try {
      conn.batch(plan.statements);
    } catch (...) {
      if (enforced) conn.execute("PRAGMA foreign_keys = ON");
      throw;
    }
    if (enforced) conn.execute("PRAGMA foreign_keys = ON");
  } else {
    conn.batch(plan.statements);
  }
  for (const detail::DropPlan::Object& o : plan.objects)
    if (o.type != "trigger") dropped.push_back({o.type, o.name});
  return dropped;
}

}  // namespace roost
