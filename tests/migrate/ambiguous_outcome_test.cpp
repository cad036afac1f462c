// A migration whose request may or may not have reached the database (RemoteError with
// mayHaveBeenApplied(): the connection died or the time ran out after sending): the Migrator
// reads the tracking table and says whether it was applied (or rolled back) — never "another
// run recorded it". And a failure creating the tracking table names the statement.
#include <doctest/doctest.h>

#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"
#include "support/forwarding_connection.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::ForwardingConnection;
using roost::test::tableExists;

namespace {

// Applies (or not) as told, then fails as a D1 request whose answer never came.
class DyingConnection final : public ForwardingConnection {
 public:
  DyingConnection(roost::Connection& c, bool applyFirst) : ForwardingConnection(c), applyFirst_(applyFirst) {}
  void applyAtomically(std::string_view script, std::span<const roost::Statement> tracking,
                       std::span<const roost::Statement> after = {}) override {
    if (++calls_ < 2) return inner_.applyAtomically(script, tracking, after);  // the first migration goes through
    if (applyFirst_) inner_.applyAtomically(script, tracking, after);
    throw roost::RemoteError("D1 error (no response): POST .../raw: the connection closed after the request was sent", true);
  }

 private:
  bool applyFirst_;
  int calls_ = 0;
};

// Statements starting with `failing` fail as D1 does when it is unreachable.
class FailingConnection final : public ForwardingConnection {
 public:
  FailingConnection(roost::Connection& inner, std::string failing) : ForwardingConnection(inner), failing_(std::move(failing)) {}
  roost::Result execute(std::string_view sql, std::span<const roost::Value> b) override {
    if (sql.rfind(failing_, 0) == 0) throw roost::RemoteError("D1 error (HTTP 503): Service Unavailable");
    return inner_.execute(sql, b);
  }

 private:
  std::string failing_;
};

struct Folder {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  MigrationRepository repo{db};
  Folder() {
    addMigration(dir, "0001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);", "DROP TABLE users;");
    addMigration(dir, "0002_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);", "DROP TABLE posts;");
  }
};

std::string messageOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const roost::MigrationError& e) {
    return e.what();
  }
  FAIL("expected a MigrationError");
  return "";
}

}  // namespace

TEST_CASE("migrate: the answer never came, but the tracking table shows the migration was applied") {
  Folder f;
  DyingConnection dying(f.db, true);
  MigrationRepository repo(dying);
  Migrator m(repo, MigrationFiles(f.dir));
  const std::string message = messageOf([&] { m.run(); });
  CAPTURE(message);
  CHECK(message.find("0002_posts.sql") != std::string::npos);
  CHECK(message.find("It was applied") != std::string::npos);
  CHECK(message.find("meanwhile") == std::string::npos);
  CHECK(tableExists(f.db, "posts"));
  CHECK(f.repo.getRan().size() == 2);
}

TEST_CASE("migrate: the answer never came, and the tracking table shows the migration was not applied") {
  Folder f;
  DyingConnection dying(f.db, false);
  MigrationRepository repo(dying);
  Migrator m(repo, MigrationFiles(f.dir));
  const std::string message = messageOf([&] { m.run(); });
  CAPTURE(message);
  CHECK(message.find("0002_posts.sql") != std::string::npos);
  CHECK(message.find("It was not applied") != std::string::npos);
  CHECK_FALSE(tableExists(f.db, "posts"));
  CHECK(f.repo.getRan().size() == 1);
}

TEST_CASE("rollback: the answer never came; the tracking table tells whether it was rolled back") {
  for (const bool applied : {true, false}) {
    CAPTURE(applied);
    Folder f;
    Migrator(f.repo, MigrationFiles(f.dir)).run({.step = true});
    DyingConnection dying(f.db, applied);
    MigrationRepository repo(dying);
    Migrator m(repo, MigrationFiles(f.dir));
    const std::string message = messageOf([&] { m.rollback({.steps = 2}); });  // the second one dies
    CAPTURE(message);
    CHECK(message.find("down/0001_users.sql") != std::string::npos);
    CHECK(message.find(applied ? "It was rolled back" : "It was not rolled back") != std::string::npos);
    CHECK(tableExists(f.db, "users") == !applied);
  }
}

TEST_CASE("a failure creating the tracking table names the table and the statement") {
  Folder f;
  FailingConnection failing(f.db, "CREATE TABLE IF NOT EXISTS");
  MigrationRepository repo(failing, "d1_migrations");
  try {
    repo.ensureExists();
    FAIL("expected an error");
  } catch (const roost::Error& e) {
    const std::string message = e.what();
    CAPTURE(message);
    CHECK(message.find("d1_migrations") != std::string::npos);
    CHECK(message.find("Service Unavailable") != std::string::npos);
    CHECK(message.find("statement: CREATE TABLE IF NOT EXISTS \"d1_migrations\"") != std::string::npos);
  }
}
