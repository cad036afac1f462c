// Table-driven: builder chain -> exact SQL and bindings.
#include <doctest/doctest.h>

#include <algorithm>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::Tag;

namespace {
std::vector<Value> vals(std::initializer_list<Value> v) { return v; }
}

TEST_CASE("grammar compiles each clause kind to quoted, bound SQL") {
  blog::Fixture f;
  struct Case {
    CompiledSql got;
    std::string sql;
    std::vector<Value> bindings;
  };
  const Case cases[] = {
      {Tag::query().toSql(), R"(SELECT * FROM "tags")", {}},
      {Tag::where("name", "a").toSql(), R"(SELECT * FROM "tags" WHERE "name" = ?)", vals({"a"})},
      {Tag::where("id", ">=", 3).where("name", "like", "a%").toSql(),
       R"(SELECT * FROM "tags" WHERE "id" >= ? AND "name" LIKE ?)", vals({3, "a%"})},
      {Tag::where("id", 1).orWhere("id", "!=", 2).toSql(), R"(SELECT * FROM "tags" WHERE "id" = ? OR "id" <> ?)",
       vals({1, 2})},
      {Tag::whereIn("id", {1, 2, 3}).toSql(), R"(SELECT * FROM "tags" WHERE "id" IN (?, ?, ?))", vals({1, 2, 3})},
      {Tag::whereNotIn("id", {7}).toSql(), R"(SELECT * FROM "tags" WHERE "id" NOT IN (?))", vals({7})},
      {Tag::whereIn("id", {}).toSql(), R"(SELECT * FROM "tags" WHERE 0 = 1)", {}},
      {Tag::whereNull("name").orWhereNotNull("data").toSql(),
       R"(SELECT * FROM "tags" WHERE "name" IS NULL OR "data" IS NOT NULL)", {}},
      {Tag::where("name", nullptr).toSql(), R"(SELECT * FROM "tags" WHERE "name" IS NULL)", {}},
      {Tag::where("id", 1).where([](WhereGroup& g) { g.where("name", "a").orWhere("name", "b"); }).toSql(),
       R"(SELECT * FROM "tags" WHERE "id" = ? AND ("name" = ? OR "name" = ?))", vals({1, "a", "b"})},
      {Tag::orderBy("name", "DESC").orderBy("id").limit(10).offset(20).toSql(),
       R"(SELECT * FROM "tags" ORDER BY "name" DESC, "id" LIMIT ? OFFSET ?)", vals({10, 20})},
      {Tag::query().offset(5).toSql(), R"(SELECT * FROM "tags" LIMIT -1 OFFSET ?)", vals({5})},
      {Tag::query().select({"id", "name"}).toSql(), R"(SELECT "id", "name" FROM "tags")", {}},
      {Post::query().toSql(), R"(SELECT * FROM "posts" WHERE "deleted_at" IS NULL)", {}},
      {Post::where("status", "a").orWhere("author_id", 1).toSql(),
       R"(SELECT * FROM "posts" WHERE "deleted_at" IS NULL AND ("status" = ? OR "author_id" = ?))", vals({"a", 1})},
      {Post::withTrashed().where("id", 1).toSql(), R"(SELECT * FROM "posts" WHERE "id" = ?)", vals({1})},
      {Post::onlyTrashed().toSql(), R"(SELECT * FROM "posts" WHERE "deleted_at" IS NOT NULL)", {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sql);
    CHECK(c.got.sql == c.sql);
    CHECK(c.got.bindings == c.bindings);
  }
}

TEST_CASE("insert, update and delete SQL bind every value") {
  Grammar g;
  std::vector<std::string> cols{"a", "b"};
  CHECK(g.insert("t", cols) == R"(INSERT INTO "t" ("a", "b") VALUES (?, ?))");
  CHECK(g.insert("t", {}) == R"(INSERT INTO "t" DEFAULT VALUES)");
  QuerySpec spec;
  spec.table = "t";
  spec.wheres.push_back(Condition{Condition::Kind::Compare, false, CompareOp::Eq, "id", Value(5), {}, {}});
  std::vector<Value> values{Value("x"), Value()};
  auto u = g.update(spec, cols, values);
  CHECK(u.sql == R"(UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ?)");
  CHECK(u.bindings == std::vector<Value>{Value("x"), Value(), Value(5)});
  spec.limit = 2;
  CHECK(g.remove(spec).sql == R"(DELETE FROM "t" WHERE rowid IN (SELECT rowid FROM "t" WHERE "id" = ? LIMIT ?))");
}

TEST_CASE("count ignores order but respects a limit") {
  blog::Fixture f;
  CHECK(Tag::where("id", 1).orderBy("id").toSql().sql.find("ORDER BY") != std::string::npos);
  Grammar g;
  QuerySpec spec;
  spec.table = "tags";
  spec.orders.push_back({"id", false});
  CHECK(g.count(spec).sql == R"(SELECT COUNT(*) FROM "tags")");
  spec.limit = 3;
  CHECK(g.count(spec).sql == R"(SELECT COUNT(*) FROM (SELECT 1 FROM "tags" ORDER BY "id" LIMIT ?))");
}

TEST_CASE("bad operators and directions are refused before any SQL is built") {
  blog::Fixture f;
  CHECK_THROWS_AS(Tag::where("id", "===", 1), UsageError);
  CHECK_THROWS_WITH_AS(Tag::where("id", "; DROP", 1), doctest::Contains("unknown operator"), UsageError);
  CHECK_THROWS_AS(Tag::orderBy("id", "sideways"), UsageError);
  CHECK_THROWS_AS(Tag::where("id", ">", nullptr).all(), UsageError);
  CHECK_THROWS_AS(Tag::query().limit(-1), UsageError);
}

TEST_CASE("an IN list longer than the backend's bound-parameter limit still runs as one statement") {
  blog::Fixture f;
  std::vector<Attributes> rows;
  for (int i = 0; i < 300; ++i) rows.push_back({{"name", i % 3 ? "keep" : "it's \"quoted\""}});
  Tag::insertMany(std::move(rows));
  // More values than D1 binds (100), and text that needs escaping in the JSON array.
  std::vector<Value> ids;
  for (int i = 1; i <= 250; ++i) ids.emplace_back(i);
  std::vector<Value> names{Value("it's \"quoted\""), Value("other")};
  for (int i = 0; i < 150; ++i) names.emplace_back("filler" + std::to_string(i));
  std::vector<std::string> statements;
  f.db->setListener([&](std::string_view sql, std::span<const Value>) { statements.emplace_back(sql); });
  CHECK(Tag::whereIn("id", ids).count() == 250);
  CHECK(Tag::whereIn("id", ids).whereIn("name", names).count() == 84);  // ids 1..250 with i % 3 == 0 (i = id - 1)
  CHECK(Tag::whereNotIn("id", ids).orderBy("id").limit(5).pluck("id").front() == 251);
  CHECK(Tag::whereIn("id", ids).paginate(2, 100).data.size() == 100);
  CHECK(Tag::whereIn("id", ids).update({{"name", "touched"}}) == 250);
  f.db->setListener(nullptr);
  const bool usedJson = std::any_of(statements.begin(), statements.end(),
                                    [](const std::string& s) { return s.find("json_each(?)") != std::string::npos; });
  CHECK(usedJson == (f.db->maxBoundParams() < 250));
  CHECK(toJsonArray({Value(1), Value("a\"b\\c\n"), Value(), Value(2.5)}) == R"([1,"a\"b\\c\u000a",null,2.5])");
  CHECK_THROWS_AS(toJsonArray({Value(Blob{"x"})}), UsageError);
}
