#pragma once
// MigrationCreator: `make:migration NAME`. Writes `<prefix>_<name>.sql` and
// `down/<prefix>_<name>.sql`, with bodies guessed from the name as Laravel does:
//   create_posts_table / create_posts  -> CREATE TABLE posts (...)   / DROP TABLE posts
//   add_org_id_to_posts[_table]        -> ALTER TABLE ... ADD COLUMN / ... DROP COLUMN
//   remove_org_id_from_posts[_table]   -> ALTER TABLE ... DROP COLUMN / ... ADD COLUMN
//   anything else                      -> a commented template
// Prefix: the next 4-digit number when the folder already uses `0001_` numbering (as
// `wrangler d1 migrations create` does), else a UTC `YYYYMMDDHHMMSS` timestamp.
#include <chrono>
#include <filesystem>
#include <functional>
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
  using ClockFn = std::function<std::chrono::system_clock::time_point()>;

  explicit MigrationCreator(std::filesystem::path dir, ClockFn clock = [] { return std::chrono::system_clock::now(); });

  // Creates the folder if needed. Throws roost::UsageError for a bad name ("create posts",
  // "../x", "") and roost::Error if a file would be overwritten.
  CreatedMigration create(std::string_view name) const;

  // NAME as a file-name stem: CamelCase and '-' become snake_case; anything but letters,
  // digits and '_' is refused.
  static std::string normalizeName(std::string_view name);
  // The prefix the next migration in dir gets.
  std::string nextPrefix() const;
  // The up and down SQL guessed from a normalized name.
  static MigrationTemplate guess(std::string_view name);

 private:
  std::filesystem::path dir_;
  ClockFn clock_;
};

}  // namespace roost::migrate
