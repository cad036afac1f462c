#include <doctest/doctest.h>

#include <string>

#include "d1client/test_support.hpp"
#include "roost/d1/jsonc.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::d1::parseJsonc;

namespace {

// Runs parseJsonc expecting a ConfigError, and returns it.
ConfigError parseError(std::string_view text, const std::string& file = "wrangler.jsonc") {
  try {
    (void)parseJsonc(text, file);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError for: " << text);
  return ConfigError("unreachable");
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
  roost::d1::test::TempDir tmp;
  const auto file = tmp.write("config/database.jsonc", "{\n  \"d1Binding\": \"DB\"\n  \"useSession\": true\n}\n");
  try {
    (void)roost::d1::readJsoncFile(file);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.file() == file.string());
    CHECK(e.line() == 3);
    CHECK(e.column() == 3);
  }
  CHECK_THROWS_WITH_AS((void)roost::d1::readJsoncFile(tmp.path() / "missing.jsonc"),
                       doctest::Contains("no such file"), ConfigError);
}
