// GlobalState: hooks, connections, clocks and relations set in one test never reach the next.
#include <doctest/doctest.h>

#include "testing/blog.hpp"

using blog::User;
using blog::UserFactory;
using roost::testing::TestDatabase;

namespace {

// A model whose meta is first built inside a test.
struct Latecomer : roost::Model<Latecomer> {
  static constexpr const char* table = "users";
};

}  // namespace

TEST_CASE("testing: a hook registered in one test is gone in the next") {
  int fired = 0;
  {
    TestDatabase db(blog::options());
    User::on("creating", [&](User&) { ++fired; });
    db.createOne(UserFactory{});
    CHECK(fired == 1);
  }
  TestDatabase db(blog::options());
  db.createOne(UserFactory{});
  CHECK(fired == 1);
  CHECK(!User::meta().hooks.any(roost::HookEvent::Creating));
}

TEST_CASE("testing: hooks registered before the fixture survive it") {
  int fired = 0;
  User::on("created", [&](User&) { ++fired; });
  {
    TestDatabase db(blog::options());
    User::meta().hooks.clearAll();  // a test clearing them...
    db.createOne(UserFactory{});
  }
  CHECK(User::meta().hooks.any(roost::HookEvent::Created));  // ...does not lose them for the next
  User::meta().hooks.clearAll();
  CHECK(fired == 0);
}

TEST_CASE("testing: connections set in a test do not leak, and a model's own one is suspended") {
  REQUIRE(roost::defaultConnection() == nullptr);
  auto production = std::make_shared<roost::SqliteConnection>(":memory:");
  User::setConnection(production);
  {
    TestDatabase db(blog::options());
    CHECK(&roost::resolveConnection(User::meta()) == &db.connection());  // not production's
    db.createOne(UserFactory{});
    auto other = std::make_shared<roost::SqliteConnection>(":memory:");
    blog::Post::setConnection(other);
    roost::setDefaultConnection(other);
  }
  CHECK(User::meta().connection == production);
  CHECK(blog::Post::meta().connection == nullptr);
  CHECK(roost::defaultConnection() == nullptr);
  User::setConnection(nullptr);
}

TEST_CASE("testing: a relation added in a test is gone after it; declared ones stay") {
  {
    TestDatabase db(blog::options());
    roost::RelationDef extra;
    extra.name = "latest";
    extra.kind = roost::RelationDef::Kind::HasOne;
    extra.related = &blog::Post::meta();
    extra.foreignKey = "author_id";
    User::meta().relations.add(extra);
    CHECK(User::meta().relations.find("latest") != nullptr);
  }
  CHECK(User::meta().relations.find("latest") == nullptr);
  CHECK(User::meta().relations.find("posts") != nullptr);
}

TEST_CASE("testing: a model first used inside a test is clean after it") {
  {
    TestDatabase db(blog::options());
    Latecomer::on("saving", [](Latecomer&) { return false; });
    Latecomer::setConnection(db.sharedConnection());
    Latecomer::setClock(roost::fixedClock({}));
  }
  CHECK(!Latecomer::meta().hooks.any(roost::HookEvent::Saving));
  CHECK(Latecomer::meta().connection == nullptr);
  CHECK(!Latecomer::meta().clock);
}

TEST_CASE("testing: every test's factories draw the same data, whatever ran before") {
  std::string first, second;
  {
    TestDatabase db(blog::options());
    db.createMany(UserFactory{}, 5);  // moves the stream on
    first = db.createOne(UserFactory{}).attributes["name"].asText();
  }
  {
    TestDatabase db(blog::options());
    db.createMany(UserFactory{}, 5);
    second = db.createOne(UserFactory{}).attributes["name"].asText();
  }
  CHECK(first == second);
}
