#include "console/methods.hpp"

#include <algorithm>

#include "console/evaluator.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace roost::console {

namespace {

std::string plural(std::size_t n, const std::string& one) { return std::to_string(n) + " " + one + (n == 1 ? "" : "s"); }

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& s : names) list += (list.empty() ? "" : ", ") + s;
  return list;
}

CValue recordValue(Record r) { return RecordRef{std::make_shared<Record>(std::move(r))}; }

CValue recordList(std::vector<Record> records) {
  std::vector<CValue> items;
  for (Record& r : records) items.emplace_back(recordValue(std::move(r)));
  return makeList(std::move(items));
}

// ---- the where-family (queries and where-groups) ----

CValue where(Call& c) {
  const Args& a = c.a;
  const bool orJoin = a.method.rfind("or", 0) == 0;
  if (a.size() == 1 && a.values[0].is<Lambda>()) {
    c.where([&](auto& b) {
      if (orJoin) b.orWhere([&](WhereGroup& g) { c.runGroup(g, a.values[0]); });
      else b.where([&](WhereGroup& g) { c.runGroup(g, a.values[0]); });
    });
    return c.chained();
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
    c.where([&](auto& b) {
      if (orJoin) b.orWhere(add);
      else b.where(add);
    });
    return c.chained();
  }
  a.arity(2, 3);
  const std::string column = a.column(0);
  if (a.size() == 2) {
    const Value value = a.scalar(1);
    c.where([&](auto& b) {
      if (orJoin) b.orWhere(column, value);
      else b.where(column, value);
    });
    return c.chained();
  }
  const std::string op = a.text(1, "operator");
  const Value value = a.scalar(2);
  try {
    c.where([&](auto& b) {
      if (orJoin) b.orWhere(column, op, value);
      else b.where(column, op, value);
    });
  } catch (const UsageError& e) {
    throw EvalError(e.what(), a.offsetOf(1));
  }
  return c.chained();
}

template <auto Apply>
CValue whereList(Call& c) {
  const std::string column = c.a.column(0);
  std::vector<Value> values = c.a.list(1);
  c.where([&](auto& b) { Apply(b, column, std::move(values)); });
  return c.chained();
}

template <auto Apply>
CValue whereColumn(Call& c) {
  const std::string column = c.a.column(0);
  c.where([&](auto& b) { Apply(b, column); });
  return c.chained();
}

// ---- query builders ----

CValue orderBy(Call& c) {
  const std::string column = c.a.column(0);
  const std::string dir = c.a.size() > 1 ? c.a.text(1, "direction") : "asc";
  try {
    c.query->orderBy(column, dir);
  } catch (const UsageError& e) {
    throw EvalError(e.what(), c.a.offsetOf(1));
  }
  return c.chained();
}

// orderByDesc(column), latest([column]), oldest([column]): the created-at column by default.
CValue orderByTime(Call& c) {
  const std::string& createdAt = c.query->meta().createdAtColumn;  // "" on a table without one
  const std::string column = c.a.size() ? c.a.column(0) : createdAt.empty() ? std::string("created_at") : createdAt;
  c.query->orderBy(column, c.a.method == "oldest" ? "asc" : "desc");
  return c.chained();
}

CValue limitOrOffset(Call& c) {
  const std::int64_t n = c.a.integer(0, "count");
  if (n < 0) throw EvalError(c.a.method + "() must not be negative", c.a.offsetOf(0));
  if (c.a.method == "limit") c.query->limit(n);
  else c.query->offset(n);
  return c.chained();
}

CValue select(Call& c) {
  std::vector<std::string> columns = c.a.names("column");
  for (const auto& col : columns) c.a.checkColumn(col, c.a.offsetOf(0));
  c.query->select(std::move(columns));
  return c.chained();
}

CValue with(Call& c) {
  for (const std::string& path : c.a.names("relation")) {
    // Check the path now, so the caret points at with() rather than at the terminal.
    const ModelMeta* meta = &c.query->meta();
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
        else message += "; its relations: " + joined(names);
        throw EvalError(message, c.a.offsetOf(0));
      }
      meta = def->related;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    c.query->with(path);
  }
  return c.chained();
}

CValue trashed(Call& c) {
  const Args& a = c.a;
  bool with = true;
  if (a.size() == 1) {
    const Bool* b = a.values[0].as<Bool>();
    if (!b) throw EvalError("withTrashed(): expected true or false, got a " + typeName(a.values[0]), a.offsetOf(0));
    with = b->value;
  }
  const ModelMeta& meta = c.query->meta();
  if (!meta.softDeletes)
    throw EvalError(meta.displayName() + " has no soft deletes (no " + meta.deletedAtColumn + " column)", c.at);
  if (a.method == "withTrashed") c.query->withTrashed(with);
  else c.query->onlyTrashed();
  return c.chained();
}

// ---- query terminals ----

CValue all(Call& c) { return Stream{std::make_shared<const Query>(std::move(*c.query))}; }

CValue first(Call& c) {
  if (c.a.method == "firstOrFail") return recordValue(c.query->firstOrFail());
  auto r = c.query->first();
  return r ? recordValue(std::move(*r)) : CValue(Value());
}

CValue find(Call& c) {
  const bool orFail = c.a.method == "findOrFail";
  if (c.a.values[0].is<List>()) {  // find([1, 2, 3]): the rows found; findOrFail: all of them or an error
    const std::vector<Value> keys = c.a.list(0);
    return recordList(orFail ? c.query->findOrFail(keys) : c.query->find(keys));
  }
  const Value key = c.a.scalar(0);
  if (orFail) return recordValue(c.query->findOrFail(key));
  auto r = c.query->find(key);
  return r ? recordValue(std::move(*r)) : CValue(Value());
}

CValue count(Call& c) { return Value(static_cast<long long>(c.query->count())); }
CValue exists(Call& c) { return Bool{c.query->exists()}; }

CValue paginate(Call& c) {
  const std::int64_t page = c.a.size() > 0 ? c.a.integer(0, "page") : 1;
  const std::int64_t perPage = c.a.size() > 1 ? c.a.integer(1, "perPage") : 15;
  if (page < 1) throw EvalError("paginate(): page must be at least 1", c.a.offsetOf(0));
  if (perPage < 1) throw EvalError("paginate(): perPage must be at least 1", c.a.offsetOf(1));
  return PageRef{std::make_shared<Page<Record>>(c.query->paginate(page, perPage))};
}

CValue pluck(Call& c) {
  const std::string column = c.a.column(0);
  if (c.a.size() == 2) {  // pluck('email', 'id'): {1: 'a@x.io', ...}, as Laravel's keyed pluck
    const std::string keyColumn = c.a.column(1);
    auto fields = std::make_shared<std::vector<std::pair<std::string, CValue>>>();
    for (auto& [k, v] : c.query->pluck(column, keyColumn)) fields->emplace_back(k.toString(), std::move(v));
    return Object{std::move(fields)};
  }
  std::vector<CValue> items;
  for (Value& v : c.query->pluck(column)) items.emplace_back(std::move(v));
  return makeList(std::move(items), column);
}

CValue update(Call& c) {
  const Fields f = c.a.fields(0);
  if (f.empty()) throw EvalError("update() needs at least one column", c.a.offsetOf(0));
  return Value(static_cast<long long>(c.query->update(f)));
}

CValue remove(Call& c) {
  const std::string& m = c.a.method;
  const ModelMeta& meta = c.query->meta();
  if (c.fromModel && c.query->spec().wheres.empty() && m != "restore")
    throw EvalError(m + "() on a whole model would remove every row; add a where() first (or use .sql)", c.at);
  if (m == "restore" && !meta.softDeletes) throw EvalError(meta.displayName() + " has no soft deletes to restore", c.at);
  const std::int64_t n = m == "delete" ? c.query->remove() : m == "forceDelete" ? c.query->forceDelete() : c.query->restore();
  return Value(static_cast<long long>(n));
}

CValue toSql(Call& c) {
  CompiledSql sql = c.query->toSql();
  std::string out = sql.sql;
  if (!sql.bindings.empty()) {
    out += "  -- bindings: ";
    for (std::size_t i = 0; i < sql.bindings.size(); ++i) out += (i ? ", " : "") + sql.bindings[i].toSqlLiteral();
  }
  return Value(out);
}

// ---- model ----

CValue create(Call& c) {
  auto r = std::make_shared<Record>(*c.model, &c.connection);
  for (auto& [k, v] : c.a.fields(0)) r->attributes[k] = v;
  r->save();
  return RecordRef{r};
}

CValue query(Call& c) { return QueryRef{std::make_shared<Query>(*c.model, c.connection)}; }

// ---- record ----

CValue recordWrite(Call& c) {
  const std::string& m = c.a.method;
  Record& r = *c.record;
  if (m == "save") r.save();
  else if (m == "delete") r.remove();
  else if (m == "forceDelete") r.forceDelete();
  else {
    if (!r.meta().softDeletes) throw EvalError(r.meta().displayName() + " has no soft deletes to restore", c.at);
    r.restore();
  }
  return Bool{true};
}

CValue refresh(Call& c) {
  c.record->refresh();
  return RecordRef{c.record};
}

CValue fill(Call& c) {
  for (auto& [k, v] : c.a.fields(0)) c.record->attributes[k] = v;
  if (c.a.method == "fill") return RecordRef{c.record};
  c.record->save();
  return Bool{true};
}

CValue recordTrashed(Call& c) { return Bool{c.record->trashed()}; }
CValue recordExists(Call& c) { return Bool{c.record->exists()}; }

CValue isDirty(Call& c) {
  return Bool{c.a.size() ? c.record->attributes.isDirty(c.a.text(0, "column")) : c.record->attributes.isDirty()};
}

CValue getDirty(Call& c) {
  auto fields = std::make_shared<std::vector<std::pair<std::string, CValue>>>();
  for (auto& k : c.record->attributes.dirtyKeys()) fields->emplace_back(k, c.record->attributes[std::string_view(k)]);
  return Object{std::move(fields)};
}

CValue toJson(Call& c) { return RecordRef{c.record}; }

CValue recordLoad(Call& c) {
  Record& r = *c.record;
  for (const std::string& name : c.a.names("relation")) {
    const RelationDef* def = r.meta().relations.find(name);
    if (!def) {
      std::string message = "unknown relation '" + name + "' on " + r.meta().displayName();
      if (auto hint = closestMatch(name, r.meta().relations.names()); !hint.empty()) message += "; did you mean '" + hint + "'?";
      throw EvalError(message, c.a.offsetOf(0));
    }
    Record* one = &r;
    eagerLoad(r.meta(), *def, std::span<Record* const>(&one, 1), r.connection());
  }
  return RecordRef{c.record};
}

// ---- relation ----

CValue relationLoad(Call& c) {
  const ModelMeta& parent = *c.relation->parent;
  const std::string expect = "a " + parent.displayName() + " record";
  const CValue& arg = c.a.values[0];
  const RecordRef* r = arg.as<RecordRef>();
  if (!r) {
    const Value* v = arg.as<Value>();
    throw EvalError("load() needs " + expect + "; got " + typeName(arg) + (v && v->isNull() ? " (the lookup found no row)" : ""),
                    c.a.offsetOf(0));
  }
  if (&r->record->meta() != &parent)
    throw EvalError("load() needs " + expect + "; got a " + r->record->meta().displayName() + " record", c.a.offsetOf(0));
  Record* one = r->record.get();
  eagerLoad(parent, *c.relation->def, std::span<Record* const>(&one, 1), r->record->connection());
  return relatedValue(r->record, *c.relation->def, c.at);
}

CValue relationLoadMany(Call& c) {
  const ModelMeta& parent = *c.relation->parent;
  const List* l = c.a.values[0].as<List>();
  if (!l) throw EvalError("loadMany() needs a list of " + parent.displayName() + " records", c.a.offsetOf(0));
  std::vector<Record*> parents;
  for (const CValue& item : *l->items) {
    const RecordRef* r = item.as<RecordRef>();
    if (!r || &r->record->meta() != &parent)
      throw EvalError("loadMany() needs a list of " + parent.displayName() + " records; it holds a " + typeName(item),
                      c.a.offsetOf(0));
    parents.push_back(r->record.get());
  }
  if (!parents.empty()) eagerLoad(parent, *c.relation->def, parents, c.connection);
  // What was loaded, in parent order: the related records of every parent.
  std::vector<CValue> items;
  for (Record* p : parents)
    for (const Record& x : p->related(c.relation->def->name)) items.emplace_back(RecordRef{std::make_shared<Record>(x)});
  return makeList(std::move(items));
}

constexpr const char* kNoArgs = "no arguments";

// clang-format off
const std::vector<Method> kQuery = {
  {"where", 1, 3, "(column, value), (column, operator, value), an object of column: value, or a function q => …",
   {Arg::Where, Arg::Operator, Arg::Value}, Result::Query, true, where},
  {"orWhere", 1, 3, "(column, value), (column, operator, value), an object of column: value, or a function q => …",
   {Arg::Where, Arg::Operator, Arg::Value}, Result::Query, true, where},
  {"whereIn", 2, 2, "(column, [values])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.whereIn(col, std::move(v)); }>},
  {"whereNotIn", 2, 2, "(column, [values])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.whereNotIn(col, std::move(v)); }>},
  {"orWhereIn", 2, 2, "(column, [values])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.orWhereIn(col, std::move(v)); }>},
  {"orWhereNotIn", 2, 2, "(column, [values])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.orWhereNotIn(col, std::move(v)); }>},
  {"whereBetween", 2, 2, "(column, [low, high])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.whereBetween(col, std::move(v)); }>},
  {"whereNotBetween", 2, 2, "(column, [low, high])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.whereNotBetween(col, std::move(v)); }>},
  {"orWhereBetween", 2, 2, "(column, [low, high])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.orWhereBetween(col, std::move(v)); }>},
  {"orWhereNotBetween", 2, 2, "(column, [low, high])", {Arg::Column, Arg::Values}, Result::Query, true,
   whereList<[](auto& b, const std::string& col, std::vector<Value> v) { b.orWhereNotBetween(col, std::move(v)); }>},
  {"whereNull", 1, 1, "(column)", {Arg::Column}, Result::Query, true,
   whereColumn<[](auto& b, const std::string& col) { b.whereNull(col); }>},
  {"whereNotNull", 1, 1, "(column)", {Arg::Column}, Result::Query, true,
   whereColumn<[](auto& b, const std::string& col) { b.whereNotNull(col); }>},
  {"orWhereNull", 1, 1, "(column)", {Arg::Column}, Result::Query, true,
   whereColumn<[](auto& b, const std::string& col) { b.orWhereNull(col); }>},
  {"orWhereNotNull", 1, 1, "(column)", {Arg::Column}, Result::Query, true,
   whereColumn<[](auto& b, const std::string& col) { b.orWhereNotNull(col); }>},
  {"orderBy", 1, 2, "(column) or (column, 'asc'|'desc')", {Arg::Column, Arg::Text}, Result::Query, false, orderBy},
  {"orderByDesc", 1, 1, "(column)", {Arg::Column}, Result::Query, false, orderByTime},
  {"latest", 0, 1, "(column)", {Arg::Column}, Result::Query, false, orderByTime},
  {"oldest", 0, 1, "(column)", {Arg::Column}, Result::Query, false, orderByTime},
  {"limit", 1, 1, "(n)", {Arg::Integer}, Result::Query, false, limitOrOffset},
  {"offset", 1, 1, "(n)", {Arg::Integer}, Result::Query, false, limitOrOffset},
  {"select", 0, kAnyCount, "", {Arg::Columns}, Result::Query, false, select},
  {"with", 0, kAnyCount, "", {Arg::Relations}, Result::Query, false, with},
  {"withTrashed", 0, 1, "no arguments or (true|false)", {Arg::Bool}, Result::Query, false, trashed},
  {"onlyTrashed", 0, 0, kNoArgs, {}, Result::Query, false, trashed},
  {"all", 0, 0, kNoArgs, {}, Result::Records, false, all},
  {"get", 0, 0, kNoArgs, {}, Result::Records, false, all},
  {"first", 0, 0, kNoArgs, {}, Result::Record, false, first},
  {"firstOrFail", 0, 0, kNoArgs, {}, Result::Record, false, first},
  {"find", 1, 1, "(key) or ([keys])", {Arg::Key}, Result::Record, false, find},
  {"findOrFail", 1, 1, "(key) or ([keys])", {Arg::Key}, Result::Record, false, find},
  {"count", 0, 0, kNoArgs, {}, Result::Value, false, count},
  {"exists", 0, 0, kNoArgs, {}, Result::Value, false, exists},
  {"paginate", 0, 2, "(page, perPage)", {Arg::Integer, Arg::Integer}, Result::Page, false, paginate},
  {"pluck", 1, 2, "(column) or (column, keyColumn)", {Arg::Column, Arg::Column}, Result::List, false, pluck},
  {"update", 1, 1, "an object of column: value", {Arg::Attributes}, Result::Value, false, update},
  {"delete", 0, 0, kNoArgs, {}, Result::Value, false, remove},
  {"forceDelete", 0, 0, kNoArgs, {}, Result::Value, false, remove},
  {"restore", 0, 0, kNoArgs, {}, Result::Value, false, remove},
  {"toSql", 0, 0, kNoArgs, {}, Result::Value, false, toSql},
};

const std::vector<Method> kModel = {
  {"create", 1, 1, "an object of attributes, as in create({title: 'x'})", {Arg::Attributes}, Result::Record, false, create},
  {"query", 0, 0, kNoArgs, {}, Result::Query, false, query},
};

const std::vector<Method> kRecord = {
  {"save", 0, 0, kNoArgs, {}, Result::Value, false, recordWrite},
  {"delete", 0, 0, kNoArgs, {}, Result::Value, false, recordWrite},
  {"forceDelete", 0, 0, kNoArgs, {}, Result::Value, false, recordWrite},
  {"restore", 0, 0, kNoArgs, {}, Result::Value, false, recordWrite},
  {"refresh", 0, 0, kNoArgs, {}, Result::Record, false, refresh},
  {"update", 1, 1, "an object of attributes", {Arg::Attributes}, Result::Value, false, fill},
  {"fill", 1, 1, "an object of attributes", {Arg::Attributes}, Result::Record, false, fill},
  {"trashed", 0, 0, kNoArgs, {}, Result::Value, false, recordTrashed},
  {"isDirty", 0, 1, "() or (column)", {Arg::Column}, Result::Value, false, isDirty},
  {"getDirty", 0, 0, kNoArgs, {}, Result::Object, false, getDirty},
  {"exists", 0, 0, kNoArgs, {}, Result::Value, false, recordExists},
  {"toJSON", 0, 0, kNoArgs, {}, Result::Record, false, toJson},
  {"load", 0, kAnyCount, "", {Arg::Relations}, Result::Record, false, recordLoad},
};

const std::vector<Method> kRelation = {
  {"load", 1, 1, "(record)", {Arg::Record}, Result::Record, false, relationLoad},
  {"loadMany", 1, 1, "(records)", {Arg::Records}, Result::Records, false, relationLoadMany},
};
// clang-format on

}  // namespace

// ---- Args ----

void Args::arity(std::size_t min, std::size_t max, std::string_view usageText) const {
  if (values.size() < min || values.size() > max)
    throw EvalError(method + "() takes " + std::string(usageText) + "; got " + plural(values.size(), "argument"),
                    values.size() > max ? offsetOf(max) : call.offset);
}

Value Args::scalar(std::size_t i) const {
  const CValue& v = values[i];
  if (auto* x = v.as<Value>()) return *x;
  if (auto* b = v.as<Bool>()) return Value(b->value);
  if (auto* r = v.as<RecordRef>()) return r->record->key();
  throw EvalError(method + "(): expected a value (string, number, true/false, null), got a " + typeName(v), offsetOf(i));
}

std::string Args::text(std::size_t i, const char* what) const {
  const Value* x = values[i].as<Value>();
  if (!x || !x->isText()) throw EvalError(method + "(): the " + what + " must be a string", offsetOf(i));
  return *x->textIf();
}

std::string Args::column(std::size_t i) const {
  std::string c = text(i, "column");
  if (checkColumn) checkColumn(c, offsetOf(i));
  return c;
}

std::int64_t Args::integer(std::size_t i, const char* what) const {
  const Value* x = values[i].as<Value>();
  if (!x || !x->isInteger()) throw EvalError(method + "(): the " + what + " must be an integer", offsetOf(i));
  return *x->intIf();
}

std::vector<Value> Args::list(std::size_t i) const {
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

Fields Args::fields(std::size_t i) const {
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

std::vector<std::string> Args::names(const char* what) const {
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

CValue relatedValue(const std::shared_ptr<Record>& r, const RelationDef& def, std::size_t offset) {
  try {
    if (!r->relationLoaded(def.name)) {
      Record* one = r.get();
      eagerLoad(r->meta(), def, std::span<Record* const>(&one, 1), r->connection());
    }
    const auto& attached = r->related(def.name);
    if (!isToMany(def.kind)) {
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

// ---- the tables ----

const std::vector<Method>& methodsOf(Receiver receiver) {
  switch (receiver) {
    case Receiver::Model: return kModel;
    case Receiver::Query: return kQuery;
    case Receiver::Record: return kRecord;
    case Receiver::Relation: return kRelation;
  }
  return kQuery;
}

const Method* findMethod(Receiver receiver, std::string_view name) {
  for (const Method& m : methodsOf(receiver))
    if (m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> methodNames(Receiver receiver, bool inGroupOnly) {
  std::vector<std::string> out;
  for (const Method& m : methodsOf(receiver))
    if (!inGroupOnly || m.inGroup) out.emplace_back(m.name);
  return out;
}

std::vector<std::string> memberNames(Receiver receiver) {
  std::vector<std::string> out;
  switch (receiver) {
    case Receiver::Model:
      out = methodNames(Receiver::Query);
      for (auto& n : methodNames(Receiver::Model)) out.push_back(n);
      for (const char* s : {"tableName", "primaryKey", "timestamps", "softDeletes", "tenantColumn"}) out.emplace_back(s);
      return out;
    case Receiver::Record:
      out = {"attributes"};
      for (auto& n : methodNames(Receiver::Record)) out.push_back(n);
      return out;
    default: return methodNames(receiver);
  }
}

bool takesFunction(Receiver receiver, std::string_view name) {
  const Method* m = findMethod(receiver, name);
  return m && std::find(m->args.begin(), m->args.end(), Arg::Where) != m->args.end();
}

std::string functionTakers() {
  std::string out;
  std::vector<std::string> names;
  for (const Method& m : kQuery)
    if (std::find(m.args.begin(), m.args.end(), Arg::Where) != m.args.end()) names.emplace_back(m.name);
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i] + "()";
  return out;
}

std::string methodsHelp() {
  std::string out = "Query methods:";
  std::size_t width = out.size();
  auto add = [&](std::string_view word) {
    if (width + 1 + word.size() > 92) {
      out += "\n ";
      width = 1;
    }
    out += ' ';
    out += word;
    width += 1 + word.size();
  };
  bool terminals = false;
  for (const Method& m : kQuery) {
    if (m.result != Result::Query && !terminals) {
      terminals = true;
      out += ';';
      add("terminals");
    }
    add(m.name);
  }
  out += '.';
  return out;
}

}  // namespace roost::console
