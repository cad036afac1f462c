#pragma once
// Shared by the db:seed suites: temp copies of the blog sample, its local database, and
// whole-table dumps for comparing two databases.
#include <filesystem>
#include <string>
#include <vector>

#include "apps/run_roost.hpp"
#include "roost/orm/sqlite_connection.hpp"

namespace roost::test::seed {

namespace fs = std::filesystem;

// wrangler-samples/blog copied into dir/name without its local state, migrated.
inline fs::path migratedBlog(const TempDir& dir, const std::string& name = "blog") {
  const fs::path to = dir.path() / name;
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", to, fs::copy_options::recursive);
  fs::remove_all(to / ".wrangler");
  const auto r = runRoost(to, {"migrate", "-q"});
  if (r.status != 0) throw std::runtime_error("migrate failed: " + r.err);
  return to;
}

// The local database file `wrangler dev` (and roost --local) uses in a project.
inline fs::path localDb(const fs::path& app) {
  for (auto& e : fs::recursive_directory_iterator(app / ".wrangler"))
    if (e.path().extension() == ".sqlite") return e.path();
  throw std::runtime_error("no local database under " + app.string());
}

inline std::int64_t scalar(roost::Connection& c, const std::string& sql) {
  return c.execute(sql).rows.at(0).at(0).asInt();
}

// Every row of a table, ordered by its first column, as text (NULL as \N).
inline std::string dump(roost::Connection& c, const std::string& table, const std::string& columns = "*") {
  std::string out;
  auto result = c.execute("SELECT " + columns + " FROM " + table + " ORDER BY 1");
  for (auto& row : result.rows) {
    for (auto& v : row) out += (v.isNull() ? std::string("\\N") : v.toString()) + "|";
    out += "\n";
  }
  return out;
}

}  // namespace roost::test::seed
