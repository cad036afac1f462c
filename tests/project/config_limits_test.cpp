// The project-file limits (roost/project/config_limits.hpp): hostile wrangler and roost config files
// give a ConfigError naming the file, the line and the limit — never a crash, nor time or
// memory out of proportion to the file.
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <ctime>
#include <string>
#include <nlohmann/json.hpp>

#include "support/temp_files.hpp"
#include "roost/project/config_limits.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/project/settings.hpp"
#include "roost/project/wrangler_config.hpp"
#include "roost/orm/error.hpp"
#include "support/strings.hpp"

using roost::ConfigError;
using roost::project::loadRoostSettings;
using roost::project::loadWranglerConfig;
using roost::test::TempDir;
using roost::test::repeat;

namespace {

// The message of the ConfigError that loading the file throws ("" if none).
template <class F>
std::string errorOf(F&& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// CPU seconds (not wall time: the test machine may be shared).
double secondsOf(auto&& work) {
  const std::clock_t start = std::clock();
  work();
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

long peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // KiB on Linux
}

std::string bindingsJsonc(std::size_t n) {
  std::string text = "{\"d1_databases\": [\n";
  for (std::size_t i = 0; i < n; ++i) text += "{\"binding\": \"DB_" + std::to_string(i) + "\"},\n";
  return text + "]}\n";
}

}  // namespace

TEST_CASE("wrangler.jsonc nested 50,000 deep is refused at the first level past 256, quickly") {
  TempDir tmp;
  const auto arrays = tmp.write("a/wrangler.jsonc", "\n  " + repeat("[", 50'000) + repeat("]", 50'000));
  const auto objects = tmp.write("o/wrangler.jsonc", repeat("{\"a\":", 50'000) + "1" + repeat("}", 50'000));
  std::string a, o;
  const double seconds = secondsOf([&] {
    a = errorOf([&] { loadWranglerConfig(arrays); });
    o = errorOf([&] { loadWranglerConfig(objects); });
  });
  CHECK(has(a, arrays.string() + ":2:259: nested deeper than 256 levels"));
  CHECK(has(o, objects.string() + ":1:1281: nested deeper than 256 levels"));
  CHECK(seconds < 2.0);
}

TEST_CASE("[[[…]]] 30,000 deep costs neither gigabytes nor seconds") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", repeat("[", 30'000) + repeat("]", 30'000));
  const double seconds = secondsOf([&] { CHECK(has(errorOf([&] { loadWranglerConfig(file); }), "256 levels")); });
  CHECK(seconds < 1.0);
  CHECK(peakRssMiB() < 400);  // was 3.4 GB
}

TEST_CASE("nesting up to the limit is still read") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", "{\"x\": " + repeat("[", 255) + repeat("]", 255) +
                                                    ", \"d1_databases\": [{\"binding\": \"DB\"}]}");
  CHECK(loadWranglerConfig(file).d1Databases.size() == 1);
}

TEST_CASE("config/database.jsonc nested 50,000 deep is a ConfigError naming the file") {
  TempDir tmp;
  tmp.write("config/database.jsonc", "{\"d1Binding\": " + repeat("{\"a\": ", 50'000) + "1" + repeat("}", 50'000) + "}");
  const std::string message = errorOf([&] { loadRoostSettings(tmp.path()); });
  CHECK(has(message, "config/database.jsonc:1:"));
  CHECK(has(message, "nested deeper than 256 levels"));
}

TEST_CASE("wrangler.toml with 20,000 dotted keys, headers or inline tables is refused before toml++ parses it") {
  TempDir tmp;
  const std::string dotted = repeat("a.", 20'000) + "b = 1\n";
  const auto keys = tmp.write("k/wrangler.toml", "account_id = \"x\"\n" + dotted);
  const auto header = tmp.write("h/wrangler.toml", "[" + repeat("a.", 20'000) + "b]\nc = 1\n");
  const auto inlined = tmp.write("i/wrangler.toml", "x = " + repeat("{a = ", 20'000) + "1" + repeat("}", 20'000) + "\n");
  const auto arrays = tmp.write("r/wrangler.toml", "x = " + repeat("[", 20'000) + repeat("]", 20'000) + "\n");
  const auto tablesOfArrays = tmp.write("t/wrangler.toml", "[[" + repeat("a.", 20'000) + "b]]\n");
  CHECK(has(errorOf([&] { loadWranglerConfig(keys); }), keys.string() + ":2:"));
  for (const auto& file : {keys, header, inlined, arrays, tablesOfArrays}) {
    CAPTURE(file);
    const std::string message = errorOf([&] { loadWranglerConfig(file); });
    CHECK(has(message, file.string() + ":"));
    CHECK(has(message, "nested deeper than 256 levels of tables, arrays and dotted-key segments"));
  }
}

TEST_CASE("the TOML nesting check does not count dots in values, strings or comments") {
  TempDir tmp;
  std::string floats;
  for (int i = 0; i < 2000; ++i) floats += (i ? ", " : "") + std::to_string(i) + ".5";
  const auto file = tmp.write("wrangler.toml", "# a.b.c." + repeat("x.", 400) + "\n" +
                                                   "account_id = \"" + repeat("a.", 400) + "\"\n" +
                                                   "\"quoted." + repeat("q.", 400) + "\" = 'lit." + repeat("l.", 400) +
                                                   "'\nnotes = \"\"\"\n" + repeat("m.", 400) + "\n\"\"\"\n" +
                                                   "floats = [" + floats + "]\n" +
                                                   "deep = " + repeat("[", 250) + repeat("]", 250) + "\n" +
                                                   "[env.staging.x." + repeat("y.", 200) + "z]\n" +
                                                   "when = 2024-01-01T00:00:00.5Z\n" +
                                                   "[[env.staging.d1_databases]]\nbinding = \"DB\"\n");
  const auto config = loadWranglerConfig(file, "staging");
  REQUIRE(config.d1Databases.size() == 1);
  CHECK(config.accountId.size() == 800);
}

TEST_CASE("80,000 d1_databases bindings are read in linear time") {
  TempDir tmp;
  const auto small = tmp.write("s/wrangler.jsonc", bindingsJsonc(10'000));
  const auto big = tmp.write("b/wrangler.jsonc", bindingsJsonc(80'000));
  const double smallSeconds = secondsOf([&] { CHECK(loadWranglerConfig(small).d1Databases.size() == 10'000); });
  const double bigSeconds = secondsOf([&] { CHECK(loadWranglerConfig(big).d1Databases.size() == 80'000); });
  MESSAGE("10,000 bindings: " << smallSeconds << " s; 80,000: " << bigSeconds << " s");
  CHECK(bigSeconds < 3.0);  // was 17 s
  CHECK(bigSeconds < 30 * smallSeconds + 0.2);  // linear is 8x; quadratic would be 64x

  std::string toml;
  for (int i = 0; i < 80'000; ++i) toml += "[[d1_databases]]\nbinding = \"DB_" + std::to_string(i) + "\"\n";
  const auto tomlFile = tmp.write("t/wrangler.toml", toml);
  const double tomlSeconds = secondsOf([&] { CHECK(loadWranglerConfig(tomlFile).d1Databases.size() == 80'000); });
  CHECK(tomlSeconds < 5.0);
}

TEST_CASE("a duplicate binding is still found, at its line, among 80,000") {
  TempDir tmp;
  std::string text = bindingsJsonc(80'000);
  text.insert(text.rfind(']'), "{\"binding\": \"DB_7\"}\n");
  const auto file = tmp.write("wrangler.jsonc", text);
  const std::string message = errorOf([&] { loadWranglerConfig(file); });
  CHECK(has(message, file.string() + ":80002:13: d1_databases[80000].binding: the binding \"DB_7\" is declared twice"));
}

TEST_CASE("more than 100,000 bindings in one list is refused, naming the limit") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", bindingsJsonc(roost::project::kMaxD1Bindings + 1));
  const std::string message = errorOf([&] { loadWranglerConfig(file); });
  CHECK(has(message, file.string() + ":100002:1: d1_databases[100000]: more than 100000 D1 bindings"));
}

TEST_CASE("a type error under a long key is located without building a path per value") {
  // The old locator kept every value's full path: here 60,000 paths of 200 KB each.
  TempDir tmp;
  const std::string env(200'000, 'e');
  std::string text = "{\"env\": {\"" + env + "\": {\"d1_databases\": [\n";
  for (int i = 0; i < 20'000; ++i) text += "{\"binding\": \"DB_" + std::to_string(i) + "\", \"database_id\": \"x\"},\n";
  text += "{\"binding\": 7}]}}}\n";
  const auto file = tmp.write("wrangler.jsonc", text);
  std::string message;
  const double seconds = secondsOf([&] { message = errorOf([&] { loadWranglerConfig(file, env); }); });
  CHECK(has(message, file.string() + ":20002:13: env." + env + ".d1_databases[20000].binding: expected a string"));
  CHECK(seconds < 2.0);
  CHECK(peakRssMiB() < 400);
}

TEST_CASE("a NUL byte in a config file is refused with its line and column") {
  TempDir tmp;
  using namespace std::string_literals;
  const auto jsonc = tmp.write("j/wrangler.jsonc", "{\n  \"account_id\": \"a\0b\",\n}"s);
  const auto toml = tmp.write("t/wrangler.toml", "# x\naccount_id = \"a\"\0\n[[d1_databases]]\nbinding = \"DB\"\n"s);
  tmp.write("p/config/database.jsonc", "{\"d1Binding\": \"DB\"} // \0 the rest\n"s);
  CHECK(has(errorOf([&] { loadWranglerConfig(jsonc); }), jsonc.string() + ":2:19: a NUL byte"));
  CHECK(has(errorOf([&] { loadWranglerConfig(toml); }), toml.string() + ":2:17: a NUL byte"));
  CHECK(has(errorOf([&] { loadRoostSettings(tmp.path() / "p"); }), "config/database.jsonc:1:24: a NUL byte"));
  CHECK(has(errorOf([&] { roost::project::parseJsonc("[1,\0 2]"s, "x.jsonc"); }), "x.jsonc:1:4: a NUL byte"));
}

TEST_CASE("1e999 is a ConfigError with file:line:col, not nlohmann's out_of_range") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", "{\n  \"x\": [\"1e999\", 1e308],\n  \"y\": -1e999,\n}");
  const std::string message = errorOf([&] { loadWranglerConfig(file); });
  CHECK(has(message, file.string() + ":3:8: the number -1e999 is too large"));
  CHECK_FALSE(has(message, "json.exception"));
  tmp.write("config/database.jsonc", "{\"d1Binding\": 1" + std::string(400, '0') + "}");
  CHECK(has(errorOf([&] { loadRoostSettings(tmp.path()); }), "config/database.jsonc:1:15: the number 1000"));
}

TEST_CASE("a config file over 8 MiB is refused before it is read") {
  TempDir tmp;
  const auto file = tmp.write("wrangler.jsonc", "{\"x\": \"" + std::string(roost::project::kMaxConfigFileBytes, 'x') + "\"}");
  const std::string message = errorOf([&] { loadWranglerConfig(file); });
  CHECK(has(message, file.string() + ": the file has 8388617 bytes; project files may have at most 8388608 (8 MiB)"));
  CHECK(has(errorOf([&] { roost::project::parseJsonc(std::string(roost::project::kMaxConfigFileBytes + 1, ' '), "x.jsonc"); }),
            "at most 8388608"));
}
