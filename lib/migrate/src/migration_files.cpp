#include "roost/migrate/migration_files.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::migrate {

namespace {

bool endsWithSql(std::string_view name) {
  return name.size() > 4 && name.substr(name.size() - 4) == ".sql";
}

std::string_view withoutLeadingZeros(std::string_view digits) {
  auto first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? std::string_view{} : digits.substr(first);
}

// Numeric comparison of two digit strings of any length (timestamps overflow nothing).
int compareNumbers(std::string_view a, std::string_view b) {
  a = withoutLeadingZeros(a);
  b = withoutLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// Names of regular files (or links to them) ending in .sql directly inside dir.
std::vector<std::string> sqlFilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return names;
  for (const fs::directory_entry& entry : it) {
    std::string name = entry.path().filename().string();
    if (!endsWithSql(name) || name.front() == '.') continue;  // wrangler skips hidden files...
    std::error_code typeEc;
    if (entry.is_symlink(typeEc) || !entry.is_regular_file(typeEc)) continue;  // ...and symlinks
    names.push_back(std::move(name));
  }
  return names;
}

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

bool MigrationFiles::before(std::string_view a, std::string_view b) noexcept {
  std::string_view na = numericPrefix(a), nb = numericPrefix(b);
  if (na.empty() != nb.empty()) return !na.empty();
  if (!na.empty()) {
    int c = compareNumbers(na, nb);
    if (c != 0) return c < 0;
  }
  return a < b;
}

MigrationFiles::MigrationFiles(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  dirExists_ = fs::is_directory(dir_, ec);
  if (!dirExists_) return;
  std::vector<std::string> ups = sqlFilesIn(dir_);
  std::sort(ups.begin(), ups.end(), [](const std::string& a, const std::string& b) { return before(a, b); });
  std::vector<std::string> downList = sqlFilesIn(dir_ / "down");
  std::set<std::string, std::less<>> downs(downList.begin(), downList.end());
  files_.reserve(ups.size());
  for (std::string& name : ups) {
    MigrationFile f;
    f.path = dir_ / name;
    f.downPath = dir_ / "down" / name;
    f.hasDown = downs.count(name) > 0;
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
