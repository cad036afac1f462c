// Where migrations live, which files they are and what make:migration writes, as wrangler 4
// sees them: the default `migrations` folder, a missing folder (exit 1), migrations_pattern,
// nested (drizzle) layouts and their down files, wrangler's numbering and names.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_roost.hpp"

using namespace roost::test;
namespace fs = std::filesystem;

namespace {

void writeConfig(const fs::path& dir, const std::string& bindingExtras) {
  writeFile(dir / "wrangler.jsonc",
            R"({"name": "x", "d1_databases": [{"binding": "DB", "database_name": "x")" + bindingExtras + "}]}");
}

nlohmann::json migrationStatus(const fs::path& dir) {
  auto r = runRoost(dir, {"migrate:status", "--json", "--db", "app.sqlite"});
  REQUIRE(r.status == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("without migrations_dir the folder is wrangler's default `migrations`") {
  TempDir tmp;
  writeConfig(tmp.path(), "");
  writeFile(tmp.path() / "migrations" / "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  writeFile(tmp.path() / "database" / "migrations" / "0001_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  const auto s = migrationStatus(tmp.path());
  REQUIRE(s.size() == 1);
  CHECK(s[0]["name"] == "0001_a.sql");

  // make:migration writes there too, numbered as wrangler numbers.
  auto made = runRoost(tmp.path(), {"make:migration", "create_posts_table", "--json"});
  REQUIRE(made.status == 0);
  CHECK(nlohmann::json::parse(made.out)["name"] == "0002_create_posts_table.sql");
  CHECK(fs::exists(tmp.path() / "migrations" / "0002_create_posts_table.sql"));
}

TEST_CASE("a missing migrations folder is an error with exit 1, as in wrangler, and opens no database") {
  TempDir tmp;
  writeConfig(tmp.path(), "");
  for (const char* command : {"migrate", "migrate:status", "rollback", "migrate:reset", "migrate:fresh"}) {
    CAPTURE(command);
    auto r = runRoost(tmp.path(), {command});
    CHECK(r.status == 1);
    CHECK(r.err.find("No migrations folder found. Set `migrations_dir` in your wrangler.jsonc file to choose a "
                     "different path.") != std::string::npos);
    CHECK(r.err.find("No migrations present at " + (tmp.path() / "migrations").string() + ".") != std::string::npos);
    CHECK(r.err.find("Nothing to migrate") == std::string::npos);
  }
  CHECK_FALSE(fs::exists(tmp.path() / ".wrangler"));

  TempDir named;  // with migrations_dir set, wrangler drops the hint about setting it
  writeConfig(named.path(), R"(, "migrations_dir": "db\\migrations")");
  auto r = runRoost(named.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 1);
  CHECK(r.err.find("Set `migrations_dir`") == std::string::npos);
  CHECK(r.err.find("No migrations present at " + (named.path() / "db" / "migrations").string() + ".") != std::string::npos);
  CHECK_FALSE(fs::exists(named.path() / "app.sqlite"));

  // make:migration still creates the folder (backslashes are separators, as wrangler reads them).
  auto made = runRoost(named.path(), {"make:migration", "init"});
  CHECK(made.status == 0);
  CHECK(fs::exists(named.path() / "db" / "migrations" / "0001_init.sql"));
  CHECK(runRoost(named.path(), {"migrate", "--db", "app.sqlite"}).status == 0);
}

TEST_CASE("migrations_pattern: a drizzle layout is found, named and rolled back as wrangler tracks it") {
  TempDir tmp;
  writeConfig(tmp.path(), R"(, "migrations_dir": "drizzle", "migrations_pattern": "./drizzle/*/migration.sql")");
  writeFile(tmp.path() / "drizzle" / "10_more" / "migration.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
  writeFile(tmp.path() / "drizzle" / "2_init" / "migration.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  writeFile(tmp.path() / "drizzle" / "2_init" / "snapshot.json", "{}");
  writeFile(tmp.path() / "drizzle" / "0099_stray.sql", "CREATE TABLE stray (id INTEGER);");
  writeFile(tmp.path() / "drizzle" / "down" / "10_more" / "migration.sql", "DROP TABLE b;");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  auto s = migrationStatus(tmp.path());
  REQUIRE(s.size() == 2);
  CHECK(s[0]["name"] == "2_init/migration.sql");
  CHECK(s[1]["name"] == "10_more/migration.sql");
  CHECK(s[1]["hasDown"] == true);
  auto back = runRoost(tmp.path(), {"rollback", "--step", "1", "--db", "app.sqlite"});
  CHECK(back.status == 0);
  s = migrationStatus(tmp.path());
  CHECK(s[1]["status"] == "pending");

  // make:migration will not write a top-level file this pattern would never apply.
  auto made = runRoost(tmp.path(), {"make:migration", "x"});
  CHECK(made.status == 1);
  CHECK(made.err.find("does not match the configured `migrations_pattern`") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "drizzle" / "0011_x.sql"));
}

TEST_CASE("a migrations_pattern wrangler refuses is refused with wrangler's message") {
  TempDir tmp;
  writeFile(tmp.path() / "migrations" / "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  writeConfig(tmp.path(), R"(, "migrations_dir": "migrations", "migrations_pattern": "*.sql")");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 1);
  CHECK(r.err.find("The configured `migrations_pattern: \"*.sql\"` in your wrangler.jsonc file must start with "
                   "`migrations/`") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "app.sqlite"));

  writeConfig(tmp.path(), R"(, "migrations_pattern": "migrations/*.sql")");
  r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 1);
  CHECK(r.err.find("but have not set `migrations_dir` for this D1 binding") != std::string::npos);

  writeConfig(tmp.path(), R"(, "migrations_dir": "migrations", "migrations_pattern": "migrations/*.sql")");
  CHECK(runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"}).status == 0);
}

TEST_CASE("no migration found but a drizzle layout present: wrangler's hint with the pattern to set") {
  TempDir tmp;
  writeConfig(tmp.path(), "");
  writeFile(tmp.path() / "migrations" / "0000_init" / "migration.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  CHECK(r.err.find("Could not find any migration files matching `migrations/*.sql`. It looks like there are migration "
                   "files matching `migrations/*/migration.sql` though. If you are using drizzle to manage your "
                   "migrations, please set `migrations_pattern` to `migrations/*/migration.sql` in wrangler.jsonc.") !=
        std::string::npos);
}

TEST_CASE("make:migration keeps wrangler's names, and they migrate as plain names") {
  TempDir tmp;
  writeConfig(tmp.path(), "");
  fs::create_directories(tmp.path() / "migrations");  // wrangler's folder exists: make:migration writes there
  for (const char* name : {"add user's settings", "v1.2 fix", "caf\xC3\xA9", "AddUsers"})
    REQUIRE(runRoost(tmp.path(), {"make:migration", name}).status == 0);
  CHECK(fs::exists(tmp.path() / "migrations" / "0001_add_user's_settings.sql"));
  CHECK(fs::exists(tmp.path() / "migrations" / "0002_v1.2_fix.sql"));
  CHECK(fs::exists(tmp.path() / "migrations" / "0003_caf\xC3\xA9.sql"));
  CHECK(fs::exists(tmp.path() / "migrations" / "0004_AddUsers.sql"));
  CHECK(fs::exists(tmp.path() / "migrations" / "down" / "0001_add_user's_settings.sql"));
  auto bad = runRoost(tmp.path(), {"make:migration", "a/b"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("contains a path separator") != std::string::npos);

  CHECK(runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"}).status == 0);
  const auto s = migrationStatus(tmp.path());
  REQUIRE(s.size() == 4);
  CHECK(s[0]["name"] == "0001_add_user's_settings.sql");
  CHECK(s[0]["status"] == "applied");
}

TEST_CASE("--json with a file name that is not UTF-8: U+FFFD in its place, as wrangler shows it, not a crash") {
  TempDir tmp;
  writeConfig(tmp.path(), "");
  writeFile(tmp.path() / "migrations" / "0001_caf\xE9.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");  // Latin-1 é
  const auto before = migrationStatus(tmp.path());
  REQUIRE(before.size() == 1);
  CHECK(before[0]["name"] == "0001_caf\xEF\xBF\xBD.sql");
  auto r = runRoost(tmp.path(), {"migrate", "--json", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["migrations"].size() == 1);
  CHECK(migrationStatus(tmp.path())[0]["status"] == "applied");
}
