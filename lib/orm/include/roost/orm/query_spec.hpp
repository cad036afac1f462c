#pragma once
// QuerySpec: everything a query says, as plain data. The builder (Query) fills it; the
// Grammar compiles it; nothing in between writes SQL text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "roost/orm/condition.hpp"

namespace roost {

// Which rows of a soft-deleting model a query sees (withTrashed / onlyTrashed).
enum class TrashedMode { Exclude, Include, Only };

struct OrderBy {
  std::string column;
  bool descending = false;
};

struct QuerySpec {
  std::string table;
  std::vector<std::string> columns;   // empty = *
  std::vector<Condition> scopes;      // soft-delete / tenant filters, ANDed around `wheres`;
                                      // filled only by the effective-spec step at compile time
  std::vector<Condition> wheres;      // the user's conditions, compiled as one group
  std::vector<OrderBy> orders;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
};

}  // namespace roost
