#include "roost/orm/sql_text.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace roost {
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

// The statement's text from its first word: without leading whitespace/comments, trailing
// whitespace and the final ';'. offset receives where in piece that first word stands.
std::string trimStatement(std::string_view piece, std::size_t& offset) {
  offset = std::min(piece.size(), skipSpaceAndComments(piece));
  piece.remove_prefix(offset);
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
  const PragmaStatement pragma = pragmaOf(sql);
  if (pragma.name.empty() || pragma.form == PragmaStatement::Form::Other) return false;  // a quoted or odd name: assume it writes
  if (pragma.form == PragmaStatement::Form::Plain) return listed(kReadPragmas, pragma.name);
  if (pragma.form == PragmaStatement::Form::Call) return listed(kTableValuedReadPragmas, pragma.name);
  return false;  // "= value"
}

bool isReadOnlySingle(std::string_view sql) {
  const std::string keyword = firstKeyword(sql);
  if (keyword == "SELECT" || keyword == "VALUES" || keyword == "EXPLAIN") return true;
  if (keyword == "PRAGMA") return isReadOnlyPragma(sql);
  return false;
}

}  // namespace

std::vector<SqlStatement> splitSqlStatements(std::string_view script) {
  std::vector<SqlStatement> statements;
  std::string piece;  // reused: sqlite3_complete needs a NUL-terminated copy
  std::size_t start = 0;
  std::size_t counted = 0;  // newlines are counted up to here
  int line = 1;
  const auto add = [&](std::string_view text) {
    std::size_t offset = 0;
    std::string statement = trimStatement(text, offset);
    if (statement.empty()) return;
    const std::size_t at = start + offset;
    line += static_cast<int>(std::count(script.begin() + static_cast<std::ptrdiff_t>(counted),
                                        script.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted = at;
    statements.push_back({std::move(statement), line});
  };
  for (std::size_t semicolon = script.find(';'); semicolon != std::string_view::npos;
       semicolon = script.find(';', semicolon + 1)) {
    piece.assign(script.substr(start, semicolon + 1 - start));
    // True only when this ';' really ends a statement: not inside a string, a quoted name, a
    // comment or a trigger body. SQLite's own rule, so D1 (SQLite) splits the same way.
    if (!sqlite3_complete(piece.c_str())) continue;
    add(piece);
    start = semicolon + 1;
  }
  add(script.substr(start));
  return statements;
}

std::vector<std::string> splitSqlScript(std::string_view script) {
  std::vector<std::string> out;
  for (SqlStatement& s : splitSqlStatements(script)) out.push_back(std::move(s.text));
  return out;
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

std::vector<SqlStatement> transactionControlIn(std::string_view script) {
  std::vector<SqlStatement> found;
  for (SqlStatement& s : splitSqlStatements(script))
    if (isTransactionControl(s.text)) found.push_back(std::move(s));
  return found;
}

PragmaStatement pragmaOf(std::string_view sql) {
  PragmaStatement out;
  std::size_t i = skipSpaceAndComments(sql);
  if (upper(wordAt(sql, i)) != "PRAGMA") return out;
  i = skipSpaceAndComments(sql, i + 6);
  std::string name = upper(wordAt(sql, i));
  if (name.empty()) return out;  // a quoted or odd name
  i = skipSpaceAndComments(sql, i + name.size());
  if (i < sql.size() && sql[i] == '.') {  // schema.name
    i = skipSpaceAndComments(sql, i + 1);
    name = upper(wordAt(sql, i));
    if (name.empty()) return out;
    i = skipSpaceAndComments(sql, i + name.size());
  }
  out.name = std::move(name);
  if (i == sql.size() || sql[i] == ';') out.form = PragmaStatement::Form::Plain;
  else if (sql[i] == '(') out.form = PragmaStatement::Form::Call;
  else if (sql[i] == '=') out.form = PragmaStatement::Form::Assign;
  return out;
}

namespace {

// From s[i] = the opening quote to past the closing one; a doubled quote stands for one.
std::string unquoted(std::string_view s, std::size_t& i) {
  const char close = s[i] == '[' ? ']' : s[i];
  std::string out;
  for (++i; i < s.size(); ++i) {
    if (s[i] != close) {
      out += s[i];
    } else if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
      out += close;
      ++i;
    } else {
      ++i;
      break;
    }
  }
  return out;
}

bool startsWord(char c) { return isWordChar(c) || static_cast<unsigned char>(c) >= 0x80; }
bool continuesWord(char c) { return startsWord(c) || c == '$'; }

}  // namespace

std::vector<SqlToken> sqlTokens(std::string_view s, std::size_t limit) {
  using Kind = SqlToken::Kind;
  std::vector<SqlToken> out;
  for (std::size_t i = skipSpaceAndComments(s); i < s.size() && out.size() < limit; i = skipSpaceAndComments(s, i)) {
    const char c = s[i];
    if (c == '"' || c == '`' || c == '[') {
      out.push_back({Kind::QuotedName, unquoted(s, i)});
    } else if (c == '\'') {
      out.push_back({Kind::String, unquoted(s, i)});
    } else if (startsWord(c)) {
      std::size_t end = i;
      while (end < s.size() && continuesWord(s[end])) ++end;
      out.push_back({Kind::Word, std::string(s.substr(i, end - i))});
      i = end;
    } else {
      out.push_back({Kind::Other, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

namespace {

using Token = SqlToken;
bool isKeyword(const Token& t, std::string_view keyword) {
  if (t.kind != Token::Kind::Word || t.text.size() != keyword.size()) return false;
  return upper(t.text) == keyword;
}

}  // namespace

std::vector<std::string> objectNamesWritten(std::string_view sql) {
  const std::vector<Token> t = sqlTokens(sql);
  std::vector<std::string> names;
  // The name at t[j] (schema.name: the name after the dot), if t[j] can be a name. A string
  // literal counts where only a name can stand: SQLite takes 'x' there as the name x.
  const auto nameAt = [&](std::size_t j) {
    if (j + 2 < t.size() && t[j + 1].kind == Token::Kind::Other && t[j + 1].text == ".") j += 2;
    if (j < t.size() && t[j].kind != Token::Kind::Other) names.push_back(t[j].text);
  };
  bool indexOrTrigger = false;  // CREATE INDEX / CREATE TRIGGER: the first ON names a table
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (isKeyword(t[i], "TABLE") || isKeyword(t[i], "INDEX") || isKeyword(t[i], "VIEW") ||
        isKeyword(t[i], "TRIGGER")) {
      indexOrTrigger = indexOrTrigger || isKeyword(t[i], "INDEX") || isKeyword(t[i], "TRIGGER");
      std::size_t j = i + 1;
      while (j < t.size() && (isKeyword(t[j], "IF") || isKeyword(t[j], "NOT") || isKeyword(t[j], "EXISTS"))) ++j;
      nameAt(j);
    } else if (isKeyword(t[i], "INTO")) {
      nameAt(i + 1);
    } else if (isKeyword(t[i], "UPDATE")) {
      nameAt(i + 1 < t.size() && isKeyword(t[i + 1], "OR") ? i + 3 : i + 1);
    } else if (isKeyword(t[i], "DELETE") && i + 1 < t.size() && isKeyword(t[i + 1], "FROM")) {
      nameAt(i + 2);
    } else if (isKeyword(t[i], "RENAME") && i + 1 < t.size() && isKeyword(t[i + 1], "TO")) {
      nameAt(i + 2);
    } else if (indexOrTrigger && isKeyword(t[i], "ON")) {
      indexOrTrigger = false;
      nameAt(i + 1);
    }
  }
  return names;
}

}  // namespace roost
