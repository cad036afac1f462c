// The Migrator on a tracking table shared with wrangler: wrangler's table stays as wrangler
// makes it, roost's batches go in roost_migration_batches atomically with each migration.
#include <doctest/doctest.h>

#include "roost/migrate/errors.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

constexpr const char* kWranglersCreate =
    "CREATE TABLE IF NOT EXISTS \"d1_migrations\"(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "\t\tname       TEXT UNIQUE,\n\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n);";

struct Project {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  roost::SqliteConnection wrangler{":memory:"};  // a table as wrangler makes it, to compare with
  MigrationRepository repo{db};

  Project() {
    std::filesystem::create_directories(dir);
    wrangler.execute(kWranglersCreate);
  }
  Migrator migrator() { return Migrator(repo, MigrationFiles(dir)); }
  std::string schemaOf(roost::Connection& c) {
    return c.execute("SELECT sql FROM sqlite_schema WHERE name = 'd1_migrations'").rows.at(0).at(0).toString();
  }
  bool wranglersSchema() { return schemaOf(db) == schemaOf(wrangler); }
};

}  // namespace

TEST_CASE("a failing run leaves wrangler's table as wrangler made it") {
  Project p;
  p.db.execute(kWranglersCreate);
  p.db.execute("INSERT INTO d1_migrations (name) VALUES ('0001_a.sql')");
  addMigration(p.dir, "0001_a.sql", "CREATE TABLE a (x);");
  addMigration(p.dir, "0002_bad.sql", "CREATE TABLE b (x);\nINSERT INTO nowhere VALUES (1);");
  CHECK_THROWS_AS(p.migrator().run(), roost::MigrationError);
  CHECK(p.wranglersSchema());
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations')") == 3);
  CHECK_FALSE(tableExists(p.db, "b"));
  CHECK_FALSE(tableExists(p.db, "roost_migration_batches"));  // created with the first batch row only
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM d1_migrations") == 1);
}

TEST_CASE("migrate records the batch in roost_migration_batches; rollback removes both rows") {
  Project p;
  addMigration(p.dir, "0001_a.sql", "CREATE TABLE a (x);", "DROP TABLE a;");
  addMigration(p.dir, "0002_add user's settings.sql", "CREATE TABLE s (x);", "DROP TABLE s;");
  p.migrator().run();
  CHECK(p.wranglersSchema());
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM d1_migrations WHERE name = '0002_add user''s settings.sql'") == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM d1_migrations AS t JOIN roost_migration_batches AS b"
                     " ON b.migrations_table = 'd1_migrations' AND b.name = t.name AND b.batch = 1") == 2);
  // wrangler applies one more: no batch row, counts as applied, and is the newest "batch".
  addMigration(p.dir, "0003_w.sql", "CREATE TABLE w (x);", "DROP TABLE w;");
  p.db.executeScript("CREATE TABLE w (x); INSERT INTO d1_migrations (name) VALUES ('0003_w.sql');");
  CHECK(p.migrator().pending().empty());
  auto status = p.migrator().status();
  CHECK_FALSE(status.at(2).batch.has_value());
  CHECK(p.migrator().rollback().migrations.size() == 1);
  CHECK_FALSE(tableExists(p.db, "w"));
  CHECK(p.migrator().rollback().migrations.size() == 2);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM d1_migrations") == 0);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM roost_migration_batches") == 0);
  CHECK(p.wranglersSchema());
}

TEST_CASE("an empty migrations folder still creates the tracking table on migrate, as wrangler does") {
  Project p;
  CHECK(p.migrator().run({.pretend = true}).migrations.empty());
  CHECK_FALSE(tableExists(p.db, "d1_migrations"));  // --pretend writes nothing
  CHECK(p.migrator().status().empty());
  CHECK_FALSE(tableExists(p.db, "d1_migrations"));
  CHECK(p.migrator().run().migrations.empty());
  CHECK(tableExists(p.db, "d1_migrations"));
  CHECK(p.wranglersSchema());
  CHECK_FALSE(tableExists(p.db, "roost_migration_batches"));
}

TEST_CASE("a database made by roost 0.1 (batch column) is upgraded by the next migrate, and keeps its batches") {
  Project p;
  addMigration(p.dir, "0001_a.sql", "CREATE TABLE a (x);", "DROP TABLE a;");
  addMigration(p.dir, "0002_b.sql", "CREATE TABLE b (x);", "DROP TABLE b;");
  addMigration(p.dir, "0003_c.sql", "CREATE TABLE c (x);", "DROP TABLE c;");
  p.db.executeScript(
      "CREATE TABLE IF NOT EXISTS \"d1_migrations\" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER);"
      "CREATE TABLE a (x); CREATE TABLE b (x);"
      "INSERT INTO d1_migrations (name, batch) VALUES ('0001_a.sql', 1), ('0002_b.sql', 2);");
  // status and --pretend read the old column and change nothing.
  auto status = p.migrator().status();
  CHECK(status.at(1).batch == 2);
  CHECK(p.migrator().run({.pretend = true}).migrations.size() == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations') WHERE name = 'batch'") == 1);

  auto report = p.migrator().run();
  REQUIRE(report.migrations.size() == 1);
  CHECK(report.migrations[0].batch == 3);
  CHECK(p.wranglersSchema());
  CHECK(p.migrator().rollback().migrations.size() == 1);
  auto back = p.migrator().rollback();  // batch 2: 0002 only
  REQUIRE(back.migrations.size() == 1);
  CHECK(back.migrations[0].name == "0002_b.sql");
}

TEST_CASE("rollback on a roost 0.1 database upgrades it first") {
  Project p;
  addMigration(p.dir, "0001_a.sql", "CREATE TABLE a (x);", "DROP TABLE a;");
  p.db.executeScript(
      "CREATE TABLE \"d1_migrations\" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER);"
      "CREATE TABLE a (x); INSERT INTO d1_migrations (name, batch) VALUES ('0001_a.sql', 1);");
  CHECK(p.migrator().rollback({.pretend = true}).migrations.size() == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations') WHERE name = 'batch'") == 1);
  CHECK(p.migrator().rollback().migrations.size() == 1);
  CHECK(p.wranglersSchema());
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM d1_migrations") == 0);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM roost_migration_batches") == 0);
}

TEST_CASE("a custom migrations_table like my-custom-table works end to end") {
  Project p;
  MigrationRepository repo(p.db, "my-custom-table");
  addMigration(p.dir, "0001_a.sql", "CREATE TABLE a (x);", "DROP TABLE a;");
  Migrator m(repo, MigrationFiles(p.dir));
  CHECK(m.run().migrations.size() == 1);
  CHECK(tableExists(p.db, "my-custom-table"));
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM \"my-custom-table\"") == 1);
  CHECK(m.rollback().migrations.size() == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM \"my-custom-table\"") == 0);
}
