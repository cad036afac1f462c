#pragma once
// Columns and Row: a result's column names are stored once and shared by every row of
// that result (and by the models hydrated from it), so a row is just its values.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/value.hpp"

namespace roost {

class Columns {
 public:
  Columns() = default;
  explicit Columns(std::vector<std::string> names) : names_(std::move(names)) {}

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Linear scan: tables have few columns, and this beats hashing at that size.
  std::size_t indexOf(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    return npos;
  }
  const std::string& operator[](std::size_t i) const { return names_[i]; }
  std::size_t size() const noexcept { return names_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  void add(std::string name) { names_.push_back(std::move(name)); }

 private:
  std::vector<std::string> names_;
};
using ColumnsPtr = std::shared_ptr<const Columns>;

// One row of a result: shared column names plus this row's values.
class Row {
 public:
  Row() = default;
  Row(ColumnsPtr columns, std::vector<Value> values) : columns_(std::move(columns)), values_(std::move(values)) {}

  // The value of a column; throws roost::UsageError naming the known columns if absent.
  const Value& operator[](std::string_view column) const;
  const Value& at(std::size_t i) const { return values_.at(i); }
  bool has(std::string_view column) const noexcept { return columns_ && columns_->indexOf(column) != Columns::npos; }
  std::size_t size() const noexcept { return values_.size(); }
  const ColumnsPtr& columns() const noexcept { return columns_; }
  const std::vector<Value>& values() const noexcept { return values_; }
  std::vector<Value>& values() noexcept { return values_; }

 private:
  ColumnsPtr columns_;
  std::vector<Value> values_;
};

}  // namespace roost
