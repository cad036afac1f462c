#include "seed/seed_producer.hpp"

#include <algorithm>
#include <chrono>

#include "roost/orm/factory.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/query.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/write_rules.hpp"
#include "seed/seed_runner.hpp"

namespace roost::seed {

namespace {

// "INSERT INTO "posts" ("a", "b") VALUES (?, ?), ... (250 rows)" instead of 100 KB of SQL.
std::string shortSql(const std::string& sql) {
  if (sql.size() <= 300) return sql;
  const std::size_t values = sql.find(" VALUES (");
  if (values == std::string::npos) return sql.substr(0, 300) + " ...";
  const std::size_t firstTuple = sql.find(')', values + 9);
  std::size_t rows = 1;
  for (std::size_t at = sql.find("), (", values); at != std::string::npos; at = sql.find("), (", at + 4)) ++rows;
  return sql.substr(0, firstTuple + 1) + ", ... (" + std::to_string(rows) + " rows)";
}

}  // namespace

std::vector<Value> Producer::read(const std::function<std::vector<Value>()>& live) {
  if (replay && reads.size() < replay->size() && writer.skipping()) {
    reads.push_back((*replay)[reads.size()]);
    return reads.back();
  }
  reads.push_back(live());
  return reads.back();
}

Value Producer::readOne(const std::string& sql, std::span<const Value> bindings) {
  const std::vector<Value> got = read([&] {
    const Result res = r.conn_.execute(sql, bindings);
    return res.rows.empty() ? std::vector<Value>{} : std::vector<Value>{res.rows[0][0]};
  });
  return got.empty() ? Value() : got[0];
}

Producer::Producer(SeedRunner& runner, Value tenant, Value stamp, SeedObserver* obs, std::int64_t planned)
    : r(runner),
      writer(runner.conn_, [this](std::size_t rows) {
        done += static_cast<std::int64_t>(rows);
        if (observer) observer->progress(done, total);
      }),
      tenantId(std::move(tenant)), now(std::move(stamp)), observer(obs), total(planned) {}

void Producer::counted(const std::string& table, std::size_t n) {
  for (auto& [t, count] : rowsByTable)
    if (t == table) {
      count += static_cast<std::int64_t>(n);
      return;
    }
  rowsByTable.emplace_back(table, static_cast<std::int64_t>(n));
}

std::int64_t Producer::allocate(const Recipe& rc, std::size_t n) {
  const std::string& table = rc.meta->table;
  auto it = nextKey.find(table);
  if (it == nextKey.end()) {
    const std::string& pk = rc.columns[static_cast<std::size_t>(rc.keyColumn)].name;
    std::int64_t top = 0;
    const Statement highest = highestKeyRead(table, pk);
    const Value max = readOne(highest.sql, highest.bindings);
    if (!max.isNull()) top = max.asInt();
    if (r.catalog_.schema().table("sqlite_sequence")) {  // AUTOINCREMENT never reuses a key
      const Statement sequence = autoincrementSequenceRead(table);
      const Value seq = readOne(sequence.sql, sequence.bindings);
      if (!seq.isNull()) top = std::max(top, seq.asInt());
    }
    it = nextKey.emplace(table, top + 1).first;
  }
  const std::int64_t base = it->second;
  it->second += static_cast<std::int64_t>(n);
  return base;
}

std::vector<Value> Producer::existingKeys(const ModelMeta& meta, const std::string& key, const Where& where,
                                const std::string& column) {
  writer.flushBatch();  // D1: rows queued so far must be there to be found
  std::vector<Value> keys = read([&] { return Query(meta, r.conn_).orderBy(key).pluck(key); });
  if (keys.empty())
    failAt(where, column + ": {\"existing\": \"" + meta.displayName() + "\"} found no " + meta.displayName() +
                      " rows to pick from; seed them first");
  return keys;
}

Value Producer::eval(const CompiledAttr& a, const std::vector<Value>& row, std::size_t index, Fake& fake) {
  const AttrSpec& s = *a.spec;
  if (s.nullChance > 0 && fake.boolean(s.nullChance)) return Value();
  switch (s.kind) {
    case AttrSpec::Kind::Literal:
      return s.literal;
    case AttrSpec::Kind::Fake:
      return s.unique ? fake.unique().call(s.name, s.args) : fake.call(s.name, s.args);
    case AttrSpec::Kind::Sequence:
      return eval(a.items[index % a.items.size()], row, index, fake);
    case AttrSpec::Kind::Ref:
      return row[static_cast<std::size_t>(a.ref)];
    case AttrSpec::Kind::Format: {
      std::string out;
      for (const FormatPart& p : a.parts) {
        if (p.column >= 0) {
          const Value& v = row[static_cast<std::size_t>(p.column)];
          if (!v.isNull()) out += v.isText() ? *v.textIf() : v.toString();
        } else if (p.counter) {
          out += std::to_string(index + (p.counter == 2 ? 1 : 0));
        } else {
          out += p.text;
        }
      }
      return Value(std::move(out));
    }
    case AttrSpec::Kind::Factory:
    case AttrSpec::Kind::Existing:
      break;
  }
  return Value();
}

  // Makes and writes n rows of rc; fixed[slot][i] are row i's caller-given values; index
  // restarts every `group` rows. Returns column `want`'s values (none when want < 0).
std::vector<Value> Producer::produce(const Recipe& rc, std::size_t n, const std::vector<std::vector<Value>>& fixed,
                           std::size_t group, int want) {
  std::vector<Value> wanted;
  if (n == 0) return wanted;
  if (group == 0) group = n;
  const std::size_t ncols = rc.columns.size();
  std::vector<std::vector<Value>> perRow(ncols);  // Parent keys, Existing candidates
  std::vector<Value> shared(ncols);
  for (std::size_t c = 0; c < ncols; ++c) {
    const ColumnPlan& col = rc.columns[c];
    if (col.source == Source::Parent) perRow[c] = produce(*col.parent, n, {}, n, col.parentKeyColumn);
    else if (col.source == Source::Shared) shared[c] = produce(*col.parent, 1, {}, 1, col.parentKeyColumn).at(0);
    else if (col.source == Source::Existing)
      perRow[c] = existingKeys(*col.existing, col.existingKey, col.attr.spec->where, rc.meta->displayName() + "." + col.name);
  }
  const bool assignKeys = rc.keyColumn >= 0 && rc.columns[static_cast<std::size_t>(rc.keyColumn)].source == Source::Key;
  const std::int64_t base = assignKeys ? allocate(rc, n) : 0;

  // Columns whose values outlive the row: the children's owner keys and `want`.
  std::vector<char> keep(ncols, 0);
  for (const auto& child : rc.children) keep[static_cast<std::size_t>(child.ownerColumn)] = 1;
  if (want >= 0) keep[static_cast<std::size_t>(want)] = 1;
  std::vector<std::vector<Value>> kept(ncols);
  for (std::size_t c = 0; c < ncols; ++c)
    if (keep[c]) kept[c].reserve(n);

  Fake& fake = factoryStream(rc.meta->table);
  writer.begin(rc.meta->table, rc.names, assignKeys ? rc.keyColumn : -1);
  std::vector<Value> row(ncols);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t index = i % group;
    for (std::size_t c = 0; c < ncols; ++c) {
      const ColumnPlan& col = rc.columns[c];
      switch (col.source) {
        case Source::Spec: break;
        case Source::Fixed: row[c] = fixed[col.slot][i]; break;
        case Source::Shared: row[c] = shared[c]; break;
        case Source::Parent: row[c] = perRow[c][i]; break;
        case Source::Existing: row[c] = fake.pick(perRow[c]); break;
        case Source::Now: row[c] = now; break;
        case Source::Tenant: row[c] = tenantId; break;
        case Source::Key: row[c] = Value(static_cast<long long>(base + static_cast<std::int64_t>(i))); break;
      }
      if ((col.source == Source::Parent || col.source == Source::Existing) && col.attr.spec->nullChance > 0 &&
          fake.boolean(col.attr.spec->nullChance))
        row[c] = Value();
    }
    for (int c : rc.order) {
      const auto u = static_cast<std::size_t>(c);
      row[u] = eval(rc.columns[u].attr, row, index, fake);
    }
    if (rc.tenantFromRow) {
      Value& given = row[static_cast<std::size_t>(rc.tenantColumn)];
      given = writes::newRowTenant(*rc.meta, given, tenantId, "seed", " (--tenant)");
    }
    for (std::size_t c = 0; c < ncols; ++c)
      if (keep[c]) kept[c].push_back(row[c]);
    writer.add(row);
  }
  writer.finishTable();
  counted(rc.meta->table, n);

  for (const auto& child : rc.children) {
    if (child.count == 0) continue;
    std::vector<std::vector<Value>> childFixed(child.recipe->slots);
    std::vector<Value>& keys = childFixed.at(0);
    keys.reserve(n * child.count);
    for (const Value& owner : kept[static_cast<std::size_t>(child.ownerColumn)])
      for (std::size_t k = 0; k < child.count; ++k) keys.push_back(owner);
    produce(*child.recipe, n * child.count, childFixed, child.count, -1);
  }
  if (want >= 0) wanted = std::move(kept[static_cast<std::size_t>(want)]);
  return wanted;
}

void Producer::runScript(const std::string& sql) {
  try {
    r.conn_.executeScript(sql);
  } catch (const RemoteError& e) {
    if (!e.mayHaveBeenApplied()) throw;
    throw AmbiguousWriteError(e.what(), writer.stats().confirmedRequests + 1, -1, std::nullopt);
  }
  writer.countConfirmedScript();
}

void Producer::runSeeder(const SeederPlan& plan, int depth) {
  const std::string& name = plan.spec->name;
  if (observer) observer->seederStarting(name, depth);
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t before = done;
  for (const StepPlan& step : plan.steps) {
    try {
      switch (step.kind) {
        case StepSpec::Kind::Factory:
          produce(*step.recipe, step.count, {}, step.count, -1);
          break;
        case StepSpec::Kind::Seeder:
          runSeeder(*step.seeder, depth + 1);
          break;
        case StepSpec::Kind::Sql:
          writer.flushBatch();
          if (!writer.skipNextRequest()) runScript(step.sql);
          nextKey.clear();  // the script may have added rows: read the largest keys again
          ++sqlScripts;
          break;
      }
    } catch (const AmbiguousWriteError& e) {
      if (step.kind == StepSpec::Kind::Seeder) throw;  // already placed by the inner seeder
      throw AmbiguousWriteError("seeder " + name + ", step " + step.label + ": " + e.what(), e.request(), e.rows(),
                                e.landed());
    } catch (const QueryError& e) {
      if (step.kind == StepSpec::Kind::Seeder) throw;  // already placed by the inner seeder
      throw QueryError(shortSql(e.sql()), "seeder " + name + ", step " + step.label + ": " + e.databaseMessage(),
                       e.code());
    }
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (observer) observer->seederFinished(name, depth, plan.spec->sqlFile ? -1 : done - before, ms);
}

}  // namespace roost::seed
