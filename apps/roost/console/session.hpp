#pragma once
// Session: one console on one connection — runs lines (expressions or dot commands), prints
// their results, and reports every error on stderr with a caret under the failing column.
// A failed line never ends the session. The model catalog is read on first use (one schema
// query), so `roost query ".tables"` and `roost query "Post.count()"` do the least work.
//
// The three ways in: run() for one line (`roost query "EXPR"`), runScript() for lines piped
// on stdin, and interactive() for the libedit prompt with history and tab completion.
#include <cstdio>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "console/completion.hpp"
#include "console/evaluator.hpp"
#include "console/format.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/connection.hpp"
#include "roost/orm/schema.hpp"

namespace roost::cli {
class Output;
}

namespace roost::console {

struct SessionOptions {
  PrintOptions print;
  std::filesystem::path projectDir;              // where database/models.jsonc is looked for
  std::string migrationsTable{kDefaultMigrationsTable};  // left out of .tables and .models
  std::string description;                        // "local DB (…)" for the banner
  std::string rowTenantModel;                     // tenantModel under tenantStrategy "row", else empty
};

class Session {
 public:
  Session(Connection& connection, cli::Output& out, SessionOptions options);

  // Runs one line; false when it failed (the error is already printed). `lineNumber` > 0
  // prefixes errors with "line N: " (scripts).
  bool run(std::string_view line, std::size_t lineNumber = 0);
  // One line at a time until EOF or .exit; returns 0, or 1 if any line failed.
  int runScript(std::istream& in, bool bail);
  // The prompt. History in $HOME/.roost_history. Returns 0 (errors never end it).
  int interactive();

  bool exitRequested() const noexcept { return exit_; }
  project::ModelCatalog& catalog();
  Completion completeLine(std::string_view beforeCursor);

 private:
  void dotCommand(std::string_view line);
  void printError(std::string_view line, const std::string& message, std::optional<std::size_t> offset,
                  std::size_t lineNumber);
  void help();

  Connection& conn_;
  cli::Output& out_;
  SessionOptions options_;
  Printer printer_;
  std::optional<project::ModelCatalog> catalog_;
  Evaluator evaluator_;
  CompletionSource completion_;
  bool exit_ = false;
  bool sqlScopeNoticeShown_ = false;
};

}  // namespace roost::console
