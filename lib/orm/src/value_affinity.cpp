#include "roost/orm/value_affinity.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace roost {

namespace {

bool contains(const std::string& upper, const char* part) { return upper.find(part) != std::string::npos; }

// Text that SQLite would read as a number: an integer literal in range, else a real literal.
// Strict (no surrounding spaces, no hex): when unsure the value counts as changed, which costs
// one harmless UPDATE, never a lost one.
Value numericOf(const std::string& text, bool keepReal) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())) ||
      std::isspace(static_cast<unsigned char>(text.back())))
    return Value(text);
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long i = std::strtoll(begin, &end, 10);
  if (errno == 0 && end == begin + text.size()) return keepReal ? Value(static_cast<double>(i)) : Value(i);
  errno = 0;
  const double d = std::strtod(begin, &end);
  if (errno != 0 || end != begin + text.size() || !std::isfinite(d)) return Value(text);
  for (char c : text)  // strtod also reads "inf", "nan" and hex floats; SQLite does not
    if (std::isalpha(static_cast<unsigned char>(c)) && c != 'e' && c != 'E') return Value(text);
  return Value(d);
}

Value integralIfExact(double d) {
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d)
    return Value(static_cast<long long>(d));
  return Value(d);
}

}  // namespace

Affinity affinityOfType(std::string_view declaredType) noexcept {
  std::string t;
  for (char c : declaredType) t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (contains(t, "INT")) return Affinity::Integer;
  if (contains(t, "CHAR") || contains(t, "CLOB") || contains(t, "TEXT")) return Affinity::Text;
  if (contains(t, "BLOB") || t.empty()) return Affinity::Blob;
  if (contains(t, "REAL") || contains(t, "FLOA") || contains(t, "DOUB")) return Affinity::Real;
  return Affinity::Numeric;
}

Affinity impliedAffinity(const Value& stored) noexcept {
  switch (stored.type()) {
    case Value::Type::Integer: return Affinity::Numeric;
    case Value::Type::Real: return Affinity::Real;
    case Value::Type::Text: return Affinity::Text;
    default: return Affinity::Blob;
  }
}

Value storedAs(const Value& v, Affinity affinity) {
  switch (affinity) {
    case Affinity::Blob: return v;
    case Affinity::Text:
      if (auto* i = v.intIf()) return Value(std::to_string(*i));
      if (auto* d = v.doubleIf()) {  // SQLite writes reals as %!.15g: always with a '.' or an exponent
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.15g", *d);
        std::string s = buf;
        if (s.find_first_of(".en") == std::string::npos) s += ".0";
        return Value(s);
      }
      return v;
    case Affinity::Real:
      if (auto* i = v.intIf()) return Value(static_cast<double>(*i));
      if (auto* t = v.textIf()) {
        Value n = numericOf(*t, true);
        return n;
      }
      return v;
    case Affinity::Integer:
    case Affinity::Numeric:
      if (auto* d = v.doubleIf()) return integralIfExact(*d);
      if (auto* t = v.textIf()) {
        Value n = numericOf(*t, false);
        if (auto* d = n.doubleIf()) return integralIfExact(*d);
        return n;
      }
      return v;
  }
  return v;
}

bool storedEquivalent(const Value& original, const Value& current, Affinity affinity) {
  if (original == current) return true;
  if (original.isNull() || current.isNull()) return false;
  return storedAs(original, affinity) == storedAs(current, affinity);
}

}  // namespace roost
