#pragma once
// The body of the wrangler_jsonc and wrangler_toml targets: the input as the project's
// wrangler config, read by loadWranglerConfig at the top level and for an environment.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "roost/project/wrangler_config.hpp"

namespace roost::fuzz {

inline void checkWranglerConfig(const project::WranglerConfig& config) {
  std::set<std::string> names;
  for (const project::D1Binding& binding : config.d1Databases) {
    if (binding.binding.empty() || binding.migrationsTable.empty()) std::abort();
    if (!names.insert(binding.binding).second) std::abort();
    if (config.findBinding(binding.binding) == nullptr) std::abort();
  }
  if (config.bindingNames().size() != config.d1Databases.size()) std::abort();
}

inline int fuzzWranglerConfig(const char* fileName, const std::uint8_t* data, std::size_t size) {
  static const ScratchProject project;
  const std::string_view text = bytesOf(data, size);
  const std::filesystem::path file = project.write(fileName, text);
  for (const char* env : {"", "staging"}) {
    try {
      checkWranglerConfig(project::loadWranglerConfig(file, env));
    } catch (const ConfigError& e) {
      checkConfigError(e, text, file.string());
    }
  }
  return 0;
}

}  // namespace roost::fuzz
