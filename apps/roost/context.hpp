#pragma once
// Context: what every command shares — the global flags, the output, the resolved target
// and a factory for its connection. Commands only parse their own options and call the
// libraries through this; nothing here runs before a command asks for it (so `roost
// --help` and `roost migrate` with nothing to do stay fast).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "output.hpp"
#include "roost/project/target.hpp"
#include "roost/orm/connection.hpp"

namespace roost::cli {

struct GlobalOptions {
  std::string config;       // --config FILE
  std::string env;          // --env NAME
  std::string database;     // --database BINDING
  bool local = false;       // --local (the default)
  bool remote = false;      // --remote
  std::string persistTo;    // --persist-to DIR
  std::string db;           // --db FILE
  std::string tenant;       // --tenant SLUG
  int verbosity = 0;        // -v, -vv
  bool quiet = false;       // -q
  bool json = false;        // --json
};

// Whether a command may create the database file.
enum class Access {
  NoCreate,  // a file that does not exist reads as an empty database and is not created
  Create,    // creates the local file (and its folders) if needed
};

class Context {
 public:
  GlobalOptions options;
  Output out;

  // Resolves --config/--env/--database/--local/--remote/--persist-to/--db once.
  const project::Target& target();
  // The migrations folder: the target's; without any wrangler config (and no --db), the
  // cwd's config/database.jsonc migrationsDir, else wrangler's default migrations.
  std::filesystem::path migrationsDir();
  // The binding's migrations_pattern relative to migrationsDir() ("*.sql" without a config);
  // throws ConfigError with wrangler's message for a pattern wrangler refuses.
  std::string migrationsGlob();

  // Opens the target's database: the local SQLite file, or D1 over its REST API (--remote).
  std::unique_ptr<Connection> connect(Access access);

  // A path as the user would type it: relative to the cwd when inside it.
  std::string displayPath(const std::filesystem::path& path) const;

 private:
  std::unique_ptr<Connection> openLocal(const project::Target& t, Access access);
  std::optional<project::Target> target_;
};

}  // namespace roost::cli
