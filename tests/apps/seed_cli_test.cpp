// roost db:seed on temp copies of wrangler-samples/blog, run as a user runs it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "apps/seed_support.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::seed;

namespace {

const std::string kNow = "2025-01-02T03:04:05.678Z";

}  // namespace

TEST_CASE("db:seed runs the blog's DatabaseSeeder: users with profiles and posts, a .sql seeder, valid keys") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  auto r = runRoost(app, {"db:seed", "--seed", "7"});
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());  // progress and summary go to stderr
  CHECK(r.err.find("DONE  DatabaseSeeder") != std::string::npos);
  CHECK(r.err.find("DONE    EditorSeeder") != std::string::npos);  // nested, indented
  CHECK(r.err.find("Seeded 60 rows (users 10, profiles 10, posts 40)") != std::string::npos);
  CHECK(r.err.find("--seed 7") != std::string::npos);
  CHECK(r.err.find("Seeding  [") == std::string::npos);  // no progress bar when stderr is not a terminal

  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(*) FROM users") == 11);  // 10 + the editor from EditorSeeder.sql
  CHECK(scalar(db, "SELECT count(*) FROM users WHERE email = 'editor@blog.example'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM profiles") == 10);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 40);
  // states: 3 published posts and 1 draft per user
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE status = 'published' AND published_at IS NOT NULL") == 30);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE status = 'draft' AND published_at IS NULL") == 10);
  CHECK(scalar(db, "SELECT count(*) FROM (SELECT author_id FROM posts GROUP BY author_id HAVING count(*) = 4)") == 10);
  // foreign keys point at real rows; one profile per user
  CHECK(db.execute("PRAGMA foreign_key_check").rows.empty());
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE author_id NOT IN (SELECT id FROM users)") == 0);
  CHECK(scalar(db, "SELECT count(DISTINCT user_id) FROM profiles") == 10);
  // unique emails and slugs; timestamps filled
  CHECK(scalar(db, "SELECT count(DISTINCT email) FROM users") == 11);
  CHECK(scalar(db, "SELECT count(DISTINCT slug) FROM posts") == 40);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE created_at LIKE '____-__-__T__:__:__.___Z'") == 40);
  // {"format": ...} read the user_id the "has" gave the profile
  CHECK(scalar(db, "SELECT count(*) FROM profiles WHERE avatar_url = 'https://avatars.example.com/' || user_id || '.png'") == 10);

  // The console sees the relations the seeder filled.
  auto q = runRoost(app, {"query", "--json", "User.with('posts').first()"});
  REQUIRE(q.status == 0);
  CHECK(nlohmann::json::parse(q.out)["posts"].size() == 4);

  // The alias, once more: keys continue after the existing rows.
  auto again = runRoost(app, {"seed", "--seed", "8", "-q"});
  CAPTURE(again.err);
  REQUIRE(again.status == 0);
  CHECK(again.err.empty());  // -q: nothing but errors
  CHECK(scalar(db, "SELECT count(*) FROM users") == 21);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 80);
  CHECK(db.execute("PRAGMA foreign_key_check").rows.empty());
}

TEST_CASE("db:seed --class runs one seeder; --json reports what was written") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  auto r = runRoost(app, {"db:seed", "--class", "EditorSeeder", "--json"});
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["seeder"] == "EditorSeeder");
  CHECK(j["sqlScripts"] == 1);
  CHECK(j["atomic"] == "transaction");
  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(*) FROM users") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 0);
}

TEST_CASE("db:seed --seed N: the same seed makes the same rows, another seed other rows") {
  TempDir dir;
  const fs::path a = migratedBlog(dir, "a"), b = migratedBlog(dir, "b"), c = migratedBlog(dir, "c"),
                 d = migratedBlog(dir, "d");
  REQUIRE(runRoost(a, {"db:seed", "--seed", "42", "--now", kNow}).status == 0);
  REQUIRE(runRoost(b, {"db:seed", "--seed", "42", "--now", kNow}).status == 0);
  REQUIRE(runRoost(c, {"db:seed", "--seed", "43", "--now", kNow}).status == 0);
  REQUIRE(runRoost(d, {"db:seed", "--seed", "42"}).status == 0);  // timestamps: the time of the run
  roost::SqliteConnection da(localDb(a).string()), db(localDb(b).string()), dc(localDb(c).string()),
      dd(localDb(d).string());
  // (EditorSeeder.sql's row takes its timestamps from the column defaults: left out.)
  for (const std::string table : {"users WHERE email != 'editor@blog.example'", "profiles", "posts"}) {
    CAPTURE(table);
    CHECK(dump(da, table) == dump(db, table));
    CHECK(dump(da, table) != dump(dc, table));
    const std::string noStamps = table.starts_with("users") ? "id, name, email"
                                 : table == "profiles" ? "id, user_id, bio, avatar_url"
                                                       : "id, author_id, title, slug, body, status, published_at";
    CHECK(dump(da, table, noStamps) == dump(dd, table, noStamps));
  }
  CHECK(scalar(da, "SELECT count(*) FROM posts WHERE created_at = '" + kNow + "'") == 40);
}

TEST_CASE("db:seed: has, for, per-row parents, existing rows, sequences and states of your own") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/More.jsonc", R"({
    "ForSeeder": {"run": [
      {"factory": "Post", "count": 5, "for": {"factory": "User", "attributes": {"name": "Shared Author"}}},
    ]},
    "PerRowSeeder": {"run": [{"factory": "Post", "count": 4, "state": ["published", "archived"]}]},
    "ExistingSeeder": {"run": [
      {"factory": "Post", "count": 6, "attributes": {
        "author_id": {"existing": "User"},
        "status": {"sequence": ["draft", "archived"]},
        "title": {"format": "Post {number} of {status}"},
      }},
    ]},
    "RelationSeeder": {"run": [
      {"factory": "User", "count": 2, "has": [{"factory": "Post", "count": 2, "relation": "posts"}]},
    ]},
  })");
  roost::SqliteConnection db(localDb(app).string());

  auto r = runRoost(app, {"db:seed", "--class", "ForSeeder"});
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM users") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE author_id = (SELECT id FROM users WHERE name = 'Shared Author')") == 5);

  r = runRoost(app, {"db:seed", "--class", "PerRowSeeder"});
  REQUIRE(r.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM users") == 5);  // {"factory": "User"}: a new author per post
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE status = 'archived' AND published_at IS NOT NULL") == 4);  // later state wins

  r = runRoost(app, {"db:seed", "--class", "ExistingSeeder"});
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM users") == 5);  // no new users
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE title = 'Post 1 of draft'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE title = 'Post 6 of archived'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM posts WHERE title LIKE 'Post %' AND status = 'archived'") == 3);

  r = runRoost(app, {"db:seed", "--class", "RelationSeeder"});
  REQUIRE(r.status == 0);
  CHECK(scalar(db, "SELECT count(*) FROM users") == 7);
  CHECK(db.execute("PRAGMA foreign_key_check").rows.empty());
}

TEST_CASE("db:seed: unique values stay unique over many rows") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/Many.jsonc", R"({"ManyUsers": {"run": [{"factory": "User", "count": 500}]}})");
  auto r = runRoost(app, {"db:seed", "--class", "ManyUsers", "--seed", "1"});
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(DISTINCT email) FROM users") == 500);
}

TEST_CASE("db:seed: a failing step writes nothing at all (one transaction on SQLite)") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/Broken.jsonc", R"({
    "BrokenSeeder": {"run": [
      {"factory": "User", "count": 3},
      {"seeder": "EditorSeeder"},
      {"factory": "Post", "count": 300, "attributes": {"title": null}},
    ]},
  })");
  auto r = runRoost(app, {"db:seed", "--class", "BrokenSeeder"});
  CAPTURE(r.err);
  CHECK(r.status == 1);
  CHECK(r.err.find("NOT NULL constraint failed: posts.title") != std::string::npos);
  CHECK(r.err.find("seeder BrokenSeeder, step Post x 300 (database/seeders/Broken.jsonc:5:7)") != std::string::npos);
  // the failing statement, shortened to its first row
  CHECK(r.err.find("in: INSERT INTO \"posts\" (\"author_id\", \"title\"") != std::string::npos);
  CHECK(r.err.find(" rows)") != std::string::npos);
  CHECK(r.err.size() < 2000);
  roost::SqliteConnection db(localDb(app).string());
  CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM posts") == 0);
}

TEST_CASE("db:seed errors name the file, line and column and list what is known") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  auto seedWith = [&](const std::string& seeders, const std::vector<std::string>& extra = {}) {
    writeFile(app / "database/seeders/Test.jsonc", seeders);
    std::vector<std::string> args{"db:seed", "--class", "T"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runRoost(app, args);
  };
  roost::SqliteConnection db(localDb(app).string());

  SUBCASE("unknown seeder class: a usage error listing the seeders") {
    auto r = runRoost(app, {"db:seed", "--class", "Nope"});
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown seeder 'Nope'; known seeders: DatabaseSeeder, EditorSeeder") != std::string::npos);
  }
  SUBCASE("unknown nested seeder") {
    auto r = seedWith("{\"T\": {\"run\": [\n  {\"seeder\": \"Missing\"}]}}");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/seeders/Test.jsonc:2:3: unknown seeder 'Missing'; known seeders: DatabaseSeeder, EditorSeeder, T") !=
          std::string::npos);
  }
  SUBCASE("unknown factory, naming the factories") {
    auto r = seedWith(R"({"T": {"run": [{"factory": "Comment"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("unknown factory 'Comment'; known factories: Post, Profile, User") != std::string::npos);
  }
  SUBCASE("unknown model, listing the catalog's models") {
    writeFile(app / "database/factories/extra.jsonc", "{\n  \"Comment\": {\"definition\": {\"body\": \"x\"}}}");
    auto r = seedWith(R"({"T": {"run": [{"factory": "Comment"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/factories/extra.jsonc:2:3: factory 'Comment': unknown model 'Comment'; known models: Post, Profile, User") !=
          std::string::npos);
  }
  SUBCASE("unknown column, listing the table's columns") {
    auto r = seedWith(R"({"T": {"run": [{"factory": "Post", "attributes": {"titel": "x"}}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("unknown column 'titel' for Post (table posts); columns: id, author_id, org_id, title, slug, body, "
                     "status, published_at, created_at, updated_at, deleted_at") != std::string::npos);
  }
  SUBCASE("unknown state, listing the factory's states") {
    auto r = seedWith(R"({"T": {"run": [{"factory": "Post", "state": "publish"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("unknown state 'publish' for factory Post; known states: published, archived") != std::string::npos);
  }
  SUBCASE("unknown generator, with a suggestion and the known generators") {
    writeFile(app / "database/factories/extra.jsonc", "{\"Tagline\": {\"model\": \"User\", \"definition\": {\n  \"name\": {\"fake\": \"sentense\"}}}}");
    auto r = seedWith(R"({"T": {"run": [{"factory": "Tagline"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/factories/extra.jsonc:2:12: Tagline.definition.name: unknown generator 'sentense' (did you mean "
                     "'sentence'?); known generators: boolean,") != std::string::npos);
  }
  SUBCASE("bad generator arguments") {
    writeFile(app / "database/factories/extra.jsonc", R"({"Odd": {"model": "User", "definition": {"name": {"fake": "integer", "args": [9, 1]}}}})");
    auto r = seedWith(R"({"T": {"run": [{"factory": "Odd"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("integer(min = 0, max = 2147483647): min > max (9 > 1)") != std::string::npos);
  }
  SUBCASE("a member's position is its own, not that of the same key in an object before it") {
    auto r = seedWith("{\"T\": {\"run\": [{\"for\": {\"factory\": \"User\"},\n  \"factory\": 5}]}}");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/seeders/Test.jsonc:2:3: T.run[0].factory must be text, not a number") != std::string::npos);
  }
  SUBCASE("a step that is not an object is reported where it is, not at a brace inside an earlier string") {
    auto r = seedWith("{\"T\": {\"run\": [\"{x}\",\n  {\"factory\": \"User\"}]}}");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/seeders/Test.jsonc:1:16: T.run[0] must be an object") != std::string::npos);
  }
  SUBCASE("bad JSONC: file:line:col") {
    auto r = seedWith("{\"T\": {\"run\": [\n  {\"factory\": \"User\",, }]}}");
    CHECK(r.status == 1);
    CHECK(r.err.find("database/seeders/Test.jsonc:2:") != std::string::npos);
  }
  SUBCASE("unknown key in a step") {
    auto r = seedWith(R"({"T": {"run": [{"factory": "User", "cuont": 3}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("unknown key 'cuont'") != std::string::npos);
  }
  SUBCASE("a ref to nothing") {
    auto r = seedWith(R"({"T": {"run": [{"factory": "User", "attributes": {"name": {"ref": "nick"}}}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("{\"ref\": \"nick\"} names no other attribute of User; attributes: name, email, created_at, updated_at, id") != std::string::npos);
  }
  SUBCASE("a seeder loop") {
    auto r = seedWith(R"({"T": {"run": [{"seeder": "U"}]}, "U": {"run": [{"seeder": "T"}]}})");
    CHECK(r.status == 1);
    CHECK(r.err.find("seeders call each other in a loop: T -> U -> T") != std::string::npos);
  }
  SUBCASE("a bad --now is a usage error") {
    auto r = runRoost(app, {"db:seed", "--now", "yesterday"});
    CHECK(r.status == 2);
  }
  // Errors are found before anything is written.
  CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
}

TEST_CASE("db:seed needs a migrated database") {
  TempDir dir;
  const fs::path app = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", app, fs::copy_options::recursive);
  fs::remove_all(app / ".wrangler");
  auto r = runRoost(app, {"db:seed"});
  CHECK(r.status == 1);
  CHECK(r.err.find("run `roost migrate` first") != std::string::npos);
  CHECK_FALSE(fs::exists(app / ".wrangler"));
}

TEST_CASE("db:seed interrupted half-way leaves nothing half-written") {
  TempDir dir;
  const fs::path app = migratedBlog(dir);
  writeFile(app / "database/seeders/Big.jsonc",
            R"({"Big": {"run": [{"factory": "User", "count": 2000, "has": [{"factory": "Post", "count": 100}]}]}})");
  const fs::path out = dir.path() / "out", err = dir.path() / "err";
  const pid_t pid = spawnRoost(app, {"db:seed", "--class", "Big"}, out, err);
  // Interrupt once the first rows are written inside the transaction (the WAL file grows).
  const fs::path wal = localDb(app).string() + "-wal";
  for (int i = 0; i < 400; ++i) {
    std::error_code ec;
    if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 2'000'000) break;
    ::usleep(5000);
  }
  ::kill(pid, SIGINT);
  const int status = waitStatus(pid);
  CAPTURE(readFile(err));
  roost::SqliteConnection db(localDb(app).string());
  if (status == 0) {  // finished before the signal: then all of it is there
    CHECK(scalar(db, "SELECT count(*) FROM posts") == 200000);
  } else {
    CHECK(status == 128 + SIGINT);
    CHECK(scalar(db, "SELECT count(*) FROM users") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM posts") == 0);
  }
}
