#pragma once
// MigrationFiles: the migrations folder as wrangler sees it. Up files are the files the
// binding's migrations_pattern matches (relative to the folder; wrangler's default `*.sql`),
// found and ordered exactly as wrangler 4 does (MigrationGlob); a migration's name is its
// path relative to the folder with '/' separators ("0001_init.sql", "0001_init/migration.sql"),
// the key of the tracking table.
// Down files live where the pattern can never match them, so wrangler never runs one:
//   `<dir>/down/<name>` when the pattern does not match `down/<name>` (the default layout),
//   else `<dir>/.down/<name>` (wrangler's glob skips dot folders) when it does not match that,
//   else nowhere: such a migration has no down file (downPath is empty).
//
// A MigrationFiles is a snapshot taken when it is constructed; it never rescans. It is a
// plain value (copyable, thread-compatible).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace roost::migrate {

// The largest migration file roost reads (the whole file is held in memory and sent as one
// script); a bigger one is refused before it is read.
inline constexpr std::size_t kMaxMigrationFileBytes = 64u << 20;  // 64 MiB

struct MigrationFile {
  std::string name;                 // "0001_create_users.sql": the tracking table's key
  std::filesystem::path path;       // the up file
  std::filesystem::path downPath;   // where its down file goes (see above), whether or not it exists
  bool hasDown = false;
};

class MigrationFiles {
 public:
  // Scans dir for the files pattern (relative to dir, minimatch syntax) matches. A missing
  // folder holds no migrations here; commands report it (dirExists). Throws roost::Error for a
  // pattern whose braces expand to too many patterns.
  explicit MigrationFiles(std::filesystem::path dir, std::string pattern = "*.sql");

  const std::filesystem::path& dir() const noexcept { return dir_; }
  const std::string& pattern() const noexcept { return pattern_; }
  bool dirExists() const noexcept { return dirExists_; }
  const std::vector<MigrationFile>& all() const noexcept { return files_; }
  const MigrationFile* find(std::string_view name) const noexcept;

  // The up or down SQL of a migration (a UTF-8 byte-order mark is dropped);
  // throws roost::Error if the file cannot be read, and roost::ConfigError (file:line:col) if it
  // holds a NUL byte or has more than kMaxMigrationFileBytes.
  static std::string read(const std::filesystem::path& file);

  // Where name's down file goes in dir under pattern (the rule above); empty if nowhere.
  static std::filesystem::path downPathFor(const std::filesystem::path& dir, std::string_view pattern,
                                           std::string_view name);

  // Wrangler's order (compareMigrationPaths): path segment by segment, a leading number
  // (parseInt of the text before the first '_') first, numbered before unnumbered, then by name.
  static bool before(std::string_view a, std::string_view b);
  // The leading digits ("0007" for "0007_x.sql"), empty when there are none.
  static std::string_view numericPrefix(std::string_view name) noexcept;

 private:
  std::filesystem::path dir_;
  std::string pattern_;
  bool dirExists_ = false;
  std::vector<MigrationFile> files_;
};

}  // namespace roost::migrate
