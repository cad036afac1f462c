#include "roost/project/wrangler_config.hpp"

#include <system_error>
#include <unordered_set>

#include "roost/project/config_document.hpp"
#include "roost/project/config_limits.hpp"
#include "roost/orm/error.hpp"

namespace roost::project {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path absoluteDir(const fs::path& dir) {
  fs::path normal = fs::absolute(dir).lexically_normal();
  if (!normal.has_filename() && normal != normal.root_path()) normal = normal.parent_path();  // "a/b/" → "a/b"
  return normal;
}

// find-up: the nearest folder (start included) that holds `name`.
std::optional<fs::path> findUp(const fs::path& start, const char* name) {
  std::error_code ec;
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::path candidate = dir / name; fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

D1Binding readBinding(const ConfigDocument& doc, const json& entry, const std::string& path) {
  doc.requireObject(entry, path);
  D1Binding binding;
  binding.binding = doc.optionalString(entry, path, "binding");
  if (binding.binding.empty()) doc.fail(path, "\"binding\" is required: the name the Worker uses, e.g. \"DB\"");
  binding.databaseName = doc.optionalString(entry, path, "database_name");
  binding.databaseId = doc.optionalString(entry, path, "database_id");
  binding.previewDatabaseId = doc.optionalString(entry, path, "preview_database_id");
  if (const json* dir = doc.member(entry, path, "migrations_dir", json::value_t::string))
    binding.migrationsDir = dir->get<std::string>();
  binding.migrationsTable = doc.optionalString(entry, path, "migrations_table");
  if (binding.migrationsTable.empty()) binding.migrationsTable = kDefaultMigrationsTable;
  // Like wrangler, the config only checks that migrations_pattern is a string; its rules
  // (project::resolveMigrationsPattern) apply when migrations are read.
  if (entry.contains("migrations_pattern"))
    binding.migrationsPattern = doc.optionalString(entry, path, "migrations_pattern");
  return binding;
}

std::vector<D1Binding> readD1Databases(const ConfigDocument& doc, const json& section, const std::string& sectionPath) {
  const json* list = doc.member(section, sectionPath, "d1_databases", json::value_t::array);
  if (!list) return {};
  const std::string listPath = childPath(sectionPath, "d1_databases");
  if (list->size() > kMaxD1Bindings)
    doc.fail(indexPath(listPath, kMaxD1Bindings), "more than " + std::to_string(kMaxD1Bindings) +
                                                               " D1 bindings (the limit of one d1_databases list)");
  std::vector<D1Binding> bindings;
  bindings.reserve(list->size());
  std::unordered_set<std::string> seen;
  // One buffer for every entry's path: under a long env name, a fresh copy per entry would
  // move the prefix once per binding (20,000 x 200 KB took a minute under ASan).
  std::string path = listPath;
  for (std::size_t i = 0; i < list->size(); ++i) {
    path.resize(listPath.size());
    path += '[';
    path += std::to_string(i);
    path += ']';
    D1Binding binding = readBinding(doc, (*list)[i], path);
    if (!seen.insert(binding.binding).second)
      doc.fail(childPath(path, "binding"), "the binding \"" + binding.binding + "\" is declared twice");
    bindings.push_back(std::move(binding));
  }
  return bindings;
}

// env.<name>; wrangler refuses an --env the file does not declare, and so do we.
const json& selectEnv(const ConfigDocument& doc, std::string_view env) {
  const json* envs = doc.member(doc.root, "", "env", json::value_t::object);
  const auto found = envs ? envs->find(env) : doc.root.end();
  if (!envs || found == envs->end()) {
    std::vector<std::string> known;
    if (envs)
      for (const auto& item : envs->items()) known.push_back(item.key());
    throw ConfigError(doc.fileName, 0, 0,
                      "no environment named \"" + std::string(env) + "\"; " +
                          (known.empty() ? std::string("the file declares no environments")
                                         : "environments in the file: " + joinNames(known)));
  }
  doc.requireObject(*found, childPath("env", env));
  return *found;
}

}  // namespace

const D1Binding* WranglerConfig::findBinding(std::string_view name) const {
  for (const D1Binding& binding : d1Databases)
    if (binding.binding == name) return &binding;
  return nullptr;
}

const D1Binding* WranglerConfig::findBindingOrDatabase(std::string_view name) const {
  std::vector<const D1Binding*> matches;
  for (const D1Binding& binding : d1Databases)
    if (binding.binding == name || binding.databaseName == name) matches.push_back(&binding);
  if (matches.empty()) return nullptr;
  if (matches.size() == 1 || matches.front()->binding == name) return matches.front();
  std::vector<std::string> names;
  for (const D1Binding* match : matches) names.push_back(match->binding);
  throw ConfigError(file.string(), 0, 0,
                    "--database " + std::string(name) + " is ambiguous" + (env.empty() ? "" : " (env " + env + ")") +
                        ": it names the database or binding of " + joinNames(names) +
                        "; pass one of these binding names instead");
}

std::string WranglerConfig::describeBindings() const {
  std::vector<std::string> described;
  for (const D1Binding& binding : d1Databases)
    described.push_back(binding.binding +
                        (binding.databaseName.empty() ? "" : " (database " + binding.databaseName + ")"));
  return joinNames(described);
}

std::vector<std::string> WranglerConfig::bindingNames() const {
  std::vector<std::string> names;
  for (const D1Binding& binding : d1Databases) names.push_back(binding.binding);
  return names;
}

// wrangler looks for each name all the way up before trying the next one, so a wrangler.json
// in a parent folder wins over a wrangler.toml in the start folder; we do the same.
std::optional<std::filesystem::path> findWranglerConfig(const std::filesystem::path& startDir) {
  const fs::path start = absoluteDir(startDir);
  for (const char* name : {"wrangler.json", "wrangler.jsonc", "wrangler.toml"})
    if (auto found = findUp(start, name)) return found;
  return std::nullopt;
}

WranglerConfig loadWranglerConfig(const std::filesystem::path& file, std::string_view env) {
  const ConfigDocument doc = readConfigDocument(file);
  doc.requireObject(doc.root, "");
  WranglerConfig config;
  config.file = file;
  config.env = std::string(env);
  config.accountId = doc.optionalString(doc.root, "", "account_id");
  if (env.empty()) {
    config.d1Databases = readD1Databases(doc, doc.root, "");
    return config;
  }
  const json& section = selectEnv(doc, env);
  const std::string sectionPath = childPath("env", env);
  // account_id is inheritable; d1_databases is not (wrangler's rule for bindings).
  if (std::string own = doc.optionalString(section, sectionPath, "account_id"); !own.empty()) config.accountId = own;
  config.d1Databases = readD1Databases(doc, section, sectionPath);
  return config;
}

}  // namespace roost::project
