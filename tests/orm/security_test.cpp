// Values are always bound; identifiers are validated before SQL is built.
#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::Tag;

TEST_CASE("a column name carrying SQL is refused and never reaches SQLite") {
  blog::Fixture f;
  Tag::create({{"name", "keep"}});
  int statements = 0;
  f.db->setListener([&](std::string_view, std::span<const Value>) { ++statements; });
  const char* evil = "id; DROP TABLE posts";
  CHECK_THROWS_AS(Tag::where(evil, 1).all(), InvalidIdentifierError);
  CHECK_THROWS_WITH(Tag::where(evil, 1).count(), doctest::Contains("invalid identifier \"id; DROP TABLE posts\""));
  CHECK_THROWS_AS(Tag::query().orderBy("name desc, (select 1)"), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::whereIn("id\" OR 1=1 --", {1}).all(), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::whereNull("x y").all(), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::query().pluck("name--"), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::create({{"name\"", "x"}}), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::query().update({{"name = 1; --", "x"}}), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::query().select({"*"}).all(), InvalidIdentifierError);
  CHECK_THROWS_AS(Tag::where(std::string("na\0me", 5), 1).all(), InvalidIdentifierError);
  CHECK(statements == 0);
  f.db->setListener(nullptr);
  CHECK(f.db->execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'posts'").rows[0][0] == 1);
  CHECK(Tag::count() == 1);
}

TEST_CASE("identifier rules") {
  CHECK(isValidIdentifier("posts"));
  CHECK(isValidIdentifier("_x1"));
  CHECK(isValidIdentifier("posts.author_id"));
  CHECK_FALSE(isValidIdentifier(""));
  CHECK_FALSE(isValidIdentifier("1abc"));
  CHECK_FALSE(isValidIdentifier("a.b.c"));
  CHECK_FALSE(isValidIdentifier("a-b"));
  CHECK_FALSE(isValidIdentifier("a\"b"));
  CHECK_FALSE(isValidIdentifier("ünïcode"));
  CHECK(quoteIdentifier("posts.id") == "\"posts\".\"id\"");
}

TEST_CASE("values with quotes, NUL bytes and SQL round-trip unchanged") {
  blog::Fixture f;
  const std::string nasty = std::string("O'Brien \"quoted\" '); DROP TABLE tags; --\0after NUL\n\t", 52);
  REQUIRE(nasty.size() == 52);
  Tag t = Tag::create({{"name", nasty}, {"data", Blob{std::string("\0\1\2'\xff", 5)}}});
  Tag back = Tag::findOrFail(t.key());
  CHECK(back.attributes["name"].asText() == nasty);
  CHECK(back.attributes["name"].asText().size() == 52);
  CHECK(back.attributes["data"].asBlob().bytes == std::string("\0\1\2'\xff", 5));
  CHECK(Tag::where("name", nasty).count() == 1);
  CHECK(Tag::whereIn("name", {nasty}).count() == 1);
  back.attributes["name"] = nasty + "'";
  back.save();
  CHECK(Tag::findOrFail(t.key()).attributes["name"].asText() == nasty + "'");
  CHECK(f.db->execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tags'").rows[0][0] == 1);
  // a value shaped like an operator is just a value
  CHECK(Post::where("title", "1 OR 1=1").count() == 0);
}
