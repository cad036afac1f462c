// The CLI with --remote against Cloudflare's own local D1 behind D1's REST API (the d1server
// fixture): migrations, status, rollback, the console, --all-tenants with a failing tenant,
// request counts, the -v request log, and the API token never showing anywhere.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "remote/remote_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test::remote;
using roost::test::Env;
using roost::test::runRoost;
using roost::test::TempDir;
using roost::test::writeFile;

TEST_CASE("migrate, status, rollback and the console work on --remote, one request per migration") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  const Env env = remoteEnv();

  const long before = requestsFor(id);
  auto migrate = runRoost(app, {"migrate", "--remote", "-vv"}, env);
  CAPTURE(migrate.err);
  REQUIRE(migrate.status == 0);
  checkNoToken(migrate);
  CHECK(migrate.err.find("Applied 3 migrations") != std::string::npos);
  const long used = requestsFor(id) - before;
  MESSAGE("migrate --remote of 3 migrations: " << used << " HTTP requests");
  // One batch per migration, a few bookkeeping queries, the restore point's bookmark and one
  // read of the schema for the data-loss analysis.
  CHECK(used <= 3 + 7);

  auto status = runRoost(app, {"migrate:status", "--remote", "--json"}, env);
  REQUIRE(status.status == 0);
  auto list = nlohmann::json::parse(status.out);
  REQUIRE(list.size() == 3);
  for (auto& m : list) CHECK(m["status"] == "applied");

  auto insert = runRoost(app, {"query", "--remote", "User.create({name: 'Ada', email: 'ada@example.com'})"}, env);
  CAPTURE(insert.err);
  CHECK(insert.status == 0);
  auto count = runRoost(app, {"query", "--remote", "--json", "User.where('name', 'Ada').count()"}, env);
  CHECK(count.out.find("1") != std::string::npos);

  auto rollback = runRoost(app, {"rollback", "--remote", "--step", "1", "--force"}, env);
  REQUIRE(rollback.status == 0);
  auto after = nlohmann::json::parse(runRoost(app, {"migrate:status", "--remote", "--json"}, env).out);
  CHECK(after[2]["status"] == "pending");

  auto pretend = runRoost(app, {"migrate", "--remote", "--pretend", "-vv"}, env);
  REQUIRE(pretend.status == 0);
  CHECK(pretend.out.find("CREATE TABLE posts") != std::string::npos);
  checkNoToken(pretend);
}

TEST_CASE("a failing remote migration records nothing, names the statement, and leaks no token") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  writeFile(app / "database" / "migrations" / "0004_broken.sql",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n");
  auto r = runRoost(app, {"migrate", "--remote", "-v"}, remoteEnv());
  CHECK(r.status == 1);
  checkNoToken(r);
  CHECK(r.err.find("0004_broken.sql") != std::string::npos);
  CHECK(r.err.find("INSERT INTO nowhere") != std::string::npos);
  CHECK(r.err.find("no such table: nowhere") != std::string::npos);
  auto status = nlohmann::json::parse(runRoost(app, {"migrate:status", "--remote", "--json"}, remoteEnv()).out);
  CHECK(status[3]["status"] == "pending");
  auto tables = runRoost(app, {"query", "--remote", ".tables"}, remoteEnv());
  CHECK(tables.out.find("audit") == std::string::npos);  // the migration's first statement did not stay

  Env badToken = remoteEnv();
  badToken[1].second = std::string(kToken) + "-wrong";
  auto denied = runRoost(app, {"migrate:status", "--remote"}, {{"CLOUDFLARE_API_BASE_URL", baseUrl()},
                                                               {"CLOUDFLARE_ACCOUNT_ID", "acct"}});
  CHECK(denied.status == 1);
  CHECK(denied.err.find("CLOUDFLARE_API_TOKEN") != std::string::npos);
}

TEST_CASE("--all-tenants on --remote: one tenant's failing migration does not stop the others") {
  TempDir dir;
  const fs::path app = dir.path() / "mt";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "multitenant", app, fs::copy_options::recursive);
  fs::remove_all(app / ".wrangler");
  const std::string shared = freshId(), acme = freshId(), globex = freshId(), initech = freshId();
  writeFile(app / "wrangler.jsonc", R"({"name": "mt", "d1_databases": [
    {"binding": "DB", "database_id": ")" + shared + R"(", "migrations_dir": "database/migrations"},
    {"binding": "DB_TENANT_ACME", "database_id": ")" + acme + R"(", "migrations_dir": "database/migrations/tenant"},
    {"binding": "DB_TENANT_GLOBEX", "database_id": ")" + globex + R"(", "migrations_dir": "database/migrations/tenant"},
    {"binding": "DB_TENANT_INITECH", "database_id": ")" + initech + R"(", "migrations_dir": "database/migrations/tenant"}]})");
  const Env env = remoteEnv();
  REQUIRE(runRoost(app, {"query", "--remote", "--tenant", "globex", ".sql CREATE TABLE projects (id INTEGER)"}, env).status == 0);

  auto all = runRoost(app, {"migrate", "--remote", "--all-tenants"}, env);
  CAPTURE(all.err);
  CHECK(all.status == 1);
  checkNoToken(all);
  CHECK(all.err.find("2 of 3 tenants succeeded, 1 failed") != std::string::npos);
  // Each tenant's request log carries its prefix (the libraries' lines go through its Output).
  auto status = runRoost(app, {"migrate:status", "--remote", "--all-tenants", "-v"}, env);
  CHECK(status.err.find("[acme] d1: POST /accounts/acct/d1/database/" + acme + "/") != std::string::npos);
  CHECK(status.err.find("[globex] d1: POST /accounts/acct/d1/database/" + globex + "/") != std::string::npos);
  auto tenants = nlohmann::json::parse(runRoost(app, {"tenants", "--remote", "--json"}, env).out);
  REQUIRE(tenants.size() == 3);
  for (auto& t : tenants) CHECK(t["pending"] == (t["slug"] == "globex" ? 1 : 0));
}

// A verbose failing run: no line of stdout or stderr holds the API token, even where a logged
// statement held it (the stderr sink masks every log line), and the D1 request log is there.
TEST_CASE("a verbose failing remote run shows the request log and never the token") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  // The token in a migration: the -vv statement log and the error quote it, so only the
  // stderr sink's mask keeps it out.
  writeFile(app / "database" / "migrations" / "0004_leaky.sql",
            "INSERT INTO nowhere VALUES ('" + std::string(kToken) + "');\n");
  auto r = runRoost(app, {"migrate", "--remote", "-vv"}, remoteEnv());
  CAPTURE(r.err);
  CHECK(r.status == 1);
  checkNoToken(r);
  const std::string tokenPiece = std::string(kToken).substr(10, 8);  // no fragment survives either
  CHECK(r.out.find(tokenPiece) == std::string::npos);
  CHECK(r.err.find(tokenPiece) == std::string::npos);
  CHECK(r.err.find("sql: INSERT INTO nowhere VALUES ('[redacted]')") != std::string::npos);
  CHECK(r.err.find("no such table: nowhere") != std::string::npos);
  const std::string request = "d1: POST /accounts/acct/d1/database/" + id + "/";
  CHECK(r.err.find(request) != std::string::npos);
  CHECK(r.err.find(": HTTP 200, ") != std::string::npos);
  CHECK(r.err.find(" ms, 1 statement\n") != std::string::npos);
  CHECK(r.err.find(" statements\n") != std::string::npos);  // a migration's batch

  auto quiet = runRoost(app, {"migrate:status", "--remote"}, remoteEnv());  // no -v: no request log
  CHECK(quiet.status == 0);
  CHECK(quiet.err.find("d1: POST") == std::string::npos);
  checkNoToken(quiet);
}
