// Transaction control (BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE) in migrations and seed
// SQL, run as a user runs roost: refused before anything is written, with file and line.
#include <doctest/doctest.h>

#include "apps/seed_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

bool hasTable(roost::Connection& c, const std::string& name) {
  const roost::Value args[] = {roost::Value(name)};
  return !c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args).rows.empty();
}

// Bodies that end, undo or nest a transaction, with the line of the first offending statement.
struct Bad {
  const char* name;
  const char* sql;
  int line;
  const char* keyword;
};
const Bad kBad[] = {
    {"COMMIT", "CREATE TABLE a (x);\nCOMMIT;\nCREATE TABLE b (x);\n", 2, "COMMIT"},
    {"ROLLBACK", "CREATE TABLE a (x);\nROLLBACK;\n", 2, "ROLLBACK"},
    {"END;", "CREATE TABLE a (x);\n\nEND;", 3, "END"},
    {"SAVEPOINT and RELEASE", "CREATE TABLE a (x);\nSAVEPOINT sp;\nCREATE TABLE b (x);\nRELEASE sp;", 2, "SAVEPOINT"},
};

// A plain --db project: 0001 creates users, 0002 holds bad SQL.
struct MigrateProject {
  TempDir tmp;
  fs::path dir = tmp.path();
  fs::path migrations = dir / "migrations";
  MigrateProject() {
    writeFile(migrations / "0001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);");
    writeFile(migrations / "down/0001_users.sql", "DROP TABLE users;");
  }
};

}  // namespace

TEST_CASE("migrate refuses an up file with transaction control: exit 1, file:line, nothing applied") {
  for (const Bad& bad : kBad) {
    CAPTURE(bad.name);
    MigrateProject p;
    writeFile(p.migrations / "0002_bad.sql", bad.sql);
    const auto r = runRoost(p.dir, {"migrate", "--db", "app.sqlite"});
    CAPTURE(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("0002_bad.sql:" + std::to_string(bad.line) + ": " + bad.keyword) != std::string::npos);
    CHECK(r.err.find("transaction of its own") != std::string::npos);
    CHECK(r.err.find("Remove these statements") != std::string::npos);
    roost::SqliteConnection db((p.dir / "app.sqlite").string());
    CHECK_FALSE(hasTable(db, "users"));  // not even the good one before it
    CHECK_FALSE(hasTable(db, "a"));
    CHECK_FALSE(hasTable(db, "d1_migrations"));
    // Fixed, it applies and records both.
    writeFile(p.migrations / "0002_bad.sql", "CREATE TABLE a (x);");
    CHECK(runRoost(p.dir, {"migrate", "--db", "app.sqlite"}).status == 0);
    CHECK(scalar(db, "SELECT count(*) FROM d1_migrations") == 2);
  }
}

TEST_CASE("rollback refuses a down file with transaction control: exit 1, file:line, nothing undone") {
  for (const Bad& bad : kBad) {
    CAPTURE(bad.name);
    MigrateProject p;
    writeFile(p.migrations / "0002_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);");
    writeFile(p.migrations / "down/0002_posts.sql", std::string("DROP TABLE posts;\n") + bad.sql);
    REQUIRE(runRoost(p.dir, {"migrate", "--db", "app.sqlite"}).status == 0);
    for (const char* command : {"migrate:rollback", "migrate:reset", "migrate:refresh"}) {
      CAPTURE(command);
      const auto r = runRoost(p.dir, {command, "--db", "app.sqlite"});
      CAPTURE(r.err);
      CHECK(r.status == 1);
      CHECK(r.err.find("down/0002_posts.sql:" + std::to_string(bad.line + 1) + ": " + bad.keyword) !=
            std::string::npos);
      roost::SqliteConnection db((p.dir / "app.sqlite").string());
      CHECK(hasTable(db, "posts"));
      CHECK(hasTable(db, "users"));
      CHECK_FALSE(hasTable(db, "a"));
      CHECK(scalar(db, "SELECT count(*) FROM d1_migrations") == 2);
    }
  }
}

TEST_CASE("migrate accepts triggers, CASE ... END, OR ROLLBACK, ON CONFLICT ROLLBACK, a column named end") {
  MigrateProject p;
  writeFile(p.migrations / "0002_fine.sql",
            "-- not a COMMIT; just a comment\n"
            "CREATE TABLE spans (id INTEGER PRIMARY KEY, \"end\" INTEGER, size INTEGER,\n"
            "                    tag TEXT UNIQUE ON CONFLICT ROLLBACK);\n"
            "CREATE TRIGGER spans_size AFTER INSERT ON spans BEGIN\n"
            "  UPDATE spans SET size = CASE WHEN NEW.\"end\" > 10 THEN 2 ELSE 1 END WHERE id = NEW.id;\n"
            "END;\n"
            "INSERT OR ROLLBACK INTO spans (\"end\", tag) VALUES (5, 'a'), (50, 'b');\n");
  const auto r = runRoost(p.dir, {"migrate", "--db", "app.sqlite"});
  CAPTURE(r.err);
  CHECK(r.status == 0);
  roost::SqliteConnection db((p.dir / "app.sqlite").string());
  CHECK(scalar(db, "SELECT sum(size) FROM spans") == 3);
  CHECK(scalar(db, "SELECT count(*) FROM d1_migrations") == 2);
}

TEST_CASE("db:seed refuses transaction control in a {\"sql\"} step, before anything is written") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  for (const char* sql : {"COMMIT;", "UPDATE users SET name = 'x'; ROLLBACK", "END;", "SAVEPOINT s; RELEASE s;",
                          "BEGIN; UPDATE users SET name = 'x'; COMMIT;"}) {
    CAPTURE(sql);
    writeFile(app / "database/seeders/Txn.jsonc", std::string(R"({
    "TxnSeeder": {"run": [
      {"factory": "User", "count": 100},
      {"seeder": "EditorSeeder"},
      {"sql": ")") + sql + R"("},
      {"factory": "Post", "count": 3, "attributes": {"title": null}},
    ]},
  })");
    const auto r = runRoost(app, {"db:seed", "--class", "TxnSeeder"});
    CAPTURE(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("database/seeders/Txn.jsonc:5:7: ") != std::string::npos);
    CHECK(r.err.find("is not allowed in seed SQL") != std::string::npos);
    CHECK(r.err.find("Remove the statement") != std::string::npos);
    roost::SqliteConnection db(localDb(app).string());
    CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM posts") == 0);
  }
}

TEST_CASE("db:seed refuses transaction control in a .sql seeder, naming its line") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/Outer.jsonc", R"({
    "OuterSeeder": {"run": [{"factory": "User", "count": 100}, {"seeder": "Inner"}]},
  })");
  for (const Bad& bad : kBad) {
    CAPTURE(bad.name);
    writeFile(app / "database/seeders/Inner.sql",
              std::string("INSERT INTO users (name, email) VALUES ('a', 'a@x');\n") + bad.sql);
    for (const char* seeder : {"OuterSeeder", "Inner"}) {
      const auto r = runRoost(app, {"db:seed", "--class", seeder});
      CAPTURE(r.err);
      CHECK(r.status == 1);
      CHECK(r.err.find("database/seeders/Inner.sql:" + std::to_string(bad.line + 1) + ": " + bad.keyword +
                       " is not allowed in seed SQL") != std::string::npos);
      roost::SqliteConnection db(localDb(app).string());
      CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
      CHECK_FALSE(hasTable(db, "a"));
    }
  }
}

TEST_CASE("db:seed accepts seed SQL with CASE ... END, OR ROLLBACK and comments naming COMMIT") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/Fine.sql",
            "-- COMMIT; would be refused, but this is a comment\n"
            "INSERT OR ROLLBACK INTO users (name, email) VALUES ('a', 'a@x'), ('b', 'b@x');\n"
            "UPDATE users SET name = CASE WHEN email = 'a@x' THEN 'end' ELSE name END;\n"
            "SELECT name AS \"end\" FROM users;\n");
  writeFile(app / "database/seeders/Fine.jsonc", R"({
    "FineSeeder": {"run": [{"seeder": "Fine"}, {"sql": "UPDATE users SET name = CASE name WHEN 'b' THEN 'begin' END WHERE email = 'b@x'"}]},
  })");
  const auto r = runRoost(app, {"db:seed", "--class", "FineSeeder"});
  CAPTURE(r.err);
  CHECK(r.status == 0);
  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(*) FROM users WHERE name IN ('end', 'begin')") == 2);
}
