#include "roost/orm/tenancy.hpp"

#include "roost/orm/condition.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/model_meta.hpp"

namespace roost {

namespace {
thread_local const TenantContext* tCurrent = nullptr;
thread_local int tSuspended = 0;
}  // namespace

void TenantContext::set(Value id, std::string slug) {
  if (id.isNull()) throw TenantError("a tenant id cannot be NULL; use clear() to unset the tenant");
  id_ = std::move(id);
  slug_ = std::move(slug);
}

void TenantContext::clear() noexcept {
  id_ = Value();
  slug_.clear();
}

TenantScope::TenantScope(const TenantContext& ctx) noexcept : previous_(tCurrent) { tCurrent = &ctx; }
TenantScope::~TenantScope() { tCurrent = previous_; }

const TenantContext* currentTenantContext() noexcept { return tCurrent; }

WithoutTenantScope::WithoutTenantScope() noexcept { ++tSuspended; }
WithoutTenantScope::~WithoutTenantScope() { --tSuspended; }
bool tenantScopeSuspended() noexcept { return tSuspended > 0; }

namespace tenancy {

Value requiredTenant(const ModelMeta& meta, std::string_view operation) {
  if (!meta.tenantColumn || tSuspended > 0) return Value();
  if (tCurrent && tCurrent->has()) return tCurrent->id();
  throw TenantError(std::string(operation) + " on " + meta.displayName() + " needs a tenant: " + meta.displayName() +
                    " is scoped by \"" + *meta.tenantColumn +
                    "\" and no tenant is set on this thread (bind a TenantContext with TenantScope, or use "
                    "withoutTenantScope for cross-tenant work)");
}

Condition scopeCondition(const ModelMeta& meta, const Value& tenantId) {
  Condition c;
  c.kind = Condition::Kind::Compare;
  c.column = *meta.tenantColumn;
  c.value = tenantId;
  return c;
}

bool sameTenant(const Value& a, const Value& b) {
  if (a.isNull() || b.isNull()) return a.isNull() && b.isNull();
  return a.toString() == b.toString();
}

}  // namespace tenancy
}  // namespace roost
