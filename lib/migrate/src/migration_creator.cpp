#include "roost/migrate/migration_creator.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <system_error>
#include <vector>

#include "roost/migrate/migration_files.hpp"
#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::migrate {

namespace {

constexpr std::string_view kTimestampFormat = "YYYYMMDDHHMMSS";
constexpr std::string_view kNowIso = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// SQLite's keywords (sqlite.org/lang_keywords.html): a guessed name that is one is quoted.
bool isKeyword(std::string_view word) {
  static constexpr std::string_view kKeywords =
      " abort action add after all alter always analyze and as asc attach autoincrement before begin between by"
      " cascade case cast check collate column commit conflict constraint create cross current current_date"
      " current_time current_timestamp database default deferrable deferred delete desc detach distinct do drop"
      " each else end escape except exclude exclusive exists explain fail filter first following for foreign from"
      " full generated glob group groups having if ignore immediate in index indexed initially inner insert"
      " instead intersect into is isnull join key last left like limit match materialized natural no not nothing"
      " notnull null nulls of offset on or order others outer over partition plan pragma preceding primary query"
      " raise range recursive references regexp reindex release rename replace restrict returning right rollback"
      " row rows savepoint select set table temp temporary then ties to transaction trigger unbounded union unique"
      " update using vacuum values view virtual when where window with without ";
  std::string key = " " + std::string(word) + " ";
  return kKeywords.find(key) != std::string_view::npos;
}

std::string ident(std::string_view name) {
  return isKeyword(name) ? "\"" + std::string(name) + "\"" : std::string(name);
}

std::vector<std::string> splitOn(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  for (;;) {
    auto at = s.find(sep);
    out.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + sep.size());
  }
  return out;
}

bool validPart(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  if (startsWith(s, "sqlite_")) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return s.find("__") == std::string_view::npos && s.back() != '_';
}

std::string columnDefinition(std::string_view column) {
  std::string def = ident(column) + " ";
  if (endsWith(column, "_id")) def += "INTEGER";
  else if (endsWith(column, "_at")) def += "TEXT";  // ISO-8601 UTC, as the ORM writes timestamps
  else if (startsWith(column, "is_") || startsWith(column, "has_")) def += "INTEGER NOT NULL DEFAULT 0";
  else def += "TEXT";
  return def;
}

// add_<cols>_to_<table>[_table] / remove_<cols>_from_<table>[_table]: {table, columns}.
bool matchColumnChange(std::string_view name, std::string_view verb, std::string_view joiner, std::string& table,
                       std::vector<std::string>& columns) {
  if (!startsWith(name, verb)) return false;
  std::string_view rest = name.substr(verb.size());
  auto at = rest.rfind(joiner);
  if (at == std::string_view::npos) return false;
  std::string_view cols = rest.substr(0, at);
  std::string_view tbl = rest.substr(at + joiner.size());
  if (endsWith(tbl, "_table") && tbl.size() > 6) tbl.remove_suffix(6);
  if (!validPart(tbl) || cols.empty()) return false;
  columns = splitOn(cols, "_and_");
  for (const auto& c : columns)
    if (!validPart(c)) return false;
  table = std::string(tbl);
  return true;
}

std::string header(std::string_view name, std::string_view what) {
  return "-- " + std::string(what) + ": " + std::string(name) +
         "\n-- The whole file runs atomically together with its row in the migrations table.\n";
}

std::string utcTimestamp(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// decimal + 1 for digit strings of any length.
std::string increment(std::string digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

void writeNew(const fs::path& file, const std::string& text) {
  std::FILE* f = std::fopen(file.c_str(), "wx");  // exclusive: never overwrite
  if (!f) {
    if (errno == EEXIST) throw Error(file.string() + " already exists; not overwriting it");
    throw Error("cannot create " + file.string() + ": " + std::strerror(errno));
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw Error("cannot write " + file.string());
}

}  // namespace

MigrationCreator::MigrationCreator(fs::path dir, ClockFn clock) : dir_(std::move(dir)), clock_(std::move(clock)) {}

std::string MigrationCreator::normalizeName(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (i > 0 && out.back() != '_') out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == '-') {
      out += '_';
    } else {
      out += c;
    }
  }
  const bool ok = !out.empty() && out.size() <= 100 && std::isalpha(static_cast<unsigned char>(out[0])) &&
                  out.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (!ok)
    throw UsageError("invalid migration name \"" + std::string(name) +
                     "\": use letters, digits and _ starting with a letter, without a prefix or .sql "
                     "(e.g. create_posts_table)");
  return out;
}

std::string MigrationCreator::nextPrefix() const {
  MigrationFiles files(dir_);
  std::string_view last;
  if (!files.all().empty()) last = MigrationFiles::numericPrefix(files.all().back().name);
  // A short number (0001_) is wrangler's numbering; a long one is a timestamp.
  if (!last.empty() && last.size() < kTimestampFormat.size()) {
    std::string next = increment(std::string(last));
    while (next.size() < 4) next.insert(0, "0");
    return next;
  }
  std::string stamp = utcTimestamp(clock_());
  // Keep creation order even if the clock went back or two names land in one second.
  if (!last.empty() && !MigrationFiles::before(std::string(last) + "_", stamp + "_")) stamp = increment(std::string(last));
  return stamp;
}

MigrationTemplate MigrationCreator::guess(std::string_view name) {
  MigrationTemplate t;
  std::string table;
  std::vector<std::string> columns;

  std::string_view created = name;
  bool create = startsWith(created, "create_");
  if (create) {
    created.remove_prefix(7);
    if (endsWith(created, "_table") && created.size() > 6) created.remove_suffix(6);
    create = validPart(created);
  }
  if (create) {
    const std::string tbl = ident(created);
    t.up = header(name, "Migration") + "CREATE TABLE " + tbl +
           " (\n"
           "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
           "  -- name TEXT NOT NULL,\n"
           "  created_at TEXT NOT NULL DEFAULT " + std::string(kNowIso) + ",\n" +
           "  updated_at TEXT NOT NULL DEFAULT " + std::string(kNowIso) + "\n);\n";
    t.down = header(name, "Undo") + "DROP TABLE IF EXISTS " + tbl + ";\n";
    return t;
  }
  if (matchColumnChange(name, "add_", "_to_", table, columns)) {
    t.up = header(name, "Migration");
    t.down = header(name, "Undo");
    for (const auto& c : columns) t.up += "ALTER TABLE " + ident(table) + " ADD COLUMN " + columnDefinition(c) + ";\n";
    for (auto it = columns.rbegin(); it != columns.rend(); ++it)
      t.down += "ALTER TABLE " + ident(table) + " DROP COLUMN " + ident(*it) + ";\n";
    return t;
  }
  if (matchColumnChange(name, "remove_", "_from_", table, columns) ||
      matchColumnChange(name, "drop_", "_from_", table, columns)) {
    t.up = header(name, "Migration");
    t.down = header(name, "Undo");
    for (const auto& c : columns) t.up += "ALTER TABLE " + ident(table) + " DROP COLUMN " + ident(c) + ";\n";
    for (auto it = columns.rbegin(); it != columns.rend(); ++it)
      t.down += "ALTER TABLE " + ident(table) + " ADD COLUMN " + columnDefinition(*it) + ";\n";
    return t;
  }
  t.up = header(name, "Migration") + "-- Write the SQL for this change here, e.g.\n-- CREATE INDEX posts_slug ON posts (slug);\n";
  t.down = header(name, "Undo") + "-- Write the SQL that reverses the up file, e.g.\n-- DROP INDEX posts_slug;\n";
  return t;
}

CreatedMigration MigrationCreator::create(std::string_view rawName) const {
  const std::string name = normalizeName(rawName);
  std::error_code ec;
  fs::create_directories(dir_ / "down", ec);
  if (ec) throw Error("cannot create " + (dir_ / "down").string() + ": " + ec.message());

  CreatedMigration made;
  made.name = nextPrefix() + "_" + name + ".sql";
  made.up = dir_ / made.name;
  made.down = dir_ / "down" / made.name;
  if (fs::exists(made.down, ec)) throw Error(made.down.string() + " already exists; not overwriting it");

  const MigrationTemplate body = guess(name);
  writeNew(made.up, body.up);
  try {
    writeNew(made.down, body.down);
  } catch (...) {
    fs::remove(made.up, ec);
    throw;
  }
  return made;
}

}  // namespace roost::migrate
