// D1's rules before migration commands, as a user runs roost: `roost migrate:check` (exit
// status, --json, --rollback, --all), the same refusals from migrate/rollback on --local with
// nothing written, and --local-only (which never accepts transaction control).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "apps/seed_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

std::string bigInsert(std::size_t bytes) {
  std::string sql = "INSERT INTO notes (body) VALUES ";
  while (sql.size() < bytes) sql += "('" + std::string(90, 'x') + "'),";
  sql.back() = ';';
  return sql;
}

bool hasTable(roost::Connection& c, const std::string& name) {
  const roost::Value args[] = {roost::Value(name)};
  return !c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args).rows.empty();
}

struct CheckProject {
  TempDir tmp;
  fs::path dir = tmp.path();
  fs::path migrations = dir / "migrations";
  CheckProject() {
    writeFile(migrations / "0001_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);");
    writeFile(migrations / "down/0001_notes.sql", "DROP TABLE notes;");
  }
  RunResult roost(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", "app.sqlite"});
    return runRoost(dir, args);
  }
};

}  // namespace

TEST_CASE("migrate:check: exit 0 with no findings, 0 with warnings only, 1 with a refusal; it runs nothing") {
  CheckProject p;
  auto clean = p.roost({"migrate:check"});
  CAPTURE(clean.err);
  CHECK(clean.status == 0);
  CHECK(clean.out.find("Checked the pending up files: no problems.") != std::string::npos);

  writeFile(p.migrations / "0002_pragma.sql", "PRAGMA foreign_keys = OFF;\nCREATE TABLE tags (name TEXT);");
  auto warned = p.roost({"migrate:check"});
  CAPTURE(warned.out);
  CHECK(warned.status == 0);
  CHECK(warned.out.find("WARNING  migrations/0002_pragma.sql:1  (foreign-keys-pragma)") != std::string::npos);
  CHECK(warned.out.find("Fix: use PRAGMA defer_foreign_keys = on") != std::string::npos);
  CHECK(warned.out.find("0 refusals, 1 warning; roost migrate would run") != std::string::npos);

  writeFile(p.migrations / "0003_big.sql", "CREATE TABLE big (x);\n" + bigInsert(101'000));
  auto refused = p.roost({"migrate:check"});
  CAPTURE(refused.out);
  CHECK(refused.status == 1);
  CHECK(refused.out.find("REFUSED  migrations/0003_big.sql:2  (statement-too-big)") != std::string::npos);
  CHECK(refused.out.find("would refuse to run and change nothing") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "app.sqlite"));  // checking never creates the database

  auto json = p.roost({"migrate:check", "--json"});
  CHECK(json.status == 1);
  const auto report = nlohmann::json::parse(json.out);
  CHECK(report["checked"] == "pending");
  CHECK(report["refusals"] == 1);
  CHECK(report["warnings"] == 1);
  REQUIRE(report["findings"].size() == 2);
  CHECK(report["findings"][1]["rule"] == "statement-too-big");
  CHECK(report["findings"][1]["severity"] == "refusal");
  CHECK(report["findings"][1]["file"] == "migrations/0003_big.sql");
  CHECK(report["findings"][1]["line"] == 2);
  CHECK(report["findings"][1]["fix"].get<std::string>().find("db:seed") != std::string::npos);
}

TEST_CASE("migrate on --local refuses what D1 would refuse and writes nothing; --local-only runs it") {
  CheckProject p;
  writeFile(p.migrations / "0002_kv.sql", "CREATE TABLE _cf_kv (k TEXT);");
  auto r = p.roost({"migrate"});
  CAPTURE(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("refusing to migrate") != std::string::npos);
  CHECK(r.err.find("migrations/0002_kv.sql:1: CREATE TABLE _cf_kv") != std::string::npos);
  CHECK(r.err.find("reserved for D1") != std::string::npos);
  CHECK(r.err.find("Nothing was run or recorded.") != std::string::npos);
  {
    roost::SqliteConnection db((p.dir / "app.sqlite").string());
    CHECK_FALSE(hasTable(db, "notes"));
    CHECK_FALSE(hasTable(db, "d1_migrations"));
  }
  auto local = p.roost({"migrate", "--local-only"});
  CAPTURE(local.err);
  CHECK(local.status == 0);
  CHECK(local.err.find("accepted with --local-only") != std::string::npos);  // still said, as a warning
  roost::SqliteConnection db((p.dir / "app.sqlite").string());
  CHECK(hasTable(db, "_cf_kv"));
  CHECK(scalar(db, "SELECT count(*) FROM d1_migrations") == 2);
}

TEST_CASE("--local-only never accepts transaction control, and is a usage error with --remote") {
  CheckProject p;
  writeFile(p.migrations / "0002_tx.sql", "BEGIN;\nCREATE TABLE t (x);\nCOMMIT;");
  auto r = p.roost({"migrate", "--local-only"});
  CHECK(r.status == 1);
  CHECK(r.err.find("0002_tx.sql:1: BEGIN") != std::string::npos);
  for (const char* command : {"migrate", "rollback", "migrate:reset", "migrate:refresh", "migrate:fresh", "migrate:check"}) {
    CAPTURE(command);
    auto usage = runRoost(p.dir, {command, "--remote", "--local-only"});
    CHECK(usage.status == 2);
    CHECK(usage.err.find("--local-only") != std::string::npos);
  }
}

TEST_CASE("migrate:check --rollback checks the down files of the last batch; --all every file") {
  CheckProject p;
  writeFile(p.migrations / "0002_kv.sql", "CREATE TABLE kv (k);");
  writeFile(p.migrations / "down/0002_kv.sql", "DROP TABLE kv;\nDELETE FROM _cf_meta;");
  REQUIRE(p.roost({"migrate"}).status == 0);
  CHECK(p.roost({"migrate:check"}).status == 0);  // nothing pending
  auto rollback = p.roost({"migrate:check", "--rollback"});
  CAPTURE(rollback.out);
  CHECK(rollback.status == 1);
  CHECK(rollback.out.find("migrations/down/0002_kv.sql:2  (reserved-name)") != std::string::npos);
  auto refused = p.roost({"rollback"});
  CHECK(refused.status == 1);
  CHECK(refused.err.find("refusing to roll back") != std::string::npos);
  roost::SqliteConnection db((p.dir / "app.sqlite").string());
  CHECK(hasTable(db, "kv"));  // nothing undone
  auto all = p.roost({"migrate:check", "--all", "--json"});
  CHECK(nlohmann::json::parse(all.out)["checked"] == "all");
  CHECK(p.roost({"migrate:check", "--all", "--rollback"}).status == 2);
}
