#pragma once
// Internal to roost::d1: making network and SQL text fit for an error message.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

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

// Runs of this many characters of the secret (or the whole secret, if shorter) are redacted
// wherever they appear: a server that echoes the token in pieces gets every piece scrubbed.
inline constexpr std::size_t kSecretFragment = 8;

// Every run of kSecretFragment or more characters that also occurs in the secret becomes one
// "[redacted]", so no text that came from the network (a proxy page echoing request headers,
// an error message quoting half the token) can carry any of it into an error or a log.
inline std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  const std::size_t n = std::min(kSecretFragment, secret.size());
  if (text.size() < n) return text;
  std::unordered_set<std::string_view> pieces;
  for (std::size_t i = 0; i + n <= secret.size(); ++i) pieces.insert(secret.substr(i, n));
  std::vector<bool> covered(text.size(), false);
  bool any = false;
  const std::string_view view(text);
  for (std::size_t i = 0; i + n <= text.size(); ++i)
    if (pieces.count(view.substr(i, n))) {
      std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(i), n, true);
      any = true;
    }
  if (!any) return text;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!covered[i]) {
      out.push_back(text[i]);
    } else if (i == 0 || !covered[i - 1]) {
      out += "[redacted]";
    }
  }
  return out;
}

}  // namespace roost::d1::detail
