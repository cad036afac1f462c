#pragma once
// Shared helpers for the migrate suite: a temporary project folder with a migrations
// directory, and a SQLite file inside it.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <unistd.h>

#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"

#include "support/temp_files.hpp"

namespace roost::test {


// Up file plus, when down is non-empty, its down/ twin.
inline void addMigration(const std::filesystem::path& dir, const std::string& name, const std::string& up,
                         const std::string& down = {}) {
  writeFile(dir / name, up);
  if (!down.empty()) writeFile(dir / "down" / name, down);
}

inline bool tableExists(Connection& c, const std::string& table) {
  const Value args[] = {Value(table)};
  return !c.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", args).rows.empty();
}

// roost::dropAllTables, by name.
inline std::vector<std::string> dropAllTableNames(Connection& c) {
  std::vector<std::string> out;
  for (const DroppedObject& o : dropAllTables(c)) out.push_back(o.name);
  return out;
}

inline std::int64_t scalar(Connection& c, const std::string& sql) { return c.execute(sql).rows.at(0).at(0).asInt(); }

}  // namespace roost::test
