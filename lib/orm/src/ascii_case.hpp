#pragma once
// ASCII case folding for keywords, directions, operators and host names (never user text).
#include <cctype>
#include <string>
#include <string_view>

namespace roost::detail {

inline char asciiLower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

inline std::string asciiLower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += asciiLower(c);
  return out;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  return true;
}

}  // namespace roost::detail
