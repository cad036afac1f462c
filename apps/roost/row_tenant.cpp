#include "row_tenant.hpp"

#include "roost/orm/error.hpp"
#include "roost/orm/query.hpp"

namespace roost::cli {

std::optional<TenantContext> resolveRowTenant(Context& ctx, Connection& connection, project::ModelCatalog& catalog) {
  const d1::Target& target = ctx.target();
  if (!target.tenantSlug || target.tenantDatabase) return std::nullopt;
  const d1::RoostSettings& s = target.settings;
  const ModelMeta* model = catalog.find(s.tenantModel);
  if (!model)
    throw ConfigError("--tenant " + *target.tenantSlug + ": the tenant model " + s.tenantModel +
                      " (tenantModel in config/database.jsonc) is not a table of this database");
  return withoutTenantScope([&]() -> std::optional<TenantContext> {
    auto row = Query(*model, connection).where(s.tenantSlugColumn, *target.tenantSlug).first();
    if (!row) {
      std::string known;
      for (auto& v : Query(*model, connection).orderBy(s.tenantSlugColumn).limit(20).pluck(s.tenantSlugColumn))
        known += (known.empty() ? "" : ", ") + v.toString();
      throw ConfigError("unknown tenant '" + *target.tenantSlug + "': no " + model->displayName() + " with " +
                        s.tenantSlugColumn + " = '" + *target.tenantSlug + "'" +
                        (known.empty() ? "" : "; known tenants: " + known));
    }
    TenantContext tenant;
    tenant.set(row->key(), *target.tenantSlug);
    return tenant;
  });
}

}  // namespace roost::cli
