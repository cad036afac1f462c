#pragma once
// ModelCatalog: run-time models for a project, learnt from its database schema and merged
// with the optional database/models.jsonc — what the console (and the seeders) drive
// instead of compiled Model<T> types.
//
// From the schema, every table except internal ones (sqlite_*, _cf_*, the migrations table):
//   posts -> Post (singular, PascalCase); primary key from the table (else "id");
//   timestamps when created_at and updated_at exist; softDeletes when deleted_at exists;
//   posts.author_id REFERENCES users(id) -> Post.author (BelongsTo User) and the inverse
//   User.posts (HasMany Post) — or User.post (HasOne) when posts.author_id is UNIQUE.
// From models.jsonc (DESIGN.md "Tenancy"), one entry per model, overriding the schema:
//   {"Post": {"table": "posts", "primaryKey": "id", "timestamps": true, "softDeletes": false,
//             "tenantColumn": "org_id",
//             "relations": {"author": {"belongsTo": "User", "foreignKey": "author_id", "ownerKey": "id"},
//                           "comments": {"hasMany": "Comment", "foreignKey": "post_id", "localKey": "id"},
//                           "tags": {"belongsToMany": "Tag", "pivot": {"table": "post_tag",
//                                    "foreignPivotKey": "post_id", "relatedPivotKey": "tag_id"}}}}}
//
// Row-level tenancy (tenantStrategy "row", the tenant model given to build): a model that
// references the tenant model is a tenant model, scoped and failing closed like a declared one —
//   1. a foreign key to the tenant model's table (invoices.org_id REFERENCES organizations);
//   2. else a column named like another model's tenantColumn (notes.org_id, no foreign key);
// unless models.jsonc gives its tenantColumn (a column, or null to opt out). The tenant model
// itself is never scoped. Two candidate columns on one table is a ConfigError asking for a
// declaration, never a guess.
//
// The catalog owns its ModelMeta objects at stable addresses (relations point at them) and
// sets no connection on them: callers build queries with Query(meta, connection). Not
// thread-safe to build; read-only use from several threads is fine.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "roost/orm/model_meta.hpp"
#include "roost/orm/schema.hpp"

namespace roost::project {

// The parsed database/models.jsonc and where it came from (for messages).
struct ModelsFile {
  std::filesystem::path path;
  nlohmann::json json;
};

// The project's database/models.jsonc, or nullopt when there is none. A syntax error is a
// ConfigError with file:line:col.
std::optional<ModelsFile> loadModelsFile(const std::filesystem::path& projectDir);

struct CatalogModel {
  std::unique_ptr<ModelMeta> meta;  // stable address: RelationDefs point at it
  const TableInfo* table = nullptr; // null when models.jsonc names a table the database lacks
  bool declared = false;            // listed in models.jsonc
  bool tenantDeclared = false;      // models.jsonc gives its "tenantColumn" (a column or null)
  // Where the tenant column (or its absence) came from, for `.models`: "models.jsonc",
  // "foreign key to organizations", "named like Invoice.tenantColumn", "models.jsonc: null",
  // "tenant model"; empty when nothing made it one.
  std::string tenantFrom;
};

class ModelCatalog {
 public:
  // Throws ConfigError naming the file and the entry for a broken models.jsonc entry (unknown
  // key, wrong type, a relation to an unknown model). rowTenantModel: the tenantModel under
  // tenantStrategy "row" (empty: no tenant columns are inferred).
  static ModelCatalog build(Schema schema, const ModelsFile* models = nullptr,
                            std::string_view migrationsTable = kDefaultMigrationsTable, std::string_view rowTenantModel = {});

  ModelCatalog(ModelCatalog&&) noexcept = default;
  ModelCatalog& operator=(ModelCatalog&&) noexcept = default;

  // By model name ("Post"), exact; null if unknown.
  ModelMeta* find(std::string_view name) noexcept;
  const ModelMeta* find(std::string_view name) const noexcept;
  const ModelMeta* findByTable(std::string_view table) const noexcept;
  // The table behind a model (null when the database has no such table).
  const TableInfo* tableOf(const ModelMeta& meta) const noexcept;

  // Every model, ordered by name.
  const std::vector<CatalogModel>& models() const noexcept { return models_; }
  std::vector<std::string> names() const;
  const Schema& schema() const noexcept { return *schema_; }

 private:
  ModelCatalog() = default;
  CatalogModel& add(std::string name, std::string table);
  void inferFromSchema(std::string_view migrationsTable);
  void applyModelsFile(const ModelsFile& file);
  void inferTenantColumns(std::string_view tenantModel);

  std::unique_ptr<Schema> schema_;  // pointer: TableInfo addresses survive moving the catalog
  std::vector<CatalogModel> models_;
};

}  // namespace roost::project
