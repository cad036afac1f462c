#include <doctest/doctest.h>

#include "roost/migrate/migration_repository.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using roost::migrate::MigrationRepository;
using roost::test::scalar;

TEST_CASE("reading a database without a tracking table creates nothing") {
  roost::SqliteConnection db(":memory:");
  MigrationRepository repo(db);
  CHECK_FALSE(repo.exists());
  CHECK(repo.getRan().empty());
  CHECK(repo.lastBatchNumber() == 0);
  CHECK(repo.nextBatchNumber() == 1);
  CHECK_FALSE(repo.exists());
}

TEST_CASE("the tracking table has wrangler's schema plus batch") {
  roost::SqliteConnection db(":memory:");
  MigrationRepository repo(db);
  repo.ensureExists();
  repo.ensureExists();  // idempotent
  auto cols = db.execute("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('d1_migrations') ORDER BY cid");
  REQUIRE(cols.rows.size() == 4);
  CHECK(cols.rows[0][0] == "id");
  CHECK(cols.rows[1][0] == "name");
  CHECK(cols.rows[2][0] == "applied_at");
  CHECK(cols.rows[2][3] == "CURRENT_TIMESTAMP");
  CHECK(cols.rows[3][0] == "batch");
  CHECK(cols.rows[3][2] == 0);  // nullable
  repo.log("0001_a.sql", 1);
  repo.log("0002_b.sql", 1);
  repo.log("0003_c.sql", 2);
  CHECK(repo.lastBatchNumber() == 2);
  auto last = repo.getLast();
  REQUIRE(last.size() == 1);
  CHECK(last[0].name == "0003_c.sql");
  auto steps = repo.getLastSteps(2);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].name == "0003_c.sql");
  CHECK(steps[1].name == "0002_b.sql");
  repo.remove("0003_c.sql");
  CHECK(repo.getLast().size() == 2);
  CHECK_THROWS_AS(repo.log("0001_a.sql", 3), roost::QueryError);  // name is UNIQUE
}

TEST_CASE("a table made by wrangler gains a batch column and its rows count as applied") {
  roost::SqliteConnection db(":memory:");
  db.executeScript(
      "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);"
      "INSERT INTO d1_migrations (name) VALUES ('0001_a.sql'), ('0002_b.sql');");
  MigrationRepository repo(db);
  auto ran = repo.getRan();  // works before the upgrade too
  REQUIRE(ran.size() == 2);
  CHECK_FALSE(ran[0].batch.has_value());
  repo.ensureExists();
  CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations') WHERE name = 'batch'") == 1);
  CHECK(repo.getRan().size() == 2);
  CHECK(repo.nextBatchNumber() == 1);
  repo.log("0003_c.sql", 1);
  // wrangler applies one more after roost: the newest batch is wrangler's run.
  db.execute("INSERT INTO d1_migrations (name) VALUES ('0004_d.sql')");
  auto last = repo.getLast();
  REQUIRE(last.size() == 1);
  CHECK(last[0].name == "0004_d.sql");
  CHECK(repo.nextBatchNumber() == 2);
}

TEST_CASE("a custom tracking table name must be a plain identifier") {
  roost::SqliteConnection db(":memory:");
  MigrationRepository custom(db, "schema_log");
  custom.ensureExists();
  CHECK(roost::test::tableExists(db, "schema_log"));
  CHECK_THROWS_AS(MigrationRepository(db, "x; DROP TABLE y"), roost::InvalidIdentifierError);
  CHECK_THROWS_AS(MigrationRepository(db, ""), roost::InvalidIdentifierError);
}
