#include <doctest/doctest.h>

#include "roost/migrate/migration_creator.hpp"
#include "roost/migrate/migration_runner.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::readFile;
using roost::test::writeFile;

namespace {

// 2024-03-05 06:07:08 UTC
std::chrono::system_clock::time_point fixedTime() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1709618828));
}

}  // namespace

TEST_CASE("make:migration uses a UTC timestamp in an empty or timestamped folder") {
  roost::test::TempDir tmp;
  MigrationCreator creator(tmp.path() / "migrations", fixedTime);
  auto made = creator.create("create_posts_table");
  CHECK(made.name == "20240305060708_create_posts_table.sql");
  CHECK(std::filesystem::exists(made.up));
  CHECK(made.down == tmp.path() / "migrations" / "down" / made.name);
  CHECK(std::filesystem::exists(made.down));
  // Same second again: the prefix moves on so creation order is kept.
  CHECK(creator.create("add_slug_to_posts").name == "20240305060709_add_slug_to_posts.sql");
}

TEST_CASE("make:migration continues 0001_ style numbering") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  writeFile(dir / "0001_create_users_table.sql", "");
  writeFile(dir / "0009_create_profiles_table.sql", "");
  MigrationCreator creator(dir, fixedTime);
  CHECK(creator.create("create_posts_table").name == "0010_create_posts_table.sql");
  CHECK(creator.create("CreateTagsTable").name == "0011_create_tags_table.sql");
  CHECK(creator.create("add-org-id-to-posts").name == "0012_add_org_id_to_posts.sql");

  roost::test::TempDir wranglerStyle;  // wrangler d1 migrations create starts at 0000
  writeFile(wranglerStyle.path() / "0000_init.sql", "");
  CHECK(MigrationCreator(wranglerStyle.path()).nextPrefix() == "0001");
}

TEST_CASE("create_X_table guesses a CREATE TABLE with id and timestamps, and a DROP TABLE") {
  auto t = MigrationCreator::guess("create_posts_table");
  CHECK(t.up.find("CREATE TABLE posts (") != std::string::npos);
  CHECK(t.up.find("id INTEGER PRIMARY KEY AUTOINCREMENT") != std::string::npos);
  CHECK(t.up.find("created_at TEXT") != std::string::npos);
  CHECK(t.up.find("updated_at TEXT") != std::string::npos);
  CHECK(t.down.find("DROP TABLE IF EXISTS posts;") != std::string::npos);
  CHECK(MigrationCreator::guess("create_tags").up.find("CREATE TABLE tags (") != std::string::npos);
  CHECK(MigrationCreator::guess("create_order_table").up.find("CREATE TABLE \"order\" (") != std::string::npos);
}

TEST_CASE("add_Y_to_X guesses ADD COLUMN with a DROP COLUMN down") {
  auto t = MigrationCreator::guess("add_org_id_to_posts");
  CHECK(t.up.find("ALTER TABLE posts ADD COLUMN org_id INTEGER;") != std::string::npos);
  CHECK(t.down.find("ALTER TABLE posts DROP COLUMN org_id;") != std::string::npos);
  auto two = MigrationCreator::guess("add_title_and_published_at_to_posts_table");
  CHECK(two.up.find("ADD COLUMN title TEXT;") != std::string::npos);
  CHECK(two.up.find("ADD COLUMN published_at TEXT;") != std::string::npos);
  auto removed = MigrationCreator::guess("remove_is_admin_from_users");
  CHECK(removed.up.find("ALTER TABLE users DROP COLUMN is_admin;") != std::string::npos);
  CHECK(removed.down.find("ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;") != std::string::npos);
}

TEST_CASE("other names get a commented template") {
  auto t = MigrationCreator::guess("backfill_slugs");
  CHECK(t.up.rfind("-- Migration: backfill_slugs", 0) == 0);
  CHECK(t.up.find("CREATE TABLE") == std::string::npos);
  CHECK(t.down.rfind("-- Undo: backfill_slugs", 0) == 0);
}

TEST_CASE("guessed migrations run and roll back") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  MigrationCreator creator(dir, fixedTime);
  creator.create("create_posts_table");
  creator.create("add_org_id_and_published_at_to_posts");
  creator.create("remove_updated_at_from_posts");
  creator.create("backfill_things");
  roost::SqliteConnection db(":memory:");
  MigrationRepository repo(db);
  TransactionMigrationRunner runner(db);
  Migrator m(repo, MigrationFiles(dir), runner);
  CHECK(m.run().migrations.size() == 4);
  db.execute("INSERT INTO posts (org_id) VALUES (1)");
  CHECK(m.reset().migrations.size() == 4);
  CHECK_FALSE(roost::test::tableExists(db, "posts"));
}

TEST_CASE("make:migration refuses bad names and never overwrites") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  MigrationCreator creator(dir, fixedTime);
  for (const char* bad : {"", "create posts", "../evil", "0001_create_posts", "create_posts.sql", "_x", "x;y"})
    CHECK_THROWS_AS(creator.create(bad), roost::UsageError);
  CHECK_FALSE(std::filesystem::exists(dir / "0001_create_posts.sql"));

  writeFile(dir / "down" / "20240305060708_create_posts_table.sql", "keep me");
  CHECK_THROWS_AS(creator.create("create_posts_table"), roost::Error);
  CHECK(readFile(dir / "down" / "20240305060708_create_posts_table.sql") == "keep me");
  CHECK_FALSE(std::filesystem::exists(dir / "20240305060708_create_posts_table.sql"));
}
