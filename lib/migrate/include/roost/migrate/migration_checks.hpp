#pragma once
// The D1 rule checks that run before any migration file runs (on --local as on --remote):
// what D1 refuses or ignores, found in the text of the files a command would run, so a
// migration never fails half-way on D1 after working locally. Pure functions on text.
//
//   statement-too-big    Refusal  a statement over D1's 100,000 bytes
//   transaction-control  Refusal  BEGIN/COMMIT/END/ROLLBACK/SAVEPOINT/RELEASE (always, even --local-only)
//   reserved-name        Refusal  creating, altering, renaming to, dropping or writing a _cf_ table,
//                                 index, view or trigger (D1's own)
//   foreign-keys-pragma  Warning  PRAGMA foreign_keys = ...: a no-op on D1 and inside a migration
//
// --local-only (CheckOptions::localOnly) turns statement-too-big and reserved-name into
// warnings: the project never runs on D1.
#include <filesystem>
#include <string>
#include <vector>

#include "roost/migrate/migration_findings.hpp"
#include "roost/orm/backend_limits.hpp"

namespace roost::migrate {

struct CheckOptions {
  bool localOnly = false;               // --local-only: D1's size and _cf_ limits become warnings
  BackendLimits limits = kD1Limits;     // the limits the statements are held to
};

// Every finding of the D1 rules in `scripts`, in the order the statements would run.
std::vector<Finding> checkD1Rules(const std::vector<MigrationScript>& scripts, const CheckOptions& options = {});

// One line: "FILE:LINE: STATEMENT — MESSAGE. Fix: FIX." (file as given).
std::string describeFinding(const Finding& finding);
// The text with a full stop at its end, unless it has one.
std::string asSentence(std::string_view text);

// A statement shortened for display: one line, at most about 60 characters, and its size
// when it was cut ("INSERT INTO t VALUES ... (123,456 bytes)").
std::string shortStatement(std::string_view statement);

}  // namespace roost::migrate
