// libFuzzer target: migration file names, as MigrationFiles scans and orders them. The input is
// a list of names, one per line. MigrationFiles::before must be a strict weak order (std::sort
// relies on it), numericPrefix the leading digits, and a scan of a folder holding those files
// must list exactly the top-level *.sql files in that order, each with its down file when present.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fuzz_files.hpp"
#include "roost/migrate/migration_files.hpp"

namespace {

using roost::migrate::MigrationFiles;

constexpr std::size_t kMaxNames = 48;

std::vector<std::string> namesOf(std::string_view text) {
  std::vector<std::string> names;
  while (!text.empty() && names.size() < kMaxNames) {
    const std::size_t eol = text.find('\n');
    names.emplace_back(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
  }
  return names;
}

void checkOrder(const std::vector<std::string>& names) {
  for (const std::string& a : names) {
    const std::string_view prefix = MigrationFiles::numericPrefix(a);
    if (a.compare(0, prefix.size(), prefix) != 0) std::abort();
    if (prefix.size() < a.size() && a[prefix.size()] >= '0' && a[prefix.size()] <= '9') std::abort();
    if (MigrationFiles::before(a, a)) std::abort();
    for (const std::string& b : names) {
      const bool ab = MigrationFiles::before(a, b), ba = MigrationFiles::before(b, a);
      if (ab && ba) std::abort();
      if (!ab && !ba && a != b) std::abort();  // only equal names are equivalent: the order is total
      for (const std::string& c : names)
        if (ab && MigrationFiles::before(b, c) && !MigrationFiles::before(a, c)) std::abort();
    }
  }
}

// A name the file system can hold as one file in one folder.
bool storable(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name != "down" && name.size() < 200 && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

void checkScan(const roost::fuzz::ScratchProject& project, const std::vector<std::string>& names) {
  const std::filesystem::path dir = project.dir() / "migrations";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "down");
  std::set<std::string> ups, downs;
  bool asciiOnly = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!storable(names[i])) continue;
    const bool down = i % 3 == 2;  // every third name goes to down/ as well
    project.write("migrations/" + names[i], "SELECT 1;");
    if (down) project.write("migrations/down/" + names[i], "SELECT 2;");
    // For ASCII names wrangler's `*.sql` (minimatch, dot: false) is exactly this suffix test.
    // Other names follow JavaScript's Unicode rules (the pinned wrangler lists no name starting
    // with U+2028, say), which tests/migrate/migration_glob_test.cpp holds against wrangler's
    // own minimatch; here they are only checked for order and down files.
    for (char c : names[i]) asciiOnly = asciiOnly && static_cast<unsigned char>(c) < 0x80;
    const bool listed = names[i].size() > 4 && names[i].ends_with(".sql") && names[i][0] != '.';
    if (listed) ups.insert(names[i]);
    if (listed && down) downs.insert(names[i]);
  }
  const MigrationFiles files(dir);
  if (!files.dirExists() || (asciiOnly && files.all().size() != ups.size())) std::abort();
  for (std::size_t i = 0; i < files.all().size(); ++i) {
    const auto& f = files.all()[i];
    if (asciiOnly && (!ups.count(f.name) || f.hasDown != (downs.count(f.name) > 0))) std::abort();
    if (f.hasDown != std::filesystem::exists(dir / "down" / f.name)) std::abort();
    if (f.path != dir / f.name || f.downPath != dir / "down" / f.name) std::abort();
    if (files.find(f.name) != &f) std::abort();
    if (i > 0 && !MigrationFiles::before(files.all()[i - 1].name, f.name)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const roost::fuzz::ScratchProject project;
  const std::vector<std::string> names = namesOf(roost::fuzz::bytesOf(data, size));
  checkOrder(names);
  checkScan(project, names);
  return 0;
}
