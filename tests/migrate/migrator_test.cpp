#include <doctest/doctest.h>

#include "roost/migrate/errors.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

struct Recorder : MigratorObserver {
  std::vector<std::string> events;
  void starting(const MigrationFile& f, Direction d) override {
    events.push_back((d == Direction::Up ? "up " : "down ") + f.name);
  }
  void failed(const MigrationFile& f, Direction, std::chrono::nanoseconds) override { events.push_back("fail " + f.name); }
  void pretending(const MigrationFile& f, Direction, std::string_view sql) override {
    events.push_back("pretend " + f.name + ": " + std::string(sql));
  }
};

// A project folder with the blog's three migrations and a SQLite file.
struct Project {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  MigrationRepository repo{db};
  Recorder recorder;

  Project() {
    addMigration(dir, "0001_create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);",
                 "DROP TABLE users;");
    addMigration(dir, "0002_create_posts.sql",
                 "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users(id));\n"
                 "CREATE INDEX posts_author ON posts (author_id);",
                 "DROP TABLE posts;");
    addMigration(dir, "0003_add_title_to_posts.sql", "ALTER TABLE posts ADD COLUMN title TEXT;",
                 "ALTER TABLE posts DROP COLUMN title;");
  }

  Migrator migrator() {  // rescans the folder, as each CLI run does
    Migrator m(repo, MigrationFiles(dir));
    m.setObserver(&recorder);
    return m;
  }

  std::vector<std::pair<std::string, std::int64_t>> rows() {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& r : repo.getRan()) out.emplace_back(r.name, r.batch.value_or(-1));
    return out;
  }
};

using Rows = std::vector<std::pair<std::string, std::int64_t>>;

}  // namespace

TEST_CASE("migrate applies every pending migration in order as one batch") {
  Project p;
  auto report = p.migrator().run();
  CHECK(report.migrations.size() == 3);
  CHECK(p.recorder.events ==
        std::vector<std::string>{"up 0001_create_users.sql", "up 0002_create_posts.sql", "up 0003_add_title_to_posts.sql"});
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}, {"0002_create_posts.sql", 1}, {"0003_add_title_to_posts.sql", 1}});
  CHECK(tableExists(p.db, "posts"));
  CHECK(p.migrator().run().migrations.empty());  // nothing to migrate

  addMigration(p.dir, "0004_create_tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);", "DROP TABLE tags;");
  p.migrator().run();
  CHECK(p.rows().back() == std::pair<std::string, std::int64_t>{"0004_create_tags.sql", 2});
}

TEST_CASE("migrate --step gives every migration its own batch") {
  Project p;
  p.migrator().run({.step = true});
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}, {"0002_create_posts.sql", 2}, {"0003_add_title_to_posts.sql", 3}});
  p.migrator().rollback();
  CHECK(p.rows().size() == 2);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('posts') WHERE name = 'title'") == 0);
}

TEST_CASE("migrate --pretend reports the SQL and writes nothing") {
  Project p;
  auto report = p.migrator().run({.pretend = true});
  CHECK(report.pretend);
  CHECK(report.migrations.size() == 3);
  REQUIRE(p.recorder.events.size() == 3);
  CHECK(p.recorder.events[0] == "pretend 0001_create_users.sql: CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);");
  CHECK_FALSE(tableExists(p.db, "users"));
  CHECK_FALSE(tableExists(p.db, "d1_migrations"));
}

TEST_CASE("rollback undoes the last batch newest first; --step N undoes the last N") {
  Project p;
  p.migrator().run();
  addMigration(p.dir, "0004_create_tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);", "DROP TABLE tags;");
  p.migrator().run();
  p.recorder.events.clear();

  p.migrator().rollback();
  CHECK(p.recorder.events == std::vector<std::string>{"down 0004_create_tags.sql"});
  CHECK_FALSE(tableExists(p.db, "tags"));

  p.recorder.events.clear();
  p.migrator().rollback({.steps = 2});
  CHECK(p.recorder.events == std::vector<std::string>{"down 0003_add_title_to_posts.sql", "down 0002_create_posts.sql"});
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}});
  CHECK_FALSE(tableExists(p.db, "posts"));

  p.recorder.events.clear();
  p.migrator().run();
  p.migrator().rollback();  // the whole of batch 2: 0002 and 0003 (and 0004)
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}});
  CHECK(p.recorder.events.back() == "down 0002_create_posts.sql");
  CHECK(p.migrator().rollback().migrations.size() == 1);
  CHECK(p.migrator().rollback().migrations.empty());  // nothing left
}

TEST_CASE("rollback --pretend prints the down SQL and changes nothing") {
  Project p;
  p.migrator().run();
  p.recorder.events.clear();
  auto report = p.migrator().rollback({.steps = 1, .pretend = true});
  CHECK(report.migrations.size() == 1);
  CHECK(p.recorder.events == std::vector<std::string>{"pretend 0003_add_title_to_posts.sql: ALTER TABLE posts DROP COLUMN title;"});
  CHECK(p.rows().size() == 3);
}

TEST_CASE("a failing middle migration records nothing for it and keeps the earlier ones") {
  Project p;
  addMigration(p.dir, "0002_create_posts.sql",
               "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n"
               "INSERT INTO posts (id) VALUES (1);\n"
               "INSERT INTO nowhere VALUES (1);\n",
               "DROP TABLE posts;");
  try {
    p.migrator().run();
    FAIL("expected a MigrationError");
  } catch (const roost::MigrationError& e) {
    CHECK(e.file() == "0002_create_posts.sql");
    CHECK(e.statement() == "INSERT INTO nowhere VALUES (1);");
    CHECK(std::string(e.what()).find("no such table: nowhere") != std::string::npos);
  }
  CHECK(p.recorder.events ==
        std::vector<std::string>{"up 0001_create_users.sql", "up 0002_create_posts.sql", "fail 0002_create_posts.sql"});
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}});
  CHECK(tableExists(p.db, "users"));
  CHECK_FALSE(tableExists(p.db, "posts"));  // its first statements were undone too
  CHECK(p.db.transactionDepth() == 0);
}

TEST_CASE("a failing down migration keeps its tracking row and the schema") {
  Project p;
  p.migrator().run();
  roost::test::writeFile(p.dir / "down" / "0003_add_title_to_posts.sql",
                         "ALTER TABLE posts DROP COLUMN title;\nDROP TABLE missing_table;");
  CHECK_THROWS_AS(p.migrator().rollback(), roost::MigrationError);
  CHECK(p.rows().size() == 3);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('posts') WHERE name = 'title'") == 1);
}

TEST_CASE("a missing down file is an error before anything runs") {
  Project p;
  p.migrator().run();
  std::filesystem::remove(p.dir / "down" / "0002_create_posts.sql");
  p.recorder.events.clear();
  try {
    p.migrator().rollback();
    FAIL("expected MissingDownFileError");
  } catch (const MissingDownFileError& e) {
    CHECK(e.names() == std::vector<std::string>{"down/0002_create_posts.sql"});
    CHECK(std::string(e.what()).find("down/0002_create_posts.sql") != std::string::npos);
  }
  CHECK(p.recorder.events.empty());
  CHECK(p.rows().size() == 3);  // not even 0003, which does have a down file, was undone
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('posts') WHERE name = 'title'") == 1);
}

TEST_CASE("an applied migration whose file was renamed is reported and nothing changes") {
  Project p;
  p.migrator().run({.step = true});
  std::filesystem::rename(p.dir / "0002_create_posts.sql", p.dir / "0002_posts.sql");
  auto status = p.migrator().status();
  REQUIRE(status.size() == 4);
  CHECK(status[1].name == "0002_create_posts.sql");
  CHECK(status[1].state == MigrationState::Missing);
  CHECK(status[2].name == "0002_posts.sql");
  CHECK(status[2].state == MigrationState::Pending);

  const auto before = p.rows();
  try {
    p.migrator().run();
    FAIL("expected MissingMigrationFileError");
  } catch (const MissingMigrationFileError& e) {
    const std::string msg = e.what();
    CHECK(e.names() == std::vector<std::string>{"0002_create_posts.sql"});
    CHECK(msg.find("looks renamed to 0002_posts.sql") != std::string::npos);
    CHECK(msg.find("Nothing was changed") != std::string::npos);
  }
  CHECK_THROWS_AS(p.migrator().rollback(), MissingMigrationFileError);
  CHECK_THROWS_AS(p.migrator().reset(), MissingMigrationFileError);
  CHECK(p.rows() == before);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('posts') WHERE name = 'title'") == 1);
}

TEST_CASE("an applied migration whose file was deleted shows as missing") {
  Project p;
  p.migrator().run();
  std::filesystem::remove(p.dir / "0003_add_title_to_posts.sql");
  auto status = p.migrator().status();
  REQUIRE(status.size() == 3);
  CHECK(status[2].state == MigrationState::Missing);
  CHECK(status[2].batch == 1);
  CHECK_THROWS_AS(p.migrator().run(), MissingMigrationFileError);
}

TEST_CASE("migrations applied by wrangler count as applied and are not run again") {
  Project p;
  // What `wrangler d1 migrations apply` leaves behind: its own table, no batch column.
  p.db.executeScript(
      "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);"
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);"
      "INSERT INTO d1_migrations (name) VALUES ('0001_create_users.sql');");
  auto status = p.migrator().status();
  CHECK(status[0].state == MigrationState::Applied);
  CHECK_FALSE(status[0].batch.has_value());
  CHECK(p.migrator().pending().size() == 2);

  p.migrator().run();
  CHECK(p.recorder.events == std::vector<std::string>{"up 0002_create_posts.sql", "up 0003_add_title_to_posts.sql"});
  CHECK(p.rows() == Rows{{"0001_create_users.sql", -1}, {"0002_create_posts.sql", 1}, {"0003_add_title_to_posts.sql", 1}});

  // Rolling back goes batch by batch; wrangler's run is the oldest "batch".
  p.migrator().rollback();
  CHECK(p.rows() == Rows{{"0001_create_users.sql", -1}});
  p.migrator().rollback();
  CHECK(p.rows().empty());
  CHECK_FALSE(tableExists(p.db, "users"));
}

TEST_CASE("reset undoes everything and refresh reapplies it") {
  Project p;
  p.migrator().run({.step = true});
  p.db.execute("INSERT INTO users (email) VALUES ('a@example.com')");
  auto reset = p.migrator().reset();
  CHECK(reset.migrations.size() == 3);
  CHECK(reset.migrations.front().name == "0003_add_title_to_posts.sql");
  CHECK(p.rows().empty());
  CHECK_FALSE(tableExists(p.db, "users"));
  CHECK(tableExists(p.db, "d1_migrations"));

  p.migrator().run();
  p.db.execute("INSERT INTO users (email) VALUES ('a@example.com')");
  auto refresh = p.migrator().refresh();
  CHECK(refresh.migrations.size() == 6);
  CHECK(p.rows().size() == 3);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM users") == 0);
}

TEST_CASE("fresh drops every table and view, foreign keys included, but never _cf_ or sqlite_ tables") {
  Project p;
  p.migrator().run();
  p.db.executeScript(
      "CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB);"
      "INSERT INTO _cf_KV VALUES ('k', x'00');"
      "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE RESTRICT);"
      "CREATE VIEW post_titles AS SELECT title FROM posts;"
      "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END;"
      "INSERT INTO users (id, email) VALUES (1, 'a@example.com');"
      "INSERT INTO posts (id, author_id) VALUES (1, 1);"
      "INSERT INTO comments (post_id) VALUES (1);");
  auto report = p.migrator().fresh();
  CHECK(report.dropped.size() == 6);  // post_titles, d1_migrations, roost_migration_batches, users, posts, comments
  CHECK(report.dropped.front() == "post_titles");
  CHECK(report.migrations.size() == 3);
  CHECK_FALSE(tableExists(p.db, "comments"));
  CHECK(tableExists(p.db, "_cf_KV"));
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM _cf_KV") == 1);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM users") == 0);
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 1}, {"0002_create_posts.sql", 1}, {"0003_add_title_to_posts.sql", 1}});
  CHECK(scalar(p.db, "PRAGMA foreign_keys") == 1);
}

TEST_CASE("fresh drops virtual tables before their shadow tables") {
  Project p;
  p.db.executeScript("CREATE VIRTUAL TABLE docs USING fts5(body); INSERT INTO docs VALUES ('hello');");
  auto dropped = roost::test::dropAllTableNames(p.db);
  CHECK(dropped.front() == "docs");
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") == 0);
}

TEST_CASE("a dangling link in the folder is not a migration") {
  Project p;
  std::filesystem::remove(p.dir / "0003_add_title_to_posts.sql");
  std::filesystem::create_symlink(p.dir / "nowhere.sql", p.dir / "0003_dangling.sql");
  // Not a regular file: wrangler would not run it either.
  CHECK(p.migrator().pending().size() == 2);
}

TEST_CASE("status lists applied, pending and missing migrations in order") {
  Project p;
  p.migrator().run();
  addMigration(p.dir, "0004_create_tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);");
  auto status = p.migrator().status();
  REQUIRE(status.size() == 4);
  CHECK(status[0].state == MigrationState::Applied);
  CHECK(status[0].batch == 1);
  CHECK(status[0].hasDown);
  CHECK(status[0].appliedAt.size() == 19);
  CHECK(status[3].state == MigrationState::Pending);
  CHECK_FALSE(status[3].hasDown);
  CHECK(std::string(stateName(MigrationState::Missing)) == "missing");
}

namespace {
// Plays a concurrent run: records the migration just before this run applies it.
struct Interloper : MigratorObserver {
  MigrationRepository* repo;
  explicit Interloper(MigrationRepository& r) : repo(&r) {}
  void starting(const MigrationFile& f, Direction) override { repo->log(f.name, 99); }
};
}  // namespace

TEST_CASE("a migration another run recorded meanwhile fails on its tracking row before any SQL runs") {
  Project p;
  Migrator m = p.migrator();
  Interloper other(p.repo);
  m.setObserver(&other);
  try {
    m.run();
    FAIL("expected a MigrationError");
  } catch (const roost::MigrationError& e) {
    CHECK(e.file() == "0001_create_users.sql");
    CHECK(std::string(e.what()).find("recorded it meanwhile") != std::string::npos);
  }
  CHECK_FALSE(tableExists(p.db, "users"));  // none of its SQL ran
  CHECK(p.rows() == Rows{{"0001_create_users.sql", 99}});
}

// SQLite stops reading a script at a NUL byte, so the rest of such a migration would be skipped
// and the migration still recorded as Ran.
TEST_CASE("a NUL byte in a pending migration is refused with file and line before any migration runs") {
  using namespace std::string_literals;
  Project p;
  addMigration(p.dir, "0004_nul.sql", "CREATE TABLE a (id INTEGER);\nINSERT INTO a VALUES (1); \0\nCREATE TABLE b (id INTEGER);"s);
  try {
    p.migrator().run();
    FAIL("migrate ran a migration with a NUL byte");
  } catch (const roost::ConfigError& e) {
    CHECK(std::string(e.what()).find("0004_nul.sql:2:27: a NUL byte") != std::string::npos);
  }
  CHECK_FALSE(tableExists(p.db, "users"));  // not even the good migrations before it
  CHECK_FALSE(tableExists(p.db, "a"));
  CHECK(p.rows().empty());
}

TEST_CASE("a NUL byte in a down file is refused before anything is rolled back") {
  using namespace std::string_literals;
  Project p;
  p.migrator().run();
  addMigration(p.dir, "0003_add_title_to_posts.sql", "ALTER TABLE posts ADD COLUMN title TEXT;",
               "ALTER TABLE posts DROP COLUMN title;\0 DROP TABLE users;"s);
  CHECK_THROWS_WITH_AS(p.migrator().rollback(), doctest::Contains("0003_add_title_to_posts.sql:1:37: a NUL byte"),
                       roost::ConfigError);
  CHECK(p.rows().size() == 3);
  CHECK(scalar(p.db, "SELECT COUNT(*) FROM pragma_table_info('posts') WHERE name = 'title'") == 1);
}
