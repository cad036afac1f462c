// db:seed's bulk inserts: multi-row INSERTs within the backend's bound-parameter limit and
// ~100 KB per statement, on SQLite (one transaction) and on a D1-like connection (100 values
// per statement, no transactions: atomic batches).
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "apps/seed_support.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/grammar.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "seed/seed_files.hpp"
#include "seed/seed_runner.hpp"
#include "support/forwarding_connection.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

// A project with a 9-column table (the key and 8 integers) and a seeder of `rows` readings.
void writeReadingsProject(const fs::path& dir, std::size_t rows) {
  writeFile(dir / "database/factories/readings.jsonc", R"({
    "Reading": {"definition": {
      "a": {"fake": "integer", "args": [0, 1000000]}, "b": {"fake": "integer"}, "c": {"fake": "integer"},
      "d": {"fake": "integer"}, "e": {"fake": "integer"}, "f": {"fake": "integer"}, "g": {"fake": "integer"},
      "h": {"sequence": [1, 2, 3]},
    }},
  })");
  writeFile(dir / "database/seeders/DatabaseSeeder.jsonc",
            R"({"DatabaseSeeder": {"run": [{"factory": "Reading", "count": )" + std::to_string(rows) + "}]}}");
}

const char* kReadingsTable =
    "CREATE TABLE readings (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, d INTEGER, e INTEGER, "
    "f INTEGER, g INTEGER, h INTEGER NOT NULL)";

// Forwards to a SqliteConnection but answers as another backend would: its own bound-value
// limit, and (like D1) no interactive transactions, so only batch() is atomic. Records every
// statement's size.
class LimitedConnection final : public roost::test::ForwardingConnection {
 public:
  LimitedConnection(roost::SqliteConnection& inner, std::size_t maxParams, bool transactions)
      : ForwardingConnection(inner), grammar_(roost::BackendLimits{.maxBoundParams = maxParams}),
        transactions_(transactions) {}

  roost::Result execute(std::string_view sql, std::span<const roost::Value> b = {}) override {
    record(sql, b);
    return inner_.execute(sql, b);
  }
  using Connection::execute;
  std::vector<roost::Result> batch(std::span<const roost::Statement> statements) override {
    ++batches;
    for (const auto& s : statements) record(s.sql, s.bindings);
    return inner_.batch(statements);
  }
  bool supportsTransactions() const noexcept override { return transactions_; }
  const roost::Grammar& grammar() const noexcept override { return grammar_; }
  std::string_view backendName() const noexcept override { return "limited"; }

  std::size_t inserts = 0, batches = 0, maxParamsSeen = 0, maxSqlBytes = 0;
  std::int64_t insertedRows = 0;

 private:
  void record(std::string_view sql, std::span<const roost::Value> b) {
    if (sql.substr(0, 11) != "INSERT INTO") return;
    ++inserts;
    maxParamsSeen = std::max(maxParamsSeen, b.size());
    std::size_t bytes = sql.size();
    for (const auto& v : b) bytes += v.isText() ? v.textIf()->size() + 2 : 20;
    maxSqlBytes = std::max(maxSqlBytes, bytes);
    insertedRows += static_cast<std::int64_t>(std::count(sql.begin(), sql.end(), '(')) - 1;  // tuples
  }
  roost::Grammar grammar_;
  bool transactions_;
};

roost::seed::SeedReport seedOn(roost::Connection& conn, const fs::path& project) {
  auto catalog = roost::project::ModelCatalog::build(roost::readSchema(conn));
  const auto files = roost::seed::loadSeedFiles(project);
  roost::seed::SeedRunner runner(conn, catalog, files);
  runner.plan("DatabaseSeeder");
  roost::seed::SeedOptions o;
  o.seed = 3;
  return runner.run(o);
}

}  // namespace

TEST_CASE("db:seed on SQLite: 4000 rows x 9 values need several statements, each within 32766 values and 100 KB") {
  TempDir dir;
  writeReadingsProject(dir.path(), 4000);
  {
    roost::SqliteConnection db((dir.path() / "app.sqlite").string());
    db.executeScript(kReadingsTable);
  }
  // The real binary, with -vv: every statement is logged.
  auto r = runRoost(dir.path(), {"db:seed", "--db", "app.sqlite", "--json", "-vv", "--seed", "1"});
  CAPTURE(r.err.substr(0, 2000));
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["rows"] == 4000);
  const std::size_t statements = j["statements"].get<std::size_t>();
  CHECK(statements >= (4000 * 9 + 32765) / 32766);  // more values than one statement may bind
  CHECK(j["maxParamsPerStatement"].get<std::size_t>() <= 32766);
  CHECK(j["maxBytesPerStatement"].get<std::size_t>() <= 100000);
  std::size_t logged = 0;
  for (std::size_t at = r.err.find("sql: INSERT INTO \"readings\""); at != std::string::npos;
       at = r.err.find("sql: INSERT INTO \"readings\"", at + 1)) {
    ++logged;
    const std::size_t end = r.err.find('\n', at);
    const std::string line = r.err.substr(at, end - at);
    CHECK(static_cast<std::size_t>(std::count(line.begin(), line.end(), '?')) <= 32766);
    CHECK(line.size() <= 100000);
  }
  CHECK(logged == statements);
  roost::SqliteConnection db((dir.path() / "app.sqlite").string());
  CHECK(scalar(db, "SELECT count(*) FROM readings") == 4000);
  CHECK(scalar(db, "SELECT count(*) FROM readings WHERE h = 3") == 1333);
  CHECK(scalar(db, "SELECT max(id) FROM readings") == 4000);
}

TEST_CASE("db:seed on a D1-like connection: at most 100 values per statement, sent in atomic batches") {
  TempDir dir;
  writeReadingsProject(dir.path(), 1000);
  roost::SqliteConnection sqlite((dir.path() / "app.sqlite").string());
  sqlite.executeScript(kReadingsTable);
  LimitedConnection d1like(sqlite, 100, false);
  const auto report = seedOn(d1like, dir.path());
  CHECK(report.rows == 1000);
  CHECK_FALSE(report.transactional);
  CHECK(d1like.maxParamsSeen <= 100);
  CHECK(d1like.maxParamsSeen == 99);  // 11 rows of 9 values
  CHECK(d1like.inserts == (1000 + 10) / 11);
  CHECK(d1like.insertedRows == 1000);
  CHECK(d1like.batches == report.writes.batches);
  CHECK(d1like.batches == (d1like.inserts + roost::seed::BulkWriter::kBatchStatements - 1) /
                              roost::seed::BulkWriter::kBatchStatements);
  CHECK(scalar(sqlite, "SELECT count(*) FROM readings") == 1000);
}

TEST_CASE("db:seed keeps each statement under ~100 KB of SQL and values") {
  TempDir dir;
  writeFile(dir.path() / "database/factories/notes.jsonc",
            R"({"Note": {"definition": {"body": {"fake": "text", "args": [1500]}}}})");
  writeFile(dir.path() / "database/seeders/DatabaseSeeder.jsonc",
            R"({"DatabaseSeeder": {"run": [{"factory": "Note", "count": 500}]}})");
  roost::SqliteConnection sqlite((dir.path() / "app.sqlite").string());
  sqlite.executeScript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  LimitedConnection conn(sqlite, 32766, true);
  const auto report = seedOn(conn, dir.path());
  CHECK(report.rows == 500);
  CHECK(report.transactional);
  CHECK(conn.maxSqlBytes <= 100000);
  CHECK(conn.inserts >= 500 * 1400 / 100000);  // the byte limit, not the value limit, splits them
  CHECK(scalar(sqlite, "SELECT count(*) FROM notes") == 500);
}
