#include "effective_spec.hpp"

#include "roost/orm/model_meta.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost {

QuerySpec effectiveSpec(const ModelMeta& meta, const QuerySpec& base, TrashedMode trashed, std::string_view operation) {
  QuerySpec spec = base;
  if (meta.softDeletes && trashed != TrashedMode::Include) {
    Condition c;
    c.kind = trashed == TrashedMode::Exclude ? Condition::Kind::Null : Condition::Kind::NotNull;
    c.column = meta.deletedAtColumn;
    spec.scopes.push_back(std::move(c));
  }
  if (meta.tenantColumn) {
    Value tenant = tenancy::requiredTenant(meta, operation);
    if (!tenant.isNull()) spec.scopes.push_back(tenancy::scopeCondition(meta, tenant));
  }
  return spec;
}

}  // namespace roost
