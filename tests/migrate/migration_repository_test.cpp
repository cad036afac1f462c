#include <doctest/doctest.h>

#include "roost/migrate/migration_repository.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using roost::migrate::MigrationRecord;
using roost::migrate::MigrationRepository;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

// The statement `wrangler d1 migrations apply` runs (wrangler 4.116.0, helpers.ts
// getCreateMigrationsTableQuery), copied here as text, tabs and newlines included.
std::string wranglersCreate(const std::string& quotedName) {
  return "CREATE TABLE IF NOT EXISTS " + quotedName +
         "(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n"
         "\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n);";
}

std::string storedSql(roost::Connection& db, const std::string& table) {
  const roost::Value args[] = {roost::Value(table)};
  return db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", args).rows.at(0).at(0).toString();
}

// What roost 0.1 left: wrangler's columns plus `batch INTEGER`, created by roost itself.
constexpr const char* kRoost01Table =
    "CREATE TABLE IF NOT EXISTS \"d1_migrations\" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
    " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER);";

using Rows = std::vector<std::tuple<std::int64_t, std::string, std::string, std::int64_t>>;
Rows rowsOf(const std::vector<MigrationRecord>& ran) {
  Rows out;
  for (const auto& r : ran) out.emplace_back(r.id, r.name, r.appliedAt, r.batch.value_or(-1));
  return out;
}

}  // namespace

TEST_CASE("reading a database without a tracking table creates nothing") {
  roost::SqliteConnection db(":memory:");
  MigrationRepository repo(db);
  CHECK_FALSE(repo.exists());
  CHECK(repo.getRan().empty());
  CHECK(repo.lastBatchNumber() == 0);
  CHECK(repo.nextBatchNumber() == 1);
  CHECK_FALSE(repo.exists());
  CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_schema") == 0);
}

TEST_CASE("the tracking table is wrangler's, byte for byte; batches live in roost_migration_batches") {
  roost::SqliteConnection db(":memory:"), wrangler(":memory:");
  wrangler.execute(wranglersCreate("\"d1_migrations\""));
  MigrationRepository repo(db);
  repo.ensureExists();
  repo.ensureExists();  // idempotent
  CHECK(storedSql(db, "d1_migrations") == storedSql(wrangler, "d1_migrations"));
  CHECK_FALSE(tableExists(db, "roost_migration_batches"));  // only once roost records a batch

  repo.log("0001_a.sql", 1);
  repo.log("0002_b.sql", 1);
  repo.log("0003_c.sql", 2);
  CHECK(storedSql(db, "d1_migrations") == storedSql(wrangler, "d1_migrations"));
  CHECK(scalar(db, "SELECT COUNT(*) FROM roost_migration_batches WHERE migrations_table = 'd1_migrations'") == 3);
  CHECK(repo.lastBatchNumber() == 2);
  auto last = repo.getLast();
  REQUIRE(last.size() == 1);
  CHECK(last[0].name == "0003_c.sql");
  auto steps = repo.getLastSteps(2);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].name == "0003_c.sql");
  CHECK(steps[1].name == "0002_b.sql");
  repo.remove("0003_c.sql");  // both rows
  CHECK(scalar(db, "SELECT COUNT(*) FROM roost_migration_batches WHERE name = '0003_c.sql'") == 0);
  CHECK(repo.getLast().size() == 2);
  CHECK_THROWS_AS(repo.log("0001_a.sql", 3), roost::QueryError);  // name is UNIQUE
  CHECK(scalar(db, "SELECT batch FROM roost_migration_batches WHERE name = '0001_a.sql'") == 1);  // and atomic
}

TEST_CASE("a table made by wrangler stays as wrangler made it; its rows count as applied, without a batch") {
  roost::SqliteConnection db(":memory:");
  db.execute(wranglersCreate("\"d1_migrations\""));
  db.executeScript("INSERT INTO d1_migrations (name) VALUES ('0001_a.sql'), ('0002_b.sql');");
  const std::string before = storedSql(db, "d1_migrations");
  MigrationRepository repo(db);
  auto ran = repo.getRan();
  REQUIRE(ran.size() == 2);
  CHECK_FALSE(ran[0].batch.has_value());
  repo.ensureExists();
  CHECK(storedSql(db, "d1_migrations") == before);
  CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations')") == 3);
  CHECK(repo.nextBatchNumber() == 1);
  repo.log("0003_c.sql", 1);
  CHECK(storedSql(db, "d1_migrations") == before);
  // wrangler applies one more after roost: the newest batch is wrangler's run.
  db.execute("INSERT INTO d1_migrations (name) VALUES ('0004_d.sql')");
  auto last = repo.getLast();
  REQUIRE(last.size() == 1);
  CHECK(last[0].name == "0004_d.sql");
  CHECK(repo.nextBatchNumber() == 2);
  // A batch row left behind (its tracking row deleted by hand) is ignored, and replaced on re-apply.
  db.execute("DELETE FROM d1_migrations WHERE name = '0003_c.sql'");
  CHECK(repo.getRan().size() == 3);
  repo.log("0003_c.sql", 5);
  CHECK(repo.getRan().back().batch == 5);
}

TEST_CASE("roost 0.1's batch column is read as it is, and moved out atomically on the next write") {
  roost::SqliteConnection db(":memory:"), wrangler(":memory:");
  wrangler.execute(wranglersCreate("\"d1_migrations\""));
  db.executeScript(std::string(kRoost01Table) +
                   "INSERT INTO d1_migrations (name, applied_at, batch) VALUES"
                   " ('0001_a.sql', '2026-01-01 10:00:00', NULL), ('0002_b.sql', '2026-01-02 10:00:00', 1),"
                   " ('0003_c.sql', '2026-01-03 10:00:00', 2), ('0004_d.sql', '2026-01-04 10:00:00', 2);"
                   "DELETE FROM d1_migrations WHERE name = '0004_d.sql';");  // rolled back: seq 4, max id 3
  MigrationRepository repo(db);
  const Rows expected{{1, "0001_a.sql", "2026-01-01 10:00:00", -1},
                      {2, "0002_b.sql", "2026-01-02 10:00:00", 1},
                      {3, "0003_c.sql", "2026-01-03 10:00:00", 2}};
  CHECK(rowsOf(repo.getRan()) == expected);  // reading changes nothing
  CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations') WHERE name = 'batch'") == 1);
  CHECK_FALSE(tableExists(db, "roost_migration_batches"));

  SUBCASE("the upgrade") {
    repo.ensureExists();
    CHECK(storedSql(db, "d1_migrations") == storedSql(wrangler, "d1_migrations"));
    CHECK(rowsOf(repo.getRan()) == expected);
    CHECK(scalar(db, "SELECT COUNT(*) FROM roost_migration_batches") == 2);
    CHECK(scalar(db, "SELECT seq FROM sqlite_sequence WHERE name = 'd1_migrations'") == 4);
    CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE 'roost_upgrade%'") == 0);
    repo.log("0005_e.sql", 3);
    CHECK(repo.getRan().back().id == 5);  // ids never repeat the rolled-back one
    CHECK_FALSE(repo.upgradeBatchColumn());
  }
  SUBCASE("fails half-way: nothing lost") {
    db.execute("CREATE TABLE \"roost_upgrade_d1_migrations_seq\" (x)");  // the upgrade's 4th statement fails on it
    CHECK_THROWS_AS(repo.ensureExists(), roost::QueryError);
    CHECK(db.transactionDepth() == 0);
    CHECK(rowsOf(repo.getRan()) == expected);
    CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_table_info('d1_migrations') WHERE name = 'batch'") == 1);
    CHECK_FALSE(tableExists(db, "roost_migration_batches"));
    CHECK_FALSE(tableExists(db, "roost_upgrade_d1_migrations_rows"));
    CHECK(scalar(db, "SELECT seq FROM sqlite_sequence WHERE name = 'd1_migrations'") == 4);
  }
}

TEST_CASE("any migrations_table wrangler accepts is quoted, not refused; names with quotes are bound") {
  roost::SqliteConnection db(":memory:"), wrangler(":memory:");
  for (const std::string name : {"my-custom-table", "schema log", "we\"ird", "x; DROP TABLE y"}) {
    CAPTURE(name);
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    wrangler.execute(wranglersCreate(quoted + "\""));
    MigrationRepository repo(db, name);
    repo.ensureExists();
    CHECK(tableExists(db, name));
    CHECK(storedSql(db, name) == storedSql(wrangler, name));
    repo.log("0001_add user's \"settings\".sql", 1);
    auto ran = repo.getRan();
    REQUIRE(ran.size() == 1);
    CHECK(ran[0].name == "0001_add user's \"settings\".sql");  // as wrangler's '' escaping stores it
    CHECK(ran[0].batch == 1);
    repo.remove(ran[0].name);
    CHECK(repo.getRan().empty());
  }
  CHECK(tableExists(db, "roost_migration_batches"));
  CHECK_THROWS_AS(MigrationRepository(db, ""), roost::InvalidIdentifierError);
  CHECK_THROWS_AS(MigrationRepository(db, std::string("a\0b", 3)), roost::InvalidIdentifierError);
}

TEST_CASE("two tracking tables in one database keep their batches apart") {
  roost::SqliteConnection db(":memory:");
  MigrationRepository main(db), tenant(db, "tenant_migrations");
  main.ensureExists();
  tenant.ensureExists();
  main.log("0001_a.sql", 1);
  tenant.log("0001_a.sql", 7);
  CHECK(main.getRan().at(0).batch == 1);
  CHECK(tenant.getRan().at(0).batch == 7);
  main.remove("0001_a.sql");
  CHECK(tenant.getRan().at(0).batch == 7);
}
