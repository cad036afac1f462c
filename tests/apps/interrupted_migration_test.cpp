// A run killed with SIGKILL in the middle of a long migration leaves the database with all
// of that migration or none of it, and the tracking table agrees.
#include <doctest/doctest.h>

#include <thread>

#include "roost/orm/error.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "run_roost.hpp"

using namespace roost::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr long kRows = 6'000'000;  // several seconds of work: the kill lands mid-way

const std::string kBigMigration =
    "CREATE TABLE big (x INTEGER, pad TEXT);\n"
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " +
    std::to_string(kRows) + ")\nINSERT INTO big SELECT x, 'padding padding padding' FROM c;\n";

bool hasTable(roost::Connection& c, const std::string& name) {
  const roost::Value args[] = {roost::Value(name)};
  return !c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args).rows.empty();
}

std::int64_t scalar(roost::Connection& c, const std::string& sql) { return c.execute(sql).rows.at(0).at(0).asInt(); }

template <class Ready>
void waitUntil(Ready ready, pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      FAIL("roost never reached the long migration");
    }
    std::this_thread::sleep_for(5ms);
  }
}

// All of 0002 or none of it, and d1_migrations says the same. (The kill lands seconds before
// the migration could finish, so in practice this is "none"; "all" is equally correct.)
void checkAllOrNothing(roost::Connection& db) {
  const bool recorded = scalar(db, "SELECT COUNT(*) FROM d1_migrations WHERE name = '0002_big.sql'") == 1;
  CHECK(hasTable(db, "big") == recorded);
  if (recorded) CHECK(scalar(db, "SELECT COUNT(*) FROM big") == kRows);
}

void checkIntegrity(const fs::path& file) {
  roost::SqliteConnection db(file.string(), roost::SqliteOptions{.wal = false});
  CHECK(db.execute("PRAGMA integrity_check").rows.at(0).at(0) == "ok");
}

}  // namespace

TEST_CASE("SIGKILL during a long migration on a --db file (WAL): all of it or none of it") {
  TempDir tmp;
  const fs::path m = tmp.path() / "migrations";
  writeFile(m / "0001_small.sql", "CREATE TABLE small (id INTEGER);");
  writeFile(m / "0002_big.sql", kBigMigration);
  const fs::path file = tmp.path() / "app.sqlite";

  const pid_t pid = spawnRoost(tmp.path(), {"migrate", "--db", "app.sqlite"}, tmp.path() / "out", tmp.path() / "err");
  // 0001 is committed (WAL readers never wait for the writer), so 0002 has started.
  waitUntil(
      [&] {
        try {
          roost::SqliteConnection probe(file.string(), roost::SqliteOptions{.readOnly = true, .wal = false});
          return scalar(probe, "SELECT COUNT(*) FROM d1_migrations") >= 1;
        } catch (const roost::Error&) {
          return false;
        }
      },
      pid);
  std::this_thread::sleep_for(300ms);
  ::kill(pid, SIGKILL);
  CHECK(waitStatus(pid) == 128 + SIGKILL);  // it really was interrupted, not finished

  {
    roost::SqliteConnection db(file.string());
    CHECK(hasTable(db, "small"));
    checkAllOrNothing(db);
  }
  checkIntegrity(file);

  // The database is usable again: the migration reruns from scratch (or is already done).
  writeFile(m / "0002_big.sql", "CREATE TABLE IF NOT EXISTS big (x INTEGER);");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  {
    roost::SqliteConnection db(file.string());
    CHECK(scalar(db, "SELECT COUNT(*) FROM d1_migrations") == 2);
  }
}

TEST_CASE("SIGKILL during a long migration on wrangler's local file (rollback journal): all of it or none of it") {
  TempDir tmp;
  const fs::path project = tmp.path();
  writeFile(project / "wrangler.jsonc", R"({"name": "x", "d1_databases": [{"binding": "DB", "database_name": "x"}]})");
  const fs::path m = project / "migrations";
  writeFile(m / "0001_small.sql", "CREATE TABLE small (id INTEGER);");
  REQUIRE(runRoost(project, {"migrate"}).status == 0);
  writeFile(m / "0002_big.sql", kBigMigration);

  fs::path file;
  for (const auto& e : fs::recursive_directory_iterator(project / ".wrangler"))
    if (e.path().extension() == ".sqlite") file = e.path();
  REQUIRE_FALSE(file.empty());
  {
    // roost creates new local files in WAL (as workerd does) but keeps an existing file's mode:
    // put this one in rollback-journal mode to test that path.
    roost::SqliteConnection db(file.string(), roost::SqliteOptions{.wal = false});
    REQUIRE(db.execute("PRAGMA journal_mode=DELETE").rows.at(0).at(0) == "delete");
  }
  const fs::path journal = file.string() + "-journal";

  const pid_t pid = spawnRoost(project, {"migrate"}, tmp.path() / "out", tmp.path() / "err");
  waitUntil([&] { return fs::exists(journal); }, pid);  // 0002's transaction is under way
  std::this_thread::sleep_for(300ms);
  ::kill(pid, SIGKILL);
  CHECK(waitStatus(pid) == 128 + SIGKILL);

  {
    // Opening the file rolls the hot journal back, as wrangler's own SQLite would.
    roost::SqliteConnection db(file.string(), roost::SqliteOptions{.wal = false});
    checkAllOrNothing(db);
    CHECK(db.execute("PRAGMA journal_mode").rows.at(0).at(0) == "delete");
  }
  checkIntegrity(file);
  auto status = runRoost(project, {"migrate:status", "--json"});
  CHECK(status.status == 0);
  CHECK(status.out.find("0002_big.sql") != std::string::npos);
}
