// d1:restore: back to a restore point. --remote: D1 Time Travel (POST .../time_travel/restore)
// to a bookmark or a point in time; local: a backup from .roost/backups copied over the file
// (the current file is backed up first, so the restore can be undone too). --list shows the
// logged restore points of the database, newest first.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "consent.hpp"
#include "restore_point.hpp"
#include "roost/d1/client.hpp"
#include "roost/d1/d1_connection.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

namespace fs = std::filesystem;

struct RestoreArgs {
  std::string bookmark;
  std::string timestamp;
  bool list = false;
  bool force = false;
};

// --timestamp: RFC 3339 as given, or unix seconds turned into RFC 3339 (UTC).
std::string rfc3339(const std::string& text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (text.size() > 12) throw UsageError("--timestamp " + text + ": not a unix time in seconds");
    const std::time_t seconds = static_cast<std::time_t>(std::stoll(text));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }
  const bool shaped = text.size() >= 20 && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == 't') &&
                      text[13] == ':' && text[16] == ':' &&
                      (text.back() == 'Z' || text.back() == 'z' || text[text.size() - 3] == ':');
  if (!shaped)
    throw UsageError("--timestamp " + text +
                     ": not an RFC 3339 time (2026-12-02T10:00:00Z) nor unix seconds (1796205600)");
  return text;
}

void listCommand(Context& ctx) {
  const std::vector<nlohmann::json> points = restorePointsOf(ctx);
  if (ctx.options.json) {
    ctx.out.jsonLine(nlohmann::json(points));
    return;
  }
  if (points.empty()) {
    ctx.out.progress("No restore points for " + describeDatabase(ctx) + " in " +
                     ctx.displayPath(roostDir(ctx.target()) / "restore-points.jsonl") + ".");
    return;
  }
  for (const auto& p : points) {
    std::string id = p.contains("bookmark") ? p.value("bookmark", "") : fs::path(p.value("backup", "")).filename().string();
    std::string migrations;
    for (const auto& m : p.value("migrations", nlohmann::json::array()))
      if (m.is_string()) migrations += (migrations.empty() ? "" : ", ") + m.get<std::string>();
    ctx.out.dataLine(p.value("time", "") + "  " + p.value("command", "") + "  " + id +
                     (migrations.empty() ? "" : "  (" + migrations + ")"));
  }
}

void report(Context& ctx, const std::string& restoredTo, const std::string& undo, const std::string& message) {
  if (ctx.options.json) {
    ctx.out.jsonLine({{"restoredTo", restoredTo}, {"previousBookmark", undo}, {"message", message}});
    return;
  }
  ctx.out.progress("Restored " + describeDatabase(ctx) + " to " + restoredTo + (message.empty() ? "" : ": " + message));
  if (!undo.empty()) ctx.out.progress("To undo this restore: " + restoreCommandLine(ctx, undo));
}

void restoreRemote(Context& ctx, const RestoreArgs& args) {
  const project::Target& t = ctx.target();
  const d1::RestoreTo to = args.bookmark.empty() ? d1::RestoreTo::atTimestamp(rfc3339(args.timestamp))
                                                 : d1::RestoreTo::atBookmark(args.bookmark);
  d1::Client client(d1::remoteCredentials(t));
  requireConsent(ctx, "d1:restore", "overwrite every table of", args.force);
  const d1::RestoreResult result = client.restore(to);
  report(ctx, to.bookmark.empty() ? to.timestamp : to.bookmark, result.previousBookmark, result.message);
}

fs::path localBackup(Context& ctx, const RestoreArgs& args) {
  const project::Target& t = ctx.target();
  const std::vector<fs::path> backups = backupsOf(t);
  if (args.bookmark.empty() || args.bookmark == "latest") {
    if (backups.empty())
      throw Error("no backups of " + describeDatabase(ctx) + " in " + ctx.displayPath(roostDir(t) / "backups"));
    return backups.back();
  }
  std::error_code ec;
  const fs::path byId = roostDir(t) / "backups" / args.bookmark;
  if (fs::path(args.bookmark).filename() == args.bookmark && fs::is_regular_file(byId, ec)) return byId;
  if (fs::is_regular_file(args.bookmark, ec)) return fs::absolute(args.bookmark);
  throw UsageError("--bookmark " + args.bookmark + ": no such backup in " + ctx.displayPath(roostDir(t) / "backups") +
                   " (run `roost d1:restore --list`)");
}

void restoreLocal(Context& ctx, const RestoreArgs& args) {
  if (!args.timestamp.empty())
    throw UsageError("--timestamp is for --remote (D1 Time Travel); locally pass --bookmark BACKUP (see --list)");
  const fs::path from = localBackup(ctx, args);
  requireConsent(ctx, "d1:restore", "overwrite", args.force);
  const std::string undo = takeRestorePoint(ctx, "d1:restore", {}, false);
  copyDatabase(from, ctx.target().sqlitePath);
  report(ctx, from.filename().string(), undo, "");
}

void restoreCommand(Context& ctx, const RestoreArgs& args) {
  if (args.list) {
    if (!args.bookmark.empty() || !args.timestamp.empty()) throw UsageError("--list takes no --bookmark or --timestamp");
    listCommand(ctx);
    return;
  }
  const bool remote = ctx.target().kind == project::Target::Kind::Remote;
  if (remote && args.bookmark.empty() == args.timestamp.empty())
    throw UsageError("d1:restore --remote needs --bookmark B or --timestamp T (see `roost d1:restore --list --remote`)");
  if (remote) restoreRemote(ctx, args);
  else restoreLocal(ctx, args);
}

}  // namespace

void addRestoreCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RestoreArgs>();
  CLI::App* cmd = addCommand(
      app, "d1:restore", "Restore the database to a restore point (D1 Time Travel, or a local backup)",
      "On --remote, restores the D1 database with Time Travel to a bookmark (as printed by migrate,\n"
      "rollback, db:seed, ...) or to a point in time, and prints the bookmark that undoes it.\n"
      "Locally, copies a backup from .roost/backups over the SQLite file (--bookmark names the\n"
      "backup, default the latest), backing up the current file first. Asks on a terminal;\n"
      "refused without --force anywhere else.",
      "  roost d1:restore --list --remote\n"
      "  roost d1:restore --remote --bookmark 00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683\n"
      "  roost d1:restore --remote --timestamp 2026-12-02T10:00:00Z --force\n"
      "  roost d1:restore --bookmark DB-20261202T100000000Z.sqlite");
  auto* bookmark = cmd->add_option("--bookmark", args->bookmark, "the bookmark (locally: backup file) to restore");
  auto* timestamp = cmd->add_option("--timestamp", args->timestamp, "--remote: the point in time (RFC 3339 or unix seconds)");
  bookmark->excludes(timestamp);
  cmd->add_flag("--list", args->list, "list this database's restore points, newest first (with --json: as JSON)");
  addForceFlag(cmd, args->force);
  cmd->callback([&ctx, args] { restoreCommand(ctx, *args); });
}

}  // namespace roost::cli
