#pragma once
// roost's own settings: config/database.jsonc (the JSONC twin of config/database.ts).
// Every key is optional; a missing file gives the defaults. The project-file limits of
// config_limits.hpp apply (8 MiB, no NUL byte, nesting 256): beyond them, a ConfigError.
#include <filesystem>
#include <string>

namespace roost::project {

struct RoostSettings {
  std::filesystem::path file;                          // the file read, empty if none
  std::string d1Binding = "DB";
  std::string tenantStrategy = "row";                  // "row" | "database"
  std::string tenantModel = "Organization";
  std::string tenantSlugColumn = "slug";
  std::string tenantBindingPattern = "DB_TENANT_{SLUG}";
  std::string tenantMigrationsDir;                     // "" = default database/migrations/tenant
  std::string migrationsDir;                           // "" = binding's migrations_dir, else wrangler's "migrations"
  bool useSession = false;
};

// Reads projectDir/config/database.jsonc if present. Unknown keys or wrong types are ConfigErrors.
RoostSettings loadRoostSettings(const std::filesystem::path& projectDir);

}  // namespace roost::project
