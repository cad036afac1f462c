#include "roost/orm/write_rules.hpp"

#include <algorithm>

#include "roost/orm/attributes.hpp"
#include "roost/orm/clock.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/model_meta.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost::writes {

const Value& StampTime::value() {
  if (!value_) value_.emplace(formatTimestamp(meta_->now()));
  return *value_;
}

void Assignments::add(std::string column, Value value) {
  columns.push_back(std::move(column));
  values.push_back(std::move(value));
}

bool Assignments::has(std::string_view column) const noexcept {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

std::vector<std::string> createdStampColumns(const ModelMeta& meta) {
  std::vector<std::string> out;
  if (meta.stampsCreated()) out.push_back(meta.createdAtColumn);
  if (meta.stampsUpdated()) out.push_back(meta.updatedAtColumn);
  return out;
}

void stampCreated(const ModelMeta& meta, Attributes& row, StampTime& now) {
  for (const std::string& column : createdStampColumns(meta))
    if (std::as_const(row)[column].isNull()) row.setUntracked(column, now.value());
}

bool stampUpdated(const ModelMeta& meta, Assignments& set, StampTime& now) {
  if (!meta.stampsUpdated() || set.has(meta.updatedAtColumn)) return false;
  set.add(meta.updatedAtColumn, now.value());
  return true;
}

Assignments softDeleteSet(const ModelMeta& meta, StampTime& now) {
  Assignments set;
  set.add(meta.deletedAtColumn, now.value());
  stampUpdated(meta, set, now);
  return set;
}

Assignments restoreSet(const ModelMeta& meta, StampTime& now) {
  Assignments set;
  set.add(meta.deletedAtColumn, Value());
  stampUpdated(meta, set, now);
  return set;
}

Value newRowTenant(const ModelMeta& meta, const Value& given, const Value& tenant, std::string_view verb,
                   std::string_view suffix) {
  if (tenant.isNull()) return given;
  if (given.isNull()) return tenant;
  if (!tenancy::sameTenant(given, tenant))
    throw TenantError("refusing to " + std::string(verb) + " a " + meta.displayName() + " for tenant " +
                      given.toSqlLiteral() + " while tenant " + tenant.toSqlLiteral() + " is current" +
                      std::string(suffix));
  return given;
}

void claimTenant(const ModelMeta& meta, Attributes& row, const Value& tenant, std::string_view verb) {
  if (tenant.isNull()) return;
  const Value& given = std::as_const(row)[*meta.tenantColumn];
  if (given.isNull()) row.setUntracked(*meta.tenantColumn, tenant);
  else newRowTenant(meta, given, tenant, verb);
}

void refuseBulkTenantMove(const ModelMeta& meta, const Assignments& set, std::string_view operation) {
  const Value tenant = tenancy::requiredTenant(meta, operation);
  if (tenant.isNull()) return;
  for (std::size_t i = 0; i < set.columns.size(); ++i)
    if (set.columns[i] == *meta.tenantColumn && !tenancy::sameTenant(set.values[i], tenant))
      throw TenantError(std::string(operation) + " would move " + meta.displayName() + " rows to another tenant (" +
                        *meta.tenantColumn + " = " + set.values[i].toSqlLiteral() + "); refused");
}

void refuseRowTenantMove(const ModelMeta& meta, const Value& from, const Value& to) {
  if (!meta.tenantColumn || tenantScopeSuspended()) return;
  throw TenantError("refusing to move a " + meta.displayName() + " to another tenant (" + *meta.tenantColumn + " " +
                    from.toSqlLiteral() + " -> " + to.toSqlLiteral() + ")");
}

}  // namespace roost::writes
