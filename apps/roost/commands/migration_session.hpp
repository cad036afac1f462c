#pragma once
// MigrationSession: everything one migration command works with, opened once per run — the
// checked target and migrations folder, the connection, the tracking table, the progress
// printer and the Migrator (with --local-only's check options). Also the --local-only flag.
#include <memory>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "commands/migration_progress.hpp"
#include "context.hpp"
#include "roost/migrate/migration_repository.hpp"
#include "roost/migrate/migrator.hpp"

namespace roost::cli {

// --local-only on a command that runs (or checks) migration files.
void addLocalOnlyFlag(CLI::App* cmd, bool& localOnly);
// --local-only with --remote is a usage error: D1 refuses what it accepts.
void requireLocalForLocalOnly(const Context& ctx, bool localOnly);

class MigrationSession {
 public:
  // Checks the target and the folder before it opens (or creates) the database.
  MigrationSession(Context& ctx, Access access, bool localOnly = false);

  migrate::Migrator& migrator() noexcept { return migrator_; }
  const MigrationProgress& progress() const noexcept { return progress_; }

  // --json: the report on stdout. Otherwise the summary line on stderr (or `nothing`).
  void finish(const migrate::MigrationReport& report, std::string_view done, std::string_view nothing);

 private:
  Context& ctx_;
  std::string glob_;  // migrations_pattern relative to the folder
  std::unique_ptr<Connection> conn_;
  migrate::MigrationRepository repo_;
  MigrationProgress progress_;
  migrate::Migrator migrator_;
};

}  // namespace roost::cli
