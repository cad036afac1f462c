#pragma once
// JSONC (JSON with // and /* */ comments and trailing commas), as wrangler.jsonc and roost's
// own config files use it. Errors are roost::ConfigError with file:line:col.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace roost::d1 {

nlohmann::json parseJsonc(std::string_view text, const std::string& fileName);
nlohmann::json readJsoncFile(const std::filesystem::path& file);

// The text with comments and trailing commas overwritten by spaces (newlines kept), so that
// every byte offset into the result is the same place in the original: a JSON parser's error
// offset maps straight back. An unterminated /* comment is a ConfigError.
std::string blankJsoncExtras(std::string_view text, const std::string& fileName);

// 1-based line and column (in characters, UTF-8 aware) of a byte offset into text.
struct TextPosition {
  int line = 0;
  int column = 0;
};
TextPosition textPositionAt(std::string_view text, std::size_t byteOffset);

// The whole file as bytes; a missing or unreadable file is a ConfigError naming it.
std::string readConfigText(const std::filesystem::path& file);

}  // namespace roost::d1
