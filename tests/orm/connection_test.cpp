#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>

#include "blog_fixture.hpp"

using namespace roost;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("roost-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};
std::int64_t countRows(Connection& c, const char* table) {
  return c.execute(std::string("SELECT COUNT(*) FROM ") + table).rows.at(0).at(0).asInt();
}
}  // namespace

TEST_CASE("a file database opens in WAL mode with foreign keys on") {
  TempDir dir;
  SqliteConnection db((dir.path / "x.sqlite").string());
  CHECK(db.execute("PRAGMA journal_mode").rows[0][0] == "wal");
  CHECK(db.execute("PRAGMA foreign_keys").rows[0][0] == 1);
  db.executeScript("CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (a_id INTEGER REFERENCES a(id));");
  CHECK_THROWS_WITH_AS(db.execute("INSERT INTO b VALUES (42)"), doctest::Contains("FOREIGN KEY"), QueryError);
  SqliteConnection noWal((dir.path / "y.sqlite").string(), SqliteOptions{.wal = false});
  CHECK(noWal.execute("PRAGMA journal_mode").rows[0][0] == "delete");
}

TEST_CASE("opening a missing file without create fails clearly") {
  TempDir dir;
  auto path = (dir.path / "missing.sqlite").string();
  CHECK_THROWS_WITH_AS(SqliteConnection(path, SqliteOptions{.create = false}), doctest::Contains(path.c_str()), Error);
}

TEST_CASE("prepared statements are cached by SQL text") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE t (x)");
  auto before = db.cachedStatementCount();
  for (int i = 0; i < 100; ++i) db.execute("INSERT INTO t VALUES (?)", std::vector<Value>{i});
  CHECK(db.cachedStatementCount() == before + 1);
  CHECK(countRows(db, "t") == 100);
}

TEST_CASE("a query error carries the SQL and SQLite's message") {
  SqliteConnection db(":memory:");
  try {
    db.execute("SELECT * FROM nowhere");
    FAIL("expected an error");
  } catch (const QueryError& e) {
    CHECK(e.sql() == "SELECT * FROM nowhere");
    CHECK(e.databaseMessage() == "no such table: nowhere");
  }
  CHECK_THROWS_WITH_AS(db.execute("SELECT ?", std::vector<Value>{}), doctest::Contains("expects 1 bound value"), QueryError);
  CHECK_THROWS_WITH_AS(db.execute("SELECT 1; SELECT 2"), doctest::Contains("more than one statement"), QueryError);
}

TEST_CASE("executeScript names the failing statement") {
  SqliteConnection db(":memory:");
  try {
    db.executeScript("CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\nINSERT INTO nope VALUES (2);\nCREATE TABLE b (y);");
    FAIL("expected an error");
  } catch (const QueryError& e) {
    CHECK(e.sql() == "INSERT INTO nope VALUES (2);");
    CHECK(e.databaseMessage() == "no such table: nope");
  }
  CHECK(countRows(db, "a") == 1);  // no transaction of its own: the caller decides atomicity
}

TEST_CASE("transactions commit, roll back on exception, and nest as savepoints") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE t (x)");
  db.transaction([&] { db.execute("INSERT INTO t VALUES (1)"); });
  CHECK(countRows(db, "t") == 1);
  CHECK_THROWS_AS(db.transaction([&] {
    db.execute("INSERT INTO t VALUES (2)");
    throw std::runtime_error("boom");
  }),
                  std::runtime_error);
  CHECK(countRows(db, "t") == 1);
  CHECK(db.transactionDepth() == 0);

  db.transaction([&] {
    db.execute("INSERT INTO t VALUES (3)");
    CHECK(db.transactionDepth() == 1);
    try {
      db.transaction([&] {
        CHECK(db.transactionDepth() == 2);
        db.execute("INSERT INTO t VALUES (4)");
        throw std::runtime_error("inner");
      });
    } catch (const std::runtime_error&) {
    }
    db.transaction([&] { db.execute("INSERT INTO t VALUES (5)"); });
  });
  auto r = db.execute("SELECT x FROM t ORDER BY x");
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[1][0] == 3);
  CHECK(r.rows[2][0] == 5);
  int v = db.transaction([&] { return 7; });
  CHECK(v == 7);
  CHECK_THROWS_AS(db.commit(), UsageError);
}

TEST_CASE("batch is atomic") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE t (x UNIQUE)");
  std::vector<Statement> ok{{"INSERT INTO t VALUES (?)", {1}}, {"INSERT INTO t VALUES (?)", {2}}};
  auto results = db.batch(ok);
  CHECK(results.size() == 2);
  CHECK(results[1].lastInsertId == 2);
  std::vector<Statement> bad{{"INSERT INTO t VALUES (?)", {3}}, {"INSERT INTO t VALUES (?)", {1}}};
  CHECK_THROWS_AS(db.batch(bad), QueryError);
  CHECK(countRows(db, "t") == 2);
}

TEST_CASE("a second connection waits for the busy timeout, then fails clearly") {
  TempDir dir;
  auto path = (dir.path / "busy.sqlite").string();
  SqliteConnection a(path);
  SqliteConnection b(path, SqliteOptions{.busyTimeoutMs = 50});
  a.executeScript("CREATE TABLE t (x)");
  a.begin();
  a.execute("INSERT INTO t VALUES (1)");
  CHECK_THROWS_WITH_AS(b.execute("INSERT INTO t VALUES (2)"), doctest::Contains("locked"), QueryError);
  a.commit();
  b.execute("INSERT INTO t VALUES (2)");
  CHECK(countRows(a, "t") == 2);
}

TEST_CASE("Value conversions and display") {
  CHECK(Value(3).asInt() == 3);
  CHECK(Value("42").asInt() == 42);
  CHECK_THROWS_AS(Value("4x").asInt(), UsageError);
  CHECK_THROWS_WITH_AS(Value().asText(), doctest::Contains("null"), UsageError);
  CHECK(Value(1.5).toString() == "1.5");
  CHECK(Value(2.0).toString() == "2.0");
  CHECK(Value().toString() == "NULL");
  CHECK(Value("it's").toSqlLiteral() == "'it''s'");
  CHECK(Value(std::optional<int>()).isNull());
  CHECK(Value(std::optional<int>(4)) == 4);
}

TEST_CASE("a double-quoted unknown column is an error in queries, while scripts stay lenient as wrangler's") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (\"lenient in scripts\")");
  CHECK(db.execute("SELECT x FROM t").rows[0][0] == "lenient in scripts");
  CHECK_THROWS_WITH_AS(db.execute("SELECT * FROM t WHERE \"nope\" = ?", std::vector<Value>{1}),
                       doctest::Contains("no such column: nope"), QueryError);
  CHECK(db.execute("SELECT COUNT(*) FROM t WHERE \"x\" = ?", std::vector<Value>{"lenient in scripts"}).rows[0][0] == 1);
}
