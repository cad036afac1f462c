#include "roost/d1/sql_script.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace roost::d1 {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Index of the first character that is neither whitespace nor inside a comment.
std::size_t skipSpaceAndComments(std::string_view s, std::size_t i = 0) {
  while (i < s.size()) {
    if (isSpace(s[i])) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0) {
      const std::size_t eol = s.find('\n', i);
      i = eol == std::string_view::npos ? s.size() : eol + 1;
    } else if (s.compare(i, 2, "/*") == 0) {
      const std::size_t close = s.find("*/", i + 2);
      i = close == std::string_view::npos ? s.size() : close + 2;
    } else {
      break;
    }
  }
  return i;
}

std::string upper(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string_view wordAt(std::string_view s, std::size_t i) {
  std::size_t end = i;
  while (end < s.size() && isWordChar(s[end])) ++end;
  return s.substr(i, end - i);
}

// The statement's text without leading whitespace/comments, trailing whitespace and the final ';'.
std::string trimStatement(std::string_view piece) {
  piece.remove_prefix(std::min(piece.size(), skipSpaceAndComments(piece)));
  if (!piece.empty() && piece.back() == ';') piece.remove_suffix(1);
  while (!piece.empty() && isSpace(piece.back())) piece.remove_suffix(1);
  return std::string(piece);
}

// Pragmas whose plain form (PRAGMA name) and, for the table-valued ones, call form
// (PRAGMA name(arg)) only read. Every other pragma, and every "PRAGMA name = value", may write.
constexpr std::array kReadPragmas = {
    "APPLICATION_ID", "COLLATION_LIST", "COMPILE_OPTIONS", "DATABASE_LIST", "DATA_VERSION",
    "DEFER_FOREIGN_KEYS", "ENCODING", "FOREIGN_KEYS", "FOREIGN_KEY_CHECK", "FOREIGN_KEY_LIST",
    "FREELIST_COUNT", "FUNCTION_LIST", "INDEX_INFO", "INDEX_LIST", "INDEX_XINFO",
    "INTEGRITY_CHECK", "MODULE_LIST", "PAGE_COUNT", "PAGE_SIZE", "PRAGMA_LIST",
    "QUICK_CHECK", "SCHEMA_VERSION", "TABLE_INFO", "TABLE_LIST", "TABLE_XINFO", "USER_VERSION"};
constexpr std::array kTableValuedReadPragmas = {
    "FOREIGN_KEY_CHECK", "FOREIGN_KEY_LIST", "INDEX_INFO", "INDEX_LIST", "INDEX_XINFO",
    "INTEGRITY_CHECK", "QUICK_CHECK", "TABLE_INFO", "TABLE_LIST", "TABLE_XINFO"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const char* p) { return name == p; });
}

bool isReadOnlyPragma(std::string_view sql) {
  std::size_t i = skipSpaceAndComments(sql);
  i = skipSpaceAndComments(sql, i + wordAt(sql, i).size());  // past PRAGMA
  std::string name = upper(wordAt(sql, i));
  if (name.empty()) return false;  // a quoted or odd name: assume it writes
  i = skipSpaceAndComments(sql, i + name.size());
  if (i < sql.size() && sql[i] == '.') {  // schema.name
    i = skipSpaceAndComments(sql, i + 1);
    name = upper(wordAt(sql, i));
    if (name.empty()) return false;
    i = skipSpaceAndComments(sql, i + name.size());
  }
  if (i == sql.size() || sql[i] == ';') return listed(kReadPragmas, name);
  if (sql[i] == '(') return listed(kTableValuedReadPragmas, name);
  return false;  // "= value" and anything unexpected
}

bool isReadOnlySingle(std::string_view sql) {
  const std::string keyword = firstKeyword(sql);
  if (keyword == "SELECT" || keyword == "VALUES" || keyword == "EXPLAIN") return true;
  if (keyword == "PRAGMA") return isReadOnlyPragma(sql);
  return false;
}

}  // namespace

std::vector<std::string> splitSqlScript(std::string_view script) {
  std::vector<std::string> statements;
  std::string piece;  // reused: sqlite3_complete needs a NUL-terminated copy
  std::size_t start = 0;
  for (std::size_t semicolon = script.find(';'); semicolon != std::string_view::npos;
       semicolon = script.find(';', semicolon + 1)) {
    piece.assign(script.substr(start, semicolon + 1 - start));
    // True only when this ';' really ends a statement: not inside a string, a quoted name, a
    // comment or a trigger body. SQLite's own rule, so D1 (SQLite) splits the same way.
    if (!sqlite3_complete(piece.c_str())) continue;
    std::string statement = trimStatement(piece);
    if (!statement.empty()) statements.push_back(std::move(statement));
    start = semicolon + 1;
  }
  std::string tail = trimStatement(script.substr(start));
  if (!tail.empty()) statements.push_back(std::move(tail));
  return statements;
}

std::string firstKeyword(std::string_view sql) {
  const std::size_t i = skipSpaceAndComments(sql);
  return upper(wordAt(sql, i));
}

bool isReadOnlyStatement(std::string_view sql) {
  if (sql.find(';') == std::string_view::npos) return isReadOnlySingle(sql);
  const std::vector<std::string> statements = splitSqlScript(sql);
  return !statements.empty() &&
         std::all_of(statements.begin(), statements.end(), [](const std::string& s) { return isReadOnlySingle(s); });
}

bool isTransactionControl(std::string_view sql) {
  const std::string keyword = firstKeyword(sql);
  return keyword == "BEGIN" || keyword == "COMMIT" || keyword == "END" || keyword == "ROLLBACK" ||
         keyword == "SAVEPOINT" || keyword == "RELEASE";
}

}  // namespace roost::d1
