// Global behaviour of the roost binary: version, help, exit codes, streams, colour.
#include <doctest/doctest.h>

#include "run_roost.hpp"

using namespace roost::test;

TEST_CASE("roost --version prints the version") {
  TempDir tmp;
  auto r = runRoost(tmp.path(), {"--version"});
  CHECK(r.status == 0);
  CHECK(r.out.rfind("roost 0.", 0) == 0);
}

TEST_CASE("every command's --help explains it with an example") {
  TempDir tmp;
  for (const char* cmd : {"make:migration", "migrate", "rollback", "migrate:rollback", "migrate:status",
                          "migrate:reset", "migrate:refresh", "migrate:fresh"}) {
    CAPTURE(cmd);
    auto r = runRoost(tmp.path(), {cmd, "--help"});
    CHECK(r.status == 0);
    CHECK(r.out.find("Example:") != std::string::npos);
    CHECK(r.out.find("  roost ") != std::string::npos);
  }
  auto top = runRoost(tmp.path(), {"--help"});
  CHECK(top.status == 0);
  CHECK(top.out.find("migrate:status") != std::string::npos);
  CHECK(top.out.find("--db") != std::string::npos);
}

TEST_CASE("usage errors exit 2 with one line on stderr") {
  TempDir tmp;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"frobnicate"}, {"migrate", "--no-such-flag"}, {"rollback", "--step", "0"}, {"rollback", "--step", "x"},
           {"make:migration"}, {"make:migration", "a/b"}, {"--local", "--remote", "migrate"}}) {
    CAPTURE(args.front());
    auto r = runRoost(tmp.path(), args);
    CHECK(r.status == 2);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK(r.out.empty());
  }
}

TEST_CASE("failures exit 1 with a clear error") {
  TempDir tmp;
  auto noConfig = runRoost(tmp.path(), {"migrate"});
  CHECK(noConfig.status == 1);
  CHECK(noConfig.err.find("error: no wrangler.json") != std::string::npos);

  auto remote = runRoost(tmp.path(), {"migrate", "--remote"});
  CHECK(remote.status == 1);
  CHECK(remote.err.find("no wrangler.json, wrangler.jsonc or wrangler.toml found") != std::string::npos);

  auto tenant = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite", "--tenant", "acme"});
  CHECK(tenant.status == 2);
  CHECK(tenant.err.find("shares one database") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "app.sqlite"));
}

TEST_CASE("without a terminal there is no colour, and -q keeps only data and errors") {
  TempDir tmp;
  writeFile(tmp.path() / "migrations/0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
  auto r = runRoost(tmp.path(), {"migrate", "--db", "app.sqlite"});
  CHECK(r.status == 0);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.out.empty());  // progress is not data

  auto quiet = runRoost(tmp.path(), {"-q", "migrate:status", "--db", "app.sqlite"});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
  CHECK(quiet.out.find("0001_a.sql") != std::string::npos);
  CHECK(quiet.out.find('\x1b') == std::string::npos);
}
