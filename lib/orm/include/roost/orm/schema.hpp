#pragma once
// Schema introspection through a Connection, in SQL only: sqlite_schema joined with the
// pragma_table_info / pragma_foreign_key_list / pragma_index_list table-valued functions.
// No sqlite3 C API, no PRAGMA statements, so it works unchanged on D1's REST API.
//
//   roost::Schema s = roost::readSchema(conn);   // one query, every table
//   for (const auto& t : s.tables) if (!isInternalTable(t.name)) ...
//
// A Schema is a plain value (copyable, no connection kept); thread-compatible.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roost {

class Connection;
struct Statement;

// wrangler's default migrations tracking table, and roost's table of batch numbers beside it
// (see roost/migrate/migration_repository.hpp).
inline constexpr std::string_view kDefaultMigrationsTable = "d1_migrations";
inline constexpr std::string_view kBatchesTable = "roost_migration_batches";

struct ColumnInfo {
  std::string name;
  std::string type;                          // as declared ("INTEGER", "TEXT", "" when none)
  bool notNull = false;
  std::optional<std::string> defaultValue;  // the default's SQL text, as declared
  int primaryKeyIndex = 0;                   // 1-based position in the primary key; 0 = not part of it
  bool unique = false;                       // a single-column UNIQUE index or constraint covers it
};

struct ForeignKeyInfo {
  std::string column;            // the referencing column on this table ("author_id")
  std::string referencedTable;   // "users"
  std::string referencedColumn;  // "id" (the referenced table's primary key when the DDL leaves it out)
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;
  std::vector<ForeignKeyInfo> foreignKeys;  // single-column keys only (composite ones are skipped)

  const ColumnInfo* column(std::string_view columnName) const noexcept;
  bool hasColumn(std::string_view columnName) const noexcept { return column(columnName) != nullptr; }
  // The single primary-key column, or "" when the key is composite or the table has none (rowid).
  std::string primaryKey() const;
};

struct Schema {
  std::vector<TableInfo> tables;  // ordered by name
  const TableInfo* table(std::string_view tableName) const noexcept;
};

// sqlite_*, _cf_* (D1's reserved names), the migrations tracking table (default
// d1_migrations) and roost's roost_migration_batches: the tables a user never models.
bool isInternalTable(std::string_view name, std::string_view migrationsTable = kDefaultMigrationsTable) noexcept;

// Every table (type 'table'; views and virtual-table shadows included as SQLite lists them)
// with its columns, unique single columns and foreign keys, read in one statement.
Schema readSchema(Connection& connection);

// The names of the tables, ordered, internal ones left out.
std::vector<std::string> listTables(Connection& connection, std::string_view migrationsTable = kDefaultMigrationsTable);

// The reads that tell the highest key a table has handed out, as statements (the caller runs
// them: the seeder records and replays its reads): max(key) over the rows, and for an
// AUTOINCREMENT table its sqlite_sequence entry (which never goes down). Each gives one value.
Statement highestKeyRead(std::string_view table, std::string_view key);
Statement autoincrementSequenceRead(std::string_view table);

struct DroppedObject {
  std::string type;  // "view" or "table" (virtual tables too)
  std::string name;
};

// Drops every trigger, view and table (never sqlite_* or D1's reserved _cf_*), children
// before parents so foreign keys never stop it (local SQLite: foreign keys off meanwhile, on
// again after; D1 and an open transaction: the drop order alone does it), in one batch.
// Returns the views and tables dropped, in drop order (triggers go with their tables).
std::vector<DroppedObject> dropAllTables(Connection& connection);

// The CREATE statements of a table and its indexes and triggers, as stored in sqlite_schema
// (the table's first). Empty when no such table exists.
std::vector<std::string> tableDefinition(Connection& connection, std::string_view table);

}  // namespace roost
