#pragma once
// Producing a planned seed: rows made from each Recipe (fake-data streams, keys allocated by
// the seeder, parents and children, {"existing"} picks) and written through BulkWriter; the
// run's reads are recorded so that a resumed D1 run answers them as the first run did.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "roost/orm/fake.hpp"
#include "seed/bulk_writer.hpp"
#include "seed/seed_plan.hpp"

namespace roost::seed {

class SeedRunner;
class SeedObserver;

struct Producer {
  SeedRunner& r;
  BulkWriter writer;
  Value tenantId;
  Value now;
  SeedObserver* observer;
  std::int64_t done = 0, total = 0;
  std::size_t sqlScripts = 0;
  std::unordered_map<std::string, std::int64_t> nextKey;
  std::vector<std::pair<std::string, std::int64_t>> rowsByTable;
  // Every read's answer, in order; when resuming, the earlier run's answers are replayed
  // while its confirmed requests are being skipped.
  std::vector<std::vector<Value>> reads;
  const std::vector<std::vector<Value>>* replay = nullptr;

  Producer(SeedRunner& runner, Value tenant, Value stamp, SeedObserver* obs, std::int64_t planned);
  std::vector<Value> read(const std::function<std::vector<Value>()>& live);
  Value readOne(const std::string& sql, std::span<const Value> bindings);
  void counted(const std::string& table, std::size_t n);
  std::int64_t allocate(const Recipe& rc, std::size_t n);
  std::vector<Value> existingKeys(const ModelMeta& meta, const std::string& key, const Where& where,
                                  const std::string& column);
  Value eval(const CompiledAttr& a, const std::vector<Value>& row, std::size_t index, Fake& fake);
  // Makes and writes n rows of rc; fixed[slot][i] are row i's caller-given values; index
  // restarts every `group` rows. Returns column `want`'s values (none when want < 0).
  std::vector<Value> produce(const Recipe& rc, std::size_t n, const std::vector<std::vector<Value>>& fixed,
                             std::size_t group, int want);
  void runScript(const std::string& sql);
  void runSeeder(const SeederPlan& plan, int depth);
};

}  // namespace roost::seed
