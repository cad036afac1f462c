// Migrations may not end or undo the transaction roost runs each of them in: transaction
// control in an up or down file is refused before anything runs, and applyAtomically fails loudly,
// leaving nothing behind, if some ever gets past that check.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "roost/migrate/errors.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

struct Project {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  MigrationRepository repo{db};

  Project() {
    addMigration(dir, "0001_create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);",
                 "DROP TABLE users;");
  }
  Migrator migrator() {
    Migrator m(repo, MigrationFiles(dir));
    return m;
  }
  std::vector<std::string> ran() {
    std::vector<std::string> out;
    for (const auto& r : repo.getRan()) out.push_back(r.name);
    return out;
  }
};

// Bodies that end, undo or nest a transaction, and the line of the first offending statement.
struct Bad {
  const char* name;
  const char* sql;
  int line;
  const char* shown;
};
const Bad kBad[] = {
    {"COMMIT half-way", "CREATE TABLE a (x);\nCOMMIT;\nCREATE TABLE b (x);\n", 2, "COMMIT"},
    {"ROLLBACK", "CREATE TABLE a (x);\n\n  ROLLBACK;\n", 3, "ROLLBACK"},
    {"END; at the end", "CREATE TABLE a (x);\nINSERT INTO a VALUES (1);\n-- done\nEND;", 4, "END"},
    {"BEGIN ... COMMIT", "BEGIN TRANSACTION;\nCREATE TABLE a (x);\nCOMMIT;\n", 1, "BEGIN TRANSACTION"},
    {"SAVEPOINT and RELEASE", "CREATE TABLE a (x);\n/* keep */ SAVEPOINT sp;\nINSERT INTO a VALUES (1);\nRELEASE sp;\n",
     2, "SAVEPOINT sp"},
};

}  // namespace

TEST_CASE("an up file with transaction control is refused before any migration runs") {
  for (const Bad& bad : kBad) {
    CAPTURE(bad.name);
    Project p;
    addMigration(p.dir, "0002_bad.sql", bad.sql);
    try {
      p.migrator().run();
      FAIL("expected a TransactionControlError");
    } catch (const TransactionControlError& e) {
      const std::string where = (p.dir / "0002_bad.sql").string() + ":" + std::to_string(bad.line);
      REQUIRE_FALSE(e.locations().empty());
      CHECK(e.locations().front() == where);
      const std::string message = e.what();
      CHECK(message.find(where + ": " + bad.shown) != std::string::npos);
      CHECK(message.find("in a transaction of its own") != std::string::npos);
      CHECK(message.find("D1 refuses") != std::string::npos);
      CHECK(message.find("Remove these statements") != std::string::npos);
    }
    // Not even the good migration before it ran, and nothing was recorded.
    CHECK_FALSE(tableExists(p.db, "users"));
    CHECK_FALSE(tableExists(p.db, "a"));
    CHECK(p.ran().empty());
    CHECK_THROWS_AS(p.migrator().run({.pretend = true}), TransactionControlError);
  }
}

TEST_CASE("every offending statement of every pending file is listed") {
  Project p;
  addMigration(p.dir, "0002_x.sql", "CREATE TABLE a (x);\nSAVEPOINT s;\nRELEASE s;\n");
  addMigration(p.dir, "0003_y.sql", "commit;");
  try {
    p.migrator().run();
    FAIL("expected a TransactionControlError");
  } catch (const TransactionControlError& e) {
    CHECK(e.locations() == std::vector<std::string>{(p.dir / "0002_x.sql").string() + ":2",
                                                     (p.dir / "0002_x.sql").string() + ":3",
                                                     (p.dir / "0003_y.sql").string() + ":1"});
  }
}

TEST_CASE("a down file with transaction control is refused on rollback, reset and refresh; nothing is undone") {
  for (const Bad& bad : kBad) {
    CAPTURE(bad.name);
    Project p;
    addMigration(p.dir, "0002_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);", "DROP TABLE posts;");
    p.migrator().run();
    roost::test::writeFile(p.dir / "down" / "0001_create_users.sql", std::string("DROP TABLE users;\n") + bad.sql);
    const std::string where =
        (p.dir / "down" / "0001_create_users.sql").string() + ":" + std::to_string(bad.line + 1);
    for (int command = 0; command < 3; ++command) {
      CAPTURE(command);
      try {
        if (command == 0) p.migrator().rollback();
        else if (command == 1) p.migrator().reset();
        else p.migrator().refresh();
        FAIL("expected a TransactionControlError");
      } catch (const TransactionControlError& e) {
        CHECK(e.locations().front() == where);
        CHECK(std::string(e.what()).find("refusing to ") != std::string::npos);
      }
      // 0002's down file is fine and would run first: it did not.
      CHECK(tableExists(p.db, "posts"));
      CHECK(tableExists(p.db, "users"));
      CHECK(p.ran() == std::vector<std::string>{"0001_create_users.sql", "0002_posts.sql"});
    }
  }
}

TEST_CASE("refresh and fresh check the up files before undoing or dropping anything") {
  Project p;
  p.migrator().run();
  p.db.execute("INSERT INTO users (email) VALUES ('kept@example.com')");
  addMigration(p.dir, "0002_bad.sql", "CREATE TABLE a (x);\nCOMMIT;");
  CHECK_THROWS_AS(p.migrator().refresh(), TransactionControlError);
  CHECK_THROWS_AS(p.migrator().fresh(), TransactionControlError);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM users") == 1);
  CHECK(p.ran() == std::vector<std::string>{"0001_create_users.sql"});
}

TEST_CASE("triggers, CASE ... END, OR ROLLBACK, ON CONFLICT ROLLBACK, a column named end and comments are accepted") {
  Project p;
  addMigration(p.dir, "0002_fine.sql",
               "-- COMMIT; is only mentioned here\n"
               "/* as are ROLLBACK; and END; */\n"
               "CREATE TABLE events (id INTEGER PRIMARY KEY ON CONFLICT ROLLBACK, \"end\" TEXT, kind TEXT,\n"
               "                     code INTEGER UNIQUE ON CONFLICT ROLLBACK);\n"
               "CREATE TRIGGER events_kind AFTER INSERT ON events BEGIN\n"
               "  UPDATE events SET kind = CASE WHEN NEW.\"end\" IS NULL THEN 'open' ELSE 'closed' END\n"
               "  WHERE id = NEW.id;\n"
               "END;\n"
               "INSERT OR ROLLBACK INTO events (id, \"end\") VALUES (1, NULL);\n"
               "INSERT INTO events (id, \"end\") VALUES (2, 'later');\n"
               "UPDATE events SET code = CASE id WHEN 1 THEN 10 ELSE 20 END;\n"
               "CREATE VIEW open_events AS SELECT id, CASE kind WHEN 'open' THEN 1 END AS \"end\" FROM events;\n",
               "DROP VIEW open_events;\nDROP TRIGGER events_kind;\nDROP TABLE events;\n");
  const MigrationReport report = p.migrator().run();
  CHECK(report.migrations.size() == 2);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM events WHERE kind = 'open'") == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM events WHERE kind = 'closed'") == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM open_events WHERE \"end\" = 1") == 1);
  CHECK(p.migrator().rollback().migrations.size() == 2);
  CHECK_FALSE(tableExists(p.db, "events"));
}

TEST_CASE("applyAtomically fails and leaves nothing behind when a script ends its transaction anyway") {
  // What the Migrator's check would refuse, handed to applyAtomically directly (as a statement
  // hidden from the splitter would be): no table, no tracking row, reported as a failure.
  for (const char* script :
       {"CREATE TABLE a (x);\nCOMMIT;\nCREATE TABLE b (x);", "CREATE TABLE a (x);\nEND;",
        "CREATE TABLE a (x);\nROLLBACK;\nCREATE TABLE b (x);", "CREATE TABLE a (x);\nROLLBACK;",
        "CREATE TABLE a (x);\nROLLBACK;\nBEGIN;\nCREATE TABLE b (x);"}) {
    CAPTURE(script);
    Project p;
    p.repo.ensureExists();
    const std::vector<roost::Statement> tracking = p.repo.logStatements("0002_hidden.sql", 1);
    CHECK_THROWS_AS(p.db.applyAtomically(script, tracking), roost::QueryError);
    CHECK(p.db.transactionDepth() == 0);
    CHECK_FALSE(tableExists(p.db, "a"));
    CHECK_FALSE(tableExists(p.db, "b"));
    CHECK(p.ran().empty());
    // The connection is usable afterwards.
    p.db.applyAtomically("CREATE TABLE c (x);", tracking);
    CHECK(p.ran() == std::vector<std::string>{"0002_hidden.sql"});
  }
}
