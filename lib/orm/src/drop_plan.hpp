#pragma once
// Internal to lib/orm: the statements that drop every object of a database in an order
// SQLite and D1 accept with foreign keys enforced (dropAllTables, migrate:fresh).
//
// With foreign keys on, DROP TABLE first deletes the table's rows, and that DELETE compiles
// the ON DELETE CASCADE deletes on its children, recursively, each checking the child's
// parents: one already dropped fails it ("no such table: main.user"). So: triggers, then
// views (they may name anything), then virtual tables (each drops its own shadow tables,
// which are never dropped directly), then tables children first. Where a cycle of foreign
// keys leaves no child-free table, a small search finds an order in which every DROP
// compiles (in a cycle A -> Y -> A, B -> Y -> B with cascades only Y first does), under
// PRAGMA defer_foreign_keys so rows left dangling meanwhile are only counted.
// sqlite_* (sqlite_sequence among them) and D1's reserved _cf_* are never touched.
#include <string>
#include <vector>

#include "roost/orm/connection.hpp"

namespace roost::detail {

struct DropPlan {
  struct Object {
    std::string type;  // "trigger", "view", "table" (virtual tables too)
    std::string name;
  };
  std::vector<Object> objects;      // in drop order
  std::vector<Statement> statements;  // PRAGMA defer_foreign_keys = ON, then one DROP each
};

// Reads sqlite_schema, pragma_table_list and pragma_foreign_key_list in one query.
DropPlan planDropAll(Connection& connection);

}  // namespace roost::detail
