#pragma once
// Target: which database a command works on, resolved from the global flags
// (--config, --env/CLOUDFLARE_ENV, --database, --local|--remote, --persist-to, --db)
// plus the wrangler config and config/database.jsonc.
#include <filesystem>
#include <optional>
#include <string>

#include "roost/orm/schema.hpp"
#include "roost/project/migrations_pattern.hpp"
#include "roost/project/settings.hpp"
#include "roost/project/wrangler_config.hpp"

namespace roost::project {

struct TargetOptions {
  std::filesystem::path cwd = std::filesystem::current_path();
  std::optional<std::filesystem::path> configFile;   // --config
  std::optional<std::string> env;                    // --env (else CLOUDFLARE_ENV)
  std::optional<std::string> database;               // --database BINDING
  bool remote = false;                               // --remote
  std::optional<std::filesystem::path> persistTo;    // --persist-to DIR
  std::optional<std::filesystem::path> dbFile;       // --db FILE
  // --tenant SLUG. tenantStrategy "database": the slug picks the tenant's own binding (an
  // unknown slug is a ConfigError listing the known tenants; the CLI never falls back).
  // "row": the target stays the shared database and tenantSlug is set for the caller to scope.
  std::optional<std::string> tenant;
};

struct Target {
  enum class Kind { LocalFile, Remote };
  Kind kind = Kind::LocalFile;
  std::filesystem::path projectDir;         // the wrangler config's folder, else cwd
  std::optional<WranglerConfig> wrangler;   // absent with --db and no config found
  RoostSettings settings;
  D1Binding binding;                        // the selected binding (binding name only with bare --db)
  std::filesystem::path sqlitePath;         // LocalFile: the file to open
  bool fromDbFlag = false;                  // LocalFile named by --db, not wrangler's local state
  std::filesystem::path migrationsDir;      // absolute
  std::string migrationsTable{kDefaultMigrationsTable};
  std::string accountId;                    // Remote: config account_id, else CLOUDFLARE_ACCOUNT_ID
  std::optional<std::string> tenantSlug;    // --tenant, as given
  bool tenantDatabase = false;              // the binding is the tenant's own database

  // One line for logs: "local DB (.wrangler/state/.../<hex>.sqlite)", "remote DB (<database_id>)".
  std::string describe() const;
};

// Throws roost::ConfigError with a clear message: no config found (and no --db), unknown
// binding (listing the known ones), --db together with --remote, missing database_id for --remote.
Target resolveTarget(const TargetOptions& options);

// The target binding's migrations_pattern as wrangler resolves it; `relative` is what
// migrationsDir is globbed with ("*.sql" by default). Throws roost::ConfigError with wrangler's
// message when the pattern breaks its rules (checked only by commands that read migrations).
MigrationsPattern migrationsPattern(const Target& target);

}  // namespace roost::project
