#include "roost/orm/identifier.hpp"

#include "roost/orm/error.hpp"

namespace roost {

bool isPlainIdentifier(std::string_view s) noexcept {
  if (s.empty() || s.size() > 128) return false;
  auto isAlpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!isAlpha(s[0])) return false;
  for (char c : s)
    if (!isAlpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

bool isValidIdentifier(std::string_view name) noexcept {
  auto dot = name.find('.');
  if (dot == std::string_view::npos) return isPlainIdentifier(name);
  return isPlainIdentifier(name.substr(0, dot)) && isPlainIdentifier(name.substr(dot + 1));
}

void requireIdentifier(std::string_view name) {
  if (!isValidIdentifier(name)) throw InvalidIdentifierError(std::string(name));
}

void appendQuotedIdentifier(std::string& out, std::string_view name) {
  requireIdentifier(name);
  auto dot = name.find('.');
  if (dot != std::string_view::npos) {
    out += '"';
    out += name.substr(0, dot);
    out += "\".\"";
    out += name.substr(dot + 1);
    out += '"';
    return;
  }
  out += '"';
  out += name;
  out += '"';
}

std::string quoteIdentifier(std::string_view name) {
  std::string out;
  appendQuotedIdentifier(out, name);
  return out;
}

std::string quoteAnyName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace roost
