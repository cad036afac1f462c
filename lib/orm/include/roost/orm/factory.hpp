#pragma once
// Factory<T>: builds and saves models from a definition of fake attributes, for tests and
// seeders — Laravel's factories, as values. Every configuring call (count, state, sequence,
// forParent, has, seed, ...) returns a new factory and leaves the one it was called on as it
// was, so nothing set for one call leaks into the next (the TypeScript original's factories
// keep count and states from call to call).
//
//   struct PostFactory : roost::Factory<Post, PostFactory> {
//     roost::Attributes definition(roost::Fake& f) const {
//       return {{"title", f.sentence(4)}, {"slug", f.unique().slug()}, {"status", "published"}};
//     }
//     PostFactory draft() const { return state({{"status", "draft"}}); }   // a named state
//   };
//
//   PostFactory posts;
//   posts.count(3).draft().create();                               // three drafts, saved
//   posts.forParent(UserFactory{}, "author_id").createOne();        // ... with a new author
//   posts.forRelation(UserFactory{}, "author").createOne();         // the same, keys from Post::author
//   UserFactory{}.has(posts.count(3), "author_id", "posts").create();  // a user with 3 posts
//   roost::Factory<Tag> tags([](roost::Fake& f) -> roost::Attributes { return {{"name", f.word()}}; });
//
// Order of attributes for each model: definition(), then the keys of forParent() parents, then
// states and sequences in the order they were added (so a later one wins).
//
// Randomness: a factory draws from its table's stream on the calling thread — one Fake per table
// and thread, seeded from the table name and seedFactories(n) (default 0) — as Laravel's
// factories share one Faker: successive calls and separately constructed factories continue the
// stream (two create() calls make different rows) and unique() values stay unique across all of
// them. The same program therefore makes the same data on every run. seed(n) gives a factory (and
// the factories derived from it) a private stream instead, for values a test can pin.
//
// create() runs hooks and timestamps through the model's save(), and does all its work — the
// models, parents made by forParent and children made by has — in one transaction (a savepoint
// inside an open one) when the connection has transactions: all of it is written or none.
//
// The model-independent core (FactoryBase) works on Records, so Factory<Record> serves models
// known only at run time: Factory<Record>(meta, definition). Not thread-safe (the Fake is shared).
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "roost/orm/attributes.hpp"
#include "roost/orm/fake.hpp"
#include "roost/orm/model_meta.hpp"
#include "roost/orm/record.hpp"

namespace roost {

class Connection;

class FactoryBase {
 public:
  using Definition = std::function<Attributes(Fake&)>;
  // A state or sequence: gets the attributes so far, the Fake and the model's index within the
  // call (0 for the first model of every make()/create()); returns attributes merged over them.
  using Layer = std::function<Attributes(const Attributes& current, Fake& fake, std::size_t index)>;
  using Callback = std::function<void(Record&)>;

  const ModelMeta& meta() const noexcept { return *meta_; }
  // How many models make()/create() produce (count(n); 1 by default).
  std::size_t amount() const noexcept { return count_; }
  // The fake-data stream this factory draws from: its own after seed(n), else its table's
  // stream on this thread.
  Fake& fake() const;
  // The connection set with onConnection(), or null (the model's own connection is used).
  Connection* connectionOverride() const noexcept { return connection_; }

 protected:
  FactoryBase(const ModelMeta& meta, Definition definition);

  enum class Mode { Make, Create };
  // Receives each model's attributes and returns the model object made from them; the object
  // must stay where it is until produce() returns.
  using Emplace = std::function<Record&(Attributes&&)>;

  // The attributes of n models (parents named by forParent are created here).
  std::vector<Attributes> build(const Definition& definition, std::size_t n) const;
  // Builds n models, hands each to emplace, and (Create) saves them and makes their children,
  // in one transaction where the connection has them.
  void produce(const Definition& definition, std::size_t n, Mode mode, const Emplace& emplace) const;

  struct ParentLink {
    std::string foreignKey;
    bool perModel = false;  // a parent for every model, else one for the whole call
    bool writes = true;     // false: an existing row, nothing to create
    std::function<Value(Connection* relay)> resolve;  // returns the parent's key
  };
  struct ChildLink {
    std::function<void(Record& parent, Connection* relay)> create;
  };

  // Runs a state callable in any of its accepted shapes (see Factory::state).
  template <class F>
  static Attributes applyState(const F& fn, const Attributes& current, Fake& fake) {
    Attributes copy = current;
    if constexpr (std::is_invocable_v<const F&, Attributes&, Fake&>) {
      if constexpr (std::is_void_v<std::invoke_result_t<const F&, Attributes&, Fake&>>) {
        fn(copy, fake);
        return copy;
      } else {
        return Attributes(fn(copy, fake));
      }
    } else {
      static_assert(std::is_invocable_v<const F&, Attributes&>,
                    "a state is Attributes(const Attributes&[, Fake&]) or void(Attributes&[, Fake&])");
      if constexpr (std::is_void_v<std::invoke_result_t<const F&, Attributes&>>) {
        fn(copy);
        return copy;
      } else {
        return Attributes(fn(copy));
      }
    }
  }

  const ModelMeta* meta_;
  Definition definition_;  // a lambda factory's definition; subclasses write definition() instead
  std::size_t count_ = 1;
  std::vector<Layer> layers_;
  std::vector<ParentLink> parents_;
  std::vector<ChildLink> children_;
  std::vector<Callback> afterMaking_, afterCreating_;
  std::shared_ptr<Fake> fake_;        // set by seed(n); null: the table's stream
  Connection* connection_ = nullptr;  // not owned
};

// Restarts every table's factory stream on this thread from `seed` (the CLI's --seed) and
// forgets the values their unique() handed out. Factories given seed(n) are not affected.
void seedFactories(std::uint64_t seed);
// The stream the factories of `table` draw from on this thread (see seedFactories).
Fake& factoryStream(std::string_view table);

template <class F>
concept AnyFactory = std::derived_from<F, FactoryBase>;

// T: a Model<T> type, or Record for a run-time model. D: the subclass that writes
// `Attributes definition(Fake&) const` (CRTP), or void for a factory given a lambda.
template <class T, class D = void>
class Factory : public FactoryBase {
 public:
  using Self = std::conditional_t<std::is_void_v<D>, Factory, D>;
  using ModelType = T;

  // A typed model's factory with a lambda definition.
  explicit Factory(Definition definition)
    requires(std::is_void_v<D> && !std::is_same_v<T, Record>)
      : FactoryBase(T::meta(), std::move(definition)) {}
  // The base of a subclass that writes definition().
  Factory()
    requires(!std::is_void_v<D> && !std::is_same_v<T, Record>)
      : FactoryBase(T::meta(), nullptr) {}
  // A run-time model's factory.
  Factory(const ModelMeta& meta, Definition definition)
    requires(std::is_same_v<T, Record>)
      : FactoryBase(meta, std::move(definition)) {}
  explicit Factory(const ModelMeta& meta)
    requires(std::is_same_v<T, Record> && !std::is_void_v<D>)
      : FactoryBase(meta, nullptr) {}

  // ---- configuration: each returns a new factory ----

  Self count(std::size_t n) const {
    Self f = self();
    f.count_ = n;
    return f;
  }
  // Attributes merged over the definition: state({{"status", "draft"}}).
  Self state(Attributes values) const {
    return layer([values = std::move(values)](const Attributes&, Fake&, std::size_t) { return values; });
  }
  Self state(Attributes::Init values) const { return state(Attributes(values)); }
  // A function of the attributes so far, as Attributes(const Attributes&), Attributes(const
  // Attributes&, Fake&), void(Attributes&) or void(Attributes&, Fake&). What it returns is merged
  // over them (return a few columns or all of them).
  template <class F>
    requires(std::is_invocable_v<const F&, Attributes&> || std::is_invocable_v<const F&, Attributes&, Fake&>)
  Self state(F fn) const {
    return layer([fn = std::move(fn)](const Attributes& current, Fake& fake, std::size_t) {
      return applyState(fn, current, fake);
    });
  }
  // Cycles through the given attributes, one per model: the 1st model gets the 1st, ... and it
  // starts over at the first for every call.
  Self sequence(std::vector<Attributes> states) const {
    if (states.empty()) throw UsageError("sequence(): needs at least one set of attributes");
    return layer([states = std::move(states)](const Attributes&, Fake&, std::size_t i) {
      return states[i % states.size()];
    });
  }
  Self sequence(std::initializer_list<Attributes> states) const { return sequence(std::vector<Attributes>(states)); }
  // fn(index) or fn(index, fake) -> Attributes, index counting the models of this call from 0.
  template <class F>
    requires(std::is_invocable_r_v<Attributes, const F&, std::size_t> ||
             std::is_invocable_r_v<Attributes, const F&, std::size_t, Fake&>)
  Self sequence(F fn) const {
    return layer([fn = std::move(fn)](const Attributes&, Fake& fake, std::size_t i) -> Attributes {
      if constexpr (std::is_invocable_r_v<Attributes, const F&, std::size_t, Fake&>) return fn(i, fake);
      else return fn(i);
    });
  }
  // Adds a layer of your own (see FactoryBase::Layer).
  Self layer(Layer l) const {
    Self f = self();
    f.layers_.push_back(std::move(l));
    return f;
  }

  // A private fake-data stream from this seed, shared with the factories derived from this one.
  Self seed(std::uint64_t seed) const {
    Self f = self();
    f.fake_ = std::make_shared<Fake>(seed);
    return f;
  }
  // Saves through this connection (and makes parents and children there) instead of the
  // model's own. The connection must outlive the factory's use.
  Self onConnection(Connection& c) const {
    Self f = self();
    f.connection_ = &c;
    return f;
  }

  // BelongsTo: creates one parent with `parent` for each make()/create() call and sets
  // foreignKey to its key (ownerKey: another column of the parent).
  template <AnyFactory P>
  Self forParent(const P& parent, std::string foreignKey, std::string ownerKey = {}) const {
    return withParent(parent, std::move(foreignKey), std::move(ownerKey), false);
  }
  // The same, with a new parent for every model.
  template <AnyFactory P>
  Self forEachParent(const P& parent, std::string foreignKey, std::string ownerKey = {}) const {
    return withParent(parent, std::move(foreignKey), std::move(ownerKey), true);
  }
  // An existing parent row.
  Self forParent(const Record& parent, std::string foreignKey, std::string ownerKey = {}) const {
    Value key = ownerKey.empty() ? parent.key() : parent.attributes[ownerKey];
    if (key.isNull())
      throw UsageError("forParent(): the " + parent.meta().displayName() + " has no " +
                       (ownerKey.empty() ? parent.meta().primaryKey : ownerKey) + " (save it first)");
    Self f = self();
    f.parents_.push_back(ParentLink{std::move(foreignKey), false, false, [key](Connection*) { return key; }});
    return f;
  }
  // Laravel's Post::factory()->for(User::factory(), 'author'): the BelongsTo relation named
  // `relation` (declared on this model) gives the foreign and owner keys, and the parent replaces
  // any earlier one for that key. A UsageError if the relation is unknown, not a BelongsTo, or
  // `parent` makes another model.
  template <AnyFactory P>
  Self forRelation(const P& parent, std::string_view relation) const {
    const RelationDef& def = belongsTo(relation, &parent.meta());
    return withoutParent(def.foreignKey).withParent(parent, def.foreignKey, def.localKey, false);
  }
  // The same with an existing parent row.
  Self forRelation(const Record& parent, std::string_view relation) const {
    const RelationDef& def = belongsTo(relation, &parent.meta());
    return withoutParent(def.foreignKey).forParent(parent, def.foreignKey, def.localKey);
  }
  // Drops the forParent links that set foreignKey.
  Self withoutParent(std::string_view foreignKey) const {
    Self f = self();
    std::erase_if(f.parents_, [&](const ParentLink& p) { return p.foreignKey == foreignKey; });
    return f;
  }
  // HasMany/HasOne: after each model is created, `children` creates its models (its count())
  // with foreignKey set to this model's key. With a relation name they are also attached to
  // the model: user.related("posts"). Only create() makes children.
  template <AnyFactory C>
  Self has(const C& children, std::string foreignKey, std::string relation = {}) const {
    Self f = self();
    f.children_.push_back(ChildLink{[children, fk = std::move(foreignKey), relation = std::move(relation)](
                                        Record& parent, Connection* relay) {
      auto createFor = [&](const auto& factory) {
        auto made = factory.withoutParent(fk).state(Attributes{{fk, parent.key()}}).create();
        if (!relation.empty()) parent.setRelation(relation, std::vector<Record>(made.begin(), made.end()));
      };
      if (relay && !children.connectionOverride()) createFor(children.onConnection(*relay));
      else createFor(children);
    }});
    return f;
  }

  // Called with each model once it is made (before it is saved), or once it is created.
  template <class F>
  Self afterMaking(F fn) const {
    Self f = self();
    f.afterMaking_.push_back(callback(std::move(fn)));
    return f;
  }
  template <class F>
  Self afterCreating(F fn) const {
    Self f = self();
    f.afterCreating_.push_back(callback(std::move(fn)));
    return f;
  }

  // ---- results ----

  // count() models, not saved (parents named by forParent are created, as their keys must exist).
  std::vector<T> make() const { return run(count_, Mode::Make); }
  std::vector<T> make(Attributes::Init overrides) const { return state(overrides).make(); }
  T makeOne() const { return std::move(run(1, Mode::Make).front()); }
  T makeOne(Attributes::Init overrides) const { return state(overrides).makeOne(); }
  // count() models, saved with hooks and timestamps; all or nothing where the backend allows.
  std::vector<T> create() const { return run(count_, Mode::Create); }
  std::vector<T> create(Attributes::Init overrides) const { return state(overrides).create(); }
  T createOne() const { return std::move(run(1, Mode::Create).front()); }
  T createOne(Attributes::Init overrides) const { return state(overrides).createOne(); }
  // Only the attributes of count() models (for bulk inserts).
  std::vector<Attributes> raw() const { return build(definitionFn(), count_); }
  Attributes rawOne() const { return std::move(build(definitionFn(), 1).front()); }

 private:
  const Self& self() const { return static_cast<const Self&>(*this); }

  Definition definitionFn() const {
    if constexpr (std::is_void_v<D>) {
      return definition_;
    } else {
      static_assert(requires(const D& d, Fake& f) {
        { d.definition(f) } -> std::convertible_to<Attributes>;
      }, "a factory subclass writes `roost::Attributes definition(roost::Fake&) const`");
      return [this](Fake& f) -> Attributes { return static_cast<const D&>(*this).definition(f); };
    }
  }

  std::vector<T> run(std::size_t n, Mode mode) const {
    std::vector<T> out;
    out.reserve(n);  // emplace hands out references: no reallocation allowed
    produce(definitionFn(), n, mode, [&](Attributes&& attributes) -> Record& {
      if constexpr (std::is_same_v<T, Record>) {
        out.emplace_back(*meta_, connection_);
      } else {
        out.emplace_back();
        if (connection_) out.back().useConnection(connection_);
      }
      out.back().attributes = std::move(attributes);
      return out.back();
    });
    return out;
  }

  const RelationDef& belongsTo(std::string_view relation, const ModelMeta* parentMeta) const {
    const RelationDef& def = meta_->relations.require(relation, meta_->displayName());
    if (def.kind != RelationDef::Kind::BelongsTo)
      throw UsageError("forRelation(): " + meta_->displayName() + "." + def.name + " is a " +
                       relationKindName(def.kind) + " relation; forRelation() takes a belongsTo (use has() for children)");
    if (def.related != parentMeta)
      throw UsageError("forRelation(): " + meta_->displayName() + "." + def.name + " belongs to " +
                       def.related->displayName() + ", but the parent given makes " + parentMeta->displayName());
    return def;
  }

  template <class P>
  Self withParent(const P& parent, std::string foreignKey, std::string ownerKey, bool perModel) const {
    Self f = self();
    f.parents_.push_back(ParentLink{std::move(foreignKey), perModel, true,
                                    [parent, ownerKey = std::move(ownerKey)](Connection* relay) -> Value {
                                      auto keyOf = [&](const auto& factory) -> Value {
                                        auto made = factory.createOne();
                                        return ownerKey.empty() ? made.key() : made.attributes[ownerKey];
                                      };
                                      if (relay && !parent.connectionOverride())
                                        return keyOf(parent.onConnection(*relay));
                                      return keyOf(parent);
                                    }});
    return f;
  }

  template <class F>
  static Callback callback(F fn) {
    if constexpr (std::is_same_v<T, Record> || !std::is_invocable_v<const F&, T&>) {
      return [fn = std::move(fn)](Record& r) { fn(r); };
    } else {
      // Safe: the records a typed factory hands out are T objects.
      return [fn = std::move(fn)](Record& r) { fn(static_cast<T&>(r)); };
    }
  }
};

}  // namespace roost
