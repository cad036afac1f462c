// The multitenant sample's server, started for real on 127.0.0.1 and asked as two
// organizations (Host headers) and as an unknown one.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "roost/orm/orm.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSample = fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "multitenant";

std::string readFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shared database, migrated with the sample's own migration files, with three orgs' posts.
fs::path makeDatabase(const fs::path& dir) {
  const fs::path file = dir / "shared.sqlite";
  roost::SqliteConnection db(file.string());
  for (const char* m : {"0001_create_organizations_table.sql", "0002_create_posts_table.sql"})
    db.executeScript(readFile(kSample / "database" / "migrations" / m));
  db.executeScript(R"sql(
    INSERT INTO organizations (id, slug, name) VALUES (1, 'acme', 'Acme'), (2, 'globex', 'Globex'), (3, 'initech', 'Initech');
    INSERT INTO posts (org_id, title, status) VALUES
      (1, 'acme one', 'published'), (2, 'globex one', 'published'), (1, 'acme two', 'draft'),
      (3, 'initech one', 'draft'), (2, 'globex two', 'draft');
    INSERT INTO posts (org_id, title, deleted_at) VALUES (1, 'acme trashed', '2024-01-01T00:00:00.000Z');
  )sql");
  return file;
}

struct Server {
  pid_t pid = -1;
  int port = 0;
  explicit Server(const fs::path& db) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid = fork();
    if (pid == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      execl(MULTITENANT_SERVER, MULTITENANT_SERVER, "--db", db.c_str(), "--port", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[256] = {};
    REQUIRE(std::fgets(line, sizeof line, f) != nullptr);
    std::fclose(f);
    std::string text = line;
    REQUIRE(text.rfind("listening on http://127.0.0.1:", 0) == 0);
    port = std::stoi(text.substr(text.rfind(':') + 1));
  }
  ~Server() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  httplib::Result get(const std::string& host) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5);
    return client.Get("/posts", {{"Host", host}});
  }
};

std::set<std::string> titles(const nlohmann::json& body) {
  std::set<std::string> out;
  for (auto& p : body["posts"]) out.insert(p["title"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("the multitenant server answers each organization with its own posts only") {
  const fs::path dir = fs::temp_directory_path() / ("roost-multitenant-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    Server server(makeDatabase(dir));
    auto acme = server.get("acme.localhost");
    REQUIRE(acme);
    CHECK(acme->status == 200);
    auto acmeBody = nlohmann::json::parse(acme->body);
    CHECK(acmeBody["organization"] == "acme");
    CHECK(titles(acmeBody) == std::set<std::string>{"acme one", "acme two"});
    for (auto& p : acmeBody["posts"]) CHECK(p["org_id"] == 1);

    auto globex = server.get("globex.localhost:8080");
    REQUIRE(globex);
    CHECK(globex->status == 200);
    CHECK(titles(nlohmann::json::parse(globex->body)) == std::set<std::string>{"globex one", "globex two"});

    auto unknown = server.get("umbrella.localhost");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(unknown->body.find("one") == std::string::npos);  // no post title leaks into the error
    CHECK(nlohmann::json::parse(unknown->body)["error"] == "unknown organization");

    auto none = server.get("localhost");
    REQUIRE(none);
    CHECK(none->status == 400);
    auto sneaky = server.get("acme';--.localhost");
    REQUIRE(sneaky);
    CHECK(sneaky->status == 400);  // not a valid slug: never looked up
  }
  fs::remove_all(dir);
}
