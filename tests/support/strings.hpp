#pragma once
// Text builders for tests that need huge or deeply nested inputs.
#include <cstddef>
#include <string>
#include <string_view>

namespace roost::test {

// `piece` written `times` times in a row.
inline std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace roost::test
