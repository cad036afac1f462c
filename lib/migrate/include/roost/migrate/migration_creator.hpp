#pragma once
// MigrationCreator: `make:migration NAME`. Writes `<prefix>_<name>.sql` and its down file
// (MigrationFiles::downPathFor: `down/<prefix>_<name>.sql` in the default layout), with bodies
// guessed from the name as Laravel does:
//   create_posts_table / create_posts  -> CREATE TABLE posts (...)   / DROP TABLE posts
//   add_org_id_to_posts[_table]        -> ALTER TABLE ... ADD COLUMN / ... DROP COLUMN
//   remove_org_id_from_posts[_table]   -> ALTER TABLE ... DROP COLUMN / ... ADD COLUMN
//   anything else                      -> a commented template
// Prefix and name exactly as `wrangler d1 migrations create`: the highest leading number
// among the files the pattern matches plus one, at least 4 digits (`0001` in an empty
// folder); the name keeps everything but spaces (which become '_').
#include <filesystem>
#include <string>
#include <string_view>

namespace roost::migrate {

struct CreatedMigration {
  std::string name;               // "0004_create_posts_table.sql"
  std::filesystem::path up;
  std::filesystem::path down;
};

struct MigrationTemplate {
  std::string up, down;
};

class MigrationCreator {
 public:
  // pattern: the binding's migrations_pattern relative to dir (wrangler's default `*.sql`).
  explicit MigrationCreator(std::filesystem::path dir, std::string pattern = "*.sql");

  // Creates the folder if needed. Throws roost::UsageError for a bad name ("", "a/b", a
  // control character) and roost::Error if a file would be overwritten, if the pattern would
  // not match the new file, or if it would match its down file.
  CreatedMigration create(std::string_view name) const;

  // NAME as a file-name stem, as wrangler keeps it: spaces become '_' ("add user's settings"
  // -> "add_user's_settings"); capitals, dots, quotes, hyphens and non-ASCII stay.
  static std::string normalizeName(std::string_view name);
  // The prefix the next migration in dir gets.
  std::string nextPrefix() const;
  // The up and down SQL guessed from a normalized name.
  static MigrationTemplate guess(std::string_view name);

 private:
  std::filesystem::path dir_;
  std::string pattern_;
};

}  // namespace roost::migrate
