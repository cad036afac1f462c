// db:seed --remote against Cloudflare's local D1 behind D1's REST API (tests/d1server). Runs when
// ROOST_D1_BASE_URL_FILE names the running server's base_url file (the d1server fixture sets
// it for the remote suite; by hand: sh tests/d1server/start.sh DIR, then
// ROOST_D1_BASE_URL_FILE=DIR/base_url apps_tests -tc='*remote*'); skipped otherwise.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "apps/seed_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;

namespace {

const char* const kToken = "test-token-must-never-be-printed-seed";

std::string baseUrl() {
  const char* file = std::getenv("ROOST_D1_BASE_URL_FILE");
  if (!file) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

std::string freshId() {
  static std::mt19937_64 rng(static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-0000-4000-8000-%012llx", static_cast<unsigned long long>(rng() & 0xffffffffu),
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

}  // namespace

TEST_CASE("db:seed --remote: batches of at most 100 values; a small failing seed writes nothing") {
  const std::string url = baseUrl();
  if (url.empty()) {
    MESSAGE("skipped: no local D1 server (ROOST_D1_BASE_URL_FILE)");
    return;
  }
  const Env env = {{"CLOUDFLARE_API_BASE_URL", url}, {"CLOUDFLARE_API_TOKEN", kToken}, {"CLOUDFLARE_ACCOUNT_ID", "acct"}};
  TempDir dir;
  const fs::path app = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", app, fs::copy_options::recursive);
  fs::remove_all(app / ".wrangler");
  writeFile(app / "wrangler.jsonc", R"({"name": "blog", "d1_databases": [{"binding": "DB", "database_name": "blog",
    "database_id": ")" + freshId() + R"(", "migrations_dir": "database/migrations"}]})");
  writeFile(app / "database/seeders/Broken.jsonc", R"({"BrokenSeeder": {"run": [
    {"factory": "User", "count": 3}, {"factory": "Post", "count": 2, "attributes": {"title": null}}]}})");
  REQUIRE(runRoost(app, {"migrate", "--remote", "-q"}, env).status == 0);

  auto broken = runRoost(app, {"db:seed", "--remote", "--class", "BrokenSeeder"}, env);
  CHECK(broken.status == 1);
  CHECK(broken.err.find("NOT NULL constraint failed") != std::string::npos);
  auto users = runRoost(app, {"query", "--remote", "User.count()"}, env);
  CHECK(users.out == "0\n");  // one atomic batch: nothing stayed

  auto r = runRoost(app, {"db:seed", "--remote", "--seed", "5", "--json"}, env);
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["rows"] == 60);
  CHECK(j["atomic"] == "per-batch");
  CHECK(j["maxParamsPerStatement"].get<int>() <= 100);
  CHECK(j["batches"].get<int>() >= 1);
  auto posts = runRoost(app, {"query", "--remote", "--format", "csv", "Post.where('status', 'published').count()"}, env);
  CHECK(posts.out == "30\n");
  for (const auto* res : {&broken, &r, &posts}) {
    CHECK(res->out.find(kToken) == std::string::npos);
    CHECK(res->err.find(kToken) == std::string::npos);
  }
}
