// What differs between backends is said by the Connection, once: its Grammar with its
// BackendLimits (which fit every statement), a session's meaning, and RowBatcher planning
// multi-row INSERTs within those limits for insertMany and the seeder alike.
#include <doctest/doctest.h>

#include "roost/orm/grammar.hpp"
#include "roost/orm/orm.hpp"
#include "roost/orm/row_batcher.hpp"
#include "support/forwarding_connection.hpp"

using namespace roost;

namespace {

QuerySpec inList(std::vector<Value> values) {
  QuerySpec spec;
  spec.table = "t";
  Condition c;
  c.kind = Condition::Kind::In;
  c.column = "id";
  c.values = std::move(values);
  spec.wheres.push_back(std::move(c));
  return spec;
}

// SQLite underneath; the limits and the session text are this backend's own.
class OtherBackend final : public test::ForwardingConnection {
 public:
  OtherBackend(Connection& inner, BackendLimits limits) : ForwardingConnection(inner), grammar_(limits) {}
  const Grammar& grammar() const noexcept override { return grammar_; }
  std::string_view backendName() const noexcept override { return "other"; }
  std::string_view sessionConsistency() const noexcept override { return "other: every read sees every write"; }

 private:
  Grammar grammar_;
};

}  // namespace

TEST_CASE("a Grammar fits a statement into its own limits: IN lists become one JSON array past maxBoundParams") {
  const Grammar sqlite;
  CHECK(sqlite.limits().maxBoundParams == 32766);
  CHECK(sqlite.select(inList({Value(1), Value(2), Value(3)})).sql == R"(SELECT * FROM "t" WHERE "id" IN (?, ?, ?))");

  const Grammar two(BackendLimits{.maxBoundParams = 2});
  CompiledSql q = two.select(inList({Value(1), Value(2), Value(3)}));
  CHECK(q.sql == R"(SELECT * FROM "t" WHERE "id" IN (SELECT +value FROM json_each(?)))");
  CHECK(q.bindings == std::vector<Value>{Value("[1,2,3]")});
  CHECK(two.select(inList({Value(1), Value(2)})).bindings.size() == 2);  // at the limit: bound one by one

  // A backend binding every number as a REAL (D1) gets the list's integers as reals too.
  const Grammar reals(BackendLimits{.maxBoundParams = 2, .numbersBindAsReals = true});
  CHECK(reals.count(inList({Value(1), Value(2), Value(3)})).bindings == std::vector<Value>{Value("[1.0,2.0,3.0]")});
  CHECK_THROWS_AS(reals.select(inList({Value(1), Value(2), Value(std::int64_t{1} << 53)})), UsageError);
  CHECK(toJsonArray({Value(3)}) == "[3]");  // outside the fitting step integers stay integers
}

TEST_CASE("Grammar::insertRows is one multi-row INSERT; insert is its one-row case") {
  const Grammar g;
  const std::vector<std::string> cols{"a", "b"};
  CHECK(g.insertRows("t", cols, 3) == R"(INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?), (?, ?))");
  CHECK(g.insert("t", cols) == g.insertRows("t", cols, 1));
  CHECK_THROWS_AS(g.insertRows("t", {}, 1), UsageError);
  const std::vector<std::string> bad{"a\"; DROP TABLE t; --"};
  CHECK_THROWS_AS(g.insertRows("t", bad, 1), InvalidIdentifierError);
}

TEST_CASE("RowBatcher keeps every statement within maxBoundParams and maxStatementBytes") {
  SqliteConnection db(":memory:");
  OtherBackend small(db, BackendLimits{.maxBoundParams = 10});
  RowBatcher batcher(small);
  batcher.begin("t", {"a", "b", "c"});
  CHECK(batcher.maxRowsPerStatement() == 3);
  std::vector<PlannedInsert> planned;
  for (int i = 0; i < 7; ++i) {
    std::vector<Value> row{Value(i), Value("x"), Value()};
    if (auto full = batcher.add(row)) planned.push_back(std::move(*full));
  }
  if (auto last = batcher.take()) planned.push_back(std::move(*last));
  REQUIRE(planned.size() == 3);  // 3 + 3 + 1 rows: 9 values at most, under 10
  CHECK(planned[0].rows == 3);
  CHECK(planned[0].statement.sql == R"(INSERT INTO "t" ("a", "b", "c") VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?))");
  CHECK(planned[0].statement.bindings.size() == 9);
  CHECK(planned[2].rows == 1);
  CHECK(planned[2].statement.bindings == std::vector<Value>{Value(6), Value("x"), Value()});
  CHECK_FALSE(batcher.take().has_value());

  // Long text: the byte budget (SQL plus values) closes statements before the value count does.
  OtherBackend narrow(db, BackendLimits{.maxBoundParams = 10, .maxStatementBytes = 200});
  RowBatcher bytes(narrow);
  bytes.begin("t", {"a"});
  std::size_t statements = 0;
  for (int i = 0; i < 6; ++i) {
    std::vector<Value> row{Value(std::string(60, 'y'))};
    if (auto full = bytes.add(row)) {
      ++statements;
      CHECK(full->bytes <= 200);
    }
  }
  CHECK(bytes.take()->bytes <= 200);
  CHECK(statements == 2);  // 2 rows of 67 bytes each after the 29-byte head: 3 statements in all
}

TEST_CASE("RowBatcher refuses, when asked, a row no statement can hold, naming the table and the limit") {
  SqliteConnection db(":memory:");
  OtherBackend small(db, BackendLimits{.maxStatementBytes = 1000});
  std::vector<Value> row{Value(std::string(2000, 'z'))};
  RowBatcher lenient(small);
  lenient.begin("notes", {"body"});
  CHECK_FALSE(lenient.add(row).has_value());  // insertMany's way: it goes alone
  CHECK(lenient.take()->rows == 1);
  RowBatcher strict(small, true);
  strict.begin("notes", {"body"});
  std::vector<Value> again{Value(std::string(2000, 'z'))};
  CHECK_THROWS_WITH_AS(strict.add(again), "one row of notes is about 2 KB, over the 1 KB D1 allows in one statement",
                       UsageError);
  CHECK_THROWS_WITH_AS(strict.begin("notes", {}), "a row of notes has no columns to insert", UsageError);
}

TEST_CASE("insertMany plans with the connection's own limits") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  OtherBackend small(db, BackendLimits{.maxBoundParams = 4});
  ModelMeta meta;
  meta.table = "t";
  meta.timestamps = false;
  std::vector<Attributes> rows;
  for (int i = 0; i < 5; ++i) rows.push_back({{"name", "n" + std::to_string(i)}});
  CHECK(insertMany(meta, small, std::move(rows)).statements == 2);  // 4 values: 4 rows, then 1
  CHECK(db.execute("SELECT count(*) FROM t").rows.at(0).at(0) == Value(5));
}

TEST_CASE("a backend says what a D1 session means on it; no backend name is compared") {
  SqliteConnection db(":memory:");
  OtherBackend other(db, {});
  std::vector<std::string> warnings;
  D1SessionHandle session(other, [&](std::string_view w) { warnings.emplace_back(w); });
  CHECK(session.consistency() == "other: every read sees every write");
  CHECK(warnings.empty());
}

TEST_CASE("applyAtomically on a backend with transactions: the bookkeeping and the script, or nothing") {
  SqliteConnection db(":memory:");
  db.executeScript("CREATE TABLE log (name TEXT UNIQUE)");
  const std::vector<Statement> bookkeeping{{"INSERT INTO log VALUES (?)", {Value("one")}}};
  db.applyAtomically("CREATE TABLE a (x); CREATE TABLE b (x);", bookkeeping);
  CHECK(db.execute("SELECT count(*) FROM sqlite_schema WHERE name IN ('a', 'b')").rows.at(0).at(0) == Value(2));
  CHECK_THROWS_AS(db.applyAtomically("CREATE TABLE c (x); CREATE TABLE a (x);", {}), QueryError);
  CHECK(db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'c'").rows.at(0).at(0) == Value(0));
  CHECK_THROWS_AS(db.applyAtomically("CREATE TABLE d (x);", bookkeeping), QueryError);  // "one" is there
  CHECK(db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'd'").rows.at(0).at(0) == Value(0));
  CHECK(db.transactionDepth() == 0);
}
