#pragma once
// Attributes: a model's column values by name — `post.attributes["title"]`, the C++ face
// of the original's `post.attributes.title`. Hydrated models share their result's column
// list and own only their values. Dirty tracking is lazy: the first mutable access takes
// a snapshot of the values, and a column is dirty when it differs from that snapshot, so
// models that are only read never pay for it.
#include <cstddef>
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
  // Write: the value (added as NULL if missing). Marks the start of dirty tracking.
  Value& operator[](std::string_view key);
  const Value& get(std::string_view key) const noexcept { return (*this)[key]; }
  void set(std::string_view key, Value v) { (*this)[key] = std::move(v); }
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

  ColumnsPtr names_;
  std::vector<Value> values_;
  std::unique_ptr<std::vector<Value>> original_;  // snapshot at first write since the last sync (a pointer: most rows never have one)
  bool ownsNames_ = false;                      // names_ is this object's alone: append in place
};

}  // namespace roost
