#include <doctest/doctest.h>

#include <string>

#include "support/config_errors.hpp"
#include "support/temp_files.hpp"
#include "roost/project/settings.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::project::loadRoostSettings;
using roost::test::TempDir;

TEST_CASE("without config/database.jsonc every setting has its default") {
  TempDir tmp;
  const auto settings = loadRoostSettings(tmp.path());
  CHECK(settings.file.empty());
  CHECK(settings.d1Binding == "DB");
  CHECK(settings.tenantStrategy == "row");
  CHECK(settings.tenantModel == "Organization");
  CHECK(settings.tenantSlugColumn == "slug");
  CHECK(settings.tenantBindingPattern == "DB_TENANT_{SLUG}");
  CHECK(settings.tenantMigrationsDir.empty());
  CHECK(settings.migrationsDir.empty());
  CHECK_FALSE(settings.useSession);
}

TEST_CASE("config/database.jsonc sets every documented key") {
  TempDir tmp;
  const auto file = tmp.write("config/database.jsonc", R"({
    // roost's settings
    "d1Binding": "MAIN",
    "tenantStrategy": "database",
    "tenantModel": "Team",
    "tenantSlugColumn": "handle",
    "tenantBindingPattern": "TENANT_{SLUG}_DB",
    "tenantMigrationsDir": "db/tenant",
    "migrationsDir": "db/migrations",
    "useSession": true, /* trailing comma next */
  })");
  const auto settings = loadRoostSettings(tmp.path());
  CHECK(settings.file == file);
  CHECK(settings.d1Binding == "MAIN");
  CHECK(settings.tenantStrategy == "database");
  CHECK(settings.tenantModel == "Team");
  CHECK(settings.tenantSlugColumn == "handle");
  CHECK(settings.tenantBindingPattern == "TENANT_{SLUG}_DB");
  CHECK(settings.tenantMigrationsDir == "db/tenant");
  CHECK(settings.migrationsDir == "db/migrations");
  CHECK(settings.useSession);
}

TEST_CASE("an unknown settings key is an error naming it and listing the known keys") {
  TempDir tmp;
  tmp.write("config/database.jsonc", "{\n  \"d1binding\": \"DB\"\n}");
  const ConfigError e = roost::test::configErrorOf([&] { (void)loadRoostSettings(tmp.path()); });
  const std::string message = e.what();
  CHECK(message.find("d1binding: unknown key") != std::string::npos);
  CHECK(message.find("d1Binding, tenantStrategy, tenantModel, tenantSlugColumn, tenantBindingPattern, "
                     "tenantMigrationsDir, migrationsDir, useSession") != std::string::npos);
  CHECK(e.line() == 2);
}

TEST_CASE("a tenantStrategy other than row or database is an error") {
  TempDir tmp;
  tmp.write("config/database.jsonc", R"({"tenantStrategy": "schema"})");
  CHECK_THROWS_WITH_AS((void)loadRoostSettings(tmp.path()), doctest::Contains("expected \"row\" or \"database\""),
                       ConfigError);
}

TEST_CASE("a setting of the wrong type is an error") {
  TempDir tmp;
  tmp.write("config/database.jsonc", R"({"useSession": "yes"})");
  CHECK_THROWS_WITH_AS((void)loadRoostSettings(tmp.path()),
                       doctest::Contains("useSession: expected a boolean, found a string"), ConfigError);
  tmp.write("config/database.jsonc", R"({"d1Binding": ["DB"]})");
  CHECK_THROWS_WITH_AS((void)loadRoostSettings(tmp.path()), doctest::Contains("d1Binding: expected a string"),
                       ConfigError);
  tmp.write("config/database.jsonc", R"(["DB"])");
  CHECK_THROWS_AS((void)loadRoostSettings(tmp.path()), ConfigError);
}

TEST_CASE("a tenantBindingPattern without {SLUG} is an error") {
  TempDir tmp;
  tmp.write("config/database.jsonc", R"({"tenantBindingPattern": "DB_TENANT"})");
  CHECK_THROWS_WITH_AS((void)loadRoostSettings(tmp.path()), doctest::Contains("{SLUG}"), ConfigError);
}
