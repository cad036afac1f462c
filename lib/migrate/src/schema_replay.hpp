#pragma once
// SchemaReplica: an in-memory SQLite database holding a copy of a target's schema and no
// rows, with foreign keys on as D1 has them, on which migration statements are replayed one
// by one to see what each would do to the real database. Not thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/sqlite_connection.hpp"

namespace roost::migrate::detail {

// One foreign key of the replica: child.column REFERENCES parent, with its ON DELETE action
// upper-cased ("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION").
struct ForeignKeyEdge {
  std::string child;
  std::string column;
  std::string parent;
  std::string onDelete;
};

class SchemaReplica {
 public:
  // An empty database.
  SchemaReplica();
  // A copy of target's tables, views and triggers (not sqlite_* nor _cf_*; no indexes).
  explicit SchemaReplica(Connection& target);

  // Runs one statement; on failure returns the database's message. `PRAGMA foreign_keys`
  // settings are not run: on D1 they do nothing, so they do nothing here either.
  std::optional<std::string> run(std::string_view sql);

  std::vector<ForeignKeyEdge> foreignKeys();
  // The table's name as the replica spells it, matched case-insensitively; nullopt if none.
  std::optional<std::string> table(std::string_view name);
  bool hasColumn(std::string_view table, std::string_view column);
  std::vector<std::string> tables();

 private:
  SqliteConnection db_{":memory:"};
};

}  // namespace roost::migrate::detail
