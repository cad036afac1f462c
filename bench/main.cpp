// The ORM benchmark (../shared/bench/WORKLOAD.md v1): W1-W6 through roost's ORM and through
// the raw sqlite3 C API, in one process, each on a fresh file. JSON lines on stdout, a ratio
// table on stderr; exit 1 if any checksum differs from the workload's expected values.
//
//   roost_bench [--rounds N] [--dir DIR]
// With N > 1 each implementation runs N times (alternating) and the fastest time per workload counts.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "raw_sqlite.hpp"
#include "roost_orm.hpp"

namespace fs = std::filesystem;
using bench::Measurement;

namespace {

std::string freshFile(const fs::path& dir, const char* impl) {
  fs::path p = dir / (std::string("roost-bench-") + impl + "-" + std::to_string(::getpid()) + ".sqlite");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

void removeFile(const std::string& p) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix);
}

void printLine(const char* impl, int w, const Measurement& m) {
  std::printf("{\"impl\":\"%s\",\"workload\":\"%s\",\"ops\":%lld,\"seconds\":%.6f,\"ops_per_s\":%.1f,\"check\":%lld}\n",
              impl, bench::kExpected[w].id, static_cast<long long>(m.ops), m.seconds,
              static_cast<double>(m.ops) / m.seconds, static_cast<long long>(m.check));
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 1;
  bool runRawSide = true, runRoostSide = true;  // --only raw|roost, for profiling one side
  bool tenantCost = false;                      // --tenant-cost: W2/W6 tenant-scoped vs unscoped
  fs::path dir = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--tenant-cost")) tenantCost = true;
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      std::string side = argv[++i];
      runRawSide = side == "raw";
      runRoostSide = side == "roost";
    } else {
      std::fprintf(stderr, "usage: %s [--rounds N] [--dir DIR] [--only raw|roost] [--tenant-cost]\n", argv[0]);
      return 2;
    }
  }
  std::array<Measurement, 6> raw{}, orm{};
  bench::TenantCost cost{};
  for (int r = 0; r < rounds; ++r) {
    auto keepBest = [](std::array<Measurement, 6>& best, const std::array<Measurement, 6>& got, bool first) {
      for (int w = 0; w < 6; ++w)
        if (first || got[w].seconds < best[w].seconds) best[w] = got[w];
    };
    if (runRawSide) {
      std::string rawPath = freshFile(dir, "raw");
      keepBest(raw, bench::runRaw(rawPath), r == 0);
      removeFile(rawPath);
    }
    if (runRoostSide) {
      std::string ormPath = freshFile(dir, "roost");
      keepBest(orm, bench::runRoost(ormPath, tenantCost && r == 0 ? &cost : nullptr), r == 0);
      removeFile(ormPath);
    }
  }
  if (!runRawSide || !runRoostSide) {
    for (int w = 0; w < 6; ++w) printLine(runRawSide ? "raw-sqlite3" : "roost", w, runRawSide ? raw[w] : orm[w]);
    return 0;
  }

  int failures = 0;
  for (int w = 0; w < 6; ++w) printLine("raw-sqlite3", w, raw[w]);
  for (int w = 0; w < 6; ++w) printLine("roost", w, orm[w]);
  std::fprintf(stderr, "\n%-4s %14s %14s %8s  %s\n", "", "raw ops/s", "roost ops/s", "ratio", "checks");
  for (int w = 0; w < 6; ++w) {
    const auto& e = bench::kExpected[w];
    const bool ok = raw[w].ops == e.ops && raw[w].check == e.check && orm[w].ops == e.ops && orm[w].check == e.check;
    failures += !ok;
    const double rawRate = static_cast<double>(raw[w].ops) / raw[w].seconds;
    const double ormRate = static_cast<double>(orm[w].ops) / orm[w].seconds;
    std::fprintf(stderr, "%-4s %14.1f %14.1f %7.2fx  %s\n", e.id, rawRate, ormRate, ormRate / rawRate,
                 ok ? "ok" : "MISMATCH");
    if (!ok)
      std::fprintf(stderr, "     expected ops=%lld check=%lld; raw ops=%lld check=%lld; roost ops=%lld check=%lld\n",
                   static_cast<long long>(e.ops), static_cast<long long>(e.check), static_cast<long long>(raw[w].ops),
                   static_cast<long long>(raw[w].check), static_cast<long long>(orm[w].ops),
                   static_cast<long long>(orm[w].check));
  }
  if (tenantCost && runRoostSide) {
    std::fprintf(stderr, "\nrow-level tenant scope (posts.org_id), best of 3:\n");
    const std::pair<const char*, std::pair<Measurement, Measurement>> rows[] = {
        {"W2", {cost.w2Unscoped, cost.w2Scoped}}, {"W6", {cost.w6Unscoped, cost.w6Scoped}}};
    for (auto& [id, pair] : rows) {
      const bool same = pair.first.check == pair.second.check;
      failures += !same;
      std::printf("{\"impl\":\"roost-tenant-scoped\",\"workload\":\"%s\",\"ops\":%lld,\"seconds\":%.6f,\"ops_per_s\":%.1f,\"check\":%lld}\n",
                  id, static_cast<long long>(pair.second.ops), pair.second.seconds,
                  static_cast<double>(pair.second.ops) / pair.second.seconds, static_cast<long long>(pair.second.check));
      std::fprintf(stderr, "%-4s unscoped %.4fs  scoped %.4fs  scoped/unscoped speed %.3fx  %s\n", id,
                   pair.first.seconds, pair.second.seconds, pair.first.seconds / pair.second.seconds,
                   same ? "checks equal" : "CHECK MISMATCH");
    }
  }
  return failures ? 1 : 0;
}
