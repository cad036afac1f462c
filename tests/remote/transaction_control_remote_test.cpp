// Transaction control in migrations and seed SQL on --remote: refused with file and line
// before anything is sent to D1 but reads.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "apps/run_roost.hpp"

namespace fs = std::filesystem;
using roost::test::Env;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;

namespace {

std::string baseUrl() {
  const char* file = std::getenv("ROOST_D1_BASE_URL_FILE");
  REQUIRE_MESSAGE(file, "ROOST_D1_BASE_URL_FILE is not set: run these tests through ctest (fixture d1server)");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  REQUIRE_MESSAGE(!url.empty(), "the local D1 server is not running (tests/d1server/start.sh)");
  return url;
}

Env remoteEnv() {
  return {{"CLOUDFLARE_API_BASE_URL", baseUrl()}, {"CLOUDFLARE_API_TOKEN", "txn-test-token"},
          {"CLOUDFLARE_ACCOUNT_ID", "acct"}};
}

std::string freshId() {
  static std::mt19937_64 rng(static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-0000-4000-8000-%012llx", static_cast<unsigned long long>(rng() & 0xffffffffu),
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

long requestsFor(const std::string& databaseId) {
  std::string url = baseUrl();
  const auto hostStart = url.find("://") + 3;
  const auto pathStart = url.find('/', hostStart);
  httplib::Client client(url.substr(0, pathStart));
  auto res = client.Get("/__stats");
  REQUIRE(res);
  auto stats = nlohmann::json::parse(res->body);
  return stats["byDatabase"].contains(databaseId) ? stats["byDatabase"][databaseId].get<long>() : 0;
}

fs::path blogProject(const TempDir& dir, const std::string& databaseId) {
  const fs::path to = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  writeFile(to / "wrangler.jsonc", R"({"name": "blog", "d1_databases": [{"binding": "DB", "database_name": "blog",
    "database_id": ")" + databaseId + R"(", "migrations_dir": "database/migrations"}]})");
  return to;
}

}  // namespace

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
