// A downstream doctest suite using roost::testing from the installed package: the guide's
// "How to use factories in tests", the query log and the isolation between test cases.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <roost/orm/orm.hpp>
#include <roost/testing.hpp>

#include "blog_models.hpp"  // the models and factories of the blog sample

using blog::Post;
using blog::PostFactory;
using blog::User;
using blog::UserFactory;

namespace {

// Failures as doctest failures, with the kit's message.
struct ReportToDoctest {
  ReportToDoctest() {
    roost::testing::setFailureHandler([](const std::string& m) { FAIL(m); });
  }
} reportToDoctest;

roost::testing::TestDatabaseOptions project() { return {.migrations = {CONSUMER_MIGRATIONS}}; }

}  // namespace

TEST_CASE("lists published posts") {
  roost::testing::TestDatabase db(project());
  auto posts = PostFactory{}.forRelation(UserFactory{}, "author");
  db.createOne(posts);
  db.createOne(posts, {{"status", "draft"}});
  CHECK(Post::where("status", "published").count() == 1);
  db.assertDatabaseCount("users", 2);
  db.assertDatabaseHas("posts", {{"status", "draft"}, {"created_at", "2026-01-01T00:00:00.000Z"}});
}

TEST_CASE("the previous test left nothing behind") {
  roost::testing::TestDatabase db(project());
  db.assertDatabaseCount("posts", 0);
  CHECK(db.createOne(UserFactory{}).key() == 1);
}

TEST_CASE("eager loading runs one query per relation") {
  roost::testing::TestDatabase db(project());
  for (auto& user : db.createMany(UserFactory{}, 3)) db.createMany(PostFactory{}.forRelation(user, "author"), 2);
  db.queries().clear();
  auto users = User::query().with("posts").all();
  CHECK(User::posts.of(users[2]).size() == 2);
  db.queries().assertCount(2);
  db.queries().assertNoNPlusOne();
}

TEST_CASE("a hook of one test does not reach the next") {
  {
    roost::testing::TestDatabase db(project());
    User::on("creating", [](User&) { return false; });
    CHECK_THROWS_AS(db.createOne(UserFactory{}), roost::HookAbortedError);
  }
  roost::testing::TestDatabase db(project());
  CHECK(db.createOne(UserFactory{}).key() == 1);
}
