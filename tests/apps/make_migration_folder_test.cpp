// make:migration on wrangler projects: which folder it writes into, the migrations_dir it records so
// that wrangler reads that folder too, and how --database picks the binding.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_roost.hpp"

using namespace roost::test;
namespace fs = std::filesystem;

namespace {

const char* const kJsonc = R"({
  "name": "blog",
  // one database
  "d1_databases": [
    {
      "binding": "DB",
      "database_name": "blog",
      "database_id": "00000000-0000-0000-0000-000000000000"
    }
  ]
}
)";

const char* const kJsoncWithDir = R"({
  "name": "blog",
  // one database
  "d1_databases": [
    {
      "binding": "DB",
      "database_name": "blog",
      "database_id": "00000000-0000-0000-0000-000000000000",
      "migrations_dir": "database/migrations"
    }
  ]
}
)";

std::size_t sqlFilesIn(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".sql") ++n;
  return n;
}

}  // namespace

TEST_CASE("make:migration creates database/migrations and records it as the binding's migrations_dir") {
  TempDir tmp;
  writeFile(tmp.path() / "wrangler.jsonc", kJsonc);
  auto r = runRoost(tmp.path(), {"make:migration", "create_posts_table"});
  REQUIRE(r.status == 0);
  CHECK(readFile(tmp.path() / "wrangler.jsonc") == kJsoncWithDir);
  CHECK(r.err == "Set \"migrations_dir\": \"database/migrations\" on the D1 binding DB in wrangler.jsonc, so that "
                 "wrangler reads the same folder\n");
  CHECK(sqlFilesIn(tmp.path() / "database/migrations") == 1);
  CHECK_FALSE(fs::exists(tmp.path() / "migrations"));

  auto again = runRoost(tmp.path(), {"make:migration", "add_org_id_to_posts"});  // nothing more to record
  REQUIRE(again.status == 0);
  CHECK(again.err.empty());
  CHECK(readFile(tmp.path() / "wrangler.jsonc") == kJsoncWithDir);
  CHECK(sqlFilesIn(tmp.path() / "database/migrations") == 2);
  auto status = runRoost(tmp.path(), {"migrate:status", "--json"});  // migrate reads the same folder
  REQUIRE(status.status == 0);
  CHECK(nlohmann::json::parse(status.out).size() == 2);
}

TEST_CASE("make:migration in an env's binding of a wrangler.toml edits that [[env.X.d1_databases]] block") {
  TempDir tmp;
  const std::string before = "name = \"blog\"\r\n\r\n[[d1_databases]]\r\nbinding = \"DB\"\r\n\r\n[env.staging]\r\n"
                             "[[env.staging.d1_databases]]\r\nbinding = \"DB\"\r\ndatabase_name = \"blog-staging\" # staging\r\n";
  writeFile(tmp.path() / "wrangler.toml", before);
  auto r = runRoost(tmp.path(), {"make:migration", "create_tags_table", "--env", "staging"});
  REQUIRE(r.status == 0);
  CHECK(readFile(tmp.path() / "wrangler.toml") == before + "migrations_dir = \"database/migrations\"\r\n");
  CHECK(r.err.find("Set migrations_dir = \"database/migrations\" on the D1 binding DB in wrangler.toml") != std::string::npos);
  CHECK(sqlFilesIn(tmp.path() / "database/migrations") == 1);
}

TEST_CASE("make:migration uses migrationsDir, the binding's migrations_dir or an existing migrations/ and edits nothing") {
  SUBCASE("roost's migrationsDir setting") {
    TempDir tmp;
    writeFile(tmp.path() / "wrangler.jsonc", kJsonc);
    writeFile(tmp.path() / "config/database.jsonc", R"({"migrationsDir": "db/sql"})");
    REQUIRE(runRoost(tmp.path(), {"make:migration", "create_posts_table"}).status == 0);
    CHECK(sqlFilesIn(tmp.path() / "db/sql") == 1);
    CHECK(readFile(tmp.path() / "wrangler.jsonc") == kJsonc);
  }
  SUBCASE("the binding's migrations_dir") {
    TempDir tmp;
    const std::string config = R"({"d1_databases": [{"binding": "DB", "migrations_dir": "sql"}]})";
    writeFile(tmp.path() / "wrangler.jsonc", config);
    REQUIRE(runRoost(tmp.path(), {"make:migration", "create_posts_table"}).status == 0);
    CHECK(sqlFilesIn(tmp.path() / "sql") == 1);
    CHECK(readFile(tmp.path() / "wrangler.jsonc") == config);
  }
  SUBCASE("wrangler's default migrations/ when it exists") {
    TempDir tmp;
    writeFile(tmp.path() / "wrangler.jsonc", kJsonc);
    fs::create_directories(tmp.path() / "migrations");
    auto r = runRoost(tmp.path(), {"make:migration", "create_posts_table"});
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    CHECK(sqlFilesIn(tmp.path() / "migrations") == 1);
    CHECK_FALSE(fs::exists(tmp.path() / "database"));
    CHECK(readFile(tmp.path() / "wrangler.jsonc") == kJsonc);
  }
}

TEST_CASE("make:migration refuses a binding it cannot record safely, printing the line to add, and writes nothing") {
  TempDir tmp;
  const std::string config = "name = \"blog\"\nd1_databases = [ { binding = \"DB\", database_name = \"blog\" } ]\n";
  writeFile(tmp.path() / "wrangler.toml", config);
  auto r = runRoost(tmp.path(), {"make:migration", "create_posts_table"});
  CHECK(r.status == 1);
  CHECK(r.err.find("wrangler.toml:2:") != std::string::npos);
  CHECK(r.err.find("inline table") != std::string::npos);
  CHECK(r.err.find("\n    migrations_dir = \"database/migrations\"") != std::string::npos);
  CHECK(readFile(tmp.path() / "wrangler.toml") == config);
  CHECK_FALSE(fs::exists(tmp.path() / "database"));
}

TEST_CASE("make:migration without a wrangler config is an error, unless --db names a SQLite file") {
  TempDir tmp;
  auto r = runRoost(tmp.path(), {"make:migration", "create_posts_table"});
  CHECK(r.status == 1);
  CHECK(r.err.find("no wrangler.json, wrangler.jsonc or wrangler.toml found") != std::string::npos);
  CHECK(r.err.find("--db FILE") != std::string::npos);
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(tmp.path() / "database"));
  CHECK_FALSE(fs::exists(tmp.path() / "migrations"));

  auto withDb = runRoost(tmp.path(), {"make:migration", "create_posts_table", "--db", "app.sqlite"});
  CHECK(withDb.status == 0);
  CHECK(withDb.err.empty());
}

TEST_CASE("--database takes a database_name; an unknown name lists the bindings and their databases") {
  TempDir tmp;
  writeFile(tmp.path() / "wrangler.jsonc", R"({"d1_databases": [
    {"binding": "DB", "database_name": "blog", "migrations_dir": "sql/blog"},
    {"binding": "STATS", "database_name": "stats"}
  ]})");
  auto made = runRoost(tmp.path(), {"make:migration", "create_hits_table", "--database", "stats"});
  REQUIRE(made.status == 0);
  CHECK(made.err.find("on the D1 binding STATS in wrangler.jsonc") != std::string::npos);
  CHECK(readFile(tmp.path() / "wrangler.jsonc").find(
            R"({"binding": "STATS", "database_name": "stats", "migrations_dir": "database/migrations"})") != std::string::npos);

  auto blog = runRoost(tmp.path(), {"make:migration", "create_posts_table", "--database", "blog"});
  REQUIRE(blog.status == 0);
  CHECK(sqlFilesIn(tmp.path() / "sql/blog") == 1);

  auto unknown = runRoost(tmp.path(), {"migrate:status", "--database", "nope"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("no D1 binding or database named nope") != std::string::npos);
  CHECK(unknown.err.find("known bindings: DB (database blog), STATS (database stats)") != std::string::npos);
}
