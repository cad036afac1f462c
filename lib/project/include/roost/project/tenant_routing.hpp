#pragma once
// DB-per-tenant routing (tenantStrategy "database"): each tenant has its own D1 binding,
// named by tenantBindingPattern (default DB_TENANT_{SLUG}; slug upper-cased, '-' -> '_').
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/project/settings.hpp"
#include "roost/project/wrangler_config.hpp"

namespace roost::project {

// "acme-corp" with "DB_TENANT_{SLUG}" -> "DB_TENANT_ACME_CORP".
std::string tenantBindingName(std::string_view pattern, std::string_view slug);

struct TenantBinding {
  std::string slug;   // derived back from the binding name: lower-cased, '_' -> '-'
  D1Binding binding;
};

// Every binding of the config that matches the pattern, in the config's order.
std::vector<TenantBinding> tenantBindings(const WranglerConfig& config, const RoostSettings& settings);

// Picks a tenant's binding. Unknown tenants: strict -> ConfigError listing the known tenants;
// otherwise (the library default, as the original) the shared d1Binding with a warning (to
// warn, else to the "roost.d1" logger of roost/orm/log.hpp).
class TenantDatabaseResolver {
 public:
  using WarningSink = std::function<void(std::string_view)>;
  TenantDatabaseResolver(WranglerConfig config, RoostSettings settings, bool strict = false, WarningSink warn = {});
  const D1Binding& resolve(std::string_view slug) const;
  std::vector<std::string> knownTenants() const;

 private:
  WranglerConfig config_;
  RoostSettings settings_;
  bool strict_;
  WarningSink warn_;
};

// The ConfigError for an unknown tenant (shared by the CLI, which never falls back).
std::string unknownTenantMessage(std::string_view slug, const std::vector<TenantBinding>& known,
                                 std::string_view pattern);

}  // namespace roost::project
