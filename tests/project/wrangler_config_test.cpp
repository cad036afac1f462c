#include <doctest/doctest.h>

#include <string>

#include "support/config_errors.hpp"
#include "support/temp_files.hpp"
#include "roost/project/wrangler_config.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::project::findWranglerConfig;
using roost::project::loadWranglerConfig;
using roost::test::TempDir;

namespace {

const char* const kEnvJsonc = R"({
  "account_id": "top-account",
  "d1_databases": [
    {"binding": "DB", "database_name": "app", "database_id": "top-id"},
  ],
  "env": {
    "staging": {
      "d1_databases": [
        {"binding": "DB", "database_name": "app-staging", "database_id": "staging-id"},
        {"binding": "AUDIT", "database_id": "audit-id"},
      ],
    },
    "production": {"account_id": "prod-account"},
  },
})";

const char* const kEnvToml = R"(account_id = "top-account"

[[d1_databases]]
binding = "DB"
database_id = "top-id"

[env.staging]
[[env.staging.d1_databases]]
binding = "DB"
database_id = "staging-id"

[env.production]
account_id = "prod-account"
)";

// Runs loadWranglerConfig expecting a ConfigError, and returns it.
ConfigError loadError(const std::filesystem::path& file, std::string_view env = {}) {
  INFO("loading: " << file);
  return roost::test::configErrorOf([&] { (void)loadWranglerConfig(file, env); });
}

}  // namespace

TEST_CASE("findWranglerConfig walks up from a nested folder") {
  TempDir tmp;
  const auto config = tmp.write("app/wrangler.jsonc", "{}");
  const auto nested = tmp.mkdir("app/src/deep/er");
  CHECK(findWranglerConfig(nested) == config);
  CHECK(findWranglerConfig(tmp.path() / "app") == config);
}

TEST_CASE("findWranglerConfig finds nothing when no folder up has a config") {
  TempDir tmp;
  CHECK_FALSE(findWranglerConfig(tmp.mkdir("empty/inside")).has_value());
}

TEST_CASE("in one folder wrangler.json is preferred, then wrangler.jsonc, then wrangler.toml") {
  TempDir tmp;
  const auto toml = tmp.write("wrangler.toml", "");
  CHECK(findWranglerConfig(tmp.path()) == toml);
  const auto jsonc = tmp.write("wrangler.jsonc", "{}");
  CHECK(findWranglerConfig(tmp.path()) == jsonc);
  const auto json = tmp.write("wrangler.json", "{}");
  CHECK(findWranglerConfig(tmp.path()) == json);
}

TEST_CASE("as in wrangler, a wrangler.json in a parent folder wins over a nearer wrangler.toml") {
  TempDir tmp;
  const auto json = tmp.write("wrangler.json", "{}");
  tmp.write("app/wrangler.toml", "");
  CHECK(findWranglerConfig(tmp.path() / "app") == json);
}

TEST_CASE("d1_databases are read from wrangler.jsonc with their defaults") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", R"({
    // comments are fine
    "d1_databases": [
      {"binding": "DB", "database_name": "app", "database_id": "id-1", "preview_database_id": "preview-1",
       "migrations_dir": "db/migrations", "migrations_table": "schema_migrations"},
      {"binding": "LOGS"},
    ],
  })");
  const auto config = loadWranglerConfig(file);
  CHECK(config.file == file);
  CHECK(config.dir() == tmp.path());
  REQUIRE(config.d1Databases.size() == 2);
  const auto& db = config.d1Databases[0];
  CHECK(db.binding == "DB");
  CHECK(db.databaseName == "app");
  CHECK(db.databaseId == "id-1");
  CHECK(db.previewDatabaseId == "preview-1");
  CHECK(db.migrationsDir == "db/migrations");
  CHECK(db.migrationsTable == "schema_migrations");
  CHECK(config.d1Databases[1].databaseId.empty());
  CHECK(config.d1Databases[1].migrationsTable == "d1_migrations");
  CHECK(config.bindingNames() == std::vector<std::string>{"DB", "LOGS"});
  REQUIRE(config.findBinding("LOGS") != nullptr);
  CHECK(config.findBinding("LOGS")->binding == "LOGS");
  CHECK(config.findBinding("NOPE") == nullptr);
}

TEST_CASE("d1_databases are read from wrangler.toml") {
  TempDir tmp;
  const auto config = loadWranglerConfig(tmp.write("wrangler.toml", kEnvToml));
  CHECK(config.accountId == "top-account");
  REQUIRE(config.d1Databases.size() == 1);
  CHECK(config.d1Databases[0].databaseId == "top-id");
}

TEST_CASE("an env's d1_databases are not inherited from the top level") {
  TempDir tmp;
  for (const auto& file : {tmp.write("wrangler.jsonc", kEnvJsonc), tmp.write("wrangler.toml", kEnvToml)}) {
    CAPTURE(file);
    const auto staging = loadWranglerConfig(file, "staging");
    CHECK(staging.env == "staging");
    REQUIRE(staging.d1Databases.size() >= 1);
    CHECK(staging.d1Databases[0].databaseId == "staging-id");
    CHECK(loadWranglerConfig(file, "production").d1Databases.empty());
  }
}

TEST_CASE("an env inherits account_id from the top level unless it sets its own") {
  TempDir tmp;
  for (const auto& file : {tmp.write("wrangler.jsonc", kEnvJsonc), tmp.write("wrangler.toml", kEnvToml)}) {
    CAPTURE(file);
    CHECK(loadWranglerConfig(file, "staging").accountId == "top-account");
    CHECK(loadWranglerConfig(file, "production").accountId == "prod-account");
  }
}

TEST_CASE("an unknown env is an error listing the environments that exist") {
  TempDir tmp;
  const ConfigError e = loadError(tmp.write("wrangler.jsonc", kEnvJsonc), "qa");
  const std::string message = e.what();
  CHECK(message.find("\"qa\"") != std::string::npos);
  CHECK(message.find("production, staging") != std::string::npos);

  const ConfigError none = loadError(tmp.write("plain/wrangler.jsonc", "{}"), "qa");
  CHECK(std::string(none.what()).find("declares no environments") != std::string::npos);
}

TEST_CASE("a d1_databases that is not an array is reported at its line and column") {
  TempDir tmp;
  const ConfigError toml = loadError(tmp.write("wrangler.toml", "name = \"app\"\nd1_databases = \"DB\"\n"));
  CHECK(toml.line() == 2);
  CHECK(toml.column() == 16);
  CHECK(std::string(toml.what()).find("d1_databases: expected an array, found a string") != std::string::npos);

  const ConfigError jsonc = loadError(tmp.write("wrangler.jsonc", "{\n  // x\n  \"d1_databases\": {}\n}"));
  CHECK(jsonc.line() == 3);
  CHECK(jsonc.column() == 19);
  CHECK(std::string(jsonc.what()).find("found an object") != std::string::npos);
}

// Inputs the fuzzer found that reach toml++ 3.3.0's own defects (an assertion it does not
// check before, and an unreachable branch for some non-ASCII characters): the library roost
// links reports them as parse errors, which must arrive as ConfigErrors at their line.
TEST_CASE("TOML the fuzzer found inside toml++'s defects is a ConfigError at its line") {
  TempDir tmp;
  const ConfigError header = loadError(tmp.write("wrangler.toml", "name = \"app\"\n[!]\n"));
  CHECK(header.line() == 2);
  CHECK(std::string(header.what()).find("expected bare key starting character") != std::string::npos);
  const ConfigError character = loadError(tmp.write("wrangler.toml", "name = \"app\"\n\xEF\xB2\xBF\n"));
  CHECK(character.line() == 2);
  CHECK(character.column() == 1);
  const ConfigError time = loadError(tmp.write("wrangler.toml", "name = \"app\"\nwhen = 1979-05-27T:\n"));
  CHECK(time.line() == 2);
  CHECK(std::string(time.what()).find("expected 2-digit hour") != std::string::npos);
}

TEST_CASE("a d1_databases entry without a binding names its key path") {
  TempDir tmp;
  const ConfigError e = loadError(tmp.write("wrangler.toml", R"(
[env.staging]
[[env.staging.d1_databases]]
binding = "DB"

[[env.staging.d1_databases]]
database_id = "x"
)"),
                                  "staging");
  CHECK(e.file() == (tmp.path() / "wrangler.toml").string());
  CHECK(std::string(e.what()).find("env.staging.d1_databases[1]: \"binding\" is required") != std::string::npos);
  CHECK(e.line() == 6);
}

TEST_CASE("a binding of the wrong type is reported with its key path and position") {
  TempDir tmp;
  const ConfigError e = loadError(tmp.write("wrangler.json", "{\"d1_databases\": [\n  {\"binding\": 7}\n]}"));
  CHECK(std::string(e.what()).find("d1_databases[0].binding: expected a string, found a number") != std::string::npos);
  CHECK(e.line() == 2);
  CHECK(e.column() == 15);
}

TEST_CASE("a binding declared twice is an error") {
  TempDir tmp;
  CHECK_THROWS_WITH_AS(
      (void)loadWranglerConfig(tmp.write("wrangler.jsonc", R"({"d1_databases": [{"binding": "DB"}, {"binding": "DB"}]})")),
      doctest::Contains("declared twice"), ConfigError);
}

TEST_CASE("a broken wrangler.toml reports file, line and column") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.toml", "name = \"app\"\n\n[[d1_databases]]\nbinding = \"DB\nx = 1\n");
  const ConfigError e = loadError(file);
  CHECK(e.file() == file.string());
  CHECK(e.line() == 4);
  CHECK(e.column() == 14);  // where the line ends inside the string
}

TEST_CASE("a broken wrangler.jsonc reports file, line and column") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", "{\n  \"d1_databases\": [\n    {\"binding\": \"DB\"} {}\n  ]\n}\n");
  const ConfigError e = loadError(file);
  CHECK(e.file() == file.string());
  CHECK(e.line() == 3);
  CHECK(e.column() == 23);
}

TEST_CASE("migrations_pattern is read as written; like wrangler, loading the config does not judge it") {
  roost::test::TempDir dir;
  auto file = dir.write("wrangler.jsonc", R"({
  "d1_databases": [
    {"binding": "DB", "migrations_dir": "migrations", "migrations_pattern": "migrations/*/migration.sql"},
    {"binding": "OLD", "migrations_pattern": "*.sql"},
    {"binding": "NONE"}
  ]
})");
  const auto config = roost::project::loadWranglerConfig(file);
  CHECK(config.findBinding("DB")->migrationsPattern == std::optional<std::string>("migrations/*/migration.sql"));
  CHECK(config.findBinding("OLD")->migrationsPattern == std::optional<std::string>("*.sql"));
  CHECK_FALSE(config.findBinding("NONE")->migrationsPattern.has_value());
}
