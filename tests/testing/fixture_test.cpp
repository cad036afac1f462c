// TestDatabase: a fresh, migrated database per test case, by rollback or by copy.
#include <doctest/doctest.h>

#include <roost/migrate/errors.hpp>

#include "support/temp_files.hpp"
#include "testing/blog.hpp"

using roost::testing::Isolation;
using roost::testing::TestDatabase;

namespace {

std::int64_t tableCount(roost::Connection& c, const char* table) {
  roost::Value name(table);
  return c.execute("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", std::span(&name, 1))
      .rows.at(0).at(0).asInt();
}

}  // namespace

TEST_CASE("testing: a missing migrations folder is a clear error naming it") {
  roost::test::TempDir dir;
  auto missing = dir.path() / "nope";
  try {
    TestDatabase db({.migrations = {missing}});
    FAIL("expected an error");
  } catch (const roost::Error& e) {
    CHECK(std::string(e.what()).find(missing.string()) != std::string::npos);
    CHECK(std::string(e.what()).find("does not exist") != std::string::npos);
  }
  CHECK(roost::defaultConnection() == nullptr);  // nothing left behind
}

TEST_CASE("testing: a failing migration names its file and statement") {
  roost::test::TempDir dir;
  dir.write("migrations/0001_ok.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  dir.write("migrations/0002_bad.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABL c (x);");
  try {
    TestDatabase db({.migrations = {dir.path() / "migrations"}});
    FAIL("expected an error");
  } catch (const roost::MigrationError& e) {
    std::string what = e.what();
    CHECK(what.find("0002_bad.sql") != std::string::npos);
    CHECK(what.find("CREATE TABL c") != std::string::npos);
  }
}

TEST_CASE("testing: every test database holds the migrated schema and nothing of the test before") {
  for (Isolation isolation : {Isolation::Rollback, Isolation::Copy}) {
    CAPTURE(static_cast<int>(isolation));
    {
      TestDatabase db(blog::options(isolation));
      CHECK(tableCount(db.connection(), "users") == 1);
      CHECK(tableCount(db.connection(), "posts") == 1);
      CHECK(db.connection().execute("SELECT COUNT(*) FROM d1_migrations").rows[0][0].asInt() == 3);
      auto user = blog::User::create({{"name", "Ada"}, {"email", "ada@example.com"}});
      CHECK(user.key() == 1);
      CHECK(&roost::resolveConnection(blog::User::meta()) == &db.connection());
    }
    TestDatabase next(blog::options(isolation));
    CHECK(blog::User::count() == 0);
    // AUTOINCREMENT starts over too: ids a test sees do not depend on the tests before it.
    CHECK(blog::User::create({{"name", "Bob"}, {"email", "bob@example.com"}}).key() == 1);
  }
}

TEST_CASE("testing: Rollback keeps a test's own transactions working and refuses a second open fixture") {
  TestDatabase db(blog::options(Isolation::Rollback));
  db.connection().transaction([] { blog::User::create({{"name", "Ada"}, {"email", "ada@example.com"}}); });
  CHECK(blog::User::count() == 1);
  CHECK_THROWS_WITH_AS(TestDatabase(blog::options(Isolation::Rollback)),
                       doctest::Contains("Isolation::Copy"), roost::UsageError);
  TestDatabase copy(blog::options(Isolation::Copy));  // a copy is its own database
  CHECK(copy.connection().execute("SELECT COUNT(*) FROM users").rows[0][0].asInt() == 0);
}

TEST_CASE("testing: projectMigrations finds the folder as the CLI does") {
  auto m = roost::testing::projectMigrations(std::filesystem::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog");
  CHECK(std::filesystem::equivalent(m.dir, blog::migrations().dir));
  CHECK(m.pattern == "*.sql");
  TestDatabase db({.migrations = m});
  CHECK(tableCount(db.connection(), "profiles") == 1);
}
