#pragma once
// Errors of the migration layer: roost::MigrationError for a failing statement, and those
// raised before anything is run or recorded.
#include <string>
#include <vector>

#include "roost/migrate/migration_findings.hpp"
#include "roost/orm/error.hpp"

namespace roost {

// A migration failed: the file, the statement that failed and the database's message.
class MigrationError : public Error {
 public:
  MigrationError(std::string file, std::string statement, std::string message)
      : Error("migration " + file + " failed: " + message + (statement.empty() ? "" : "\n  statement: " + statement)),
        file_(std::move(file)), statement_(std::move(statement)) {}
  const std::string& file() const noexcept { return file_; }
  const std::string& statement() const noexcept { return statement_; }

 private:
  std::string file_, statement_;
};

}  // namespace roost

namespace roost::migrate {

// The tracking table lists migrations whose files are no longer in the folder (renamed or
// deleted). Running anything could re-apply a renamed migration, so nothing runs.
class MissingMigrationFileError : public Error {
 public:
  MissingMigrationFileError(std::vector<std::string> names, std::string message)
      : Error(std::move(message)), names_(std::move(names)) {}
  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  std::vector<std::string> names_;
};

// A rollback would need down files that do not exist.
class MissingDownFileError : public Error {
 public:
  MissingDownFileError(std::vector<std::string> names, std::string message)
      : Error(std::move(message)), names_(std::move(names)) {}
  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  std::vector<std::string> names_;
};

// The checks before a run (migration_checks.hpp, and every other producer of Findings)
// refused what the command would run: nothing was run or recorded. what() lists each
// finding as "file:line: statement — message. Fix: ...".
class MigrationCheckError : public Error {
 public:
  MigrationCheckError(std::vector<Finding> findings, std::string message)
      : Error(std::move(message)), findings_(std::move(findings)) {}
  // Every finding of the check, refusals and warnings, in the order the statements would run.
  const std::vector<Finding>& findings() const noexcept { return findings_; }

 private:
  std::vector<Finding> findings_;
};

// Migration files hold transaction control (BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT,
// RELEASE), which would break the transaction (SQLite) or batch (D1) each migration runs in.
// Thrown instead of its base when any refusal is transaction control.
class TransactionControlError : public MigrationCheckError {
 public:
  TransactionControlError(std::vector<Finding> findings, std::string message)
      : MigrationCheckError(std::move(findings), std::move(message)) {
    for (const Finding& f : this->findings())
      if (f.rule == "transaction-control") locations_.push_back(f.file.string() + ":" + std::to_string(f.line));
  }
  // "path/0002_x.sql:3", one per offending statement, in the order they would run.
  const std::vector<std::string>& locations() const noexcept { return locations_; }

 private:
  std::vector<std::string> locations_;
};

// A migration would delete rows of other tables (or set their references to NULL) through
// their foreign keys' ON DELETE actions. Either refused before anything ran (findings(): the
// "cascade-rebuild" refusals, each with its rewrite), or run and rolled back by the guard
// inside its own transaction or batch (findings() empty; file() names the migration).
// Nothing of the migration was applied or recorded. --allow-data-loss lets it through.
class DataLossError : public MigrationCheckError {
 public:
  DataLossError(std::string file, std::vector<Finding> findings, std::string message)
      : MigrationCheckError(std::move(findings), std::move(message)), file_(std::move(file)) {}
  const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
};

}  // namespace roost::migrate
