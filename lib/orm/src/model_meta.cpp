#include "roost/orm/model_meta.hpp"

#include <mutex>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace roost {

void ModelMeta::validate() const {
  requireIdentifier(table);
  requireIdentifier(primaryKey);
  if (!createdAtColumn.empty()) requireIdentifier(createdAtColumn);
  if (!updatedAtColumn.empty()) requireIdentifier(updatedAtColumn);
  requireIdentifier(deletedAtColumn);
  if (tenantColumn) requireIdentifier(*tenantColumn);
}

const std::string* ModelMeta::columnType(std::string_view column) const noexcept {
  for (const auto& [columnName, type] : columnTypes)
    if (columnName == column) return &type;
  return nullptr;
}

namespace {
struct MetaRegistry {
  std::mutex mutex;
  std::vector<ModelMeta*> metas;
};
MetaRegistry& metaRegistry() {
  static MetaRegistry registry;
  return registry;
}
}  // namespace

void registerModelMeta(ModelMeta& meta) {
  auto& r = metaRegistry();
  std::lock_guard lock(r.mutex);
  r.metas.push_back(&meta);
}

std::vector<ModelMeta*> registeredModelMetas() {
  auto& r = metaRegistry();
  std::lock_guard lock(r.mutex);
  return r.metas;
}

static std::shared_ptr<Connection>& defaultSlot() {
  static std::shared_ptr<Connection> slot;
  return slot;
}

void setDefaultConnection(std::shared_ptr<Connection> connection) { defaultSlot() = std::move(connection); }
std::shared_ptr<Connection> defaultConnection() { return defaultSlot(); }

Connection& resolveConnection(const ModelMeta& meta) {
  if (meta.connection) return *meta.connection;
  if (auto& d = defaultSlot()) return *d;
  throw UsageError("model " + meta.displayName() +
                   " has no connection: call " + meta.displayName() +
                   "::setConnection(...) or roost::setDefaultConnection(...), or pass one to query(conn)");
}

}  // namespace roost
