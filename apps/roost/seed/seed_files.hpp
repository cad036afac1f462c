#pragma once
// Declarative seeding: the factories and seeders of a project, read from JSONC (and .sql)
// files — what `roost db:seed` runs, with no C++ to write. Laravel's factories and seeders,
// as data.
//
// database/factories/*.jsonc — an object of factories, by name (the model's name, or any name
// with "model"):
//
//   {
//     "User": {
//       "definition": {                                   // column -> how to fill it
//         "name":  {"fake": "name"},                      // a Fake generator (roost::Fake::call)
//         "email": {"fake": "email", "unique": true},     // never the same value twice in a run
//         "role":  "member",                              // a literal (string, number, bool, null)
//       },
//       "states": {                                       // named partial overrides
//         "admin": {"role": "admin"},
//       },
//       "has": [{"factory": "Profile"}],                  // children every created User gets
//     },
//     "Post": {
//       "definition": {
//         "author_id": {"factory": "User"},               // a new parent for every row (its key)
//         "title": {"fake": "sentence", "args": [6]},
//         "slug":  {"fake": "slug", "args": [4], "unique": true},
//         "summary": {"format": "{title} (#{number})"},  // earlier attributes filled in
//       },
//     },
//   }
//
// An attribute is a literal or one object of these kinds:
//   {"fake": NAME, "args": [...], "unique": true}   a generator by name; unique: no repeat in the run
//   {"sequence": [A, B, ...]}                       the index-th item, round and round (items: any attribute)
//   {"ref": "column"}                               the value of an attribute set before it in the row
//   {"format": "text {column} {index} {number}"}    text with earlier attributes, the row's index
//                                                   (from 0) and number (from 1) filled in
//   {"factory": NAME, "state": S, "attributes": {}} BelongsTo: creates a parent per row, takes its key
//   {"existing": MODEL}                             the key of a random row already in the table
// and any of them may add "nullChance": P (percent of rows that get NULL instead).
// The index counts the rows of one step, restarting for every parent in a "has".
//
// database/seeders/*.jsonc — an object of seeders, by name (a file may hold several):
//
//   {
//     "DatabaseSeeder": {
//       "run": [                                        // steps, in order
//         {"factory": "User", "count": 10, "state": "admin",          // or "state": ["a", "b"]
//          "attributes": {"role": "editor"},                          // overrides, any attribute kind
//          "has": [{"factory": "Post", "count": 3, "state": "published",
//                   "foreignKey": "author_id"}]},                      // or "relation": "posts"; default:
//                                                                      // the relation between the models
//         {"factory": "Post", "count": 5, "for": {"factory": "User", "state": "admin"}},  // one shared parent
//         {"seeder": "TagSeeder"},                                    // another seeder (JSONC or .sql)
//         {"sql": "UPDATE users SET role = 'owner' WHERE id = 1"},    // plain SQL
//       ],
//     },
//   }
//
// database/seeders/NAME.sql — a seeder named by its file, run as one SQL script.
//
// Loading checks the files' shape only (bad JSONC is a ConfigError with file:line:col; so is a
// wrong key or an unknown generator); SeedPlan checks names against the database's models.
//
// Limits (each a ConfigError naming the file, line and limit; none can crash roost or take time
// or memory out of proportion to the files):
//   a file                 at most 8 MiB, no NUL byte (.sql seeders too), objects and lists
//                          nested at most 256 deep (roost/project/config_limits.hpp) — so attributes
//                          and "has" nest at most about 100 deep
//   keys of one object     at most kMaxSeedObjectKeys
//   seeder calling seeder  at most kMaxSeederDepth deep
//   factory making factory at most kMaxFactoryChain deep (parents and "has" children)
//   "count"                at most 1,000,000,000 rows per step
//   generator arguments    bounded by Fake (sentence/words/slug <= 1000 words, paragraph <= 100
//                          sentences, text <= 100,000 characters)
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "roost/orm/value.hpp"

namespace roost::seed {

inline constexpr std::size_t kMaxSeedObjectKeys = 2000;  // SQLite's most columns per table
inline constexpr std::size_t kMaxSeederDepth = 64;
inline constexpr std::size_t kMaxFactoryChain = 12;

// Where something was written, for messages: "database/factories/blog.jsonc:12:7".
struct Where {
  std::string file;  // as shown to the user (relative to the project)
  int line = 0, column = 0;
  std::string str() const;
};

struct AttrSpec;
using AttrList = std::vector<std::pair<std::string, AttrSpec>>;

// A parent made by a factory: {"factory": "User", "state": "admin", "attributes": {...}}.
struct ParentSpec {
  std::string factory;
  std::vector<std::string> states;
  std::shared_ptr<AttrList> attributes;  // shared_ptr: AttrSpec is incomplete here
  std::string foreignKey;  // "for" only: the child's column (default: the BelongsTo relation's)
  Where where;
};

struct AttrSpec {
  enum class Kind { Literal, Fake, Sequence, Ref, Format, Factory, Existing };
  Kind kind = Kind::Literal;
  Value literal;                 // Literal
  std::string name;              // Fake: generator; Ref: column; Format: template; Existing: model
  std::vector<Value> args;       // Fake
  bool unique = false;           // Fake
  int nullChance = 0;            // percent of rows that get NULL
  std::vector<AttrSpec> items;   // Sequence
  std::shared_ptr<ParentSpec> parent;  // Factory
  Where where;
};

// One step of a seeder, or one "has" entry (children of each row made by the step around it).
struct StepSpec {
  enum class Kind { Factory, Seeder, Sql };
  Kind kind = Kind::Factory;
  std::string factory;
  std::size_t count = 1;
  std::vector<std::string> states;
  AttrList attributes;
  std::vector<StepSpec> has;
  std::shared_ptr<ParentSpec> forParent;  // "for": one parent shared by every row
  std::string foreignKey;                 // in "has": the child's column pointing at the parent
  std::string relation;                   // in "has": the parent's relation naming the children
  std::string seeder;                     // Seeder
  std::string sql;                        // Sql
  Where where;
};

struct FactorySpec {
  std::string name;
  std::string model;
  AttrList definition;
  std::vector<std::pair<std::string, AttrList>> states;  // in file order
  std::vector<StepSpec> has;
  Where where;
  const AttrList* state(std::string_view stateName) const noexcept;
  std::vector<std::string> stateNames() const;
};

struct SeederSpec {
  std::string name;
  bool sqlFile = false;     // a NAME.sql seeder: sqlText is the script
  std::string sqlText;
  std::vector<StepSpec> steps;
  Where where;
};

struct SeedFiles {
  std::filesystem::path factoriesDir, seedersDir;
  std::vector<FactorySpec> factories;  // ordered by name
  std::vector<SeederSpec> seeders;     // ordered by name

  const FactorySpec* factory(std::string_view name) const noexcept;
  const SeederSpec* seeder(std::string_view name) const noexcept;
  std::vector<std::string> factoryNames() const;
  std::vector<std::string> seederNames() const;
};

// Reads projectDir/database/factories/*.jsonc and projectDir/database/seeders/*.{jsonc,sql}
// (folders that do not exist hold nothing). Throws ConfigError with file:line:col.
SeedFiles loadSeedFiles(const std::filesystem::path& projectDir);

// "a, b, c" (for "known ...: " lists).
std::string joinNames(const std::vector<std::string>& names);

}  // namespace roost::seed
