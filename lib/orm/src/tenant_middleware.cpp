#include "roost/orm/tenant_middleware.hpp"

#include "roost/orm/error.hpp"
#include "ascii_case.hpp"

namespace roost {

using detail::equalsIgnoreCase;

std::optional<std::string> RequestView::header(std::string_view name) const {
  for (auto& [k, v] : headers)
    if (equalsIgnoreCase(k, name)) return v;
  return std::nullopt;
}

OrgResolver::OrgResolver(std::vector<std::string> strategies, OrgResolverOptions options)
    : strategies_(std::move(strategies)), options_(std::move(options)) {
  if (strategies_.empty()) throw UsageError("OrgResolver needs at least one strategy: subdomain, path or header");
  for (auto& s : strategies_)
    if (s != "subdomain" && s != "path" && s != "header")
      throw UsageError("unknown OrgResolver strategy '" + s + "'; use subdomain, path or header");
}

bool OrgResolver::isValidSlug(std::string_view slug) noexcept {
  if (slug.empty() || slug.size() > 63 || slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::optional<std::string> OrgResolver::resolve(const RequestView& request) const {
  for (auto& s : strategies_) {
    std::optional<std::string> slug = s == "subdomain" ? bySubdomain(request) : s == "path" ? byPath(request) : byHeader(request);
    if (slug && isValidSlug(*slug)) return slug;
  }
  return std::nullopt;
}

std::optional<std::string> OrgResolver::bySubdomain(const RequestView& r) const {
  std::string host = detail::asciiLower(r.host.substr(0, r.host.find(':')));
  auto dot = host.find('.');
  if (dot == std::string::npos) return std::nullopt;
  // acme.example.com and acme.localhost have a subdomain; example.com does not.
  const std::string rest = host.substr(dot + 1);
  if (rest.find('.') == std::string::npos && rest != "localhost") return std::nullopt;
  std::string label = host.substr(0, dot);
  for (auto& ignored : options_.ignoredSubdomains)
    if (label == ignored) return std::nullopt;
  return label;
}

std::optional<std::string> OrgResolver::byPath(const RequestView& r) const {
  const std::string& prefix = options_.pathPrefix;
  if (r.path.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string rest = r.path.substr(prefix.size());
  return rest.substr(0, rest.find_first_of("/?#"));
}

std::optional<std::string> OrgResolver::byHeader(const RequestView& r) const {
  auto v = r.header(options_.header);
  if (!v) return std::nullopt;
  return detail::asciiLower(*v);
}

}  // namespace roost
