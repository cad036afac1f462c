// A migration whose request may or may not have reached the database (D1Error with
// mayHaveBeenApplied(): the connection died or the time ran out after sending): the Migrator
// reads the tracking table and says whether it was applied (or rolled back) — never "another
// run recorded it". And a failure creating the tracking table names the statement.
#include <doctest/doctest.h>

#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::tableExists;

namespace {

// Applies (or not) as told, then fails as a D1 request whose answer never came.
class DyingRunner final : public MigrationRunner {
 public:
  DyingRunner(roost::Connection& c, bool applyFirst) : inner_(c), applyFirst_(applyFirst) {}
  void apply(std::string_view script, std::span<const roost::Statement> tracking) override {
    if (++calls_ < 2) return inner_.apply(script, tracking);  // the first migration goes through
    if (applyFirst_) inner_.apply(script, tracking);
    throw roost::D1Error(0, 0, "POST .../raw: the connection closed after the request was sent", true);
  }

 private:
  TransactionMigrationRunner inner_;
  bool applyFirst_;
  int calls_ = 0;
};

// SQLite underneath; statements starting with `failing` fail as D1 does when it is unreachable.
class FailingConnection final : public roost::Connection {
 public:
  FailingConnection(roost::Connection& inner, std::string failing) : inner_(inner), failing_(std::move(failing)) {}
  roost::Result execute(std::string_view sql, std::span<const roost::Value> b) override {
    if (sql.rfind(failing_, 0) == 0) throw roost::D1Error(503, 0, "Service Unavailable");
    return inner_.execute(sql, b);
  }
  void stream(std::string_view sql, std::span<const roost::Value> b, roost::RowSink& s) override { inner_.stream(sql, b, s); }
  std::vector<roost::Result> batch(std::span<const roost::Statement> s) override { return inner_.batch(s); }
  void executeScript(std::string_view sql) override { inner_.executeScript(sql); }
  bool supportsTransactions() const noexcept override { return inner_.supportsTransactions(); }
  void begin() override { inner_.begin(); }
  void commit() override { inner_.commit(); }
  void rollback() override { inner_.rollback(); }
  int transactionDepth() const noexcept override { return inner_.transactionDepth(); }
  std::size_t maxBoundParams() const noexcept override { return inner_.maxBoundParams(); }
  std::string_view backendName() const noexcept override { return "failing"; }

 private:
  roost::Connection& inner_;
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
  DyingRunner runner(f.db, true);
  Migrator m(f.repo, MigrationFiles(f.dir), runner);
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
  DyingRunner runner(f.db, false);
  Migrator m(f.repo, MigrationFiles(f.dir), runner);
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
    TransactionMigrationRunner plain(f.db);
    Migrator(f.repo, MigrationFiles(f.dir), plain).run({.step = true});
    DyingRunner runner(f.db, applied);
    Migrator m(f.repo, MigrationFiles(f.dir), runner);
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
