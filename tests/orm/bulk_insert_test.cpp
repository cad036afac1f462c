#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::Tag;

TEST_CASE("insertMany writes every row in few statements within the bound-parameter limit") {
  blog::Fixture f;
  std::vector<Attributes> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back({{"body", std::to_string(i % 7)}, {"title", "t" + std::to_string(i)}, {"status", "draft"}});
  std::size_t statements = 0, maxParams = 0;
  f.db->setListener([&](std::string_view sql, std::span<const Value> b) {
    if (sql.rfind("INSERT", 0) == 0) {
      ++statements;
      maxParams = std::max(maxParams, b.size());
    }
  });
  auto stats = Post::insertMany(std::move(rows));
  f.db->setListener(nullptr);
  CHECK(stats.rows == 1000);
  CHECK(statements == stats.statements);
  CHECK(maxParams <= f.db->maxBoundParams());
  // 5 columns (3 given + created_at + updated_at): D1 fits 20 rows per statement, SQLite all 1000.
  CHECK(stats.statements == (roost::test::kOnD1 ? 50u : 1u));
  CHECK(Post::count() == 1000);
  auto last = Post::where("title", "t999").firstOrFail();
  CHECK(last.attributes["created_at"] == "2024-01-02T03:04:05.678Z");
  CHECK(last.attributes["body"] == "5");
}

TEST_CASE("insertMany splits statements at about 100 KB of data") {
  blog::Fixture f;
  std::vector<Attributes> rows;
  for (int i = 0; i < 30; ++i) rows.push_back({{"name", std::string(10000, 'x')}});
  auto stats = Tag::insertMany(std::move(rows));
  CHECK(stats.statements == 4);  // 9 rows of 10 KB per statement: 9 + 9 + 9 + 3
  CHECK(Tag::count() == 30);
}

TEST_CASE("insertMany is all or nothing and refuses rows with different columns") {
  blog::Fixture f;
  f.db->executeScript("CREATE UNIQUE INDEX tags_name ON tags(name)");
  std::vector<Attributes> rows;
  for (int i = 0; i < 300; ++i) rows.push_back({{"name", i == 250 ? std::string("dup") : "n" + std::to_string(i)}});
  rows.push_back({{"name", "dup"}});
  CHECK_THROWS_AS(Tag::insertMany(rows), QueryError);
  CHECK(Tag::count() == 0);
  CHECK_THROWS_WITH_AS(Tag::insertMany({{{"name", "a"}}, {{"data", Value()}}}), doctest::Contains("same columns"), UsageError);
  CHECK_THROWS_AS(Tag::insertMany({{{"name\"; DROP", "a"}}}), InvalidIdentifierError);
  CHECK(Tag::insertMany({}).rows == 0);
}
