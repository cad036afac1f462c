#pragma once
// Shared helpers for the migrate suite: a temporary project folder with a migrations
// directory, and a SQLite file inside it.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "roost/orm/sqlite_connection.hpp"

namespace roost::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("roost-migrate-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

inline std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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

inline std::int64_t scalar(Connection& c, const std::string& sql) { return c.execute(sql).rows.at(0).at(0).asInt(); }

}  // namespace roost::test
