#include "roost/migrate/migration_checks.hpp"

#include <algorithm>
#include <cctype>

#include "roost/orm/sql_text.hpp"

namespace roost::migrate {

namespace {

// 123456 -> "123,456"
std::string withThousands(std::size_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

bool startsWithReservedPrefix(std::string_view name) {
  return name.size() >= 4 && name[0] == '_' && (name[1] == 'c' || name[1] == 'C') &&
         (name[2] == 'f' || name[2] == 'F') && name[3] == '_';
}

// Cheap test before tokenizing: most statements never mention _cf_ at all.
bool mentionsReservedPrefix(std::string_view sql) {
  for (std::size_t i = sql.find('_'); i != std::string_view::npos; i = sql.find('_', i + 1))
    if (startsWithReservedPrefix(sql.substr(i))) return true;
  return false;
}

bool setsForeignKeys(std::string_view sql) {
  const PragmaStatement pragma = pragmaOf(sql);
  return pragma.name == "FOREIGN_KEYS" &&
         (pragma.form == PragmaStatement::Form::Assign || pragma.form == PragmaStatement::Form::Call);
}

Finding finding(Severity severity, std::string rule, const MigrationScript& script, const SqlStatement& st,
                std::string message, std::string fix) {
  return {severity, std::move(rule), script.path, st.line, shortStatement(st.text), std::move(message), std::move(fix)};
}

// D1's size and _cf_ limits: refused, or on --local-only a warning that says what D1 would do.
Severity d1Limit(const CheckOptions& options, std::string& message) {
  if (!options.localOnly) return Severity::Refusal;
  message += " (accepted with --local-only: this project does not run on D1)";
  return Severity::Warning;
}

void checkStatement(const MigrationScript& script, const SqlStatement& st, const CheckOptions& options,
                    std::vector<Finding>& out) {
  if (st.text.size() > options.limits.maxStatementBytes) {
    std::string message = "this statement is " + withThousands(st.text.size()) + " bytes; D1 refuses statements over " +
                          withThousands(options.limits.maxStatementBytes) + " bytes";
    const Severity severity = d1Limit(options, message);
    out.push_back(finding(severity, "statement-too-big", script, st, std::move(message),
                          "split the INSERT into several statements, or load the data with `roost db:seed`, which "
                          "batches rows within D1's limits"));
  }
  if (isTransactionControl(st.text)) {
    out.push_back(finding(Severity::Refusal, "transaction-control", script, st,
                          "roost runs each migration and its tracking row in a transaction of its own (on D1, in one "
                          "batch, and D1 refuses these statements anyway), so a BEGIN, COMMIT, END, ROLLBACK, "
                          "SAVEPOINT or RELEASE inside a migration would leave it half applied, or applied but not "
                          "recorded",
                          "Remove these statements: each migration is already all-or-nothing"));
    return;
  }
  if (mentionsReservedPrefix(st.text)) {
    for (const std::string& name : objectNamesWritten(st.text)) {
      if (!startsWithReservedPrefix(name)) continue;
      std::string message = "\"" + name + "\": names starting with _cf_ are reserved for D1's own tables, and D1 "
                            "refuses to create, change or write them";
      const Severity severity = d1Limit(options, message);
      out.push_back(finding(severity, "reserved-name", script, st, std::move(message),
                            "choose a name that does not start with _cf_"));
      break;
    }
  }
  if (setsForeignKeys(st.text)) {
    out.push_back(finding(Severity::Warning, "foreign-keys-pragma", script, st,
                          "PRAGMA foreign_keys has no effect: D1 keeps foreign keys on, and SQLite ignores it inside "
                          "the transaction roost runs each migration in",
                          "use PRAGMA defer_foreign_keys = on to defer checks to the end of the migration (it does "
                          "not stop ON DELETE CASCADE)"));
  }
}

}  // namespace

std::vector<Finding> checkD1Rules(const std::vector<MigrationScript>& scripts, const CheckOptions& options) {
  std::vector<Finding> out;
  for (const MigrationScript& script : scripts)
    for (const SqlStatement& st : splitSqlStatements(script.sql)) checkStatement(script, st, options, out);
  return out;
}

std::string asSentence(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

std::string describeFinding(const Finding& f) {
  return f.file.string() + ":" + std::to_string(f.line) + ": " + f.statement + " — " + asSentence(f.message) +
         " Fix: " + asSentence(f.fix);
}

std::string shortStatement(std::string_view statement) {
  constexpr std::size_t kShown = 60;
  std::string out;
  for (char c : statement.substr(0, kShown)) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;  // runs of whitespace: one space
    out += space ? ' ' : c;
  }
  if (statement.size() <= kShown) return out;
  return out + " ... (" + withThousands(statement.size()) + " bytes)";
}

}  // namespace roost::migrate
