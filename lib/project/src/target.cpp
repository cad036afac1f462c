#include "roost/project/target.hpp"

#include <cstdlib>
#include <system_error>

#include "roost/project/config_document.hpp"
#include "roost/project/local_database.hpp"
#include "roost/project/migrations_pattern.hpp"
#include "roost/project/tenant_routing.hpp"
#include "roost/orm/error.hpp"

namespace roost::project {
namespace {

namespace fs = std::filesystem;

std::string environmentVariable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string selectedEnv(const TargetOptions& options) {
  return options.env ? *options.env : environmentVariable("CLOUDFLARE_ENV");
}

void checkFlagCombinations(const TargetOptions& options) {
  if (!options.dbFile) return;
  if (options.remote) throw ConfigError("--db opens a local SQLite file; it cannot be combined with --remote");
  if (options.persistTo)
    throw ConfigError("--db names the SQLite file itself; it cannot be combined with --persist-to");
}

std::optional<fs::path> locateConfig(const TargetOptions& options, const fs::path& cwd) {
  if (!options.configFile) return findWranglerConfig(cwd);
  const fs::path file = (cwd / *options.configFile).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw ConfigError(file.string(), 0, 0, "no such file (given with --config)");
  return file;
}

ConfigError noConfigFound(const fs::path& cwd, bool remote) {
  return ConfigError("no wrangler.json, wrangler.jsonc or wrangler.toml found in " + cwd.string() +
                     " or any parent folder; pass --config FILE" + (remote ? "" : " or --db FILE"));
}

ConfigError unknownBinding(const WranglerConfig& config, const std::string& name) {
  return ConfigError("no D1 binding or database named " + name + " in " + config.file.string() +
                     (config.env.empty() ? "" : " (env " + config.env + ")") + "; " +
                     (config.d1Databases.empty() ? "the config declares no d1_databases"
                                                 : "known bindings: " + config.describeBindings()));
}

// A binding name or, as wrangler takes it, a database_name. With --db a name the config lacks (or
// no config at all) is fine: it only names the database.
D1Binding selectBinding(const std::optional<WranglerConfig>& config, const std::string& name, bool dbFlag) {
  if (config)
    if (const D1Binding* found = config->findBindingOrDatabase(name)) return *found;
  if (config && !dbFlag) throw unknownBinding(*config, name);
  D1Binding bare;
  bare.binding = name;
  return bare;
}

fs::path resolveMigrationsDir(const Target& target) {
  if (target.tenantDatabase) {  // a tenant database: its binding's dir, else tenantMigrationsDir
    if (target.wrangler && target.binding.migrationsDir)
      return (target.wrangler->dir() / normalizeRelativePath(*target.binding.migrationsDir)).lexically_normal();
    if (!target.settings.tenantMigrationsDir.empty())
      return (target.projectDir / target.settings.tenantMigrationsDir).lexically_normal();
    return target.projectDir / "database" / "migrations" / "tenant";
  }
  if (!target.settings.migrationsDir.empty())
    return (target.projectDir / normalizeRelativePath(target.settings.migrationsDir)).lexically_normal();
  // wrangler's migrations_dir (backslashes are separators there too), else its default "migrations".
  const fs::path base = target.wrangler ? target.wrangler->dir() : target.projectDir;
  return (base / bindingMigrationsDir(target.binding)).lexically_normal();
}

// --tenant with tenantStrategy "database" names the binding; it is never combined with --database.
std::string bindingNameFor(const TargetOptions& options, const Target& target) {
  if (!options.tenant || target.settings.tenantStrategy != "database") return options.database.value_or(target.settings.d1Binding);
  if (options.database) throw ConfigError("--tenant picks the tenant's own binding; it cannot be combined with --database");
  if (!target.wrangler) throw ConfigError("--tenant with tenantStrategy \"database\" needs a wrangler config listing the tenant bindings");
  const std::string name = tenantBindingName(target.settings.tenantBindingPattern, *options.tenant);
  if (!target.wrangler->findBinding(name))
    throw ConfigError(unknownTenantMessage(*options.tenant, tenantBindings(*target.wrangler, target.settings),
                                           target.settings.tenantBindingPattern));
  return name;
}

void resolveRemote(Target& target) {
  if (target.binding.databaseId.empty())
    throw ConfigError(target.wrangler->file.string(), 0, 0,
                      "the D1 binding " + target.binding.binding + " has no database_id, which --remote needs");
  target.kind = Target::Kind::Remote;
  target.accountId = target.wrangler->accountId;
  if (target.accountId.empty()) target.accountId = environmentVariable("CLOUDFLARE_ACCOUNT_ID");
}

// Shown relative to the project when inside it: shorter, and the same on every machine.
std::string displayPath(const fs::path& file, const fs::path& projectDir) {
  const fs::path relative = file.lexically_relative(projectDir);
  if (relative.empty() || *relative.begin() == "..") return file.string();
  return relative.string();
}

}  // namespace

MigrationsPattern migrationsPattern(const Target& target) {
  const std::string file = target.wrangler ? target.wrangler->file.filename().string() : std::string("wrangler config");
  return resolveMigrationsPattern(target.binding, file);
}

std::string Target::describe() const {
  const std::string env = wrangler && !wrangler->env.empty() ? ", env " + wrangler->env : "";
  const std::string tenant = tenantSlug ? ", tenant " + *tenantSlug : "";
  if (kind == Kind::Remote) {
    const std::string name = binding.databaseName.empty() ? "" : binding.databaseName + " ";
    return "remote " + binding.binding + " (" + name + binding.databaseId + env + tenant + ")";
  }
  return (fromDbFlag ? "file " : "local ") + binding.binding + " (" + displayPath(sqlitePath, projectDir) + env + tenant + ")";
}

Target resolveTarget(const TargetOptions& options) {
  checkFlagCombinations(options);
  const fs::path cwd = fs::absolute(options.cwd).lexically_normal();
  const std::optional<fs::path> configFile = locateConfig(options, cwd);
  if (!configFile && !options.dbFile) throw noConfigFound(cwd, options.remote);

  Target target;
  target.projectDir = configFile ? configFile->parent_path() : cwd;
  target.settings = loadRoostSettings(target.projectDir);
  if (configFile) target.wrangler = loadWranglerConfig(*configFile, selectedEnv(options));
  target.tenantSlug = options.tenant;
  target.tenantDatabase = options.tenant && target.settings.tenantStrategy == "database";
  target.binding = selectBinding(target.wrangler, bindingNameFor(options, target), options.dbFile.has_value());
  target.migrationsDir = resolveMigrationsDir(target);
  target.migrationsTable = target.binding.migrationsTable.empty() ? std::string(kDefaultMigrationsTable) : target.binding.migrationsTable;

  if (options.dbFile) {
    target.sqlitePath = (cwd / *options.dbFile).lexically_normal();
    target.fromDbFlag = true;
  } else if (options.remote) {
    resolveRemote(target);
  } else {
    const auto persistTo = options.persistTo ? std::optional<fs::path>(cwd / *options.persistTo) : std::nullopt;
    target.sqlitePath = localDatabasePath(target.projectDir, target.binding, persistTo);
  }
  return target;
}

}  // namespace roost::project
