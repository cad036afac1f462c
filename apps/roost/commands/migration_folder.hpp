#pragma once
// The folder make:migration writes into, and the one config change it may make for it.
#include <filesystem>

#include "context.hpp"

namespace roost::cli {

// For a D1 binding of the wrangler config: roost's migrationsDir setting, else the binding's
// migrations_dir, else wrangler's default `migrations/` when it exists, else the guides'
// `database/migrations`, which is then written into the binding as its migrations_dir (one line
// on stderr says so) so that wrangler reads the same folder. With --db, a tenant's own database
// or a binding the config lacks: the target's folder, unchanged. No wrangler config and no --db
// is a ConfigError, as it is for `wrangler d1 migrations create`.
std::filesystem::path prepareMakeMigrationFolder(Context& ctx);

}  // namespace roost::cli
