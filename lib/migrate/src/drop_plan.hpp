#pragma once
// Internal to roost::migrate: the statements that drop every object of a database in an
// order SQLite and D1 accept with foreign keys enforced (migrate:fresh).
//
// With foreign keys on, DROP TABLE first deletes the table's rows, running ON DELETE actions
// on its children; an action on a child whose other parent is already gone fails to compile
// ("no such table: main.user"). So: triggers, then views (they may name anything), then
// virtual tables (each drops its own shadow tables, which are never dropped directly), then
// tables children first. A cycle of foreign keys leaves no child-free table: the one with the
// fewest remaining children goes first, under PRAGMA defer_foreign_keys so the rows it
// leaves dangling are only counted, and settle once their own table is dropped.
// sqlite_* (sqlite_sequence among them) and D1's reserved _cf_* are never touched.
#include <string>
#include <vector>

#include "roost/orm/connection.hpp"

namespace roost::migrate::detail {

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

}  // namespace roost::migrate::detail
