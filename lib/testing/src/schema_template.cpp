#include "roost/testing/schema_template.hpp"

#include <sqlite3.h>

#include <map>
#include <mutex>
#include <tuple>

#include "roost/migrate/migrator.hpp"
#include "roost/orm/error.hpp"
#include "roost/project/target.hpp"

namespace roost::testing {

Migrations projectMigrations(const std::filesystem::path& projectDir, const std::string& binding) {
  project::TargetOptions options;
  options.cwd = projectDir;
  if (!binding.empty()) options.database = binding;
  project::Target target = project::resolveTarget(options);
  Migrations m;
  m.dir = target.migrationsDir;
  m.pattern = project::migrationsPattern(target).relative;
  m.table = target.migrationsTable;
  return m;
}

SchemaTemplate& SchemaTemplate::of(const Migrations& migrations) {
  using Key = std::tuple<std::string, std::string, std::string>;
  static std::mutex mutex;
  static std::map<Key, std::unique_ptr<SchemaTemplate>> templates;
  std::lock_guard lock(mutex);
  Key key{std::filesystem::absolute(migrations.dir).lexically_normal().string(), migrations.pattern, migrations.table};
  auto& slot = templates[key];
  if (!slot) slot = std::make_unique<SchemaTemplate>(migrations);
  return *slot;
}

SchemaTemplate::SchemaTemplate(const Migrations& migrations)
    : migrations_(migrations), template_(std::make_shared<SqliteConnection>(":memory:")) {
  migrate::MigrationFiles files(migrations.dir, migrations.pattern);
  if (!files.dirExists())
    throw Error("roost::testing: the migrations folder " + migrations.dir.string() +
                " does not exist (pass the folder that holds your NNNN_name.sql files)");
  migrate::MigrationRepository repository(*template_, migrations.table);
  migrate::Migrator migrator(repository, std::move(files));
  for (const auto& outcome : migrator.run().migrations) applied_.push_back(outcome.name);
}

std::shared_ptr<SqliteConnection> SchemaTemplate::copy() const {
  auto fresh = std::make_shared<SqliteConnection>(":memory:");
  sqlite3_backup* backup = sqlite3_backup_init(fresh->handle(), "main", template_->handle(), "main");
  if (!backup) throw Error(std::string("roost::testing: cannot copy the schema: ") + sqlite3_errmsg(fresh->handle()));
  sqlite3_backup_step(backup, -1);
  if (sqlite3_backup_finish(backup) != SQLITE_OK)
    throw Error(std::string("roost::testing: cannot copy the schema: ") + sqlite3_errmsg(fresh->handle()));
  return fresh;
}

const std::shared_ptr<SqliteConnection>& SchemaTemplate::shared() {
  if (!shared_) shared_ = copy();
  return shared_;
}

}  // namespace roost::testing
