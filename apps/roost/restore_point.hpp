#pragma once
// Restore points: taken before a command writes, so it can be undone with `roost d1:restore`.
//   --remote  a D1 Time Travel bookmark (GET .../time_travel/bookmark), printed on stderr with
//             the command that restores it;
//   local     a copy of the SQLite file made with SQLite's backup API, in
//             .roost/backups/<db>-<UTC time>.sqlite (the last kBackupsKept per database kept).
// Either way one JSON line is appended to .roost/restore-points.jsonl (beside the wrangler
// config): {time, command, target, database, migrations, bookmark | backup}. .roost/ is
// added to the project's .gitignore once, when the project is a git checkout (a .git entry
// beside the config) or already has a .gitignore.
// A restore point that cannot be taken stops the command before it writes (roost::Error);
// --no-restore-point skips it.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "context.hpp"

namespace roost::cli {

inline constexpr std::size_t kBackupsKept = 10;

// The project's .roost folder: beside the wrangler config, else the project folder.
std::filesystem::path roostDir(const project::Target& target);

// Takes the restore point (unless `skip`) and logs it. `migrations`: the names the command
// will apply or undo, when known. Returns the bookmark or the backup's id ("" when skipped,
// or when a local database file does not exist yet and there is nothing to keep).
std::string takeRestorePoint(Context& ctx, std::string_view command, const std::vector<std::string>& migrations,
                             bool skip);

// The logged restore points of the target's database, newest first.
std::vector<nlohmann::json> restorePointsOf(Context& ctx);

// `roost d1:restore --bookmark B` with the global flags this run used (--remote, --env, ...).
std::string restoreCommandLine(Context& ctx, std::string_view bookmark);

// Local: copies the SQLite file `from` onto `to` with the backup API (page by page, WAL-safe).
void copyDatabase(const std::filesystem::path& from, const std::filesystem::path& to);

// Local backup files of the target's database in .roost/backups, oldest first.
std::vector<std::filesystem::path> backupsOf(const project::Target& target);

// Adds --no-restore-point.
void addRestorePointFlag(CLI::App* cmd, bool& skip);

}  // namespace roost::cli
