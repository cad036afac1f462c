// Peak RSS of reading a large table through roost: each() and chunk() stream, all() holds
// everything. Each mode runs in its own child process so its peak is its own.
//
//   roost_stream_rss [--rows N] [--dir DIR]      (default 1,000,000 rows)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "roost/orm/orm.hpp"

namespace fs = std::filesystem;

namespace {

struct Item : roost::Model<Item> {
  static constexpr const char* table = "items";
  static constexpr bool timestamps = false;
};

void populate(const std::string& path, long rows) {
  roost::SqliteConnection db(path);
  db.executeScript("CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT, body TEXT)");
  db.executeScript(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
      ") INSERT INTO items (title, body) SELECT 'title ' || i, printf('%.100c', 'x') FROM n");
}

long childPeakKb(const std::function<long()>& work, long& result) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    long r = work();
    if (write(fds[1], &r, sizeof r) != sizeof r) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  if (read(fds[0], &result, sizeof result) != sizeof result) result = -1;
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  fs::path dir = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rows") && i + 1 < argc) rows = std::atol(argv[++i]);
    else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--rows N] [--dir DIR]\n", argv[0]);
      return 2;
    }
  }
  const std::string path = (dir / ("roost-stream-" + std::to_string(getpid()) + ".sqlite")).string();
  long ignored = 0;
  childPeakKb([&] { populate(path, rows); return 0L; }, ignored);

  auto withModel = [&](const std::function<long()>& body) {
    return [&, body] {
      Item::setConnection(std::make_shared<roost::SqliteConnection>(path));
      return body();
    };
  };
  struct Mode {
    const char* name;
    std::function<long()> run;
  };
  Mode modes[] = {
      {"baseline", withModel([] { return 0L; })},
      {"each", withModel([] {
         long n = 0;
         Item::query().each([&](Item& it) { n += static_cast<long>(it.attributes["title"].asText().size() > 0); });
         return n;
       })},
      {"chunk(1000)", withModel([] {
         long n = 0;
         Item::query().chunk(1000, [&](std::vector<Item>& batch) { n += static_cast<long>(batch.size()); });
         return n;
       })},
      {"all", withModel([] { return static_cast<long>(Item::all().size()); })},
  };
  int rc = 0;
  for (auto& mode : modes) {
    long seen = 0;
    long kb = childPeakKb(mode.run, seen);
    std::printf("{\"mode\":\"%s\",\"rows\":%ld,\"rows_seen\":%ld,\"peak_rss_kb\":%ld}\n", mode.name, rows, seen, kb);
    if (std::strcmp(mode.name, "baseline") != 0 && seen != rows) rc = 1;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return rc;
}
