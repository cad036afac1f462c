#pragma once
// A project folder with one SQLite file made from a schema, and `roost query --db app.sqlite`
// run in it: one expression as arguments, or lines piped on stdin.
#include <string>
#include <vector>

#include "roost/orm/sqlite_connection.hpp"
#include "run_roost.hpp"

namespace roost::test {

struct ConsoleProject {
  TempDir dir;
  explicit ConsoleProject(const char* schema) {
    roost::SqliteConnection db((dir.path() / "app.sqlite").string());
    db.executeScript(schema);
  }
  RunResult query(std::vector<std::string> args, const Env& env = {}) {
    args.insert(args.begin(), {"query", "--db", "app.sqlite"});
    return runRoost(dir.path(), args, env);
  }
  // Runs with `input` on stdin (a file, so not a terminal).
  RunResult piped(const std::string& input, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"query", "--db", "app.sqlite"});
    return runRoost(dir.path(), args, {}, &input);
  }
  // The first column of the first row of plain SQL on the same file, as text.
  std::string sql(const std::string& q) {
    roost::SqliteConnection db((dir.path() / "app.sqlite").string());
    return db.execute(q).rows.at(0).at(0).toString();
  }
};

}  // namespace roost::test
