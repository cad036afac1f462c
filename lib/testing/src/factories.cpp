#include "roost/testing/factories.hpp"

namespace roost::testing {

void rethrowWithParentHint(const QueryError& error, const ModelMeta& meta) {
  if (error.databaseMessage().find("FOREIGN KEY constraint failed") == std::string::npos) throw;  // the exception being handled, unsliced
  std::string hint = error.databaseMessage() + " (a " + meta.displayName() +
                     " points at a parent row that does not exist: let the factory make it with "
                     ".forRelation(ParentFactory{}, \"relation\") or .forParent(ParentFactory{}, \"parent_id\"), "
                     "or pass an existing parent: .forParent(parent, \"parent_id\"))";
  throw QueryError(error.sql(), std::move(hint), error.code());
}

}  // namespace roost::testing
