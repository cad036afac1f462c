// libFuzzer target: migrations_pattern globs (MigrationGlob, the minimatch + brace-expansion
// port). The input is a pattern, a newline, then paths one per line. Any pattern either builds
// or is refused with roost::Error (an expansion past its limit); matching never crashes, and
// comparePaths is an order: antisymmetric and reflexive.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_files.hpp"
#include "roost/migrate/migration_glob.hpp"
#include "roost/orm/error.hpp"

namespace {

constexpr std::size_t kMaxPaths = 16;

int sign(int v) { return (v > 0) - (v < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = roost::fuzz::bytesOf(data, size);
  const std::size_t eol = text.find('\n');
  const std::string_view pattern = text.substr(0, eol);
  std::vector<std::string_view> paths;
  text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
  while (!text.empty() && paths.size() < kMaxPaths) {
    const std::size_t end = text.find('\n');
    paths.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  try {
    const roost::migrate::MigrationGlob glob(pattern);
    for (std::string_view path : paths) {
      (void)glob.matches(path);
      (void)glob.mayMatchBelow(path);
    }
  } catch (const roost::Error& e) {
    if (std::string_view(e.what()).empty()) std::abort();
  }
  for (std::string_view a : paths) {
    if (roost::migrate::MigrationGlob::comparePaths(a, a) != 0) std::abort();
    for (std::string_view b : paths)
      if (sign(roost::migrate::MigrationGlob::comparePaths(a, b)) != -sign(roost::migrate::MigrationGlob::comparePaths(b, a)))
        std::abort();
  }
  return 0;
}
