// QueryLog: count, SQL text and no-N+1 assertions on what a test ran.
#include <doctest/doctest.h>

#include "testing/blog.hpp"

using roost::testing::AssertionError;
using roost::testing::TestDatabase;

namespace {

std::vector<blog::User> usersWithPosts(TestDatabase& db, int users, int postsEach) {
  auto made = db.createMany(blog::UserFactory{}, static_cast<std::size_t>(users));
  for (auto& u : made) db.createMany(blog::PostFactory{}.forParent(u, "author_id"), static_cast<std::size_t>(postsEach));
  db.queries().clear();
  return made;
}

}  // namespace

TEST_CASE("testing: sqlShape folds whitespace and placeholder lists") {
  using roost::testing::sqlShape;
  CHECK(sqlShape("SELECT *\n  FROM \"posts\"  WHERE \"id\" IN (?, ?, ?)") == "SELECT * FROM \"posts\" WHERE \"id\" IN (?...)");
  CHECK(sqlShape("WHERE a IN (?)") == sqlShape("WHERE a IN (?,?)"));
  CHECK(sqlShape("VALUES (?, 'x')") == "VALUES (?, 'x')");  // not only placeholders: kept
}

TEST_CASE("testing: the query log counts queries, not transaction control, and not the kit's own") {
  TestDatabase db(blog::options());
  db.createOne(blog::UserFactory{});  // BEGIN/SAVEPOINT, INSERT, RELEASE
  CHECK(db.queries().count() == 1);
  CHECK(db.queries().entries().size() > 1);
  db.queries().assertCount(1);
  db.assertDatabaseCount("users", 1);  // paused while the kit asks
  db.queries().assertCount(1);
  CHECK_THROWS_WITH_AS(db.queries().assertCount(3), doctest::Contains("expected 3 queries, ran 1"), AssertionError);
  CHECK_THROWS_WITH_AS(db.queries().assertCount(3), doctest::Contains("INSERT INTO \"users\""), AssertionError);
  CHECK(db.queries().countDuring([] { (void)blog::User::count(); }) == 1);
}

TEST_CASE("testing: assertRan / assertNotRan look for SQL text and show the queries on failure") {
  TestDatabase db(blog::options());
  (void)blog::Post::where("status", "published").all();
  db.queries().assertRan("FROM \"posts\"");
  db.queries().assertNotRan("DELETE");
  CHECK_THROWS_WITH_AS(db.queries().assertRan("FROM \"users\""), doctest::Contains("no query contains `FROM \"users\"`"),
                       AssertionError);
  CHECK_THROWS_WITH_AS(db.queries().assertNotRan("\"status\" = ?"), doctest::Contains("['published']"), AssertionError);
}

TEST_CASE("testing: assertNoNPlusOne catches a relation loaded per parent, passes an eager load") {
  TestDatabase db(blog::options());
  auto users = usersWithPosts(db, 3, 2);

  SUBCASE("one query per parent fails, naming the statement and the fix") {
    for (auto& u : users) (void)blog::User::posts.load(u);
    CHECK(db.queries().count() == 3);
    CHECK_THROWS_WITH_AS(db.queries().assertNoNPlusOne(), doctest::Contains("ran 3 times (at most 1 allowed)"),
                         AssertionError);
    CHECK_THROWS_WITH_AS(db.queries().assertNoNPlusOne(), doctest::Contains("with(\"name\")"), AssertionError);
    db.queries().assertNoNPlusOne(3);  // a looser limit
  }
  SUBCASE("with() loads all parents' posts in one query") {
    auto loaded = blog::User::query().with("posts").all();
    CHECK(loaded.size() == 3);
    CHECK(blog::User::posts.of(loaded[0]).size() == 2);
    db.queries().assertCount(2);
    db.queries().assertNoNPlusOne();
  }
  SUBCASE("writes count only when asked") {
    db.createMany(blog::UserFactory{}, 3);
    db.queries().assertNoNPlusOne();
    CHECK_THROWS_AS(db.queries().assertNoNPlusOne(1, true), AssertionError);
  }
}

TEST_CASE("testing: a failure handler replaces the throw, and returning from it continues") {
  TestDatabase db(blog::options());
  std::vector<std::string> failures;
  auto previous = roost::testing::setFailureHandler([&](const std::string& m) { failures.push_back(m); });
  db.queries().assertCount(5);
  db.assertDatabaseCount("users", 2);
  roost::testing::setFailureHandler(previous);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].find("expected 5 queries, ran 0") != std::string::npos);
  CHECK(failures[1].find("users holds 0 row(s), expected 2") != std::string::npos);
  CHECK_THROWS_AS(db.queries().assertCount(5), AssertionError);
}
