#pragma once
// The one step that applies a model's scopes to what a query or a single-row write says:
// the soft-delete filter of its TrashedMode and the current tenant. Every statement the ORM
// compiles for a model goes through it, just before the Grammar, so builders record only
// the user's intent.
#include <string_view>

#include "roost/orm/query_spec.hpp"

namespace roost {

struct ModelMeta;

// base with its scopes: deleted_at IS [NOT] NULL first (soft-deleting models, unless
// Include), then <tenantColumn> = <tenant> (tenant models; a TenantError naming `operation`
// when no tenant is set, none under withoutTenantScope).
QuerySpec effectiveSpec(const ModelMeta& meta, const QuerySpec& base, TrashedMode trashed, std::string_view operation);

}  // namespace roost
