// db:seed on hostile factory and seeder files (seed_files.hpp's limits): each is an error
// naming the file, the line and the limit, in bounded time, and nothing is written.
#include <doctest/doctest.h>

#include <chrono>

#include "apps/seed_support.hpp"
#include "support/strings.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

struct Seeded {
  RunResult run;
  double seconds = 0;
};

// db:seed --class T with the given seeder file (and extra files), timed.
Seeded seedWith(const fs::path& app, const std::string& seeders) {
  writeFile(app / "database/seeders/Test.jsonc", seeders);
  const auto start = std::chrono::steady_clock::now();
  RunResult r = runRoost(app, {"db:seed", "--class", "T"});
  return {r, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

void nothingWritten(const fs::path& app) {
  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 0);
}

}  // namespace

TEST_CASE("a factory attribute nested 30,000 deep is refused at the nesting limit") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  SUBCASE("parents") {
    writeFile(app / "database/factories/deep.jsonc",
              "{\"Deep\": {\"model\": \"Post\", \"definition\": {\"author_id\": " +
                  repeat("{\"factory\": \"User\", \"attributes\": {\"name\": ", 30'000) + "\"x\"" +
                  repeat("}}", 30'000) + "}}}");
  }
  SUBCASE("sequences") {
    writeFile(app / "database/factories/deep.jsonc", "{\"Deep\": {\"model\": \"Post\", \"definition\": {\"title\": " +
                                                         repeat("{\"sequence\": [", 30'000) + "\"x\"" +
                                                         repeat("]}", 30'000) + "}}}");
  }
  const Seeded s = seedWith(app, R"({"T": {"run": [{"factory": "Deep"}]}})");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 1);
  CHECK(s.run.err.find("database/factories/deep.jsonc:1:") != std::string::npos);
  CHECK(s.run.err.find("nested deeper than 256 levels") != std::string::npos);
  CHECK(s.seconds < 5.0);
  nothingWritten(app);
}

TEST_CASE("a seeder with 5,000 nested has is refused at the nesting limit") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  const Seeded s = seedWith(app, "{\"T\": {\"run\": [\n" + repeat("{\"factory\": \"User\", \"has\": [", 5'000) +
                                     repeat("]}", 5'000) + "]}}");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 1);
  CHECK(s.run.err.find("database/seeders/Test.jsonc:2:") != std::string::npos);
  CHECK(s.run.err.find("nested deeper than 256 levels") != std::string::npos);
  nothingWritten(app);
}

TEST_CASE("a chain of 20,000 seeders stops at the seeder call depth, naming the step") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  // One seeder per file (a file holds at most 2000 keys); each calls the next.
  for (int i = 1; i < 20'000; ++i)
    writeFile(app / ("database/seeders/S" + std::to_string(i) + ".jsonc"),
              "{\"S" + std::to_string(i) + "\": {\"run\": [\n  {\"seeder\": \"S" + std::to_string(i + 1) + "\"}]}}");
  writeFile(app / "database/seeders/S20000.sql", "INSERT INTO users (name, email) VALUES ('x', 'x@example.com');");
  const Seeded s = seedWith(app, "{\"T\": {\"run\": [{\"sql\": \"INSERT INTO users (name, email) VALUES ('t', "
                                 "'t@example.com')\"}, {\"seeder\": \"S1\"}]}}");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 1);
  CHECK(s.run.err.find("database/seeders/S63.jsonc:2:3: seeders call seeders more than 64 deep (the limit): T -> ... "
                       "-> S63 -> S64") != std::string::npos);
  CHECK(s.seconds < 20.0);
  nothingWritten(app);
}

TEST_CASE("an object with more than 2000 keys in a seed file is refused before it is parsed") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  std::string columns;
  for (int i = 0; i < 100'000; ++i) columns += "\"c" + std::to_string(i) + "\": 1,\n";
  writeFile(app / "database/factories/wide.jsonc", "{\"Wide\": {\"model\": \"User\", \"definition\": {\n" + columns + "}}}");
  const Seeded s = seedWith(app, R"({"T": {"run": [{"factory": "Wide"}]}})");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 1);
  CHECK(s.run.err.find("database/factories/wide.jsonc:2002:1: more than 2000 keys in one object (the limit for seed "
                       "files)") != std::string::npos);
  CHECK(s.seconds < 5.0);
  nothingWritten(app);
}

TEST_CASE("2000 factories in one file, each with 1000 columns' worth of text, load in linear time") {
  // The member lookups used to scan each object from its start for every key.
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  std::string factories = "{\n";
  for (int i = 0; i < 2000; ++i)
    factories += "\"F" + std::to_string(i) + "\": {\"model\": \"User\", \"definition\": {\"name\": \"" +
                 std::string(2000, 'n') + "\", \"email\": {\"fake\": \"email\", \"unique\": true}}},\n";
  writeFile(app / "database/factories/many.jsonc", factories + "}");
  const Seeded s = seedWith(app, R"({"T": {"run": [{"factory": "F1999", "count": 2}]}})");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 0);
  CHECK(s.seconds < 10.0);
}

TEST_CASE("unbounded generator arguments are refused when the files are read, with file:line:col") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/factories/huge.jsonc",
            "{\"Huge\": {\"model\": \"User\", \"definition\": {\n  \"name\": {\"fake\": \"sentence\", \"args\": "
            "[1000000000]}}}}");
  const Seeded s = seedWith(app, R"({"T": {"run": [{"factory": "Huge"}]}})");
  CAPTURE(s.run.err);
  CHECK(s.run.status == 1);
  CHECK(s.run.err.find("database/factories/huge.jsonc:2:12: Huge.definition.name: sentence(words): words may be at "
                       "most 1000, got 1000000000") != std::string::npos);
  CHECK(s.seconds < 5.0);
  nothingWritten(app);

  writeFile(app / "database/factories/huge.jsonc",
            "{\"Huge\": {\"model\": \"User\", \"definition\": {\n  \"name\": {\"fake\": \"words\", \"args\": [2147483648]}}}}");
  const Seeded w = seedWith(app, R"({"T": {"run": [{"factory": "Huge"}]}})");
  CHECK(w.run.err.find("huge.jsonc:2:12: Huge.definition.name: words(count): count may be at most 1000") !=
        std::string::npos);
  nothingWritten(app);
}

TEST_CASE("a NUL byte in a factory, seeder or .sql seeder is refused with file:line:col") {
  using namespace std::string_literals;
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  SUBCASE("factory") {
    writeFile(app / "database/factories/nul.jsonc", "{\"Nul\": {\"model\": \"User\",\n \"definition\": {}}} \0 rest"s);
    const Seeded s = seedWith(app, R"({"T": {"run": [{"factory": "User"}]}})");
    CHECK(s.run.status == 1);
    CHECK(s.run.err.find("database/factories/nul.jsonc:2:21: a NUL byte") != std::string::npos);
  }
  SUBCASE("seeder") {
    const Seeded s = seedWith(app, "{\"T\": {\"run\": [{\"factory\": \"User\"}]}}\n\n // \0 rest"s);
    CHECK(s.run.status == 1);
    CHECK(s.run.err.find("database/seeders/Test.jsonc:3:5: a NUL byte") != std::string::npos);
  }
  SUBCASE(".sql seeder") {
    writeFile(app / "database/seeders/Nul.sql",
              "INSERT INTO users (name, email) VALUES ('a', 'a@x.com');\0INSERT INTO users (name, email) VALUES ('b', 'b@x.com');"s);
    const Seeded s = seedWith(app, R"({"T": {"run": [{"seeder": "Nul"}]}})");
    CHECK(s.run.status == 1);
    CHECK(s.run.err.find("database/seeders/Nul.sql:1:57: a NUL byte") != std::string::npos);
  }
  nothingWritten(app);
}
