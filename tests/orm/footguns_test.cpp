// The footguns a new user hit porting the guides to C++ (issue 16): each one a test.
#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;

TEST_CASE("reading a missing attribute on a non-const model adds nothing, and save() still works") {
  blog::Fixture f;
  Post p = Post::create({{"title", "Hello"}});
  CHECK(p.attributes["no_such_column"].isNull());  // a read: the model is not const
  CHECK_FALSE(p.attributes.has("no_such_column"));
  CHECK_FALSE(p.attributes.isDirty());  // reads never start dirty tracking either
  p.attributes["title"] = "Changed";
  CHECK_NOTHROW(p.save());
  CHECK(f.db->execute("SELECT title FROM posts").rows[0][0] == "Changed");

  // Only assignment adds, and an added column is dirty.
  Post fresh;
  fresh.attributes["title"] = "New";
  CHECK(fresh.attributes.has("title"));
  CHECK(fresh.attributes.isDirty("title"));
  CHECK(fresh.attributes["title"] == "New");
  CHECK(fresh.attributes["title"] != "Old");
  // Assigning one attribute from another copies the value, not the reference.
  fresh.attributes["slug"] = fresh.attributes["title"];
  fresh.attributes["title"] = "Other";
  CHECK(fresh.attributes["slug"] == "New");
}

// A pointer other than a C string used to bind integer 1 through Value(bool).
template <class P>
constexpr bool whereAccepts = requires(BasicQuery<Post>& q, P p) { q.where("slug", p); };

TEST_CASE("a pointer that is not a C string is no Value (it used to bind 1 through bool)") {
  CHECK_FALSE(std::is_constructible_v<Value, std::string*>);
  CHECK_FALSE(std::is_constructible_v<Value, const std::string*>);
  CHECK_FALSE(std::is_constructible_v<Value, int*>);
  CHECK_FALSE(std::is_constructible_v<Value, void*>);
  CHECK_FALSE(whereAccepts<std::string*>);
  CHECK_FALSE(std::is_convertible_v<std::string*, Value>);
  // C strings, nullptr and bool stay what they were.
  CHECK(whereAccepts<const char*>);
  CHECK(Value(static_cast<const char*>("a")) == "a");
  char buffer[] = "buf";
  CHECK(Value(buffer) == "buf");
  CHECK(Value(nullptr).isNull());
  CHECK(Value(true) == 1);
}
static_assert(!std::is_constructible_v<Value, std::string*>, "Post::where(\"slug\", ptr) must not compile");
static_assert(!whereAccepts<std::string*>);

TEST_CASE("limit(5).paginate(2, 3): the page, total and lastPage all stay inside the limit") {
  blog::Fixture f;
  for (int i = 1; i <= 9; ++i) Post::create({{"title", "p" + std::to_string(i)}});
  auto page = Post::orderBy("id").limit(5).paginate(2, 3);
  CHECK(page.total == 5);
  CHECK(page.lastPage == 2);
  REQUIRE(page.data.size() == 2);  // rows 4 and 5; row 6 is past the limit
  CHECK(page.data[0].attributes["title"] == "p4");
  CHECK(page.data[1].attributes["title"] == "p5");
  CHECK(Post::orderBy("id").limit(5).paginate(3, 3).data.empty());
}
