// roost::d1::Client against the in-process fault server: request shape, decoding, the
// retry/idempotency policy under each fault, and that the API token never leaks.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/scoped_env.hpp"
#include "d1fault/captured_log.hpp"
#include "d1fault/fault_server.hpp"
#include "d1fault/fault_test_support.hpp"
#include "roost/d1/client.hpp"
#include "roost/d1/json_value.hpp"
#include "roost/orm/log.hpp"

using nlohmann::json;
using roost::Blob;
using roost::Statement;
using roost::Value;
using namespace roost::d1;
using namespace roost::d1::test;
using roost::test::ScopedEnv;

namespace {

const Statement kSelect{"SELECT * FROM posts WHERE id = ?", {Value(1)}};
const Statement kInsert{"INSERT INTO posts (title) VALUES (?)", {Value("hello")}};

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("one statement is POSTed to /raw as {sql, params} with the bearer token") {
  FaultServer server;
  auto client = makeClient(server);
  const Statement s{"INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                    {Value(42), Value(2.5), Value(std::string("it's \"q\" \0 nul", 15)), Value(),
                     Value(Blob{std::string("\x00\x7f\xff", 3)})}};
  client->run(s);
  REQUIRE(server.requestCount() == 1);
  const RecordedRequest r = server.requests().front();
  CHECK(r.path == "/client/v4/accounts/acct-1/d1/database/db-1/raw");
  CHECK(r.authorization == "Bearer " + kToken);
  CHECK(r.json == json{{"sql", s.sql}, {"params", {42, 2.5, std::string("it's \"q\" \0 nul", 15), nullptr, {0, 127, 255}}}});
  CHECK(client->requestCount() == 1);
  CHECK(client->retryCount() == 0);
}

TEST_CASE("a batch is one request with the {batch: [...]} body; /query is the other endpoint") {
  FaultServer server;
  auto client = makeClient(server);
  const std::vector<Statement> statements{{"CREATE TABLE t (x)", {}}, {"INSERT INTO t VALUES (?)", {Value(1)}}};
  CHECK(client->batch(statements).size() == 2);
  client->run(Statement{"SELECT 1", {}}, Endpoint::Query);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].json == json{{"batch", {{{"sql", "CREATE TABLE t (x)"}}, {{"sql", "INSERT INTO t VALUES (?)"}, {"params", {1}}}}}});
  CHECK(requests[1].path == "/client/v4/accounts/acct-1/d1/database/db-1/query");
  CHECK(requests[1].json == json{{"sql", "SELECT 1"}});
}

TEST_CASE("/raw rows and meta are decoded into values") {
  FaultServer server;
  server.script({FaultServer::rows({"id", "title", "score", "data", "gone", "id"},
                                   {{9007199254740991LL, std::string("a\0b'\"", 5), 1.5, {1, 2, 255}, nullptr, 7}},
                                   {{"changes", 3}, {"last_row_id", 12}, {"changed_db", true}, {"rows_read", 4}})});
  auto client = makeClient(server);
  const auto results = client->run(kSelect);
  REQUIRE(results.size() == 1);
  const StatementResult& r = results[0];
  CHECK(r.columns == std::vector<std::string>{"id", "title", "score", "data", "gone", "id"});
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0] == std::vector<Value>{Value(kMaxSafeInteger), Value(std::string("a\0b'\"", 5)), Value(1.5),
                                        Value(Blob{std::string("\x01\x02\xff", 3)}), Value(), Value(7)});
  CHECK(r.changes == 3);
  CHECK(r.lastRowId == 12);
  CHECK(r.changedDb);
  CHECK(r.rowsRead == 4);
}

TEST_CASE("/query rows (objects) keep the column order D1 sent") {
  FaultServer server;
  // Written out: nlohmann::json would sort the keys.
  const std::string body =
      R"({"result":[{"results":[{"zeta":1,"alpha":"x"},{"zeta":2,"alpha":null}],"success":true,"meta":{}}],)"
      R"("success":true,"errors":[],"messages":[]})";
  server.script({FaultServer::raw(200, body)});
  auto client = makeClient(server);
  const auto results = client->run(kSelect, Endpoint::Query);
  CHECK(results[0].columns == std::vector<std::string>{"zeta", "alpha"});
  CHECK(results[0].rows == std::vector<std::vector<Value>>{{Value(1), Value("x")}, {Value(2), Value()}});
}

TEST_CASE("one connection is kept alive across requests") {
  FaultServer server;
  auto client = makeClient(server);
  for (int i = 0; i < 3; ++i) client->run(kSelect);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].remotePort == requests[0].remotePort);
  CHECK(requests[2].remotePort == requests[0].remotePort);
}

TEST_CASE("the base URL comes from CLOUDFLARE_API_BASE_URL unless given") {
  FaultServer server;
  ScopedEnv env("CLOUDFLARE_API_BASE_URL", server.baseUrl());
  Client client(testCredentials());
  CHECK(client.baseUrl() == server.baseUrl());
  client.run(kSelect);
  CHECK(server.requestCount() == 1);
}

TEST_CASE("429 with retry-after: retried after the wait it asks for, even for a write") {
  FaultServer server;
  server.script({FaultServer::rateLimited(1), FaultServer::success()});
  auto client = makeClient(server);
  const auto start = std::chrono::steady_clock::now();
  client->run(kInsert);
  CHECK(since(start) >= 1000ms);
  CHECK(server.requestCount() == 2);
  CHECK(client->requestCount() == 2);
  CHECK(client->retryCount() == 1);
}

TEST_CASE("429 whose retry-after overruns the time budget fails at once") {
  FaultServer server;
  server.script({FaultServer::rateLimited(3600)});
  auto client = makeClient(server);
  const auto start = std::chrono::steady_clock::now();
  const ApiError e = errorOf([&] { client->run(kSelect); });
  CHECK(since(start) < 2000ms);
  CHECK(e.httpStatus() == 429);
  CHECK(std::string(e.what()).find("time budget") != std::string::npos);
  CHECK(server.requestCount() == 1);
}

TEST_CASE("429 on every attempt gives up after maxAttempts") {
  FaultServer server;
  server.setFallback(FaultServer::rateLimited(0));
  auto client = makeClient(server);
  const ApiError e = errorOf([&] { client->run(kInsert); });
  CHECK(e.httpStatus() == 429);
  CHECK(e.d1Code() == 971);
  CHECK(std::string(e.what()).find("gave up after 4 attempts") != std::string::npos);
  CHECK(server.requestCount() == 4);
}

TEST_CASE("503 then success: a read is retried, a write is not sent twice") {
  SUBCASE("read") {
    FaultServer server;
    server.script({FaultServer::d1Error(503, 0, "Service Unavailable"), FaultServer::success()});
    auto client = makeClient(server);
    client->run(kSelect);
    CHECK(server.requestCount() == 2);
  }
  SUBCASE("write") {
    FaultServer server;
    server.script({FaultServer::d1Error(503, 0, "Service Unavailable"), FaultServer::success()});
    auto client = makeClient(server);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.httpStatus() == 503);
    CHECK(e.mayHaveBeenApplied());
    CHECK(std::string(e.what()).find("may have been applied") != std::string::npos);
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("a stalled answer hits the timeout: a SELECT is retried, an INSERT never sent again") {
  ClientOptions base;
  base.requestTimeout = 300ms;
  SUBCASE("SELECT") {
    FaultServer server;
    server.script({FaultServer::stall(5000ms), FaultServer::success()});
    ClientOptions o = fastOptions(server);
    o.requestTimeout = 300ms;
    auto client = makeClient(o);
    client->run(kSelect);
    CHECK(server.requestCount() == 2);
    CHECK(client->retryCount() == 1);
  }
  SUBCASE("INSERT") {
    FaultServer server;
    server.script({FaultServer::stall(5000ms), FaultServer::success()});
    ClientOptions o = fastOptions(server);
    o.requestTimeout = 300ms;
    auto client = makeClient(o);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.httpStatus() == 0);
    CHECK(e.mayHaveBeenApplied());
    CHECK(std::string(e.what()).find("timed out") != std::string::npos);
    std::this_thread::sleep_for(100ms);  // nothing else may arrive later
    CHECK(server.requestCount() == 1);
    CHECK(client->requestCount() == 1);
  }
  SUBCASE("a batch with one write is a write") {
    FaultServer server;
    server.script({FaultServer::stall(5000ms)});
    ClientOptions o = fastOptions(server);
    o.requestTimeout = 300ms;
    auto client = makeClient(o);
    const std::vector<Statement> statements{kSelect, kInsert};
    errorOf([&] { client->batch(statements); });
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("the time budget bounds retries of a read that keeps stalling") {
  FaultServer server;
  server.setFallback(FaultServer::stall(5000ms));
  ClientOptions o = fastOptions(server);
  o.requestTimeout = 250ms;
  o.retry.maxAttempts = 100;
  o.retry.maxTotalTime = 700ms;
  auto client = makeClient(o);
  const auto start = std::chrono::steady_clock::now();
  errorOf([&] { client->run(kSelect); });
  CHECK(since(start) < 1500ms);
  CHECK(server.requestCount() >= 2);
  CHECK(server.requestCount() <= 4);
}

TEST_CASE("truncated JSON in a 200: a read is retried, a write is reported as maybe applied") {
  const std::string truncated = R"({"result":[{"results":{"columns":["id"],"rows":[[1)";
  SUBCASE("read") {
    FaultServer server;
    server.script({FaultServer::raw(200, truncated), FaultServer::success()});
    auto client = makeClient(server);
    client->run(kSelect);
    CHECK(server.requestCount() == 2);
  }
  SUBCASE("write") {
    FaultServer server;
    server.script({FaultServer::raw(200, truncated)});
    auto client = makeClient(server);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.httpStatus() == 200);
    CHECK(e.mayHaveBeenApplied());
    CHECK(std::string(e.what()).find("not valid JSON") != std::string::npos);
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("a connection dropped in the middle of the answer") {
  const std::string body = FaultServer::successEnvelope(json::array()).dump();
  SUBCASE("read: retried") {
    FaultServer server;
    server.script({FaultServer::torn(body, 10), FaultServer::success()});
    auto client = makeClient(server);
    client->run(kSelect);
    CHECK(server.requestCount() == 2);
  }
  SUBCASE("write: not retried") {
    FaultServer server;
    server.script({FaultServer::torn(body, 10)});
    auto client = makeClient(server);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.httpStatus() == 0);
    CHECK(e.mayHaveBeenApplied());
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("a proxy's HTML 502 page gives a clear error, without the token it echoes") {
  SUBCASE("read: retried") {
    FaultServer server;
    server.script({FaultServer::htmlPage(502, "502 Bad Gateway"), FaultServer::success()});
    auto client = makeClient(server);
    client->run(kSelect);
    CHECK(server.requestCount() == 2);
  }
  SUBCASE("write: a clear error") {
    FaultServer server;
    server.script({FaultServer::htmlPage(502, "502 Bad Gateway", "request headers: Authorization: ")});
    auto client = makeClient(server);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    const std::string message = e.what();
    CHECK(e.httpStatus() == 502);
    CHECK(message.find("HTTP 502") != std::string::npos);
    CHECK(message.find("not D1's JSON (text/html") != std::string::npos);
    CHECK(message.find("502 Bad Gateway") != std::string::npos);
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("401 with Cloudflare's authentication error: final, and says what to check") {
  FaultServer server;
  server.setFallback(FaultServer::d1Error(401, 10000, "Authentication error"));
  auto client = makeClient(server);
  const ApiError e = errorOf([&] { client->run(kSelect); });
  CHECK(e.httpStatus() == 401);
  CHECK(e.d1Code() == 10000);
  CHECK(std::string(e.what()).find("Authentication error") != std::string::npos);
  CHECK(std::string(e.what()).find("CLOUDFLARE_API_TOKEN") != std::string::npos);
  CHECK(server.requestCount() == 1);
}

TEST_CASE("a D1 SQL error (7500) is final") {
  FaultServer server;
  server.setFallback(FaultServer::d1Error(400, 7500, "no such table: posts: SQLITE_ERROR"));
  auto client = makeClient(server);
  const ApiError e = errorOf([&] { client->run(kSelect); });
  CHECK(e.isSqlError());
  CHECK(e.apiMessage() == "no such table: posts: SQLITE_ERROR");
  CHECK(e.httpStatus() == 400);
  CHECK(server.requestCount() == 1);
}

TEST_CASE("connection refused: never sent, so retried even for a write, then a status-0 error") {
  int port = 0;
  {
    FaultServer closed;
    port = closed.port();
  }
  ClientOptions o;
  o.baseUrl = "http://127.0.0.1:" + std::to_string(port) + "/client/v4";
  o.retry.maxAttempts = 3;
  o.retry.initialBackoff = 1ms;
  o.retry.maxBackoff = 2ms;
  Client client(testCredentials(), o);
  const ApiError e = errorOf([&] { client.run(kInsert); });
  CHECK(e.httpStatus() == 0);
  CHECK_FALSE(e.mayHaveBeenApplied());
  CHECK(std::string(e.what()).find("gave up after 3 attempts") != std::string::npos);
  CHECK(client.requestCount() == 3);
}

TEST_CASE("integers beyond 2^53 - 1: refused when bound (nothing sent), refused when D1 returns one") {
  FaultServer server;
  auto client = makeClient(server);
  const auto bound = errorOf<roost::UsageError>(
      [&] { client->run(Statement{"INSERT INTO t VALUES (?, ?)", {Value(1), Value(9007199254740993LL)}}); });
  CHECK(std::string(bound.what()).find("parameter 2") != std::string::npos);
  CHECK(server.requestCount() == 0);

  server.script({FaultServer::rows({"id", "big"}, {{1, 9007199254740992LL}})});
  const auto read = errorOf<UnsafeIntegerError>([&] { client->run(kSelect); });
  CHECK(std::string(read.what()).find("column \"big\" of row 1") != std::string::npos);
}

TEST_CASE("text that is not UTF-8 is refused before sending, naming the parameter") {
  FaultServer server;
  auto client = makeClient(server);
  const auto e = errorOf<roost::UsageError>(
      [&] { client->run(Statement{"INSERT INTO t VALUES (?, ?)", {Value("ok"), Value(std::string("\xff\xfe"))}}); });
  CHECK(std::string(e.what()).find("parameter 2") != std::string::npos);
  CHECK(std::string(e.what()).find("Blob") != std::string::npos);
  CHECK(server.requestCount() == 0);
}

TEST_CASE("each retry is logged once") {
  FaultServer server;
  server.script({FaultServer::d1Error(503, 0, "busy"), FaultServer::d1Error(503, 0, "busy"), FaultServer::success()});
  CapturedLog log(roost::log::kD1, spdlog::level::info);  // retries only, not the request log
  auto client = makeClient(server);
  client->run(kSelect);
  const auto lines = log.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("info HTTP 503", 0) == 0);
  CHECK(lines[0].find("attempt 2 of 4") != std::string::npos);
  CHECK(lines[1].find("attempt 3 of 4") != std::string::npos);
}

TEST_CASE("no error or log line of any fault scenario contains the API token") {
  std::vector<std::string> texts;
  const auto scenario = [&](std::vector<FaultServer::Reply> replies, const Statement& statement,
                            std::chrono::milliseconds timeout = 2000ms) {
    FaultServer server;
    server.script(std::move(replies));
    server.setFallback(FaultServer::htmlPage(502, "502 Bad Gateway", "echo: "));
    ClientOptions o = fastOptions(server);
    o.requestTimeout = timeout;
    o.retry.maxAttempts = 2;
    CapturedLog log(roost::log::kD1);  // every level: the request log too
    auto client = makeClient(o);
    try {
      client->run(statement);
    } catch (const std::exception& e) {
      texts.emplace_back(e.what());
    }
    for (auto& line : log.lines()) texts.push_back(line);
  };
  scenario({FaultServer::rateLimited(0)}, kInsert);
  scenario({FaultServer::d1Error(503, 0, "Service Unavailable: " + kToken)}, kSelect);
  scenario({FaultServer::stall(3000ms)}, kInsert, 200ms);
  scenario({FaultServer::stall(3000ms)}, kSelect, 200ms);
  scenario({FaultServer::raw(200, R"({"result":[{"results":)" + kToken)}, kSelect);
  scenario({FaultServer::raw(200, "{\"result\": \"" + kToken)}, kInsert);
  scenario({FaultServer::torn("{\"x\":\"" + kToken + "\"}", 8)}, kInsert);
  scenario({FaultServer::htmlPage(502, "Bad gateway " + kToken, "Authorization: ")}, kSelect);
  scenario({FaultServer::htmlPage(502, kToken.substr(0, 8), "headers: ")}, kInsert);
  scenario({FaultServer::d1Error(401, 10000, "Authentication error for Bearer " + kToken)}, kSelect);
  scenario({FaultServer::d1Error(400, 7500, "no such table: " + kToken)}, kSelect);
  scenario({FaultServer::raw(403, "Forbidden " + kToken, "text/plain; token=" + kToken)}, kInsert);
  CHECK(texts.size() >= 12);
  for (const std::string& text : texts) {
    CAPTURE(text);
    CHECK(text.find(kToken) == std::string::npos);
  }
  // The pages really did echo it: only redaction kept it out.
  CHECK(std::any_of(texts.begin(), texts.end(), [](const std::string& t) { return t.find("[redacted]") != std::string::npos; }));
}

TEST_CASE("a kept-alive connection that dies after the server ran the request, before any answer") {
  SUBCASE("a write: libcurl does not send it again either; the error says it may have been applied") {
    FaultServer server;
    server.script({FaultServer::success(), FaultServer::dropAfterProcessing()});  // the first opens the connection
    auto client = makeClient(server);
    client->run(kSelect);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.httpStatus() == 0);
    CHECK(e.mayHaveBeenApplied());
    CHECK(std::string(e.what()).find("may have been applied") != std::string::npos);
    CHECK(std::string(e.what()).find("closed after the request was sent") != std::string::npos);
    std::this_thread::sleep_for(100ms);  // nothing else may arrive later
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].remotePort == requests[1].remotePort);  // it really went over the reused connection
    CHECK(client->requestCount() == 2);
    CHECK(client->retryCount() == 0);
  }
  SUBCASE("a batch with a write is a write") {
    FaultServer server;
    server.script({FaultServer::success(), FaultServer::dropAfterProcessing()});
    auto client = makeClient(server);
    client->run(kSelect);
    const std::vector<Statement> statements{kSelect, kInsert};
    const ApiError e = errorOf([&] { client->batch(statements); });
    CHECK(e.mayHaveBeenApplied());
    std::this_thread::sleep_for(100ms);
    CHECK(server.requestCount() == 2);
  }
  SUBCASE("a write on a new connection: not sent again") {
    FaultServer server;
    server.script({FaultServer::dropAfterProcessing()});
    auto client = makeClient(server);
    const ApiError e = errorOf([&] { client->run(kInsert); });
    CHECK(e.mayHaveBeenApplied());
    std::this_thread::sleep_for(100ms);
    CHECK(server.requestCount() == 1);
  }
  SUBCASE("a read is sent again and answered") {
    FaultServer server;
    server.script({FaultServer::success(), FaultServer::dropAfterProcessing(), FaultServer::rows({"id"}, {{5}})});
    auto client = makeClient(server);
    client->run(kSelect);
    const auto results = client->run(kSelect);
    REQUIRE(results.size() == 1);
    CHECK(results[0].rows == std::vector<std::vector<Value>>{{Value(5)}});
    CHECK(server.requestCount() == 3);
  }
  SUBCASE("the write after it goes out on a new connection and succeeds") {
    FaultServer server;
    server.script({FaultServer::success(), FaultServer::dropAfterProcessing()});
    auto client = makeClient(server);
    client->run(kSelect);
    errorOf([&] { client->run(kInsert); });
    client->run(kInsert);
    CHECK(server.requestCount() == 3);
  }
}

TEST_CASE("a stalled read is retried within the budget even when one attempt may take the whole budget") {
  FaultServer server;
  server.script({FaultServer::stall(5000ms), FaultServer::rows({"id"}, {{1}})});
  ClientOptions o = fastOptions(server);
  o.requestTimeout = 3000ms;  // as the defaults: as long as the budget
  o.retry.maxTotalTime = 3000ms;
  o.readTimeout = 300ms;
  auto client = makeClient(o);
  const auto start = std::chrono::steady_clock::now();
  const auto results = client->run(kSelect);
  CHECK(since(start) < 2000ms);
  CHECK(results.at(0).rows.size() == 1);
  CHECK(server.requestCount() == 2);
  CHECK(client->retryCount() == 1);
}

TEST_CASE("by default a read's attempt is well inside the retry budget; a write's is not cut short") {
  const ClientOptions defaults;
  CHECK(defaults.readTimeout * 3 <= defaults.retry.maxTotalTime);
  CHECK(defaults.readTimeout < defaults.requestTimeout);
  SUBCASE("a write that answers after the read timeout still succeeds") {
    FaultServer server;
    server.script({FaultServer::stall(500ms)});
    ClientOptions o = fastOptions(server);
    o.readTimeout = 100ms;
    auto client = makeClient(o);
    client->run(kInsert);
    CHECK(server.requestCount() == 1);
  }
}

TEST_CASE("a token split across error entries, or echoed in pieces, is redacted piece by piece") {
  const std::string half1 = kToken.substr(0, kToken.size() / 2), half2 = kToken.substr(kToken.size() / 2);
  const std::string piece = kToken.substr(5, 9);  // any 8+ characters of it
  const json twoEntries = {{"result", nullptr},
                           {"success", false},
                           {"errors", json::array({{{"code", 7500}, {"message", "bad token " + half1}},
                                                   {{"code", 7500}, {"message", half2 + " refused"}}})},
                           {"messages", json::array()}};
  std::vector<std::string> texts;
  for (const auto& reply : {FaultServer::raw(400, twoEntries.dump()),
                            FaultServer::d1Error(400, 7500, "echo: " + piece + " and " + half2),
                            FaultServer::htmlPage(502, "t " + half1), FaultServer::raw(403, "Forbidden " + half2, "text/plain")}) {
    FaultServer server;
    server.script({reply});
    auto client = makeClient(server);
    texts.emplace_back(errorOf([&] { client->run(kInsert); }).what());
  }
  for (const std::string& text : texts) {
    CAPTURE(text);
    CHECK(text.find(half1) == std::string::npos);
    CHECK(text.find(half2) == std::string::npos);
    CHECK(text.find(piece) == std::string::npos);
    CHECK(text.find("[redacted]") != std::string::npos);
  }
  CHECK(texts[0].find("bad token [redacted]; [redacted] refused") != std::string::npos);
}
