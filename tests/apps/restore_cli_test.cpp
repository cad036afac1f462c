// Restore points on a local SQLite file: migrate and db:seed back the file up first (SQLite's
// backup API) into .roost/backups, log it, keep the last 10; d1:restore copies a backup back
// (after backing up the current file, so it can be undone); consent is asked on a terminal
// (driven through a pty here) and refused without --force anywhere else.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "apps/run_roost.hpp"

namespace fs = std::filesystem;
using namespace roost::test;

namespace {

fs::path blogProject(const TempDir& dir) {
  const fs::path to = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  fs::remove_all(to / ".roost");
  return to;
}

long users(const fs::path& app) {
  auto r = runRoost(app, {"query", "--json", "User.count()"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return std::stol(r.out);
}

std::vector<fs::path> backups(const fs::path& app) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(app / ".roost" / "backups", ec)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string backupIdIn(const std::string& err) {
  const std::string label = "Restore point (backup): ";
  const auto at = err.find(label);
  if (at == std::string::npos) return "";
  return err.substr(at + label.size(), err.find('\n', at) - at - label.size());
}

// roost on a pty (stdin, stdout and stderr a terminal), `answer` typed once it asks.
RunResult runOnTerminal(const fs::path& cwd, const std::vector<std::string>& args, const std::string& answer) {
  std::vector<std::string> store{ROOST_EXE};
  store.insert(store.end(), args.begin(), args.end());
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::setenv("NO_COLOR", "1", 1);
    std::vector<char*> argv;
    for (auto& a : store) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  RunResult r;
  bool answered = false;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 20000) <= 0) break;
    char buf[4096];
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    r.err.append(buf, static_cast<std::size_t>(n));
    if (!answered && r.err.find("(y/N)") != std::string::npos) {
      const std::string line = answer + "\n";
      REQUIRE(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
      answered = true;
    }
  }
  ::close(master);
  r.status = waitStatus(pid);
  return r;
}

}  // namespace

TEST_CASE("local: migrate and db:seed back the file up first; d1:restore brings it back and can be undone") {
  TempDir dir;
  const fs::path app = blogProject(dir);
  writeFile(app / ".gitignore", ".wrangler/");  // no final newline: roost adds one
  auto migrate = runRoost(app, {"migrate"});
  REQUIRE_MESSAGE(migrate.status == 0, migrate.err);
  CHECK(!backupIdIn(migrate.err).empty());
  CHECK(readFile(app / ".gitignore") == ".wrangler/\n# roost's restore points and local backups\n.roost/\n");

  auto seed = runRoost(app, {"db:seed", "--seed", "3"});
  REQUIRE_MESSAGE(seed.status == 0, seed.err);
  const std::string beforeSeed = backupIdIn(seed.err);
  REQUIRE(!beforeSeed.empty());
  CHECK(seed.err.find("roost d1:restore --bookmark " + beforeSeed) != std::string::npos);
  const long seeded = users(app);
  REQUIRE(seeded > 0);

  // Not a terminal, no --force: refused (exit 2) naming the database, nothing changed.
  const std::string yes = "y\n";
  auto refused = runRoost(app, {"d1:restore", "--bookmark", beforeSeed}, {{"CI", "true"}}, &yes);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("local database .wrangler/state/v3/d1/") != std::string::npos);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(users(app) == seeded);

  auto restore = runRoost(app, {"d1:restore", "--bookmark", beforeSeed, "--force"});
  REQUIRE_MESSAGE(restore.status == 0, restore.err);
  CHECK(users(app) == 0);
  const std::string undo = backupIdIn(restore.err);
  REQUIRE(!undo.empty());
  CHECK(restore.err.find("To undo this restore: roost d1:restore --bookmark " + undo) != std::string::npos);

  REQUIRE(runRoost(app, {"d1:restore", "--bookmark", undo, "--force"}).status == 0);
  CHECK(users(app) == seeded);

  auto list = runRoost(app, {"d1:restore", "--list", "--json"});
  REQUIRE(list.status == 0);
  const auto points = nlohmann::json::parse(list.out);
  REQUIRE(points.size() == 4);  // migrate, db:seed, two restores; newest first
  CHECK(points[0]["command"] == "d1:restore");
  CHECK(points[2]["command"] == "db:seed");
  CHECK(fs::path(points[2]["backup"].get<std::string>()).filename() == beforeSeed);
  CHECK(points[3]["migrations"].size() == 3);
  CHECK(points[3]["target"] == "local");

  CHECK(runRoost(app, {"d1:restore", "--bookmark", "nope.sqlite", "--force"}).status == 2);
  CHECK(runRoost(app, {"d1:restore", "--timestamp", "1700000000", "--force"}).status == 2);
}

TEST_CASE("local: the last 10 backups of a database are kept; --no-restore-point takes none") {
  TempDir dir;
  const fs::path app = blogProject(dir);
  fs::remove(app / ".gitignore");
  REQUIRE(runRoost(app, {"migrate", "-q"}).status == 0);
  for (int i = 0; i < 11; ++i) REQUIRE(runRoost(app, {"db:seed", "-q", "--seed", std::to_string(i)}).status == 0);
  const auto kept = backups(app);
  CHECK(kept.size() == 10);
  std::ifstream log(app / ".roost" / "restore-points.jsonl");
  std::string line, last;
  int lines = 0;
  while (std::getline(log, line)) ++lines, last = line;
  CHECK(lines == 12);  // the log keeps every line; only the files are pruned
  CHECK(fs::path(nlohmann::json::parse(last)["backup"].get<std::string>()) == kept.back());

  REQUIRE(runRoost(app, {"db:seed", "-q", "--no-restore-point"}).status == 0);
  CHECK(backups(app).back() == kept.back());
  // Not a git checkout and no .gitignore: none is created.
  CHECK(!fs::exists(app / ".gitignore"));
}

TEST_CASE("local: d1:restore on a terminal asks y/N naming the database; no keeps the file") {
  TempDir dir;
  const fs::path app = blogProject(dir);
  REQUIRE(runRoost(app, {"migrate", "-q"}).status == 0);
  REQUIRE(runRoost(app, {"db:seed", "-q", "--seed", "1"}).status == 0);
  const long seeded = users(app);

  auto no = runOnTerminal(app, {"d1:restore"}, "n");
  CAPTURE(no.err);
  CHECK(no.status == 1);
  CHECK(no.err.find("d1:restore will overwrite local database .wrangler/state/v3/d1/") != std::string::npos);
  CHECK(no.err.find("not confirmed; nothing was changed") != std::string::npos);
  CHECK(users(app) == seeded);

  auto yes = runOnTerminal(app, {"d1:restore"}, "yes");
  CAPTURE(yes.err);
  CHECK(yes.status == 0);
  CHECK(users(app) == 0);  // the latest backup: taken before the seed
}
