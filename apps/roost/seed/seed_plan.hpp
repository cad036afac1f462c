#pragma once
// The compiled form of a seeder (seed_planner.cpp makes it, seed_producer.cpp runs it): each
// factory step as a Recipe of columns, each column with where its value comes from.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "project/model_catalog.hpp"
#include "roost/orm/error.hpp"
#include "seed/seed_files.hpp"

namespace roost::seed {

struct Recipe;
struct SeederPlan;

[[noreturn]] inline void failAt(const Where& w, const std::string& message) {
  if (w.file.empty()) throw ConfigError(message);
  throw ConfigError(w.file, w.line, w.column, message);
}

enum class Source {
  Spec,      // from the attribute's recipe (fake, literal, sequence, ref, format)
  Fixed,     // given per row by the caller: the foreign key of a "has" child
  Shared,    // one parent for every row ("for")
  Parent,    // a new parent for every row ({"factory": ...})
  Existing,  // a random existing row's key
  Now,       // created_at / updated_at
  Tenant,    // the tenant column under --tenant
  Key,       // the primary key, assigned by the seeder
};

struct FormatPart {
  std::string text;
  int column = -1;
  int counter = 0;  // 1: {index}, 2: {number}
};

struct CompiledAttr {
  const AttrSpec* spec = nullptr;
  std::vector<FormatPart> parts;  // Format
  int ref = -1;                   // Ref
  std::vector<CompiledAttr> items;  // Sequence
};

struct ColumnPlan {
  std::string name;
  Source source = Source::Spec;
  CompiledAttr attr;  // Spec; attr.spec is also set for Parent/Existing (nullChance, position)
  std::size_t slot = 0;                 // Fixed
  std::unique_ptr<Recipe> parent;       // Parent, Shared
  int parentKeyColumn = -1;             // the parent's column that goes here
  const ModelMeta* existing = nullptr;  // Existing
  std::string existingKey;
  std::vector<int> deps;
};

struct ChildPlan {
  std::unique_ptr<Recipe> recipe;
  std::size_t count = 1;
  int ownerColumn = -1;  // the parent's column the children's foreign key takes
};

struct Recipe {
  const FactorySpec* factory = nullptr;
  const ModelMeta* meta = nullptr;
  const TableInfo* table = nullptr;
  std::vector<ColumnPlan> columns;
  std::vector<std::string> names;
  std::vector<int> order;  // Spec columns, dependencies first
  int keyColumn = -1;
  int tenantColumn = -1;
  bool tenantFromRow = false;  // the factory sets the tenant column itself
  std::size_t slots = 0;       // Fixed values per row
  std::vector<ChildPlan> children;
  Where where;

  int find(std::string_view column) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == column) return static_cast<int>(i);
    return -1;
  }
  std::vector<std::string> attributeNames() const { return names; }
};

struct StepPlan {
  StepSpec::Kind kind = StepSpec::Kind::Factory;
  std::unique_ptr<Recipe> recipe;
  std::size_t count = 0;
  const SeederPlan* seeder = nullptr;
  std::string sql;
  std::string label;  // for messages: "Post x 3 (database/seeders/x.jsonc:4:9)"
};

struct SeederPlan {
  const SeederSpec* spec = nullptr;
  std::vector<StepPlan> steps;
  std::int64_t rows = 0;
};

}  // namespace roost::seed
