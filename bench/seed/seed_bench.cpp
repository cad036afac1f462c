// 100,000 posts seeded through the declarative seeder, against raw sqlite3.
//
//   roost_seed_bench [--posts N] [--runs R] [--roost PATH]
//
// Each run, on fresh copies of wrangler-samples/blog's schema (same pragmas as roost's local
// files: WAL, synchronous=NORMAL, foreign_keys=ON):
//   seeder: SeedRunner with the blog's factories and the seeder
//           {"factory": "User", "count": N/100, "has": [{"factory": "Post", "count": 100, "state": "published"}]}
//           — fake data made, keys assigned, multi-row INSERTs, one transaction (what
//           `roost db:seed` does after reading the schema);
//   raw:    the very rows the seeder wrote (read back beforehand, not timed), inserted with the
//           sqlite3 C API: prepared multi-row INSERTs with the same number of rows per statement
//           as the seeder used, one transaction.
//   cli:    with --roost, the whole `roost db:seed --db FILE` process as well.
// Reports rows per second and the ratio seeder/raw (median of the runs).
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "project/model_catalog.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "seed/seed_files.hpp"
#include "seed/seed_runner.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void writeText(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The blog's migrations, in order.
void migrate(roost::Connection& c) {
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog/database/migrations"))
    if (e.path().extension() == ".sql") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (auto& f : files) c.executeScript(readText(f));
}

roost::SqliteOptions localOptions() {
  roost::SqliteOptions o;
  o.wal = true;
  o.relaxedSync = true;  // as roost opens wrangler's local dev files
  return o;
}

struct Batch {
  std::string table;
  std::size_t rows;
};

struct SeederRun {
  double seconds = 0;
  std::int64_t rows = 0, posts = 0;
  std::size_t statements = 0;
  std::vector<Batch> batches;
};

SeederRun runSeeder(const fs::path& project, const fs::path& dbFile) {
  roost::SqliteConnection conn(dbFile.string(), localOptions());
  migrate(conn);
  SeederRun out;
  // Rows per INSERT statement, to replay the same batches raw (counted from the bindings).
  std::map<std::string, std::size_t> columns = {{"users", 0}, {"posts", 0}};
  conn.setListener([&](std::string_view sql, std::span<const roost::Value> bindings) {
    if (!sql.starts_with("INSERT INTO \"")) return;
    const std::size_t q = sql.find('"', 13);
    const std::string table(sql.substr(13, q - 13));
    const std::size_t open = sql.find('('), close = sql.find(')');
    const std::size_t cols = static_cast<std::size_t>(std::count(sql.begin() + static_cast<std::ptrdiff_t>(open),
                                                                 sql.begin() + static_cast<std::ptrdiff_t>(close), ',')) + 1;
    out.batches.push_back({table, bindings.size() / cols});
  });
  const auto start = Clock::now();
  auto catalog = roost::project::ModelCatalog::build(roost::readSchema(conn));
  const auto files = roost::seed::loadSeedFiles(project);
  roost::seed::SeedRunner runner(conn, catalog, files);
  runner.plan("BenchSeeder");
  roost::seed::SeedOptions o;
  o.seed = 1;
  const auto report = runner.run(o);
  out.seconds = secondsSince(start);
  out.rows = report.rows;
  out.statements = report.writes.statements;
  for (auto& [t, n] : report.rowsByTable)
    if (t == "posts") out.posts = n;
  return out;
}

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
}

struct Table {
  std::string insertHead;  // INSERT INTO t (cols) VALUES
  std::string tuple;
  int columns = 0;
  std::vector<roost::Value> values;  // row-major
};

Table readBack(roost::Connection& c, const std::string& table) {
  Table t;
  auto r = c.execute("SELECT * FROM " + table + " ORDER BY id");
  t.columns = static_cast<int>(r.columns->size());
  t.insertHead = "INSERT INTO " + table + " (";
  t.tuple = "(";
  for (int i = 0; i < t.columns; ++i) {
    t.insertHead += (i ? ", " : "") + (*r.columns)[static_cast<std::size_t>(i)];
    t.tuple += i ? ", ?" : "?";
  }
  t.insertHead += ") VALUES ";
  t.tuple += ")";
  for (auto& row : r.rows)
    for (auto& v : row) t.values.push_back(std::move(v));
  return t;
}

void bind(sqlite3_stmt* s, int i, const roost::Value& v) {
  if (const auto* n = v.intIf()) sqlite3_bind_int64(s, i, *n);
  else if (const auto* d = v.doubleIf()) sqlite3_bind_double(s, i, *d);
  else if (const auto* t = v.textIf()) sqlite3_bind_text(s, i, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
  else if (const auto* b = v.blobIf()) sqlite3_bind_blob(s, i, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_STATIC);
  else sqlite3_bind_null(s, i);
}

// The rows of `source`, inserted into a fresh database with the sqlite3 C API.
double runRaw(const fs::path& source, const fs::path& dbFile, const std::vector<Batch>& batches) {
  std::map<std::string, Table> tables;
  {
    roost::SqliteConnection src(source.string());
    for (const char* t : {"users", "posts"}) tables[t] = readBack(src, t);
    roost::SqliteConnection dst(dbFile.string(), localOptions());
    migrate(dst);
  }
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(dbFile.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), db);
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr), db);
  std::map<std::pair<std::string, std::size_t>, sqlite3_stmt*> prepared;
  std::map<std::string, std::size_t> offset;  // next row of each table
  const auto start = Clock::now();
  check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
  for (const Batch& b : batches) {
    Table& t = tables.at(b.table);
    sqlite3_stmt*& s = prepared[{b.table, b.rows}];
    if (!s) {
      std::string sql = t.insertHead;
      for (std::size_t i = 0; i < b.rows; ++i) sql += (i ? ", " : "") + t.tuple;
      check(sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr), db);
    }
    std::size_t& row = offset[b.table];
    const std::size_t cols = static_cast<std::size_t>(t.columns);
    for (std::size_t i = 0; i < b.rows * cols; ++i) bind(s, static_cast<int>(i + 1), t.values[row * cols + i]);
    row += b.rows;
    check(sqlite3_step(s), db);
    sqlite3_reset(s);
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
  const double seconds = secondsSince(start);
  for (auto& [k, s] : prepared) sqlite3_finalize(s);
  sqlite3_close(db);
  return seconds;
}

double runCli(const std::string& roost, const fs::path& project, const fs::path& dbFile) {
  {
    roost::SqliteConnection c(dbFile.string(), localOptions());
    migrate(c);
  }
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(project.c_str()) != 0) _exit(127);
    execl(roost.c_str(), roost.c_str(), "db:seed", "--class", "BenchSeeder", "--seed", "1", "-q", "--db",
          dbFile.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("roost db:seed failed");
  return secondsSince(start);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t posts = 100000, runs = 3;
  std::string roost;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--posts") posts = std::stoul(argv[i + 1]);
    else if (flag == "--runs") runs = std::stoul(argv[i + 1]);
    else if (flag == "--roost") roost = fs::absolute(argv[i + 1]).string();
  }
  const std::size_t users = std::max<std::size_t>(1, posts / 100);
  const fs::path dir = fs::temp_directory_path() / ("roost-seed-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "database");
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog/database/factories", dir / "database/factories");
  writeText(dir / "database/seeders/BenchSeeder.jsonc",
            "{\"BenchSeeder\": {\"run\": [{\"factory\": \"User\", \"count\": " + std::to_string(users) +
                ", \"has\": [{\"factory\": \"Post\", \"count\": " + std::to_string(posts / users) +
                ", \"state\": \"published\"}]}]}}");

  std::vector<double> seeder, raw, cli;
  SeederRun last;
  for (std::size_t r = 0; r < runs; ++r) {
    const fs::path a = dir / ("seeder-" + std::to_string(r) + ".sqlite"), b = dir / ("raw-" + std::to_string(r) + ".sqlite");
    last = runSeeder(dir, a);
    seeder.push_back(last.seconds);
    raw.push_back(runRaw(a, b, last.batches));
    if (!roost.empty()) cli.push_back(runCli(roost, dir, dir / ("cli-" + std::to_string(r) + ".sqlite")));
  }
  fs::remove_all(dir);

  const double s = median(seeder), w = median(raw);
  nlohmann::ordered_json j;
  j["bench"] = "db:seed";
  j["posts"] = last.posts;
  j["rows"] = last.rows;
  j["statements"] = last.statements;
  j["runs"] = runs;
  j["seederSeconds"] = s;
  j["seederRowsPerSecond"] = static_cast<double>(last.rows) / s;
  j["seederPostsPerSecond"] = static_cast<double>(last.posts) / s;
  j["rawSeconds"] = w;
  j["rawRowsPerSecond"] = static_cast<double>(last.rows) / w;
  j["ratioSeederToRaw"] = s / w;
  if (!cli.empty()) {
    j["cliSeconds"] = median(cli);
    j["cliRowsPerSecond"] = static_cast<double>(last.rows) / median(cli);
  }
  std::printf("%s\n", j.dump().c_str());
  std::fprintf(stderr,
               "db:seed, %lld posts + %zu users (%zu statements), median of %zu runs:\n"
               "  declarative seeder  %8.3f s  %10.0f rows/s\n"
               "  raw sqlite3         %8.3f s  %10.0f rows/s   (same rows, same batches, one transaction)\n"
               "  seeder / raw        %8.2fx\n",
               static_cast<long long>(last.posts), users, last.statements, runs, s, static_cast<double>(last.rows) / s,
               w, static_cast<double>(last.rows) / w, s / w);
  if (!cli.empty())
    std::fprintf(stderr, "  roost db:seed (CLI) %8.3f s  %10.0f rows/s   (whole process)\n", median(cli),
                 static_cast<double>(last.rows) / median(cli));
  return 0;
}
