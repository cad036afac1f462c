#pragma once
// Where `wrangler dev` keeps a D1 binding's local SQLite file, so `roost --local` opens the
// very same file: <dir>/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/<hex>.sqlite.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "roost/project/wrangler_config.hpp"

namespace roost::project {

// miniflare's durable-object id for a name: key = SHA256("miniflare-D1DatabaseObject"),
// a = HMAC(key, name)[:16], b = HMAC(key, a)[:16], hex(a || b).
std::string miniflareObjectHex(std::string_view name);

// The local file for a binding: name = preview_database_id ?? database_id ?? binding.
// persistTo replaces <configDir>/.wrangler/state (so DIR/v3/d1/...).
std::filesystem::path localDatabasePath(const std::filesystem::path& configDir, const D1Binding& binding,
                                        const std::optional<std::filesystem::path>& persistTo = std::nullopt);

}  // namespace roost::project
