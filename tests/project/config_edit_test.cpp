// The in-place binding editor: real-looking wrangler files, every byte but the new key kept.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "support/temp_files.hpp"
#include "roost/project/config_edit.hpp"
#include "roost/project/wrangler_config.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::project::BindingKeyEdit;
using roost::project::ConfigEditRefused;
using roost::project::EditOutcome;
using roost::project::setBindingKey;
using roost::project::setBindingKeyInText;
using roost::test::TempDir;
namespace fs = std::filesystem;

namespace {

BindingKeyEdit migrationsDir(std::string binding = "DB", std::string env = "") {
  return BindingKeyEdit{std::move(env), std::move(binding), "migrations_dir", "database/migrations"};
}

std::string jsonc(std::string_view text, const BindingKeyEdit& edit = migrationsDir()) {
  return setBindingKeyInText(text, false, "wrangler.jsonc", edit);
}

std::string toml(std::string_view text, const BindingKeyEdit& edit = migrationsDir()) {
  return setBindingKeyInText(text, true, "wrangler.toml", edit);
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t filesIn(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

doctest::Contains contains(const std::string& text) { return doctest::Contains(text.c_str()); }

}  // namespace

TEST_CASE("JSONC: the key goes after the last member with its indentation; comments and trailing commas stay") {
  const std::string before = R"({
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "blog", // the worker
  /* D1, see https://developers.cloudflare.com/d1/ */
  "d1_databases": [
    {
      "binding": "DB",
      "database_name": "blog",
      "database_id": "00000000-0000-0000-0000-000000000000",
    },
  ],
}
)";
  const std::string after = R"({
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "blog", // the worker
  /* D1, see https://developers.cloudflare.com/d1/ */
  "d1_databases": [
    {
      "binding": "DB",
      "database_name": "blog",
      "database_id": "00000000-0000-0000-0000-000000000000",
      "migrations_dir": "database/migrations",
    },
  ],
}
)";
  CHECK(jsonc(before) == after);
}

TEST_CASE("JSONC: tabs, no trailing comma, a comment after the last value") {
  const std::string before =
      "{\n\t\"d1_databases\": [\n\t\t{\n\t\t\t\"binding\": \"DB\",\n\t\t\t\"database_id\": \"abc\" // prod\n\t\t}\n\t]\n}\n";
  const std::string after =
      "{\n\t\"d1_databases\": [\n\t\t{\n\t\t\t\"binding\": \"DB\",\n\t\t\t\"database_id\": \"abc\", // prod\n"
      "\t\t\t\"migrations_dir\": \"database/migrations\"\n\t\t}\n\t]\n}\n";
  CHECK(jsonc(before) == after);
}

TEST_CASE("JSONC: CRLF line endings stay CRLF") {
  const std::string before = "{\r\n  \"d1_databases\": [\r\n    {\r\n      \"binding\": \"DB\"\r\n    }\r\n  ]\r\n}\r\n";
  const std::string after =
      "{\r\n  \"d1_databases\": [\r\n    {\r\n      \"binding\": \"DB\",\r\n      \"migrations_dir\": \"database/migrations\"\r\n"
      "    }\r\n  ]\r\n}\r\n";
  CHECK(jsonc(before) == after);
}

TEST_CASE("JSONC: a one-line object stays on one line, with or without its trailing comma") {
  CHECK(jsonc(R"({"d1_databases": [{ "binding": "DB", "database_name": "app" }]})") ==
        R"({"d1_databases": [{ "binding": "DB", "database_name": "app", "migrations_dir": "database/migrations" }]})");
  CHECK(jsonc(R"({"d1_databases": [{ "binding": "DB", }]})") ==
        R"({"d1_databases": [{ "binding": "DB", "migrations_dir": "database/migrations", }]})");
  // The multitenant sample's style: the closing brace on the last member's line.
  const std::string before = "{\"d1_databases\": [\n    { \"binding\": \"DB\", \"database_name\": \"shared\",\n"
                             "      \"database_id\": \"x\" },\n  ]}";
  CHECK(jsonc(before) == "{\"d1_databases\": [\n    { \"binding\": \"DB\", \"database_name\": \"shared\",\n"
                         "      \"database_id\": \"x\", \"migrations_dir\": \"database/migrations\" },\n  ]}");
}

TEST_CASE("JSONC: only the named binding of the named env changes") {
  // Everything before and after the staging DB's last member stays byte for byte.
  const std::string head = R"({
  "d1_databases": [
    {"binding": "DB", "database_id": "top"},
  ],
  "env": {
    "staging": {
      "d1_databases": [
        {
          "binding": "AUDIT", // not this one
          "database_id": "audit"
        },
        {
          "binding": "DB",
)";
  const std::string tail = R"(
        }
      ]
    }
  }
})";
  const std::string before =
      head + R"(          "database_id": "staging" /* a block comment, with a comma } and a brace */)" + tail;
  const std::string after = head + R"(          "database_id": "staging", /* a block comment, with a comma } and a brace */
          "migrations_dir": "database/migrations")" + tail;
  CHECK(jsonc(before, migrationsDir("DB", "staging")) == after);
  // The top-level DB is a one-line object of its own.
  CHECK(jsonc(before).find(R"({"binding": "DB", "database_id": "top", "migrations_dir": "database/migrations"},)") !=
        std::string::npos);
}

TEST_CASE("JSONC: an existing key is replaced in place; the same value changes nothing") {
  const std::string before = "{\"d1_databases\": [{\n  \"binding\": \"DB\",\n  \"migrations_dir\": \"sql\", // old\n"
                             "  \"database_id\": \"x\"\n}]}";
  CHECK(jsonc(before) == "{\"d1_databases\": [{\n  \"binding\": \"DB\",\n  \"migrations_dir\": \"database/migrations\", // old\n"
                         "  \"database_id\": \"x\"\n}]}");
  const std::string set = jsonc(before);
  CHECK(jsonc(set) == set);
}

TEST_CASE("JSONC: values and keys are escaped; a strict .json stays strict JSON") {
  const std::string before = "{\n  \"d1_databases\": [\n    {\n      \"binding\": \"DB\"\n    }\n  ]\n}\n";
  const std::string out = jsonc(before, BindingKeyEdit{"", "DB", "migrations_table", "a \"quoted\"\\name"});
  CHECK(out.find(R"("migrations_table": "a \"quoted\"\\name")") != std::string::npos);
  CHECK(nlohmann::json::parse(out)["d1_databases"][0]["migrations_table"] == "a \"quoted\"\\name");
}

TEST_CASE("JSONC: an unknown binding or env is an error naming what there is") {
  const std::string text = R"({"d1_databases": [{"binding": "DB"}, {"binding": "CACHE"}], "env": {"staging": {}}})";
  CHECK_THROWS_WITH_AS(jsonc(text, migrationsDir("USERS")), doctest::Contains("known bindings: DB, CACHE"), ConfigError);
  CHECK_THROWS_WITH_AS(jsonc(text, migrationsDir("DB", "production")), doctest::Contains("no environment named \"production\""),
                       ConfigError);
  CHECK_THROWS_WITH_AS(jsonc(text, migrationsDir("DB", "staging")), doctest::Contains("declares no d1_databases"), ConfigError);
  CHECK_THROWS_AS(jsonc("{\"d1_databases\": [{\"binding\": \"DB\"}"), ConfigError);  // does not parse
}

TEST_CASE("TOML: an [[d1_databases]] block gets the key after its last key, before the blank line and the next block") {
  const std::string before = R"(name = "blog"
main = "src/index.ts"

# the main database
[[d1_databases]]
binding = "DB" # used by the Worker
database_name = "blog"
database_id = "00000000-0000-0000-0000-000000000000"

# analytics
[[d1_databases]]
binding = "STATS"
database_name = "stats"
)";
  const std::string after = R"(name = "blog"
main = "src/index.ts"

# the main database
[[d1_databases]]
binding = "DB" # used by the Worker
database_name = "blog"
database_id = "00000000-0000-0000-0000-000000000000"
migrations_dir = "database/migrations"

# analytics
[[d1_databases]]
binding = "STATS"
database_name = "stats"
)";
  CHECK(toml(before) == after);
  CHECK(toml(before, migrationsDir("STATS")) == before + "migrations_dir = \"database/migrations\"\n");
}

TEST_CASE("TOML: [[env.X.d1_databases]] with indentation, a multi-line array and a trailing comment last") {
  const std::string before = "[[d1_databases]]\nbinding = \"DB\"\n\n[env.staging]\nname = \"blog-staging\"\n\n"
                             "  [[env.staging.d1_databases]]\n  binding = \"DB\"\n  tags = [\n    \"a\", # [not a header]\n"
                             "    \"b\",\n  ] # done\n[env.production]\n";
  const std::string after = "[[d1_databases]]\nbinding = \"DB\"\n\n[env.staging]\nname = \"blog-staging\"\n\n"
                            "  [[env.staging.d1_databases]]\n  binding = \"DB\"\n  tags = [\n    \"a\", # [not a header]\n"
                            "    \"b\",\n  ] # done\n  migrations_dir = \"database/migrations\"\n[env.production]\n";
  CHECK(toml(before, migrationsDir("DB", "staging")) == after);
}

TEST_CASE("TOML: CRLF, no newline at the end, a quoted env name in the header") {
  CHECK(toml("[[d1_databases]]\r\nbinding = \"DB\"\r\n") == "[[d1_databases]]\r\nbinding = \"DB\"\r\nmigrations_dir = \"database/migrations\"\r\n");
  CHECK(toml("[[d1_databases]]\r\nbinding = \"DB\"") == "[[d1_databases]]\r\nbinding = \"DB\"\r\nmigrations_dir = \"database/migrations\"");
  CHECK(toml("[[ env.\"my-env\".d1_databases ]]\nbinding = 'DB'\n", migrationsDir("DB", "my-env")) ==
        "[[ env.\"my-env\".d1_databases ]]\nbinding = 'DB'\nmigrations_dir = \"database/migrations\"\n");
}

TEST_CASE("TOML: a multi-line string does not hide or fake a header") {
  const std::string before = "[[d1_databases]]\nbinding = \"DB\"\nnote = \"\"\"\n[[d1_databases]]\nbinding = \"X\"\n\"\"\"\n\n[vars]\nA = 1\n";
  CHECK(toml(before) == "[[d1_databases]]\nbinding = \"DB\"\nnote = \"\"\"\n[[d1_databases]]\nbinding = \"X\"\n\"\"\"\n"
                        "migrations_dir = \"database/migrations\"\n\n[vars]\nA = 1\n");
}

TEST_CASE("TOML: an existing one-line string is replaced in place, comment kept") {
  const std::string before = "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = 'sql' # old\ndatabase_id = \"x\"\n";
  CHECK(toml(before) == "[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \"database/migrations\" # old\ndatabase_id = \"x\"\n");
  CHECK(toml(toml(before)) == toml(before));
  CHECK_THROWS_AS(toml("[[d1_databases]]\nbinding = \"DB\"\nmigrations_dir = \"\"\"\nsql\"\"\"\n"), ConfigEditRefused);
}

TEST_CASE("TOML: inline tables, arrays of inline tables and dotted keys are refused with the line to add") {
  const std::string line = "    migrations_dir = \"database/migrations\"";
  CHECK_THROWS_WITH_AS(toml("name = \"x\"\nd1_databases = [{ binding = \"DB\", database_id = \"x\" }]\n"),
                       contains("wrangler.toml:2:17: the D1 binding DB is written as an inline table"), ConfigEditRefused);
  CHECK_THROWS_WITH_AS(toml("d1_databases = [\n  { binding = \"DB\" },\n]\n"), contains("inside its { ... }:\n" + line),
                       ConfigEditRefused);
  CHECK_THROWS_WITH_AS(toml("[env.staging]\nd1_databases = [ { binding = \"DB\" } ]\n", migrationsDir("DB", "staging")),
                       contains(line), ConfigEditRefused);
  CHECK_THROWS_WITH_AS(toml("env.staging.d1_databases = [{ binding = \"DB\" }]\n", migrationsDir("DB", "staging")),
                       contains(line), ConfigEditRefused);
}

TEST_CASE("setBindingKey writes the file atomically, keeps its mode, and reads it back") {
  TempDir tmp;
  const std::string before = "{\n  // app\n  \"d1_databases\": [\n    {\n      \"binding\": \"DB\",\n    },\n  ],\n}\n";
  const fs::path file = tmp.write("wrangler.jsonc", before);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  CHECK(setBindingKey(file, migrationsDir()) == EditOutcome::Written);
  CHECK(slurp(file) == "{\n  // app\n  \"d1_databases\": [\n    {\n      \"binding\": \"DB\",\n"
                       "      \"migrations_dir\": \"database/migrations\",\n    },\n  ],\n}\n");
  CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(roost::project::loadWranglerConfig(file).d1Databases.at(0).migrationsDir == "database/migrations");
  CHECK(filesIn(tmp.path()) == 1);  // no temporary file left
  CHECK(setBindingKey(file, migrationsDir()) == EditOutcome::AlreadySet);
}

TEST_CASE("setBindingKey: a failure before the rename, a refusal or a concurrent change leave the file as it was") {
  TempDir tmp;
  const std::string before = "[[d1_databases]]\nbinding = \"DB\"\n";
  const fs::path file = tmp.write("wrangler.toml", before);
  roost::project::ConfigEditOptions failing;
  failing.beforeReplace = [](const fs::path& temp) {
    REQUIRE(fs::exists(temp));
    throw std::runtime_error("disk on fire");
  };
  CHECK_THROWS_WITH(setBindingKey(file, migrationsDir(), failing), "disk on fire");
  CHECK(slurp(file) == before);
  CHECK(filesIn(tmp.path()) == 1);

  const std::string inlineTable = "d1_databases = [{ binding = \"DB\" }]\n";
  const fs::path other = tmp.write("other/wrangler.toml", inlineTable);
  CHECK_THROWS_AS(setBindingKey(other, migrationsDir()), ConfigEditRefused);
  CHECK(slurp(other) == inlineTable);
  CHECK(filesIn(other.parent_path()) == 1);

  roost::project::ConfigEditOptions racing;
  racing.beforeReplace = [&](const fs::path&) { std::ofstream(file, std::ios::binary) << before << "# edited meanwhile\n"; };
  CHECK_THROWS_WITH_AS(setBindingKey(file, migrationsDir(), racing), doctest::Contains("changed while roost was editing it"),
                       roost::Error);
  CHECK(slurp(file) == before + "# edited meanwhile\n");
  CHECK(filesIn(tmp.path()) == 2);  // the file and other/
}

TEST_CASE("setBindingKey follows a symlink: the link stays, the file it points to changes") {
  TempDir tmp;
  const fs::path real = tmp.write("shared/wrangler.jsonc", "{\"d1_databases\": [{\"binding\": \"DB\"}]}");
  fs::create_directories(tmp.path() / "app");
  const fs::path link = tmp.path() / "app" / "wrangler.jsonc";
  fs::create_symlink(real, link);
  CHECK(setBindingKey(link, migrationsDir()) == EditOutcome::Written);
  CHECK(fs::is_symlink(link));
  CHECK(slurp(real) == "{\"d1_databases\": [{\"binding\": \"DB\", \"migrations_dir\": \"database/migrations\"}]}");
}
