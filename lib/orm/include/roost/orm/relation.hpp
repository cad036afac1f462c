#pragma once
// Relations as run-time data (RelationDef) and the eager loader that resolves them for
// many parents at once: one query per chunk of maxBoundParams() keys, never one per parent.
// Typed relation objects (HasMany<User, Post>, ...) in relations.hpp are thin faces over this.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roost {

struct ModelMeta;
class Connection;
class Record;

struct RelationDef {
  enum class Kind { HasMany, HasOne, BelongsTo, BelongsToMany };
  std::string name;                 // "posts": how it is reached (with("posts"), related("posts"))
  Kind kind = Kind::HasMany;
  const ModelMeta* related = nullptr;
  // HasMany/HasOne: the column on the related table pointing at the parent (posts.author_id).
  // BelongsTo: the column on the parent pointing at the related row (posts.author_id).
  std::string foreignKey;
  // HasMany/HasOne: the parent's column matched by foreignKey (default: parent's primary key).
  // BelongsTo: the related column matched by foreignKey (default: related primary key).
  std::string localKey;
  // BelongsToMany through a pivot table: pivot.foreignPivotKey = parent.localKey and
  // pivot.relatedPivotKey = related.relatedKey (default: both primary keys).
  std::string pivotTable;
  std::string foreignPivotKey;
  std::string relatedPivotKey;
  std::string relatedKey;
};

// "hasMany", "hasOne", "belongsTo", "belongsToMany": a kind as database/models.jsonc and the
// console spell it.
const char* relationKindName(RelationDef::Kind kind) noexcept;
// HasMany and BelongsToMany hold a list of related records; the others one or none.
inline bool isToMany(RelationDef::Kind kind) noexcept {
  return kind == RelationDef::Kind::HasMany || kind == RelationDef::Kind::BelongsToMany;
}

// The relations a model declares, by name.
class RelationRegistry {
 public:
  // Adds a relation of `model` (its name, for the error); throws UsageError when the model
  // already declares one of that name: two relations never silently replace each other.
  void add(RelationDef def, std::string_view model = {});
  // Adds, or replaces the relation of the same name: for the console's models.jsonc, whose
  // declarations override what it inferred from foreign keys.
  void addOrReplace(RelationDef def);
  const RelationDef* find(std::string_view name) const noexcept;
  // Like find, but throws UsageError listing the known relation names of `model`.
  const RelationDef& require(std::string_view name, std::string_view model) const;
  std::vector<std::string> names() const;
  bool empty() const noexcept { return defs_.empty(); }

 private:
  std::vector<std::shared_ptr<const RelationDef>> defs_;
};

// Loads relation `def` of `parent` (whose model is `parentMeta`) for every parent and attaches
// the results to each parent under def.name. `nested` continues the path ("comments.author").
void eagerLoad(const ModelMeta& parentMeta, const RelationDef& def, std::span<Record* const> parents,
               Connection& connection, std::string_view nested = {});

// Resolves a dotted path ("posts.comments") from parentMeta and loads it for every parent.
void eagerLoadPath(const ModelMeta& parentMeta, std::string_view path, std::span<Record* const> parents,
                   Connection& connection);

}  // namespace roost
