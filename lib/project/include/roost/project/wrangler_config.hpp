#pragma once
// The parts of a wrangler config file (wrangler.json / wrangler.jsonc / wrangler.toml) that
// roost needs: account id and the D1 bindings of the selected environment. Found and parsed
// the way wrangler does it; a broken file is a roost::ConfigError with file:line:col.
// Limits (config_limits.hpp): at most 8 MiB, no NUL byte, nesting at most 256 (in TOML, tables,
// arrays and dotted-key segments together), at most 100,000 entries in one d1_databases list;
// reading is linear in the file's size.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/schema.hpp"

namespace roost::project {

struct D1Binding {
  std::string binding;             // "DB"
  std::string databaseName;        // database_name
  std::string databaseId;          // database_id (may be empty locally)
  std::string previewDatabaseId;   // preview_database_id
  // migrations_dir as written (relative to the config's folder); absent: wrangler's default
  // "migrations". "" is the config's own folder, as for wrangler (it resolves "" to ".").
  std::optional<std::string> migrationsDir;
  std::optional<std::string> migrationsPattern;  // migrations_pattern as written; checked when migrations run
  std::string migrationsTable{kDefaultMigrationsTable};  // migrations_table
};

struct WranglerConfig {
  std::filesystem::path file;      // the config file that was read
  std::string env;                 // selected environment ("" = top level)
  std::string accountId;           // account_id (env's own, else top level), may be empty
  std::vector<D1Binding> d1Databases;  // of the selected env: NOT inherited from the top level

  std::filesystem::path dir() const { return file.parent_path(); }
  const D1Binding* findBinding(std::string_view name) const;
  // What wrangler's DATABASE argument means: the entry whose `binding` or `database_name` is name
  // (nullptr: none). When it could mean more than one entry, a ConfigError naming them, unless the
  // first such entry is the binding of that name (then it is the entry wrangler picks too).
  const D1Binding* findBindingOrDatabase(std::string_view name) const;
  std::vector<std::string> bindingNames() const;
  // "DB (database blog), CACHE": every binding with its database_name, for error messages.
  std::string describeBindings() const;
};

// Walks up from startDir looking for wrangler.json, wrangler.jsonc, wrangler.toml, exactly as
// wrangler does: each name is searched all the way up before the next, so wrangler.json is
// preferred within one folder (and a parent's wrangler.json beats a nearer wrangler.toml).
std::optional<std::filesystem::path> findWranglerConfig(const std::filesystem::path& startDir);

// Reads one config file. env "" selects the top level; an env missing from the file is a ConfigError.
WranglerConfig loadWranglerConfig(const std::filesystem::path& file, std::string_view env = {});

}  // namespace roost::project
