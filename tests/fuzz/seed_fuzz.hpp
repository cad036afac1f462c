#pragma once
// The body of the factories and seeders targets: the input as one JSONC file of a copy of the
// blog sample (its migrations run on an in-memory SQLite database, its other seed files kept),
// then what db:seed does with it: loadSeedFiles, SeedRunner::plan of every seeder, and a run of
// each small plan. Any bytes give specs whose places lie inside the file, or a ConfigError
// naming a seed file and a place inside it; plans either resolve or fail the same way, and a
// run writes its rows or stops with roost's own error.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <nlohmann/json.hpp>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "project/model_catalog.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/fake.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "seed/seed_files.hpp"
#include "seed/seed_runner.hpp"

namespace roost::fuzz {

// Plans of more rows than this are resolved but not run, to keep each execution short.
constexpr std::int64_t kMaxRunRows = 64;

inline void checkWhere(const seed::Where& where, std::string_view text, const std::string& shown) {
  if (where.file != shown) return;  // another of the project's seed files
  if (where.line < 1 || where.line > lineCount(text) || where.column < 1) std::abort();
}

inline void checkAttrs(const seed::AttrList& list, std::string_view text, const std::string& shown);

inline void checkParent(const seed::ParentSpec* parent, std::string_view text, const std::string& shown) {
  if (!parent) return;
  checkWhere(parent->where, text, shown);
  if (parent->attributes) checkAttrs(*parent->attributes, text, shown);
}

inline void checkAttr(const seed::AttrSpec& attr, std::string_view text, const std::string& shown) {
  checkWhere(attr.where, text, shown);
  if (attr.nullChance < 0 || attr.nullChance > 100) std::abort();
  if (attr.kind == seed::AttrSpec::Kind::Sequence && attr.items.empty()) std::abort();
  if ((attr.kind == seed::AttrSpec::Kind::Factory) != (attr.parent != nullptr)) std::abort();
  for (const auto& item : attr.items) checkAttr(item, text, shown);
  checkParent(attr.parent.get(), text, shown);
}

inline void checkAttrs(const seed::AttrList& list, std::string_view text, const std::string& shown) {
  for (const auto& [column, attr] : list) {
    if (column.empty()) std::abort();
    checkAttr(attr, text, shown);
  }
}

// Also says whether any step runs SQL (those plans are not run: the fuzzer would write files).
inline bool checkSteps(const std::vector<seed::StepSpec>& steps, std::string_view text, const std::string& shown) {
  bool sql = false;
  for (const auto& step : steps) {
    checkWhere(step.where, text, shown);
    if (step.count > 1'000'000'000) std::abort();
    checkAttrs(step.attributes, text, shown);
    sql = checkSteps(step.has, text, shown) || sql;
    checkParent(step.forParent.get(), text, shown);
    sql = sql || step.kind == seed::StepSpec::Kind::Sql;
  }
  return sql;
}

inline std::string blogSchemaSql() {
  std::string sql;
  for (const char* name : {"0001_create_users_table.sql", "0002_create_profiles_table.sql", "0003_create_posts_table.sql"})
    sql += project::readConfigText(std::filesystem::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog/database/migrations" / name);
  return sql;
}

inline void checkSeedError(const ConfigError& e, std::string_view text, const std::string& relative) {
  if (e.file() == relative) return checkConfigError(e, text, relative);
  // The file readers' own refusals (NUL byte, size) name the file by its full path.
  if (e.file().ends_with("/" + relative)) return checkConfigError(e, text, e.file());
  if (!e.file().starts_with("database/")) {
    std::fprintf(stderr, "a ConfigError names no seed file: '%s': %s\n", e.file().c_str(), e.what());
    std::abort();
  }
}

// Plans (and, when small, runs) one seeder on a fresh copy of the blog's database.
inline void planAndRun(const seed::SeedFiles& files, const std::string& seeder, bool mayRun, std::string_view text,
                       const std::string& relative) {
  static const std::string schemaSql = blogSchemaSql();
  SqliteConnection connection(":memory:");
  connection.executeScript(schemaSql);
  project::ModelCatalog catalog = project::ModelCatalog::build(readSchema(connection));
  seed::SeedRunner runner(connection, catalog, files);
  try {
    runner.plan(seeder);
  } catch (const ConfigError& e) {
    checkSeedError(e, text, relative);
    return;
  }
  if (runner.plannedRows() < 0) std::abort();
  if (!mayRun || runner.plannedRows() > kMaxRunRows) return;
  seed::SeedOptions options;
  options.seed = 7;
  options.now = parseIsoTimestamp("2026-01-01T00:00:00Z");
  try {
    const seed::SeedReport report = runner.run(options);
    if (report.rows != runner.plannedRows()) std::abort();
  } catch (const ConfigError& e) {
    checkSeedError(e, text, relative);
  } catch (const Error&) {  // the database refused a row (a NOT NULL column left out, ...), or a unique generator ran dry
  }
}

// relative: "database/factories/fuzz.jsonc" or "database/seeders/fuzz.jsonc"; the other
// folder holds the blog sample's file, and for factories a seeder that makes two of each.
inline int fuzzSeedFile(const std::string& relative, const std::uint8_t* data, std::size_t size) {
  static const ScratchProject project;
  static const bool fuzzingFactories = relative.starts_with("database/factories/");
  static const bool sampleWritten = [] {
    const std::filesystem::path blog = std::filesystem::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog/database";
    if (!fuzzingFactories)
      project.write("database/factories/blog.jsonc", project::readConfigText(blog / "factories/blog.jsonc"));
    return true;
  }();
  (void)sampleWritten;
  const std::string_view text = bytesOf(data, size);
  project.write(relative, text);
  if (fuzzingFactories) std::filesystem::remove_all(project.dir() / "database/seeders");
  try {
    seed::SeedFiles files = seed::loadSeedFiles(project.dir());
    bool sql = false;
    for (const auto& factory : files.factories) {
      if (factory.name.empty() || factory.model.empty()) std::abort();
      checkWhere(factory.where, text, relative);
      checkAttrs(factory.definition, text, relative);
      for (const auto& [state, list] : factory.states) checkAttrs(list, text, relative);
      sql = checkSteps(factory.has, text, relative) || sql;
    }
    for (const auto& seeder : files.seeders) {
      checkWhere(seeder.where, text, relative);
      sql = checkSteps(seeder.steps, text, relative) || sql || seeder.sqlFile;
    }
    if (fuzzingFactories) {  // a seeder making two rows of every factory, then plan it
      std::string run;
      for (const auto& factory : files.factories)
        run += (run.empty() ? "" : ", ") + std::string("{\"factory\": \"") + factory.name + "\", \"count\": 2}";
      project.write("database/seeders/fuzz.jsonc", "{\"FuzzSeeder\": {\"run\": [" + run + "]}}");
      files = seed::loadSeedFiles(project.dir());
    }
    for (const auto& seeder : files.seeders) planAndRun(files, seeder.name, !sql, text, relative);
  } catch (const ConfigError& e) {
    checkSeedError(e, text, relative);
  }
  return 0;
}

}  // namespace roost::fuzz
