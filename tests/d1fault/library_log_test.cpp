// The libraries log through spdlog's registry (roost/orm/log.hpp): a logger the application
// registers under "roost.d1" or "roost.orm" receives their lines; without one, nothing is printed.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "d1fault/captured_log.hpp"
#include "d1fault/fault_server.hpp"
#include "d1fault/fault_test_support.hpp"
#include "roost/d1/client.hpp"
#include "roost/orm/log.hpp"
#include "roost/orm/session.hpp"
#include "roost/orm/sqlite_connection.hpp"

using roost::Statement;
using roost::Value;
using namespace roost::d1;
using namespace roost::d1::test;

namespace {

const Statement kSecretValue{"SELECT * FROM posts WHERE title = ?", {Value("bound-value-never-logged")}};

bool anyContains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("a logger registered as roost.d1 receives the request log and the retries, without the token") {
  FaultServer server;
  server.script({FaultServer::d1Error(503, 0, "busy"), FaultServer::success(), FaultServer::success()});
  CapturedLog log(roost::log::kD1);
  auto client = makeClient(server);
  client->run(kSecretValue);
  std::vector<Statement> two{kSecretValue, kSecretValue};
  client->batch(two);
  const auto lines = log.lines();
  REQUIRE(lines.size() == 4);  // two requests of the first run, its retry, the batch
  CHECK(lines[0].rfind("debug POST /accounts/acct-1/d1/database/db-1/raw: HTTP 503, ", 0) == 0);
  CHECK(lines[0].find(" ms, 1 statement") != std::string::npos);
  CHECK(lines[1].rfind("info HTTP 503", 0) == 0);
  CHECK(lines[1].find("retrying in") != std::string::npos);
  CHECK(lines[2].rfind("debug POST /accounts/acct-1/d1/database/db-1/raw: HTTP 200, ", 0) == 0);
  CHECK(lines[3].find(" ms, 2 statements") != std::string::npos);
  CHECK_FALSE(anyContains(lines, kToken));
  CHECK_FALSE(anyContains(lines, "bound-value-never-logged"));
  CHECK_FALSE(anyContains(lines, "SELECT"));
}

TEST_CASE("the request log names a request that got no answer") {
  FaultServer server;
  server.script({FaultServer::dropAfterProcessing()});
  CapturedLog log(roost::log::kD1, spdlog::level::debug);
  auto client = makeClient(server);
  CHECK_THROWS(client->run(Statement{"INSERT INTO posts (title) VALUES (?)", {Value("x")}}));
  const auto lines = log.lines();
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0].find(": no answer (") != std::string::npos);
}

TEST_CASE("with no logger registered the libraries print nothing") {
  StderrCapture err;
  {
    FaultServer server;
    server.script({FaultServer::d1Error(503, 0, "busy"), FaultServer::success()});
    auto client = makeClient(server);
    client->run(kSecretValue);
    CHECK(client->retryCount() == 1);
  }
  CHECK(err.text().empty());
}

TEST_CASE("the orm's warnings go to a logger registered as roost.orm, not to stderr") {
  // D1SessionHandle warns once per process that local SQLite has no replicas (no other test
  // of this binary opens one).
  CapturedLog log(roost::log::kOrm);
  StderrCapture err;
  roost::SqliteConnection db(":memory:");
  roost::D1SessionHandle session(db);
  CHECK(err.text().empty());
  const auto lines = log.lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("warning useSession: sqlite has no read replicas", 0) == 0);
}
