#pragma once
// Typed relations, declared as static members of the parent model — the C++ face of the
// original's `static posts = new HasManyRelation(Post, 'author_id', 'id')`:
//
//   struct User : roost::Model<User> {
//     static constexpr const char* table = "users";
//     static inline const roost::HasMany<User, Post> posts{"posts", "author_id"};
//     static inline const roost::HasOne<User, Profile> profile{"profile", "user_id"};
//   };
//   struct Post : roost::Model<Post> {
//     static inline const roost::BelongsTo<Post, User> author{"author", "author_id"};
//   };
//
//   std::vector<Post> posts = User::posts.load(user);       // one query, also attached to user
//   User::posts.loadMany(users);                            // one query per key chunk, attached
//   auto mine = User::posts.of(users[0]);                   // what was attached
//   auto withPosts = User::query().with("posts.comments").all();
//
// Each object registers its RelationDef on the parent's ModelMeta, so with("posts") and the
// console find it by name. Loading goes through eagerLoad(): never one query per parent.
#include <optional>
#include <string>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/model.hpp"
#include "roost/orm/relation.hpp"

namespace roost {

template <class Parent, class Related>
class Relation {
 public:
  const std::string& name() const noexcept { return name_; }
  const RelationDef& def() const { return *Parent::meta().relations.find(name_); }

  // Loads for many parents at once and attaches to each: parent.related(name()).
  void loadMany(std::vector<Parent>& parents) const {
    if (parents.empty()) return;
    std::vector<Record*> ptrs;
    ptrs.reserve(parents.size());
    for (Parent& p : parents) ptrs.push_back(&p);
    eagerLoad(Parent::meta(), def(), ptrs, parents.front().connection());
  }

 protected:
  Relation(RelationDef d) : name_(d.name) {
    d.related = &Related::meta();
    Parent::meta().relations.add(std::move(d), Parent::meta().displayName());
  }
  void loadOne(Parent& parent) const {
    Record* one = &parent;
    eagerLoad(Parent::meta(), def(), std::span<Record* const>(&one, 1), parent.connection());
  }
  std::vector<Related> attached(const Parent& parent) const {
    std::vector<Related> out;
    for (const Record& r : parent.related(name_)) out.push_back(Related{Record(r)});
    return out;
  }
  std::optional<Related> attachedOne(const Parent& parent) const {
    const auto& list = parent.related(name_);
    if (list.empty()) return std::nullopt;
    return Related{Record(list.front())};
  }

 private:
  std::string name_;
};

template <class Parent, class Related>
class HasMany : public Relation<Parent, Related> {
 public:
  // foreignKey: the column on Related pointing at Parent; localKey: Parent's column (default its key).
  HasMany(std::string name, std::string foreignKey, std::string localKey = {})
      : Relation<Parent, Related>(RelationDef{std::move(name), RelationDef::Kind::HasMany, nullptr,
                                              std::move(foreignKey), std::move(localKey), {}, {}, {}, {}}) {}
  std::vector<Related> load(Parent& parent) const {
    this->loadOne(parent);
    return this->attached(parent);
  }
  std::vector<Related> of(const Parent& parent) const { return this->attached(parent); }
  // A query for this parent's related rows, to refine further.
  BasicQuery<Related> query(const Parent& parent) const {
    const RelationDef& d = this->def();
    auto q = Related::query(parent.connection());
    q.where(d.foreignKey, parent.attributes[d.localKey.empty() ? Parent::meta().primaryKey : d.localKey]);
    return q;
  }
};

template <class Parent, class Related>
class HasOne : public Relation<Parent, Related> {
 public:
  HasOne(std::string name, std::string foreignKey, std::string localKey = {})
      : Relation<Parent, Related>(RelationDef{std::move(name), RelationDef::Kind::HasOne, nullptr,
                                              std::move(foreignKey), std::move(localKey), {}, {}, {}, {}}) {}
  std::optional<Related> load(Parent& parent) const {
    this->loadOne(parent);
    return this->attachedOne(parent);
  }
  std::optional<Related> of(const Parent& parent) const { return this->attachedOne(parent); }
};

template <class Parent, class Related>
class BelongsTo : public Relation<Parent, Related> {
 public:
  // foreignKey: the column on Parent pointing at Related; ownerKey: Related's column (default its key).
  BelongsTo(std::string name, std::string foreignKey, std::string ownerKey = {})
      : Relation<Parent, Related>(RelationDef{std::move(name), RelationDef::Kind::BelongsTo, nullptr,
                                              std::move(foreignKey), std::move(ownerKey), {}, {}, {}, {}}) {}
  std::optional<Related> load(Parent& parent) const {
    this->loadOne(parent);
    return this->attachedOne(parent);
  }
  std::optional<Related> of(const Parent& parent) const { return this->attachedOne(parent); }
};

template <class Parent, class Related>
class BelongsToMany : public Relation<Parent, Related> {
 public:
  // pivot.foreignPivotKey points at Parent, pivot.relatedPivotKey at Related.
  BelongsToMany(std::string name, std::string pivotTable, std::string foreignPivotKey, std::string relatedPivotKey,
                std::string parentKey = {}, std::string relatedKey = {})
      : Relation<Parent, Related>(RelationDef{std::move(name), RelationDef::Kind::BelongsToMany, nullptr, {},
                                              std::move(parentKey), std::move(pivotTable), std::move(foreignPivotKey),
                                              std::move(relatedPivotKey), std::move(relatedKey)}) {}
  std::vector<Related> load(Parent& parent) const {
    this->loadOne(parent);
    return this->attached(parent);
  }
  std::vector<Related> of(const Parent& parent) const { return this->attached(parent); }
  // Inserts the pivot row linking parent and related (both must be saved).
  void attach(const Parent& parent, const Related& related) const { pivot(parent, related, true); }
  // Deletes the pivot row(s) linking them.
  void detach(const Parent& parent, const Related& related) const { pivot(parent, related, false); }

 private:
  void pivot(const Parent& parent, const Related& related, bool link) const {
    const RelationDef& d = this->def();
    const Value& pk = parent.attributes[d.localKey.empty() ? Parent::meta().primaryKey : d.localKey];
    const Value& rk = related.attributes[d.relatedKey.empty() ? Related::meta().primaryKey : d.relatedKey];
    if (pk.isNull() || rk.isNull()) throw UsageError("attach/detach on '" + d.name + "' needs both models saved");
    const Grammar& g = parent.connection().grammar();
    std::vector<std::string> columns{d.foreignPivotKey, d.relatedPivotKey};
    std::vector<Value> values{pk, rk};
    if (link) {
      parent.connection().execute(g.insert(d.pivotTable, columns), values);
      return;
    }
    QuerySpec spec;
    spec.table = d.pivotTable;
    spec.wheres.push_back(Condition{Condition::Kind::Compare, false, CompareOp::Eq, d.foreignPivotKey, pk, {}, {}});
    spec.wheres.push_back(Condition{Condition::Kind::Compare, false, CompareOp::Eq, d.relatedPivotKey, rk, {}, {}});
    CompiledSql q = g.remove(spec);
    parent.connection().execute(q.sql, q.bindings);
  }
};

}  // namespace roost
