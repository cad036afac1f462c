#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "roost/d1/sql_script.hpp"

using roost::d1::firstKeyword;
using roost::d1::isReadOnlyStatement;
using roost::d1::isTransactionControl;
using roost::d1::splitSqlScript;
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
