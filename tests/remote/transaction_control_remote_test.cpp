// Transaction control in migrations and seed SQL on --remote: refused with file and line
// before anything is sent to D1 but reads.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "remote/remote_support.hpp"

namespace fs = std::filesystem;
using roost::test::Env;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;
using namespace roost::test::remote;

TEST_CASE("--remote: transaction control in a migration or seed step is refused before any request") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  const Env env = remoteEnv();
  writeFile(app / "database/migrations/0004_bad.sql", "CREATE TABLE a (x);\nBEGIN;\nCREATE TABLE b (x);\nCOMMIT;\n");
  auto r = runRoost(app, {"migrate", "--remote"}, env);
  CAPTURE(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("0004_bad.sql:2: BEGIN") != std::string::npos);
  CHECK(r.err.find("0004_bad.sql:4: COMMIT") != std::string::npos);
  CHECK(requestsFor(id) <= 1);  // at most the read of the tracking table

  fs::remove(app / "database/migrations/0004_bad.sql");
  r = runRoost(app, {"migrate", "--remote"}, env);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("Applied 3 migrations") != std::string::npos);  // none had run before
  writeFile(app / "database/seeders/Txn.jsonc", R"({
    "TxnSeeder": {"run": [
      {"factory": "User", "count": 5},
      {"sql": "UPDATE users SET name = 'x'; COMMIT"},
    ]},
  })");
  r = runRoost(app, {"db:seed", "--remote", "--class", "TxnSeeder"}, env);
  CAPTURE(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("database/seeders/Txn.jsonc:4:7: COMMIT is not allowed in seed SQL") != std::string::npos);
  // Nothing was written.
  const auto count = runRoost(app, {"query", "--remote", "User.count()"}, env);
  CAPTURE(count.err);
  CHECK(count.status == 0);
  CHECK(count.out == "0\n");
}
