#pragma once
// createOne / createMany over roost's factories (roost/orm/factory.hpp), for tests:
//
//   auto post = roost::testing::createOne(PostFactory{}.forRelation(UserFactory{}, "author"));
//   auto drafts = roost::testing::createMany(PostFactory{}, 3, {{"status", "draft"}});
//
// A row that points at a parent that does not exist fails with SQLite's bare "FOREIGN KEY
// constraint failed"; these helpers add how to make the parent (forRelation / forParent).
#include <cstddef>
#include <string>
#include <utility>

#include "roost/orm/attributes.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/factory.hpp"

namespace roost::testing {

// Call only from a catch handler: rethrows a QueryError for a foreign key with the fix added to
// its message, any other one as it is.
[[noreturn]] void rethrowWithParentHint(const QueryError& error, const ModelMeta& meta);

template <AnyFactory F>
auto createOne(const F& factory, Attributes::Init overrides = {}) {
  try {
    return factory.createOne(overrides);
  } catch (const QueryError& e) {
    rethrowWithParentHint(e, factory.meta());
  }
}

template <AnyFactory F>
auto createMany(const F& factory, std::size_t count, Attributes::Init overrides = {}) {
  try {
    return factory.count(count).create(overrides);
  } catch (const QueryError& e) {
    rethrowWithParentHint(e, factory.meta());
  }
}

}  // namespace roost::testing
