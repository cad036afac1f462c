#pragma once
// The rules every ORM write follows, in one place: Record's save/remove, Query's bulk
// update/remove/restore, insertMany and the seeder all call these.
//   - timestamps: a new row gets created_at/updated_at (when the model stamps them and the row
//     leaves them empty); a write on existing rows sets updated_at unless it sets it itself;
//   - soft deletes: remove() sets deleted_at (and updated_at), restore() clears it;
//   - tenancy: a new row takes the current tenant, or must already carry it; a write on
//     existing rows cannot move them to another tenant. (Reads and the WHERE of writes are
//     scoped by the query's effective spec, not here.)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/value.hpp"

namespace roost {

class Attributes;
struct ModelMeta;

namespace writes {

// The time a write stamps: the model's clock, read once and only when a column needs it
// (or a time fixed by the caller, as insertMany and the seeder stamp every row alike).
class StampTime {
 public:
  explicit StampTime(const ModelMeta& meta) : meta_(&meta) {}
  explicit StampTime(Value fixed) : value_(std::move(fixed)) {}
  const Value& value();

 private:
  const ModelMeta* meta_ = nullptr;
  std::optional<Value> value_;
};

// The SET list of an UPDATE: columns and the values bound to them, in order.
struct Assignments {
  std::vector<std::string> columns;
  std::vector<Value> values;
  void add(std::string column, Value value);
  bool has(std::string_view column) const noexcept;
};

// The timestamp columns a new row of `meta` is stamped in (created_at, updated_at; none
// without timestamps).
std::vector<std::string> createdStampColumns(const ModelMeta& meta);
// Stamps each of those columns that `row` leaves NULL.
void stampCreated(const ModelMeta& meta, Attributes& row, StampTime& now);
// Adds updated_at = now unless the model does not stamp it or `set` already writes it.
// Returns whether it was added.
bool stampUpdated(const ModelMeta& meta, Assignments& set, StampTime& now);
// deleted_at = now (and updated_at = now): what a soft delete writes.
Assignments softDeleteSet(const ModelMeta& meta, StampTime& now);
// deleted_at = NULL (and updated_at = now): what a restore writes.
Assignments restoreSet(const ModelMeta& meta, StampTime& now);

// The tenant column's value for a new row while `tenant` is current (NULL: no tenant scope):
// `given` when it is that tenant, the tenant when `given` is NULL. Another tenant's id is a
// TenantError: "refusing to <verb> a <Model> for tenant <given> while tenant <t> is current<suffix>".
Value newRowTenant(const ModelMeta& meta, const Value& given, const Value& tenant, std::string_view verb,
                   std::string_view suffix = {});
// The same on a row's attributes: fills the tenant column or refuses.
void claimTenant(const ModelMeta& meta, Attributes& row, const Value& tenant, std::string_view verb);
// A bulk write on the current tenant's rows: refuses a SET of the tenant column to another tenant.
void refuseBulkTenantMove(const ModelMeta& meta, const Assignments& set, std::string_view operation);
// A save of one row whose tenant column changed from `from` to `to`: always refused while scoped.
void refuseRowTenantMove(const ModelMeta& meta, const Value& from, const Value& to);

}  // namespace writes
}  // namespace roost
