#pragma once
// Shared by the --remote CLI tests: the local D1 server's address (the d1server fixture), the
// environment roost needs for it, fresh database ids, the blog sample on one of them, the
// server's per-database request counts, and its test-only faults (tests/js/d1-rest-server.mjs).
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/run_roost.hpp"

namespace roost::test::remote {

inline const char* const kToken = "test-token-must-never-be-printed-4f1c";

inline std::string baseUrl() {
  const char* file = std::getenv("ROOST_D1_BASE_URL_FILE");
  REQUIRE_MESSAGE(file, "ROOST_D1_BASE_URL_FILE is not set: run these tests through ctest (fixture d1server)");
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  REQUIRE_MESSAGE(!url.empty(), "the local D1 server is not running (tests/d1server/start.sh)");
  return url;
}

inline Env remoteEnv() {
  return {{"CLOUDFLARE_API_BASE_URL", baseUrl()}, {"CLOUDFLARE_API_TOKEN", kToken}, {"CLOUDFLARE_ACCOUNT_ID", "acct"}};
}

inline std::string freshId() {
  static std::mt19937_64 rng(static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-0000-4000-8000-%012llx", static_cast<unsigned long long>(rng() & 0xffffffffu),
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

// The server itself (http://127.0.0.1:PORT), for its test-only endpoints.
inline httplib::Client serverClient() {
  const std::string url = baseUrl();
  const auto hostStart = url.find("://") + 3;
  return httplib::Client(url.substr(0, url.find('/', hostStart)));
}

// Requests the server has seen for one database.
inline long requestsFor(const std::string& databaseId) {
  auto client = serverClient();
  auto res = client.Get("/__stats");
  REQUIRE(res);
  auto stats = nlohmann::json::parse(res->body);
  return stats["byDatabase"].contains(databaseId) ? stats["byDatabase"][databaseId].get<long>() : 0;
}

// Arms "drop-after-processing" for the next request to `databaseId` whose body contains
// `match`: D1 runs it, then the server closes the connection without answering.
inline void dropAfterProcessing(const std::string& databaseId, const std::string& match) {
  auto client = serverClient();
  const nlohmann::json spec{{"databaseId", databaseId}, {"match", match}, {"times", 1}, {"mode", "drop-after-processing"}};
  auto res = client.Post("/__faults", spec.dump(), "application/json");
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
}

// How many requests to `databaseId` matched its armed faults since they were armed (the
// dropped one included), one entry per fault: 1 means the write was sent exactly once.
inline long faultMatches(const std::string& databaseId) {
  auto client = serverClient();
  auto res = client.Get(("/__faults?databaseId=" + databaseId).c_str());
  REQUIRE(res);
  const auto answer = nlohmann::json::parse(res->body);
  long seen = 0;
  for (const auto& f : answer.at("armed")) seen += f.at("seen").get<long>();
  return seen;
}

inline std::filesystem::path blogProject(const TempDir& dir, const std::string& databaseId) {
  namespace fs = std::filesystem;
  const fs::path to = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  writeFile(to / "wrangler.jsonc", R"({"name": "blog", "d1_databases": [{"binding": "DB", "database_name": "blog",
    "database_id": ")" + databaseId + R"(", "migrations_dir": "database/migrations"}]})");
  return to;
}

inline void checkNoToken(const RunResult& r) {
  CHECK(r.out.find(kToken) == std::string::npos);
  CHECK(r.err.find(kToken) == std::string::npos);
}

}  // namespace roost::test::remote
