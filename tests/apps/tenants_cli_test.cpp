// --tenant, --all-tenants and `tenants` on the multitenant sample's local databases.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "apps/run_roost.hpp"
#include "roost/orm/sqlite_connection.hpp"

namespace fs = std::filesystem;
using roost::test::runRoost;
using roost::test::TempDir;

namespace {

fs::path copySample(const TempDir& dir) {
  const fs::path to = dir.path() / "multitenant";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "multitenant", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  return to;
}

}  // namespace

TEST_CASE("tenants lists every tenant binding with its pending migrations") {
  TempDir dir;
  const fs::path app = copySample(dir);
  auto listed = runRoost(app, {"tenants", "--json"});
  REQUIRE(listed.status == 0);
  auto json = nlohmann::json::parse(listed.out);
  REQUIRE(json.size() == 3);
  CHECK(json[0]["slug"] == "acme");
  CHECK(json[0]["binding"] == "DB_TENANT_ACME");
  CHECK(json[0]["pending"] == 1);
  CHECK_FALSE(fs::exists(app / ".wrangler"));  // listing creates no database
  auto table = runRoost(app, {"tenants"});
  CHECK(table.out.find("initech  DB_TENANT_INITECH") != std::string::npos);
}

TEST_CASE("--all-tenants migrates every tenant database; a failing tenant stops no other") {
  TempDir dir;
  const fs::path app = copySample(dir);
  // globex's database already has a conflicting table: its migration fails, the others must not.
  // roost creates globex's file (migrate then rollback), then the clash is planted in it.
  REQUIRE(runRoost(app, {"migrate", "--tenant", "globex"}).status == 0);
  REQUIRE(runRoost(app, {"rollback", "--tenant", "globex"}).status == 0);
  fs::path file;
  for (auto& e : fs::directory_iterator(app / ".wrangler" / "state" / "v3" / "d1" / "miniflare-D1DatabaseObject"))
    if (e.path().extension() == ".sqlite") file = e.path();
  REQUIRE_FALSE(file.empty());
  {
    roost::SqliteConnection db(file.string());
    db.executeScript("CREATE TABLE projects (id INTEGER PRIMARY KEY)");
  }

  auto all = runRoost(app, {"migrate", "--all-tenants", "--concurrency", "3"});
  CAPTURE(all.out);
  CAPTURE(all.err);
  CHECK(all.status == 1);
  CHECK(all.err.find("[globex]") != std::string::npos);
  CHECK(all.err.find("table projects already exists") != std::string::npos);
  CHECK(all.err.find("2 of 3 tenants succeeded, 1 failed") != std::string::npos);

  auto status = runRoost(app, {"tenants", "--json"});
  REQUIRE(status.status == 0);
  auto json = nlohmann::json::parse(status.out);
  for (auto& t : json) CHECK(t["pending"] == (t["slug"] == "globex" ? 1 : 0));

  // The failed tenant recorded nothing; fixing it and re-running finishes the job.
  {
    roost::SqliteConnection db(file.string());
    CHECK(db.execute("SELECT COUNT(*) FROM d1_migrations").rows[0][0] == 0);
    db.executeScript("DROP TABLE projects");
  }
  auto again = runRoost(app, {"migrate", "--all-tenants", "--json"});
  REQUIRE(again.status == 0);
  auto report = nlohmann::json::parse(again.out);
  CHECK(report["failed"] == 0);
  CHECK(report["tenants"].size() == 3);
}

TEST_CASE("tenant flags are checked: unknown slugs, conflicts, and the row strategy") {
  TempDir dir;
  const fs::path app = copySample(dir);
  auto unknown = runRoost(app, {"migrate", "--tenant", "umbrella"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("known tenants: acme, globex, initech") != std::string::npos);
  CHECK(runRoost(app, {"migrate", "--all-tenants", "--tenant", "acme"}).status == 2);
  CHECK(runRoost(app, {"migrate", "--all-tenants", "--db", "x.sqlite"}).status == 2);
  roost::test::writeFile(app / "config" / "database.jsonc", R"({"tenantStrategy": "row"})");
  auto row = runRoost(app, {"migrate", "--all-tenants"});
  CHECK(row.status == 1);
  CHECK(row.err.find("tenantStrategy \"database\"") != std::string::npos);
  auto rowTenant = runRoost(app, {"migrate", "--tenant", "acme"});
  CHECK(rowTenant.status == 2);
  CHECK(rowTenant.err.find("shares one database") != std::string::npos);
}

TEST_CASE("query --tenant under the row strategy scopes tenant models to that organization") {
  TempDir dir;
  const fs::path app = copySample(dir);
  roost::test::writeFile(app / "config" / "database.jsonc", R"({"tenantStrategy": "row"})");
  REQUIRE(runRoost(app, {"migrate"}).status == 0);
  auto seed = runRoost(app, {"query", ".sql INSERT INTO organizations (slug, name) VALUES ('acme', 'Acme'), ('globex', 'Globex')"});
  REQUIRE(seed.status == 0);
  REQUIRE(runRoost(app, {"query", ".sql INSERT INTO posts (org_id, title) VALUES (1, 'a1'), (1, 'a2'), (2, 'g1')"}).status == 0);

  auto acme = runRoost(app, {"query", "--tenant", "acme", "Post.count()"});
  CAPTURE(acme.err);
  REQUIRE(acme.status == 0);
  CHECK(acme.out.find("2") != std::string::npos);
  auto globex = runRoost(app, {"query", "--tenant", "globex", "--json", "Post.where('org_id', 1).orWhere('title', 'a1').all()"});
  REQUIRE(globex.status == 0);
  CHECK(nlohmann::json::parse(globex.out).empty());  // acme's rows stay invisible however the query is phrased

  auto unscoped = runRoost(app, {"query", "Post.count()"});
  CHECK(unscoped.status == 1);
  CHECK(unscoped.err.find("needs a tenant") != std::string::npos);  // fail closed
  auto unknown = runRoost(app, {"query", "--tenant", "umbrella", "Post.count()"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("known tenants: acme, globex") != std::string::npos);
}
