// libFuzzer target: roost's JSONC reader (parseJsonc, blankJsoncExtras, textPositionAt), which
// every JSONC project file goes through. Any bytes give a JSON value or a ConfigError at a
// place inside the text; blanking keeps every offset and line; a parsed value reads back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <nlohmann/json.hpp>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "roost/project/jsonc.hpp"

namespace {

const std::string kFile = "fuzz.jsonc";

void checkBlanked(std::string_view text, const std::string& blank) {
  if (blank.size() != text.size()) std::abort();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool lineBreak = text[i] == '\n' || text[i] == '\r';
    if (lineBreak != (blank[i] == '\n' || blank[i] == '\r')) std::abort();
    if (blank[i] != text[i] && blank[i] != ' ') std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = roost::fuzz::bytesOf(data, size);
  try {
    checkBlanked(text, roost::project::blankJsoncExtras(text, kFile));
  } catch (const roost::ConfigError& e) {
    roost::fuzz::checkConfigError(e, text, kFile);
  }
  try {
    const nlohmann::json value = roost::project::parseJsonc(text, kFile);
    if (roost::project::parseJsonc(value.dump(), kFile) != value) std::abort();
  } catch (const roost::ConfigError& e) {
    roost::fuzz::checkConfigError(e, text, kFile);
  }
  const auto end = roost::project::textPositionAt(text, size);
  if (end.line != roost::fuzz::lineCount(text) || end.column < 1) std::abort();
  return 0;
}
