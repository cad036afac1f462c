#pragma once
// Query: the builder a model's static calls start (`Post::where("status", "published")`).
// It records intent in a QuerySpec; terminals (all, first, count, paginate, ...) compile it
// with the Grammar and run it on the Connection. The spec holds only what the user said;
// scopes (soft deletes per trashedMode(), the current tenant) are added by one effective-spec
// step when a terminal compiles, and wrap the user's conditions: WHERE <scopes> AND (<user>).
// A Query is a value: copy it to branch. Not thread-safe.
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "roost/orm/condition.hpp"
#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"
#include "roost/orm/paginator.hpp"
#include "roost/orm/query_spec.hpp"
#include "roost/orm/record.hpp"
#include "roost/orm/relation.hpp"

namespace roost {

namespace writes {
struct Assignments;
}

// The untyped part: state, scopes and terminals that produce Records.
class QueryBase {
 public:
  QueryBase(const ModelMeta& meta, Connection& connection);

  const QuerySpec& spec() const noexcept { return spec_; }
  const ModelMeta& meta() const noexcept { return *meta_; }
  Connection& connection() const noexcept { return *conn_; }
  TrashedMode trashedMode() const noexcept { return trashed_; }

  // The SQL and bindings the select would run (for --pretend, logs and tests).
  CompiledSql toSql() const;

  std::int64_t count() const;
  bool exists() const;
  std::vector<Value> pluck(std::string_view column) const;
  // Keyed pluck (Laravel's pluck('email', 'id')): (key, value) pairs in row order; a key seen
  // again keeps its first place and takes the later value, as a PHP array would.
  std::vector<std::pair<Value, Value>> pluck(std::string_view column, std::string_view keyColumn) const;
  // Bulk update of every matching row (no hooks; updated_at is set unless given).
  std::int64_t update(Attributes::Init values) const;
  // The same with columns known only at run time (the console, seeders).
  std::int64_t update(const std::vector<std::pair<std::string, Value>>& values) const;
  // Bulk delete: soft-deletes on a soft-deleting model. No hooks. Returns rows affected.
  std::int64_t remove() const;
  std::int64_t forceDelete() const;
  // Clears deleted_at on every matching trashed row.
  std::int64_t restore() const;

  // Relation paths to eager-load with every result ("posts", "posts.comments").
  const std::vector<std::string>& eagerLoads() const noexcept { return eager_; }

 protected:
  void addEager(std::string_view path);
  // Loads every with() path for these records: one query per relation per key chunk.
  void loadEager(std::span<Record* const> records) const;
  template <class R>
  void loadEagerFor(std::vector<R>& items) const {
    if (eager_.empty() || items.empty()) return;
    std::vector<Record*> ptrs;
    ptrs.reserve(items.size());
    for (R& r : items) ptrs.push_back(&r);
    loadEager(ptrs);
  }
  void setTrashed(TrashedMode mode);
  void setOrder(std::string_view column, std::string_view direction);
  void setLimit(std::int64_t n);
  void setOffset(std::int64_t n);
  // Runs the select, handing each row as a Record; stops when fn returns false.
  void fetch(const QuerySpec& spec, const std::function<bool(Record&&)>& fn) const;
  void fetch(const std::function<bool(Record&&)>& fn) const { fetch(spec_, fn); }
  std::optional<Record> fetchFirst() const;
  std::optional<Record> fetchOne(QuerySpec spec) const;  // spec with LIMIT 1
  std::optional<Record> fetchByKey(const Value& key) const;
  std::vector<Record> fetchByKeys(const std::vector<Value>& keys) const;
  // Throws NotFoundError naming each key of `keys` that no record in `found` has.
  void requireAllFound(const std::vector<Value>& keys, const std::vector<Record>& found) const;
  // The spec that reads one page inside the query's limit/offset window; refuses page or
  // perPage < 1 and offsets past INT64_MAX.
  QuerySpec pageSpec(std::int64_t page, std::int64_t perPage) const;
  [[noreturn]] void throwNotFound(const std::string& what) const;
  // The first row's offset of `page`; refuses page or perPage < 1 and offsets past INT64_MAX.
  static std::int64_t pageOffset(std::int64_t page, std::int64_t perPage);
  // ceil(total / perPage), at least 1, without overflow for any perPage.
  static std::int64_t lastPageFor(std::int64_t total, std::int64_t perPage) noexcept;

  const ModelMeta* meta_;
  Connection* conn_;
  QuerySpec spec_;  // the user's intent; scopes are applied by compile()
  TrashedMode trashed_ = TrashedMode::Exclude;
  std::vector<std::string> eager_;

 private:
  // Runs a compiled statement; a missing column's error says "did you mean" (column_hint.hpp).
  Result execute(const CompiledSql& q) const;
  // A bulk UPDATE of the matching rows (as `trashed` sees them): the write rules' tenant guard, then `set`.
  std::int64_t write(std::string_view operation, const writes::Assignments& set, TrashedMode trashed) const;
  // Every terminal's one way to SQL: `spec` with the model's scopes (soft deletes as
  // `trashed`, the tenant; `operation` names the terminal in a TenantError), compiled by
  // build(grammar, effectiveSpec) and fitted to the backend's limits. Defined in query.cpp.
  template <class F>
  CompiledSql compile(const QuerySpec& spec, TrashedMode trashed, std::string_view operation, F&& build) const;
  template <class F>
  CompiledSql compile(std::string_view operation, F&& build) const {
    return compile(spec_, trashed_, operation, std::forward<F>(build));
  }
};

// The typed face: R is Record or a Model<T> type; builder calls return BasicQuery<R>&.
template <class R>
class BasicQuery : public QueryBase, public ConditionBuilder<BasicQuery<R>> {
 public:
  using QueryBase::QueryBase;
  std::vector<Condition>& conditionList() { return spec_.wheres; }

  BasicQuery& select(std::vector<std::string> columns) {
    spec_.columns = std::move(columns);
    return *this;
  }
  // direction: "asc" (default) or "desc", any case.
  BasicQuery& orderBy(std::string_view column, std::string_view direction = "asc") {
    setOrder(column, direction);
    return *this;
  }
  BasicQuery& orderByDesc(std::string_view column) { return orderBy(column, "desc"); }
  BasicQuery& latest(std::string_view column = "created_at") { return orderBy(column, "desc"); }
  BasicQuery& oldest(std::string_view column = "created_at") { return orderBy(column, "asc"); }
  BasicQuery& limit(std::int64_t n) {
    setLimit(n);
    return *this;
  }
  BasicQuery& offset(std::int64_t n) {
    setOffset(n);
    return *this;
  }
  // withTrashed(false) keeps the default (trashed rows excluded), as in Laravel.
  BasicQuery& withTrashed(bool with = true) {
    setTrashed(with ? TrashedMode::Include : TrashedMode::Exclude);
    return *this;
  }
  BasicQuery& onlyTrashed() {
    setTrashed(TrashedMode::Only);
    return *this;
  }
  // Eager-loads a relation (dotted paths nest: "posts.comments") for every result, attached
  // to each parent: parent.related("posts"). No N+1: one query per relation per key chunk.
  BasicQuery& with(std::string_view path) {
    addEager(path);
    return *this;
  }
  BasicQuery& with(std::initializer_list<std::string_view> paths) {
    for (auto p : paths) addEager(p);
    return *this;
  }

  std::vector<R> all() const {
    std::vector<R> out;
    fetch([&](Record&& r) {
      out.push_back(wrap(std::move(r)));
      return true;
    });
    loadEagerFor(out);
    return out;
  }
  std::vector<R> get() const { return all(); }
  std::optional<R> first() const { return one(fetchFirst()); }
  R firstOrFail() const {
    auto r = one(fetchFirst());
    if (!r) throwNotFound("the query's conditions");
    return std::move(*r);
  }
  std::optional<R> find(const Value& key) const { return one(fetchByKey(key)); }
  R findOrFail(const Value& key) const {
    auto r = one(fetchByKey(key));
    if (!r) throwNotFound(meta_->primaryKey + " = " + key.toSqlLiteral());
    return std::move(*r);
  }
  // Several keys at once (Laravel's find([1, 2, 3])): the rows found, in the database's order.
  std::vector<R> find(const std::vector<Value>& keys) const { return wrapAll(fetchByKeys(keys)); }
  std::vector<R> find(std::initializer_list<Value> keys) const { return find(std::vector<Value>(keys)); }
  // Every key found, or a NotFoundError naming the keys that were not.
  std::vector<R> findOrFail(const std::vector<Value>& keys) const {
    std::vector<Record> found = fetchByKeys(keys);
    requireAllFound(keys, found);
    return wrapAll(std::move(found));
  }
  std::vector<R> findOrFail(std::initializer_list<Value> keys) const { return findOrFail(std::vector<Value>(keys)); }
  // Pages inside the query's own limit/offset window (as count() counts inside it), so data,
  // total and lastPage always agree.
  Page<R> paginate(std::int64_t page = 1, std::int64_t perPage = 15) const {
    Page<R> p;
    p.total = count();
    p.perPage = perPage;
    p.currentPage = page;
    p.lastPage = lastPageFor(p.total, perPage);
    fetch(pageSpec(page, perPage), [&](Record&& r) {
      p.data.push_back(wrap(std::move(r)));
      return true;
    });
    loadEagerFor(p.data);
    return p;
  }
  // Streams every row to fn without holding the result in memory. fn may return false to stop.
  // With eager loads, rows are read in chunks of 1000 so their relations load in bulk.
  template <class F>
  void each(F&& fn) const {
    auto call = [&](R& item) -> bool {
      if constexpr (std::is_same_v<std::invoke_result_t<F&, R&>, bool>) return fn(item);
      else {
        fn(item);
        return true;
      }
    };
    if (!eager_.empty()) {
      chunk(1000, [&](std::vector<R>& batch) {
        for (R& item : batch)
          if (!call(item)) return false;
        return true;
      });
      return;
    }
    fetch([&](Record&& r) {
      R item = wrap(std::move(r));
      return call(item);
    });
  }
  // Streams the rows in vectors of at most `size`; fn may return false to stop.
  template <class F>
  void chunk(std::int64_t size, F&& fn) const {
    if (size < 1) throw UsageError("chunk size must be at least 1");
    std::vector<R> buffer;
    buffer.reserve(static_cast<std::size_t>(size));
    bool stopped = false;
    auto flush = [&] {
      loadEagerFor(buffer);
      bool go = true;
      if constexpr (std::is_same_v<std::invoke_result_t<F&, std::vector<R>&>, bool>) go = fn(buffer);
      else fn(buffer);
      buffer.clear();
      return go;
    };
    fetch([&](Record&& r) {
      buffer.push_back(wrap(std::move(r)));
      if (static_cast<std::int64_t>(buffer.size()) < size) return true;
      stopped = !flush();
      return !stopped;
    });
    if (!stopped && !buffer.empty()) flush();
  }

 private:
  std::optional<R> one(std::optional<Record> r) const {
    if (!r) return std::nullopt;
    std::vector<R> items;
    items.push_back(wrap(std::move(*r)));
    loadEagerFor(items);
    return std::move(items.front());
  }
  std::vector<R> wrapAll(std::vector<Record>&& records) const {
    std::vector<R> out;
    out.reserve(records.size());
    for (Record& r : records) out.push_back(wrap(std::move(r)));
    loadEagerFor(out);
    return out;
  }
  static R wrap(Record&& r) {
    if constexpr (std::is_same_v<R, Record>) return std::move(r);
    else return R{std::move(r)};
  }
};

using Query = BasicQuery<Record>;

}  // namespace roost
