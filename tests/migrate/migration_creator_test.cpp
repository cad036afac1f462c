#include <doctest/doctest.h>

#include "roost/migrate/migration_creator.hpp"
#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::readFile;
using roost::test::writeFile;

TEST_CASE("make:migration numbers as wrangler d1 migrations create: 0001_ in an empty folder, then highest + 1") {
  roost::test::TempDir tmp;
  MigrationCreator creator(tmp.path() / "migrations");
  auto made = creator.create("create_posts_table");
  CHECK(made.name == "0001_create_posts_table.sql");
  CHECK(std::filesystem::exists(made.up));
  CHECK(made.down == tmp.path() / "migrations" / "down" / made.name);
  CHECK(std::filesystem::exists(made.down));
  CHECK(creator.create("add_slug_to_posts").name == "0002_add_slug_to_posts.sql");

  roost::test::TempDir gaps;  // the highest number wins, unnumbered files and other files do not count
  auto dir = gaps.path() / "migrations";
  writeFile(dir / "0001_create_users_table.sql", "");
  writeFile(dir / "0009_create_profiles_table.sql", "");
  writeFile(dir / "notes.sql", "");
  writeFile(dir / "0042_draft.txt", "");
  writeFile(dir / "down" / "0077_x.sql", "");
  CHECK(MigrationCreator(dir).nextPrefix() == "0010");

  roost::test::TempDir wranglerStyle;  // wrangler's own numbering may start at 0000
  writeFile(wranglerStyle.path() / "0000_init.sql", "");
  CHECK(MigrationCreator(wranglerStyle.path()).nextPrefix() == "0001");

  roost::test::TempDir stamps;  // a timestamped folder goes on from the highest stamp, as wrangler does
  writeFile(stamps.path() / "20240305060708_a.sql", "");
  CHECK(MigrationCreator(stamps.path()).nextPrefix() == "20240305060709");
  roost::test::TempDir unpadded;
  writeFile(unpadded.path() / "12345_a.sql", "");
  writeFile(unpadded.path() / "9_b.sql", "");
  CHECK(MigrationCreator(unpadded.path()).nextPrefix() == "12346");
}

TEST_CASE("make:migration numbers a nested layout by its folders, counting only what the pattern matches") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "drizzle";
  writeFile(dir / "0003_init" / "migration.sql", "");
  writeFile(dir / "0003_init" / "snapshot.json", "");
  writeFile(dir / "0099_stray.sql", "");  // invisible to */migration.sql, as in wrangler's helpers.test.ts
  CHECK(MigrationCreator(dir, "*/migration.sql").nextPrefix() == "0004");
  // ... and refuses to write a top-level file that pattern would never apply.
  CHECK_THROWS_WITH_AS(MigrationCreator(dir, "*/migration.sql").create("x"),
                       doctest::Contains("does not match the configured `migrations_pattern`"), roost::Error);
  CHECK_FALSE(std::filesystem::exists(dir / "0004_x.sql"));
}

TEST_CASE("make:migration keeps names as wrangler keeps them") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  MigrationCreator creator(dir);
  CHECK(creator.create("add user's settings").name == "0001_add_user's_settings.sql");
  CHECK(creator.create("v1.2 fix").name == "0002_v1.2_fix.sql");
  CHECK(creator.create("caf\xC3\xA9").name == "0003_caf\xC3\xA9.sql");
  CHECK(creator.create("AddUsers").name == "0004_AddUsers.sql");
  CHECK(creator.create("add-org-id").name == "0005_add-org-id.sql");
  CHECK(std::filesystem::exists(dir / "0001_add_user's_settings.sql"));
  CHECK(std::filesystem::exists(dir / "down" / "0003_caf\xC3\xA9.sql"));
  // The guessed bodies still come from the name.
  CHECK(readFile(creator.create("create_posts_table").up).find("CREATE TABLE posts (") != std::string::npos);
  CHECK(readFile(creator.create("add_org_id_to_posts").up).find("ALTER TABLE posts ADD COLUMN org_id INTEGER;") !=
        std::string::npos);
}

TEST_CASE("make:migration never writes a down file wrangler would apply") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  // **/*.sql would match down/<name>: the down file goes to .down/, which the glob skips.
  auto made = MigrationCreator(dir, "**/*.sql").create("create_posts_table");
  CHECK(made.down == dir / ".down" / "0001_create_posts_table.sql");
  CHECK(std::filesystem::exists(made.down));
  MigrationFiles files(dir, "**/*.sql");
  REQUIRE(files.all().size() == 1);
  CHECK(files.all()[0].hasDown);
  // A pattern that reaches dot folders too leaves no safe place: refused, nothing written.
  CHECK_THROWS_WITH_AS(MigrationCreator(dir, "{,.down/,down/}*.sql").create("x"),
                       doctest::Contains("wrangler would run a down file"), roost::Error);
  CHECK_FALSE(std::filesystem::exists(dir / "0002_x.sql"));
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

TEST_CASE("a guess names only tables and columns the ORM can name (one identifier rule)") {
  const std::string longest(128, 'p'), tooLong(129, 'p');
  CHECK(MigrationCreator::guess("create_" + longest + "_table").up.find("CREATE TABLE " + longest + " (") != std::string::npos);
  CHECK(MigrationCreator::guess("create_" + tooLong + "_table").up.find("CREATE TABLE") == std::string::npos);
  CHECK(MigrationCreator::guess("add_" + tooLong + "_to_posts").up.find("ALTER TABLE") == std::string::npos);
  CHECK(MigrationCreator::guess("create__posts_table").up.find("CREATE TABLE") == std::string::npos);
  CHECK(MigrationCreator::guess("create_sqlite_stat_table").up.find("CREATE TABLE") == std::string::npos);
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
  MigrationCreator creator(dir);
  creator.create("create_posts_table");
  creator.create("add_org_id_and_published_at_to_posts");
  creator.create("remove_updated_at_from_posts");
  creator.create("backfill_things");
  roost::SqliteConnection db(":memory:");
  MigrationRepository repo(db);
  Migrator m(repo, MigrationFiles(dir));
  CHECK(m.run().migrations.size() == 4);
  db.execute("INSERT INTO posts (org_id) VALUES (1)");
  CHECK(m.reset().migrations.size() == 4);
  CHECK_FALSE(roost::test::tableExists(db, "posts"));
}

TEST_CASE("make:migration refuses names wrangler refuses (or that break a file) and never overwrites") {
  roost::test::TempDir tmp;
  auto dir = tmp.path() / "migrations";
  MigrationCreator creator(dir);
  for (const char* bad : {"", "a/b", "..\\evil", "../evil", "x\ny", "tab\there"})
    CHECK_THROWS_AS(creator.create(bad), roost::UsageError);
  CHECK_THROWS_WITH(creator.create("a/b"), doctest::Contains("contains a path separator"));
  CHECK_FALSE(std::filesystem::exists(dir / "0001_a"));

  writeFile(dir / "down" / "0001_create_posts_table.sql", "keep me");
  CHECK_THROWS_AS(creator.create("create_posts_table"), roost::Error);
  CHECK(readFile(dir / "down" / "0001_create_posts_table.sql") == "keep me");
  CHECK_FALSE(std::filesystem::exists(dir / "0001_create_posts_table.sql"));
}
