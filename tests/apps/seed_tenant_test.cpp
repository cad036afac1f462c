// db:seed with tenants: --tenant on a row-level tenant model fills (and guards) the tenant
// column; --all-tenants seeds every tenant database.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "apps/seed_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

fs::path copyMultitenant(const TempDir& dir) {
  const fs::path to = dir.path() / "multitenant";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "multitenant", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  return to;
}

}  // namespace

TEST_CASE("db:seed --tenant on row-level tenancy fills the tenant column of tenant models") {
  TempDir dir;
  const fs::path app = copyMultitenant(dir);
  writeFile(app / "config/database.jsonc", R"({"d1Binding": "DB", "tenantStrategy": "row"})");
  writeFile(app / "database/factories/app.jsonc", R"({
    "Organization": {"definition": {"slug": {"fake": "slug", "args": [2], "unique": true}, "name": {"fake": "name"}}},
    "Post": {"definition": {"title": {"fake": "sentence", "args": [4]}, "status": "draft"}},
  })");
  writeFile(app / "database/seeders/seeders.jsonc", R"({
    "Orgs": {"run": [{"factory": "Organization", "count": 2, "attributes": {"slug": {"sequence": ["acme", "globex"]}}}]},
    "DatabaseSeeder": {"run": [{"factory": "Post", "count": 5}]},
    "OwnOrgs": {"run": [{"factory": "Post", "count": 3, "attributes": {"org_id": {"factory": "Organization"}}}]},
    "Wrong": {"run": [{"factory": "Post", "attributes": {"org_id": 2}}]},
    "SameAsText": {"run": [{"factory": "Post", "count": 2, "attributes": {"org_id": "1"}}]},
  })");
  REQUIRE(runRoost(app, {"migrate", "-q"}).status == 0);
  REQUIRE(runRoost(app, {"db:seed", "--class", "Orgs"}).status == 0);
  roost::SqliteConnection db(localDb(app).string());
  const std::int64_t globex = scalar(db, "SELECT id FROM organizations WHERE slug = 'globex'");

  auto noTenant = runRoost(app, {"db:seed"});
  CHECK(noTenant.status == 1);
  CHECK(noTenant.err.find("Post is a tenant model (tenant column org_id): run db:seed with --tenant SLUG, or set "
                          "org_id in factory Post") != std::string::npos);

  auto seeded = runRoost(app, {"db:seed", "--tenant", "globex"});
  CAPTURE(seeded.err);
  REQUIRE(seeded.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 5);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE org_id = " + std::to_string(globex)) == 5);

  auto unknown = runRoost(app, {"db:seed", "--tenant", "initech"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err.find("known tenants: acme, globex") != std::string::npos);

  // Another tenant's id under --tenant is refused, and nothing is written.
  auto wrong = runRoost(app, {"db:seed", "--class", "Wrong", "--tenant", "acme"});
  CHECK(wrong.status == 1);
  CHECK(wrong.err.find("refusing to seed a Post for tenant 2 while tenant 1 is current") != std::string::npos);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 5);
  // The current tenant's id, even as text, is taken, as create() and insertMany take it (one write rule).
  auto same = runRoost(app, {"db:seed", "--class", "SameAsText", "--tenant", "acme"});
  CAPTURE(same.err);
  REQUIRE(same.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE org_id = 1") == 2);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE created_at IS NOT NULL AND created_at = updated_at") == 7);

  // Without --tenant, a factory may give the tenant column itself (here: a new organization each).
  auto own = runRoost(app, {"db:seed", "--class", "OwnOrgs"});
  CAPTURE(own.err);
  REQUIRE(own.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM organizations") == 5);
  CHECK(scalar(db, "SELECT count(DISTINCT org_id) FROM posts WHERE org_id > 2") == 3);
}

TEST_CASE("db:seed --all-tenants seeds every tenant database") {
  TempDir dir;
  const fs::path app = copyMultitenant(dir);
  writeFile(app / "database/factories/projects.jsonc",
            R"({"Project": {"definition": {"name": {"fake": "words", "args": [2]}}}})");
  writeFile(app / "database/seeders/DatabaseSeeder.jsonc",
            R"({"DatabaseSeeder": {"run": [{"factory": "Project", "count": 4}]}})");
  REQUIRE(runRoost(app, {"migrate", "--all-tenants", "-q"}).status == 0);
  auto r = runRoost(app, {"db:seed", "--all-tenants", "--concurrency", "2", "--seed", "9"});
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("db:seed: 3 of 3 tenants succeeded") != std::string::npos);
  CHECK(r.err.find("[globex] ") != std::string::npos);
  int databases = 0;
  for (auto& e : fs::recursive_directory_iterator(app / ".wrangler")) {
    if (e.path().extension() != ".sqlite") continue;
    roost::SqliteConnection db(e.path().string());
    if (db.execute("SELECT 1 FROM sqlite_master WHERE name = 'projects'").rows.empty()) continue;
    ++databases;
    CHECK(scalar(db, "SELECT count(*) FROM projects WHERE created_at IS NOT NULL") == 4);
  }
  CHECK(databases == 3);
}
