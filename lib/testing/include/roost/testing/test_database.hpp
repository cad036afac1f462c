#pragma once
// TestDatabase: the fixture of one test case. While it lives:
//   - a fresh database migrated from the project's migrations is every model's connection
//     (the default connection; models' own setConnection() is suspended), built from a schema
//     made once per program (SchemaTemplate);
//   - a FakeClock is every model's clock (frozen at 2026-01-01T00:00:00.000Z unless moved);
//   - a QueryLog records what the test runs on that database;
//   - the ORM's global state (hooks, connections, clocks of every model, the default
//     connection) is saved, and put back when it is destroyed (GlobalState).
// Declare it first in a test case (or as a doctest/gtest fixture member):
//
//   TEST_CASE("lists published posts") {
//     roost::testing::TestDatabase db({.migrations = {"database/migrations"}});
//     db.createOne(PostFactory{}.forRelation(UserFactory{}, "author"));
//     db.assertDatabaseCount("posts", 1);
//   }
//
// Not thread-safe: the ORM's global state is process-wide, so run one fixture at a time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "roost/orm/sqlite_connection.hpp"
#include "roost/testing/database_assertions.hpp"
#include "roost/testing/factories.hpp"
#include "roost/testing/fake_clock.hpp"
#include "roost/testing/global_state.hpp"
#include "roost/testing/query_log.hpp"
#include "roost/testing/schema_template.hpp"

namespace roost::testing {

// How each test gets its fresh database from the template (see SchemaTemplate). Rollback is
// the default: measured the faster (bench/testing_fixture_bench.cpp). Use Copy for a test that
// needs real commits (it runs migrations itself, or checks what a second transaction sees).
enum class Isolation { Rollback, Copy };

struct TestDatabaseOptions {
  Migrations migrations;
  Isolation isolation = Isolation::Rollback;
  // Suspend the connections models set for themselves, so every model writes to the test
  // database (restored after the test).
  bool routeAllModels = true;
  // The fake clock's start.
  std::string_view now = "2026-01-01T00:00:00.000Z";
};

class TestDatabase {
 public:
  explicit TestDatabase(TestDatabaseOptions options);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  SqliteConnection& connection() noexcept { return *connection_; }
  const std::shared_ptr<SqliteConnection>& sharedConnection() const noexcept { return connection_; }
  QueryLog& queries() noexcept { return *log_; }
  FakeClock& clock() noexcept { return clock_; }
  Isolation isolation() const noexcept { return isolation_; }

  // The database assertions on this database; they do not appear in queries().
  void assertDatabaseHas(std::string_view table, const ColumnValues& values);
  void assertDatabaseMissing(std::string_view table, const ColumnValues& values);
  void assertDatabaseCount(std::string_view table, std::int64_t expected);

  template <AnyFactory F>
  auto createOne(const F& factory, Attributes::Init overrides = {}) {
    return testing::createOne(factory, overrides);
  }
  template <AnyFactory F>
  auto createMany(const F& factory, std::size_t count, Attributes::Init overrides = {}) {
    return testing::createMany(factory, count, overrides);
  }

 private:
  GlobalStateGuard globals_;  // first: restored last, after everything below is gone
  Isolation isolation_;
  std::shared_ptr<SqliteConnection> connection_;
  FakeClock clock_;
  std::optional<QueryLog> log_;
};

}  // namespace roost::testing
