#include "commands/migration_folder.hpp"

#include <system_error>

#include "roost/project/config_edit.hpp"
#include "roost/project/wrangler_config.hpp"
#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::cli {
namespace {

constexpr const char* kGuidesFolder = "database/migrations";

void requireConfigOrDb(const Context& ctx) {
  if (!ctx.options.config.empty() || !ctx.options.db.empty()) return;
  const fs::path cwd = fs::current_path();
  if (project::findWranglerConfig(cwd)) return;
  throw ConfigError("no wrangler.json, wrangler.jsonc or wrangler.toml found in " + cwd.string() +
                    " or any parent folder; make:migration needs one to know the D1 binding's migrations folder "
                    "(as `wrangler d1 migrations create` does). Create one, pass --config FILE, or --db FILE for a "
                    "plain SQLite file");
}

}  // namespace

fs::path prepareMakeMigrationFolder(Context& ctx) {
  requireConfigOrDb(ctx);
  const project::Target& t = ctx.target();
  const bool configBinding = t.wrangler && !t.fromDbFlag && !t.tenantDatabase && t.wrangler->findBinding(t.binding.binding);
  if (!configBinding || !t.settings.migrationsDir.empty() || t.binding.migrationsDir.has_value()) return ctx.migrationsDir();

  std::error_code ec;
  const fs::path wranglerDefault = t.wrangler->dir() / "migrations";
  if (fs::is_directory(wranglerDefault, ec)) return wranglerDefault;

  const project::BindingKeyEdit edit{t.wrangler->env, t.binding.binding, "migrations_dir", kGuidesFolder};
  if (project::setBindingKey(t.wrangler->file, edit) == project::EditOutcome::Written) {
    const bool toml = t.wrangler->file.extension() == ".toml";
    const std::string setting = toml ? std::string("migrations_dir = \"") + kGuidesFolder + "\""
                                     : std::string("\"migrations_dir\": \"") + kGuidesFolder + "\"";
    ctx.out.progress("Set " + setting + " on the D1 binding " + t.binding.binding + " in " +
                     ctx.displayPath(t.wrangler->file) + ", so that wrangler reads the same folder");
  }
  return t.wrangler->dir() / kGuidesFolder;
}

}  // namespace roost::cli
