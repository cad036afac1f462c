// The guide's "How to use factories in tests", and forRelation: the factory makes the parent.
#include <doctest/doctest.h>

#include "testing/blog.hpp"

using blog::Post;
using blog::PostFactory;
using blog::UserFactory;
using roost::testing::TestDatabase;

TEST_CASE("guide: the factory example as written (author_id: 1) names the fix for its foreign key") {
  TestDatabase db(blog::options());
  PostFactory factory;
  try {
    db.createOne(factory.state({{"author_id", 1}}));
    FAIL("expected FOREIGN KEY constraint failed");
  } catch (const roost::QueryError& e) {
    std::string what = e.what();
    CHECK(what.find("FOREIGN KEY constraint failed") != std::string::npos);
    CHECK(what.find(".forRelation(ParentFactory{}, \"relation\")") != std::string::npos);
    CHECK(what.find("INSERT INTO \"posts\"") != std::string::npos);  // the statement is still there
  }
  db.assertDatabaseCount("posts", 0);  // nothing half-written
}

TEST_CASE("guide: lists published posts") {
  TestDatabase db(blog::options());
  PostFactory factory;
  auto posts = factory.forRelation(UserFactory{}, "author");
  db.createOne(posts);
  db.createOne(posts.state([](roost::Attributes& a) { a["status"] = "draft"; }));
  auto published = Post::where("status", "published").all();
  CHECK(published.size() == 1);
  db.assertDatabaseCount("users", 2);  // one author per createOne call
}

TEST_CASE("testing: createOne / createMany take overrides and return the saved models") {
  TestDatabase db(blog::options());
  auto author = db.createOne(UserFactory{}, {{"name", "Ada"}});
  CHECK(author.key() == 1);
  auto drafts = roost::testing::createMany(PostFactory{}.forRelation(author, "author"), 3, {{"status", "draft"}});
  REQUIRE(drafts.size() == 3);
  for (auto& p : drafts) {
    CHECK(p.attributes["author_id"] == author.key());
    CHECK(p.attributes["status"] == "draft");
  }
  db.assertDatabaseCount("users", 1);
  CHECK(roost::testing::createMany(PostFactory{}.forRelation(author, "author"), 0).empty());
}

TEST_CASE("testing: forRelation refuses what is not a belongsTo of the parent given") {
  TestDatabase db(blog::options());
  CHECK_THROWS_WITH_AS((void)PostFactory{}.forRelation(UserFactory{}, "writer"), doctest::Contains("author"),
                       roost::UsageError);
  CHECK_THROWS_WITH_AS((void)UserFactory{}.forRelation(PostFactory{}, "posts"),
                       doctest::Contains("is a hasMany relation; forRelation() takes a belongsTo"), roost::UsageError);
  CHECK_THROWS_WITH_AS((void)PostFactory{}.forRelation(PostFactory{}, "author"),
                       doctest::Contains("belongs to users, but the parent given makes posts"), roost::UsageError);
  blog::User unsaved;
  CHECK_THROWS_WITH_AS((void)PostFactory{}.forRelation(unsaved, "author"), doctest::Contains("save it first"),
                       roost::UsageError);
  db.assertDatabaseCount("users", 0);
}

TEST_CASE("testing: forRelation replaces an earlier parent for the same key") {
  TestDatabase db(blog::options());
  auto existing = db.createOne(UserFactory{});
  auto post = db.createOne(PostFactory{}.forParent(UserFactory{}, "author_id").forRelation(existing, "author"));
  CHECK(post.attributes["author_id"] == existing.key());
  db.assertDatabaseCount("users", 1);  // the replaced parent was never made
  auto loaded = Post::query().with("author").findOrFail(post.key());
  CHECK(Post::author.of(loaded)->key() == existing.key());
}
