#pragma once
// Row-level tenancy. A model with a tenantColumn (org_id) is scoped on every path — reads,
// counts, paginate, pluck, each/chunk, bulk update/delete/restore, relation and eager loads,
// and single-row saves — to the tenant of the TenantContext that is current on this thread.
//
//   roost::TenantContext ctx;               // one per request / command (never a global)
//   ctx.set(orgId, "acme");
//   roost::TenantScope bound(ctx);          // current for this thread until `bound` dies
//   Post::where("status", "draft").orWhere("author_id", 7).all();   // only acme's rows
//
// No tenant on a tenant model is a TenantError (fail closed), never an unscoped query.
// Creates fill the column; writing another tenant's id or moving a row is refused.
// withoutTenantScope(fn) / WithoutTenantScope is the one escape hatch, restored on exit and
// on exceptions. Raw SQL (Connection::execute) is never scoped.
#include <string>
#include <string_view>
#include <type_traits>

#include "roost/orm/value.hpp"

namespace roost {

struct ModelMeta;
struct Condition;

class TenantContext {
 public:
  void set(Value id, std::string slug = {});
  void clear() noexcept;
  bool has() const noexcept { return !id_.isNull(); }
  const Value& id() const noexcept { return id_; }
  const std::string& slug() const noexcept { return slug_; }

 private:
  Value id_;
  std::string slug_;
};

// Makes ctx the current tenant context of this thread while it lives; nests, and restores
// the previous one when destroyed.
class TenantScope {
 public:
  explicit TenantScope(const TenantContext& ctx) noexcept;
  ~TenantScope();
  TenantScope(const TenantScope&) = delete;
  TenantScope& operator=(const TenantScope&) = delete;

 private:
  const TenantContext* previous_;
};

// The context bound on this thread, or nullptr.
const TenantContext* currentTenantContext() noexcept;

// While alive, tenant models are not scoped on this thread (admin paths, the tenant lookup).
class WithoutTenantScope {
 public:
  WithoutTenantScope() noexcept;
  ~WithoutTenantScope();
  WithoutTenantScope(const WithoutTenantScope&) = delete;
  WithoutTenantScope& operator=(const WithoutTenantScope&) = delete;
};
bool tenantScopeSuspended() noexcept;

template <class F>
decltype(auto) withoutTenantScope(F&& fn) {
  WithoutTenantScope guard;
  return std::forward<F>(fn)();
}

namespace tenancy {
// The tenant id that must scope `meta` now: null Value when the model has no tenant column
// or scoping is suspended; throws TenantError when a tenant is required but none is set.
Value requiredTenant(const ModelMeta& meta, std::string_view operation);
// The scope condition "<tenantColumn> = <id>".
Condition scopeCondition(const ModelMeta& meta, const Value& tenantId);
// Same tenant? Ids compare by their text form (1 and '1' are the same tenant).
bool sameTenant(const Value& a, const Value& b);
}  // namespace tenancy

}  // namespace roost
