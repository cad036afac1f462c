// libFuzzer target: config/database.jsonc as roost reads it (loadRoostSettings): any bytes give
// settings that satisfy the documented rules, or a ConfigError naming the file and a place in it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "roost/project/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const roost::fuzz::ScratchProject project;
  const std::string_view text = roost::fuzz::bytesOf(data, size);
  const std::filesystem::path file = project.write("config/database.jsonc", text);
  try {
    const roost::project::RoostSettings settings = roost::project::loadRoostSettings(project.dir());
    if (settings.file != file) std::abort();
    if (settings.d1Binding.empty() || settings.tenantModel.empty() || settings.tenantSlugColumn.empty()) std::abort();
    if (settings.tenantStrategy != "row" && settings.tenantStrategy != "database") std::abort();
    if (settings.tenantBindingPattern.find("{SLUG}") == std::string::npos) std::abort();
  } catch (const roost::ConfigError& e) {
    roost::fuzz::checkConfigError(e, text, file.string());
  }
  return 0;
}
