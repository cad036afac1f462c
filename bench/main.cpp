// The ORM benchmark (../shared/bench/WORKLOAD.md v1): W1-W6 through roost's ORM and through
// the raw sqlite3 C API, in one process, each on a fresh file. JSON lines on stdout, a ratio
// table on stderr; exit 1 if any checksum differs from the workload's expected values.
//
//   roost_bench [--rounds N] [--dir DIR]
// With N > 1 both implementations run N rounds in shuffled order; medians with min-max are reported.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>
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

// Median of the values (the mean of the middle two for an even count).
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Spread {
  double median, min, max;
};

Spread spreadOf(const std::vector<double>& v) {
  return {median(v), *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 1;
  bool runRawSide = true, runRoostSide = true;  // --only raw|roost, for profiling one side
  bool tenantCost = false;                      // --tenant-cost: W2/W6 tenant-scoped vs unscoped
  unsigned seed = static_cast<unsigned>(::getpid());
  fs::path dir = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    else if (!std::strcmp(argv[i], "--tenant-cost")) tenantCost = true;
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      std::string side = argv[++i];
      runRawSide = side == "raw";
      runRoostSide = side == "roost";
    } else {
      std::fprintf(stderr, "usage: %s [--rounds N] [--seed S] [--dir DIR] [--only raw|roost] [--tenant-cost]\n", argv[0]);
      return 2;
    }
  }
  // Each round runs both sides on fresh files, in an order shuffled per round (so neither side
  // always runs on a warm or a cold machine); every round's time counts, and the figures are
  // medians over the rounds with their min and max, never the best run.
  std::mt19937 order(seed);
  std::array<std::vector<Measurement>, 6> raw{}, orm{};
  std::array<std::vector<double>, 6> pairedRatio{};  // per round: roost ops/s over raw ops/s
  bench::TenantCost cost{};
  for (int r = 0; r < rounds; ++r) {
    std::array<Measurement, 6> gotRaw{}, gotOrm{};
    auto rawSide = [&] {
      std::string rawPath = freshFile(dir, "raw");
      gotRaw = bench::runRaw(rawPath);
      removeFile(rawPath);
    };
    auto ormSide = [&] {
      std::string ormPath = freshFile(dir, "roost");
      gotOrm = bench::runRoost(ormPath, tenantCost && r == 0 ? &cost : nullptr);
      removeFile(ormPath);
    };
    const bool rawFirst = order() % 2 == 0;
    if (rawFirst && runRawSide) rawSide();
    if (runRoostSide) ormSide();
    if (!rawFirst && runRawSide) rawSide();
    for (int w = 0; w < 6; ++w) {
      if (runRawSide) raw[w].push_back(gotRaw[w]);
      if (runRoostSide) orm[w].push_back(gotOrm[w]);
      if (runRawSide && runRoostSide) pairedRatio[w].push_back(gotRaw[w].seconds / gotOrm[w].seconds);
    }
  }
  // One line per workload and side: the median round's seconds; ops and check of every round
  // must agree (a round whose check differs is a failure, reported below).
  auto seconds = [](const std::vector<Measurement>& ms) {
    std::vector<double> v;
    for (const auto& m : ms) v.push_back(m.seconds);
    return spreadOf(v);
  };
  auto medianLine = [&](const std::vector<Measurement>& ms) {
    Measurement m = ms.front();
    m.seconds = seconds(ms).median;
    return m;
  };
  auto consistent = [](const std::vector<Measurement>& ms, const bench::Expected& e) {
    return std::all_of(ms.begin(), ms.end(), [&](const Measurement& m) { return m.ops == e.ops && m.check == e.check; });
  };
  if (!runRawSide || !runRoostSide) {
    for (int w = 0; w < 6; ++w) printLine(runRawSide ? "raw-sqlite3" : "roost", w, medianLine(runRawSide ? raw[w] : orm[w]));
    return 0;
  }

  int failures = 0;
  for (int w = 0; w < 6; ++w) printLine("raw-sqlite3", w, medianLine(raw[w]));
  for (int w = 0; w < 6; ++w) printLine("roost", w, medianLine(orm[w]));
  std::fprintf(stderr, "\n%d round%s, sides in shuffled order (seed %u); medians [min-max] over the rounds\n", rounds,
               rounds == 1 ? "" : "s", seed);
  std::fprintf(stderr, "%-4s %26s %26s %22s  %s\n", "", "raw ops/s", "roost ops/s", "ratio (paired)", "checks");
  for (int w = 0; w < 6; ++w) {
    const auto& e = bench::kExpected[w];
    const bool ok = consistent(raw[w], e) && consistent(orm[w], e);
    failures += !ok;
    const double ops = static_cast<double>(e.ops);
    const Spread rs = seconds(raw[w]), os = seconds(orm[w]), ratio = spreadOf(pairedRatio[w]);
    std::fprintf(stderr, "%-4s %10.1f [%6.0f-%6.0f] %10.1f [%6.0f-%6.0f] %6.3fx [%.3f-%.3f]  %s\n", e.id, ops / rs.median,
                 ops / rs.max, ops / rs.min, ops / os.median, ops / os.max, ops / os.min, ratio.median, ratio.min,
                 ratio.max, ok ? "ok" : "MISMATCH");
    if (!ok)
      std::fprintf(stderr, "     expected ops=%lld check=%lld; raw ops=%lld check=%lld; roost ops=%lld check=%lld\n",
                   static_cast<long long>(e.ops), static_cast<long long>(e.check),
                   static_cast<long long>(raw[w].front().ops), static_cast<long long>(raw[w].front().check),
                   static_cast<long long>(orm[w].front().ops), static_cast<long long>(orm[w].front().check));
  }
  if (tenantCost && runRoostSide) {
    std::fprintf(stderr, "\nrow-level tenant scope (posts.org_id), first round:\n");
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
