#pragma once
// A D1 binding's migrations_dir and migrations_pattern resolved as wrangler 4 does it
// (resolveMigrationsConfig in wrangler's d1/migrations/helpers.ts), with its rules and
// messages: migrations_pattern needs migrations_dir and must start with `<migrations_dir>/`
// after both are normalised (backslashes to '/', `./`, `..` and `//` resolved, no trailing '/').
#include <string>
#include <string_view>

#include "roost/project/wrangler_config.hpp"

namespace roost::project {

struct MigrationsPattern {
  std::string dir;       // normalised migrations_dir, "migrations" when unset ("." = the project folder)
  std::string pattern;   // normalised full pattern, as wrangler prints it: "migrations/*.sql"
  std::string relative;  // the pattern relative to dir (what the folder is globbed with): "*.sql"
};

// wrangler's normalizeRelativePath: '\' to '/', path.posix.normalize, trailing '/' dropped.
std::string normalizeRelativePath(std::string_view path);

// The binding's migrations_dir normalised, wrangler's default "migrations" when unset (an empty
// migrations_dir stays: "" ?? "migrations" is "", which normalises to "." = the config's folder).
std::string bindingMigrationsDir(const D1Binding& binding);

// Throws roost::ConfigError naming configFileName (e.g. "wrangler.jsonc") when the pattern
// breaks wrangler's rules; a binding without migrations_pattern gets `<dir>/*.sql`.
MigrationsPattern resolveMigrationsPattern(const D1Binding& binding, std::string_view configFileName);

}  // namespace roost::project
