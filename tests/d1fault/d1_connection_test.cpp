// roost::d1::D1Connection against the fault server: how Connection calls become requests,
// D1's limits refused before sending, and errors mapped onto roost's types.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "d1fault/fault_server.hpp"
#include "d1fault/fault_test_support.hpp"
#include "roost/d1/d1_connection.hpp"
#include "roost/orm/error.hpp"

using nlohmann::json;
using roost::QueryError;
using roost::Statement;
using roost::UsageError;
using roost::Value;
using namespace roost::d1;
using namespace roost::d1::test;

namespace {

std::unique_ptr<D1Connection> connect(const FaultServer& server, D1ConnectionOptions options = {}) {
  return std::make_unique<D1Connection>(makeClient(server), options);
}

std::vector<Value> values(std::size_t n) {
  std::vector<Value> out;
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(static_cast<long long>(i));
  return out;
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

struct CollectingSink : roost::RowSink {
  roost::ColumnsPtr cols;
  std::vector<std::vector<Value>> rows;
  std::size_t stopAfter = 1000;
  void columns(const roost::ColumnsPtr& c) override { cols = c; }
  bool row(std::vector<Value>&& v) override {
    rows.push_back(std::move(v));
    return rows.size() < stopAfter;
  }
};

}  // namespace

TEST_CASE("D1Connection describes D1: no transactions, 100 bound values, backend d1") {
  FaultServer server;
  auto conn = connect(server);
  CHECK(conn->backendName() == "d1");
  CHECK(conn->maxBoundParams() == 100);
  CHECK_FALSE(conn->supportsTransactions());
  CHECK(conn->transactionDepth() == 0);
  const auto e = errorOf<UsageError>([&] { conn->begin(); });
  CHECK(std::string(e.what()).find("no interactive transactions") != std::string::npos);
  CHECK(std::string(e.what()).find("batch()") != std::string::npos);
  CHECK_THROWS_AS(conn->commit(), UsageError);
  CHECK_THROWS_AS(conn->rollback(), UsageError);
  CHECK_THROWS_AS(conn->transaction([] {}), UsageError);
  CHECK(conn->transactionDepth() == 0);
  CHECK(server.requestCount() == 0);
}

TEST_CASE("execute is one request; rows, changes and the inserted id come back") {
  FaultServer server;
  server.script({FaultServer::rows({"id", "title"}, {{1, "a"}, {2, "b"}}),
                 FaultServer::rows(json::array(), json::array(), {{"changes", 1}, {"last_row_id", 3}})});
  auto conn = connect(server);
  const roost::Result read = conn->execute("SELECT id, title FROM posts WHERE id > ?", std::vector<Value>{Value(0)});
  REQUIRE(read.columns);
  CHECK(read.columns->names() == std::vector<std::string>{"id", "title"});
  CHECK(read.rows.size() == 2);
  CHECK(read.row(1)["title"] == "b");
  CHECK_FALSE(read.lastInsertId);

  const roost::Result write = conn->execute("INSERT INTO posts (title) VALUES (?)", std::vector<Value>{Value("c")});
  CHECK(write.changes == 1);
  CHECK(write.lastInsertId == 3);
  CHECK(server.requestCount() == 2);
  CHECK(conn->client().requestCount() == 2);
}

TEST_CASE("the statement listener sees every statement") {
  FaultServer server;
  auto conn = connect(server);
  std::vector<std::string> seen;
  conn->setListener([&](std::string_view sql, std::span<const Value>) { seen.emplace_back(sql); });
  conn->execute("SELECT 1");
  const std::vector<Statement> batch{{"SELECT 2", {}}, {"SELECT 3", {}}};
  conn->batch(batch);
  CHECK(seen == std::vector<std::string>{"SELECT 1", "SELECT 2", "SELECT 3"});
}

TEST_CASE("more than 100 bound values is refused before anything is sent") {
  FaultServer server;
  auto conn = connect(server);
  const std::string sql101 = "SELECT * FROM t WHERE id IN (" + placeholders(101) + ")";
  const auto e = errorOf<UsageError>([&] { conn->execute(sql101, values(101)); });
  CHECK(std::string(e.what()).find("binds 101 values; D1 allows at most 100") != std::string::npos);
  const std::vector<Statement> batch{{"SELECT 1", {}}, {sql101, values(101)}};
  CHECK_THROWS_AS(conn->batch(batch), UsageError);
  CHECK(server.requestCount() == 0);

  conn->execute("SELECT * FROM t WHERE id IN (" + placeholders(100) + ")", values(100));
  CHECK(server.requestCount() == 1);
}

TEST_CASE("a statement over 100 KB is refused before anything is sent") {
  FaultServer server;
  auto conn = connect(server);
  const std::string prefix = "SELECT '";
  const std::string atLimit = prefix + std::string(D1Connection::kLimits.maxStatementBytes - prefix.size() - 1, 'x') + "'";
  REQUIRE(atLimit.size() == D1Connection::kLimits.maxStatementBytes);
  const std::string over = prefix + std::string(D1Connection::kLimits.maxStatementBytes, 'x') + "'";
  const auto e = errorOf<UsageError>([&] { conn->execute(over); });
  CHECK(std::string(e.what()).find("100 KB") != std::string::npos);
  CHECK_THROWS_AS(conn->executeScript("SELECT 1;\n" + over + ";"), UsageError);
  CHECK(server.requestCount() == 0);
  conn->execute(atLimit);
  CHECK(server.requestCount() == 1);
}

TEST_CASE("BEGIN, COMMIT and SAVEPOINT are refused with the alternative named") {
  FaultServer server;
  auto conn = connect(server);
  for (const char* sql : {"BEGIN", "BEGIN TRANSACTION", "COMMIT", "SAVEPOINT s", "ROLLBACK"}) {
    CAPTURE(sql);
    const auto e = errorOf<UsageError>([&] { conn->execute(sql); });
    CHECK(std::string(e.what()).find("batch()") != std::string::npos);
  }
  CHECK_THROWS_AS(conn->executeScript("BEGIN;\nCREATE TABLE t (x);\nCOMMIT;"), UsageError);
  CHECK(server.requestCount() == 0);
}

TEST_CASE("execute and stream take exactly one statement") {
  FaultServer server;
  auto conn = connect(server);
  CHECK_THROWS_WITH_AS(conn->execute("SELECT 1; SELECT 2"), doctest::Contains("executeScript"), UsageError);
  CHECK_THROWS_AS(conn->execute("  -- nothing\n"), UsageError);
  CollectingSink sink;
  CHECK_THROWS_AS(conn->stream("DELETE FROM t; DELETE FROM u", {}, sink), UsageError);
  conn->execute("SELECT ';' AS semicolon;");  // a trailing ';' and one inside a string are fine
  CHECK(server.requestCount() == 1);
}

TEST_CASE("batch is one request whose results map one to one") {
  FaultServer server;
  auto conn = connect(server);
  const std::vector<Statement> statements{{"CREATE TABLE t (x)", {}},
                                          {"INSERT INTO t VALUES (?)", {Value(1)}},
                                          {"SELECT x FROM t", {}}};
  const auto results = conn->batch(statements);
  CHECK(results.size() == 3);
  REQUIRE(server.requestCount() == 1);
  CHECK(server.requests()[0].sqls() == std::vector<std::string>{"CREATE TABLE t (x)", "INSERT INTO t VALUES (?)", "SELECT x FROM t"});
  CHECK(conn->batch({}).empty());
  CHECK(server.requestCount() == 1);
}

TEST_CASE("executeScript sends a migration with a trigger as one batch, tracking row first") {
  FaultServer server;
  auto conn = connect(server);
  const std::string script =
      "-- 0001_create_posts.sql\n"
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, updated INTEGER);\n"
      "CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN\n"
      "  UPDATE posts SET updated = 1 WHERE id = NEW.id;\n"
      "END;\n"
      "INSERT INTO posts (title) VALUES ('semi;colon');\n";
  const std::vector<Statement> tracking{{"INSERT INTO d1_migrations (name, batch) VALUES (?, ?)", {Value("0001_create_posts.sql"), Value(1)}}};
  conn->applyAtomically(script, tracking);
  REQUIRE(server.requestCount() == 1);
  const RecordedRequest r = server.requests()[0];
  CHECK(r.sqls() == std::vector<std::string>{
                        "INSERT INTO d1_migrations (name, batch) VALUES (?, ?)",
                        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, updated INTEGER)",
                        "CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN\n"
                        "  UPDATE posts SET updated = 1 WHERE id = NEW.id;\nEND",
                        "INSERT INTO posts (title) VALUES ('semi;colon')"});
  CHECK(r.json["batch"][0]["params"] == json{"0001_create_posts.sql", 1});

  conn->executeScript("-- only a comment\n");
  CHECK(server.requestCount() == 1);
}

TEST_CASE("a SQL error is a QueryError with D1's message, code 7500 and the statement") {
  FaultServer server;
  server.setFallback(FaultServer::d1Error(400, 7500, "no such table: nope: SQLITE_ERROR"));
  auto conn = connect(server);
  const auto e = errorOf<QueryError>([&] { conn->execute("SELECT * FROM nope"); });
  CHECK(e.sql() == "SELECT * FROM nope");
  CHECK(e.databaseMessage() == "no such table: nope: SQLITE_ERROR");
  CHECK(e.code() == 7500);
  CollectingSink sink;
  CHECK_THROWS_AS(conn->stream("SELECT * FROM nope", {}, sink), QueryError);
}

TEST_CASE("the failing statement of a batch is found without committing anything") {
  // Plays D1: a batch fails at its first statement containing "bad", else at the probe
  // sentinel (which always fails on real D1), else succeeds.
  FaultServer server;
  server.setFallback([](const RecordedRequest& req, httplib::Response& res, const std::function<bool()>& stopping) {
    for (const std::string& sql : req.sqls()) {
      if (sql.find("bad") != std::string::npos)
        return FaultServer::d1Error(400, 7500, "UNIQUE constraint failed: t.v: SQLITE_CONSTRAINT")(req, res, stopping);
      if (sql.find("json_extract") != std::string::npos)
        return FaultServer::d1Error(400, 7500, "bad JSON path: '!roost-batch-probe': SQLITE_ERROR")(req, res, stopping);
    }
    FaultServer::success()(req, res, stopping);
  });
  auto conn = connect(server);
  std::vector<Statement> statements;
  for (int i = 0; i < 10; ++i) statements.push_back({"INSERT INTO t VALUES (" + std::to_string(i) + ")", {}});
  statements[6].sql = "INSERT INTO t VALUES ('bad')";
  const auto e = errorOf<QueryError>([&] { conn->batch(statements); });
  CHECK(e.sql() == "INSERT INTO t VALUES ('bad')");
  CHECK(e.databaseMessage() == "UNIQUE constraint failed: t.v: SQLITE_CONSTRAINT");
  const auto requests = server.requests();
  CHECK(requests.size() <= 1 + 4);  // the batch, then a binary search over 10 statements
  for (std::size_t i = 1; i < requests.size(); ++i) {
    CAPTURE(i);
    CHECK(requests[i].sqls().back().find("!roost-batch-probe") != std::string::npos);  // every probe fails
  }

  SUBCASE("without locating, the error names the whole batch") {
    FaultServer plain;
    plain.setFallback(FaultServer::d1Error(400, 7500, "UNIQUE constraint failed"));
    auto quick = connect(plain, D1ConnectionOptions{false});
    const auto whole = errorOf<QueryError>([&] { quick->batch(statements); });
    CHECK(whole.sql().find("INSERT INTO t VALUES (0);\nINSERT INTO t VALUES (1)") == 0);
    CHECK(plain.requestCount() == 1);
  }
}

TEST_CASE("stream hands rows to the sink and stops when it says so") {
  FaultServer server;
  server.setFallback(FaultServer::rows({"n"}, {{1}, {2}, {3}, {4}}));
  auto conn = connect(server);
  CollectingSink all;
  conn->stream("SELECT n FROM t", {}, all);
  REQUIRE(all.cols);
  CHECK(all.cols->names() == std::vector<std::string>{"n"});
  CHECK(all.rows.size() == 4);
  CollectingSink two;
  two.stopAfter = 2;
  conn->stream("SELECT n FROM t", {}, two);
  CHECK(two.rows.size() == 2);
}

TEST_CASE("a failed write in a batch that may have run is reported, not resent") {
  FaultServer server;
  server.script({FaultServer::htmlPage(504, "504 Gateway Timeout")});
  auto conn = connect(server);
  const std::vector<Statement> statements{{"INSERT INTO t VALUES (1)", {}}, {"INSERT INTO t VALUES (2)", {}}};
  const auto e = errorOf<ApiError>([&] { conn->batch(statements); });
  CHECK(e.httpStatus() == 504);
  CHECK(e.mayHaveBeenApplied());
  CHECK(server.requestCount() == 1);
}
