#pragma once
// One page of a paginated query: the rows and what a pagination UI needs.
// lastPage is at least 1, even for an empty result.
#include <cstdint>
#include <vector>

namespace roost {

template <class R>
struct Page {
  std::vector<R> data;
  std::int64_t total = 0;
  std::int64_t perPage = 0;
  std::int64_t currentPage = 1;
  std::int64_t lastPage = 1;
};

}  // namespace roost
