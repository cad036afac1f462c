#pragma once
// ModelMeta: what the ORM knows about a model at run time — table, key, flags, hooks, the
// connection and clock it uses. Model<T> builds one from T's static members; the CLI
// builds them from the database schema and database/models.jsonc. Everything the ORM does
// with a model goes through this, so C++ models and run-time models behave the same.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "roost/orm/clock.hpp"
#include "roost/orm/hooks.hpp"
#include "roost/orm/relation.hpp"

namespace roost {

class Connection;

struct ModelMeta {
  std::string name;                       // "Post" (for messages); defaults to the table
  std::string table;                      // "posts"
  std::string primaryKey = "id";
  bool timestamps = true;                 // created_at / updated_at
  bool softDeletes = false;               // deleted_at
  std::optional<std::string> tenantColumn;
  std::string createdAtColumn = "created_at";  // "" = the table has none (Laravel's CREATED_AT = null)
  std::string updatedAtColumn = "updated_at";  // "" = the table has none (Laravel's UPDATED_AT = null)
  std::string deletedAtColumn = "deleted_at";

  HookRegistry hooks;
  RelationRegistry relations;
  std::shared_ptr<Connection> connection;  // default connection for this model (may be null)
  Clock clock;                              // null = the default clock (setDefaultClock), else the system clock

  // Declared column types ("INTEGER", "TEXT", ...) when known (the CLI reads them from the
  // schema): dirty checks compare values as the column's affinity would store them.
  std::vector<std::pair<std::string, std::string>> columnTypes;

  bool stampsCreated() const noexcept { return timestamps && !createdAtColumn.empty(); }
  bool stampsUpdated() const noexcept { return timestamps && !updatedAtColumn.empty(); }
  // The declared type of a column, or nullptr when unknown.
  const std::string* columnType(std::string_view column) const noexcept;

  TimePoint now() const { return clock ? clock() : defaultNow(); }
  const std::string& displayName() const { return name.empty() ? table : name; }
  // Validates table and column names; throws InvalidIdentifierError.
  void validate() const;
};

// Every typed model's meta (Model<T>::meta() registers it when first built), in the order they
// were built: what a test kit saves and restores between tests. Run-time metas are not listed.
void registerModelMeta(ModelMeta& meta);
std::vector<ModelMeta*> registeredModelMetas();

// The connection used when neither the query nor the model names one. Set it once at
// start-up (it is read, not synchronised, afterwards).
void setDefaultConnection(std::shared_ptr<Connection> connection);
std::shared_ptr<Connection> defaultConnection();
// meta.connection, else the default; throws UsageError naming the model if neither is set.
Connection& resolveConnection(const ModelMeta& meta);

}  // namespace roost
