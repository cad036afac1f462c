// D1Connection against a REAL local D1: tests/js/d1-rest-server.mjs serves D1's REST API on
// top of miniflare's D1 (workerd's own implementation). ctest starts it (fixture d1server)
// and passes the file holding its base URL in ROOST_D1_BASE_URL_FILE; by hand:
//   sh tests/d1server/start.sh BUILD/tests/d1server && BUILD/tests/d1integration_tests
// Without a running server every test fails, saying so: none is silently skipped.
// Each test uses a database of its own (the server creates it on first use), so the tests
// are independent and can share the server with others.
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "roost/d1/d1_connection.hpp"
#include "roost/d1/json_value.hpp"
#include "roost/orm/error.hpp"

using nlohmann::json;
using roost::Blob;
using roost::QueryError;
using roost::Statement;
using roost::UsageError;
using roost::Value;
using namespace roost::d1;

namespace {

const std::string kToken = "it-token-5c2e8a0f7d";

std::string baseUrlFile() {
  if (const char* file = std::getenv("ROOST_D1_BASE_URL_FILE"); file && *file) return file;
  return std::string(ROOST_BINARY_DIR) + "/tests/d1server/base_url";
}

// The running server's API base (http://127.0.0.1:PORT/client/v4), or a failed test saying
// how to start it.
std::string liveBaseUrl() {
  const std::string file = baseUrlFile();
  std::ifstream in(file);
  std::string base;
  std::getline(in, base);
  const std::string howTo = "; start it with `sh tests/d1server/start.sh " + std::string(ROOST_BINARY_DIR) +
                            "/tests/d1server`, or run these tests through ctest (fixture d1server)";
  if (base.empty()) FAIL("the local D1 server is not running: no base URL in " << file << howTo);
  const std::string host = base.substr(0, base.find("/client/v4"));
  httplib::Client probe(host);
  probe.set_connection_timeout(2);
  const auto health = probe.Get("/__health");
  if (!health || health->status != 200)
    FAIL("the local D1 server at " << host << " (from " << file << ") does not answer" << howTo);
  return base;
}

std::int64_t serverRequestsFor(const std::string& base, const std::string& databaseId) {
  httplib::Client cli(base.substr(0, base.find("/client/v4")));
  const auto res = cli.Get("/__stats");
  REQUIRE(res);
  const json stats = json::parse(res->body);
  const auto& byDatabase = stats["byDatabase"];
  return byDatabase.contains(databaseId) ? byDatabase[databaseId].get<std::int64_t>() : 0;
}

std::string freshDatabaseId(const std::string& name) {
  static std::atomic<int> counter{0};
  return "roost-it-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(std::random_device{}() % 100000);
}

struct LiveD1 {
  std::string base = liveBaseUrl();
  std::string databaseId;
  std::unique_ptr<D1Connection> conn;

  explicit LiveD1(const std::string& name) : databaseId(freshDatabaseId(name)) {
    ClientOptions options;
    options.baseUrl = base;
    options.requestTimeout = std::chrono::seconds(30);
    conn = std::make_unique<D1Connection>(
        std::make_unique<Client>(Credentials{"roost-it-account", databaseId, kToken}, options));
  }
  std::int64_t serverRequests() const { return serverRequestsFor(base, databaseId); }
  Value scalar(const std::string& sql) { return conn->execute(sql).rows.at(0).at(0); }
};

}  // namespace

TEST_CASE("every value type round-trips through real D1, NUL bytes and quotes included") {
  LiveD1 d1("values");
  d1.conn->execute("CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)");
  static const char kText[] = "quotes ' \" `, a NUL \0 inside, unicode \xc3\xa9\xe2\x82\xac, newline\n";
  const std::string text(kText, sizeof kText - 1);
  const Blob blob{std::string("\x00\x01\x7f\x80\xff'\"", 7)};
  const std::vector<std::vector<Value>> rows{
      {Value(1), Value(0), Value(-0.5), Value(text), Value(blob), Value()},
      {Value(2), Value(kMaxSafeInteger), Value(3.141592653589793), Value(""), Value(Blob{}), Value("x")},
      {Value(3), Value(-kMaxSafeInteger), Value(1e300), Value("'; DROP TABLE v; --"), Value(Blob{std::string(1, '\0')}), Value()},
  };
  for (const auto& row : rows) d1.conn->execute("INSERT INTO v (id, i, r, t, b, n) VALUES (?, ?, ?, ?, ?, ?)", row);

  const roost::Result back = d1.conn->execute("SELECT id, i, r, t, b, n FROM v ORDER BY id");
  REQUIRE(back.rows.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(back.rows[i] == rows[i]);
  }
  CHECK(d1.scalar("SELECT typeof(i) || ',' || typeof(r) || ',' || typeof(t) || ',' || typeof(b) FROM v WHERE id = 1") ==
        "integer,real,text,blob");
  CHECK(d1.scalar("SELECT length(CAST(t AS BLOB)) FROM v WHERE id = 1") == Value(static_cast<long long>(text.size())));
}

TEST_CASE("integers beyond 2^53 - 1 are never silently corrupted on real D1") {
  LiveD1 d1("bigint");
  d1.conn->execute("CREATE TABLE big (id INTEGER PRIMARY KEY, n INTEGER)");
  const auto before = d1.serverRequests();
  CHECK_THROWS_AS(d1.conn->execute("INSERT INTO big (id, n) VALUES (1, ?)", std::vector<Value>{Value(9007199254740993LL)}),
                  UsageError);
  CHECK(d1.serverRequests() == before);  // refused before sending

  // The documented way: bind as text; the INTEGER column stores the exact integer.
  d1.conn->execute("INSERT INTO big (id, n) VALUES (1, ?)", std::vector<Value>{Value("9007199254740993")});
  CHECK(d1.scalar("SELECT typeof(n) FROM big") == "integer");
  CHECK(d1.scalar("SELECT CAST(n AS TEXT) FROM big") == "9007199254740993");
  CHECK(d1.scalar("SELECT n = 9007199254740993 FROM big") == Value(1));
  // Read as a number, D1 would hand back 9007199254740992: refused instead.
  CHECK_THROWS_WITH_AS(d1.conn->execute("SELECT n FROM big"), doctest::Contains("CAST(col AS TEXT)"), UnsafeIntegerError);
  CHECK_THROWS_AS(d1.conn->execute("SELECT 9223372036854775807"), UnsafeIntegerError);
}

TEST_CASE("a batch is atomic on real D1: the second statement fails, nothing is written") {
  LiveD1 d1("atomic");
  d1.conn->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
  d1.conn->execute("INSERT INTO t (v) VALUES ('taken')");
  const std::vector<Statement> statements{{"INSERT INTO t (v) VALUES (?)", {Value("new")}},
                                          {"INSERT INTO t (v) VALUES (?)", {Value("taken")}},
                                          {"INSERT INTO t (v) VALUES (?)", {Value("later")}}};
  try {
    d1.conn->batch(statements);
    FAIL("the batch succeeded");
  } catch (const QueryError& e) {
    CHECK(e.sql() == "INSERT INTO t (v) VALUES (?)");
    CHECK(e.code() == 7500);
    CHECK(e.databaseMessage().find("UNIQUE constraint failed") != std::string::npos);
  }
  CHECK(d1.scalar("SELECT count(*) FROM t") == Value(1));  // neither the batch nor a probe committed
  const std::vector<Statement> good{statements[0], statements[2]};
  const auto ok = d1.conn->batch(good);
  CHECK(ok.size() == 2);
  CHECK(ok[1].lastInsertId.has_value());
  CHECK(d1.scalar("SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY id)") == "taken,new,later");
}

TEST_CASE("executeScript applies a migration with a trigger as one atomic batch") {
  LiveD1 d1("script");
  d1.conn->execute(
      "CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP "
      "DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER)");
  const std::string migration =
      "-- 0001_posts.sql: a table, a trigger whose body holds ';', data with ';' in it\n"
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, edits INTEGER NOT NULL DEFAULT 0);\n"
      "CREATE TABLE audit (post_id INTEGER, note TEXT);\n"
      "CREATE TRIGGER posts_edit AFTER UPDATE OF title ON posts BEGIN\n"
      "  UPDATE posts SET edits = edits + 1 WHERE id = NEW.id;\n"
      "  INSERT INTO audit VALUES (NEW.id, 'renamed; ' || CASE WHEN NEW.title = OLD.title THEN 'same' ELSE 'new' END);\n"
      "END;\n"
      "/* seed */ INSERT INTO posts (title) VALUES ('first; post');\n";
  const std::vector<Statement> tracking{{"INSERT INTO d1_migrations (name, batch) VALUES (?, ?)", {Value("0001_posts.sql"), Value(1)}}};
  const auto before = d1.serverRequests();
  d1.conn->applyAtomically(migration, tracking);
  CHECK(d1.serverRequests() == before + 1);
  d1.conn->execute("UPDATE posts SET title = 'renamed' WHERE id = 1");
  CHECK(d1.scalar("SELECT edits FROM posts WHERE id = 1") == Value(1));
  CHECK(d1.scalar("SELECT note FROM audit") == "renamed; new");
  CHECK(d1.scalar("SELECT name FROM d1_migrations") == "0001_posts.sql");

  SUBCASE("a failing statement rolls the whole migration back and is named") {
    const std::string broken =
        "CREATE TABLE comments (id INTEGER PRIMARY KEY);\n"
        "INSERT INTO comments (id) VALUES (1);\n"
        "INSERT INTO no_such_table VALUES (1);\n"
        "CREATE TABLE never (id INTEGER);\n";
    const std::vector<Statement> tracking2{{"INSERT INTO d1_migrations (name, batch) VALUES (?, ?)", {Value("0002_comments.sql"), Value(2)}}};
    try {
      d1.conn->applyAtomically(broken, tracking2);
      FAIL("the migration succeeded");
    } catch (const QueryError& e) {
      CHECK(e.sql() == "INSERT INTO no_such_table VALUES (1)");
      CHECK(e.databaseMessage().find("no such table: no_such_table") != std::string::npos);
    }
    CHECK(d1.scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('comments', 'never')") == Value(0));
    CHECK(d1.scalar("SELECT count(*) FROM d1_migrations") == Value(1));
  }
}

TEST_CASE("D1's limits on real D1: 100 bound values pass, 101 are refused before sending") {
  LiveD1 d1("params");
  std::string in = "?";
  std::vector<Value> values{Value(0)};
  for (int i = 1; i < 100; ++i) {
    in += ", ?";
    values.emplace_back(i);
  }
  CHECK(d1.conn->execute("SELECT count(*) FROM (SELECT 1) WHERE 5 IN (" + in + ")", values).rows.at(0).at(0) == Value(1));
  const auto before = d1.serverRequests();
  values.emplace_back(100);
  CHECK_THROWS_WITH_AS(d1.conn->execute("SELECT 1 WHERE 5 IN (" + in + ", ?)", values),
                       doctest::Contains("at most 100"), UsageError);
  CHECK(d1.serverRequests() == before);
}

TEST_CASE("begin() on D1 names the alternative; batch() is it") {
  LiveD1 d1("begin");
  CHECK_THROWS_WITH_AS(d1.conn->begin(), doctest::Contains("use batch()"), UsageError);
  CHECK(d1.serverRequests() == 0);
}

TEST_CASE("SQL errors from real D1 are QueryErrors with code 7500") {
  LiveD1 d1("sqlerror");
  try {
    d1.conn->execute("SELECT * FROM missing_table");
    FAIL("no error");
  } catch (const QueryError& e) {
    CHECK(e.code() == 7500);
    CHECK(e.sql() == "SELECT * FROM missing_table");
    CHECK(e.databaseMessage().find("no such table: missing_table") != std::string::npos);
  }
}

TEST_CASE("the client counts exactly the requests the server saw") {
  LiveD1 d1("count");
  d1.conn->execute("CREATE TABLE c (x)");
  const std::vector<Statement> batch{{"INSERT INTO c VALUES (1)", {}}, {"INSERT INTO c VALUES (2)", {}}};
  d1.conn->batch(batch);
  d1.conn->executeScript("INSERT INTO c VALUES (3); INSERT INTO c VALUES (4);");
  struct Count : roost::RowSink {
    std::size_t n = 0;
    void columns(const roost::ColumnsPtr&) override {}
    bool row(std::vector<Value>&&) override { return ++n > 0; }
  } sink;
  d1.conn->stream("SELECT x FROM c", {}, sink);
  CHECK(sink.n == 4);
  CHECK(d1.conn->client().requestCount() == 4);
  CHECK(d1.serverRequests() == 4);
  CHECK(d1.conn->client().retryCount() == 0);
}

TEST_CASE("1,000 rows in one batch request of 20 statements with 100 values each") {
  LiveD1 d1("bulk");
  d1.conn->execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, title TEXT)");
  std::vector<Statement> statements;
  for (int chunk = 0; chunk < 20; ++chunk) {
    Statement s{"INSERT INTO bulk (id, title) VALUES ", {}};
    for (int i = 0; i < 50; ++i) {
      const int id = chunk * 50 + i + 1;
      s.sql += i ? ", (?, ?)" : "(?, ?)";
      s.bindings.emplace_back(id);
      s.bindings.emplace_back("post " + std::to_string(id));
    }
    statements.push_back(std::move(s));
  }
  const auto before = d1.serverRequests();
  const auto start = std::chrono::steady_clock::now();
  d1.conn->batch(statements);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  MESSAGE("1000 rows: " << d1.serverRequests() - before << " request(s), " << ms.count() << " ms");
  CHECK(d1.serverRequests() == before + 1);
  CHECK(d1.scalar("SELECT count(*) FROM bulk") == Value(1000));
}

TEST_CASE("the /query endpoint answers rows as objects, decoded the same way") {
  LiveD1 d1("queryendpoint");
  Client& client = d1.conn->client();
  const auto results = client.run(Statement{"SELECT 1 AS one, 'two' AS two, x'0102' AS three", {}}, Endpoint::Query);
  REQUIRE(results.size() == 1);
  CHECK(results[0].columns == std::vector<std::string>{"one", "two", "three"});
  CHECK(results[0].rows.at(0) == std::vector<Value>{Value(1), Value("two"), Value(Blob{"\x01\x02"})});
}
