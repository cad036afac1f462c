// libFuzzer target: the in-place config editor (setBindingKeyInText). The first byte picks the
// format (even: JSONC, odd: TOML), the rest is the file. Any text either gets the key, or is
// refused with a ConfigError naming the file and a place inside it. An edited text must take the
// same edit again unchanged (the key is there, with that value), and editing never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "roost/project/config_edit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool toml = (data[0] & 1) != 0;
  const std::string file = toml ? "wrangler.toml" : "wrangler.jsonc";
  const std::string_view text = roost::fuzz::bytesOf(data + 1, size - 1);
  const roost::project::BindingKeyEdit edit{(data[0] & 2) ? "staging" : "", "DB", "migrations_dir", "database/migrations"};
  std::string edited;
  try {
    edited = roost::project::setBindingKeyInText(text, toml, file, edit);
  } catch (const roost::ConfigError& e) {
    roost::fuzz::checkConfigError(e, text, file);
    return 0;
  }
  try {
    if (roost::project::setBindingKeyInText(edited, toml, file, edit) != edited) std::abort();
  } catch (const roost::ConfigError&) {
    std::abort();  // the editor's own output no longer parses, or lost the binding
  }
  return 0;
}
