#pragma once
// The connection the ORM suites run on. The same test sources build twice: orm_tests on an
// in-memory SQLite database, and orm_d1_tests (ROOST_TEST_D1) on a fresh database of
// Cloudflare's own local D1 behind D1's REST API (the d1server ctest fixture), so every
// behaviour those suites assert holds on both backends.
#include <memory>

#include "roost/orm/sqlite_connection.hpp"

#ifdef ROOST_TEST_D1
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include "roost/d1/client.hpp"
#include "roost/d1/d1_connection.hpp"
#endif

namespace roost::test {

#ifdef ROOST_TEST_D1
inline constexpr bool kOnD1 = true;

inline std::shared_ptr<Connection> makeTestConnection() {
  static const std::string base = [] {
    const char* file = std::getenv("ROOST_D1_BASE_URL_FILE");
    std::string url;
    if (file) std::getline(std::ifstream(file) >> std::ws, url);
    if (url.empty()) FAIL("no local D1 server: run orm_d1_tests through ctest (fixture d1server)");
    return url;
  }();
  static std::atomic<unsigned> n{0};
  const auto stamp = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
  d1::Credentials credentials{"orm-tests", "orm-" + std::to_string(stamp) + "-" + std::to_string(n++), "orm-test-token"};
  d1::ClientOptions options;
  options.baseUrl = base;
  return std::make_shared<d1::D1Connection>(std::make_unique<d1::Client>(credentials, options));
}
#else
inline constexpr bool kOnD1 = false;

inline std::shared_ptr<Connection> makeTestConnection() { return std::make_shared<SqliteConnection>(":memory:"); }
#endif

}  // namespace roost::test
