#pragma once
// JSONC (JSON with // and /* */ comments and trailing commas), as wrangler.jsonc and roost's
// own config files use it. Errors are roost::ConfigError with file:line:col.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace roost::d1 {

nlohmann::json parseJsonc(std::string_view text, const std::string& fileName);
nlohmann::json readJsoncFile(const std::filesystem::path& file);

}  // namespace roost::d1
