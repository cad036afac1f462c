#include "roost/migrate/migration_files.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "roost/migrate/migration_glob.hpp"
#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::migrate {

namespace {

[[noreturn]] void tooBig(const fs::path& file, std::uintmax_t size) {
  throw ConfigError(file.string(), 0, 0,
                    "the migration has " + std::to_string(size) + " bytes; a migration file may have at most " +
                        std::to_string(kMaxMigrationFileBytes) + " (" + std::to_string(kMaxMigrationFileBytes >> 20) +
                        " MiB)");
}

}  // namespace

std::string_view MigrationFiles::numericPrefix(std::string_view name) noexcept {
  std::size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') ++n;
  return name.substr(0, n);
}

bool MigrationFiles::before(std::string_view a, std::string_view b) { return MigrationGlob::comparePaths(a, b) < 0; }

namespace {
fs::path downPathUnder(const fs::path& dir, const MigrationGlob& glob, std::string_view name) {
  for (const char* folder : {"down", ".down"})
    if (!glob.matches(std::string(folder) + "/" + std::string(name))) return dir / folder / fs::path(std::string(name));
  return {};
}
}  // namespace

fs::path MigrationFiles::downPathFor(const fs::path& dir, std::string_view pattern, std::string_view name) {
  return downPathUnder(dir, MigrationGlob{pattern}, name);
}

MigrationFiles::MigrationFiles(fs::path dir, std::string pattern) : dir_(std::move(dir)), pattern_(std::move(pattern)) {
  std::error_code ec;
  dirExists_ = fs::is_directory(dir_, ec);
  if (!dirExists_) return;
  const MigrationGlob glob{pattern_};
  for (std::string& name : glob.list(dir_)) {
    MigrationFile f;
    f.path = dir_ / fs::path(name);
    f.downPath = downPathUnder(dir_, glob, name);
    std::error_code typeEc;
    f.hasDown = !f.downPath.empty() && fs::is_regular_file(fs::symlink_status(f.downPath, typeEc));
    f.name = std::move(name);
    files_.push_back(std::move(f));
  }
}

const MigrationFile* MigrationFiles::find(std::string_view name) const noexcept {
  for (const MigrationFile& f : files_)
    if (f.name == name) return &f;
  return nullptr;
}

std::string MigrationFiles::read(const fs::path& file) {
  std::error_code ec;
  if (const std::uintmax_t size = fs::file_size(file, ec); !ec && size > kMaxMigrationFileBytes) tooBig(file, size);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read migration file " + file.string());
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxMigrationFileBytes && (in.read(buffer, sizeof buffer) || in.gcount() > 0))
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw Error("cannot read migration file " + file.string());
  if (text.size() > kMaxMigrationFileBytes) tooBig(file, text.size());  // it grew while we read
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    // SQLite stops reading a script at a NUL byte: everything after it would be skipped silently.
    const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n') + 1;
    const std::size_t lineStart = text.rfind('\n', nul) == std::string::npos ? 0 : text.rfind('\n', nul) + 1;
    throw ConfigError(file.string(), static_cast<int>(line), static_cast<int>(nul - lineStart + 1),
                      "a NUL byte (\\0) in a migration: SQLite would silently skip everything after it; remove it");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  return text;
}

}  // namespace roost::migrate
