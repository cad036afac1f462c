#include "roost/orm/query.hpp"

#include <algorithm>
#include <limits>

#include "roost/orm/grammar.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/tenancy.hpp"
#include "roost/orm/value_affinity.hpp"
#include "roost/orm/write_rules.hpp"
#include "ascii_case.hpp"
#include "column_hint.hpp"
#include "effective_spec.hpp"

namespace roost {

namespace {

// Collects rows from a connection and hands them on as Records of one model.
class RecordSink final : public RowSink {
 public:
  RecordSink(const ModelMeta& meta, Connection* conn, const std::function<bool(Record&&)>& fn)
      : meta_(meta), conn_(conn), fn_(fn) {}
  void columns(const ColumnsPtr& columns) override { columns_ = columns; }
  bool row(std::vector<Value>&& values) override { return fn_(Record(meta_, conn_, columns_, std::move(values))); }

 private:
  const ModelMeta& meta_;
  Connection* conn_;
  const std::function<bool(Record&&)>& fn_;
  ColumnsPtr columns_;
};

}  // namespace

QueryBase::QueryBase(const ModelMeta& meta, Connection& connection) : meta_(&meta), conn_(&connection) {
  spec_.table = meta.table;
}

template <class F>
CompiledSql QueryBase::compile(const QuerySpec& spec, TrashedMode trashed, std::string_view operation, F&& build) const {
  const QuerySpec effective = effectiveSpec(*meta_, spec, trashed, operation);
  return build(conn_->grammar(), effective);
}

void QueryBase::setTrashed(TrashedMode mode) { trashed_ = mode; }

void QueryBase::setOrder(std::string_view column, std::string_view direction) {
  const std::string dir = detail::asciiLower(direction);
  if (dir != "asc" && dir != "desc")
    throw UsageError("orderBy direction must be 'asc' or 'desc', not '" + std::string(direction) + "'");
  requireIdentifier(column);
  spec_.orders.push_back({std::string(column), dir == "desc"});
}

void QueryBase::setLimit(std::int64_t n) {
  if (n < 0) throw UsageError("limit must not be negative");
  spec_.limit = n;
}

void QueryBase::setOffset(std::int64_t n) {
  if (n < 0) throw UsageError("offset must not be negative");
  spec_.offset = n;
}

void QueryBase::addEager(std::string_view path) {
  if (path.empty()) throw UsageError("with(): empty relation path");
  // Check the first segment now, so a typo fails where it was written.
  meta_->relations.require(path.substr(0, path.find('.')), meta_->displayName());
  eager_.emplace_back(path);
}

void QueryBase::loadEager(std::span<Record* const> records) const {
  for (const std::string& path : eager_) eagerLoadPath(*meta_, path, records, *conn_);
}

CompiledSql QueryBase::toSql() const {
  return compile("a query", [](const Grammar& g, const QuerySpec& s) { return g.select(s); });
}

Result QueryBase::execute(const CompiledSql& q) const {
  return detail::withColumnHint(*conn_, meta_->table, q, [&] { return conn_->execute(q.sql, q.bindings); });
}

void QueryBase::fetch(const QuerySpec& spec, const std::function<bool(Record&&)>& fn) const {
  CompiledSql q = compile(spec, trashed_, "a query", [](const Grammar& g, const QuerySpec& s) { return g.select(s); });
  RecordSink sink(*meta_, conn_, fn);
  detail::withColumnHint(*conn_, meta_->table, q, [&] { conn_->stream(q.sql, q.bindings, sink); });
}

std::optional<Record> QueryBase::fetchFirst() const { return fetchOne(spec_); }

std::optional<Record> QueryBase::fetchOne(QuerySpec s) const {
  s.limit = 1;
  std::optional<Record> out;
  fetch(s, [&](Record&& r) {
    out.emplace(std::move(r));
    return false;
  });
  return out;
}

std::optional<Record> QueryBase::fetchByKey(const Value& key) const {
  QuerySpec s = spec_;
  Condition c;
  c.column = meta_->primaryKey;
  c.value = key;
  // The key condition joins the user's conditions as one more AND: find() inside a scope stays inside it.
  if (s.wheres.empty()) {
    s.wheres.push_back(std::move(c));
  } else {
    Condition group;
    group.kind = Condition::Kind::Group;
    group.children = std::move(s.wheres);
    s.wheres = {std::move(group), std::move(c)};
  }
  return fetchOne(std::move(s));
}

std::vector<Record> QueryBase::fetchByKeys(const std::vector<Value>& keys) const {
  std::vector<Record> out;
  if (keys.empty()) return out;
  QuerySpec s = spec_;
  Condition c;
  c.kind = Condition::Kind::In;
  c.column = meta_->primaryKey;
  c.values = keys;
  // As in fetchByKey: one more AND beside the user's conditions, inside every scope.
  if (!s.wheres.empty()) {
    Condition group;
    group.kind = Condition::Kind::Group;
    group.children = std::move(s.wheres);
    s.wheres = {std::move(group)};
  }
  s.wheres.push_back(std::move(c));
  fetch(s, [&](Record&& r) {
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

void QueryBase::requireAllFound(const std::vector<Value>& keys, const std::vector<Record>& found) const {
  std::vector<Value> missing;
  for (const Value& k : keys) {
    const bool hit = std::any_of(found.begin(), found.end(), [&](const Record& r) {
      return storedEquivalent(r.key(), k, impliedAffinity(r.key()));
    });
    if (!hit && std::find(missing.begin(), missing.end(), k) == missing.end()) missing.push_back(k);
  }
  if (missing.empty()) return;
  std::string list;
  for (const Value& k : missing) list += (list.empty() ? "" : ", ") + k.toSqlLiteral();
  throwNotFound(meta_->primaryKey + (missing.size() == 1 ? " = " + list : " IN (" + list + ")"));
}

QuerySpec QueryBase::pageSpec(std::int64_t page, std::int64_t perPage) const {
  const std::int64_t within = pageOffset(page, perPage);
  QuerySpec s = spec_;
  const std::int64_t base = spec_.offset.value_or(0);
  if (within > std::numeric_limits<std::int64_t>::max() - base)
    throw UsageError("paginate: page " + std::to_string(page) + " of " + std::to_string(perPage) + " rows after offset " +
                     std::to_string(base) + " starts past row 9223372036854775807 (its offset overflows a 64-bit integer)");
  std::int64_t take = perPage;
  if (spec_.limit) take = within >= *spec_.limit ? 0 : std::min(perPage, *spec_.limit - within);
  // No table holds 2^53 rows; D1 cannot bind integers past that (they travel as doubles), so a
  // huge perPage is sent as that many and a page starting past it reads nothing.
  constexpr std::int64_t kMoreRowsThanAnyTable = (std::int64_t{1} << 53) - 1;
  const std::int64_t from = base + within;
  if (from > kMoreRowsThanAnyTable) {
    s.limit = 0;
    s.offset.reset();
  } else {
    s.limit = std::min(take, kMoreRowsThanAnyTable);
    s.offset = from;
  }
  return s;
}

std::vector<std::pair<Value, Value>> QueryBase::pluck(std::string_view column, std::string_view keyColumn) const {
  QuerySpec s = spec_;
  s.columns = {std::string(keyColumn), std::string(column)};
  CompiledSql q = compile(s, trashed_, "pluck()", [](const Grammar& g, const QuerySpec& e) { return g.select(e); });
  Result r = execute(q);
  std::vector<std::pair<Value, Value>> out;
  out.reserve(r.rows.size());
  for (auto& row : r.rows) {
    Value& key = row.at(0);
    Value& value = row.at(column == keyColumn ? 0 : 1);
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
    if (same != out.end()) same->second = std::move(value);
    else out.emplace_back(key, std::move(value));
  }
  return out;
}

void QueryBase::throwNotFound(const std::string& what) const { throw NotFoundError(meta_->table, what); }

std::int64_t QueryBase::pageOffset(std::int64_t page, std::int64_t perPage) {
  if (page < 1) throw UsageError("paginate: page must be 1 or more, got " + std::to_string(page));
  if (perPage < 1) throw UsageError("paginate: perPage must be 1 or more, got " + std::to_string(perPage));
  if (page - 1 > std::numeric_limits<std::int64_t>::max() / perPage)
    throw UsageError("paginate: page " + std::to_string(page) + " of " + std::to_string(perPage) +
                     " rows starts past row 9223372036854775807 (its offset overflows a 64-bit integer)");
  return (page - 1) * perPage;
}

std::int64_t QueryBase::lastPageFor(std::int64_t total, std::int64_t perPage) noexcept {
  if (total <= 0 || perPage <= 0) return 1;
  return total / perPage + (total % perPage != 0 ? 1 : 0);
}

std::int64_t QueryBase::count() const {
  CompiledSql q = compile("count()", [](const Grammar& g, const QuerySpec& s) { return g.count(s); });
  Result r = execute(q);
  return r.rows.at(0).at(0).asInt();
}

bool QueryBase::exists() const {
  CompiledSql q = compile("exists()", [](const Grammar& g, const QuerySpec& s) { return g.exists(s); });
  Result r = execute(q);
  return r.rows.at(0).at(0).asInt() != 0;
}

std::vector<Value> QueryBase::pluck(std::string_view column) const {
  QuerySpec s = spec_;
  s.columns = {std::string(column)};
  CompiledSql q = compile(s, trashed_, "pluck()", [](const Grammar& g, const QuerySpec& e) { return g.select(e); });
  Result r = execute(q);
  std::vector<Value> out;
  out.reserve(r.rows.size());
  for (auto& row : r.rows) out.push_back(std::move(row.at(0)));
  return out;
}

std::int64_t QueryBase::update(Attributes::Init values) const {
  std::vector<std::pair<std::string, Value>> list;
  for (auto& [k, v] : values) list.emplace_back(std::string(k), v);
  return update(list);
}

std::int64_t QueryBase::update(const std::vector<std::pair<std::string, Value>>& values) const {
  const ModelMeta& m = *meta_;
  writes::Assignments set;
  for (auto& [k, v] : values) set.add(k, v);
  writes::StampTime now(m);
  writes::stampUpdated(m, set, now);
  return write("update()", set, trashed_);
}

std::int64_t QueryBase::write(std::string_view operation, const writes::Assignments& set, TrashedMode trashed) const {
  writes::refuseBulkTenantMove(*meta_, set, operation);
  CompiledSql q = compile(spec_, trashed, operation, [&](const Grammar& g, const QuerySpec& s) {
    return g.update(s, set.columns, set.values);
  });
  return execute(q).changes;
}

std::int64_t QueryBase::remove() const {
  const ModelMeta& m = *meta_;
  if (!m.softDeletes) return forceDelete();
  writes::StampTime now(m);
  return write("remove()", writes::softDeleteSet(m, now), trashed_);
}

// Every matching row, trashed or not (Laravel's Builder::forceDelete); the tenant scope stays.
std::int64_t QueryBase::forceDelete() const {
  const TrashedMode everyRow = trashed_ == TrashedMode::Only ? TrashedMode::Only : TrashedMode::Include;
  CompiledSql q = compile(spec_, everyRow, "forceDelete()", [](const Grammar& g, const QuerySpec& s) { return g.remove(s); });
  return execute(q).changes;
}

std::int64_t QueryBase::restore() const {
  const ModelMeta& m = *meta_;
  if (!m.softDeletes) throw UsageError("restore() on " + m.displayName() + ", which does not use soft deletes");
  writes::StampTime now(m);
  return write("restore()", writes::restoreSet(m, now), TrashedMode::Only);
}

}  // namespace roost
