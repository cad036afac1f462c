#include "statement_shape.hpp"

#include <cctype>
#include <vector>

namespace roost::migrate::detail {

namespace {

struct Token {
  std::string text;     // names unquoted; keywords upper-cased
  bool quoted = false;  // a quoted name (never a keyword)
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Tokens until `limit` of them or the end. Comments and whitespace are skipped; strings and
// numbers become one token each; punctuation one token per character.
std::vector<Token> tokens(std::string_view s, std::size_t limit) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < limit) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const std::size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      continue;
    }
    if (c == '"' || c == '`' || c == '[' || c == '\'') {
      const char close = c == '[' ? ']' : c;
      std::string text;
      ++i;
      while (i < s.size()) {
        if (s[i] == close) {
          if (close != ']' && i + 1 < s.size() && s[i + 1] == close) { text += close; i += 2; continue; }
          ++i;
          break;
        }
        text += s[i++];
      }
      out.push_back({std::move(text), c != '\''});
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$' ||
                              static_cast<unsigned char>(s[i]) >= 0x80))
        ++i;
      out.push_back({std::string(s.substr(start, i - start)), false});
      continue;
    }
    out.push_back({std::string(1, c), false});
    ++i;
  }
  return out;
}

bool is(const std::vector<Token>& t, std::size_t i, std::string_view keyword) {
  return i < t.size() && !t[i].quoted && upper(t[i].text) == keyword;
}

// A possibly schema-qualified name at t[i]: the name, and i moved past it ("" if none).
std::string nameAt(const std::vector<Token>& t, std::size_t& i) {
  if (i >= t.size()) return {};
  std::string name = t[i++].text;
  if (i + 1 < t.size() && t[i].text == "." && !t[i].quoted) {
    name = t[i + 1].text;
    i += 2;
  }
  return name;
}

bool hasWhereClause(std::string_view sql) {
  for (const Token& t : tokens(sql, 1'000'000))
    if (!t.quoted && upper(t.text) == "WHERE") return true;
  return false;
}

}  // namespace

StatementShape shapeOf(std::string_view sql) {
  using Kind = StatementShape::Kind;
  const std::vector<Token> t = tokens(sql, 12);
  StatementShape s;
  std::size_t i = 0;
  if (is(t, 0, "DROP") && is(t, 1, "TABLE")) {
    i = 2;
    if (is(t, i, "IF") && is(t, i + 1, "EXISTS")) i += 2;
    s.kind = Kind::DropTable;
    s.table = nameAt(t, i);
  } else if (is(t, 0, "DELETE") && is(t, 1, "FROM")) {
    i = 2;
    s.kind = Kind::Delete;
    s.table = nameAt(t, i);
    s.hasWhere = hasWhereClause(sql);
  } else if (is(t, 0, "ALTER") && is(t, 1, "TABLE")) {
    i = 2;
    std::string table = nameAt(t, i);
    if (is(t, i, "RENAME") && is(t, i + 1, "TO")) {
      i += 2;
      s.kind = Kind::RenameTable;
      s.table = std::move(table);
      s.newName = nameAt(t, i);
    }
  } else if (is(t, 0, "INSERT") || is(t, 0, "REPLACE")) {
    i = 1;
    if (is(t, i, "OR")) i += 2;
    if (is(t, i, "INTO")) {
      ++i;
      s.kind = Kind::Insert;
      s.table = nameAt(t, i);
    }
  } else if (is(t, 0, "UPDATE")) {
    i = 1;
    if (is(t, i, "OR")) i += 2;
    s.kind = Kind::Update;
    s.table = nameAt(t, i);
  } else if (is(t, 0, "PRAGMA")) {
    i = 1;
    std::string name = nameAt(t, i);
    if (upper(name) == "DEFER_FOREIGN_KEYS" && i < t.size() && (t[i].text == "=" || t[i].text == "(") &&
        i + 1 < t.size()) {
      const std::string v = upper(t[i + 1].text);
      s.kind = Kind::DeferForeignKeys;
      s.on = v == "ON" || v == "TRUE" || v == "YES" || v == "1";
    }
  }
  if (s.kind != Kind::Other && s.kind != Kind::DeferForeignKeys && s.table.empty()) s.kind = Kind::Other;
  return s;
}

}  // namespace roost::migrate::detail
