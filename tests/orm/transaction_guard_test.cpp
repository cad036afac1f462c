// SqliteConnection lets only roost end the transactions it opens: SQL run inside one that
// commits or rolls it back fails loudly and leaves nothing half applied.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "support/temp_files.hpp"

using namespace roost;

namespace {

std::int64_t rowsIn(Connection& c, const char* table) {
  return c.execute(std::string("SELECT COUNT(*) FROM ") + table).rows.at(0).at(0).asInt();
}

struct Db {
  test::TempDir dir;
  SqliteConnection conn{(dir.path() / "guard.sqlite").string()};
  Db() { conn.executeScript("CREATE TABLE t (x)"); }
  // What another process would read: only what was really committed.
  std::int64_t committedRows() {
    SqliteConnection other((dir.path() / "guard.sqlite").string());
    return rowsIn(other, "t");
  }
};

}  // namespace

TEST_CASE("a COMMIT or END run inside roost's transaction is refused and everything since BEGIN rolls back") {
  for (const char* end : {"COMMIT", "END", "commit transaction", "END TRANSACTION"}) {
    CAPTURE(end);
    Db db;
    {
      Transaction tx(db.conn);
      db.conn.execute("INSERT INTO t VALUES (1)");
      const std::string script = std::string("INSERT INTO t VALUES (2);\n") + end + ";\nINSERT INTO t VALUES (3);";
      CHECK_THROWS_WITH_AS(db.conn.executeScript(script), doctest::Contains("only roost may end the transaction"),
                           QueryError);
      CHECK_FALSE(db.conn.transactionIntact());
    }
    CHECK(db.conn.transactionDepth() == 0);
    CHECK(db.committedRows() == 0);
    CHECK(rowsIn(db.conn, "t") == 0);
    // The connection is fine afterwards.
    db.conn.transaction([&] { db.conn.execute("INSERT INTO t VALUES (4)"); });
    CHECK(db.committedRows() == 1);
  }
}

TEST_CASE("after a ROLLBACK run inside roost's transaction nothing commits on its own") {
  Db db;
  {
    Transaction tx(db.conn);
    db.conn.execute("INSERT INTO t VALUES (1)");
    db.conn.execute("ROLLBACK");
    CHECK_FALSE(db.conn.transactionIntact());
    // Outside any transaction now, this would commit by itself: refused.
    CHECK_THROWS_WITH_AS(db.conn.execute("INSERT INTO t VALUES (2)"), doctest::Contains("refused to commit"),
                         QueryError);
    CHECK_THROWS_WITH_AS(tx.commit(), doctest::Contains("ended from inside"), QueryError);
  }
  CHECK(db.conn.transactionDepth() == 0);
  CHECK(db.committedRows() == 0);
}

TEST_CASE("commit() refuses when the script ended roost's transaction as its last word, or began its own") {
  SUBCASE("ROLLBACK last") {
    Db db;
    db.conn.begin();
    db.conn.executeScript("INSERT INTO t VALUES (1); ROLLBACK;");
    CHECK_THROWS_WITH_AS(db.conn.commit(), doctest::Contains("ended from inside"), QueryError);
    CHECK(db.conn.transactionDepth() == 0);
    CHECK(db.committedRows() == 0);
  }
  SUBCASE("ROLLBACK, then a transaction of the script's own") {
    Db db;
    db.conn.begin();
    db.conn.executeScript("INSERT INTO t VALUES (1); ROLLBACK; BEGIN; INSERT INTO t VALUES (2);");
    CHECK_FALSE(db.conn.transactionIntact());
    CHECK_THROWS_WITH_AS(db.conn.commit(), doctest::Contains("ended from inside"), QueryError);
    CHECK(db.conn.transactionDepth() == 0);
    CHECK(sqlite3_get_autocommit(db.conn.handle()) != 0);  // the script's transaction was rolled back too
    CHECK(db.committedRows() == 0);
  }
  SUBCASE("inside a savepoint") {
    Db db;
    std::optional<Transaction> outer(std::in_place, db.conn);
    {
      Transaction inner(db.conn);
      db.conn.execute("INSERT INTO t VALUES (1)");
      CHECK_THROWS_AS(db.conn.execute("COMMIT"), QueryError);
      CHECK_THROWS_WITH_AS(inner.commit(), doctest::Contains("ended from inside"), QueryError);
    }
    outer.reset();
    CHECK(db.conn.transactionDepth() == 0);
    CHECK(db.committedRows() == 0);
  }
}

TEST_CASE("outside roost's transactions, and for roost's own, commits work as ever") {
  Db db;
  db.conn.execute("BEGIN");
  db.conn.execute("INSERT INTO t VALUES (1)");
  db.conn.execute("COMMIT");
  CHECK(db.committedRows() == 1);
  db.conn.executeScript("SAVEPOINT a; INSERT INTO t VALUES (2); RELEASE a;");
  CHECK(db.committedRows() == 2);
  db.conn.transaction([&] {
    CHECK(db.conn.transactionIntact());
    // A savepoint of the script's own, released inside roost's transaction, does not end it.
    db.conn.executeScript("SAVEPOINT s; INSERT INTO t VALUES (3); RELEASE s;");
    db.conn.transaction([&] { db.conn.execute("INSERT INTO t VALUES (4)"); });
    CHECK(db.conn.transactionIntact());
  });
  CHECK(db.committedRows() == 4);
  std::vector<Statement> rows{{"INSERT INTO t VALUES (?)", {5}}, {"INSERT INTO t VALUES (?)", {6}}};
  db.conn.batch(rows);
  CHECK(db.committedRows() == 6);
  CHECK(db.conn.transactionIntact());
}

TEST_CASE("batch() refuses transaction control among its statements before running any") {
  Db db;
  for (const char* control : {"COMMIT", "end", "ROLLBACK", "SAVEPOINT s", "RELEASE s", "BEGIN"}) {
    CAPTURE(control);
    std::vector<Statement> statements{{"INSERT INTO t VALUES (1)", {}}, {control, {}}, {"INSERT INTO t VALUES (2)", {}}};
    CHECK_THROWS_WITH_AS(db.conn.batch(statements), doctest::Contains("batch() runs its statements in one transaction"),
                         UsageError);
    CHECK(db.committedRows() == 0);
    CHECK(db.conn.transactionDepth() == 0);
  }
}
