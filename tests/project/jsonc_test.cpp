#include <doctest/doctest.h>

#include <string>
#include <nlohmann/json.hpp>

#include "support/config_errors.hpp"
#include "support/temp_files.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::project::parseJsonc;

namespace {

// Runs parseJsonc expecting a ConfigError, and returns it.
ConfigError parseError(std::string_view text, const std::string& file = "wrangler.jsonc") {
  INFO("parsing: " << text);
  return roost::test::configErrorOf([&] { (void)parseJsonc(text, file); });
}

}  // namespace

TEST_CASE("JSONC accepts line and block comments") {
  const auto json = parseJsonc(R"({
    // a line comment
    "name": "app", /* a block
    comment over lines */ "count": 2 // trailing
  })",
                               "x.jsonc");
  CHECK(json["name"] == "app");
  CHECK(json["count"] == 2);
}

TEST_CASE("comment-like text inside strings is kept") {
  const auto json = parseJsonc(R"({"url": "https://example.com//x", "glob": "a/*b*/c", "quote": "say \"//hi\" /*"})",
                               "x.jsonc");
  CHECK(json["url"] == "https://example.com//x");
  CHECK(json["glob"] == "a/*b*/c");
  CHECK(json["quote"] == "say \"//hi\" /*");
}

TEST_CASE("trailing commas in objects and arrays are accepted") {
  const auto json = parseJsonc(R"({"list": [1, 2, 3,], "nested": {"a": 1, /* c */ }, })", "x.jsonc");
  CHECK(json["list"].size() == 3);
  CHECK(json["nested"]["a"] == 1);
}

TEST_CASE("a comma that follows no value is still a syntax error") {
  CHECK_THROWS_AS((void)parseJsonc("[,]", "x.jsonc"), ConfigError);
  CHECK_THROWS_AS((void)parseJsonc("[1,,]", "x.jsonc"), ConfigError);
  CHECK_THROWS_AS((void)parseJsonc(R"({"a": ,})", "x.jsonc"), ConfigError);
}

TEST_CASE("a JSONC syntax error points at the token in the original text, comments and all") {
  const std::string text =
      "{\n"
      "  // the database\n"
      "  \"name\": \"x\", /* a\n"
      "  multi-line comment */ \"a\": 1\n"
      "  \"b\": 2\n"
      "}\n";
  const ConfigError e = parseError(text);
  CHECK(e.file() == "wrangler.jsonc");
  CHECK(e.line() == 5);
  CHECK(e.column() == 3);
  CHECK(std::string(e.what()).rfind("wrangler.jsonc:5:3: ", 0) == 0);
}

TEST_CASE("a JSONC error column counts characters, not bytes") {
  const ConfigError e = parseError("{\"caf\xC3\xA9\": tru}");  // "café": tru
  CHECK(e.line() == 1);
  CHECK(e.column() == 10);  // the "t" of tru; byte 11
}

TEST_CASE("an unterminated block comment is reported where it starts") {
  const ConfigError e = parseError("{\n  \"a\": 1 /* never closed\n}");
  CHECK(e.line() == 2);
  CHECK(e.column() == 10);
  CHECK(std::string(e.what()).find("unterminated") != std::string::npos);
}

TEST_CASE("readJsoncFile names the file in its errors") {
  roost::test::TempDir tmp;
  const auto file = tmp.write("config/database.jsonc", "{\n  \"d1Binding\": \"DB\"\n  \"useSession\": true\n}\n");
  const ConfigError e = roost::test::configErrorOf([&] { (void)roost::project::readJsoncFile(file); });
  CHECK(e.file() == file.string());
  CHECK(e.line() == 3);
  CHECK(e.column() == 3);
  CHECK_THROWS_WITH_AS((void)roost::project::readJsoncFile(tmp.path() / "missing.jsonc"),
                       doctest::Contains("no such file"), ConfigError);
}
