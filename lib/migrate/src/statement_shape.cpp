#include "statement_shape.hpp"

#include <cctype>
#include <vector>

#include "roost/orm/sql_text.hpp"

namespace roost::migrate::detail {

namespace {

using Token = SqlToken;
using TokenKind = SqlToken::Kind;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is(const std::vector<Token>& t, std::size_t i, std::string_view keyword) {
  return i < t.size() && t[i].kind == TokenKind::Word && upper(t[i].text) == keyword;
}

// A possibly schema-qualified name at t[i]: the name, and i moved past it ("" if none).
std::string nameAt(const std::vector<Token>& t, std::size_t& i) {
  if (i >= t.size() || t[i].kind == TokenKind::Other) return {};
  std::string name = t[i++].text;
  if (i + 1 < t.size() && t[i].kind == TokenKind::Other && t[i].text == ".") {
    name = t[i + 1].text;
    i += 2;
  }
  return name;
}

bool hasWhereClause(std::string_view sql) {
  for (const Token& t : sqlTokens(sql))
    if (t.kind == TokenKind::Word && upper(t.text) == "WHERE") return true;
  return false;
}

}  // namespace

StatementShape shapeOf(std::string_view sql) {
  using Kind = StatementShape::Kind;
  const std::vector<Token> t = sqlTokens(sql, 12);
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
    s.replaces = is(t, 0, "REPLACE") || (is(t, 1, "OR") && is(t, 2, "REPLACE"));
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
  } else if ((is(t, 0, "CREATE") && (is(t, 1, "INDEX") || (is(t, 1, "UNIQUE") && is(t, 2, "INDEX")))) ||
             (is(t, 0, "DROP") && is(t, 1, "INDEX")) || is(t, 0, "REINDEX")) {
    s.kind = Kind::Index;
    return s;
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
