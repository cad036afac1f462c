// Schema introspection in SQL only (sqlite_schema + pragma table-valued functions), so the
// same code reads a D1 database over its REST API.
#include <doctest/doctest.h>

#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"

using namespace roost;

TEST_CASE("readSchema reads every table's columns, keys and foreign keys in one statement") {
  SqliteConnection db(":memory:");
  db.executeScript(R"sql(
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE DEFAULT 'x');
    CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users(id), body TEXT);
    CREATE TABLE pairs (a INTEGER, b INTEGER, PRIMARY KEY (a, b));
    CREATE TABLE links (a INTEGER, b INTEGER, FOREIGN KEY (a, b) REFERENCES pairs (a, b));
    CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY, name TEXT);
    CREATE VIEW recent AS SELECT * FROM posts;
  )sql");
  int statements = 0;
  db.setListener([&](std::string_view, std::span<const Value>) { ++statements; });
  Schema s = readSchema(db);
  CHECK(statements == 1);
  REQUIRE(s.table("users"));
  const ColumnInfo* email = s.table("users")->column("email");
  REQUIRE(email);
  CHECK(email->notNull);
  CHECK(email->unique);
  CHECK(email->defaultValue == "'x'");
  CHECK(email->type == "TEXT");
  CHECK(s.table("users")->primaryKey() == "id");
  CHECK(s.table("pairs")->primaryKey().empty());  // composite
  REQUIRE(s.table("posts")->foreignKeys.size() == 1);
  CHECK(s.table("posts")->foreignKeys[0].referencedTable == "users");
  CHECK(s.table("links")->foreignKeys.empty());  // composite keys are skipped
  CHECK(s.table("recent") == nullptr);            // views are not tables
  CHECK(s.table("d1_migrations"));                // read, but internal:
  CHECK(isInternalTable("d1_migrations"));
}

TEST_CASE("internal tables are left out of listings") {
  CHECK(isInternalTable("sqlite_sequence"));
  CHECK(isInternalTable("_cf_KV"));
  CHECK(isInternalTable("migrations", "migrations"));
  CHECK_FALSE(isInternalTable("posts"));
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT); CREATE TABLE a (x); "
                   "CREATE TABLE d1_migrations (id); CREATE INDEX a_x ON a (x);");
  CHECK(listTables(db) == std::vector<std::string>{"a", "b"});  // no sqlite_sequence, no d1_migrations
  auto def = tableDefinition(db, "a");
  REQUIRE(def.size() == 2);
  CHECK(def[0] == "CREATE TABLE a (x)");
  CHECK(def[1] == "CREATE INDEX a_x ON a (x)");
  CHECK(tableDefinition(db, "nope").empty());
}
