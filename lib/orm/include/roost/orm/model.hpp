#pragma once
// Model<T>: the typed face of a model. A model is a struct that names its table and flags
// as static members and adds no data members:
//
//   struct Post : roost::Model<Post> {
//     static constexpr const char* table = "posts";
//     static constexpr bool softDeletes = true;       // optional, default false
//     // optional: primaryKey ("id"), timestamps (true), tenantColumn, modelName
//   };
//
//   auto published = Post::where("status", "published").orderBy("created_at", "desc").all();
//   Post post = Post::create({{"title", "Hello"}, {"status", "draft"}});
//   post.attributes["status"] = "published";
//   post.save();
//
// All behaviour lives in Record and the ModelMeta built here once per type, so typed and
// run-time models behave identically.
#include <concepts>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>

#include "roost/orm/bulk_insert.hpp"
#include "roost/orm/query.hpp"
#include "roost/orm/record.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost {

template <class T>
class Model : public Record {
 public:
  Model() : Record(meta()) {}
  Model(Record&& r) : Record(std::move(r)) {}  // NOLINT: implicit so models hydrate from records
  Model(Attributes::Init init) : Record(meta()) { attributes = Attributes(init); }

  static ModelMeta& meta();

  static void setConnection(std::shared_ptr<Connection> c) { meta().connection = std::move(c); }
  static void setClock(Clock clock) { meta().clock = std::move(clock); }

  // Registers a hook: fn(T&) returning void, or bool (false aborts an "-ing" event).
  template <class F>
  static void on(HookEvent event, F fn) {
    meta().hooks.add(event, [fn = std::move(fn)](Record& r) -> bool {
      if constexpr (std::is_same_v<std::invoke_result_t<F&, T&>, bool>) return fn(static_cast<T&>(r));
      else {
        fn(static_cast<T&>(r));
        return true;
      }
    });
  }
  template <class F>
  static void on(std::string_view event, F fn) { on(parseHookEvent(event), std::move(fn)); }

  // The original's Post.withoutTenantScope(() => Post.all()): fn runs unscoped.
  template <class F>
  static decltype(auto) withoutTenantScope(F&& fn) { return roost::withoutTenantScope(std::forward<F>(fn)); }

  static BasicQuery<T> query() { return BasicQuery<T>(meta(), resolveConnection(meta())); }
  static BasicQuery<T> query(Connection& c) { return BasicQuery<T>(meta(), c); }

  // Static starters, as in the original: Post::where(...).orderBy(...).all().
  template <class... A>
  static BasicQuery<T> where(A&&... a) { auto q = query(); q.where(std::forward<A>(a)...); return q; }
  static BasicQuery<T> where(const std::vector<std::pair<std::string, Value>>& equalities) { auto q = query(); q.where(equalities); return q; }
  static BasicQuery<T> whereIn(std::string_view c, std::vector<Value> v) { auto q = query(); q.whereIn(c, std::move(v)); return q; }
  static BasicQuery<T> whereNotIn(std::string_view c, std::vector<Value> v) { auto q = query(); q.whereNotIn(c, std::move(v)); return q; }
  template <ValueRange R>
  static BasicQuery<T> whereIn(std::string_view c, R&& v) { return whereIn(c, toValues(v)); }
  template <ValueRange R>
  static BasicQuery<T> whereNotIn(std::string_view c, R&& v) { return whereNotIn(c, toValues(v)); }
  static BasicQuery<T> whereBetween(std::string_view c, std::vector<Value> r) { auto q = query(); q.whereBetween(c, std::move(r)); return q; }
  static BasicQuery<T> whereNotBetween(std::string_view c, std::vector<Value> r) { auto q = query(); q.whereNotBetween(c, std::move(r)); return q; }
  static BasicQuery<T> whereNull(std::string_view c) { auto q = query(); q.whereNull(c); return q; }
  static BasicQuery<T> whereNotNull(std::string_view c) { auto q = query(); q.whereNotNull(c); return q; }
  static BasicQuery<T> orderBy(std::string_view c, std::string_view dir = "asc") { auto q = query(); q.orderBy(c, dir); return q; }
  static BasicQuery<T> limit(std::int64_t n) { auto q = query(); q.limit(n); return q; }
  static BasicQuery<T> withTrashed(bool with = true) { auto q = query(); q.withTrashed(with); return q; }
  static BasicQuery<T> onlyTrashed() { auto q = query(); q.onlyTrashed(); return q; }

  static std::vector<T> all() { return query().all(); }
  static std::optional<T> first() { return query().first(); }
  static std::optional<T> find(const Value& key) { return query().find(key); }
  static T findOrFail(const Value& key) { return query().findOrFail(key); }
  static std::vector<T> find(const std::vector<Value>& keys) { return query().find(keys); }
  static std::vector<T> find(std::initializer_list<Value> keys) { return query().find(keys); }
  static std::vector<T> findOrFail(const std::vector<Value>& keys) { return query().findOrFail(keys); }
  static std::vector<T> findOrFail(std::initializer_list<Value> keys) { return query().findOrFail(keys); }
  static std::int64_t count() { return query().count(); }
  static Page<T> paginate(std::int64_t page = 1, std::int64_t perPage = 15) { return query().paginate(page, perPage); }

  // Many rows in few statements, atomically, without hooks (see bulk_insert.hpp).
  static BulkInsertStats insertMany(std::vector<Attributes> rows) {
    return roost::insertMany(meta(), resolveConnection(meta()), std::move(rows));
  }
  static BulkInsertStats insertMany(Connection& c, std::vector<Attributes> rows) {
    return roost::insertMany(meta(), c, std::move(rows));
  }

  // Inserts a new row (hooks, timestamps) and returns it with its id.
  static T create(Attributes::Init init) {
    T model;
    model.attributes = Attributes(init);
    model.save();
    return model;
  }
  static T create(Connection& c, Attributes::Init init) {
    T model;
    model.useConnection(&c);
    model.attributes = Attributes(init);
    model.save();
    return model;
  }
};

template <class T>
ModelMeta& Model<T>::meta() {
  static ModelMeta* m = [] {
    static_assert(std::is_base_of_v<Model<T>, T>, "T must derive from roost::Model<T>");
    static_assert(sizeof(T) == sizeof(Record),
                  "a model adds no data members: keep its state in attributes (Record is what the ORM copies)");
    auto* meta = new ModelMeta();  // lives for the program (models are static); never destroyed on purpose
    meta->table = T::table;
    if constexpr (requires { T::modelName; }) meta->name = T::modelName;
    if constexpr (requires { T::primaryKey; }) meta->primaryKey = T::primaryKey;
    if constexpr (requires { T::timestamps; }) meta->timestamps = T::timestamps;
    if constexpr (requires { T::softDeletes; }) meta->softDeletes = T::softDeletes;
    // Laravel's CREATED_AT / UPDATED_AT: a column name, or nullptr for a table without it.
    if constexpr (requires { T::createdAt; }) meta->createdAtColumn = T::createdAt ? T::createdAt : "";
    if constexpr (requires { T::updatedAt; }) meta->updatedAtColumn = T::updatedAt ? T::updatedAt : "";
    if constexpr (requires { T::tenantColumn; }) meta->tenantColumn = std::string(T::tenantColumn);
    meta->validate();
    registerModelMeta(*meta);
    return meta;
  }();
  return *m;
}

}  // namespace roost
