// libFuzzer target: database/models.jsonc as roost reads it (loadModelsFile, then
// ModelCatalog::build over a fixed schema like the samples'): any bytes give a catalog whose
// model names are unique and whose relations point into it, or a ConfigError naming the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "project/model_catalog.hpp"

namespace {

roost::ColumnInfo column(std::string name, int primaryKeyIndex = 0, bool unique = false) {
  roost::ColumnInfo c;
  c.name = std::move(name);
  c.type = primaryKeyIndex ? "INTEGER" : "TEXT";
  c.primaryKeyIndex = primaryKeyIndex;
  c.unique = unique || primaryKeyIndex == 1;
  return c;
}

roost::TableInfo table(std::string name, std::vector<roost::ColumnInfo> columns,
                       std::vector<roost::ForeignKeyInfo> keys = {}) {
  return roost::TableInfo{std::move(name), std::move(columns), std::move(keys)};
}

// The blog and multitenant samples' tables, ordered by name as readSchema returns them.
roost::Schema sampleSchema() {
  roost::Schema s;
  s.tables.push_back(table("comments", {column("id", 1), column("post_id"), column("parent_id"), column("body")},
                           {{"post_id", "posts", "id"}, {"parent_id", "comments", "id"}}));
  s.tables.push_back(table("d1_migrations", {column("id", 1), column("name"), column("applied_at")}));
  s.tables.push_back(table("organizations", {column("id", 1), column("slug", 0, true), column("name")}));
  s.tables.push_back(table("post_tag", {column("post_id", 1), column("tag_id", 2)},
                           {{"post_id", "posts", "id"}, {"tag_id", "tags", "id"}}));
  s.tables.push_back(table("posts", {column("id", 1), column("author_id"), column("editor_id"), column("org_id"),
                                     column("title"), column("created_at"), column("updated_at"), column("deleted_at")},
                           {{"author_id", "users", "id"}, {"editor_id", "users", "id"}, {"org_id", "organizations", "id"}}));
  s.tables.push_back(table("profiles", {column("id", 1), column("user_id", 0, true), column("bio")},
                           {{"user_id", "users", "id"}}));
  s.tables.push_back(table("tags", {column("id", 1), column("name")}));
  s.tables.push_back(table("users", {column("id", 1), column("name"), column("email", 0, true), column("org_id"),
                                     column("created_at"), column("updated_at")},
                           {{"org_id", "organizations", "id"}}));
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const roost::fuzz::ScratchProject project;
  const std::string_view text = roost::fuzz::bytesOf(data, size);
  const std::filesystem::path file = project.write("database/models.jsonc", text);
  try {
    const auto models = roost::project::loadModelsFile(project.dir());
    if (!models) std::abort();
    const auto catalog = roost::project::ModelCatalog::build(sampleSchema(), &*models);
    std::set<const roost::ModelMeta*> metas;
    std::set<std::string> names;
    for (const auto& m : catalog.models()) {
      if (!m.meta || !names.insert(m.meta->name).second) std::abort();
      metas.insert(m.meta.get());
    }
    for (const auto& m : catalog.models()) {
      if (catalog.find(m.meta->name) != m.meta.get()) std::abort();
      for (const std::string& relation : m.meta->relations.names()) {
        const roost::RelationDef* def = m.meta->relations.find(relation);
        if (!def || !metas.count(def->related)) std::abort();
      }
    }
  } catch (const roost::ConfigError& e) {
    roost::fuzz::checkConfigError(e, text, file.string());
  }
  return 0;
}
