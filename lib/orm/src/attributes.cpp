#include "roost/orm/attributes.hpp"

namespace roost {

namespace {
const Value kNull;
}

Attributes::Attributes(Init init) {
  auto names = std::make_shared<Columns>();
  values_.reserve(init.size());
  for (auto& [k, v] : init) {
    std::size_t i = names->indexOf(k);
    if (i == Columns::npos) {
      names->add(std::string(k));
      values_.push_back(v);
    } else {
      values_[i] = v;
    }
  }
  names_ = std::move(names);
  ownsNames_ = true;
}

Attributes::Attributes(const Attributes& other)
    : names_(other.names_),
      values_(other.values_),
      original_(other.original_ ? std::make_unique<std::vector<Value>>(*other.original_) : nullptr),
      ownsNames_(false) {}  // the copy shares the names: the next added column copies them

Attributes& Attributes::operator=(const Attributes& other) {
  if (this != &other) *this = Attributes(other);
  return *this;
}

const Value& Attributes::operator[](std::string_view key) const noexcept {
  std::size_t i = index(key);
  return i == Columns::npos ? kNull : values_[i];
}

void Attributes::set(std::string_view key, Value v) {
  if (!original_) original_ = std::make_unique<std::vector<Value>>(values_);
  std::size_t i = index(key);
  if (i == Columns::npos) i = addColumn(key);
  values_[i] = std::move(v);
}

std::size_t Attributes::addColumn(std::string_view key) {
  if (!ownsNames_ || !names_) {  // copy-on-write: the list is shared with other rows
    auto copy = names_ ? std::make_shared<Columns>(*names_) : std::make_shared<Columns>();
    names_ = std::move(copy);
    ownsNames_ = true;
  }
  // Safe: this object created the Columns (non-const) and is its only user.
  const_cast<Columns&>(*names_).add(std::string(key));
  values_.emplace_back();
  return values_.size() - 1;
}

void Attributes::setUntracked(std::string_view key, Value v) {
  std::size_t i = index(key);
  if (i == Columns::npos) i = addColumn(key);
  values_[i] = std::move(v);
}

const std::vector<std::string>& Attributes::names() const noexcept {
  static const std::vector<std::string> none;
  return names_ ? names_->names() : none;
}

void Attributes::fill(Init init) {
  for (auto& [k, v] : init) set(k, v);
}

void Attributes::fill(const Attributes& other) {
  for (std::size_t i = 0; i < other.size(); ++i) set(other.name(i), other.value(i));
}

std::vector<std::string> Attributes::keys() const { return names_ ? names_->names() : std::vector<std::string>{}; }

bool Attributes::dirtyAt(std::size_t i) const noexcept {
  if (!original_) return false;
  if (i >= original_->size()) return true;  // added since the snapshot
  return (*original_)[i] != values_[i];
}

bool Attributes::isDirty() const noexcept {
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (dirtyAt(i)) return true;
  return false;
}

bool Attributes::isDirty(std::string_view key) const noexcept {
  std::size_t i = index(key);
  return i != Columns::npos && dirtyAt(i);
}

std::vector<std::string> Attributes::dirtyKeys() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (dirtyAt(i)) out.push_back((*names_)[i]);
  return out;
}

const Value& Attributes::original(std::string_view key) const noexcept {
  std::size_t i = index(key);
  if (i == Columns::npos) return kNull;
  if (original_) return i < original_->size() ? (*original_)[i] : kNull;
  return values_[i];
}

void Attributes::syncOriginal(std::string_view key) {
  if (!original_) return;  // nothing is tracked: the value already counts as original
  std::size_t i = index(key);
  if (i == Columns::npos) return;
  // Columns added since the snapshot had no original: pad them with NULL (what original() says).
  if (original_->size() <= i) original_->resize(i + 1);
  (*original_)[i] = values_[i];
}

}  // namespace roost
