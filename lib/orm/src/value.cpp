#include "roost/orm/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "roost/orm/error.hpp"

namespace roost {

const char* typeName(Value::Type t) noexcept {
  switch (t) {
    case Value::Type::Null: return "null";
    case Value::Type::Integer: return "integer";
    case Value::Type::Real: return "real";
    case Value::Type::Text: return "text";
    case Value::Type::Blob: return "blob";
  }
  return "?";
}

static UsageError mismatch(const char* wanted, Value::Type actual) {
  return UsageError(std::string("value is ") + typeName(actual) + ", not " + wanted);
}

std::int64_t Value::asInt() const {
  if (auto* i = intIf()) return *i;
  if (auto* d = doubleIf()) return static_cast<std::int64_t>(*d);
  if (auto* s = textIf()) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && p == s->data() + s->size() && !s->empty()) return out;
    throw UsageError("text \"" + *s + "\" is not an integer");
  }
  throw mismatch("an integer", type());
}

double Value::asDouble() const {
  if (auto* i = intIf()) return static_cast<double>(*i);
  if (auto* d = doubleIf()) return *d;
  throw mismatch("a number", type());
}

const std::string& Value::asText() const {
  if (auto* s = textIf()) return *s;
  throw mismatch("text", type());
}

const Blob& Value::asBlob() const {
  if (auto* b = blobIf()) return *b;
  throw mismatch("a blob", type());
}

static std::string formatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, p);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string Value::toString() const {
  switch (type()) {
    case Type::Null: return "NULL";
    case Type::Integer: return std::to_string(*intIf());
    case Type::Real: return formatDouble(*doubleIf());
    case Type::Text: return *textIf();
    case Type::Blob: {
      std::string out = "x'";
      static const char* hex = "0123456789abcdef";
      for (unsigned char c : blobIf()->bytes) {
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      return out + "'";
    }
  }
  return {};
}

std::string Value::toSqlLiteral() const {
  if (!isText()) return toString();
  std::string out = "'";
  for (char c : *textIf()) {
    if (c == '\'') out += "''";
    else if (c == '\0') out += "\\0";
    else out += c;
  }
  return out + "'";
}

}  // namespace roost
