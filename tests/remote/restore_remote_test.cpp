// Restore points and consent on --remote, against the local D1 server's Time Travel
// (tests/js/d1-rest-server.mjs): every write takes a bookmark first and logs it; d1:restore
// brings the rows back and prints the bookmark that undoes it; destructive commands need a
// terminal or --force (CI=true is no consent); no bookmark, no write.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "remote/remote_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::remote;

namespace {

// "Restore point (Time Travel bookmark): B" / "To undo this restore: roost d1:restore --bookmark B ..."
std::string bookmarkAfter(const std::string& text, const std::string& label) {
  const std::regex re(label + "([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32})");
  std::smatch m;
  return std::regex_search(text, m, re) ? m[1].str() : "";
}

long users(const fs::path& app, const Env& env) {
  auto r = runRoost(app, {"query", "--remote", "--json", "User.count()"}, env);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return std::stol(r.out);
}

std::vector<nlohmann::json> logLines(const fs::path& app) {
  std::vector<nlohmann::json> out;
  std::ifstream in(app / ".roost" / "restore-points.jsonl");
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("--remote: migrate takes a bookmark and logs it; d1:restore brings the rows back and can be undone") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  writeFile(app / ".gitignore", ".wrangler/\n");
  const Env env = remoteEnv();

  auto migrate = runRoost(app, {"migrate", "--remote"}, env);
  REQUIRE_MESSAGE(migrate.status == 0, migrate.err);
  checkNoToken(migrate);
  const std::string beforeMigrate = bookmarkAfter(migrate.err, "Time Travel bookmark\\): ");
  REQUIRE(!beforeMigrate.empty());
  CHECK(migrate.err.find("roost d1:restore --bookmark " + beforeMigrate + " --remote") != std::string::npos);
  auto lines = logLines(app);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["command"] == "migrate");
  CHECK(lines[0]["target"] == "remote");
  CHECK(lines[0]["bookmark"] == beforeMigrate);
  CHECK(lines[0]["database"]["id"] == id);
  CHECK(lines[0]["database"]["binding"] == "DB");
  CHECK(lines[0]["migrations"].size() == 3);
  CHECK(readFile(app / ".gitignore") == ".wrangler/\n# roost's restore points and local backups\n.roost/\n");

  // Nothing pending: no restore point.
  REQUIRE(runRoost(app, {"migrate", "--remote"}, env).status == 0);
  CHECK(logLines(app).size() == 1);

  REQUIRE(runRoost(app, {"query", "--remote", "User.create({name: 'Ada', email: 'ada@example.com'})"}, env).status == 0);
  auto seed = runRoost(app, {"db:seed", "--remote", "--seed", "7"}, env);
  REQUIRE_MESSAGE(seed.status == 0, seed.err);
  const std::string beforeSeed = bookmarkAfter(seed.err, "Time Travel bookmark\\): ");
  REQUIRE(!beforeSeed.empty());
  const long seeded = users(app, env);
  REQUIRE(seeded > 1);

  auto restore = runRoost(app, {"d1:restore", "--remote", "--bookmark", beforeSeed, "--force"}, env);
  REQUIRE_MESSAGE(restore.status == 0, restore.err);
  checkNoToken(restore);
  CHECK(users(app, env) == 1);  // Ada, as before the seed
  const std::string undo = bookmarkAfter(restore.err, "To undo this restore: roost d1:restore --bookmark ");
  REQUIRE(!undo.empty());

  auto redo = runRoost(app, {"d1:restore", "--remote", "--bookmark", undo, "--force", "--json"}, env);
  REQUIRE_MESSAGE(redo.status == 0, redo.err);
  CHECK(nlohmann::json::parse(redo.out)["restoredTo"] == undo);
  CHECK(users(app, env) == seeded);

  auto list = runRoost(app, {"d1:restore", "--list", "--remote", "--json"}, env);
  REQUIRE(list.status == 0);
  const auto points = nlohmann::json::parse(list.out);
  REQUIRE(points.size() == 2);
  CHECK(points[0]["bookmark"] == beforeSeed);  // newest first
  CHECK(points[1]["bookmark"] == beforeMigrate);
}

TEST_CASE("--remote: destructive commands without a terminal are refused without --force, CI=true included") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  Env env = remoteEnv();
  REQUIRE(runRoost(app, {"migrate", "--remote", "-q"}, env).status == 0);
  env.emplace_back("CI", "true");
  const long before = requestsFor(id);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"rollback", "--remote"}, {"migrate:reset", "--remote"}, {"migrate:refresh", "--remote"},
        {"migrate:fresh", "--remote"}, {"d1:restore", "--remote", "--timestamp", "1700000000"}}) {
    CAPTURE(args[0]);
    const std::string yes = "y\n";  // typed on a pipe: not a terminal, so no consent
    auto r = runRoost(app, args, env, &yes);
    CHECK(r.status == 2);
    CHECK(r.err.find("remote D1 database blog (binding DB, id " + id + ")") != std::string::npos);
    CHECK(r.err.find("--force") != std::string::npos);
  }
  auto status = nlohmann::json::parse(runRoost(app, {"migrate:status", "--remote", "--json"}, remoteEnv()).out);
  for (auto& m : status) CHECK(m["status"] == "applied");
  CHECK(logLines(app).size() == 1);  // only migrate's own restore point
  MESSAGE("requests by the refused commands: " << requestsFor(id) - before - 1);
}

TEST_CASE("--remote: no bookmark, no write; --no-restore-point skips it") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  // D1 answers 503 to every bookmark request (the retries included): migrate stops before writing.
  auto client = serverClient();
  const nlohmann::json spec{{"databaseId", id}, {"match", "time_travel/bookmark"}, {"times", 10}, {"mode", "http-503"}};
  auto armed = client.Post("/__faults", spec.dump(), "application/json");
  REQUIRE(armed);
  REQUIRE_MESSAGE(armed->status == 200, armed->body);
  auto r = runRoost(app, {"migrate", "--remote"}, remoteEnv());
  client.Delete(("/__faults?databaseId=" + id).c_str());
  CHECK(r.status == 1);
  CHECK(r.err.find("could not take a Time Travel bookmark") != std::string::npos);
  CHECK(r.err.find("nothing was changed") != std::string::npos);
  CHECK(r.err.find("--no-restore-point") != std::string::npos);
  CHECK(!fs::exists(app / ".roost" / "restore-points.jsonl"));
  auto status = nlohmann::json::parse(runRoost(app, {"migrate:status", "--remote", "--json"}, remoteEnv()).out);
  for (auto& m : status) CHECK(m["status"] == "pending");

  auto skipped = runRoost(app, {"migrate", "--remote", "--no-restore-point"}, remoteEnv());
  REQUIRE_MESSAGE(skipped.status == 0, skipped.err);
  CHECK(skipped.err.find("Restore point") == std::string::npos);
  CHECK(!fs::exists(app / ".roost" / "restore-points.jsonl"));
}
