#pragma once
// cloudflare/workers-sdk#5438 on the blog sample, as a user meets it: drizzle-kit's rebuild of
// `users` (to add a column) under PRAGMA foreign_keys=OFF, while profiles and posts reference
// users ON DELETE CASCADE. On D1 (foreign keys always on) the DROP TABLE deletes every profile
// and post. Run through the CLI on --local or --remote by the same steps:
//   refused before anything runs (and by migrate:check), children named;
//   with the static check skipped (test switch), the run-time guard rolls it back;
//   the rewrite roost suggests applies with every row kept;
// and --allow-data-loss lets the plain rebuild delete the rows (what it is for).
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/run_roost.hpp"
#include "support/temp_files.hpp"

namespace roost::test::cascade_rebuild {

// users with the new column, as drizzle-kit names the copy.
#define ROOST_TEST_NEW_USERS_TABLE \
    "CREATE TABLE `__new_users` (\n" \
    "  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,\n" \
    "  `name` text NOT NULL,\n" \
    "  `email` text NOT NULL,\n" \
    "  `role` text DEFAULT 'member' NOT NULL,\n" \
    "  `created_at` text NOT NULL,\n" \
    "  `updated_at` text NOT NULL\n" \
    ");\n"

inline const char* const kDrizzleUsersRebuild =
    "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n" ROOST_TEST_NEW_USERS_TABLE
    "--> statement-breakpoint\n"
    "INSERT INTO `__new_users`(\"id\", \"name\", \"email\", \"created_at\", \"updated_at\") SELECT \"id\", \"name\", "
    "\"email\", \"created_at\", \"updated_at\" FROM `users`;--> statement-breakpoint\n"
    "DROP TABLE `users`;--> statement-breakpoint\n"
    "ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\n"
    "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint\n"
    "PRAGMA foreign_keys=ON;\n";

// The same rebuild written the way the refusal's fix says.
inline const char* const kKeptUsersRebuild =
    "PRAGMA defer_foreign_keys = on;\n" ROOST_TEST_NEW_USERS_TABLE
    "INSERT INTO `__new_users`(\"id\", \"name\", \"email\", \"created_at\", \"updated_at\") SELECT \"id\", \"name\", "
    "\"email\", \"created_at\", \"updated_at\" FROM `users`;\n"
    "CREATE TABLE \"_roost_keep_profiles\" AS SELECT * FROM \"profiles\";\n"
    "CREATE TABLE \"_roost_keep_posts\" AS SELECT * FROM \"posts\";\n"
    "DROP TABLE `users`;\n"
    "ALTER TABLE `__new_users` RENAME TO `users`;\n"
    "INSERT INTO \"profiles\" SELECT * FROM \"_roost_keep_profiles\";\n"
    "INSERT INTO \"posts\" SELECT * FROM \"_roost_keep_posts\";\n"
    "DROP TABLE \"_roost_keep_profiles\";\n"
    "DROP TABLE \"_roost_keep_posts\";\n"
    "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);\n";

using Run = std::function<RunResult(std::vector<std::string>, const Env&)>;

inline std::string count(const Run& roost, const char* model) {
  const RunResult r = roost({"query", std::string(model) + ".count()"}, {});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out;
}

inline void expectRowsKept(const Run& roost) {
  CHECK(count(roost, "User") == "2\n");
  CHECK(count(roost, "Profile") == "2\n");
  CHECK(count(roost, "Post") == "3\n");
}

inline std::string statusOf(const Run& roost, std::size_t index) {
  const RunResult r = roost({"migrate:status", "--json"}, {});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return nlohmann::json::parse(r.out).at(index).at("status").get<std::string>();
}

// `app` is the blog sample with its three migrations applied and nothing else; `roost` runs
// the CLI on the target under test (adding --remote and its environment where needed).
inline void run(const std::filesystem::path& app, const Run& roost) {
  const Env none;
  for (const char* sql : {"INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com'), ('Bob', 'bob@example.com')",
                          "INSERT INTO profiles (user_id, bio) VALUES (1, 'maths'), (2, 'music')",
                          "INSERT INTO posts (author_id, title, slug) VALUES (1, 'a', 'a'), (1, 'b', 'b'), (2, 'c', 'c')"}) {
    const RunResult r = roost({"query", std::string(".sql ") + sql}, none);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  const std::filesystem::path migration = app / "database/migrations/0004_add_role_to_users.sql";
  writeFile(migration, kDrizzleUsersRebuild);

  // Refused before anything runs, the children and the rewrite named.
  RunResult refused = roost({"migrate"}, none);
  CAPTURE(refused.err);
  CHECK(refused.status == 1);
  CHECK(refused.err.find("0004_add_role_to_users.sql:12: DROP TABLE `users`") != std::string::npos);
  CHECK(refused.err.find("every row of profiles (users -> profiles, ON DELETE CASCADE)") != std::string::npos);
  CHECK(refused.err.find("every row of posts (users -> posts, ON DELETE CASCADE)") != std::string::npos);
  CHECK(refused.err.find("CREATE TABLE \"_roost_keep_posts\" AS SELECT * FROM \"posts\";") != std::string::npos);
  CHECK(refused.err.find("Nothing was run or recorded.") != std::string::npos);
  CHECK(refused.err.find("Restore point") == std::string::npos);  // a refused run takes none
  expectRowsKept(roost);
  CHECK(statusOf(roost, 3) == "pending");

  const RunResult check = roost({"migrate:check", "--json"}, none);
  CHECK(check.status == 1);
  const auto report = nlohmann::json::parse(check.out);
  CHECK(report["refusals"] == 1);
  bool cascade = false;
  for (const auto& f : report["findings"]) cascade = cascade || f["rule"] == "cascade-rebuild";
  CHECK(cascade);

  // The static check skipped: the guard inside the migration's own transaction or batch
  // refuses the loss, and D1 (or SQLite) rolls the whole migration back.
  RunResult guarded = roost({"migrate"}, {{"ROOST_TEST_SKIP_STATIC_DATA_LOSS_CHECK", "1"}});
  CAPTURE(guarded.err);
  CHECK(guarded.status == 1);
  CHECK(guarded.err.find("roost_data_loss_guard") != std::string::npos);
  CHECK(guarded.err.find("it was rolled back") != std::string::npos);
  CHECK(guarded.err.find("posts: 3 rows before") != std::string::npos);
  expectRowsKept(roost);
  CHECK(statusOf(roost, 3) == "pending");
  const RunResult role = roost({"query", ".sql SELECT count(*) AS n FROM pragma_table_info('users') WHERE name = 'role'"}, none);
  CHECK(role.out.find("0") != std::string::npos);

  // The rewrite the refusal suggests: applied, nothing lost.
  writeFile(migration, kKeptUsersRebuild);
  RunResult kept = roost({"migrate"}, none);
  CAPTURE(kept.err);
  REQUIRE(kept.status == 0);
  expectRowsKept(roost);
  CHECK(statusOf(roost, 3) == "applied");

  // --allow-data-loss: the plain rebuild goes through and the cascade happens, as on D1 without roost.
  std::string again = kDrizzleUsersRebuild;
  again.replace(again.find("`role` text DEFAULT 'member' NOT NULL,\n"), 0, "`team` text,\n");
  writeFile(app / "database/migrations/0005_rebuild_again.sql", again);
  CHECK(roost({"migrate"}, none).status == 1);
  RunResult allowed = roost({"migrate", "--allow-data-loss"}, none);
  CAPTURE(allowed.err);
  CHECK(allowed.status == 0);
  CHECK(count(roost, "User") == "2\n");
  CHECK(count(roost, "Post") == "0\n");
  CHECK(count(roost, "Profile") == "0\n");
}

}  // namespace roost::test::cascade_rebuild
