#pragma once
// JSONC (JSON with // and /* */ comments and trailing commas), as wrangler.jsonc and roost's
// own config files use it. Errors are roost::ConfigError with file:line:col. The limits of
// config_limits.hpp hold: at most kMaxConfigFileBytes, no NUL byte, nesting at most
// kMaxConfigNesting (checked before parsing), numbers within a double's range.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>  // callers of parseJsonc include <nlohmann/json.hpp>

namespace roost::project {

nlohmann::json parseJsonc(std::string_view text, const std::string& fileName);
nlohmann::json readJsoncFile(const std::filesystem::path& file);

// The text with comments and trailing commas overwritten by spaces (newlines kept), so that
// every byte offset into the result is the same place in the original: a JSON parser's error
// offset maps straight back. An unterminated /* comment is a ConfigError.
std::string blankJsoncExtras(std::string_view text, const std::string& fileName);

// ConfigError at the key of the first object with more than maxKeys members (`what` names the
// limit in the message, e.g. "seed files"). One pass over `plain` (blankJsoncExtras's result;
// positions are reported in `text`). For readers whose per-object work is not constant per key.
void checkJsonObjectSizes(std::string_view plain, std::string_view text, const std::string& fileName,
                          std::size_t maxKeys, std::string_view what);

// 1-based line and column (in characters, UTF-8 aware) of a byte offset into text.
struct TextPosition {
  int line = 0;
  int column = 0;
};
TextPosition textPositionAt(std::string_view text, std::size_t byteOffset);

// textPositionAt for many offsets of one text: lines indexed once, and counting resumes from the
// previous answer when the offsets come in order, so positions for a whole file cost linear time.
class TextPositions {
 public:
  explicit TextPositions(std::string_view text);
  TextPosition at(std::size_t byteOffset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> lineStarts_;
  mutable std::size_t lastOffset_ = 0;
  mutable TextPosition last_{1, 1};
};

// The whole file as bytes; a missing or unreadable file is a ConfigError naming it, and so is
// one that fails checkConfigText.
std::string readConfigText(const std::filesystem::path& file);

// ConfigError (with line:col where there is one) if the text is over kMaxConfigFileBytes or
// holds a NUL byte (SQLite and most tools stop reading at one: the rest would be lost silently).
void checkConfigText(std::string_view text, const std::string& fileName);

}  // namespace roost::project
