#pragma once
// MigrationFiles: the migrations folder as wrangler sees it. Up files are the top-level
// `*.sql` files (wrangler reads nothing else, so it never runs a down file); a migration's
// down file is `down/<same file name>`. Order is wrangler's: numeric prefix, then name.
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
  std::filesystem::path downPath;   // <dir>/down/<name>, whether or not it exists
  bool hasDown = false;
};

class MigrationFiles {
 public:
  // Scans dir. A missing folder is not an error: it simply holds no migrations.
  explicit MigrationFiles(std::filesystem::path dir);

  const std::filesystem::path& dir() const noexcept { return dir_; }
  bool dirExists() const noexcept { return dirExists_; }
  const std::vector<MigrationFile>& all() const noexcept { return files_; }
  const MigrationFile* find(std::string_view name) const noexcept;

  // The up or down SQL of a migration (a UTF-8 byte-order mark is dropped);
  // throws roost::Error if the file cannot be read, and roost::ConfigError (file:line:col) if it
  // holds a NUL byte or has more than kMaxMigrationFileBytes.
  static std::string read(const std::filesystem::path& file);

  // Wrangler's order: names with a numeric prefix (digits before the first '_') by that
  // number, then by name; names without one after them, by name.
  static bool before(std::string_view a, std::string_view b) noexcept;
  // The leading digits ("0007" for "0007_x.sql"), empty when there are none.
  static std::string_view numericPrefix(std::string_view name) noexcept;

 private:
  std::filesystem::path dir_;
  bool dirExists_ = false;
  std::vector<MigrationFile> files_;
};

}  // namespace roost::migrate
