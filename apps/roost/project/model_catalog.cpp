#include "project/model_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "project/naming.hpp"
#include "roost/project/config_document.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace fs = std::filesystem;

namespace roost::project {

namespace {

constexpr const char* kModelsFile = "database/models.jsonc";
// Besides the project-file limits (roost/project/config_limits.hpp): models, and a model's keys and relations.
constexpr std::size_t kMaxModelsFileKeys = 2000;

// Where a member of the file is written (its key), for messages: the positioned document,
// asked only when there is an error. Paths are the document's: "Post.relations.author.belongsTo".
class Locator {
 public:
  explicit Locator(const ModelsFile& f) {
    const std::string file = f.path.string(), text = project::readConfigText(f.path);
    // The catalog's lookups are linear in the models (and a model's relations): bound them.
    project::checkJsonObjectSizes(project::blankJsoncExtras(text, file), text, file, kMaxModelsFileKeys,
                                  "database/models.jsonc");
    doc_ = project::parseJsoncDocument(text, file);
  }

  [[noreturn]] void fail(std::string_view path, const std::string& message) const { doc_.failAtMember(path, message); }

 private:
  ConfigDocument doc_;
};

bool columnExists(const TableInfo* t, std::string_view c) { return !t || t->hasColumn(c); }

// SQLite compares table and column names without regard to ASCII case.
bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A table whose tenant column cannot be told from the schema: ask for it rather than guess.
[[noreturn]] void refuseTenantGuess(const ModelMeta& m, const std::string& problem, const std::string& column) {
  throw ConfigError("model " + m.displayName() + " (table " + m.table + ") " + problem +
                    "; row-level tenancy will not guess how to scope it. Say so in " + kModelsFile + ": {\"" +
                    m.displayName() + "\": {\"tenantColumn\": \"" + column +
                    "\"}}, or \"tenantColumn\": null to leave it unscoped");
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::optional<ModelsFile> loadModelsFile(const fs::path& projectDir) {
  const fs::path path = projectDir / kModelsFile;
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return ModelsFile{path, project::readJsoncFile(path)};
}

ModelCatalog ModelCatalog::build(Schema schema, const ModelsFile* models, std::string_view migrationsTable,
                                 std::string_view rowTenantModel) {
  ModelCatalog c;
  c.schema_ = std::make_unique<Schema>(std::move(schema));
  c.inferFromSchema(migrationsTable);
  if (models) c.applyModelsFile(*models);
  if (!rowTenantModel.empty()) c.inferTenantColumns(rowTenantModel);
  std::sort(c.models_.begin(), c.models_.end(),
            [](const CatalogModel& a, const CatalogModel& b) { return a.meta->name < b.meta->name; });
  return c;
}

CatalogModel& ModelCatalog::add(std::string name, std::string table) {
  CatalogModel m;
  m.meta = std::make_unique<ModelMeta>();
  m.meta->name = std::move(name);
  m.meta->table = std::move(table);
  m.table = schema_->table(m.meta->table);
  if (m.table) {
    ModelMeta& meta = *m.meta;
    for (const ColumnInfo& c : m.table->columns) meta.columnTypes.emplace_back(c.name, c.type);
    // A table with only created_at (or only updated_at) stamps the one it has.
    const bool created = m.table->hasColumn(meta.createdAtColumn), updated = m.table->hasColumn(meta.updatedAtColumn);
    if (created && !updated) meta.updatedAtColumn.clear();
    if (updated && !created) meta.createdAtColumn.clear();
  }
  models_.push_back(std::move(m));
  return models_.back();
}

ModelMeta* ModelCatalog::find(std::string_view name) noexcept {
  for (auto& m : models_)
    if (m.meta->name == name) return m.meta.get();
  return nullptr;
}

const ModelMeta* ModelCatalog::find(std::string_view name) const noexcept {
  return const_cast<ModelCatalog*>(this)->find(name);
}

const ModelMeta* ModelCatalog::findByTable(std::string_view table) const noexcept {
  for (auto& m : models_)
    if (m.meta->table == table) return m.meta.get();
  return nullptr;
}

const TableInfo* ModelCatalog::tableOf(const ModelMeta& meta) const noexcept {
  for (auto& m : models_)
    if (m.meta.get() == &meta) return m.table;
  return schema_->table(meta.table);
}

std::vector<std::string> ModelCatalog::names() const {
  std::vector<std::string> out;
  for (auto& m : models_) out.push_back(m.meta->name);
  return out;
}

void ModelCatalog::inferFromSchema(std::string_view migrationsTable) {
  for (const TableInfo& t : schema_->tables) {
    if (isInternalTable(t.name, migrationsTable) || !isValidIdentifier(t.name)) continue;
    std::string name = modelNameForTable(t.name);
    if (name.empty() || find(name)) name = pascalCase(t.name);  // "post" and "posts" both exist
    if (name.empty() || find(name)) continue;
    ModelMeta& m = *add(std::move(name), t.name).meta;
    const std::string pk = t.primaryKey();
    m.primaryKey = !pk.empty() ? pk : t.hasColumn("id") ? "id" : "rowid";
    m.timestamps = t.hasColumn(m.createdAtColumn) || t.hasColumn(m.updatedAtColumn);
    m.softDeletes = t.hasColumn(m.deletedAtColumn);
  }
  // Relations from foreign keys, once every model exists (both ends need their ModelMeta).
  for (auto& child : models_) {
    if (!child.table) continue;
    for (const ForeignKeyInfo& fk : child.table->foreignKeys) {
      const ModelMeta* parentConst = findByTable(fk.referencedTable);
      if (!parentConst || !isValidIdentifier(fk.column) || !isValidIdentifier(fk.referencedColumn)) continue;
      ModelMeta& parent = *find(parentConst->name);
      ModelMeta& meta = *child.meta;
      const bool toKey = fk.referencedColumn == parent.primaryKey;
      // posts.author_id -> Post.author; a column not ending in _id -> the parent's singular name.
      const bool idSuffix = fk.column.size() > 3 && fk.column.ends_with("_id");
      const std::string prefix = idSuffix ? fk.column.substr(0, fk.column.size() - 3) : singular(parent.table);
      std::string belongsTo = camelCase(prefix);
      if (!meta.relations.find(belongsTo) && !belongsTo.empty())
        meta.relations.add(RelationDef{belongsTo, RelationDef::Kind::BelongsTo, &parent, fk.column,
                                       toKey ? std::string() : fk.referencedColumn, {}, {}, {}, {}});
      // The inverse: users.posts (HasMany), or users.profile (HasOne) when the key is unique.
      const ColumnInfo* col = child.table->column(fk.column);
      const bool one = col && col->unique;
      std::string inverse = one ? camelCase(singular(meta.table)) : camelCase(meta.table);
      if (&parent == &meta) inverse = one ? "child" : "children";  // comments.parent_id
      if (parent.relations.find(inverse))  // a second key from the same table: users.editorPosts
        inverse = camelCase(prefix) + pascalCase(one ? singular(meta.table) : meta.table);
      if (parent.relations.find(inverse)) continue;
      parent.relations.add(RelationDef{inverse, one ? RelationDef::Kind::HasOne : RelationDef::Kind::HasMany, &meta,
                                       fk.column, toKey ? std::string() : fk.referencedColumn, {}, {}, {}, {}});
    }
  }
}

void ModelCatalog::inferTenantColumns(std::string_view tenantModel) {
  const ModelMeta* tenant = find(tenantModel);  // none: only declared tenant columns lead (step 2)
  for (auto& m : models_)
    if (m.meta.get() == tenant && !m.tenantDeclared) m.tenantFrom = "tenant model";
  auto candidate = [&](const CatalogModel& m) {
    return m.meta.get() != tenant && !m.tenantDeclared && !m.meta->tenantColumn && m.table;
  };
  // 1. A foreign key to the tenant model's table.
  for (auto& m : models_) {
    if (!tenant || !candidate(m)) continue;
    std::vector<std::string> columns;
    for (const ForeignKeyInfo& fk : m.table->foreignKeys) {
      if (!sameName(fk.referencedTable, tenant->table)) continue;
      // The scope compares the column with the tenant's key: a reference to another column
      // (organizations.slug) would match nothing and have creates write the key into it.
      if (!sameName(fk.referencedColumn, tenant->primaryKey))
        refuseTenantGuess(*m.meta, "references " + tenant->table + "(" + fk.referencedColumn + ") by " + fk.column +
                                       ", not by its key " + tenant->primaryKey, fk.column);
      if (std::find(columns.begin(), columns.end(), fk.column) == columns.end()) columns.push_back(fk.column);
    }
    if (columns.size() > 1)
      refuseTenantGuess(*m.meta, "has several foreign keys to " + tenant->table + ": " + joined(columns), columns[0]);
    if (columns.empty()) continue;
    m.meta->tenantColumn = columns.front();
    m.tenantFrom = "foreign key to " + tenant->table;
  }
  // 2. A column named like a tenant column found so far (declared or from a foreign key).
  std::map<std::string, std::string> tenantColumns;  // lower-cased column -> "Invoice"
  for (auto& m : models_)
    if (m.meta->tenantColumn) {
      std::string key = *m.meta->tenantColumn;
      for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      tenantColumns.emplace(std::move(key), m.meta->displayName());
    }
  for (auto& m : models_) {
    if (!candidate(m)) continue;
    std::vector<std::string> columns;
    std::string owner;
    for (const ColumnInfo& c : m.table->columns) {
      std::string key = c.name;
      for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (auto it = tenantColumns.find(key); it != tenantColumns.end()) {
        columns.push_back(c.name);
        owner = it->second;
      }
    }
    if (columns.size() > 1)
      refuseTenantGuess(*m.meta, "has several columns named like tenant columns: " + joined(columns), columns[0]);
    if (columns.empty()) continue;
    m.meta->tenantColumn = columns.front();
    m.tenantFrom = "named like " + owner + ".tenantColumn";
  }
}

void ModelCatalog::applyModelsFile(const ModelsFile& file) {
  if (!file.json.is_object()) {
    Locator(file).fail("", "expected an object of models: {\"Post\": {\"table\": \"posts\", ...}}");
  }
  const Locator where(file);
  static const std::set<std::string> kModelKeys = {"table", "tableName", "primaryKey", "timestamps", "softDeletes",
                                                   "tenantColumn", "relations"};
  auto text = [&](const nlohmann::json& v, const std::string& at, const std::string& what) -> std::string {
    if (!v.is_string()) where.fail(at, what + " must be a string");
    return v.get<std::string>();
  };
  auto flag = [&](const nlohmann::json& v, const std::string& at, const std::string& what) -> bool {
    if (!v.is_boolean()) where.fail(at, what + " must be true or false");
    return v.get<bool>();
  };

  // First pass: models and their flags (relations may name models declared later).
  std::vector<std::string> declared;
  for (auto& [name, entry] : file.json.items()) {
    const std::string& at = name;  // the model's path in the document
    if (!isValidIdentifier(name) || name.find('.') != std::string::npos)
      where.fail(at, "model name '" + name + "' is not a plain name (letters, digits, _)");
    if (!entry.is_object()) where.fail(at, "model '" + name + "' must be an object: {\"table\": \"...\", ...}");
    for (auto& [key, value] : entry.items())
      if (!kModelKeys.count(key))
        where.fail(at + "." + key, "unknown key '" + key + "' in model '" + name +
                                            "'; known keys: table, primaryKey, timestamps, softDeletes, tenantColumn, relations");
    std::string table;
    for (const char* k : {"table", "tableName"})
      if (entry.contains(k)) table = text(entry[k], at + "." + k, name + "." + k);
    ModelMeta* meta = find(name);
    if (table.empty()) table = meta ? meta->table : tableNameForModel(name);
    if (!isValidIdentifier(table)) where.fail(at, "model '" + name + "': table '" + table + "' is not a plain name");
    if (!meta || meta->table != table) {
      // Rename the schema's model for this table (e.g. "Article": {"table": "posts"}), or add one.
      CatalogModel* existing = nullptr;
      for (auto& m : models_)
        if (m.meta->table == table && !m.declared) existing = &m;
      if (ModelMeta* clash = find(name); clash && (!existing || clash != existing->meta.get())) {
        // The name belongs to another table's derived model: that one gives way (keeps its table name).
        clash->name = pascalCase(clash->table);
      }
      if (existing) {
        existing->meta->name = name;
        meta = existing->meta.get();
      } else {
        CatalogModel& added = add(name, table);
        meta = added.meta.get();
        if (added.table) {
          const std::string pk = added.table->primaryKey();
          if (!pk.empty()) meta->primaryKey = pk;
          meta->timestamps = added.table->hasColumn("created_at") || added.table->hasColumn("updated_at");
          meta->softDeletes = added.table->hasColumn("deleted_at");
        }
      }
    }
    for (auto& m : models_)
      if (m.meta.get() == meta) m.declared = true;
    if (entry.contains("primaryKey")) meta->primaryKey = text(entry["primaryKey"], at + ".primaryKey", name + ".primaryKey");
    if (entry.contains("timestamps")) meta->timestamps = flag(entry["timestamps"], at + ".timestamps", name + ".timestamps");
    if (entry.contains("softDeletes")) meta->softDeletes = flag(entry["softDeletes"], at + ".softDeletes", name + ".softDeletes");
    if (entry.contains("tenantColumn")) {
      const auto& v = entry["tenantColumn"];
      if (v.is_null()) meta->tenantColumn.reset();
      else meta->tenantColumn = text(v, at + ".tenantColumn", name + ".tenantColumn");
      for (auto& m : models_)
        if (m.meta.get() == meta) {
          m.tenantDeclared = true;
          m.tenantFrom = v.is_null() ? "models.jsonc: null" : "models.jsonc";
        }
    }
    try {
      meta->validate();
    } catch (const Error& e) {
      where.fail(at, "model '" + name + "': " + e.what());
    }
    declared.push_back(name);
  }

  // Second pass: relations.
  for (const std::string& name : declared) {
    const nlohmann::json& entry = file.json[name];
    if (!entry.contains("relations")) continue;
    const nlohmann::json& relations = entry["relations"];
    const std::string relAt = name + ".relations";
    if (!relations.is_object()) where.fail(relAt, name + ".relations must be an object of relations");
    ModelMeta& parent = *find(name);
    const TableInfo* parentTable = tableOf(parent);
    for (auto& [relName, def] : relations.items()) {
      const std::string path = relAt + "." + relName;
      const std::string& r = path;
      if (!def.is_object()) where.fail(r, path + " must be an object such as {\"belongsTo\": \"User\", \"foreignKey\": \"author_id\"}");
      RelationDef d;
      d.name = relName;
      int kinds = 0;
      std::string relatedName, relatedAt;
      for (auto [key, kind] : {std::pair{"belongsTo", RelationDef::Kind::BelongsTo}, {"hasMany", RelationDef::Kind::HasMany},
                               {"hasOne", RelationDef::Kind::HasOne}, {"belongsToMany", RelationDef::Kind::BelongsToMany}}) {
        if (!def.contains(key)) continue;
        ++kinds;
        d.kind = kind;
        relatedAt = r + "." + key;
        relatedName = text(def[key], relatedAt, path + "." + key);
      }
      if (kinds != 1) where.fail(r, path + ": give exactly one of belongsTo, hasMany, hasOne, belongsToMany (the related model)");
      for (auto& [key, value] : def.items()) {
        static const std::set<std::string> kRelKeys = {"belongsTo", "hasMany", "hasOne", "belongsToMany", "foreignKey",
                                                       "localKey", "ownerKey", "pivot", "foreignPivotKey",
                                                       "relatedPivotKey", "relatedKey", "parentKey"};
        if (!kRelKeys.count(key))
          where.fail(r + "." + key, "unknown key '" + key + "' in " + path +
                                             "; known keys: belongsTo|hasMany|hasOne|belongsToMany, foreignKey, "
                                             "localKey, ownerKey, pivot, foreignPivotKey, relatedPivotKey, relatedKey");
      }
      const ModelMeta* related = find(relatedName);
      if (!related) {
        std::string known;
        for (auto& m : models_) known += (known.empty() ? "" : ", ") + m.meta->name;
        where.fail(relatedAt, path + ": unknown model '" + relatedName + "'; known models: " + known);
      }
      d.related = related;
      auto opt = [&, &spec = def](const char* key) {  // named capture: clang 14 cannot capture a structured binding
        return spec.contains(key) ? text(spec[key], r + "." + std::string(key), path + "." + key) : std::string();
      };
      d.foreignKey = opt("foreignKey");
      using K = RelationDef::Kind;
      if (d.kind == K::BelongsTo) {
        d.localKey = opt("ownerKey");
        if (d.localKey.empty()) d.localKey = opt("localKey");
        if (d.foreignKey.empty()) d.foreignKey = snakeCase(relName) + "_id";
        if (!columnExists(parentTable, d.foreignKey))
          where.fail(r, path + ": table '" + parent.table + "' has no column '" + d.foreignKey + "' (foreignKey)");
      } else if (d.kind == K::HasMany || d.kind == K::HasOne) {
        d.localKey = opt("localKey");
        if (d.foreignKey.empty()) d.foreignKey = singular(parent.table) + "_id";
        if (!columnExists(tableOf(*related), d.foreignKey))
          where.fail(r, path + ": table '" + related->table + "' has no column '" + d.foreignKey + "' (foreignKey)");
      } else {
        d.localKey = opt("parentKey");
        if (d.localKey.empty()) d.localKey = opt("localKey");
        d.relatedKey = opt("relatedKey");
        d.foreignPivotKey = opt("foreignPivotKey");
        d.relatedPivotKey = opt("relatedPivotKey");
        if (def.contains("pivot")) {
          const auto& pivot = def["pivot"];
          const std::string p = r + ".pivot";
          if (pivot.is_string()) {
            d.pivotTable = pivot.get<std::string>();
          } else if (pivot.is_object()) {
            for (auto& [key, value] : pivot.items()) {
              const std::string v = text(value, p + "." + key, path + ".pivot." + key);
              if (key == "table") d.pivotTable = v;
              else if (key == "foreignPivotKey") d.foreignPivotKey = v;
              else if (key == "relatedPivotKey") d.relatedPivotKey = v;
              else where.fail(p + "." + key, "unknown key '" + key + "' in " + path + ".pivot; known keys: table, foreignPivotKey, relatedPivotKey");
            }
          } else {
            where.fail(p, path + ".pivot must be a table name or {\"table\", \"foreignPivotKey\", \"relatedPivotKey\"}");
          }
        }
        // Laravel's defaults: post_tag with post_id and tag_id.
        const std::string a = singular(parent.table), b = singular(related->table);
        if (d.pivotTable.empty()) d.pivotTable = a < b ? a + "_" + b : b + "_" + a;
        if (d.foreignPivotKey.empty()) d.foreignPivotKey = a + "_id";
        if (d.relatedPivotKey.empty()) d.relatedPivotKey = b + "_id";
      }
      try {
        parent.relations.addOrReplace(std::move(d));  // a declaration overrides what was inferred
      } catch (const Error& e) {
        where.fail(r, path + ": " + e.what());
      }
    }
  }
}

}  // namespace roost::project
