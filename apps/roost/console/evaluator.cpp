#include "console/evaluator.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "project/naming.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost::console {

namespace {

using Fields = std::vector<std::pair<std::string, Value>>;

const std::vector<std::string> kWhereMethods = {"where",     "orWhere",       "whereIn",        "whereNotIn",
                                                "orWhereIn", "orWhereNotIn",  "whereNull",      "whereNotNull",
                                                "orWhereNull", "orWhereNotNull"};

const char* kindName(RelationDef::Kind k) {
  switch (k) {
    case RelationDef::Kind::HasMany: return "hasMany";
    case RelationDef::Kind::HasOne: return "hasOne";
    case RelationDef::Kind::BelongsTo: return "belongsTo";
    case RelationDef::Kind::BelongsToMany: return "belongsToMany";
  }
  return "relation";
}

bool many(const RelationDef& d) {
  return d.kind == RelationDef::Kind::HasMany || d.kind == RelationDef::Kind::BelongsToMany;
}

std::string plural(std::size_t n, const std::string& one) { return std::to_string(n) + " " + one + (n == 1 ? "" : "s"); }

// Bulk update takes an initializer list in the ORM; build one of the right size at run time.
template <std::size_t... I>
std::int64_t updateFields(const Query& q, const Fields& f, std::index_sequence<I...>) {
  return q.update({std::pair<std::string_view, Value>(f[I].first, f[I].second)...});
}
template <std::size_t N>
std::int64_t updateN(const Query& q, const Fields& f) { return updateFields(q, f, std::make_index_sequence<N>()); }
constexpr std::size_t kMaxBulkColumns = 16;
template <std::size_t... N>
constexpr auto makeUpdaters(std::index_sequence<N...>) {
  return std::array<std::int64_t (*)(const Query&, const Fields&), sizeof...(N)>{&updateN<N + 1>...};
}
constexpr auto kUpdaters = makeUpdaters(std::make_index_sequence<kMaxBulkColumns>());

}  // namespace

std::string consoleErrorText(const std::exception& e) {
  std::string text = e.what();
  const TenantContext* tenant = currentTenantContext();
  if (dynamic_cast<const TenantError*>(&e) && !tenantScopeSuspended() && (!tenant || !tenant->has()))
    text += "\n  hint: `roost query --tenant SLUG` runs the console as one tenant; .models shows every model's "
            "tenant column and where it came from (\"tenantColumn\": null in database/models.jsonc leaves a "
            "model unscoped)";
  return text;
}

std::string typeName(const CValue& v) {
  if (v.is<Undefined>()) return "undefined";
  if (auto* x = v.as<Value>()) {
    switch (x->type()) {
      case Value::Type::Null: return "null";
      case Value::Type::Integer:
      case Value::Type::Real: return "number";
      case Value::Type::Text: return "string";
      case Value::Type::Blob: return "blob";
    }
  }
  if (v.is<Bool>()) return "boolean";
  if (v.is<List>() || v.is<Stream>()) return "list";
  if (v.is<Object>()) return "object";
  if (auto* m = v.as<ModelRef>()) return "model " + m->meta->displayName();
  if (auto* r = v.as<RelationRef>()) return "relation " + r->parent->displayName() + "." + r->def->name;
  if (v.is<QueryRef>() || v.is<GroupRef>()) return "query";
  if (auto* r = v.as<RecordRef>()) return r->record->meta().displayName() + " record";
  if (v.is<AttributesRef>()) return "attributes";
  if (v.is<PageRef>()) return "page";
  if (v.is<Lambda>()) return "function";
  return "value";
}

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t bestDistance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = project::editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

const std::vector<std::string>& Evaluator::queryMethods() {
  static const std::vector<std::string> m = [] {
    std::vector<std::string> v = kWhereMethods;
    for (const char* s : {"orderBy", "orderByDesc", "latest", "oldest", "limit", "offset", "select", "with",
                          "withTrashed", "onlyTrashed", "all", "get", "first", "firstOrFail", "find", "findOrFail",
                          "count", "exists", "paginate", "pluck", "update", "delete", "forceDelete", "restore", "toSql"})
      v.emplace_back(s);
    return v;
  }();
  return m;
}

const std::vector<std::string>& Evaluator::modelMembers() {
  static const std::vector<std::string> m = [] {
    std::vector<std::string> v = queryMethods();
    for (const char* s : {"create", "query", "tableName", "primaryKey", "timestamps", "softDeletes", "tenantColumn"})
      v.emplace_back(s);
    return v;
  }();
  return m;
}

const std::vector<std::string>& Evaluator::recordMethods() {
  static const std::vector<std::string> m = {"attributes", "save",    "delete",  "forceDelete", "restore",
                                             "refresh",    "update",  "fill",    "trashed",     "isDirty",
                                             "getDirty",   "exists",  "toJSON",  "load"};
  return m;
}

Evaluator::Evaluator(Connection& connection, CatalogSource catalog) : conn_(connection), catalog_(std::move(catalog)) {}

CValue Evaluator::materialize(CValue v) const {
  if (auto* s = v.as<Stream>()) {
    std::vector<CValue> items;
    for (Record& r : s->query->all()) items.emplace_back(RecordRef{std::make_shared<Record>(std::move(r))});
    return makeList(std::move(items));
  }
  return v;
}

CValue Evaluator::evaluate(const Node& statement) {
  if (statement.kind == Node::Kind::Let) {
    // A variable may not hide a model: `let Post = …` would make Post.where(…) mean something else.
    const bool looksLikeModel = !statement.text.empty() && std::isupper(static_cast<unsigned char>(statement.text[0]));
    if (looksLikeModel && catalog().find(statement.text))
      throw EvalError("'" + statement.text + "' is a model; pick another variable name", statement.offset);
    CValue v = eval(*statement.target);
    if (v.is<Lambda>()) throw EvalError("a function can only be passed to where() or orWhere()", statement.target->offset);
    if (v.is<GroupRef>()) throw EvalError("a where-group builder cannot be kept in a variable", statement.target->offset);
    vars_[statement.text] = materialize(std::move(v));
    return Undefined{};
  }
  return eval(statement);
}

CValue Evaluator::eval(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return Value();
    case Node::Kind::Bool: return Bool{n.boolean};
    case Node::Kind::Integer: return Value(static_cast<long long>(n.integer));
    case Node::Kind::Real: return Value(n.real);
    case Node::Kind::String: return Value(n.text);
    case Node::Kind::Array: {
      std::vector<CValue> items;
      for (const auto& item : n.items) items.push_back(materialize(eval(*item)));
      return makeList(std::move(items));
    }
    case Node::Kind::Object: {
      auto fields = std::make_shared<std::vector<std::pair<std::string, CValue>>>();
      std::unordered_map<std::string_view, std::size_t> at;  // a repeated key replaces the value, in place
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        CValue v = materialize(eval(*n.items[i]));
        if (auto [it, fresh] = at.try_emplace(n.keys[i], fields->size()); !fresh) (*fields)[it->second].second = std::move(v);
        else fields->emplace_back(n.keys[i], std::move(v));
      }
      return Object{std::move(fields)};
    }
    case Node::Kind::Identifier: return evalIdentifier(n);
    case Node::Kind::Member: return evalMember(n);
    case Node::Kind::Index: return evalIndex(n);
    case Node::Kind::Call: return evalCall(n);
    case Node::Kind::Lambda: return Lambda{&n};
    case Node::Kind::Assign: return assign(n);
    case Node::Kind::Let: throw EvalError("'let' must start the line", n.offset);
  }
  throw EvalError("cannot evaluate this", n.offset);
}

CValue Evaluator::evalIdentifier(const Node& n) {
  if (auto it = vars_.find(n.text); it != vars_.end()) return it->second;
  project::ModelCatalog& c = catalog();
  if (ModelMeta* m = c.find(n.text)) return ModelRef{m};
  std::vector<std::string> names = c.names();
  std::string message = "unknown name '" + n.text + "'";
  std::vector<std::string> all = names;
  for (auto& [k, v] : vars_) all.push_back(k);
  if (auto hint = closestMatch(n.text, all); !hint.empty()) message += "; did you mean '" + hint + "'?";
  if (names.empty()) {
    message += "; the database has no tables yet (run `roost migrate`)";
  } else {
    std::string known;
    for (auto& s : names) known += (known.empty() ? "" : ", ") + s;
    message += " Known models: " + known;
  }
  throw EvalError(message, n.offset);
}

CValue Evaluator::relationOf(const std::shared_ptr<Record>& r, const RelationDef& def, std::size_t offset) {
  try {
    if (!r->relationLoaded(def.name)) {
      Record* one = r.get();
      eagerLoad(r->meta(), def, std::span<Record* const>(&one, 1), r->connection());
    }
    const auto& attached = r->related(def.name);
    if (!many(def)) {
      if (attached.empty()) return Value();
      return RecordRef{std::make_shared<Record>(attached.front())};
    }
    std::vector<CValue> items;
    for (const Record& x : attached) items.emplace_back(RecordRef{std::make_shared<Record>(x)});
    return makeList(std::move(items));
  } catch (const Error& e) {
    throw EvalError(consoleErrorText(e), offset);
  }
}

CValue Evaluator::evalMember(const Node& n) {
  CValue target = eval(*n.target);
  const std::string& name = n.text;
  if (auto* m = target.as<ModelRef>()) {
    const ModelMeta& meta = *m->meta;
    if (auto* def = meta.relations.find(name)) return RelationRef{&meta, def};
    if (name == "tableName" || name == "table") return Value(meta.table);
    if (name == "primaryKey") return Value(meta.primaryKey);
    if (name == "timestamps") return Bool{meta.timestamps};
    if (name == "softDeletes") return Bool{meta.softDeletes};
    if (name == "tenantColumn") return meta.tenantColumn ? Value(*meta.tenantColumn) : Value();
    if (name == "name") return Value(meta.displayName());
    const auto& methods = modelMembers();
    if (std::find(methods.begin(), methods.end(), name) != methods.end())
      throw EvalError("'" + name + "' is a method: call it, as in " + meta.displayName() + "." + name + "(…)", n.offset);
    std::vector<std::string> candidates = methods;
    for (auto& r : meta.relations.names()) candidates.push_back(r);
    std::string message = "unknown member '" + name + "' on " + meta.displayName();
    if (auto hint = closestMatch(name, candidates); !hint.empty()) message += "; did you mean '" + hint + "'?";
    else if (!meta.relations.empty()) {
      std::string rels;
      for (auto& r : meta.relations.names()) rels += (rels.empty() ? "" : ", ") + r;
      message += "; its relations: " + rels;
    }
    throw EvalError(message, n.offset);
  }
  if (target.is<Stream>()) target = materialize(std::move(target));
  if (auto* r = target.as<RecordRef>()) {
    const Record& rec = *r->record;
    if (name == "attributes") return AttributesRef{r->record};
    if (auto* def = rec.meta().relations.find(name)) return relationOf(r->record, *def, n.offset);
    if (rec.attributes.has(name)) return rec.attributes[name];
    if (name == "exists") return Bool{rec.exists()};
    const auto& methods = recordMethods();
    if (std::find(methods.begin(), methods.end(), name) != methods.end())
      throw EvalError("'" + name + "' is a method: call it, as in ." + name + "()", n.offset);
    std::vector<std::string> candidates = methods;
    for (auto& k : rec.attributes.keys()) candidates.push_back(k);
    for (auto& k : rec.meta().relations.names()) candidates.push_back(k);
    std::string message = "unknown member '" + name + "' on a " + rec.meta().displayName() + " record";
    if (auto hint = closestMatch(name, candidates); !hint.empty()) message += "; did you mean '" + hint + "'?";
    throw EvalError(message, n.offset);
  }
  if (auto* a = target.as<AttributesRef>()) {
    const Record& rec = *a->record;
    if (rec.attributes.has(name)) return rec.attributes[name];
    std::string message = rec.meta().displayName() + " has no attribute '" + name + "'";
    if (auto hint = closestMatch(name, rec.attributes.keys()); !hint.empty()) message += "; did you mean '" + hint + "'?";
    throw EvalError(message, n.offset);
  }
  if (auto* p = target.as<PageRef>()) {
    const auto& page = *p->page;
    if (name == "total") return Value(static_cast<long long>(page.total));
    if (name == "perPage") return Value(static_cast<long long>(page.perPage));
    if (name == "currentPage") return Value(static_cast<long long>(page.currentPage));
    if (name == "lastPage") return Value(static_cast<long long>(page.lastPage));
    if (name == "data") {
      std::vector<CValue> items;
      for (const Record& x : page.data) items.emplace_back(RecordRef{std::make_shared<Record>(x)});
      return makeList(std::move(items));
    }
    throw EvalError("a page has data, total, perPage, currentPage and lastPage; not '" + name + "'", n.offset);
  }
  if (auto* l = target.as<List>()) {
    if (name == "length") return Value(static_cast<long long>(l->items->size()));
    throw EvalError("a list has only .length (and [index]); not '" + name + "'", n.offset);
  }
  if (auto* o = target.as<Object>()) {
    for (auto& [k, v] : *o->fields)
      if (k == name) return v;
    return Undefined{};
  }
  if (auto* rel = target.as<RelationRef>()) {
    if (name == "name") return Value(rel->def->name);
    if (name == "type") return Value(kindName(rel->def->kind));
    if (name == "related") return ModelRef{const_cast<ModelMeta*>(rel->def->related)};
    if (name == "load" || name == "loadMany")
      throw EvalError("'" + name + "' is a method: call it with a " + rel->parent->displayName() + " record", n.offset);
    throw EvalError("a relation has load(record) and loadMany(records); not '" + name + "'", n.offset);
  }
  if (auto* v = target.as<Value>(); v && v->isNull())
    throw EvalError("cannot read '" + name + "' of null" +
                        (n.target->kind == Node::Kind::Call ? " (the call before it found no row)" : ""),
                    n.offset);
  throw EvalError("cannot read '" + name + "' of a " + typeName(target), n.offset);
}

CValue Evaluator::evalIndex(const Node& n) {
  CValue target = materialize(eval(*n.target));
  CValue key = materialize(eval(*n.items[0]));
  const Value* k = key.as<Value>();
  if (auto* l = target.as<List>()) {
    if (!k || !k->isInteger()) throw EvalError("a list index must be an integer", n.items[0]->offset);
    const std::int64_t i = *k->intIf();
    if (i < 0 || static_cast<std::size_t>(i) >= l->items->size()) return Undefined{};
    return (*l->items)[static_cast<std::size_t>(i)];
  }
  if (!k || !k->isText()) throw EvalError("expected a string key", n.items[0]->offset);
  if (auto* a = target.as<AttributesRef>()) return a->record->attributes[*k->textIf()];
  if (auto* r = target.as<RecordRef>()) return r->record->attributes[*k->textIf()];
  if (auto* o = target.as<Object>()) {
    for (auto& [name, v] : *o->fields)
      if (name == *k->textIf()) return v;
    return Undefined{};
  }
  throw EvalError("cannot index a " + typeName(target), n.offset);
}

namespace {

// Argument helpers: each names the method and points at the offending argument.
struct Args {
  const Node& call;
  const std::string& method;
  std::vector<CValue>& values;
  std::function<void(const std::string&, std::size_t)> checkColumn = {};

  std::size_t size() const { return values.size(); }
  std::size_t offsetOf(std::size_t i) const { return i < call.items.size() ? call.items[i]->offset : call.offset; }

  void arity(std::size_t min, std::size_t max, const char* usage) const {
    if (values.size() < min || values.size() > max)
      throw EvalError(method + "() takes " + usage + "; got " + plural(values.size(), "argument"),
                      values.size() > max ? offsetOf(max) : call.offset);
  }
  Value scalar(std::size_t i) const {
    const CValue& v = values[i];
    if (auto* x = v.as<Value>()) return *x;
    if (auto* b = v.as<Bool>()) return Value(b->value);
    if (auto* r = v.as<RecordRef>()) return r->record->key();  // a record stands for its key
    throw EvalError(method + "(): expected a value (string, number, true/false, null), got a " + typeName(v), offsetOf(i));
  }
  std::string text(std::size_t i, const char* what) const {
    const Value* x = values[i].as<Value>();
    if (!x || !x->isText()) throw EvalError(method + "(): the " + what + " must be a string", offsetOf(i));
    return *x->textIf();
  }
  // A column name argument, checked against the model's table when the schema knows it.
  std::string column(std::size_t i) const {
    std::string c = text(i, "column");
    if (checkColumn) checkColumn(c, offsetOf(i));
    return c;
  }
  std::int64_t integer(std::size_t i, const char* what) const {
    const Value* x = values[i].as<Value>();
    if (!x || !x->isInteger()) throw EvalError(method + "(): the " + what + " must be an integer", offsetOf(i));
    return *x->intIf();
  }
  std::vector<Value> list(std::size_t i) const {
    const List* l = values[i].as<List>();
    if (!l) throw EvalError(method + "(): expected an array such as ['a', 'b'], got a " + typeName(values[i]), offsetOf(i));
    std::vector<Value> out;
    for (const CValue& item : *l->items) {
      if (auto* x = item.as<Value>()) out.push_back(*x);
      else if (auto* b = item.as<Bool>()) out.emplace_back(b->value);
      else if (auto* r = item.as<RecordRef>()) out.push_back(r->record->key());
      else throw EvalError(method + "(): the array may hold only values, not a " + typeName(item), offsetOf(i));
    }
    return out;
  }
  Fields fields(std::size_t i) const {
    const Object* o = values[i].as<Object>();
    if (!o) throw EvalError(method + "(): expected an object such as {title: 'x'}, got a " + typeName(values[i]), offsetOf(i));
    Fields out;
    for (auto& [k, v] : *o->fields) {
      if (v.is<Undefined>()) continue;
      if (!isValidIdentifier(k) || k.find('.') != std::string::npos)
        throw EvalError(method + "(): '" + k + "' is not a column name", offsetOf(i));
      if (auto* x = v.as<Value>()) out.emplace_back(k, *x);
      else if (auto* b = v.as<Bool>()) out.emplace_back(k, Value(b->value));
      else if (auto* r = v.as<RecordRef>()) out.emplace_back(k, r->record->key());
      else throw EvalError(method + "(): '" + k + "' must be a value, not a " + typeName(v), offsetOf(i));
    }
    return out;
  }
  // Names given either as several strings or as one array of strings.
  std::vector<std::string> names(const char* what) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (auto* l = values[i].as<List>()) {
        for (const CValue& item : *l->items) {
          const Value* x = item.as<Value>();
          if (!x || !x->isText()) throw EvalError(method + "(): every " + what + " must be a string", offsetOf(i));
          out.push_back(*x->textIf());
        }
      } else {
        out.push_back(text(i, what));
      }
    }
    if (out.empty()) throw EvalError(method + "() needs at least one " + what, call.offset);
    return out;
  }
};

}  // namespace

// The where-family, shared by queries and where-groups (B is Query or WhereGroup).
template <class B, class Group>
static bool applyWhere(B& b, const Args& a, Group&& group) {
  const std::string& m = a.method;
  const bool orJoin = m.rfind("or", 0) == 0;
  if (m == "where" || m == "orWhere") {
    if (a.size() == 1 && a.values[0].is<Lambda>()) {
      if (orJoin) b.orWhere([&](WhereGroup& g) { group(g, a.values[0]); });
      else b.where([&](WhereGroup& g) { group(g, a.values[0]); });
      return true;
    }
    // where({status: 'draft', author_id: 1}) ANDs the equalities; orWhere({...}) ORs them (Laravel's array form).
    if (a.size() == 1 && a.values[0].is<Object>()) {
      const Fields f = a.fields(0);
      if (a.checkColumn)
        for (auto& [k, v] : f) a.checkColumn(k, a.offsetOf(0));
      auto add = [&](WhereGroup& g) {
        for (auto& [k, v] : f) {
          if (orJoin) g.orWhere(k, v);
          else g.where(k, v);
        }
      };
      if (orJoin) b.orWhere(add);
      else b.where(add);
      return true;
    }
    a.arity(2, 3, "(column, value), (column, operator, value), an object of column: value, or a function q => …");
    const std::string column = a.column(0);
    if (a.size() == 2) {
      if (orJoin) b.orWhere(column, a.scalar(1));
      else b.where(column, a.scalar(1));
    } else {
      const std::string op = a.text(1, "operator");
      try {
        if (orJoin) b.orWhere(column, op, a.scalar(2));
        else b.where(column, op, a.scalar(2));
      } catch (const UsageError& e) {
        throw EvalError(e.what(), a.offsetOf(1));
      }
    }
    return true;
  }
  if (m == "whereIn" || m == "whereNotIn" || m == "orWhereIn" || m == "orWhereNotIn") {
    a.arity(2, 2, "(column, [values])");
    const std::string column = a.column(0);
    std::vector<Value> values = a.list(1);
    if (m == "whereIn") b.whereIn(column, std::move(values));
    else if (m == "whereNotIn") b.whereNotIn(column, std::move(values));
    else if (m == "orWhereIn") b.orWhereIn(column, std::move(values));
    else b.orWhereNotIn(column, std::move(values));
    return true;
  }
  if (m == "whereNull" || m == "whereNotNull" || m == "orWhereNull" || m == "orWhereNotNull") {
    a.arity(1, 1, "(column)");
    const std::string column = a.column(0);
    if (m == "whereNull") b.whereNull(column);
    else if (m == "whereNotNull") b.whereNotNull(column);
    else if (m == "orWhereNull") b.orWhereNull(column);
    else b.orWhereNotNull(column);
    return true;
  }
  return false;
}

std::function<void(const std::string&, std::size_t)> Evaluator::columnChecker(const ModelMeta& meta) {
  // SQLite reads a double-quoted name that is no column as a string literal, so a typo would
  // silently match nothing: check names against the schema first, and point at the argument.
  return [this, &meta](const std::string& column, std::size_t offset) {
    if (column.find('.') != std::string::npos || column == "rowid") return;
    const TableInfo* table = catalog().tableOf(meta);
    if (!table || table->columns.empty() || table->hasColumn(column)) return;
    std::vector<std::string> names;
    for (const auto& c : table->columns) names.push_back(c.name);
    std::string message = "no such column: " + column + " (table " + meta.table + ")";
    if (auto hint = closestMatch(column, names); !hint.empty()) message += "; did you mean '" + hint + "'?";
    else {
      std::string list;
      for (auto& n : names) list += (list.empty() ? "" : ", ") + n;
      message += "; its columns: " + list;
    }
    throw EvalError(message, offset);
  };
}

void Evaluator::callGroup(const Node& call, const std::string& method, const GroupRef& ref, std::vector<CValue>& args) {
  WhereGroup& g = *ref.group;
  Args a{call, method, args, columnChecker(*ref.meta)};
  auto group = [&](WhereGroup& inner, const CValue& fn) { /* nested: q => q.where(r => …) */
    const Node& lambda = *fn.as<Lambda>()->node;
    auto saved = vars_.find(lambda.text) != vars_.end() ? std::optional<CValue>(vars_[lambda.text]) : std::nullopt;
    vars_[lambda.text] = GroupRef{&inner, ref.meta};
    struct Restore {
      std::map<std::string, CValue>& vars;
      const std::string& name;
      std::optional<CValue>& saved;
      ~Restore() {
        if (saved) vars[name] = *saved;
        else vars.erase(name);
      }
    } restore{vars_, lambda.text, saved};
    eval(*lambda.target);
  };
  if (!applyWhere(g, a, group)) {
    std::string message = "unknown method '" + method + "' on a where-group (it has the where-family only)";
    if (auto hint = closestMatch(method, kWhereMethods); !hint.empty()) message += "; did you mean '" + hint + "'?";
    throw EvalError(message, call.target->offset);
  }
}

CValue Evaluator::evalCall(const Node& call) {
  if (call.target->kind != Node::Kind::Member) {
    if (call.target->kind == Node::Kind::Identifier)
      throw EvalError("'" + call.target->text + "' is not a function; call a method such as Post.where(…)",
                      call.target->offset);
    throw EvalError("this is not a function", call.target->offset);
  }
  const Node& member = *call.target;
  const std::string& method = member.text;
  CValue target = eval(*member.target);
  std::vector<CValue> args;
  for (const auto& arg : call.items) {
    CValue v = eval(*arg);
    args.push_back(v.is<Stream>() ? materialize(std::move(v)) : std::move(v));
  }
  for (std::size_t i = 0; i < args.size(); ++i)
    if (args[i].is<Lambda>() && method != "where" && method != "orWhere")
      throw EvalError("a function can only be passed to where() or orWhere()", call.items[i]->offset);
  try {
    if (auto* m = target.as<ModelRef>()) {
      if (method == "create") {
        Args a{call, method, args};
        a.arity(1, 1, "an object of attributes, as in create({title: 'x'})");
        auto r = std::make_shared<Record>(*m->meta, &conn_);
        for (auto& [k, v] : a.fields(0)) r->attributes[k] = v;
        r->save();
        return RecordRef{r};
      }
      if (method == "query") return QueryRef{std::make_shared<Query>(*m->meta, conn_)};
      if (auto* def = m->meta->relations.find(method))
        throw EvalError("'" + def->name + "' is a relation: use " + m->meta->displayName() + "." + def->name +
                            ".load(record) or " + m->meta->displayName() + ".with('" + def->name + "')",
                        member.offset);
      return callQuery(call, method, Query(*m->meta, conn_), args, true);
    }
    if (auto* q = target.as<QueryRef>()) return callQuery(call, method, *q->query, args, false);
    if (auto* g = target.as<GroupRef>()) {
      callGroup(call, method, *g, args);
      return *g;
    }
    if (auto* r = target.as<RecordRef>()) return callRecord(call, method, r->record, args);
    if (auto* rel = target.as<RelationRef>()) return callRelation(call, method, *rel, args);
    if (target.is<Stream>() || target.is<List>()) {
      if (method == "count" || method == "length") {
        CValue list = materialize(target);
        return Value(static_cast<long long>(list.as<List>()->items->size()));
      }
    }
  } catch (const EvalError&) {
    throw;
  } catch (const std::exception& e) {  // the ORM's and the database's errors, at the method that ran them
    throw EvalError(consoleErrorText(e), member.offset);
  }
  if (auto* v = target.as<Value>(); v && v->isNull())
    throw EvalError("cannot call " + method + "() on null" +
                        (member.target->kind == Node::Kind::Call ? " (the call before it found no row)" : ""),
                    member.offset);
  throw EvalError("a " + typeName(target) + " has no method '" + method + "'", member.offset);
}

CValue Evaluator::callQuery(const Node& call, const std::string& method, Query q, std::vector<CValue>& args,
                            bool fromModel) {
  Args a{call, method, args, columnChecker(q.meta())};
  const std::size_t at = call.target->offset;
  auto group = [&](WhereGroup& g, const CValue& fn) {
    const Node& lambda = *fn.as<Lambda>()->node;
    if (++lambdaDepth_ > kMaxDepth) throw EvalError("where-groups nested too deeply", lambda.offset);
    auto saved = vars_.count(lambda.text) ? std::optional<CValue>(vars_[lambda.text]) : std::nullopt;
    vars_[lambda.text] = GroupRef{&g, &q.meta()};
    struct Restore {
      std::map<std::string, CValue>& vars;
      const std::string& name;
      std::optional<CValue>& saved;
      int& depth;
      ~Restore() {
        if (saved) vars[name] = *saved;
        else vars.erase(name);
        --depth;
      }
    } restore{vars_, lambda.text, saved, lambdaDepth_};
    eval(*lambda.target);
  };
  auto chained = [&]() -> CValue { return QueryRef{std::make_shared<const Query>(std::move(q))}; };
  if (applyWhere(q, a, group)) return chained();

  if (method == "orderBy") {
    a.arity(1, 2, "(column) or (column, 'asc'|'desc')");
    const std::string column = a.column(0);
    const std::string dir = a.size() > 1 ? a.text(1, "direction") : "asc";
    try {
      q.orderBy(column, dir);
    } catch (const UsageError& e) {
      throw EvalError(e.what(), a.offsetOf(1));
    }
    return chained();
  }
  if (method == "orderByDesc" || method == "latest" || method == "oldest") {
    a.arity(method == "orderByDesc" ? 1 : 0, 1, "(column)");
    const std::string& createdAt = q.meta().createdAtColumn;  // "" on a table without one
    const std::string column = a.size() ? a.column(0) : createdAt.empty() ? std::string("created_at") : createdAt;
    q.orderBy(column, method == "oldest" ? "asc" : "desc");
    return chained();
  }
  if (method == "limit" || method == "offset") {
    a.arity(1, 1, "(n)");
    const std::int64_t n = a.integer(0, "count");
    if (n < 0) throw EvalError(method + "() must not be negative", a.offsetOf(0));
    if (method == "limit") q.limit(n);
    else q.offset(n);
    return chained();
  }
  if (method == "select") {
    std::vector<std::string> columns = a.names("column");
    for (const auto& c : columns) a.checkColumn(c, a.offsetOf(0));
    q.select(std::move(columns));
    return chained();
  }
  if (method == "with") {
    for (const std::string& path : a.names("relation")) {
      // Check the path now, so the caret points at with() rather than at the terminal.
      const ModelMeta* meta = &q.meta();
      std::size_t start = 0;
      while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const RelationDef* def = meta->relations.find(part);
        if (!def) {
          std::string message = "unknown relation '" + part + "' on " + meta->displayName();
          const auto names = meta->relations.names();
          if (auto hint = closestMatch(part, names); !hint.empty()) message += "; did you mean '" + hint + "'?";
          else if (names.empty()) message += "; it has no relations";
          else {
            std::string list;
            for (auto& s : names) list += (list.empty() ? "" : ", ") + s;
            message += "; its relations: " + list;
          }
          throw EvalError(message, a.offsetOf(0));
        }
        meta = def->related;
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      q.with(path);
    }
    return chained();
  }
  if (method == "withTrashed" || method == "onlyTrashed") {
    if (method == "withTrashed") a.arity(0, 1, "no arguments or (true|false)");
    else a.arity(0, 0, "no arguments");
    bool with = true;
    if (a.size() == 1) {
      const Bool* b = a.values[0].as<Bool>();
      if (!b) throw EvalError("withTrashed(): expected true or false, got a " + typeName(a.values[0]), a.offsetOf(0));
      with = b->value;
    }
    if (!q.meta().softDeletes)
      throw EvalError(q.meta().displayName() + " has no soft deletes (no " + q.meta().deletedAtColumn + " column)", at);
    if (method == "withTrashed") q.withTrashed(with);
    else q.onlyTrashed();
    return chained();
  }
  if (method == "all" || method == "get") {
    a.arity(0, 0, "no arguments");
    return Stream{std::make_shared<const Query>(std::move(q))};
  }
  if (method == "first" || method == "firstOrFail") {
    a.arity(0, 0, "no arguments");
    if (method == "firstOrFail") return RecordRef{std::make_shared<Record>(q.firstOrFail())};
    auto r = q.first();
    if (!r) return Value();
    return RecordRef{std::make_shared<Record>(std::move(*r))};
  }
  if (method == "find" || method == "findOrFail") {
    a.arity(1, 1, "(key) or ([keys])");
    if (a.values[0].is<List>()) {  // find([1, 2, 3]): the rows found; findOrFail: all of them or an error
      const std::vector<Value> keys = a.list(0);
      std::vector<CValue> items;
      for (Record& r : method == "find" ? q.find(keys) : q.findOrFail(keys))
        items.emplace_back(RecordRef{std::make_shared<Record>(std::move(r))});
      return makeList(std::move(items));
    }
    const Value key = a.scalar(0);
    if (method == "findOrFail") return RecordRef{std::make_shared<Record>(q.findOrFail(key))};
    auto r = q.find(key);
    if (!r) return Value();
    return RecordRef{std::make_shared<Record>(std::move(*r))};
  }
  if (method == "count") {
    a.arity(0, 0, "no arguments");
    return Value(static_cast<long long>(q.count()));
  }
  if (method == "exists") {
    a.arity(0, 0, "no arguments");
    return Bool{q.exists()};
  }
  if (method == "paginate") {
    a.arity(0, 2, "(page, perPage)");
    const std::int64_t page = a.size() > 0 ? a.integer(0, "page") : 1;
    const std::int64_t perPage = a.size() > 1 ? a.integer(1, "perPage") : 15;
    if (page < 1) throw EvalError("paginate(): page must be at least 1", a.offsetOf(0));
    if (perPage < 1) throw EvalError("paginate(): perPage must be at least 1", a.offsetOf(1));
    return PageRef{std::make_shared<Page<Record>>(q.paginate(page, perPage))};
  }
  if (method == "pluck") {
    a.arity(1, 2, "(column) or (column, keyColumn)");
    const std::string column = a.column(0);
    if (a.size() == 2) {  // pluck('email', 'id'): {1: 'a@x.io', ...}, as Laravel's keyed pluck
      const std::string keyColumn = a.column(1);
      auto fields = std::make_shared<std::vector<std::pair<std::string, CValue>>>();
      for (auto& [k, v] : q.pluck(column, keyColumn)) fields->emplace_back(k.toString(), std::move(v));
      return Object{std::move(fields)};
    }
    std::vector<CValue> items;
    for (Value& v : q.pluck(column)) items.emplace_back(std::move(v));
    return makeList(std::move(items), column);
  }
  if (method == "update") {
    a.arity(1, 1, "an object of column: value");
    const Fields f = a.fields(0);
    if (f.empty()) throw EvalError("update() needs at least one column", a.offsetOf(0));
    if (f.size() > kMaxBulkColumns)
      throw EvalError("update() takes at most " + std::to_string(kMaxBulkColumns) + " columns at once", a.offsetOf(0));
    return Value(static_cast<long long>(kUpdaters[f.size() - 1](q, f)));
  }
  if (method == "delete" || method == "forceDelete" || method == "restore") {
    a.arity(0, 0, "no arguments");
    if (fromModel && q.spec().wheres.empty() && method != "restore")
      throw EvalError(method + "() on a whole model would remove every row; add a where() first (or use .sql)", at);
    if (method == "restore" && !q.meta().softDeletes)
      throw EvalError(q.meta().displayName() + " has no soft deletes to restore", at);
    const std::int64_t n = method == "delete" ? q.remove() : method == "forceDelete" ? q.forceDelete() : q.restore();
    return Value(static_cast<long long>(n));
  }
  if (method == "toSql") {
    a.arity(0, 0, "no arguments");
    CompiledSql sql = q.toSql();
    std::string out = sql.sql;
    if (!sql.bindings.empty()) {
      out += "  -- bindings: ";
      for (std::size_t i = 0; i < sql.bindings.size(); ++i) out += (i ? ", " : "") + sql.bindings[i].toSqlLiteral();
    }
    return Value(out);
  }
  std::vector<std::string> candidates = fromModel ? modelMembers() : queryMethods();
  std::string message = "unknown method '" + method + "' on " + (fromModel ? q.meta().displayName() : std::string("query"));
  if (auto hint = closestMatch(method, candidates); !hint.empty()) message += "; did you mean '" + hint + "'?";
  else message += " (try .help)";
  throw EvalError(message, at);
}

CValue Evaluator::callRecord(const Node& call, const std::string& method, const std::shared_ptr<Record>& r,
                             std::vector<CValue>& args) {
  Args a{call, method, args};
  if (method == "save") {
    a.arity(0, 0, "no arguments");
    r->save();
    return Bool{true};
  }
  if (method == "delete") {
    a.arity(0, 0, "no arguments");
    r->remove();
    return Bool{true};
  }
  if (method == "forceDelete") {
    a.arity(0, 0, "no arguments");
    r->forceDelete();
    return Bool{true};
  }
  if (method == "restore") {
    a.arity(0, 0, "no arguments");
    if (!r->meta().softDeletes)
      throw EvalError(r->meta().displayName() + " has no soft deletes to restore", call.target->offset);
    r->restore();
    return Bool{true};
  }
  if (method == "refresh") {
    a.arity(0, 0, "no arguments");
    r->refresh();
    return RecordRef{r};
  }
  if (method == "update" || method == "fill") {
    a.arity(1, 1, "an object of attributes");
    for (auto& [k, v] : a.fields(0)) r->attributes[k] = v;
    if (method == "fill") return RecordRef{r};
    r->save();
    return Bool{true};
  }
  if (method == "trashed") {
    a.arity(0, 0, "no arguments");
    return Bool{r->trashed()};
  }
  if (method == "exists") {
    a.arity(0, 0, "no arguments");
    return Bool{r->exists()};
  }
  if (method == "isDirty") {
    a.arity(0, 1, "() or (column)");
    return Bool{a.size() ? r->attributes.isDirty(a.text(0, "column")) : r->attributes.isDirty()};
  }
  if (method == "getDirty") {
    a.arity(0, 0, "no arguments");
    auto fields = std::make_shared<std::vector<std::pair<std::string, CValue>>>();
    for (auto& k : r->attributes.dirtyKeys()) fields->emplace_back(k, r->attributes[std::string_view(k)]);
    return Object{std::move(fields)};
  }
  if (method == "toJSON") {
    a.arity(0, 0, "no arguments");
    return RecordRef{r};
  }
  if (method == "load") {
    for (const std::string& name : a.names("relation")) {
      const RelationDef* def = r->meta().relations.find(name);
      if (!def) {
        std::string message = "unknown relation '" + name + "' on " + r->meta().displayName();
        if (auto hint = closestMatch(name, r->meta().relations.names()); !hint.empty()) message += "; did you mean '" + hint + "'?";
        throw EvalError(message, a.offsetOf(0));
      }
      Record* one = r.get();
      eagerLoad(r->meta(), *def, std::span<Record* const>(&one, 1), r->connection());
    }
    return RecordRef{r};
  }
  std::vector<std::string> candidates = recordMethods();
  std::string message = "unknown method '" + method + "' on a " + r->meta().displayName() + " record";
  if (auto hint = closestMatch(method, candidates); !hint.empty()) message += "; did you mean '" + hint + "'?";
  throw EvalError(message, call.target->offset);
}

CValue Evaluator::callRelation(const Node& call, const std::string& method, const RelationRef& rel,
                               std::vector<CValue>& args) {
  Args a{call, method, args};
  const ModelMeta& parent = *rel.parent;
  const std::string expect = "a " + parent.displayName() + " record";
  if (method == "load") {
    a.arity(1, 1, "(record)");
    const RecordRef* r = args[0].as<RecordRef>();
    if (!r) {
      const Value* v = args[0].as<Value>();
      throw EvalError("load() needs " + expect + "; got " + typeName(args[0]) +
                          (v && v->isNull() ? " (the lookup found no row)" : ""),
                      a.offsetOf(0));
    }
    if (&r->record->meta() != &parent)
      throw EvalError("load() needs " + expect + "; got a " + r->record->meta().displayName() + " record", a.offsetOf(0));
    Record* one = r->record.get();
    eagerLoad(parent, *rel.def, std::span<Record* const>(&one, 1), r->record->connection());
    return relationOf(r->record, *rel.def, call.target->offset);
  }
  if (method == "loadMany") {
    a.arity(1, 1, "(records)");
    const List* l = args[0].as<List>();
    if (!l) throw EvalError("loadMany() needs a list of " + parent.displayName() + " records", a.offsetOf(0));
    std::vector<Record*> parents;
    for (const CValue& item : *l->items) {
      const RecordRef* r = item.as<RecordRef>();
      if (!r || &r->record->meta() != &parent)
        throw EvalError("loadMany() needs a list of " + parent.displayName() + " records; it holds a " + typeName(item),
                        a.offsetOf(0));
      parents.push_back(r->record.get());
    }
    if (!parents.empty()) eagerLoad(parent, *rel.def, parents, conn_);
    // What was loaded, in parent order: the related records of every parent.
    std::vector<CValue> items;
    for (Record* p : parents)
      for (const Record& x : p->related(rel.def->name)) items.emplace_back(RecordRef{std::make_shared<Record>(x)});
    return makeList(std::move(items));
  }
  std::string message = "unknown method '" + method + "' on relation " + parent.displayName() + "." + rel.def->name;
  if (auto hint = closestMatch(method, {"load", "loadMany"}); !hint.empty()) message += "; did you mean '" + hint + "'?";
  else message += "; a relation has load(record) and loadMany(records)";
  throw EvalError(message, call.target->offset);
}

CValue Evaluator::assign(const Node& n) {
  const Node& lhs = *n.target;
  CValue value = materialize(eval(*n.items[0]));
  if (value.is<Lambda>() || value.is<GroupRef>())
    throw EvalError("a function can only be passed to where() or orWhere()", n.items[0]->offset);
  auto toValue = [&](const CValue& v) -> Value {
    if (auto* x = v.as<Value>()) return *x;
    if (auto* b = v.as<Bool>()) return Value(b->value);
    if (auto* r = v.as<RecordRef>()) return r->record->key();
    throw EvalError("an attribute holds a value (string, number, true/false, null), not a " + typeName(v),
                    n.items[0]->offset);
  };
  if (lhs.kind == Node::Kind::Identifier) {
    if (!vars_.count(lhs.text) && std::isupper(static_cast<unsigned char>(lhs.text[0])) && catalog().find(lhs.text))
      throw EvalError("'" + lhs.text + "' is a model and cannot be assigned", lhs.offset);
    vars_[lhs.text] = value;
    return value;
  }
  CValue target = materialize(eval(*lhs.target));
  std::string key;
  if (lhs.kind == Node::Kind::Member) {
    key = lhs.text;
  } else {
    CValue k = eval(*lhs.items[0]);
    const Value* kv = k.as<Value>();
    if (!kv || !kv->isText()) throw EvalError("expected a string key", lhs.items[0]->offset);
    key = *kv->textIf();
  }
  std::shared_ptr<Record> record;
  if (auto* a = target.as<AttributesRef>()) record = a->record;
  else if (auto* r = target.as<RecordRef>(); r && r->record->attributes.has(key)) record = r->record;
  if (record) {
    if (!isValidIdentifier(key) || key.find('.') != std::string::npos)
      throw EvalError("'" + key + "' is not a column name", lhs.offset);
    record->attributes[key] = toValue(value);
    return value;
  }
  if (auto* o = target.as<Object>()) {
    for (auto& [k, v] : *o->fields)
      if (k == key) return v = value;
    o->fields->emplace_back(key, value);
    return value;
  }
  if (target.is<RecordRef>())
    throw EvalError("set attributes through .attributes: " + describe(*lhs.target) + ".attributes." + key + " = …",
                    lhs.offset);
  throw EvalError("cannot assign to a member of a " + typeName(target), lhs.offset);
}

}  // namespace roost::console
