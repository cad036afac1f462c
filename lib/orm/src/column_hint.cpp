#include "column_hint.hpp"

#include <cctype>
#include <vector>

#include "roost/orm/suggest.hpp"

namespace roost::detail {

namespace {

// The column SQLite names in "no such column: posts.titel at offset 9" -> "titel".
std::string missingColumn(const std::string& message) {
  constexpr std::string_view marker = "no such column: ";
  const auto at = message.find(marker);
  if (at == std::string::npos) return {};
  std::string name;
  for (std::size_t i = at + marker.size(); i < message.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(message[i]);
    if (c == '.') name.clear();  // a qualified name: the column is the last part
    else if (std::isalnum(c) || c == '_') name += static_cast<char>(c);
    else break;
  }
  return name;
}

}  // namespace

std::string columnHint(const QueryError& e, Connection& connection, std::string_view table) {
  const std::string column = missingColumn(e.databaseMessage());
  if (column.empty()) return {};
  std::vector<std::string> columns;
  try {
    const Value name[] = {Value(table)};
    for (auto& row : connection.execute("SELECT name FROM pragma_table_info(?)", name).rows)
      if (!row.empty() && row[0].isText()) columns.push_back(row[0].asText());
  } catch (const Error&) {
    return {};  // the columns are not known: no guess
  }
  const std::string best = closestMatch(column, columns);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}

}  // namespace roost::detail
