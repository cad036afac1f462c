#include "roost/orm/record.hpp"

#include <algorithm>
#include <utility>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"
#include "roost/orm/tenancy.hpp"
#include "roost/orm/value_affinity.hpp"
#include "roost/orm/write_rules.hpp"
#include "effective_spec.hpp"

namespace roost {

struct RelationStore::Impl {
  std::vector<std::pair<std::string, std::vector<Record>>> entries;
};

RelationStore::RelationStore() noexcept = default;
RelationStore::~RelationStore() = default;
RelationStore::RelationStore(RelationStore&&) noexcept = default;
RelationStore& RelationStore::operator=(RelationStore&&) noexcept = default;
RelationStore::RelationStore(const RelationStore& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr) {}
RelationStore& RelationStore::operator=(const RelationStore& other) {
  if (this != &other) impl_ = other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr;
  return *this;
}

const std::vector<Record>* RelationStore::find(std::string_view name) const noexcept {
  if (impl_)
    for (auto& [n, records] : impl_->entries)
      if (n == name) return &records;
  return nullptr;
}

std::vector<Record>* RelationStore::find(std::string_view name) noexcept {
  return const_cast<std::vector<Record>*>(std::as_const(*this).find(name));
}

std::vector<Record>& RelationStore::set(std::string_view name, std::vector<Record> records) {
  if (auto* existing = find(name)) return *existing = std::move(records);
  if (!impl_) impl_ = std::make_unique<Impl>();
  return impl_->entries.emplace_back(std::string(name), std::move(records)).second;
}

std::vector<std::string> RelationStore::names() const {
  std::vector<std::string> out;
  if (impl_)
    for (auto& e : impl_->entries) out.push_back(e.first);
  return out;
}

const std::vector<Record>& Record::related(std::string_view name) const {
  if (auto* r = relations_.find(name)) return *r;
  const ModelMeta& m = meta();
  throw UsageError("relation '" + std::string(name) + "' is not loaded on this " + m.displayName() +
                   (m.relations.find(name) ? "; load it with with(\"" + std::string(name) + "\") or the relation's load()"
                                           : "; " + m.displayName() + " declares no such relation"));
}

std::vector<Record>& Record::related(std::string_view name) {
  return const_cast<std::vector<Record>&>(std::as_const(*this).related(name));
}

const ModelMeta& Record::meta() const {
  if (!meta_) throw UsageError("this record belongs to no model (default-constructed Record)");
  return *meta_;
}

const Value& Record::key() const { return attributes[meta().primaryKey]; }

Connection& Record::connection() const { return conn_ ? *conn_ : resolveConnection(meta()); }

void Record::fireOrAbort(HookEvent e) {
  if (!meta().hooks.fire(e, *this)) throw HookAbortedError(meta().displayName(), std::string(hookEventName(e)));
}

void Record::requireExists(std::string_view operation) const {
  if (!exists_)
    throw UsageError(std::string(operation) + "() on a " + meta().displayName() + " that was never saved");
}

// A spec matching exactly this row by its primary key (as loaded, in case the key was edited),
// inside the current tenant when the model is tenant-scoped.
static QuerySpec rowSpec(const ModelMeta& m, const Value& key, std::string_view operation) {
  QuerySpec spec;
  spec.table = m.table;
  Condition c;
  c.column = m.primaryKey;
  c.value = key;
  spec.wheres.push_back(std::move(c));
  return effectiveSpec(m, spec, TrashedMode::Include, operation);
}

// A tenant-scoped single-row write that matched nothing hit another tenant's (or a gone) row.
static void requireRowWritten(const ModelMeta& m, const Value& key, std::int64_t changes, std::string_view operation) {
  if (changes > 0 || !m.tenantColumn || tenantScopeSuspended()) return;
  throw TenantError(std::string(operation) + ": no " + m.displayName() + " with " + m.primaryKey + " = " +
                    key.toSqlLiteral() + " in the current tenant; nothing was written");
}

// The dirty columns whose new value the column would not store as its original one:
// '30' over a stored 30 in an INTEGER column is no change (Laravel's originalIsEquivalent).
// Such a column takes back its stored value, so the model shows what the row holds.
static std::vector<std::string> changedColumns(const ModelMeta& m, Attributes& a) {
  std::vector<std::string> out = a.dirtyKeys();
  std::erase_if(out, [&](const std::string& col) {
    const Value& original = a.original(col);
    const std::string* type = m.columnType(col);
    const Affinity aff = type ? affinityOfType(*type) : impliedAffinity(original);
    if (!storedEquivalent(original, std::as_const(a)[col], aff)) return false;
    a.setUntracked(col, original);
    return true;
  });
  return out;
}

// Bulk loads create rows with the same columns over and over: reuse the last INSERT text
// (per thread) instead of rebuilding and revalidating it for every row.
static const std::string& insertSql(const std::string& table, const std::vector<std::string>& columns) {
  thread_local std::string lastTable;
  thread_local std::vector<std::string> lastColumns;
  thread_local std::string lastSql;
  if (lastSql.empty() || table != lastTable || columns != lastColumns) {
    lastSql = defaultGrammar().insert(table, columns);
    lastTable = table;
    lastColumns = columns;
  }
  return lastSql;
}

void Record::save() {
  fireOrAbort(HookEvent::Saving);
  if (exists_) updateRow();
  else insertRow();
  meta().hooks.fire(HookEvent::Saved, *this);
  attributes.syncOriginal();
}

void Record::update(Attributes::Init values) {
  attributes.fill(values);
  save();
}

void Record::insertRow() {
  const ModelMeta& m = meta();
  fireOrAbort(HookEvent::Creating);
  // Compiled after the hooks ran, so what they set is what gets written.
  writes::StampTime now(m);
  writes::stampCreated(m, attributes, now);
  if (m.tenantColumn) writes::claimTenant(m, attributes, tenancy::requiredTenant(m, "create"), "create");
  Connection& c = connection();
  Result r = c.execute(insertSql(m.table, attributes.names()), attributes.values());
  if (attributes[m.primaryKey].isNull() && r.lastInsertId) attributes.setUntracked(m.primaryKey, Value(static_cast<long long>(*r.lastInsertId)));
  exists_ = true;
  m.hooks.fire(HookEvent::Created, *this);
}

void Record::updateRow() {
  const ModelMeta& m = meta();
  fireOrAbort(HookEvent::Updating);
  std::vector<std::string> columns = changedColumns(m, attributes);
  if (columns.empty()) return;  // nothing changed: no write, no "updated"
  writes::Assignments set;
  for (auto& col : columns) set.add(col, attributes[col]);
  writes::StampTime now(m);
  if (writes::stampUpdated(m, set, now)) attributes[m.updatedAtColumn] = set.values.back();
  if (m.tenantColumn && attributes.isDirty(*m.tenantColumn))
    writes::refuseRowTenantMove(m, attributes.original(*m.tenantColumn), attributes[*m.tenantColumn]);
  const Value& key = attributes.original(m.primaryKey);
  CompiledSql q = connection().grammar().update(rowSpec(m, key, "save()"), set.columns, set.values);
  requireRowWritten(m, key, connection().execute(q.sql, q.bindings).changes, "save()");
  m.hooks.fire(HookEvent::Updated, *this);
}

void Record::deleteRow(std::string_view) {
  const ModelMeta& m = meta();
  const Value& key = attributes.original(m.primaryKey);
  CompiledSql q = connection().grammar().remove(rowSpec(m, key, "delete"));
  requireRowWritten(m, key, connection().execute(q.sql, q.bindings).changes, "delete");
  exists_ = false;
}

void Record::remove() {
  const ModelMeta& m = meta();
  requireExists("remove");
  fireOrAbort(HookEvent::Deleting);
  if (m.softDeletes) {
    writes::StampTime now(m);
    const writes::Assignments set = writes::softDeleteSet(m, now);
    const Value& key = attributes.original(m.primaryKey);
    CompiledSql q = connection().grammar().update(rowSpec(m, key, "remove()"), set.columns, set.values);
    requireRowWritten(m, key, connection().execute(q.sql, q.bindings).changes, "remove()");
    // Only what was written is synced (Laravel's runSoftDelete): other changes stay dirty.
    for (std::size_t i = 0; i < set.columns.size(); ++i) {
      attributes.setUntracked(set.columns[i], set.values[i]);
      attributes.syncOriginal(set.columns[i]);
    }
  } else {
    deleteRow("deleting");
  }
  m.hooks.fire(HookEvent::Deleted, *this);
}

void Record::forceDelete() {
  requireExists("forceDelete");
  fireOrAbort(HookEvent::Deleting);
  deleteRow("deleting");
  meta().hooks.fire(HookEvent::Deleted, *this);
}

bool Record::trashed() const {
  const ModelMeta& m = meta();
  return m.softDeletes && !attributes[m.deletedAtColumn].isNull();
}

void Record::restore() {
  const ModelMeta& m = meta();
  if (!m.softDeletes) throw UsageError("restore() on " + m.displayName() + ", which does not use soft deletes");
  requireExists("restore");
  fireOrAbort(HookEvent::Restoring);
  attributes[m.deletedAtColumn] = Value();
  save();
  m.hooks.fire(HookEvent::Restored, *this);
}

void Record::refresh() {
  const ModelMeta& m = meta();
  requireExists("refresh");
  const Value key = attributes.original(m.primaryKey);
  CompiledSql q = connection().grammar().select(rowSpec(m, key, "refresh()"));
  Result r = connection().execute(q.sql, q.bindings);
  if (r.rows.empty()) throw NotFoundError(m.table, m.primaryKey + " = " + key.toSqlLiteral());
  attributes = Attributes(r.columns, std::move(r.rows.front()));
}

}  // namespace roost
