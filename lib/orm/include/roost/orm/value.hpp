#pragma once
// Value: one SQL value — null, 64-bit integer, double, text or blob — as SQLite and D1
// store them. Text may hold any bytes, NUL included; it is always bound with its length.
// A Value is a plain value type: copyable, movable, no shared state, thread-compatible.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace roost {

struct Blob {
  std::string bytes;  // raw bytes; std::string because it is the cheapest owning byte buffer
  bool operator==(const Blob&) const = default;
};

class Value {
 public:
  enum class Type { Null, Integer, Real, Text, Blob };

  Value() noexcept = default;
  Value(std::nullptr_t) noexcept {}
  Value(std::nullopt_t) noexcept {}
  Value(bool b) noexcept : v_(static_cast<std::int64_t>(b)) {}
  Value(int i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(long i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(long long i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(unsigned long long i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(double d) noexcept : v_(d) {}
  Value(std::string s) noexcept : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(char* s) : Value(static_cast<const char*>(s)) {}
  // Any other pointer (a std::string*, an int*) would silently bind 1 through Value(bool):
  // refused at compile time. Pass *ptr, or a C string.
  template <class T>
  Value(T*) = delete;
  Value(Blob b) noexcept : v_(std::move(b)) {}
  template <class T>
  Value(const std::optional<T>& o) : Value(o ? Value(*o) : Value()) {}

  Type type() const noexcept { return static_cast<Type>(v_.index()); }
  bool isNull() const noexcept { return v_.index() == 0; }
  bool isInteger() const noexcept { return v_.index() == 1; }
  bool isReal() const noexcept { return v_.index() == 2; }
  bool isText() const noexcept { return v_.index() == 3; }
  bool isBlob() const noexcept { return v_.index() == 4; }

  // Checked accessors: throw roost::UsageError naming the actual type on a mismatch.
  std::int64_t asInt() const;       // integer; a real is truncated; text is parsed strictly
  double asDouble() const;          // integer or real
  const std::string& asText() const;  // text only
  // Safe read: the text, or `fallback` when the value is NULL or not text (never throws).
  std::string_view textOr(std::string_view fallback) const noexcept {
    const std::string* s = textIf();
    return s ? std::string_view(*s) : fallback;
  }
  const Blob& asBlob() const;
  // Any value as display text: NULL -> "NULL", numbers in shortest round-trip form.
  std::string toString() const;
  // A SQL literal for display only (--pretend, logs); never used to build executed SQL.
  std::string toSqlLiteral() const;

  // Raw access for backends (no checks).
  const std::int64_t* intIf() const noexcept { return std::get_if<std::int64_t>(&v_); }
  const double* doubleIf() const noexcept { return std::get_if<double>(&v_); }
  const std::string* textIf() const noexcept { return std::get_if<std::string>(&v_); }
  const Blob* blobIf() const noexcept { return std::get_if<Blob>(&v_); }

  bool operator==(const Value&) const = default;
  friend bool operator==(const Value& a, std::string_view b) { return a.isText() && *a.textIf() == b; }
  friend bool operator==(const Value& a, const char* b) { return a == std::string_view(b); }
  friend bool operator==(const Value& a, std::int64_t b) { return a.isInteger() && *a.intIf() == b; }
  friend bool operator==(const Value& a, int b) { return a == static_cast<std::int64_t>(b); }

 private:
  std::variant<std::monostate, std::int64_t, double, std::string, Blob> v_;
};

const char* typeName(Value::Type t) noexcept;

}  // namespace roost
