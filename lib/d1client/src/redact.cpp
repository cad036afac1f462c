#include "roost/d1/redact.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace roost::d1 {

std::string redact(std::string text, std::string_view secret) {
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

}  // namespace roost::d1
