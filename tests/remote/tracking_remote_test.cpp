// On Cloudflare's local D1 (miniflare, behind the REST API): wrangler's tracking table as
// wrangler makes it, roost 0.1's batch column upgraded in one batch, and migrate:fresh on a
// real schema where PRAGMA foreign_keys has no effect.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "remote/remote_support.hpp"
#include "support/fresh_schema.hpp"

namespace fs = std::filesystem;
using namespace roost::test::remote;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;

namespace {

fs::path project(const TempDir& dir, const std::string& id, const std::string& table) {
  const fs::path app = dir.path() / "app";
  writeFile(app / "wrangler.jsonc", R"({"name": "app", "d1_databases": [{"binding": "DB", "database_name": "app",
    "database_id": ")" + id + R"(", "migrations_dir": "migrations", "migrations_table": ")" + table + R"("}]})");
  fs::create_directories(app / "migrations");
  return app;
}

nlohmann::json sql(const fs::path& app, const std::string& statement) {
  auto r = runRoost(app, {"query", "--remote", "--json", ".sql " + statement}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return nlohmann::json::parse(r.out);
}

// What wrangler's CREATE TABLE leaves in sqlite_schema (the IF NOT EXISTS and ';' dropped).
std::string wranglersStored(const std::string& quoted) {
  return "CREATE TABLE " + quoted +
         "(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n"
         "\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n)";
}

const std::string kRealSchema = roost::test::freshSchema(R"sql(CREATE TABLE A (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES Y(id) ON DELETE CASCADE);
CREATE TABLE B (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES Y(id) ON DELETE CASCADE);
CREATE TABLE Y (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES A(id) ON DELETE CASCADE,
  b_id INTEGER REFERENCES B(id) ON DELETE CASCADE);
INSERT INTO A VALUES (1, NULL); INSERT INTO B VALUES (1, NULL); INSERT INTO Y VALUES (1, 1, 1);
UPDATE A SET y_id = 1; UPDATE B SET y_id = 1;
)sql");

}  // namespace

TEST_CASE("--remote: migrate:fresh drops a real schema (cascade chain, cycles, view, trigger, FTS5) on D1") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = project(dir, id, "d1_migrations");
  writeFile(app / "migrations/0001_schema.sql", kRealSchema);
  auto r = runRoost(app, {"migrate", "--remote"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);

  r = runRoost(app, {"migrate:fresh", "--remote", "--force"}, remoteEnv());
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(sql(app, "SELECT count(*) AS n FROM player").at(0).at("n") == 2);
  CHECK(sql(app, "SELECT count(*) AS n FROM notes").at(0).at("n") == 1);
  CHECK(sql(app, "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'ticket_audit'").at(0).at("n") == 1);
  r = runRoost(app, {"migrate:status", "--remote", "--json"}, remoteEnv());
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out).at(0).at("batch") == 1);
}

TEST_CASE("--remote: the tracking table is wrangler's byte for byte, under a name like my-custom-table") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = project(dir, id, "my-custom-table");
  writeFile(app / "migrations/0001_add user's settings.sql", "CREATE TABLE settings (id INTEGER PRIMARY KEY);");
  writeFile(app / "migrations/down/0001_add user's settings.sql", "DROP TABLE settings;");
  auto r = runRoost(app, {"migrate", "--remote"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(sql(app, "SELECT sql FROM sqlite_schema WHERE name = 'my-custom-table'").at(0).at("sql") ==
        wranglersStored("\"my-custom-table\""));
  CHECK(sql(app, "SELECT name FROM \"my-custom-table\"").at(0).at("name") == "0001_add user's settings.sql");
  CHECK(sql(app, "SELECT batch FROM roost_migration_batches").at(0).at("batch") == 1);
  r = runRoost(app, {"rollback", "--remote", "--force"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(sql(app, "SELECT count(*) AS n FROM \"my-custom-table\"").at(0).at("n") == 0);
  CHECK(sql(app, "SELECT count(*) AS n FROM roost_migration_batches").at(0).at("n") == 0);
}

TEST_CASE("--remote: a database made by roost 0.1 (batch column) is upgraded in one batch, ids and batches kept") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = project(dir, id, "d1_migrations");
  writeFile(app / "migrations/0001_a.sql", "CREATE TABLE a (x);");
  writeFile(app / "migrations/0002_b.sql", "CREATE TABLE b (x);");
  writeFile(app / "migrations/0003_c.sql", "CREATE TABLE c (x);");
  sql(app, "CREATE TABLE \"d1_migrations\" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
           " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER)");
  sql(app, "CREATE TABLE a (x)");
  sql(app, "CREATE TABLE b (x)");
  sql(app, "INSERT INTO d1_migrations (name, applied_at, batch) VALUES ('0001_a.sql', '2026-01-01 10:00:00', NULL),"
           " ('0002_b.sql', '2026-01-02 10:00:00', 4)");
  auto r = runRoost(app, {"migrate", "--remote"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(sql(app, "SELECT sql FROM sqlite_schema WHERE name = 'd1_migrations'").at(0).at("sql") ==
        wranglersStored("\"d1_migrations\""));
  const auto rows = sql(app, "SELECT t.id, t.applied_at, b.batch FROM d1_migrations AS t LEFT JOIN"
                             " roost_migration_batches AS b ON b.name = t.name ORDER BY t.id");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].at("applied_at") == "2026-01-01 10:00:00");
  CHECK(rows[0].at("batch").is_null());
  CHECK(rows[1].at("id") == 2);
  CHECK(rows[1].at("batch") == 4);
  CHECK(rows[2].at("batch") == 5);
}
