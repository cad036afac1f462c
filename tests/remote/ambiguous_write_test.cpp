// Every command that writes on --remote, against the real local D1 with the server's
// "drop-after-processing" fault armed: D1 runs the write, then the connection dies without an
// answer, on a kept-alive connection that earlier requests used (the case in which libcurl
// would quietly send the request again). Each test checks that the write reached D1 exactly
// once (the server's count and the rows), that roost exits 1, and that it tells the truth.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "remote/remote_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test::remote;
using roost::test::Env;
using roost::test::RunResult;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;

namespace {

long countOf(const fs::path& app, const std::string& table) {
  auto r = runRoost(app, {"query", "--remote", "--json", ".sql SELECT count(*) AS n FROM " + table}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  auto rows = nlohmann::json::parse(r.out);
  return rows.at(0).at("n").get<long>();
}

std::string statusOf(const fs::path& app, std::size_t index) {
  auto r = runRoost(app, {"migrate:status", "--remote", "--json"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return nlohmann::json::parse(r.out).at(index).at("status").get<std::string>();
}

struct Blog {
  TempDir dir;
  std::string id = freshId();
  fs::path app = blogProject(dir, id);
};

void migrated(const Blog& b) {
  auto r = runRoost(b.app, {"migrate", "--remote"}, remoteEnv());
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

void failedOnce(const RunResult& r, const std::string& id) {
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.status == 1);
  checkNoToken(r);
  CHECK(faultMatches(id) == 1);  // the write went to D1 once, never again
}

}  // namespace

TEST_CASE("migrate --remote: the connection dies after D1 applied a migration: applied once, and said so") {
  Blog b;
  dropAfterProcessing(b.id, "CREATE TABLE profiles");
  auto r = runRoost(b.app, {"migrate", "--remote"}, remoteEnv());
  failedOnce(r, b.id);
  CHECK(r.err.find("0002_create_profiles_table.sql") != std::string::npos);
  CHECK(r.err.find("another") == std::string::npos);
  CHECK(r.err.find("was applied") != std::string::npos);
  CHECK(statusOf(b.app, 0) == "applied");
  CHECK(statusOf(b.app, 1) == "applied");
  CHECK(statusOf(b.app, 2) == "pending");
  auto again = runRoost(b.app, {"migrate", "--remote"}, remoteEnv());
  CHECK_MESSAGE(again.status == 0, again.err);
  CHECK(again.err.find("Applied 1 migration") != std::string::npos);
}

TEST_CASE("rollback --remote: the connection dies after D1 ran the down file: rolled back once, and said so") {
  Blog b;
  migrated(b);
  dropAfterProcessing(b.id, "DROP TABLE IF EXISTS posts");
  auto r = runRoost(b.app, {"rollback", "--remote", "--step", "1", "--force"}, remoteEnv());
  failedOnce(r, b.id);
  CHECK(r.err.find("0003_create_posts_table.sql") != std::string::npos);
  CHECK(r.err.find("was rolled back") != std::string::npos);
  CHECK(statusOf(b.app, 2) == "pending");
  CHECK(statusOf(b.app, 1) == "applied");
}

TEST_CASE("db:seed --remote, SQL step: the connection dies after D1 ran it: one row, exit 1, how to resume") {
  Blog b;
  migrated(b);
  writeFile(b.app / "database" / "seeders" / "OneUser.sql",
            "INSERT INTO users (name, email) VALUES ('Ann', 'ann-' || hex(randomblob(6)) || '@example.com');\n");
  dropAfterProcessing(b.id, "'Ann'");
  auto r = runRoost(b.app, {"db:seed", "--remote", "--class", "OneUser", "--seed", "1"}, remoteEnv());
  failedOnce(r, b.id);
  CHECK(countOf(b.app, "users") == 1);
  CHECK(r.err.find("may have been applied") != std::string::npos);
  CHECK(r.err.find("D1 confirmed 0 batches (0 rows) before it") != std::string::npos);
  CHECK(r.err.find("--resume") != std::string::npos);
}

TEST_CASE("db:seed --remote, factory step: the connection dies after D1 inserted a batch: no duplicates, and it says the batch landed") {
  Blog b;
  migrated(b);
  writeFile(b.app / "database" / "seeders" / "FiveUsers.jsonc", R"({"FiveUsers": {"run": [{"factory": "User", "count": 5}]}})");
  dropAfterProcessing(b.id, "INSERT INTO \\\"users\\\"");
  auto r = runRoost(b.app, {"db:seed", "--remote", "--class", "FiveUsers", "--seed", "7"}, remoteEnv());
  failedOnce(r, b.id);
  CHECK(countOf(b.app, "users") == 5);
  CHECK(r.err.find("was applied") != std::string::npos);
  CHECK(r.err.find("--resume") != std::string::npos);
}

TEST_CASE("query --remote writes: the connection dies after D1 ran the write: sent once, exit 1, may have been applied") {
  Blog b;
  migrated(b);
  const Env env = remoteEnv();
  SUBCASE("create") {
    dropAfterProcessing(b.id, "INSERT INTO");
    auto r = runRoost(b.app, {"query", "--remote", "User.create({name: 'Ada', email: 'ada@example.com'})"}, env);
    failedOnce(r, b.id);
    CHECK(r.err.find("UNIQUE") == std::string::npos);
    CHECK(r.err.find("may have been applied") != std::string::npos);
    CHECK(countOf(b.app, "users") == 1);
  }
  SUBCASE("save (a record's update)") {
    REQUIRE(runRoost(b.app, {"query", "--remote", "User.create({name: 'Ada', email: 'ada@example.com'})"}, env).status == 0);
    dropAfterProcessing(b.id, "UPDATE");
    auto r = runRoost(b.app, {"query", "--remote", "User.find(1).update({name: 'Bea'})"}, env);
    failedOnce(r, b.id);
    CHECK(r.err.find("may have been applied") != std::string::npos);
    CHECK(countOf(b.app, "users WHERE name = 'Bea'") == 1);
  }
  SUBCASE("delete") {
    REQUIRE(runRoost(b.app, {"query", "--remote", "User.create({name: 'Ada', email: 'ada@example.com'})"}, env).status == 0);
    REQUIRE(runRoost(b.app, {"query", "--remote", "User.create({name: 'Bo', email: 'bo@example.com'})"}, env).status == 0);
    dropAfterProcessing(b.id, "DELETE");
    auto r = runRoost(b.app, {"query", "--remote", "User.where('name', 'Ada').delete()"}, env);
    failedOnce(r, b.id);
    CHECK(r.err.find("may have been applied") != std::string::npos);
    CHECK(countOf(b.app, "users") == 1);
  }
}

TEST_CASE("db:seed --remote --resume goes on after an unanswered write without duplicates, same keys") {
  Blog b;
  migrated(b);
  writeFile(b.app / "database" / "seeders" / "Mixed.jsonc", R"J({"Mixed": {"run": [
    {"factory": "User", "count": 5},
    {"sql": "INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com')"},
    {"factory": "User", "count": 3}]}})J");
  dropAfterProcessing(b.id, "'Ann'");
  auto r = runRoost(b.app, {"db:seed", "--remote", "--class", "Mixed", "--seed", "3"}, remoteEnv());
  failedOnce(r, b.id);
  CHECK(r.err.find("D1 confirmed 1 batch (5 rows) before it") != std::string::npos);
  CHECK(r.err.find("SQL step") != std::string::npos);
  CHECK(countOf(b.app, "users") == 6);
  const fs::path file = b.app / ".roost" / ("seed-resume-" + b.id + ".json");
  REQUIRE(fs::exists(file));
  auto resume = nlohmann::json::parse(roost::test::readFile(file));
  CHECK(resume["skip"] == 1);
  CHECK(resume["ambiguous"] == 2);
  CHECK(resume["landed"].is_null());
  resume["skip"] = 2;  // Ann is there: the SQL step landed
  writeFile(file, resume.dump());

  auto resumed = runRoost(b.app, {"db:seed", "--remote", "--resume", file.string()}, remoteEnv());
  CAPTURE(resumed.err);
  CHECK(resumed.status == 0);
  CHECK(countOf(b.app, "users") == 9);
  CHECK(countOf(b.app, "users WHERE name = 'Ann'") == 1);
  CHECK(countOf(b.app, "users WHERE id BETWEEN 1 AND 9") == 9);
  CHECK_FALSE(fs::exists(file));
}
