#pragma once
// The one reader of roost's project files (wrangler config, config/database.jsonc,
// database/models.jsonc, factories, seeders): a config file (JSONC or TOML) read into one JSON
// tree, with the real position of any value or member, so that every error is file:line:col
// whatever the format. Paths look like "env.staging.d1_databases[0].binding". The limits of
// roost/project/config_limits.hpp are checked before either parser sees the text.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "roost/project/json_positions.hpp"
#include "roost/project/jsonc.hpp"

namespace roost::project {

class ConfigDocument {
 public:
  std::string fileName;
  nlohmann::json root;
  bool isToml = false;                            // only changes the words in errors ("table" vs "object")
  // Where the value at a path starts, found on demand (only errors need it): one pass over the
  // document, so nothing is kept per value and no path string is built for every value.
  std::function<std::optional<TextPosition>(std::string_view path)> locate;
  // Where the member at a path is written: its key in JSONC (an array element's value, the root
  // value for ""); in TOML the value. Found on demand, as locate.
  std::function<std::optional<TextPosition>(std::string_view path)> locateMember;
  // JSONC only (empty for TOML): every value's and member's position, built in one pass when
  // called, for readers that walk the whole tree (locate per value would be quadratic there).
  std::function<std::shared_ptr<const JsonPositions>()> positions;

  // ConfigError at the value's position (line/col 0 when unknown), message prefixed by the path.
  [[noreturn]] void fail(const std::string& path, const std::string& message) const;
  // ConfigError at the member's position (line/col 0 when unknown), the message as given.
  [[noreturn]] void failAtMember(std::string_view path, const std::string& message) const;

  // object[key] checked against a type: nullptr when absent, a ConfigError when of another type.
  const nlohmann::json* member(const nlohmann::json& object, const std::string& objectPath, std::string_view key,
                               nlohmann::json::value_t expected) const;
  // object[key] as a string, "" when absent.
  std::string optionalString(const nlohmann::json& object, const std::string& objectPath, std::string_view key) const;
  void requireObject(const nlohmann::json& value, const std::string& path) const;

  std::string describe(nlohmann::json::value_t type) const;  // "a string", "an array", "a table", ...
};

std::string childPath(const std::string& parent, std::string_view key);
std::string indexPath(const std::string& parent, std::size_t index);
std::string joinNames(const std::vector<std::string>& names);  // "A, B, C"

ConfigDocument parseJsoncDocument(std::string_view text, const std::string& fileName);
ConfigDocument parseTomlDocument(std::string_view text, const std::string& fileName);
// By extension: .toml is TOML, anything else JSONC (wrangler reads .json as JSONC too).
ConfigDocument readConfigDocument(const std::filesystem::path& file);

}  // namespace roost::project
