#pragma once
// Internal to roost::d1: making network and SQL text fit for an error message.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "roost/d1/redact.hpp"

namespace roost::d1::detail {

// Whitespace runs become one space, control bytes become \xNN, and the text is cut to
// about maxLength bytes with "..." marking the cut.
inline std::string oneLine(std::string_view text, std::size_t maxLength) {
  std::string out;
  bool space = false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else {
      out.push_back(ch);
    }
    if (out.size() >= maxLength) {
      out += "...";
      break;
    }
  }
  return out;
}

using roost::d1::redact;  // roost/d1/redact.hpp

}  // namespace roost::d1::detail
