#include <doctest/doctest.h>

#include <limits>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::Tag;
using blog::User;

TEST_CASE("create inserts, assigns the id and stamps ISO-8601 UTC timestamps from the clock") {
  blog::Fixture f;
  User u = User::create({{"name", "Ada"}, {"email", "ada@example.com"}});
  CHECK(u.exists());
  CHECK(u.key() == 1);
  CHECK(u.attributes["created_at"] == "2024-01-02T03:04:05.678Z");
  CHECK(u.attributes["updated_at"] == "2024-01-02T03:04:05.678Z");
  auto row = f.db->execute("SELECT name, created_at FROM users WHERE id = 1");
  CHECK(row.row(0)["name"] == "Ada");
  CHECK(row.row(0)["created_at"] == "2024-01-02T03:04:05.678Z");
}

TEST_CASE("explicit timestamps are kept on create") {
  blog::Fixture f;
  User u = User::create({{"name", "A"}, {"created_at", "2020-01-01T00:00:00Z"}});
  CHECK(u.attributes["created_at"] == "2020-01-01T00:00:00Z");
  CHECK(u.attributes["updated_at"] == "2024-01-02T03:04:05.678Z");
}

TEST_CASE("find, findOrFail, first and firstOrFail") {
  blog::Fixture f;
  User::create({{"name", "A"}});
  User::create({{"name", "B"}});
  CHECK(User::find(2)->attributes["name"] == "B");
  CHECK_FALSE(User::find(99).has_value());
  CHECK_THROWS_AS(User::findOrFail(99), NotFoundError);
  CHECK_THROWS_WITH(User::findOrFail(99), doctest::Contains("users"));
  CHECK(User::where("name", "B").firstOrFail().key() == 2);
  CHECK_THROWS_AS(User::where("name", "Z").firstOrFail(), NotFoundError);
  CHECK_FALSE(User::where("name", "Z").first().has_value());
  // find within a query keeps the query's conditions
  CHECK_FALSE(User::where("name", "A").find(2).has_value());
}

TEST_CASE("dirty tracking: only changed attributes are written") {
  blog::Fixture f;
  User::create({{"name", "A"}, {"email", "a@x"}});
  User u = User::findOrFail(1);
  CHECK_FALSE(u.attributes.isDirty());
  u.attributes["name"] = "A";  // same value: not dirty
  CHECK_FALSE(u.attributes.isDirty());
  u.attributes["name"] = "B";
  CHECK(u.attributes.isDirty("name"));
  CHECK_FALSE(u.attributes.isDirty("email"));
  CHECK(u.attributes.original("name") == "A");
  CHECK(u.attributes.dirtyKeys() == std::vector<std::string>{"name"});

  std::vector<std::string> statements;
  f.db->setListener([&](std::string_view sql, std::span<const Value>) { statements.emplace_back(sql); });
  // another writer changes email meanwhile: our save must not overwrite it
  f.db->execute("UPDATE users SET email = 'other@x' WHERE id = 1");
  statements.clear();
  u.save();
  REQUIRE(statements.size() == 1);
  CHECK(statements[0] == R"(UPDATE "users" SET "name" = ?, "updated_at" = ? WHERE "id" = ?)");
  CHECK_FALSE(u.attributes.isDirty());
  u.refresh();
  CHECK(u.attributes["email"] == "other@x");
  CHECK(u.attributes["name"] == "B");

  statements.clear();
  u.save();  // nothing dirty: nothing written
  CHECK(statements.empty());
  f.db->setListener(nullptr);
}

TEST_CASE("update and refresh") {
  blog::Fixture f;
  User u = User::create({{"name", "A"}});
  u.update({{"name", "C"}});
  CHECK(User::findOrFail(1).attributes["name"] == "C");
  f.db->execute("UPDATE users SET name = 'D'");
  u.refresh();
  CHECK(u.attributes["name"] == "D");
  f.db->execute("DELETE FROM users");
  CHECK_THROWS_AS(u.refresh(), NotFoundError);
}

TEST_CASE("remove deletes the row of a model without soft deletes") {
  blog::Fixture f;
  Tag t = Tag::create({{"name", "x"}});
  t.remove();
  CHECK_FALSE(t.exists());
  CHECK(Tag::count() == 0);
  CHECK_THROWS_AS(t.remove(), UsageError);  // not in the database any more
}

TEST_CASE("a model without timestamps writes no timestamp columns") {
  blog::Fixture f;
  Tag t = Tag::create({{"name", "x"}});
  CHECK_FALSE(t.attributes.has("created_at"));
  t.attributes["name"] = "y";
  t.save();
  CHECK(Tag::findOrFail(t.key()).attributes["name"] == "y");
}

TEST_CASE("queries: where, orWhere, whereIn, whereNull, orderBy, limit, pluck, exists, count") {
  blog::Fixture f;
  for (int i = 1; i <= 5; ++i)
    Tag::create({{"name", "t" + std::to_string(i)}, {"data", i % 2 ? Value() : Value(Blob{"b"})}});
  CHECK(Tag::where("name", "t2").count() == 1);
  CHECK(Tag::where("id", ">", 3).count() == 2);
  CHECK(Tag::where("id", 1).orWhere("id", 5).count() == 2);
  CHECK(Tag::whereIn("name", {"t1", "t3", "zz"}).count() == 2);
  CHECK(Tag::whereNotIn("name", {"t1"}).count() == 4);
  CHECK(Tag::whereNull("data").count() == 3);
  CHECK(Tag::whereNotNull("data").count() == 2);
  auto names = Tag::orderBy("id", "desc").limit(2).pluck("name");
  CHECK(names == std::vector<Value>{Value("t5"), Value("t4")});
  CHECK(Tag::where("name", "like", "t%").exists());
  CHECK_FALSE(Tag::where("name", "nope").exists());
  auto all = Tag::query().orderBy("id").offset(3).all();
  REQUIRE(all.size() == 2);
  CHECK(all[0].attributes["name"] == "t4");
}

TEST_CASE("bulk update and delete touch only matching rows") {
  blog::Fixture f;
  f.seed(2);
  CHECK(Post::where("status", "draft").update({{"status", "archived"}}) == 2);
  CHECK(Post::where("status", "archived").count() == 2);
  CHECK(Post::where("status", "archived").first()->attributes["updated_at"] == "2024-01-02T03:04:05.678Z");
  CHECK(Tag::query().update({{"name", "n"}}) == 0);
  Tag::create({{"name", "a"}});
  Tag::create({{"name", "b"}});
  CHECK(Tag::where("name", "a").remove() == 1);
  CHECK(Tag::count() == 1);
}

TEST_CASE("paginate gives data, total, perPage, currentPage and lastPage >= 1") {
  blog::Fixture f;
  for (int i = 1; i <= 45; ++i) Tag::create({{"name", "t" + std::to_string(i)}});
  auto p = Tag::query().orderBy("id").paginate(3, 20);
  CHECK(p.total == 45);
  CHECK(p.perPage == 20);
  CHECK(p.currentPage == 3);
  CHECK(p.lastPage == 3);
  REQUIRE(p.data.size() == 5);
  CHECK(p.data[0].key() == 41);
  auto empty = Tag::where("name", "none").paginate(1, 20);
  CHECK(empty.total == 0);
  CHECK(empty.lastPage == 1);
  CHECK(empty.data.empty());
  auto beyond = Tag::query().paginate(9, 20);
  CHECK(beyond.data.empty());
  CHECK(beyond.lastPage == 3);
  CHECK_THROWS_AS(Tag::query().paginate(0, 20), UsageError);
  CHECK_THROWS_AS(Tag::query().paginate(1, 0), UsageError);
}

TEST_CASE("paginate at the ends of int64: lastPage never overflows, an overflowing offset is refused") {
  blog::Fixture f;
  for (int i = 1; i <= 5; ++i) Tag::create({{"name", "t" + std::to_string(i)}});
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

  // On D1 (bound numbers become JavaScript doubles) the LIMIT sent is capped at 2^53 - 1 and a
  // page whose offset is past that reads nothing: the answers are the same on both backends.
  // One page holds everything; lastPage was -1 (total + perPage - 1 wrapped).
  auto all = Tag::query().orderBy("id").paginate(1, kMax);
  CHECK(all.total == 5);
  CHECK(all.lastPage == 1);
  CHECK(all.data.size() == 5);
  auto second = Tag::query().paginate(2, kMax);  // offset INT64_MAX itself still fits
  CHECK(second.data.empty());
  CHECK(second.lastPage == 1);
  auto far = Tag::query().paginate(kMax, 1);  // offset INT64_MAX - 1
  CHECK(far.data.empty());
  CHECK(far.lastPage == 5);
  CHECK(Tag::query().paginate(2, std::int64_t{1} << 62).data.empty());  // offset 2^62 fits
  CHECK(Tag::query().paginate(2, 3).lastPage == 2);
  CHECK(Tag::query().paginate(1, 5).lastPage == 1);

  // Offsets past INT64_MAX wrapped (negative, or back to 0: page 1's rows); now refused.
  CHECK_THROWS_WITH_AS(Tag::query().paginate(kMax, kMax),
                       "paginate: page 9223372036854775807 of 9223372036854775807 rows starts past row "
                       "9223372036854775807 (its offset overflows a 64-bit integer)",
                       UsageError);
  CHECK_THROWS_AS(Tag::query().paginate((std::int64_t{1} << 62) + 1, 4), UsageError);  // wrapped to offset 0
  CHECK_THROWS_AS(Tag::query().paginate(3, std::int64_t{1} << 62), UsageError);
  CHECK_THROWS_AS(Tag::query().paginate(kMin, 10), UsageError);
  CHECK_THROWS_AS(Tag::query().paginate(-1, 10), UsageError);
  CHECK_THROWS_AS(Tag::query().paginate(1, kMin), UsageError);
  CHECK_THROWS_AS(Tag::query().paginate(1, -1), UsageError);
}

TEST_CASE("each and chunk stream rows and can stop early") {
  blog::Fixture f;
  for (int i = 1; i <= 10; ++i) Tag::create({{"name", "t" + std::to_string(i)}});
  int seen = 0;
  Tag::query().orderBy("id").each([&](Tag& t) { seen += static_cast<int>(t.key().asInt()); });
  CHECK(seen == 55);
  int visited = 0;
  Tag::query().each([&](Tag&) { return ++visited < 3; });
  CHECK(visited == 3);
  std::vector<std::size_t> sizes;
  Tag::query().chunk(4, [&](std::vector<Tag>& batch) { sizes.push_back(batch.size()); });
  CHECK(sizes == std::vector<std::size_t>{4, 4, 2});
  sizes.clear();
  Tag::query().chunk(4, [&](std::vector<Tag>& batch) {
    sizes.push_back(batch.size());
    return false;
  });
  CHECK(sizes == std::vector<std::size_t>{4});
  // a nested query on the same connection while streaming works
  int nested = 0;
  Tag::query().each([&](Tag&) { nested += static_cast<int>(Tag::query().count()); });
  CHECK(nested == 100);
}

namespace {
struct Orphan : Model<Orphan> {
  static constexpr const char* table = "orphans";
};
}  // namespace

TEST_CASE("a model with no connection gives a clear error") {
  CHECK_THROWS_WITH_AS(Orphan::count(), doctest::Contains("has no connection"), UsageError);
}

TEST_CASE("run-time models: Query over a ModelMeta built at run time") {
  blog::Fixture f;
  ModelMeta meta;
  meta.name = "Tag";
  meta.table = "tags";
  meta.timestamps = false;
  Record r(meta, f.db.get());
  r.attributes["name"] = "dyn";
  r.save();
  CHECK(r.key() == 1);
  Query q(meta, *f.db);
  auto rows = q.where("name", "dyn").all();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].attributes["name"] == "dyn");
}
