#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;

TEST_CASE("a session handle: a write is visible to the next read; local files warn once, D1 reads the primary") {
  blog::Fixture f;
  std::vector<std::string> warnings;
  auto sink = [&](std::string_view w) { warnings.emplace_back(w); };
  D1SessionHandle first(*f.db, sink);
  D1SessionHandle second(*f.db, sink);
  if (roost::test::kOnD1) {
    CHECK(warnings.empty());  // nothing to warn about: the REST API is served by the primary
  } else {
    CHECK(warnings.size() <= 1);  // once per process: an earlier test may already have triggered it
    if (!warnings.empty()) CHECK(warnings[0].find("no read replicas") != std::string::npos);
  }
  CHECK(&first.connection() == f.db.get());
  CHECK_FALSE(first.written());
  auto created = blog::Tag::create(first.connection(), {{"name", "fresh"}});
  first.markWritten();
  CHECK(first.written());
  auto read = blog::Tag::query(first.connection()).find(created.key());
  REQUIRE(read.has_value());
  CHECK(read->attributes["name"] == "fresh");
  CHECK(std::string(first.consistency()).find(roost::test::kOnD1 ? "primary" : "sqlite") != std::string::npos);
}
