#include "roost/migrate/migration_creator.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

#include "roost/migrate/migration_files.hpp"
#include "roost/migrate/migration_glob.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace fs = std::filesystem;

namespace roost::migrate {

namespace {

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

// A table or column name a guess may use: a plain identifier (identifier.hpp) that starts with
// a letter, is not SQLite's own (sqlite_*) and has no empty word ("__", a trailing "_").
bool validPart(std::string_view s) {
  if (!isPlainIdentifier(s) || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return !startsWith(s, "sqlite_") && s.find("__") == std::string_view::npos && s.back() != '_';
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

void writeNew(const fs::path& file, const std::string& text) {
  std::FILE* f = std::fopen(file.c_str(), "wx");  // exclusive: never overwrite
  if (!f) {
    if (errno == EEXIST) throw Error(file.string() + " already exists; not overwriting it");
    throw Error("cannot create " + file.string() + ": " + std::strerror(errno));
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw Error("cannot write " + file.string());
}

// wrangler's pad(): at least 4 digits; String(number) for the digits.
std::string padded(double number) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::scientific);
  if (ec != std::errc{}) return "0001";
  // Shortest round-trip digits d.ddde+XX; JavaScript writes an integer below 1e21 in full.
  std::string text(buf, end);
  const std::size_t e = text.find('e');
  std::string digits = text.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(text.substr(e + 1));
  std::string out;
  if (exponent < 21) {
    out = digits;
    if (static_cast<int>(digits.size()) < exponent + 1) out.append(static_cast<std::size_t>(exponent + 1) - digits.size(), '0');
  } else {
    out = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "") + "e+" + std::to_string(exponent);
  }
  while (out.size() < 4) out.insert(0, "0");
  return out;
}

}  // namespace

MigrationCreator::MigrationCreator(fs::path dir, std::string pattern) : dir_(std::move(dir)), pattern_(std::move(pattern)) {}

std::string MigrationCreator::normalizeName(std::string_view name) {
  // As `wrangler d1 migrations create`: spaces become '_', everything else is kept.
  std::string out(name);
  for (char& c : out)
    if (c == ' ') c = '_';
  if (out.empty()) throw UsageError("the migration needs a name, e.g. create_posts_table");
  if (out.find_first_of("/\\") != std::string::npos)
    throw UsageError("The migration name \"" + std::string(name) +
                     "\" contains a path separator (\"/\" or \"\\\"). Please remove this and try again.");
  for (const char c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw UsageError("the migration name \"" + std::string(name) +
                       "\" holds a control character (a line break, tab, ...); use a plain name");
  return out;
}

std::string MigrationCreator::nextPrefix() const {
  // wrangler's getNextMigrationNumber: the highest leading number among the files the pattern
  // matches (a nested layout's folder carries it), plus one.
  std::error_code ec;
  double highest = 0;
  if (fs::is_directory(dir_, ec))
    for (const std::string& name : MigrationGlob(pattern_).list(dir_)) {
      double n = 0;
      if (MigrationGlob::leadingNumber(name, n) && std::isfinite(n)) highest = std::max(highest, n);
    }
  return padded(highest + 1);
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
  CreatedMigration made;
  made.name = nextPrefix() + "_" + name + ".sql";
  const MigrationGlob glob(pattern_);
  if (!glob.matches(made.name))
    throw Error("roost would like to make a new migration called `" + made.name +
                "` but it does not match the configured `migrations_pattern` (`" + pattern_ +
                "` inside the migrations folder), so `wrangler d1 migrations apply` would not pick it up. "
                "make:migration only writes top-level files inside `migrations_dir`; use your ORM's command "
                "(e.g. `drizzle-kit generate`) for a nested layout, or change `migrations_pattern` to match "
                "top-level .sql files (e.g. `<migrations_dir>/*.sql`).");
  made.up = dir_ / made.name;
  made.down = MigrationFiles::downPathFor(dir_, pattern_, made.name);
  // Never write a down file wrangler would apply as an up migration.
  if (made.down.empty())
    throw Error("the migrations_pattern `" + pattern_ + "` matches both down/" + made.name + " and .down/" + made.name +
                ", so wrangler would run a down file as a migration; roost has nowhere safe to put it");
  std::error_code ec;
  fs::create_directories(made.down.parent_path(), ec);
  if (ec) throw Error("cannot create " + made.down.parent_path().string() + ": " + ec.message());
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
