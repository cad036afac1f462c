#pragma once
// Attributes: a model's column values by name — `post.attributes["title"]`, the C++ face
// of the original's `post.attributes.title`. Hydrated models share their result's column
// list and own only their values. Dirty tracking is lazy: the first mutable access takes
// a snapshot of the values, and a column is dirty when it differs from that snapshot, so
// models that are only read never pay for it.
//
// `attributes["x"]` on a non-const model is an AttributeRef: reading it never adds the
// column nor snapshots the row (a missing one reads as NULL); only assigning to it does.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "roost/orm/row.hpp"
#include "roost/orm/value.hpp"

namespace roost {

class Attributes;

// The result of a non-const attributes["x"]: reads like the Value (a NULL one if the model
// has no such attribute) and writes on assignment only. Bind it to `const Value&` to keep
// the value; it refers to the model's attributes, so it must not outlive them.
class AttributeRef {
 public:
  AttributeRef(Attributes& owner, std::string_view key) noexcept : owner_(&owner), key_(key) {}

  // Read: no column added, no snapshot taken.
  const Value& get() const noexcept;
  operator const Value&() const noexcept { return get(); }  // NOLINT: reads where a Value is expected

  Value::Type type() const noexcept { return get().type(); }
  bool isNull() const noexcept { return get().isNull(); }
  bool isInteger() const noexcept { return get().isInteger(); }
  bool isReal() const noexcept { return get().isReal(); }
  bool isText() const noexcept { return get().isText(); }
  bool isBlob() const noexcept { return get().isBlob(); }
  std::int64_t asInt() const { return get().asInt(); }
  double asDouble() const { return get().asDouble(); }
  const std::string& asText() const { return get().asText(); }
  const Blob& asBlob() const { return get().asBlob(); }
  std::string_view textOr(std::string_view fallback) const noexcept { return get().textOr(fallback); }
  std::string toString() const { return get().toString(); }
  std::string toSqlLiteral() const { return get().toSqlLiteral(); }
  const std::int64_t* intIf() const noexcept { return get().intIf(); }
  const double* doubleIf() const noexcept { return get().doubleIf(); }
  const std::string* textIf() const noexcept { return get().textIf(); }
  const Blob* blobIf() const noexcept { return get().blobIf(); }

  // Write: adds the column if missing and starts dirty tracking.
  AttributeRef& operator=(Value v);
  AttributeRef& operator=(const AttributeRef& other) { return *this = Value(other.get()); }
  AttributeRef(const AttributeRef&) = default;

  // The comparisons Value has (the reversed forms come from C++20's rewriting).
  friend bool operator==(const AttributeRef& a, const AttributeRef& b) { return a.get() == b.get(); }
  friend bool operator==(const AttributeRef& a, const Value& b) { return a.get() == b; }
  friend bool operator==(const AttributeRef& a, const std::string& b) { return a.get() == std::string_view(b); }
  friend bool operator==(const AttributeRef& a, std::string_view b) { return a.get() == b; }
  friend bool operator==(const AttributeRef& a, const char* b) { return a.get() == b; }
  friend bool operator==(const AttributeRef& a, std::int64_t b) { return a.get() == b; }
  friend bool operator==(const AttributeRef& a, int b) { return a.get() == b; }

 private:
  Attributes* owner_;
  std::string_view key_;
};

class Attributes {
 public:
  using Init = std::initializer_list<std::pair<std::string_view, Value>>;

  Attributes() = default;
  Attributes(Init init);
  Attributes(ColumnsPtr names, std::vector<Value> values) : names_(std::move(names)), values_(std::move(values)) {}
  Attributes(const Attributes& other);
  Attributes& operator=(const Attributes& other);
  Attributes(Attributes&&) noexcept = default;
  Attributes& operator=(Attributes&&) noexcept = default;

  // Read: the value, or a NULL value if the model has no such attribute.
  const Value& operator[](std::string_view key) const noexcept;
  // Read or write by assignment (see AttributeRef): `attributes["x"] = v` adds x if missing
  // and marks the start of dirty tracking; reading adds nothing.
  AttributeRef operator[](std::string_view key) noexcept { return AttributeRef(*this, key); }
  const Value& get(std::string_view key) const noexcept { return (*this)[key]; }
  void set(std::string_view key, Value v);
  // Sets a value without starting dirty tracking: for the ORM's own bookkeeping (new ids,
  // timestamps on insert) right before it syncs the original values anyway.
  void setUntracked(std::string_view key, Value v);
  void fill(Init init);
  void fill(const Attributes& other);
  bool has(std::string_view key) const noexcept { return index(key) != Columns::npos; }

  std::size_t size() const noexcept { return values_.size(); }
  bool empty() const noexcept { return values_.empty(); }
  const std::string& name(std::size_t i) const { return (*names_)[i]; }
  const Value& value(std::size_t i) const { return values_[i]; }
  const std::vector<Value>& values() const noexcept { return values_; }
  std::vector<std::string> keys() const;
  const std::vector<std::string>& names() const noexcept;

  // Dirty tracking.
  bool isDirty() const noexcept;
  bool isDirty(std::string_view key) const noexcept;
  std::vector<std::string> dirtyKeys() const;
  // The value as last loaded or saved (the current value if never changed).
  const Value& original(std::string_view key) const noexcept;
  // Forget changes: the current values become the original ones (after a save or load).
  void syncOriginal() noexcept { original_.reset(); }
  // Forget the change of one column only (the ORM's soft delete writes just deleted_at /
  // updated_at: every other change stays dirty for the next save).
  void syncOriginal(std::string_view key);

 private:
  std::size_t index(std::string_view key) const noexcept { return names_ ? names_->indexOf(key) : Columns::npos; }
  bool dirtyAt(std::size_t i) const noexcept;
  std::size_t addColumn(std::string_view key);

  friend class AttributeRef;
  ColumnsPtr names_;
  std::vector<Value> values_;
  std::unique_ptr<std::vector<Value>> original_;  // snapshot at first write since the last sync (a pointer: most rows never have one)
  bool ownsNames_ = false;                      // names_ is this object's alone: append in place
};

}  // namespace roost

namespace roost {
inline const Value& AttributeRef::get() const noexcept { return static_cast<const Attributes&>(*owner_)[key_]; }
inline AttributeRef& AttributeRef::operator=(Value v) {
  owner_->set(key_, std::move(v));
  return *this;
}
}  // namespace roost
