#pragma once
// Data loss through foreign-key actions in table rebuilds (D1 keeps foreign keys on, and
// `PRAGMA foreign_keys = OFF` does nothing there nor inside a transaction): a DROP TABLE of a
// table other tables reference with ON DELETE CASCADE deletes every child row, with
// ON DELETE SET NULL nulls every reference, and `PRAGMA defer_foreign_keys = on` stops
// neither (it defers checks, not actions).
//
// Two halves. analyseDataLoss replays the scripts a command will run, in order, on an
// in-memory copy of the target's schema (no rows, foreign keys on), so each script sees the
// schema the earlier ones leave; before every DROP TABLE (and DELETE without WHERE) it
// follows the foreign keys to the tables that would lose rows or get NULLs and reports them
// (rule "cascade-rebuild", a Refusal), and warns about NO ACTION/RESTRICT children that make
// the DROP fail once they hold rows (rule "no-action-rebuild"). For each script it also
// plans a run-time guard: the row counts (and non-NULL counts) the database itself checks in
// the migration's own atomic unit (guardBefore/guardAfter), so a loss the analysis missed or
// was told to skip rolls the whole migration back instead of committing.
//
// Decisions: a child the same script drops later and does not recreate (dropping a parent,
// then its child) loses nothing that outlives the migration: not reported. A child the script
// fills again after the DROP (INSERT INTO child ..., or UPDATE child ... for SET NULL) is
// taken as restored: not reported, still guarded. `DELETE FROM parent WHERE ...` deletes
// chosen rows and their declared cascades on purpose: a Warning ("cascade-delete"), not
// guarded; `DELETE FROM parent` without WHERE empties the children like a DROP: reported.
// A statement the replay cannot run (an unknown module, something that needs data) ends the
// analysis of that script with a Warning ("data-loss-unchecked") and no guard: never a false
// refusal.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "roost/migrate/migration_findings.hpp"
#include "roost/orm/connection.hpp"

namespace roost::migrate {

// A count the guard keeps from dropping: the rows of a table (column empty) or the non-NULL
// values of one column. The table's name before the script runs and after (a rebuild or a
// rename may change it).
struct GuardedCount {
  std::string tableBefore;
  std::string tableAfter;
  std::string column;
  bool operator==(const GuardedCount&) const = default;
};

struct DataLossAnalysis {
  std::vector<Finding> findings;                 // in the order the scripts would run
  std::vector<std::vector<GuardedCount>> guards;  // one per script, same order as the input
};

// The target's current schema (sqlite_schema read through the connection; sqlite_* and _cf_*
// left out), then the scripts in order.
DataLossAnalysis analyseDataLoss(Connection& target, std::span<const MigrationScript> scripts);
// From an empty database (migrate:fresh, after it drops everything).
DataLossAnalysis analyseDataLossFromEmpty(std::span<const MigrationScript> scripts);

// The name of the CHECK constraint whose failure is the guard's ("CHECK constraint failed:
// roost_data_loss_guard"), and of the scratch table it lives in, created and dropped inside
// the migration's atomic unit.
inline constexpr const char* kDataLossGuardConstraint = "roost_data_loss_guard";
inline constexpr const char* kDataLossGuardTable = "_roost_data_guard";

// Statements to run before the script (they create the scratch table and record the counts)
// and after it (they record the new counts; a drop fails the CHECK, then they drop the table).
// Both empty when nothing is guarded.
std::vector<Statement> guardBefore(std::span<const GuardedCount> guarded);
std::vector<Statement> guardAfter(std::span<const GuardedCount> guarded);
// True when a database message is the guard's CHECK failing.
bool isDataLossGuardFailure(std::string_view databaseMessage);
// "comments: 3 rows before, 0 after": each guarded count as it is now (after the rollback:
// before the migration) and, on a backend with transactions, after the script, measured by
// running it once more in a transaction that is rolled back. For the error message only.
std::vector<std::string> describeGuardedCounts(Connection& connection, std::span<const GuardedCount> guarded,
                                               std::string_view script);

}  // namespace roost::migrate
