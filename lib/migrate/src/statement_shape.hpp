#pragma once
// The few statement shapes the data-loss analysis acts on, read from a statement's first
// tokens: DROP TABLE, DELETE FROM, ALTER TABLE ... RENAME TO, INSERT/REPLACE INTO, UPDATE,
// PRAGMA defer_foreign_keys, and CREATE [UNIQUE] INDEX / DROP INDEX / REINDEX (Index). Names are unquoted ("x", `x`, [x], or bare) and stripped of a
// schema prefix ("main".x). Anything else is Other. Pure; thread-safe.
#include <string>
#include <string_view>

namespace roost::migrate::detail {

struct StatementShape {
  enum class Kind { Other, DropTable, Delete, RenameTable, Insert, Update, DeferForeignKeys, Index };
  Kind kind = Kind::Other;
  std::string table;     // the table acted on (RenameTable: the old name)
  std::string newName;   // RenameTable: the new name
  bool hasWhere = false; // Delete: a WHERE clause follows
  bool replaces = false; // Insert: REPLACE INTO or INSERT OR REPLACE (deletes the rows it conflicts with)
  bool on = false;       // DeferForeignKeys: switched on (true, on, yes, 1)
};

StatementShape shapeOf(std::string_view sql);

}  // namespace roost::migrate::detail
