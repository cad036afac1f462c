#include "schema_replay.hpp"

#include "roost/orm/error.hpp"
#include "roost/orm/sql_text.hpp"

namespace roost::migrate::detail {

namespace {

constexpr const char* kUserObjects =
    "SELECT type, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND type <> 'index' ORDER BY type <> 'table', rowid";

bool isForeignKeySetting(std::string_view sql) {
  if (firstKeyword(sql) != "PRAGMA") return false;
  std::string lower;
  for (char c : sql) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  const std::size_t at = lower.find("foreign_keys");
  if (at == std::string::npos || lower.find("defer_foreign_keys") != std::string::npos) return false;
  return lower.find_first_of("=(", at) != std::string::npos;  // a setting, not a read
}

}  // namespace

// One transaction for the replica's whole life, never committed: each replayed statement
// then costs no commit of its own (and deferred foreign-key checks never fire).
SchemaReplica::SchemaReplica() { db_.executeScript("PRAGMA foreign_keys = ON; BEGIN"); }

SchemaReplica::SchemaReplica(Connection& target) : SchemaReplica() {
  // Tables first, then views and triggers, each in creation order (no indexes: they hold no
  // foreign keys, and the replay makes or drops none). An object the
  // copy cannot make (a virtual table's shadow tables, made again by the virtual table; a
  // module this SQLite lacks) is left out: it holds no foreign keys the analysis could miss.
  for (const auto& row : target.execute(kUserObjects).rows) {
    try {
      db_.executeScript(row.at(1).asText());
    } catch (const QueryError&) {
    }
  }
}

std::optional<std::string> SchemaReplica::run(std::string_view sql) {
  if (isForeignKeySetting(sql)) return std::nullopt;
  try {
    db_.executeScript(sql);
    return std::nullopt;
  } catch (const QueryError& e) {
    return e.databaseMessage();
  }
}

std::vector<ForeignKeyEdge> SchemaReplica::foreignKeys() {
  const Result r = db_.execute(
      "SELECT m.name, f.\"from\", f.\"table\", upper(f.on_delete) FROM sqlite_schema AS m "
      "JOIN pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'");
  std::vector<ForeignKeyEdge> out;
  for (const auto& row : r.rows)
    out.push_back({row.at(0).asText(), row.at(1).asText(), row.at(2).asText(), row.at(3).asText()});
  return out;
}

std::optional<std::string> SchemaReplica::table(std::string_view name) {
  const Value args[] = {Value(std::string(name))};
  const Result r = db_.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE", args);
  if (r.rows.empty()) return std::nullopt;
  return r.rows.front().at(0).asText();
}

bool SchemaReplica::hasColumn(std::string_view table, std::string_view column) {
  const Value args[] = {Value(std::string(table)), Value(std::string(column))};
  return !db_.execute("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE", args).rows.empty();
}

std::vector<std::string> SchemaReplica::tables() {
  std::vector<std::string> out;
  for (const auto& row : db_.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").rows)
    out.push_back(row.at(0).asText());
  return out;
}

}  // namespace roost::migrate::detail
