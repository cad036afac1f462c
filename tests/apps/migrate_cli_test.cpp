// The migration commands, run as a user runs them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "roost/orm/sqlite_connection.hpp"
#include "run_roost.hpp"

using namespace roost::test;
namespace fs = std::filesystem;

namespace {

std::int64_t scalar(roost::Connection& c, const std::string& sql) { return c.execute(sql).rows.at(0).at(0).asInt(); }

bool hasTable(roost::Connection& c, const std::string& name) {
  const roost::Value args[] = {roost::Value(name)};
  return !c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args).rows.empty();
}

nlohmann::json statusJson(const fs::path& dir, const std::vector<std::string>& extra = {"--db", "app.sqlite"}) {
  std::vector<std::string> args{"migrate:status", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = runRoost(dir, args);
  REQUIRE(r.status == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("make:migration, migrate, status --json, rollback on a plain --db file") {
  TempDir tmp;
  const fs::path& dir = tmp.path();

  auto made = runRoost(dir, {"make:migration", "create_posts_table", "--db", "app.sqlite"});
  REQUIRE(made.status == 0);
  CHECK(made.out.find("migrations/") != std::string::npos);
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir / "migrations"))
    if (e.is_regular_file()) files.push_back(e.path().filename().string());
  REQUIRE(files.size() == 1);
  const std::string first = files[0];
  CHECK(first == "0001_create_posts_table.sql");  // wrangler d1 migrations create's numbering
  CHECK(readFile(dir / "migrations" / first).find("CREATE TABLE posts") != std::string::npos);
  CHECK(fs::exists(dir / "migrations/down" / first));

  auto added = runRoost(dir, {"make:migration", "add_org_id_to_posts", "--json", "--db", "app.sqlite"});
  REQUIRE(added.status == 0);
  const std::string second = nlohmann::json::parse(added.out).at("name").get<std::string>();
  CHECK(second.find("_add_org_id_to_posts.sql") != std::string::npos);

  auto pretend = runRoost(dir, {"migrate", "--pretend", "--db", "app.sqlite"});
  CHECK(pretend.status == 0);
  CHECK(pretend.out.find("CREATE TABLE posts") != std::string::npos);
  CHECK(pretend.out.find("ADD COLUMN org_id") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "app.sqlite"));  // pretend creates nothing

  auto migrated = runRoost(dir, {"migrate", "--db", "app.sqlite"});
  CHECK(migrated.status == 0);
  CHECK(migrated.err.find("  DONE  " + first + " ") != std::string::npos);
  CHECK(migrated.err.find(" ms\n") != std::string::npos);
  CHECK(migrated.err.find("Applied 2 migrations in ") != std::string::npos);

  auto status = statusJson(dir);
  REQUIRE(status.size() == 2);
  CHECK(status[0]["name"] == first);
  CHECK(status[0]["status"] == "applied");
  CHECK(status[0]["batch"] == 1);
  CHECK(status[0]["hasDown"] == true);
  CHECK(status[1]["status"] == "applied");

  auto again = runRoost(dir, {"migrate", "--db", "app.sqlite"});
  CHECK(again.status == 0);
  CHECK(again.err == "Nothing to migrate.\n");

  auto back = runRoost(dir, {"migrate:rollback", "--step", "1", "--db", "app.sqlite"});
  CHECK(back.status == 0);
  CHECK(back.err.find(second) != std::string::npos);
  CHECK(back.err.find("Rolled back 1 migration in ") != std::string::npos);
  status = statusJson(dir);
  CHECK(status[0]["status"] == "applied");
  CHECK(status[1]["status"] == "pending");
  CHECK(status[1]["batch"].is_null());

  auto rest = runRoost(dir, {"rollback", "--db", "app.sqlite"});
  CHECK(rest.status == 0);
  roost::SqliteConnection db((dir / "app.sqlite").string());
  CHECK_FALSE(hasTable(db, "posts"));
  CHECK(scalar(db, "SELECT COUNT(*) FROM d1_migrations") == 0);
}

TEST_CASE("the blog sample migrates the file wrangler dev uses: a new file in WAL, an existing one keeps its mode") {
  TempDir tmp;
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog", tmp.path() / "blog", fs::copy_options::recursive);
  const fs::path project = tmp.path() / "blog";
  fs::remove_all(project / ".wrangler");

  auto status = runRoost(project, {"migrate:status"});
  CHECK(status.status == 0);
  CHECK(status.out.find("0003_create_posts_table.sql") != std::string::npos);
  CHECK(status.out.find("Pending") != std::string::npos);
  CHECK_FALSE(fs::exists(project / ".wrangler"));  // reading creates nothing

  auto r = runRoost(project, {"migrate"});
  REQUIRE(r.status == 0);
  CHECK(r.err.find("Applied 3 migrations") != std::string::npos);
  const fs::path file = project /
                        ".wrangler/state/v3/d1/miniflare-D1DatabaseObject/"
                        "9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248.sqlite";
  REQUIRE(fs::exists(file));
  {
    roost::SqliteConnection wal(file.string(), roost::SqliteOptions{.wal = false});
    CHECK(wal.execute("PRAGMA journal_mode").rows.at(0).at(0) == "wal");  // what workerd uses too
    wal.execute("PRAGMA journal_mode=DELETE");
  }
  REQUIRE(runRoost(project, {"rollback"}).status == 0);
  REQUIRE(runRoost(project, {"migrate"}).status == 0);
  roost::SqliteConnection db(file.string(), roost::SqliteOptions{.wal = false});
  CHECK(db.execute("PRAGMA journal_mode").rows.at(0).at(0) == "delete");  // an existing file keeps its mode
  CHECK(hasTable(db, "users"));
  CHECK(hasTable(db, "profiles"));
  CHECK(hasTable(db, "posts"));
  CHECK(scalar(db, "SELECT COUNT(*) FROM roost_migration_batches WHERE batch = 1") == 3);
  CHECK(scalar(db, "SELECT COUNT(*) FROM pragma_foreign_key_list('posts') WHERE \"table\" = 'users'") == 1);

  // --persist-to moves the state folder, as wrangler's flag does.
  auto persisted = runRoost(project, {"migrate", "--persist-to", "state"});
  CHECK(persisted.status == 0);
  CHECK(fs::exists(project / "state/v3/d1/miniflare-D1DatabaseObject"));

  auto reset = runRoost(project, {"migrate:reset"});
  CHECK(reset.status == 0);
  CHECK(reset.err.find("Rolled back 3 migrations") != std::string::npos);
  CHECK_FALSE(hasTable(db, "users"));
}

TEST_CASE("a failing migration exits 1, names file, statement and message, and keeps the earlier ones") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_ok.sql", "CREATE TABLE ok (id INTEGER PRIMARY KEY);");
  writeFile(m / "0002_bad.sql", "CREATE TABLE half (id INTEGER);\nINSERT INTO missing_table VALUES (1);\n");
  writeFile(m / "0003_never.sql", "CREATE TABLE never (id INTEGER);");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 1);
  CHECK(r.err.find("  FAIL  0002_bad.sql") != std::string::npos);
  CHECK(r.err.find("error: migration 0002_bad.sql failed: no such table: missing_table") != std::string::npos);
  CHECK(r.err.find("statement: INSERT INTO missing_table VALUES (1);") != std::string::npos);
  roost::SqliteConnection db((tmp.path() / "app.sqlite").string());
  CHECK(hasTable(db, "ok"));
  CHECK_FALSE(hasTable(db, "half"));
  CHECK_FALSE(hasTable(db, "never"));
  CHECK(scalar(db, "SELECT COUNT(*) FROM d1_migrations") == 1);
}

TEST_CASE("rollback with a missing down file fails before anything runs") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_a.sql", "CREATE TABLE a (id INTEGER);");
  writeFile(m / "down/0001_a.sql", "DROP TABLE a;");
  writeFile(m / "0002_b.sql", "CREATE TABLE b (id INTEGER);");
  REQUIRE(runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"}).status == 0);
  auto r = runRoost(tmp.path(), {"rollback", "--db", "app.sqlite"});
  CHECK(r.status == 1);
  CHECK(r.err.find("no down file down/0002_b.sql") != std::string::npos);
  roost::SqliteConnection db((tmp.path() / "app.sqlite").string());
  CHECK(hasTable(db, "a"));
  CHECK(scalar(db, "SELECT COUNT(*) FROM d1_migrations") == 2);
}

TEST_CASE("a renamed applied migration is reported and nothing changes") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_create_a.sql", "CREATE TABLE a (id INTEGER);");
  REQUIRE(runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"}).status == 0);
  fs::rename(m / "0001_create_a.sql", m / "0001_create_alpha.sql");

  auto status = runRoost(tmp.path(), {"migrate:status", "--db", "app.sqlite"});
  CHECK(status.status == 0);
  CHECK(status.out.find("Missing: file renamed or deleted") != std::string::npos);
  CHECK(status.err.find("warning: 1 applied migration no longer has its file") != std::string::npos);

  for (const char* cmd : {"migrate", "rollback"}) {
    auto r = runRoost(tmp.path(), {cmd, "--db", "app.sqlite"});
    CHECK(r.status == 1);
    CHECK(r.err.find("0001_create_a.sql is recorded as applied") != std::string::npos);
    CHECK(r.err.find("looks renamed to 0001_create_alpha.sql") != std::string::npos);
  }
  roost::SqliteConnection db((tmp.path() / "app.sqlite").string());
  CHECK(scalar(db, "SELECT COUNT(*) FROM d1_migrations") == 1);
}

TEST_CASE("migrations applied by wrangler are shown as applied and not run again") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_a.sql", "CREATE TABLE a (id INTEGER);");
  writeFile(m / "0002_b.sql", "CREATE TABLE b (id INTEGER);");
  {
    roost::SqliteConnection db((tmp.path() / "app.sqlite").string());
    db.executeScript(
        "CREATE TABLE d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
        " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);"
        "CREATE TABLE a (id INTEGER); INSERT INTO d1_migrations (name) VALUES ('0001_a.sql');");
  }
  auto status = statusJson(tmp.path());
  CHECK(status[0]["status"] == "applied");
  CHECK(status[0]["batch"].is_null());
  auto text = runRoost(tmp.path(), {"migrate:status", "--db", "app.sqlite"});
  CHECK(text.out.find("Ran (wrangler)") != std::string::npos);

  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  CHECK(r.err.find("0001_a.sql") == std::string::npos);
  CHECK(r.err.find("Applied 1 migration in") != std::string::npos);
}

TEST_CASE("migrate --step, refresh and fresh from the command line") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_a.sql", "CREATE TABLE a (id INTEGER);");
  writeFile(m / "down/0001_a.sql", "DROP TABLE a;");
  writeFile(m / "0002_b.sql", "CREATE TABLE b (id INTEGER);");
  writeFile(m / "down/0002_b.sql", "DROP TABLE b;");
  REQUIRE(runRoost(tmp.path(), {"migrate", "--step", "--db", "app.sqlite"}).status == 0);
  auto status = statusJson(tmp.path());
  CHECK(status[0]["batch"] == 1);
  CHECK(status[1]["batch"] == 2);

  auto refresh = runRoost(tmp.path(), {"migrate:refresh", "--db", "app.sqlite"});
  CHECK(refresh.status == 0);
  CHECK(refresh.err.find("Rolled back 2 migrations and applied 2 migrations") != std::string::npos);

  auto fresh = runRoost(tmp.path(), {"migrate:fresh", "--db", "app.sqlite", "--json"});
  CHECK(fresh.status == 0);
  auto report = nlohmann::json::parse(fresh.out);
  CHECK(report["dropped"].size() == 4);  // a, b, d1_migrations, roost_migration_batches
  CHECK(report["migrations"].size() == 2);
  CHECK(report["migrations"][0]["durationMs"].is_number());

  auto remote = runRoost(tmp.path(), {"migrate:fresh", "--remote"});
  CHECK(remote.status == 2);
  CHECK(remote.err.find("refused without a terminal to confirm it: pass --force") != std::string::npos);
}
