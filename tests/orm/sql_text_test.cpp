#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "roost/orm/sql_text.hpp"

using roost::firstKeyword;
using roost::isReadOnlyStatement;
using roost::isTransactionControl;
using roost::splitSqlScript;
using roost::splitSqlStatements;
using roost::transactionControlIn;
using Statements = std::vector<std::string>;

TEST_CASE("splitSqlScript ends statements only where SQLite would") {
  struct Case {
    const char* name;
    const char* script;
    Statements expected;
  };
  const Case cases[] = {
      {"plain", "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);", {"CREATE TABLE a (x)", "INSERT INTO a VALUES (1)"}},
      {"no final semicolon", "SELECT 1;\nSELECT 2", {"SELECT 1", "SELECT 2"}},
      {"semicolon in a string", "INSERT INTO a VALUES ('x;y');SELECT 'it''s;';",
       {"INSERT INTO a VALUES ('x;y')", "SELECT 'it''s;'"}},
      {"semicolon in quoted names", R"(CREATE TABLE "a;b" ([c;d] TEXT, `e;f` INT);)",
       {R"(CREATE TABLE "a;b" ([c;d] TEXT, `e;f` INT))"}},
      {"semicolon in comments", "-- lead; comment\nSELECT 1 /* a ; b */;\n-- tail; only",
       {"SELECT 1 /* a ; b */"}},
      {"empty statements and blank tail", ";;  \n ; SELECT 1;;\n\n", {"SELECT 1"}},
      {"empty script", "  -- nothing here\n/* nor; here */", {}},
      {"trigger body with CASE ... END",
       "CREATE TABLE t (x);\n"
       "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
       "  UPDATE t SET x = CASE WHEN NEW.x > 0 THEN 1 ELSE 0 END WHERE rowid = NEW.rowid;\n"
       "  INSERT INTO log VALUES ('end;');\n"
       "END;\n"
       "INSERT INTO t VALUES (5);",
       {"CREATE TABLE t (x)",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET x = CASE WHEN NEW.x > 0 THEN 1 ELSE 0 END WHERE rowid = NEW.rowid;\n"
        "  INSERT INTO log VALUES ('end;');\n"
        "END",
        "INSERT INTO t VALUES (5)"}},
      {"temp trigger", "CREATE TEMP TRIGGER tr BEFORE DELETE ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3",
       {"CREATE TEMP TRIGGER tr BEFORE DELETE ON t BEGIN SELECT 1; SELECT 2; END", "SELECT 3"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(splitSqlScript(c.script) == c.expected);
  }
}

TEST_CASE("read-only classification is conservative") {
  for (const char* sql : {"SELECT * FROM t", "  -- c\n select 1", "/* x */ VALUES (1), (2)", "EXPLAIN QUERY PLAN SELECT 1",
                          "PRAGMA table_info(posts)", "PRAGMA main.table_info('posts')", "PRAGMA foreign_keys",
                          "PRAGMA user_version;", "PRAGMA foreign_key_check", "SELECT 1; SELECT 2"}) {
    CAPTURE(sql);
    CHECK(isReadOnlyStatement(sql));
  }
  for (const char* sql :
       {"INSERT INTO t VALUES (1)", "UPDATE t SET x = 1", "DELETE FROM t", "REPLACE INTO t VALUES (1)",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "WITH x AS (SELECT 1) SELECT * FROM x",
        "CREATE TABLE t (x)", "DROP TABLE t", "PRAGMA foreign_keys = ON", "PRAGMA user_version(5)",
        "PRAGMA optimize", "PRAGMA \"table_info\"(t)", "SELECT 1; DELETE FROM t", "", "-- only a comment",
        "VACUUM", "ANALYZE", "BEGIN", "UPSERT"}) {
    CAPTURE(sql);
    CHECK_FALSE(isReadOnlyStatement(sql));
  }
}

TEST_CASE("firstKeyword and transaction control") {
  CHECK(firstKeyword("  /* c */ -- d\n  select 1") == "SELECT");
  CHECK(firstKeyword("   ") == "");
  for (const char* sql : {"BEGIN", "begin transaction", "COMMIT", "END TRANSACTION", "ROLLBACK", "SAVEPOINT a",
                          "RELEASE a", "-- c\nBEGIN IMMEDIATE"})
    CHECK(isTransactionControl(sql));
  for (const char* sql : {"SELECT 1", "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END", "INSERT INTO begin VALUES (1)"})
    CHECK_FALSE(isTransactionControl(sql));
}

TEST_CASE("splitSqlStatements gives the line each statement starts on") {
  const auto statements = splitSqlStatements(
      "-- header; with a semicolon\n"
      "CREATE TABLE a (x);\n"
      "\n"
      "/* two\n   lines */ INSERT INTO a VALUES ('one;\ntwo');  INSERT INTO a VALUES (2);\n"
      "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
      "  SELECT 1;\n"
      "END;\n"
      "\n"
      "  SELECT 3");
  REQUIRE(statements.size() == 5);
  CHECK(statements[0].line == 2);
  CHECK(statements[1].line == 5);
  CHECK(statements[1].text == "INSERT INTO a VALUES ('one;\ntwo')");
  CHECK(statements[2].line == 6);
  CHECK(statements[3].line == 7);
  CHECK(statements[4].line == 11);
  CHECK(statements[4].text == "SELECT 3");
  CHECK(splitSqlStatements("SELECT 1").at(0).line == 1);
  CHECK(splitSqlStatements("\r\n\r\nSELECT 1").at(0).line == 3);
}

TEST_CASE("transactionControlIn finds statements that begin with transaction control, and only those") {
  const auto found = transactionControlIn(
      "CREATE TABLE a (x);\n"
      "COMMIT;\n"
      "INSERT INTO a VALUES (1); end;\n"
      "  -- a comment\n"
      "  SAVEPOINT s; RELEASE s;\n"
      "BEGIN TRANSACTION;\n"
      "rollback");
  REQUIRE(found.size() == 6);
  CHECK(found[0].text == "COMMIT");
  CHECK(found[0].line == 2);
  CHECK(found[1].text == "end");
  CHECK(found[1].line == 3);
  CHECK(found[2].line == 5);
  CHECK(found[3].text == "RELEASE s");
  CHECK(found[3].line == 5);
  CHECK(found[4].line == 6);
  CHECK(found[5].text == "rollback");
  CHECK(found[5].line == 7);

  // None of these ends or undoes a transaction.
  CHECK(transactionControlIn(
            "CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT ROLLBACK, \"end\" TEXT, [commit] INT, `begin` INT);\n"
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
            "  UPDATE t SET \"end\" = CASE WHEN NEW.id > 0 THEN 'pos' ELSE 'neg' END WHERE id = NEW.id;\n"
            "END;\n"
            "CREATE TRIGGER tr2 BEFORE DELETE ON t BEGIN SELECT RAISE(ROLLBACK, 'no'); END;\n"
            "INSERT OR ROLLBACK INTO t (id) VALUES (1);\n"
            "SELECT CASE id WHEN 1 THEN 'a' END AS \"end\" FROM t;\n"
            "UPDATE t SET \"end\" = CASE WHEN id = 1 THEN 'x' END;\n"
            "-- COMMIT; ROLLBACK;\n"
            "/* END; BEGIN; */\n"
            "SELECT 'COMMIT;' AS begin;\n")
            .empty());
}
