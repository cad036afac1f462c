#pragma once
// What the checks before a migration run report: one Finding per problem, each naming the
// file, the line, the statement and the fix. A Refusal stops the command before anything
// runs; a Warning is printed and the command goes on. Produced by the D1 rule checks
// (migration_checks.hpp) and the data-loss analysis (data_loss.hpp); printed by the CLI
// (`migrate:check`, and every command that runs migration files).
#include <filesystem>
#include <string>
#include <vector>

namespace roost::migrate {

// One file a command would run, in the order it runs: an up file, or a down/ file, with its text.
struct MigrationScript {
  std::filesystem::path path;
  std::string sql;
};

enum class Severity { Warning, Refusal };

struct Finding {
  Severity severity = Severity::Refusal;
  std::string rule;               // stable id for scripts and --json: "statement-too-big", "cascade-rebuild", ...
  std::filesystem::path file;     // the migration file (up or down/) the statement is in
  int line = 0;                   // 1-based line the statement starts on
  std::string statement;          // the statement, shortened for display
  std::string message;            // what is wrong, in a sentence
  std::string fix;                // what to do instead
};

inline bool hasRefusals(const std::vector<Finding>& findings) {
  for (const Finding& f : findings)
    if (f.severity == Severity::Refusal) return true;
  return false;
}

}  // namespace roost::migrate
