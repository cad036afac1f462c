#include "roost/orm/factory.hpp"

#include <optional>
#include <string>
#include <unordered_map>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"

namespace roost {

namespace {

// FNV-1a: the default seed of a factory, from its table name — stable across runs and platforms.
std::uint64_t seedFor(std::string_view table) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : table) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Per thread, as connections are: a stream is never shared between threads.
struct Streams {
  std::uint64_t seed = 0;
  std::unordered_map<std::string, Fake> byTable;
};
thread_local Streams streams;

}  // namespace

void seedFactories(std::uint64_t seed) {
  streams.seed = seed;
  streams.byTable.clear();
}

Fake& factoryStream(std::string_view table) {
  auto it = streams.byTable.find(std::string(table));
  if (it == streams.byTable.end())
    it = streams.byTable.emplace(std::string(table), Fake(seedFor(table) ^ (streams.seed * 0x9e3779b97f4a7c15ULL))).first;
  return it->second;
}

FactoryBase::FactoryBase(const ModelMeta& meta, Definition definition)
    : meta_(&meta), definition_(std::move(definition)) {}

Fake& FactoryBase::fake() const { return fake_ ? *fake_ : factoryStream(meta_->table); }

std::vector<Attributes> FactoryBase::build(const Definition& definition, std::size_t n) const {
  if (!definition)
    throw UsageError("the factory for " + meta_->displayName() +
                     " has no definition: give it one, or write definition(Fake&) in a subclass");
  std::vector<Attributes> out;
  if (n == 0) return out;
  out.reserve(n);
  Fake& stream = fake();
  // One parent per call for forParent(), made before any model, so the order of rows is stable.
  std::vector<Value> shared(parents_.size());
  for (std::size_t p = 0; p < parents_.size(); ++p)
    if (!parents_[p].perModel) shared[p] = parents_[p].resolve(connection_);
  for (std::size_t i = 0; i < n; ++i) {
    Attributes a = definition(stream);
    for (std::size_t p = 0; p < parents_.size(); ++p)
      a[parents_[p].foreignKey] = parents_[p].perModel ? parents_[p].resolve(connection_) : shared[p];
    for (const Layer& layer : layers_) a.fill(layer(a, stream, i));
    a.syncOriginal();  // a made model has no changes yet; insert writes every attribute anyway
    out.push_back(std::move(a));
  }
  return out;
}

void FactoryBase::produce(const Definition& definition, std::size_t n, Mode mode, const Emplace& emplace) const {
  if (n == 0) return;
  bool writes = mode == Mode::Create;
  for (const ParentLink& p : parents_) writes = writes || p.writes;
  // All or nothing: the models, their parents and their children in one transaction.
  std::optional<Transaction> tx;
  if (writes) {
    Connection& c = connection_ ? *connection_ : resolveConnection(*meta_);
    if (c.supportsTransactions()) tx.emplace(c);
  }
  std::vector<Attributes> rows = build(definition, n);
  std::vector<Record*> made;
  made.reserve(rows.size());
  for (Attributes& a : rows) {
    Record& r = emplace(std::move(a));
    for (const Callback& cb : afterMaking_) cb(r);
    made.push_back(&r);
  }
  if (mode == Mode::Create) {
    for (Record* r : made) {
      r->save();
      for (const ChildLink& child : children_) child.create(*r, connection_);
      for (const Callback& cb : afterCreating_) cb(*r);
    }
  }
  if (tx) tx->commit();
}

}  // namespace roost
