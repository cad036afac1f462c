// FakeClock: created_at / updated_at from time the test controls.
#include <doctest/doctest.h>

#include "testing/blog.hpp"

using namespace std::chrono_literals;
using roost::testing::FakeClock;
using roost::testing::TestDatabase;

TEST_CASE("testing: a bad start time is a clear error") {
  CHECK_THROWS_WITH_AS(FakeClock("yesterday"), doctest::Contains("yesterday"), roost::UsageError);
}

TEST_CASE("testing: the fixture's clock stamps every model, and moves only when told") {
  TestDatabase db(blog::options());
  auto user = db.createOne(blog::UserFactory{});
  CHECK(user.attributes["created_at"] == "2026-01-01T00:00:00.000Z");
  CHECK(user.attributes["updated_at"] == "2026-01-01T00:00:00.000Z");

  db.clock().advance(90min);
  user.attributes["name"] = "Renamed";
  user.save();
  db.assertDatabaseHas("users", {{"id", user.key()}, {"created_at", "2026-01-01T00:00:00.000Z"},
                                 {"updated_at", "2026-01-01T01:30:00.000Z"}});
  db.clock().set("2027-02-03T04:05:06.007Z");
  CHECK(db.clock().timestamp() == "2027-02-03T04:05:06.007Z");
  CHECK(db.createOne(blog::UserFactory{}).attributes["created_at"] == "2027-02-03T04:05:06.007Z");
}

TEST_CASE("testing: a model's own clock wins, and the default clock is put back") {
  REQUIRE(!roost::defaultClock());
  {
    TestDatabase db(blog::options());
    FakeClock own("2030-06-01");
    blog::User::setClock(own.clock());
    CHECK(db.createOne(blog::UserFactory{}).attributes["created_at"] == "2030-06-01T00:00:00.000Z");
    own.advance(1s);  // the clock handed out reads the FakeClock's time
    CHECK(db.createOne(blog::UserFactory{}).attributes["created_at"] == "2030-06-01T00:00:01.000Z");
  }
  CHECK(!roost::defaultClock());
  CHECK(!blog::User::meta().clock);  // the model's clock was the test's: gone with it
  {
    FakeClock installed("2020-01-01");
    installed.install();
    CHECK(roost::formatTimestamp(roost::defaultNow()) == "2020-01-01T00:00:00.000Z");
  }
  CHECK(!roost::defaultClock());
}
