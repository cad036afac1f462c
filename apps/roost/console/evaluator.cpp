#include "console/evaluator.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "console/methods.hpp"
#include "project/naming.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost::console {

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
    const auto methods = memberNames(Receiver::Model);
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
    if (auto* def = rec.meta().relations.find(name)) return relatedValue(r->record, *def, n.offset);
    if (rec.attributes.has(name)) return rec.attributes[name];
    if (name == "exists") return Bool{rec.exists()};
    const auto methods = memberNames(Receiver::Record);
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
    if (name == "type") return Value(relationKindName(rel->def->kind));
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

void Evaluator::runCallback(WhereGroup& group, const CValue& fn, const ModelMeta& meta) {
  // q => body: q is bound to the group while body runs (a variable of that name is kept aside).
  const Node& lambda = *fn.as<Lambda>()->node;
  if (++lambdaDepth_ > kMaxDepth) {
    --lambdaDepth_;
    throw EvalError("where-groups nested too deeply", lambda.offset);
  }
  auto saved = vars_.count(lambda.text) ? std::optional<CValue>(vars_[lambda.text]) : std::nullopt;
  vars_[lambda.text] = GroupRef{&group, &meta};
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
}

namespace {

// Runs an entry's handler once the call has the arity the entry declares.
CValue runMethod(const Method& m, Call& c) {
  if (m.maxArgs != kAnyCount) c.a.arity(m.minArgs, m.maxArgs);
  return m.handler(c);
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string hint = closestMatch(word, candidates);
  return hint.empty() ? std::string() : "; did you mean '" + hint + "'?";
}

}  // namespace

void Evaluator::callGroup(const Node& call, const std::string& method, const GroupRef& ref, std::vector<CValue>& args) {
  const Method* m = findMethod(Receiver::Query, method);
  if (!m || !m->inGroup)
    throw EvalError("unknown method '" + method + "' on a where-group (it has the where-family only)" +
                        didYouMean(method, methodNames(Receiver::Query, true)),
                    call.target->offset);
  Args a{call, method, args, columnChecker(*ref.meta), m->usage};
  Call c(a, call.target->offset, conn_);
  c.group = ref.group;
  c.runGroup = [&](WhereGroup& g, const CValue& fn) { runCallback(g, fn, *ref.meta); };
  runMethod(*m, c);
}

CValue Evaluator::callQuery(const Node& call, const std::string& method, Query q, std::vector<CValue>& args,
                            bool fromModel) {
  const ModelMeta& meta = q.meta();
  const Method* m = findMethod(Receiver::Query, method);
  if (!m) {
    std::string message = "unknown method '" + method + "' on " + (fromModel ? meta.displayName() : std::string("query"));
    const std::string hint = didYouMean(method, memberNames(fromModel ? Receiver::Model : Receiver::Query));
    throw EvalError(message + (hint.empty() ? " (try .help)" : hint), call.target->offset);
  }
  Args a{call, method, args, columnChecker(meta), m->usage};
  Call c(a, call.target->offset, conn_);
  c.query = &q;
  c.fromModel = fromModel;
  c.runGroup = [&](WhereGroup& g, const CValue& fn) { runCallback(g, fn, meta); };
  return runMethod(*m, c);
}

CValue Evaluator::callOn(Receiver receiver, const Node& call, const std::string& method, std::vector<CValue>& args,
                         const std::function<void(Call&)>& bind) {
  const Method* m = findMethod(receiver, method);
  if (!m) return Undefined{};
  Args a{call, method, args, {}, m->usage};
  Call c(a, call.target->offset, conn_);
  bind(c);
  return runMethod(*m, c);
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
    if (args[i].is<Lambda>() && !takesFunction(Receiver::Query, method))
      throw EvalError("a function can only be passed to " + functionTakers(), call.items[i]->offset);
  try {
    if (auto* m = target.as<ModelRef>()) {
      if (findMethod(Receiver::Model, method))
        return callOn(Receiver::Model, call, method, args, [&](Call& c) { c.model = m->meta; });
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
    if (auto* r = target.as<RecordRef>()) {
      if (!findMethod(Receiver::Record, method))
        throw EvalError("unknown method '" + method + "' on a " + r->record->meta().displayName() + " record" +
                            didYouMean(method, memberNames(Receiver::Record)),
                        member.offset);
      return callOn(Receiver::Record, call, method, args, [&](Call& c) { c.record = r->record; });
    }
    if (auto* rel = target.as<RelationRef>()) {
      if (!findMethod(Receiver::Relation, method)) {
        const std::string hint = didYouMean(method, methodNames(Receiver::Relation));
        throw EvalError("unknown method '" + method + "' on relation " + rel->parent->displayName() + "." + rel->def->name +
                            (hint.empty() ? "; a relation has load(record) and loadMany(records)" : hint),
                        member.offset);
      }
      return callOn(Receiver::Relation, call, method, args, [&](Call& c) { c.relation = rel; });
    }
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
