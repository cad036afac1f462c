#include <doctest/doctest.h>

#include <string>

#include "support/scoped_env.hpp"
#include "support/temp_files.hpp"
#include "roost/project/local_database.hpp"
#include "roost/project/target.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::project::resolveTarget;
using roost::project::Target;
using roost::project::TargetOptions;
using roost::test::ScopedEnv;
using roost::test::TempDir;

namespace {

const char* const kWrangler = R"({
  "account_id": "acct-1",
  "d1_databases": [
    {"binding": "DB", "database_name": "app", "database_id": "db-id", "migrations_dir": "sql/migrations",
     "migrations_table": "schema_migrations"},
    {"binding": "CACHE"},
  ],
  "env": {"staging": {"d1_databases": [{"binding": "DB", "database_id": "staging-id"}]}},
})";

// Each test starts from a clean environment: the developer's own variables must not leak in.
struct CleanEnv {
  ScopedEnv env{"CLOUDFLARE_ENV", std::nullopt};
  ScopedEnv account{"CLOUDFLARE_ACCOUNT_ID", std::nullopt};
};

TargetOptions in(const std::filesystem::path& cwd) {
  TargetOptions options;
  options.cwd = cwd;
  return options;
}

doctest::Contains contains(const std::string& text) { return doctest::Contains(text.c_str()); }

std::string hexFile(const std::string& name) { return roost::project::miniflareObjectHex(name) + ".sqlite"; }

}  // namespace

TEST_CASE("--db opens a plain SQLite file with no wrangler config at all") {
  const CleanEnv clean;
  TempDir tmp;
  auto options = in(tmp.mkdir("work"));
  options.dbFile = "data/app.sqlite";
  const Target target = resolveTarget(options);
  CHECK(target.kind == Target::Kind::LocalFile);
  CHECK(target.fromDbFlag);
  CHECK(target.sqlitePath == tmp.path() / "work" / "data" / "app.sqlite");
  CHECK_FALSE(target.wrangler.has_value());
  CHECK(target.projectDir == tmp.path() / "work");
  CHECK(target.binding.binding == "DB");
  CHECK(target.migrationsDir == tmp.path() / "work" / "migrations");  // wrangler's default
  CHECK(target.migrationsTable == "d1_migrations");
}

TEST_CASE("--db with a config takes the binding's migrations settings, or a bare binding") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  auto options = in(tmp.path());
  options.dbFile = "/tmp/elsewhere.sqlite";
  const Target target = resolveTarget(options);
  CHECK(target.sqlitePath == "/tmp/elsewhere.sqlite");
  CHECK(target.migrationsDir == tmp.path() / "sql" / "migrations");
  CHECK(target.migrationsTable == "schema_migrations");

  options.database = "NOT_IN_CONFIG";
  const Target bare = resolveTarget(options);
  CHECK(bare.binding.binding == "NOT_IN_CONFIG");
  CHECK(bare.migrationsDir == tmp.path() / "migrations");
}

TEST_CASE("--db cannot be combined with --remote or --persist-to") {
  const CleanEnv clean;
  TempDir tmp;
  auto options = in(tmp.path());
  options.dbFile = "x.sqlite";
  options.remote = true;
  CHECK_THROWS_WITH_AS((void)resolveTarget(options), doctest::Contains("--remote"), ConfigError);
  options.remote = false;
  options.persistTo = "state";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options), doctest::Contains("--persist-to"), ConfigError);
}

TEST_CASE("without a wrangler config or --db the error says what to pass") {
  const CleanEnv clean;
  TempDir tmp;
  const auto cwd = tmp.mkdir("nothing/here");
  CHECK_THROWS_WITH_AS((void)resolveTarget(in(cwd)),
                       contains("no wrangler.json, wrangler.jsonc or wrangler.toml found in " + cwd.string() +
                                         " or any parent folder; pass --config FILE or --db FILE"),
                       ConfigError);
}

TEST_CASE("--config naming a missing file is an error") {
  const CleanEnv clean;
  TempDir tmp;
  auto options = in(tmp.path());
  options.configFile = "missing/wrangler.toml";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options), doctest::Contains("no such file"), ConfigError);
}

TEST_CASE("--local opens wrangler's own file beside the config found above the working directory") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  const Target target = resolveTarget(in(tmp.mkdir("src/deep")));
  CHECK(target.kind == Target::Kind::LocalFile);
  CHECK_FALSE(target.fromDbFlag);
  CHECK(target.projectDir == tmp.path());
  CHECK(target.sqlitePath ==
        tmp.path() / ".wrangler" / "state" / "v3" / "d1" / "miniflare-D1DatabaseObject" / hexFile("db-id"));
  CHECK(target.describe() == "local DB (.wrangler/state/v3/d1/miniflare-D1DatabaseObject/" + hexFile("db-id") + ")");
}

TEST_CASE("--persist-to is relative to the working directory") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  auto options = in(tmp.mkdir("sub"));
  options.persistTo = "../state";
  options.database = "CACHE";
  CHECK(resolveTarget(options).sqlitePath ==
        tmp.path() / "state" / "v3" / "d1" / "miniflare-D1DatabaseObject" / hexFile("CACHE"));
}

TEST_CASE("an unknown binding is an error listing the known ones") {
  const CleanEnv clean;
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", kWrangler);
  auto options = in(tmp.path());
  options.database = "USERS";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options),
                       contains("no D1 binding or database named USERS in " + file.string() +
                                "; known bindings: DB (database app), CACHE"),
                       ConfigError);
  options.env = "staging";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options), doctest::Contains("(env staging); known bindings: DB"), ConfigError);

  TempDir other;
  other.write("wrangler.toml", "name = \"app\"\n");
  CHECK_THROWS_WITH_AS((void)resolveTarget(in(other.path())),
                       doctest::Contains("the config declares no d1_databases"), ConfigError);
}

TEST_CASE("the binding defaults to d1Binding from config/database.jsonc") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  tmp.write("config/database.jsonc", R"({"d1Binding": "CACHE"})");
  const Target target = resolveTarget(in(tmp.path()));
  CHECK(target.binding.binding == "CACHE");
  CHECK(target.settings.d1Binding == "CACHE");
}

TEST_CASE("CLOUDFLARE_ENV selects the env when --env is not given") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  const ScopedEnv staging("CLOUDFLARE_ENV", "staging");
  const Target fromVariable = resolveTarget(in(tmp.path()));
  REQUIRE(fromVariable.wrangler.has_value());
  CHECK(fromVariable.wrangler->env == "staging");
  CHECK(fromVariable.binding.databaseId == "staging-id");

  auto options = in(tmp.path());
  options.env = "";  // an explicit --env wins, even the top level
  CHECK(resolveTarget(options).binding.databaseId == "db-id");
}

TEST_CASE("the migrations folder: migrationsDir, else the binding's migrations_dir, else wrangler's migrations") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  CHECK(resolveTarget(in(tmp.path())).migrationsDir == tmp.path() / "sql" / "migrations");

  auto cache = in(tmp.path());
  cache.database = "CACHE";
  CHECK(resolveTarget(cache).migrationsDir == tmp.path() / "migrations");

  tmp.write("config/database.jsonc", R"({"migrationsDir": "./db/../schema"})");
  CHECK(resolveTarget(in(tmp.path())).migrationsDir == tmp.path() / "schema");
}

TEST_CASE("migrations_dir \"\" is the config's own folder, as for wrangler, not the default migrations/") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", R"({"d1_databases": [{"binding": "DB", "database_id": "x", "migrations_dir": ""}]})");
  CHECK(resolveTarget(in(tmp.path())).migrationsDir == (tmp.path() / ".").lexically_normal());
  tmp.write("wrangler.jsonc", R"({"d1_databases": [{"binding": "DB", "database_id": "x"}]})");
  CHECK(resolveTarget(in(tmp.path())).migrationsDir == tmp.path() / "migrations");
}

TEST_CASE("--remote uses the binding's database_id and the config's account") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  const ScopedEnv token("CLOUDFLARE_API_TOKEN", "secret-token-value");
  auto options = in(tmp.path());
  options.remote = true;
  const Target target = resolveTarget(options);
  CHECK(target.kind == Target::Kind::Remote);
  CHECK(target.binding.databaseId == "db-id");
  CHECK(target.accountId == "acct-1");
  CHECK(target.describe() == "remote DB (app db-id)");
  CHECK(target.describe().find("secret") == std::string::npos);
}

TEST_CASE("--remote takes the account from CLOUDFLARE_ACCOUNT_ID when the config has none") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.toml", "[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"db-id\"\n");
  auto options = in(tmp.path());
  options.remote = true;
  CHECK(resolveTarget(options).accountId.empty());
  const ScopedEnv account("CLOUDFLARE_ACCOUNT_ID", "acct-from-env");
  CHECK(resolveTarget(options).accountId == "acct-from-env");
}

TEST_CASE("--remote with a binding that has no database_id is an error naming binding and file") {
  const CleanEnv clean;
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", kWrangler);
  auto options = in(tmp.path());
  options.remote = true;
  options.database = "CACHE";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options),
                       contains(file.string() + ": the D1 binding CACHE has no database_id"), ConfigError);
}

TEST_CASE("--database takes a database_name as wrangler's DATABASE argument does") {
  const CleanEnv clean;
  TempDir tmp;
  tmp.write("wrangler.jsonc", kWrangler);
  auto options = in(tmp.path());
  options.database = "app";  // the database_name of the DB binding
  const Target target = resolveTarget(options);
  CHECK(target.binding.binding == "DB");
  CHECK(target.migrationsTable == "schema_migrations");
  CHECK(target.sqlitePath.filename() == hexFile("db-id"));
}

TEST_CASE("--database: a name two entries could mean is an error naming them; a binding first in the file wins") {
  const CleanEnv clean;
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", R"({"d1_databases": [
    {"binding": "READ", "database_name": "blog", "database_id": "blog-id"},
    {"binding": "WRITE", "database_name": "blog", "database_id": "blog-id"},
    {"binding": "AUDIT", "database_name": "WRITE", "database_id": "audit-id"},
    {"binding": "LOGS", "database_name": "logs"},
    {"binding": "logs", "database_name": "other"},
  ]})");
  auto options = in(tmp.path());
  options.database = "blog";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options),
                       contains(file.string() + ": --database blog is ambiguous: it names the database or binding of READ, WRITE"),
                       ConfigError);
  options.database = "WRITE";  // a binding, and a database_name further down: wrangler picks the binding too
  CHECK(resolveTarget(options).binding.binding == "WRITE");
  options.database = "logs";  // LOGS's database_name comes before the binding named logs: wrangler would pick LOGS
  CHECK_THROWS_WITH_AS((void)resolveTarget(options), doctest::Contains("LOGS, logs"), ConfigError);
  options.database = "nope";
  CHECK_THROWS_WITH_AS((void)resolveTarget(options),
                       doctest::Contains("known bindings: READ (database blog), WRITE (database blog), AUDIT (database WRITE), "
                                         "LOGS (database logs), logs (database other)"),
                       ConfigError);
}
