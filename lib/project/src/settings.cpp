#include "roost/project/settings.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

#include "roost/project/config_document.hpp"

namespace roost::project {
namespace {

using nlohmann::json;

struct TextSetting {
  const char* key;
  std::string RoostSettings::*field;
  bool mayBeEmpty;  // "" keeps the documented default path
};

const TextSetting kTextSettings[] = {
    {"d1Binding", &RoostSettings::d1Binding, false},
    {"tenantStrategy", &RoostSettings::tenantStrategy, false},
    {"tenantModel", &RoostSettings::tenantModel, false},
    {"tenantSlugColumn", &RoostSettings::tenantSlugColumn, false},
    {"tenantBindingPattern", &RoostSettings::tenantBindingPattern, false},
    {"tenantMigrationsDir", &RoostSettings::tenantMigrationsDir, true},
    {"migrationsDir", &RoostSettings::migrationsDir, true},
};
const char* const kUseSession = "useSession";

std::vector<std::string> knownKeys() {
  std::vector<std::string> keys;
  for (const TextSetting& setting : kTextSettings) keys.emplace_back(setting.key);
  keys.emplace_back(kUseSession);
  return keys;
}

// A typo ("d1binding") would otherwise silently fall back to a default.
void rejectUnknownKeys(const ConfigDocument& doc) {
  const std::vector<std::string> known = knownKeys();
  for (const auto& item : doc.root.items())
    if (std::find(known.begin(), known.end(), item.key()) == known.end())
      doc.fail(item.key(), "unknown key; known keys: " + joinNames(known));
}

void readTextSettings(const ConfigDocument& doc, RoostSettings& settings) {
  for (const TextSetting& setting : kTextSettings) {
    const json* value = doc.member(doc.root, "", setting.key, json::value_t::string);
    if (!value) continue;
    std::string text = value->get<std::string>();
    if (text.empty() && !setting.mayBeEmpty) doc.fail(setting.key, "must not be empty");
    settings.*setting.field = std::move(text);
  }
}

void checkTenantSettings(const ConfigDocument& doc, const RoostSettings& settings) {
  if (settings.tenantStrategy != "row" && settings.tenantStrategy != "database")
    doc.fail("tenantStrategy", "expected \"row\" or \"database\", found \"" + settings.tenantStrategy + "\"");
  if (settings.tenantBindingPattern.find("{SLUG}") == std::string::npos)
    doc.fail("tenantBindingPattern", "must contain {SLUG}, e.g. \"DB_TENANT_{SLUG}\"");
}

}  // namespace

RoostSettings loadRoostSettings(const std::filesystem::path& projectDir) {
  RoostSettings settings;
  const std::filesystem::path file = projectDir / "config" / "database.jsonc";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return settings;
  const ConfigDocument doc = readConfigDocument(file);
  doc.requireObject(doc.root, "");
  rejectUnknownKeys(doc);
  readTextSettings(doc, settings);
  if (const json* value = doc.member(doc.root, "", kUseSession, json::value_t::boolean)) settings.useSession = value->get<bool>();
  checkTenantSettings(doc, settings);
  settings.file = file;
  return settings;
}

}  // namespace roost::project
