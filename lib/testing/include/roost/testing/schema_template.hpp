#pragma once
// SchemaTemplate: a project's migrations applied once to an in-memory SQLite database, from
// which each test case gets a fresh database with the same schema:
//   - copy():     a new in-memory database the template is copied into (sqlite3's backup API,
//                 measured faster than sqlite3_deserialize of a serialized image);
//   - rollback:   one copy kept for the program (shared()), inside a transaction that is rolled
//                 back after each test (begin() / rollback()).
// bench/testing_fixture_bench.cpp measures both; TestDatabase uses the faster (rollback) by default.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "roost/orm/sqlite_connection.hpp"

namespace roost::testing {

// Which migrations make the schema.
struct Migrations {
  std::filesystem::path dir;                 // the migrations folder
  std::string pattern = "*.sql";             // wrangler's migrations_pattern, relative to dir
  std::string table = "d1_migrations";       // the tracking table
};

// The migrations of the project whose wrangler config is in (or above) projectDir, found as
// the roost CLI finds them: config/database.jsonc's migrationsDir, else the binding's
// migrations_dir, else "migrations"; binding empty = the configured default (d1Binding, "DB").
// Throws roost::ConfigError as the CLI would (no wrangler config, unknown binding, ...).
Migrations projectMigrations(const std::filesystem::path& projectDir, const std::string& binding = {});

class SchemaTemplate {
 public:
  // The template for these migrations, built on first use and kept for the program (one per
  // distinct dir/pattern/table). Throws roost::MigrationError naming the file and statement if
  // a migration fails, roost::Error if the folder does not exist.
  static SchemaTemplate& of(const Migrations& migrations);

  explicit SchemaTemplate(const Migrations& migrations);
  SchemaTemplate(const SchemaTemplate&) = delete;
  SchemaTemplate& operator=(const SchemaTemplate&) = delete;

  const Migrations& migrations() const noexcept { return migrations_; }
  // A fresh in-memory database with the migrated schema (and the tracking table's rows).
  std::shared_ptr<SqliteConnection> copy() const;
  // The copy the rollback strategy shares between tests, made on first use.
  const std::shared_ptr<SqliteConnection>& shared();
  // The names of the migrations applied, in order.
  const std::vector<std::string>& applied() const noexcept { return applied_; }

 private:
  Migrations migrations_;
  std::shared_ptr<SqliteConnection> template_;  // never written after migrating
  std::shared_ptr<SqliteConnection> shared_;
  std::vector<std::string> applied_;
};

}  // namespace roost::testing
