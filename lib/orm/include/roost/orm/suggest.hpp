#pragma once
// "Did you mean ...?": the one edit-distance suggestion the ORM's errors and the console share.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace roost {

// Levenshtein distance; ASCII letters compare without case.
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate close enough to `word` to be a likely misspelling of it (within a third of
// its length, at least 2 edits), or "" when none is.
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace roost
