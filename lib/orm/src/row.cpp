#include "roost/orm/row.hpp"

#include "roost/orm/error.hpp"

namespace roost {

const Value& Row::operator[](std::string_view column) const {
  std::size_t i = columns_ ? columns_->indexOf(column) : Columns::npos;
  if (i != Columns::npos) return values_[i];
  std::string known;
  if (columns_)
    for (const auto& n : columns_->names()) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("no column \"" + std::string(column) + "\" in this row; columns: " + (known.empty() ? "(none)" : known));
}

}  // namespace roost
