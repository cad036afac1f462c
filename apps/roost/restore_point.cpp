#include "restore_point.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <system_error>

#include "roost/d1/client.hpp"
#include "roost/d1/d1_connection.hpp"
#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::cli {

namespace {

constexpr const char* kLogFile = "restore-points.jsonl";

bool isRemote(const project::Target& t) { return t.kind == project::Target::Kind::Remote; }

// UTC now: "2026-12-02T10:15:30.123Z" (`compact`: "20261202T101530123Z", for file names).
std::string utcNow(bool compact) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  if (compact) std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
  else std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, "%03d", static_cast<int>(ms));
  return std::string(buf) + (compact ? "" : ".") + fraction + "Z";
}

// The name backups of this database start with: the binding (a --db file: its stem).
std::string backupStem(const project::Target& t) {
  return t.fromDbFlag ? t.sqlitePath.stem().string() : t.binding.binding;
}

nlohmann::json databaseJson(const project::Target& t) {
  nlohmann::json db{{"binding", t.binding.binding}};
  if (isRemote(t)) {
    db["name"] = t.binding.databaseName;
    db["id"] = t.binding.databaseId;
  } else {
    db["path"] = t.sqlitePath.string();
  }
  return db;
}

bool sameDatabase(const nlohmann::json& line, const project::Target& t) {
  const auto db = line.find("database");
  if (db == line.end() || !db->is_object()) return false;
  if (line.value("target", "") != (isRemote(t) ? "remote" : "local")) return false;
  return isRemote(t) ? db->value("id", "") == t.binding.databaseId : db->value("path", "") == t.sqlitePath.string();
}

// ".roost/" in the project's .gitignore, once.
void ignoreRoostDir(const fs::path& projectDir) {
  std::error_code ec;
  const fs::path gitignore = projectDir / ".gitignore";
  if (!fs::exists(projectDir / ".git", ec) && !fs::exists(gitignore, ec)) return;
  std::string text;
  {
    std::ifstream in(gitignore, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == ".roost" || line == ".roost/" || line == "/.roost" || line == "/.roost/") return;
    start = end + 1;
  }
  std::ofstream out(gitignore, std::ios::app | std::ios::binary);
  if (!text.empty() && text.back() != '\n') out << '\n';
  out << "# roost's restore points and local backups\n.roost/\n";
}

void appendLog(const project::Target& t, const nlohmann::json& line) {
  const fs::path dir = roostDir(t);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message() + "; nothing was changed");
  ignoreRoostDir(dir.parent_path());
  std::ofstream out(dir / kLogFile, std::ios::app | std::ios::binary);
  out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';  // a non-UTF-8 file name: U+FFFD
  if (!out) throw Error("cannot write " + (dir / kLogFile).string() + "; nothing was changed");
}

void check(int rc, sqlite3* db, const std::string& what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE) return;
  throw Error(what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

std::string takeBookmark(Context& ctx) {
  const project::Target& t = ctx.target();
  try {
    d1::Client client(d1::remoteCredentials(t));
    return client.bookmark();
  } catch (const ConfigError&) {
    throw;
  } catch (const Error& e) {
    throw Error(std::string("could not take a Time Travel bookmark of ") + t.binding.databaseId +
                " before writing, so nothing was changed: " + e.what() +
                " (pass --no-restore-point to run without one)");
  }
}

std::string takeBackup(Context& ctx) {
  const project::Target& t = ctx.target();
  std::error_code ec;
  if (!fs::exists(t.sqlitePath, ec)) return "";
  const fs::path dir = roostDir(t) / "backups";
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir.string() + ": " + ec.message() + "; nothing was changed");
  fs::path file = dir / (backupStem(t) + "-" + utcNow(true) + ".sqlite");
  for (int n = 2; fs::exists(file, ec); ++n)
    file = dir / (backupStem(t) + "-" + utcNow(true) + "-" + std::to_string(n) + ".sqlite");
  try {
    copyDatabase(t.sqlitePath, file);
  } catch (const Error& e) {
    fs::remove(file, ec);
    throw Error(std::string("could not back up ") + ctx.displayPath(t.sqlitePath) + " before writing, so nothing was changed: " +
                e.what() + " (pass --no-restore-point to run without one)");
  }
  std::vector<fs::path> all = backupsOf(t);
  while (all.size() > kBackupsKept) {
    fs::remove(all.front(), ec);
    all.erase(all.begin());
  }
  return file.filename().string();
}

}  // namespace

fs::path roostDir(const project::Target& t) {
  return (t.wrangler ? t.wrangler->file.parent_path() : t.projectDir) / ".roost";
}

std::vector<fs::path> backupsOf(const project::Target& t) {
  std::vector<fs::path> out;
  const std::string prefix = backupStem(t) + "-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(roostDir(t) / "backups", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".sqlite" && name.size() > prefix.size() &&
        std::isdigit(static_cast<unsigned char>(name[prefix.size()])))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void copyDatabase(const fs::path& from, const fs::path& to) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  const auto close = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  try {
    check(sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr), src, "cannot open " + from.string());
    check(sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr), dst,
          "cannot open " + to.string());
    sqlite3_busy_timeout(dst, 5000);
    sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
    if (!backup) check(SQLITE_ERROR, dst, "cannot copy " + from.string() + " to " + to.string());
    int rc = SQLITE_OK;
    while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      sqlite3_sleep(10);
    const int finish = sqlite3_backup_finish(backup);
    check(rc == SQLITE_DONE ? finish : rc, dst, "copying " + from.string() + " to " + to.string());
  } catch (...) {
    close();
    throw;
  }
  close();
}

std::string takeRestorePoint(Context& ctx, std::string_view command, const std::vector<std::string>& migrations,
                             bool skip) {
  if (skip) {
    ctx.out.log(1, "no restore point (--no-restore-point)");
    return "";
  }
  const project::Target& t = ctx.target();
  nlohmann::json line{{"time", utcNow(false)},
                      {"command", command},
                      {"target", isRemote(t) ? "remote" : "local"},
                      {"database", databaseJson(t)},
                      {"migrations", migrations}};
  std::string id;
  if (isRemote(t)) {
    id = takeBookmark(ctx);
    line["bookmark"] = id;
  } else {
    id = takeBackup(ctx);
    if (id.empty()) return "";  // no file yet: nothing to lose
    line["backup"] = (roostDir(t) / "backups" / id).string();
  }
  appendLog(t, line);
  ctx.out.progress(std::string(isRemote(t) ? "Restore point (Time Travel bookmark): " : "Restore point (backup): ") +
                   id + "\n  undo with: " + restoreCommandLine(ctx, id));
  return id;
}

std::vector<nlohmann::json> restorePointsOf(Context& ctx) {
  const project::Target& t = ctx.target();
  std::vector<nlohmann::json> out;
  std::ifstream in(roostDir(t) / kLogFile, std::ios::binary);
  std::string text;
  while (std::getline(in, text)) {
    const nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_object() && sameDatabase(line, t)) out.push_back(line);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string restoreCommandLine(Context& ctx, std::string_view bookmark) {
  const GlobalOptions& o = ctx.options;
  std::string line = "roost d1:restore --bookmark " + std::string(bookmark);
  const auto add = [&](const char* flag, const std::string& value) {
    if (value.empty()) return;
    const bool plain = value.find_first_of(" '\"\\$`") == std::string::npos;
    line += std::string(" ") + flag + " " + (plain ? value : "'" + value + "'");
  };
  add("--config", o.config);
  add("--env", o.env);
  add("--database", o.database);
  add("--persist-to", o.persistTo);
  add("--db", o.db);
  add("--tenant", o.tenant);
  if (o.remote) line += " --remote";
  return line;
}

void addRestorePointFlag(CLI::App* cmd, bool& skip) {
  cmd->add_flag("--no-restore-point", skip,
                "write without taking a restore point first (a Time Travel bookmark on --remote, a backup in "
                ".roost/backups locally)");
}

}  // namespace roost::cli
