#include "row_tenant.hpp"

#include "roost/orm/error.hpp"
#include "roost/orm/query.hpp"

namespace roost::cli {

namespace {
constexpr std::size_t kShownIds = 10;  // ids named in the duplicate-slug error
}  // namespace

std::optional<TenantContext> resolveRowTenant(Context& ctx, Connection& connection, project::ModelCatalog& catalog) {
  const project::Target& target = ctx.target();
  if (!target.tenantSlug || target.tenantDatabase) return std::nullopt;
  const project::RoostSettings& s = target.settings;
  const ModelMeta* model = catalog.find(s.tenantModel);
  if (!model)
    throw ConfigError("--tenant " + *target.tenantSlug + ": the tenant model " + s.tenantModel +
                      " (tenantModel in config/database.jsonc) is not a table of this database");
  return withoutTenantScope([&]() -> std::optional<TenantContext> {
    auto rows = Query(*model, connection)
                    .where(s.tenantSlugColumn, *target.tenantSlug)
                    .orderBy(model->primaryKey)
                    .limit(static_cast<std::int64_t>(kShownIds) + 1)
                    .all();
    if (rows.size() > 1) {
      // No UNIQUE on the slug column: picking one would scope to an arbitrary organization.
      std::string ids;
      for (std::size_t i = 0; i < rows.size() && i < kShownIds; ++i)
        ids += (i ? ", " : "") + rows[i].key().toSqlLiteral();
      if (rows.size() > kShownIds) ids += ", ...";
      throw ConfigError("tenant slug '" + *target.tenantSlug + "' matches several " + model->displayName() + " rows (" +
                        model->primaryKey + " " + ids + " in " + model->table + "): refusing to pick one; make " +
                        model->table + "." + s.tenantSlugColumn + " unique (CREATE UNIQUE INDEX)");
    }
    std::optional<Record> row;
    if (!rows.empty()) row = std::move(rows.front());
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
