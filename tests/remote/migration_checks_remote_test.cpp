// D1's rules on --remote: a migration D1 would refuse is refused by roost before any write
// request (the one read decides which files are pending), and migrate:check reads only.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "remote/remote_support.hpp"

namespace fs = std::filesystem;
using roost::test::Env;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;
using namespace roost::test::remote;

TEST_CASE("--remote: a statement over 100 KB is refused before any write; migrate:check says the same") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  const Env env = remoteEnv();
  std::string big = "CREATE TABLE notes (body TEXT);\nINSERT INTO notes (body) VALUES ";
  while (big.size() < 110'000) big += "('" + std::string(90, 'x') + "'),";
  big.back() = ';';
  writeFile(app / "database/migrations/0004_notes.sql", big);

  auto check = runRoost(app, {"migrate:check", "--remote", "--json"}, env);
  CAPTURE(check.err);
  CHECK(check.status == 1);
  const auto report = nlohmann::json::parse(check.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule"] == "statement-too-big");
  CHECK(report["findings"][0]["line"] == 2);

  const long before = requestsFor(id);
  auto r = runRoost(app, {"migrate", "--remote"}, env);
  CAPTURE(r.err);
  CHECK(r.status == 1);
  checkNoToken(r);
  CHECK(r.err.find("0004_notes.sql:2: INSERT INTO notes (body) VALUES") != std::string::npos);
  CHECK(requestsFor(id) - before <= 1);  // at most the read of the tracking table
  auto tables = runRoost(app, {"query", "--remote", ".tables"}, env);
  CHECK(tables.out.find("users") == std::string::npos);  // not even the three fine migrations ran
}
