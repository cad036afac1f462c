// D1's rules checked before any migration runs (migration_checks.hpp): what each rule finds,
// where (file and line), what --local-only accepts, and that the Migrator refuses before it
// runs or records anything, for the files each command would run.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "roost/migrate/errors.hpp"
#include "roost/migrate/migration_checks.hpp"
#include "roost/migrate/migrator.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

std::vector<Finding> check(const std::string& sql, CheckOptions options = {}) {
  return checkD1Rules({MigrationScript{"m/0001_x.sql", sql}}, options);
}

std::vector<std::string> rules(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.rule);
  return out;
}

// One INSERT of `bytes` bytes or a little more.
std::string bigInsert(std::size_t bytes) {
  std::string sql = "INSERT INTO notes (body) VALUES ";
  while (sql.size() < bytes) sql += "('" + std::string(90, 'x') + "'),";
  sql.back() = ';';
  return sql;
}

struct Warnings : MigratorObserver {
  std::vector<Finding> seen;
  void warning(const Finding& f) override { seen.push_back(f); }
};

struct Project {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  MigrationRepository repo{db};
  Project() {
    addMigration(dir, "0001_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);", "DROP TABLE notes;");
  }
};

}  // namespace

TEST_CASE("statement-too-big: one statement over 100,000 bytes is refused with its size; at the limit it passes") {
  const std::string over = "CREATE TABLE notes (body TEXT);\n\n" + bigInsert(100'001);
  const auto found = check(over);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule == "statement-too-big");
  CHECK(found[0].severity == Severity::Refusal);
  CHECK(found[0].line == 3);
  CHECK(found[0].file == "m/0001_x.sql");
  CHECK(found[0].message.find("D1 refuses statements over 100,000 bytes") != std::string::npos);
  CHECK(found[0].statement.find("INSERT INTO notes (body) VALUES") == 0);
  CHECK(found[0].statement.find("bytes)") != std::string::npos);  // shortened, with its size
  CHECK(found[0].fix.find("db:seed") != std::string::npos);
  // Many small statements of the same total size are fine: the limit is per statement.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "INSERT INTO notes (body) VALUES ('" + std::string(60, 'y') + "');\n";
  REQUIRE(many.size() > 100'000);
  CHECK(check(many).empty());
  std::string exact = bigInsert(99'000);
  exact.pop_back();
  exact += std::string(100'000 - exact.size(), ' ');
  REQUIRE(exact.size() == 100'000);
  CHECK(check(exact).empty());
}

TEST_CASE("transaction-control is refused by the one classifier, --local-only or not; trigger bodies are fine") {
  for (const char* sql : {"BEGIN;", "BEGIN IMMEDIATE TRANSACTION;", "COMMIT;", "END TRANSACTION;", "ROLLBACK;",
                          "SAVEPOINT a;", "RELEASE SAVEPOINT a;", "/* x */ commit;"}) {
    CAPTURE(sql);
    for (bool localOnly : {false, true}) {
      const auto found = check(std::string("CREATE TABLE a (x);\n") + sql, {.localOnly = localOnly});
      REQUIRE(found.size() == 1);
      CHECK(found[0].rule == "transaction-control");
      CHECK(found[0].severity == Severity::Refusal);
      CHECK(found[0].line == 2);
    }
  }
  CHECK(check("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; END;").empty());
  CHECK(check("CREATE TABLE a (x);\n-- BEGIN; COMMIT;\nINSERT INTO a VALUES ('COMMIT;');").empty());
}

TEST_CASE("reserved-name: creating, changing or writing a _cf_ object is refused; mentioning one is not") {
  for (const char* sql :
       {"CREATE TABLE _cf_kv (k);", "CREATE TABLE IF NOT EXISTS \"_cf_KV\" (k);", "CREATE INDEX _cf_i ON a (x);",
        "CREATE INDEX i ON _cf_METADATA (x);", "DROP TABLE _cf_kv;", "INSERT INTO _cf_kv VALUES (1);",
        "UPDATE OR IGNORE _cf_kv SET k = 1;", "DELETE FROM main._cf_kv;", "ALTER TABLE a RENAME TO _cf_a;",
        "CREATE VIEW _Cf_v AS SELECT 1;", "CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO _cf_x VALUES (1); END;"}) {
    CAPTURE(sql);
    const auto found = check(sql);
    REQUIRE(found.size() == 1);
    CHECK(found[0].rule == "reserved-name");
    CHECK(found[0].severity == Severity::Refusal);
    CHECK(found[0].message.find("reserved for D1") != std::string::npos);
  }
  for (const char* sql : {"INSERT INTO notes (body) VALUES ('_cf_kv');", "SELECT * FROM _cf_kv;",
                          "CREATE TABLE a (_cf_col TEXT);", "-- CREATE TABLE _cf_x (k);\nCREATE TABLE b (x);"}) {
    CAPTURE(sql);
    CHECK(check(sql).empty());
  }
}

TEST_CASE("--local-only turns the size and _cf_ refusals into warnings that say what D1 would do") {
  const std::string sql = "CREATE TABLE _cf_kv (k);\n" + bigInsert(120'000);
  const auto strict = check(sql);
  CHECK(rules(strict) == std::vector<std::string>{"reserved-name", "statement-too-big"});
  CHECK(hasRefusals(strict));
  const auto local = check(sql, {.localOnly = true});
  REQUIRE(local.size() == 2);
  CHECK_FALSE(hasRefusals(local));
  for (const Finding& f : local) CHECK(f.message.find("accepted with --local-only") != std::string::npos);
}

TEST_CASE("PRAGMA foreign_keys = OFF is a warning with the defer_foreign_keys fix, never a refusal") {
  for (const char* sql : {"PRAGMA foreign_keys = OFF;", "PRAGMA main.foreign_keys=off;", "pragma FOREIGN_KEYS(0);"}) {
    CAPTURE(sql);
    const auto found = check(sql);
    REQUIRE(found.size() == 1);
    CHECK(found[0].rule == "foreign-keys-pragma");
    CHECK(found[0].severity == Severity::Warning);
    CHECK(found[0].fix.find("defer_foreign_keys") != std::string::npos);
  }
  CHECK(check("PRAGMA foreign_keys;").empty());  // reading it changes nothing
  CHECK(check("PRAGMA defer_foreign_keys = on;").empty());
}

TEST_CASE("describeFinding names file, line, statement, message and fix in one line") {
  const auto found = check("\nCOMMIT;");
  REQUIRE(found.size() == 1);
  const std::string line = describeFinding(found[0]);
  CHECK(line.find("m/0001_x.sql:2: COMMIT — roost runs each migration") == 0);
  CHECK(line.find(". Fix: Remove these statements") != std::string::npos);
}

TEST_CASE("migrate refuses a pending file over D1's size limit before anything runs; --local-only runs it") {
  Project p;
  addMigration(p.dir, "0002_big.sql", bigInsert(150'000), "DELETE FROM notes;");
  {
    Migrator m(p.repo, MigrationFiles(p.dir));
    try {
      m.run();
      FAIL("expected a refusal");
    } catch (const MigrationCheckError& e) {
      const std::string what = e.what();
      CHECK(what.find("refusing to migrate") == 0);
      CHECK(what.find("0002_big.sql:1: INSERT INTO notes") != std::string::npos);
      CHECK(what.find("Nothing was run or recorded.") != std::string::npos);
      REQUIRE(e.findings().size() == 1);
      CHECK(e.findings()[0].rule == "statement-too-big");
    }
    CHECK_FALSE(tableExists(p.db, "notes"));  // not even 0001, which is fine
    CHECK(p.repo.getRan().empty());
  }
  Migrator local(p.repo, MigrationFiles(p.dir));
  local.setCheckOptions({.localOnly = true});
  Warnings w;
  local.setObserver(&w);
  CHECK(local.run().migrations.size() == 2);
  CHECK(scalar(p.db, "SELECT count(*) FROM notes") > 1000);
  REQUIRE(w.seen.size() == 1);
  CHECK(w.seen[0].rule == "statement-too-big");
}

TEST_CASE("rollback, reset, refresh and fresh check the files they would run, down files included") {
  Project p;
  addMigration(p.dir, "0002_kv.sql", "CREATE TABLE kv (k);", "DROP TABLE kv;\nCREATE TABLE _cf_log (x);");
  Migrator m(p.repo, MigrationFiles(p.dir));
  REQUIRE(m.run().migrations.size() == 2);
  CHECK(rules(m.check(MigrationCommand::Migrate)).empty());
  CHECK(rules(m.check(MigrationCommand::Rollback)) == std::vector<std::string>{"reserved-name"});
  CHECK(rules(m.check(MigrationCommand::Reset)) == std::vector<std::string>{"reserved-name"});
  CHECK(rules(m.check(MigrationCommand::Refresh)) == std::vector<std::string>{"reserved-name"});
  CHECK(rules(m.check(MigrationCommand::Fresh)).empty());  // fresh runs no down file
  CHECK(rules(m.check(MigrationCommand::EveryFile)) == std::vector<std::string>{"reserved-name"});
  CHECK_THROWS_AS(m.rollback(), MigrationCheckError);
  CHECK_THROWS_AS(m.reset(), MigrationCheckError);
  CHECK_THROWS_AS(m.refresh(), MigrationCheckError);
  CHECK(p.repo.getRan().size() == 2);  // nothing undone by any of them
  CHECK(tableExists(p.db, "kv"));
  // The finding names the down file and the line of the statement.
  const auto found = m.check(MigrationCommand::Rollback);
  REQUIRE(found.size() == 1);
  CHECK(found[0].file.filename() == "0002_kv.sql");
  CHECK(found[0].file.parent_path().filename() == "down");
  CHECK(found[0].line == 2);
  // An up file that would break fresh is refused before fresh drops anything.
  addMigration(p.dir, "0003_tx.sql", "BEGIN;\nCREATE TABLE t (x);\nCOMMIT;", "DROP TABLE t;");
  Migrator withTx(p.repo, MigrationFiles(p.dir));
  CHECK_THROWS_AS(withTx.fresh(), TransactionControlError);
  CHECK(tableExists(p.db, "notes"));
  CHECK(p.repo.getRan().size() == 2);
}

TEST_CASE("warnings do not stop a run; the observer sees each one once") {
  Project p;
  addMigration(p.dir, "0002_rebuild.sql",
               "PRAGMA foreign_keys = OFF;\nCREATE TABLE new_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\n"
               "INSERT INTO new_notes SELECT id, coalesce(body, '') FROM notes;\nDROP TABLE notes;\n"
               "ALTER TABLE new_notes RENAME TO notes;\nPRAGMA foreign_keys = ON;",
               "SELECT 1;");
  Migrator m(p.repo, MigrationFiles(p.dir));
  Warnings w;
  m.setObserver(&w);
  CHECK(m.run().migrations.size() == 2);
  CHECK(rules(w.seen) == std::vector<std::string>{"foreign-keys-pragma", "foreign-keys-pragma"});
  CHECK(w.seen[0].line == 1);
  CHECK(w.seen[1].line == 6);
}
