#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;

TEST_CASE("soft-deleted rows are excluded by default and reachable with withTrashed/onlyTrashed") {
  blog::Fixture f;
  f.seed(2);  // 6 posts, 2 trashed
  CHECK(Post::count() == 4);
  CHECK(Post::withTrashed().count() == 6);
  CHECK(Post::onlyTrashed().count() == 2);
  CHECK(Post::all().size() == 4);
  auto trashedId = Post::onlyTrashed().first()->key();
  CHECK_FALSE(Post::find(trashedId).has_value());
  CHECK(Post::withTrashed().find(trashedId).has_value());
  CHECK(Post::query().paginate(1, 10).total == 4);
  CHECK(Post::query().pluck("id").size() == 4);
}

TEST_CASE("orWhere cannot widen the soft-delete scope") {
  blog::Fixture f;
  f.seed(2);
  // Every post matches one side of the OR, trashed ones included; still none of them is returned.
  auto rows = Post::where("status", "published").orWhere("author_id", 1).orWhere("status", "draft").all();
  CHECK(rows.size() == 4);
  for (auto& p : rows) CHECK(p.attributes["deleted_at"].isNull());
  CHECK(Post::where([](WhereGroup& g) { g.where("id", ">", 0).orWhereNotNull("deleted_at"); }).count() == 4);
  CHECK(Post::whereNotNull("deleted_at").orWhere("id", ">", 0).count() == 4);
  // bulk writes are scoped too
  CHECK(Post::where("id", ">", 0).orWhere("status", "published").update({{"title", "x"}}) == 4);
  CHECK(Post::onlyTrashed().where("title", "x").count() == 0);
}

TEST_CASE("remove soft-deletes, restore brings back, forceDelete removes the row") {
  blog::Fixture f;
  Post p = Post::create({{"title", "t"}});
  p.remove();
  CHECK(p.exists());
  CHECK(p.trashed());
  CHECK(p.attributes["deleted_at"] == "2024-01-02T03:04:05.678Z");
  CHECK(Post::count() == 0);
  CHECK(f.db->execute("SELECT COUNT(*) FROM posts").rows[0][0] == 1);
  p.restore();
  CHECK_FALSE(p.trashed());
  CHECK(Post::count() == 1);
  p.forceDelete();
  CHECK_FALSE(p.exists());
  CHECK(f.db->execute("SELECT COUNT(*) FROM posts").rows[0][0] == 0);
}

TEST_CASE("bulk remove soft-deletes and bulk restore un-deletes only trashed matching rows") {
  blog::Fixture f;
  f.seed(2);
  CHECK(Post::where("author_id", 1).remove() == 2);
  CHECK(Post::withTrashed().count() == 6);
  CHECK(Post::count() == 2);
  CHECK(Post::where("author_id", 1).restore() == 3);
  CHECK(Post::count() == 5);
  CHECK(Post::where("author_id", 2).forceDelete() == 3);  // trashed ones too, as Laravel's Builder::forceDelete
  CHECK(Post::withTrashed().count() == 3);
}
