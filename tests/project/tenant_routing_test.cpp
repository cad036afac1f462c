#include <doctest/doctest.h>

#include "support/scoped_env.hpp"
#include "support/temp_files.hpp"
#include "roost/project/local_database.hpp"
#include "roost/project/target.hpp"
#include "roost/project/tenant_routing.hpp"
#include "roost/orm/error.hpp"

using namespace roost::project;
using roost::ConfigError;
using roost::test::ScopedEnv;
using roost::test::TempDir;

namespace {
const char* const kMultitenant = R"({
  "d1_databases": [
    {"binding": "DB", "database_id": "shared", "migrations_dir": "database/migrations"},
    {"binding": "DB_TENANT_ACME", "database_id": "acme-id"},
    {"binding": "DB_TENANT_GLOBEX_CORP", "database_id": "globex-id", "migrations_dir": "database/globex"},
    {"binding": "CACHE"}
  ]
})";
const char* const kDatabaseStrategy = R"({"tenantStrategy": "database", "tenantMigrationsDir": "database/tenant"})";

TargetOptions in(const TempDir& dir) {
  TargetOptions o;
  o.cwd = dir.path();
  return o;
}
}  // namespace

TEST_CASE("tenant binding names follow the pattern: slug upper-cased, '-' to '_'") {
  CHECK(tenantBindingName("DB_TENANT_{SLUG}", "acme") == "DB_TENANT_ACME");
  CHECK(tenantBindingName("DB_TENANT_{SLUG}", "globex-corp") == "DB_TENANT_GLOBEX_CORP");
  CHECK(tenantBindingName("T_{SLUG}_DB", "a") == "T_A_DB");
  CHECK_THROWS_AS(tenantBindingName("DB_TENANT", "a"), ConfigError);
}

TEST_CASE("tenant bindings are found in the config and named back to slugs") {
  TempDir dir;
  auto config = loadWranglerConfig(dir.write("wrangler.jsonc", kMultitenant));
  RoostSettings settings;
  auto tenants = tenantBindings(config, settings);
  REQUIRE(tenants.size() == 2);
  CHECK(tenants[0].slug == "acme");
  CHECK(tenants[1].slug == "globex-corp");
  CHECK(tenants[1].binding.databaseId == "globex-id");
}

TEST_CASE("the library resolver falls back to the shared binding with a warning unless strict") {
  TempDir dir;
  auto config = loadWranglerConfig(dir.write("wrangler.jsonc", kMultitenant));
  std::vector<std::string> warnings;
  TenantDatabaseResolver lenient(config, RoostSettings{}, false, [&](std::string_view w) { warnings.emplace_back(w); });
  CHECK(lenient.resolve("acme").databaseId == "acme-id");
  CHECK(warnings.empty());
  CHECK(lenient.resolve("initech").binding == "DB");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("falling back to the shared binding DB") != std::string::npos);
  TenantDatabaseResolver strict(config, RoostSettings{}, true);
  CHECK_THROWS_WITH_AS(strict.resolve("initech"), doctest::Contains("known tenants: acme, globex-corp"), ConfigError);
  CHECK(strict.knownTenants() == std::vector<std::string>{"acme", "globex-corp"});
}

TEST_CASE("--tenant with tenantStrategy database opens the tenant's own local file and migrations") {
  ScopedEnv env{"CLOUDFLARE_ENV", std::nullopt};
  TempDir dir;
  dir.write("wrangler.jsonc", kMultitenant);
  dir.write("config/database.jsonc", kDatabaseStrategy);
  auto options = in(dir);
  options.tenant = "acme";
  Target acme = resolveTarget(options);
  CHECK(acme.binding.binding == "DB_TENANT_ACME");
  CHECK(acme.tenantDatabase);
  CHECK(acme.sqlitePath.filename() == miniflareObjectHex("acme-id") + ".sqlite");
  CHECK(acme.migrationsDir == dir.path() / "database" / "tenant");  // tenantMigrationsDir
  CHECK(acme.describe().find("tenant acme") != std::string::npos);
  options.tenant = "globex-corp";
  CHECK(resolveTarget(options).migrationsDir == dir.path() / "database" / "globex");  // the binding's own dir
  options.tenant = "initech";
  CHECK_THROWS_WITH_AS(resolveTarget(options), doctest::Contains("unknown tenant 'initech'"), ConfigError);
  options.tenant = "acme";
  options.database = "DB";
  CHECK_THROWS_WITH_AS(resolveTarget(options), doctest::Contains("cannot be combined with --database"), ConfigError);
}

TEST_CASE("--tenant with tenantStrategy row keeps the shared database and records the slug") {
  ScopedEnv env{"CLOUDFLARE_ENV", std::nullopt};
  TempDir dir;
  dir.write("wrangler.jsonc", kMultitenant);
  auto options = in(dir);
  options.tenant = "acme";
  Target t = resolveTarget(options);
  CHECK(t.binding.binding == "DB");
  CHECK_FALSE(t.tenantDatabase);
  CHECK(t.tenantSlug == "acme");
  CHECK(t.migrationsDir == dir.path() / "database" / "migrations");
}
