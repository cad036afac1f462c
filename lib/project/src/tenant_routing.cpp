#include "roost/project/tenant_routing.hpp"

#include <cctype>

#include "roost/orm/error.hpp"
#include "roost/orm/log.hpp"

namespace roost::project {

std::string tenantBindingName(std::string_view pattern, std::string_view slug) {
  std::string upper;
  for (char c : slug) upper += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out(pattern);
  const auto at = out.find("{SLUG}");
  if (at == std::string::npos) throw ConfigError("tenantBindingPattern \"" + out + "\" has no {SLUG}");
  return out.replace(at, 6, upper);
}

std::vector<TenantBinding> tenantBindings(const WranglerConfig& config, const RoostSettings& settings) {
  const std::string& pattern = settings.tenantBindingPattern;
  const auto at = pattern.find("{SLUG}");
  if (at == std::string::npos) throw ConfigError("tenantBindingPattern \"" + pattern + "\" has no {SLUG}");
  const std::string prefix = pattern.substr(0, at), suffix = pattern.substr(at + 6);
  std::vector<TenantBinding> out;
  for (const D1Binding& b : config.d1Databases) {
    const std::string& name = b.binding;
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string slug;
    for (char c : name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()))
      slug += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back({slug, b});
  }
  return out;
}

std::string unknownTenantMessage(std::string_view slug, const std::vector<TenantBinding>& known, std::string_view pattern) {
  std::string list;
  for (auto& t : known) list += (list.empty() ? "" : ", ") + t.slug;
  return "unknown tenant '" + std::string(slug) + "': no D1 binding named " +
         tenantBindingName(pattern, slug) + "; " + (list.empty() ? "the config declares no tenant bindings" : "known tenants: " + list);
}

TenantDatabaseResolver::TenantDatabaseResolver(WranglerConfig config, RoostSettings settings, bool strict, WarningSink warn)
    : config_(std::move(config)), settings_(std::move(settings)), strict_(strict), warn_(std::move(warn)) {}

const D1Binding& TenantDatabaseResolver::resolve(std::string_view slug) const {
  if (const D1Binding* b = config_.findBinding(tenantBindingName(settings_.tenantBindingPattern, slug))) return *b;
  const std::string message = unknownTenantMessage(slug, tenantBindings(config_, settings_), settings_.tenantBindingPattern);
  if (strict_) throw ConfigError(message);
  const D1Binding* shared = config_.findBinding(settings_.d1Binding);
  if (!shared) throw ConfigError(message + "; and the shared binding " + settings_.d1Binding + " does not exist either");
  const std::string warning = message + "; falling back to the shared binding " + settings_.d1Binding;
  if (warn_) warn_(warning);
  else log::warn(log::kD1, warning);
  return *shared;
}

std::vector<std::string> TenantDatabaseResolver::knownTenants() const {
  std::vector<std::string> out;
  for (auto& t : tenantBindings(config_, settings_)) out.push_back(t.slug);
  return out;
}

}  // namespace roost::project
