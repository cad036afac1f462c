#pragma once
// The limits every reader of a project file enforces (wrangler.json/.jsonc/.toml,
// config/database.jsonc, database/models.jsonc, database/factories/*.jsonc,
// database/seeders/*.jsonc and *.sql). Input beyond them is a ConfigError naming the file, the
// line and the limit — never a crash, nor memory or time out of proportion to the file.
#include <cstddef>

namespace roost::project {

// Bytes in one project file; a bigger file is refused before it is read.
inline constexpr std::size_t kMaxConfigFileBytes = 8u << 20;  // 8 MiB
// Nesting of objects and arrays in JSONC; in TOML, of tables, arrays, inline tables and the
// segments of dotted keys and [table.headers] together.
inline constexpr int kMaxConfigNesting = 256;
// Entries of one d1_databases list (wrangler.* , top level or one env).
inline constexpr std::size_t kMaxD1Bindings = 100'000;

}  // namespace roost::project
