#include "seed/seed_planner.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "roost/orm/sql_text.hpp"
#include "roost/orm/write_rules.hpp"
#include "seed/seed_runner.hpp"

namespace roost::seed {

namespace {

// SQL a seed runs must not end or undo the seed's own transaction: a COMMIT would keep the rows
// written so far when a later step fails, a ROLLBACK would drop them and let later steps commit
// on their own. Checked while planning, before anything is written. scriptWhere: a .sql
// seeder's file (line 0: the statement's own line is used), or the {"sql": ...} step, whose
// one-line JSON string holds the statement.
void refuseTransactionControl(std::string_view script, const Where& scriptWhere) {
  const std::vector<SqlStatement> found = transactionControlIn(script);
  if (found.empty()) return;
  Where at = scriptWhere;
  if (at.line == 0) at.line = found.front().line;
  const std::string keyword = firstKeyword(found.front().text);
  failAt(at, keyword + " is not allowed in seed SQL: on SQLite roost runs the whole seed in one transaction, so "
                 "that a failing seed writes nothing, and on D1 in batches (D1 refuses " + keyword +
                 " anyway); " + keyword + " would end or undo it and leave half a seed behind. Remove the statement"
                 " (and any BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE); nothing was written");
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A key the seeder can hand out: an integer primary key (rowid alias) or the rowid itself.
bool integerKey(const TableInfo& t, const std::string& pk) {
  if (pk == "rowid") return true;
  const ColumnInfo* c = t.column(pk);
  return c && t.primaryKey() == pk && upper(c->type).find("INT") != std::string::npos;
}

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kMax = std::int64_t{1} << 60;
  return std::min(kMax, a + b);
}

std::int64_t saturatingMul(std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kMax = std::int64_t{1} << 60;
  if (a == 0 || b == 0) return 0;
  if (a > kMax / b) return kMax;
  return a * b;
}

std::int64_t rowsOf(const Recipe& r, std::int64_t n) {
  if (n <= 0) return 0;
  std::int64_t total = n;
  for (const auto& c : r.columns) {
    if (c.source == Source::Parent) total = saturatingAdd(total, rowsOf(*c.parent, n));
    if (c.source == Source::Shared) total = saturatingAdd(total, rowsOf(*c.parent, 1));
  }
  for (const auto& child : r.children)
    total = saturatingAdd(total, rowsOf(*child.recipe, saturatingMul(n, static_cast<std::int64_t>(child.count))));
  return total;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Planning: names to models, columns, relations; recipes compiled once.

struct Planner {
  SeedRunner& r;
  bool tenantBound;
  std::vector<std::string> seederStack;
  std::vector<std::string> factoryChain;

  const FactorySpec& factory(const std::string& name, const Where& where) {
    if (const FactorySpec* f = r.files_.factory(name)) return *f;
    std::string message = "unknown factory '" + name + "'; known factories: " + joinNames(r.files_.factoryNames());
    if (r.catalog_.find(name))
      message += " (model " + name + " exists: describe its rows in database/factories/*.jsonc)";
    failAt(where, message);
  }

  const ModelMeta& model(const std::string& name, const Where& where, const std::string& what) {
    if (const ModelMeta* m = r.catalog_.find(name)) return *m;
    failAt(where, what + ": unknown model '" + name + "'; known models: " + joinNames(r.catalog_.names()));
  }

  std::vector<std::string> columnNames(const TableInfo& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name);
    return out;
  }

  void requireColumn(const Recipe& rc, const std::string& column, const Where& where, const std::string& what) {
    if (rc.table->hasColumn(column)) return;
    failAt(where, what + ": unknown column '" + column + "' for " + rc.meta->displayName() + " (table " +
                      rc.meta->table + "); columns: " + joinNames(columnNames(*rc.table)));
  }

  // The relation key between a parent model and a child model: the child's column and the
  // parent's column it holds. `relation` / `foreignKey` pick one when given.
  std::pair<std::string, std::string> link(const ModelMeta& parent, const ModelMeta& child, const std::string& relation,
                                            const std::string& foreignKey, const Where& where) {
    using K = RelationDef::Kind;
    auto ownerOf = [&](const RelationDef& d) { return d.localKey.empty() ? parent.primaryKey : d.localKey; };
    if (!relation.empty()) {
      const RelationDef* d = parent.relations.find(relation);
      if (!d)
        failAt(where, "unknown relation '" + relation + "' on " + parent.displayName() + "; relations: " +
                          joinNames(parent.relations.names()));
      if ((d->kind != K::HasMany && d->kind != K::HasOne) || d->related != &child)
        failAt(where, parent.displayName() + "." + relation + " is not a hasMany/hasOne relation to " + child.displayName());
      return {d->foreignKey, ownerOf(*d)};
    }
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> found;  // name -> (fk, owner)
    for (const auto& name : parent.relations.names()) {
      const RelationDef* d = parent.relations.find(name);
      if ((d->kind == K::HasMany || d->kind == K::HasOne) && d->related == &child &&
          (foreignKey.empty() || d->foreignKey == foreignKey))
        found.push_back({name, {d->foreignKey, ownerOf(*d)}});
    }
    if (found.empty())
      for (const auto& name : child.relations.names()) {
        const RelationDef* d = child.relations.find(name);
        if (d->kind == K::BelongsTo && d->related == &parent && (foreignKey.empty() || d->foreignKey == foreignKey))
          found.push_back({name, {d->foreignKey, d->localKey.empty() ? parent.primaryKey : d->localKey}});
      }
    if (found.size() == 1) return found.front().second;
    if (!foreignKey.empty()) return {foreignKey, parent.primaryKey};
    if (found.empty())
      failAt(where, "no relation between " + parent.displayName() + " and " + child.displayName() +
                        " in the schema or database/models.jsonc; give \"foreignKey\": the " + child.table +
                        " column that points at " + parent.displayName());
    std::vector<std::string> names;
    for (auto& f : found) names.push_back(f.first + " (" + f.second.first + ")");
    failAt(where, parent.displayName() + " and " + child.displayName() + " are related more than once: " +
                      joinNames(names) + "; pick one with \"relation\" or \"foreignKey\"");
  }

  CompiledAttr compileAttr(const AttrSpec& spec, Recipe& rc, int self, std::vector<int>& deps, const std::string& what) {
    CompiledAttr a;
    a.spec = &spec;
    auto attributeList = [&] { return joinNames(rc.names); };
    switch (spec.kind) {
      case AttrSpec::Kind::Ref: {
        a.ref = rc.find(spec.name);
        if (a.ref < 0 || a.ref == self)
          failAt(spec.where, what + ": {\"ref\": \"" + spec.name + "\"} names no other attribute of " +
                                 rc.meta->displayName() + "; attributes: " + attributeList());
        deps.push_back(a.ref);
        break;
      }
      case AttrSpec::Kind::Format: {
        const std::string& t = spec.name;
        FormatPart text;
        for (std::size_t i = 0; i < t.size(); ++i) {
          if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) {
            text.text += t[i++];
            continue;
          }
          if (t[i] == '}') failAt(spec.where, what + ": a lone '}' in the format (write '}}' for one)");
          if (t[i] != '{') {
            text.text += t[i];
            continue;
          }
          const std::size_t close = t.find('}', i);
          if (close == std::string::npos) failAt(spec.where, what + ": '{' without '}' in the format (write '{{' for one)");
          const std::string name = t.substr(i + 1, close - i - 1);
          if (!text.text.empty()) a.parts.push_back(std::move(text));
          text = FormatPart{};
          FormatPart p;
          p.column = rc.find(name);
          if (p.column >= 0 && p.column != self) {
            deps.push_back(p.column);
          } else if (name == "index") {
            p.counter = 1;
          } else if (name == "number") {
            p.counter = 2;
          } else {
            failAt(spec.where, what + ": '{" + name + "}' in the format is neither an attribute of " +
                                   rc.meta->displayName() + " nor {index} / {number}; attributes: " + attributeList());
          }
          a.parts.push_back(std::move(p));
          i = close;
        }
        if (!text.text.empty()) a.parts.push_back(std::move(text));
        break;
      }
      case AttrSpec::Kind::Sequence: {
        std::size_t i = 0;
        for (const AttrSpec& item : spec.items) {
          if (item.kind == AttrSpec::Kind::Factory || item.kind == AttrSpec::Kind::Existing || item.kind == AttrSpec::Kind::Sequence)
            failAt(item.where, what + ".sequence[" + std::to_string(i) + "]: a sequence holds literals, fake, ref or format");
          a.items.push_back(compileAttr(item, rc, self, deps, what + ".sequence[" + std::to_string(i) + "]"));
          ++i;
        }
        break;
      }
      default:
        break;
    }
    return a;
  }

  // One factory with states, overrides, a fixed (per-row) column, a shared parent and extra
  // children, compiled into a Recipe.
  std::unique_ptr<Recipe> compile(const FactorySpec& f, const std::vector<std::string>& states, const AttrList* overrides,
                                  const std::string& fixedColumn, const ParentSpec* forParent,
                                  const std::vector<StepSpec>* extraHas, const Where& where) {
    if (factoryChain.size() > kMaxFactoryChain) {
      std::string chain;
      for (auto& n : factoryChain) chain += n + " -> ";
      failAt(where, "factories make each other without end: " + chain + f.name +
                        " (a {\"factory\": ...} attribute or a \"has\" leads back)");
    }
    factoryChain.push_back(f.name);
    auto rc = std::make_unique<Recipe>();
    rc->factory = &f;
    rc->meta = &model(f.model, f.where, "factory '" + f.name + "'");
    rc->table = r.catalog_.tableOf(*rc->meta);
    rc->where = where;
    if (!rc->table)
      failAt(f.where, "factory '" + f.name + "': model " + rc->meta->displayName() + " has no table '" +
                          rc->meta->table + "' in this database (run `roost migrate` first?)");

    // The attributes, later ones replacing earlier ones of the same column: definition, states, overrides.
    struct Entry {
      std::string name;
      Source source;
      const AttrSpec* spec;
      std::string what;
    };
    std::vector<Entry> merged;
    auto put = [&](const std::string& name, Source source, const AttrSpec* spec, const std::string& what) {
      for (auto& e : merged)
        if (e.name == name) {
          e = Entry{name, source, spec, what};
          return;
        }
      merged.push_back(Entry{name, source, spec, what});
    };
    for (const auto& [name, spec] : f.definition) put(name, Source::Spec, &spec, f.name + ".definition." + name);
    for (const auto& s : states) {
      const AttrList* list = f.state(s);
      if (!list)
        failAt(where, "unknown state '" + s + "' for factory " + f.name + "; known states: " + joinNames(f.stateNames()));
      for (const auto& [name, spec] : *list) put(name, Source::Spec, &spec, f.name + ".states." + s + "." + name);
    }
    if (overrides)
      for (const auto& [name, spec] : *overrides) put(name, Source::Spec, &spec, f.name + " attributes." + name);
    if (!fixedColumn.empty()) put(fixedColumn, Source::Fixed, nullptr, "");
    std::string forColumn;
    const FactorySpec* forFactory = nullptr;
    if (forParent) {
      forFactory = &factory(forParent->factory, forParent->where);
      const ModelMeta& parentMeta = model(forFactory->model, forFactory->where, "factory '" + forFactory->name + "'");
      forColumn = link(parentMeta, *rc->meta, "", forParent->foreignKey, forParent->where).first;
      put(forColumn, Source::Shared, nullptr, "");
    }
    for (auto& e : merged) {
      if (e.spec && e.spec->kind == AttrSpec::Kind::Factory) e.source = Source::Parent;
      if (e.spec && e.spec->kind == AttrSpec::Kind::Existing) e.source = Source::Existing;
    }

    for (auto& e : merged) {
      ColumnPlan c;
      c.name = e.name;
      c.source = e.source;
      requireColumn(*rc, e.name, e.spec ? e.spec->where : (forParent ? forParent->where : where),
                    e.spec ? e.what : f.name);
      rc->columns.push_back(std::move(c));
      rc->names.push_back(e.name);
    }
    // Timestamps, the tenant column and the key, when the attributes leave them out.
    auto append = [&](const std::string& name, Source source) {
      ColumnPlan c;
      c.name = name;
      c.source = source;
      rc->columns.push_back(std::move(c));
      rc->names.push_back(name);
      return static_cast<int>(rc->columns.size() - 1);
    };
    for (const std::string& col : writes::createdStampColumns(*rc->meta))
      if (rc->table->hasColumn(col) && rc->find(col) < 0) append(col, Source::Now);
    if (rc->meta->tenantColumn) {
      const std::string& tc = *rc->meta->tenantColumn;
      rc->tenantColumn = rc->find(tc);
      rc->tenantFromRow = rc->tenantColumn >= 0;
      if (rc->tenantColumn < 0) {
        if (!tenantBound)
          failAt(where, rc->meta->displayName() + " is a tenant model (tenant column " + tc +
                            "): run db:seed with --tenant SLUG, or set " + tc + " in factory " + f.name);
        rc->tenantColumn = append(tc, Source::Tenant);
      }
    }
    const std::string& pk = rc->meta->primaryKey;
    rc->keyColumn = rc->find(pk);
    if (rc->keyColumn < 0 && integerKey(*rc->table, pk)) rc->keyColumn = append(pk, Source::Key);

    // Now that every column is known: each attribute's own compilation.
    for (std::size_t i = 0; i < merged.size(); ++i) {
      const Entry& e = merged[i];
      ColumnPlan& c = rc->columns[i];
      if (e.source == Source::Fixed) {
        c.slot = rc->slots++;
      } else if (e.source == Source::Shared) {
        c.parent = compile(*forFactory, forParent->states, forParent->attributes.get(), "", nullptr, nullptr,
                           forParent->where);
        c.parentKeyColumn = parentKey(*c.parent, *rc, c.name, forParent->where);
      } else if (e.source == Source::Parent) {
        const ParentSpec& p = *e.spec->parent;
        c.attr.spec = e.spec;
        const FactorySpec& pf = factory(p.factory, p.where);
        c.parent = compile(pf, p.states, p.attributes.get(), "", nullptr, nullptr, p.where);
        c.parentKeyColumn = parentKey(*c.parent, *rc, c.name, p.where);
      } else if (e.source == Source::Existing) {
        c.attr.spec = e.spec;
        c.existing = &model(e.spec->name, e.spec->where, e.what);
        c.existingKey = c.existing->primaryKey;
      } else {
        c.attr = compileAttr(*e.spec, *rc, static_cast<int>(i), c.deps, e.what);
      }
    }
    order(*rc);

    // Children: the factory's own "has", then the step's.
    auto addChildren = [&](const std::vector<StepSpec>& has) {
      for (const StepSpec& h : has) {
        const FactorySpec& cf = factory(h.factory, h.where);
        const ModelMeta& childMeta = model(cf.model, cf.where, "factory '" + cf.name + "'");
        auto [fk, owner] = link(*rc->meta, childMeta, h.relation, h.foreignKey, h.where);
        ChildPlan child;
        child.count = h.count;
        child.ownerColumn = rc->find(owner);
        if (child.ownerColumn < 0)
          failAt(h.where, "children of " + rc->meta->displayName() + " point at its " + owner +
                              ", which factory " + f.name + " does not set");
        child.recipe = compile(cf, h.states, &h.attributes, fk, h.forParent.get(), &h.has, h.where);
        rc->children.push_back(std::move(child));
      }
    };
    addChildren(f.has);
    if (extraHas) addChildren(*extraHas);
    factoryChain.pop_back();
    return rc;
  }

  // Which column of a parent recipe a child's column takes: the BelongsTo relation's owner key,
  // else the parent's primary key — which the parent's rows must have.
  int parentKey(const Recipe& parent, const Recipe& child, const std::string& column, const Where& where) {
    std::string owner = parent.meta->primaryKey;
    for (const auto& name : child.meta->relations.names()) {
      const RelationDef* d = child.meta->relations.find(name);
      if (d->kind == RelationDef::Kind::BelongsTo && d->foreignKey == column && d->related == parent.meta &&
          !d->localKey.empty())
        owner = d->localKey;
    }
    const int at = parent.find(owner);
    if (at < 0)
      failAt(where, child.meta->displayName() + "." + column + " takes a new " + parent.meta->displayName() + "'s " +
                        owner + ", but factory " + parent.factory->name + " does not set it and it is not an INTEGER key");
    return at;
  }

  // Spec columns in an order where each comes after the ones it reads.
  void order(Recipe& rc) {
    const std::size_t n = rc.columns.size();
    std::vector<int> state(n, 0);  // 0 new, 1 visiting, 2 done
    std::function<void(int)> visit = [&](int i) {
      const auto u = static_cast<std::size_t>(i);
      if (state[u] == 2) return;
      if (state[u] == 1)
        failAt(rc.columns[u].attr.spec ? rc.columns[u].attr.spec->where : rc.where,
               rc.meta->displayName() + "." + rc.columns[u].name + ": ref/format attributes read each other in a loop");
      state[u] = 1;
      for (int d : rc.columns[u].deps)
        if (rc.columns[static_cast<std::size_t>(d)].source == Source::Spec) visit(d);
      state[u] = 2;
      rc.order.push_back(i);
    };
    for (std::size_t i = 0; i < n; ++i)
      if (rc.columns[i].source == Source::Spec) visit(static_cast<int>(i));
  }

  const SeederPlan& seeder(const std::string& name, const Where* where) {
    if (std::find(seederStack.begin(), seederStack.end(), name) != seederStack.end()) {
      std::string chain;
      for (auto& s : seederStack) chain += s + " -> ";
      failAt(where ? *where : Where{}, "seeders call each other in a loop: " + chain + name);
    }
    if (auto it = r.plans_.find(name); it != r.plans_.end()) return *it->second;
    if (seederStack.size() >= kMaxSeederDepth)
      failAt(where ? *where : Where{}, "seeders call seeders more than " + std::to_string(kMaxSeederDepth) +
                                           " deep (the limit): " + seederStack.front() + " -> ... -> " +
                                           seederStack.back() + " -> " + name);
    const SeederSpec* spec = r.files_.seeder(name);
    if (!spec) {
      const std::string message = "unknown seeder '" + name + "'; known seeders: " + joinNames(r.files_.seederNames()) +
                                  " (in database/seeders: NAME.jsonc or NAME.sql)";
      if (!where) throw UsageError("--class " + name + ": " + message);
      failAt(*where, message);
    }
    seederStack.push_back(name);
    auto plan = std::make_unique<SeederPlan>();
    plan->spec = spec;
    if (spec->sqlFile) {
      StepPlan s;
      s.kind = StepSpec::Kind::Sql;
      refuseTransactionControl(spec->sqlText, spec->where);
      s.sql = spec->sqlText;
      s.label = spec->where.str();
      plan->steps.push_back(std::move(s));
    }
    for (const StepSpec& st : spec->steps) {
      StepPlan s;
      s.kind = st.kind;
      s.label = st.where.str();
      switch (st.kind) {
        case StepSpec::Kind::Factory: {
          const FactorySpec& f = factory(st.factory, st.where);
          s.recipe = compile(f, st.states, &st.attributes, "", st.forParent.get(), &st.has, st.where);
          s.count = st.count;
          s.label = f.name + " x " + std::to_string(st.count) + " (" + st.where.str() + ")";
          plan->rows = saturatingAdd(plan->rows, rowsOf(*s.recipe, static_cast<std::int64_t>(st.count)));
          break;
        }
        case StepSpec::Kind::Seeder:
          s.seeder = &seeder(st.seeder, &st.where);
          plan->rows = saturatingAdd(plan->rows, s.seeder->rows);
          break;
        case StepSpec::Kind::Sql:
          refuseTransactionControl(st.sql, st.where);
          s.sql = st.sql;
          break;
      }
      plan->steps.push_back(std::move(s));
    }
    seederStack.pop_back();
    return *r.plans_.emplace(name, std::move(plan)).first->second;
  }
};

const SeederPlan& planSeeder(SeedRunner& runner, const std::string& seederClass, bool tenantBound) {
  Planner p{runner, tenantBound, {}, {}};
  return p.seeder(seederClass, nullptr);
}

}  // namespace roost::seed
