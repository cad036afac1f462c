#include "roost/orm/relation.hpp"

#include <unordered_map>

#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/query.hpp"

namespace roost {

const char* relationKindName(RelationDef::Kind kind) noexcept {
  switch (kind) {
    case RelationDef::Kind::HasMany: return "hasMany";
    case RelationDef::Kind::HasOne: return "hasOne";
    case RelationDef::Kind::BelongsTo: return "belongsTo";
    case RelationDef::Kind::BelongsToMany: return "belongsToMany";
  }
  return "relation";
}

namespace {

// The checks every relation passes before it is registered.
void validateRelation(const RelationDef& def) {
  if (def.name.empty()) throw UsageError("a relation needs a name");
  if (!def.related) throw UsageError("relation '" + def.name + "' names no related model");
  for (const std::string* column : {&def.foreignKey, &def.localKey, &def.pivotTable, &def.foreignPivotKey,
                                    &def.relatedPivotKey, &def.relatedKey})
    if (!column->empty()) requireIdentifier(*column);
  if (def.kind == RelationDef::Kind::BelongsToMany) {
    if (def.pivotTable.empty() || def.foreignPivotKey.empty() || def.relatedPivotKey.empty())
      throw UsageError("belongsToMany '" + def.name + "' needs a pivot table and both pivot keys");
  } else if (def.foreignKey.empty()) {
    throw UsageError("relation '" + def.name + "' needs a foreign key");
  }
}

std::string describe(const RelationDef& def) {
  return std::string(relationKindName(def.kind)) + " " + (def.related ? def.related->displayName() : std::string("?"));
}

}  // namespace

void RelationRegistry::add(RelationDef def, std::string_view model) {
  validateRelation(def);
  if (const RelationDef* existing = find(def.name)) {
    const std::string owner = model.empty() ? std::string("a model") : std::string(model);
    throw UsageError(owner + " declares relation '" + def.name + "' twice (" + describe(*existing) + ", then " +
                     describe(def) + "): a second one would silently replace the first; give each relation its own name");
  }
  defs_.push_back(std::make_shared<const RelationDef>(std::move(def)));
}

void RelationRegistry::addOrReplace(RelationDef def) {
  validateRelation(def);
  for (auto& existing : defs_) {
    if (existing->name == def.name) {
      existing = std::make_shared<const RelationDef>(std::move(def));
      return;
    }
  }
  defs_.push_back(std::make_shared<const RelationDef>(std::move(def)));
}

const RelationDef* RelationRegistry::find(std::string_view name) const noexcept {
  for (auto& d : defs_)
    if (d->name == name) return d.get();
  return nullptr;
}

const RelationDef& RelationRegistry::require(std::string_view name, std::string_view model) const {
  if (auto* d = find(name)) return *d;
  std::string known;
  for (auto& d : defs_) known += (known.empty() ? "" : ", ") + d->name;
  throw UsageError("unknown relation '" + std::string(name) + "' on " + std::string(model) +
                   (known.empty() ? "; it declares no relations" : "; known relations: " + known));
}

std::vector<std::string> RelationRegistry::names() const {
  std::vector<std::string> out;
  for (auto& d : defs_) out.push_back(d->name);
  return out;
}

namespace {

// Keys are matched by their text form, so an integer 1 and a text '1' (SQLite affinity) meet.
std::string keyOf(const Value& v) { return v.isNull() ? std::string() : v.toString(); }

// Bindings a query's scopes already use, so a chunk of keys plus the scopes fits the limit.
std::size_t scopeBindings(const QuerySpec& spec) {
  std::size_t n = 0;
  for (const Condition& c : spec.scopes) n += c.kind == Condition::Kind::Compare ? 1 : c.values.size();
  return n;
}

// Distinct non-null values of `column` over the parents, in first-seen order.
std::vector<Value> distinctKeys(std::span<Record* const> parents, const std::string& column) {
  std::vector<Value> keys;
  std::unordered_map<std::string, bool> seen;
  for (Record* p : parents) {
    const Value& v = p->attributes[column];
    if (v.isNull()) continue;
    if (seen.emplace(keyOf(v), true).second) keys.push_back(v);
  }
  return keys;
}

// Runs `base` once per chunk of keys (column IN chunk) and hands every record to fn.
template <class F>
void queryInChunks(const Query& base, const std::string& column, const std::vector<Value>& keys, F&& fn) {
  const std::size_t limit = base.connection().maxBoundParams();
  const std::size_t used = scopeBindings(base.spec());
  const std::size_t chunk = limit > used + 1 ? limit - used : 1;
  for (std::size_t start = 0; start < keys.size(); start += chunk) {
    Query q = base;
    q.whereIn(column, std::vector<Value>(keys.begin() + static_cast<std::ptrdiff_t>(start),
                                         keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), start + chunk))));
    q.each([&](Record& r) { fn(std::move(r)); });
  }
}

std::vector<Record*> attachedRecords(std::span<Record* const> parents, const std::string& name) {
  std::vector<Record*> out;
  for (Record* p : parents)
    for (Record& r : p->related(name)) out.push_back(&r);
  return out;
}

}  // namespace

void eagerLoad(const ModelMeta& parentMeta, const RelationDef& def, std::span<Record* const> parents,
               Connection& connection, std::string_view nested) {
  using K = RelationDef::Kind;
  const ModelMeta& related = *def.related;
  for (Record* p : parents) p->setRelation(def.name, {});
  if (parents.empty()) return;

  if (def.kind == K::HasMany || def.kind == K::HasOne) {
    const std::string& localKey = def.localKey.empty() ? parentMeta.primaryKey : def.localKey;
    std::unordered_map<std::string, std::vector<Record*>> byKey;
    for (Record* p : parents) {
      const Value& v = p->attributes[localKey];
      if (!v.isNull()) byKey[keyOf(v)].push_back(p);
    }
    Query base(related, connection);
    if (def.kind == K::HasOne) base.orderBy(related.primaryKey);  // the first one wins, predictably
    queryInChunks(base, def.foreignKey, distinctKeys(parents, localKey), [&](Record&& child) {
      auto it = byKey.find(keyOf(child.attributes[def.foreignKey]));
      if (it == byKey.end()) return;
      for (std::size_t i = 0; i < it->second.size(); ++i) {
        auto& list = it->second[i]->related(def.name);
        if (def.kind == K::HasOne && !list.empty()) continue;
        list.push_back(i + 1 == it->second.size() ? std::move(child) : child);
      }
    });
  } else if (def.kind == K::BelongsTo) {
    const std::string& ownerKey = def.localKey.empty() ? related.primaryKey : def.localKey;
    std::unordered_map<std::string, Record> owners;
    queryInChunks(Query(related, connection), ownerKey, distinctKeys(parents, def.foreignKey),
                  [&](Record&& owner) { owners.emplace(keyOf(owner.attributes[ownerKey]), std::move(owner)); });
    for (Record* p : parents) {
      auto it = owners.find(keyOf(p->attributes[def.foreignKey]));
      if (it != owners.end()) p->related(def.name).push_back(it->second);
    }
  } else {  // BelongsToMany: pivot rows first, then the related rows they name
    const std::string& parentKey = def.localKey.empty() ? parentMeta.primaryKey : def.localKey;
    const std::string& relatedKey = def.relatedKey.empty() ? related.primaryKey : def.relatedKey;
    ModelMeta pivot;
    pivot.table = def.pivotTable;
    pivot.timestamps = false;
    std::vector<std::pair<std::string, std::string>> links;  // parent key -> related key
    Query pivotQuery(pivot, connection);
    pivotQuery.select({def.foreignPivotKey, def.relatedPivotKey});
    queryInChunks(pivotQuery, def.foreignPivotKey, distinctKeys(parents, parentKey), [&](Record&& row) {
      links.emplace_back(keyOf(row.attributes[def.foreignPivotKey]), keyOf(row.attributes[def.relatedPivotKey]));
    });
    std::vector<Value> relatedKeys;
    {
      std::unordered_map<std::string, bool> seen;
      for (auto& [pk, rk] : links)
        if (seen.emplace(rk, true).second) relatedKeys.emplace_back(rk);
    }
    std::unordered_map<std::string, Record> relatedRows;
    queryInChunks(Query(related, connection), relatedKey, relatedKeys,
                  [&](Record&& r) { relatedRows.emplace(keyOf(r.attributes[relatedKey]), std::move(r)); });
    std::unordered_map<std::string, std::vector<Record*>> byKey;
    for (Record* p : parents) byKey[keyOf(p->attributes[parentKey])].push_back(p);
    for (auto& [pk, rk] : links) {
      auto row = relatedRows.find(rk);
      auto owners = byKey.find(pk);
      if (row == relatedRows.end() || owners == byKey.end()) continue;
      for (Record* p : owners->second) p->related(def.name).push_back(row->second);
    }
  }

  if (!nested.empty()) {
    std::vector<Record*> children = attachedRecords(parents, def.name);
    eagerLoadPath(related, nested, children, connection);
  }
}

void eagerLoadPath(const ModelMeta& parentMeta, std::string_view path, std::span<Record* const> parents,
                   Connection& connection) {
  const auto dot = path.find('.');
  const std::string_view head = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  const RelationDef& def = parentMeta.relations.require(head, parentMeta.displayName());
  eagerLoad(parentMeta, def, parents, connection, rest);
}

}  // namespace roost
