// migrate:fresh on a real schema, with foreign keys enforced: a CASCADE chain whose grandchild
// also references the root, a cycle, a view, a trigger and an FTS5 table.
#include <doctest/doctest.h>

#include <algorithm>

#include "roost/migrate/migrator.hpp"
#include "support.hpp"
#include "support/fresh_schema.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

const std::string kRealSchema = roost::test::freshSchema();

}  // namespace

TEST_CASE("fresh drops a real schema with foreign keys on: cascade chain, cycle, view, trigger, FTS5") {
  roost::test::TempDir tmp;
  const auto dir = tmp.path() / "migrations";
  addMigration(dir, "0001_schema.sql", kRealSchema);
  roost::SqliteConnection db((tmp.path() / "db.sqlite").string());
  REQUIRE(scalar(db, "PRAGMA foreign_keys") == 1);
  MigrationRepository repo(db);
  Migrator m(repo, MigrationFiles(dir));
  m.run();
  db.executeScript("CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB); INSERT INTO _cf_KV VALUES ('k', x'00');");

  MigrationReport report = m.fresh();
  CHECK(report.migrations.size() == 1);
  CHECK(report.dropped.front() == "upcoming");
  for (const char* t : {"notes_data", "notes_idx", "notes_content", "notes_docsize", "notes_config"})
    CHECK(std::find(report.dropped.begin(), report.dropped.end(), t) == report.dropped.end());  // shadows: never directly
  CHECK(scalar(db, "SELECT COUNT(*) FROM ticket") == 1);  // the migration ran again
  CHECK(scalar(db, "SELECT COUNT(*) FROM player") == 2);
  CHECK(scalar(db, "SELECT COUNT(*) FROM notes") == 1);
  CHECK(tableExists(db, "_cf_KV"));
  CHECK(scalar(db, "PRAGMA foreign_keys") == 1);  // on again
  CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE("the drop order alone does it with foreign keys enforced throughout (as on D1)") {
  roost::test::TempDir tmp;
  const auto dir = tmp.path() / "migrations";
  addMigration(dir, "0001_schema.sql", kRealSchema);
  roost::SqliteConnection db((tmp.path() / "db.sqlite").string());
  MigrationRepository repo(db);
  Migrator m(repo, MigrationFiles(dir));
  m.run();
  // Inside a transaction PRAGMA foreign_keys = OFF is a no-op, as D1 ignores it.
  roost::Transaction tx(db);
  const auto dropped = roost::test::dropAllTableNames(db);
  CHECK(scalar(db, "PRAGMA foreign_keys") == 1);
  tx.commit();
  CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite%'") == 0);
  // Children before parents.
  const auto at = [&](const char* n) { return std::find(dropped.begin(), dropped.end(), n) - dropped.begin(); };
  CHECK(at("ticket") < at("event"));
  CHECK(at("event") < at("user"));
}

TEST_CASE("in a cascade cycle the drop order is one that compiles: A -> Y -> A and B -> Y -> B need Y first") {
  roost::test::TempDir tmp;
  const auto dir = tmp.path() / "migrations";
  addMigration(dir, "0001_schema.sql", R"sql(
CREATE TABLE A (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES Y(id) ON DELETE CASCADE);
CREATE TABLE B (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES Y(id) ON DELETE CASCADE);
CREATE TABLE Y (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES A(id) ON DELETE CASCADE,
  b_id INTEGER REFERENCES B(id) ON DELETE CASCADE);
CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,
  a_id INTEGER REFERENCES A(id));
INSERT INTO A VALUES (1, NULL); INSERT INTO B VALUES (1, NULL); INSERT INTO Y VALUES (1, 1, 1);
UPDATE A SET y_id = 1; UPDATE B SET y_id = 1;
INSERT INTO node VALUES (1, NULL, 1), (2, 1, 1);
)sql");
  roost::SqliteConnection db((tmp.path() / "db.sqlite").string());
  MigrationRepository repo(db);
  Migrator m(repo, MigrationFiles(dir));
  m.run();
  roost::Transaction tx(db);  // foreign keys stay enforced, as on D1
  const auto dropped = roost::test::dropAllTableNames(db);
  tx.commit();
  CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite%'") == 0);
  const auto at = [&](const char* n) { return std::find(dropped.begin(), dropped.end(), n) - dropped.begin(); };
  CHECK(at("Y") < at("A"));
  CHECK(at("Y") < at("B"));
  CHECK(at("node") < at("A"));  // its own cascade checks its parent A
}
