// assertDatabaseHas / assertDatabaseMissing / assertDatabaseCount.
#include <doctest/doctest.h>

#include "testing/blog.hpp"

using roost::testing::AssertionError;
using roost::testing::TestDatabase;

TEST_CASE("testing: database assertions refuse bad identifiers before any SQL runs") {
  TestDatabase db(blog::options());
  CHECK_THROWS_AS(db.assertDatabaseHas("posts; DROP TABLE users", {{"id", 1}}), roost::InvalidIdentifierError);
  CHECK_THROWS_AS(db.assertDatabaseMissing("posts", {{"title\" OR 1=1 --", "x"}}), roost::InvalidIdentifierError);
  CHECK_THROWS_AS(db.assertDatabaseCount("users\"", 0), roost::InvalidIdentifierError);
  CHECK(db.queries().count() == 0);
  db.assertDatabaseCount("users", 0);  // still there
}

TEST_CASE("testing: an unknown table or column is the database's error, not a pass") {
  TestDatabase db(blog::options());
  CHECK_THROWS_WITH_AS(db.assertDatabaseCount("nope", 0), doctest::Contains("no such table"), roost::QueryError);
  CHECK_THROWS_WITH_AS(db.assertDatabaseMissing("users", {{"nmae", "Ada"}}), doctest::Contains("no such column"),
                       roost::QueryError);
}

TEST_CASE("testing: assertDatabaseHas / Missing match bound values, NULL included") {
  TestDatabase db(blog::options());
  auto user = db.createOne(blog::UserFactory{}, {{"name", "Ada O'Hara"}});
  db.createOne(blog::PostFactory{}.forParent(user, "author_id"), {{"slug", "hello"}, {"published_at", nullptr}});

  db.assertDatabaseHas("users", {{"name", "Ada O'Hara"}});
  db.assertDatabaseHas("posts", {{"slug", "hello"}, {"author_id", user.key()}, {"published_at", nullptr}});
  db.assertDatabaseMissing("posts", {{"slug", "hello"}, {"status", "draft"}});
  db.assertDatabaseMissing("users", {{"name", "' OR '1'='1"}});  // a value, never SQL

  CHECK_THROWS_WITH_AS(db.assertDatabaseHas("posts", {{"slug", "other"}}),
                       doctest::Contains("no row of posts matches {slug: 'other'}; it holds 1 row(s)"), AssertionError);
  CHECK_THROWS_WITH_AS(db.assertDatabaseHas("posts", {{"slug", "other"}}), doctest::Contains("slug: 'hello'"),
                       AssertionError);
  CHECK_THROWS_WITH_AS(db.assertDatabaseMissing("posts", {{"slug", "hello"}}),
                       doctest::Contains("1 row(s) of posts match {slug: 'hello'}"), AssertionError);
}

TEST_CASE("testing: assertDatabaseCount counts every row, soft-deleted ones too") {
  TestDatabase db(blog::options());
  auto user = db.createOne(blog::UserFactory{});
  auto posts = db.createMany(blog::PostFactory{}.forParent(user, "author_id"), 3);
  posts[0].remove();
  db.assertDatabaseCount("posts", 3);
  CHECK(blog::Post::count() == 2);
  CHECK_THROWS_WITH_AS(db.assertDatabaseCount("posts", 2), doctest::Contains("posts holds 3 row(s), expected 2"),
                       AssertionError);
  CHECK_THROWS_WITH_AS(db.assertDatabaseCount("users", 0), doctest::Contains("users holds 1 row(s), expected 0"),
                       AssertionError);
}
