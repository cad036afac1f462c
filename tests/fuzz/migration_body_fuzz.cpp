// libFuzzer target: a migration file's body as migrate reads and runs it: MigrationFiles::read,
// then the SQL script splitter (splitSqlScript) and the classifiers built on it (firstKeyword,
// isReadOnlyStatement, isTransactionControl, pragmaOf, objectNamesWritten) and the D1 rule
// checks (checkD1Rules). Beyond not crashing: the statements come back in
// the script's order, each one SQLite statement, and a statement roost calls read-only is one
// SQLite itself calls read-only (the retry policy re-sends those).
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_files.hpp"
#include "roost/d1/sql_script.hpp"
#include "roost/migrate/migration_checks.hpp"
#include "roost/migrate/migration_files.hpp"
#include "roost/orm/sql_text.hpp"
#include "roost/orm/error.hpp"

namespace {

sqlite3* sampleDatabase() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) std::abort();
  const char* schema =
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE);"
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users(id), title TEXT);"
      "CREATE VIEW titles AS SELECT title FROM posts;";
  if (sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) std::abort();
  return db;
}

bool onlySpaceOrComments(const char* tail) {
  const std::string rest(tail);
  return roost::d1::firstKeyword(rest).empty() && rest.find_first_not_of(" \t\r\n\f\v;") == std::string::npos;
}

// Holds when SQLite can prepare the statement (the sample schema has the tables it names).
void checkAgainstSqlite(sqlite3* db, const std::string& statement) {
  if (statement.find('\0') != std::string::npos) return;  // SQLite stops at a NUL; the limits' checks own that
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, statement.c_str(), -1, &stmt, &tail) != SQLITE_OK || !stmt) {
    sqlite3_finalize(stmt);
    return;
  }
  const bool sqliteReadOnly = sqlite3_stmt_readonly(stmt) != 0;
  sqlite3_finalize(stmt);
  if (!onlySpaceOrComments(tail)) std::abort();  // two statements left in one
  if (roost::d1::isReadOnlyStatement(statement) && !sqliteReadOnly) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const roost::fuzz::ScratchProject project;
  static sqlite3* const db = sampleDatabase();
  const std::string_view bytes = roost::fuzz::bytesOf(data, size);
  std::string text;
  try {
    text = roost::migrate::MigrationFiles::read(project.write("0001_fuzz.sql", bytes));
  } catch (const roost::Error& e) {  // a file refused as a whole must say why
    if (std::string_view(e.what()).find("0001_fuzz.sql") == std::string_view::npos) std::abort();
    return 0;
  }
  if (text != (bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes)) std::abort();

  std::size_t from = 0;
  for (const std::string& statement : roost::d1::splitSqlScript(text)) {
    if (statement.empty()) std::abort();
    const std::size_t at = text.find(statement, from);
    if (at == std::string::npos) std::abort();
    from = at + statement.size();
    (void)roost::d1::isTransactionControl(statement);
    (void)roost::pragmaOf(statement);
    for (const std::string& name : roost::objectNamesWritten(statement))
      if (name.size() > statement.size()) std::abort();  // a name is some of the statement's text
    checkAgainstSqlite(db, statement);
  }
  (void)roost::d1::isReadOnlyStatement(text);
  // The checks before a run: every finding points at a line of the file and shows some of it.
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const roost::migrate::Finding& f : roost::migrate::checkD1Rules({{"0001_fuzz.sql", text}}))
    if (f.line < 1 || static_cast<std::size_t>(f.line) > lines || f.message.empty() || f.fix.empty()) std::abort();
  return 0;
}
