#pragma once
// --tenant SLUG under tenantStrategy "row": the tenant is a row of tenantModel (default
// Organization), found by tenantSlugColumn (default slug). Commands bind the resulting
// TenantContext for their duration, so every tenant model they touch is scoped to it.
#include <optional>

#include "context.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost::cli {

// nullopt without --tenant, or when --tenant picked a tenant database instead. Throws a
// ConfigError naming the known slugs when the slug has no row.
std::optional<TenantContext> resolveRowTenant(Context& ctx, Connection& connection, project::ModelCatalog& catalog);

}  // namespace roost::cli
