// How fast roost::testing hands each test case a fresh migrated database: the two strategies
// (roll back a transaction on one migrated connection, or copy the migrated schema into a new
// in-memory database, by sqlite3_deserialize or the backup API), 200 fresh databases per round,
// each with one insert, over repeated rounds. Prints the median and the spread per strategy.
//   testing_fixture_bench [MIGRATIONS_DIR] [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include <roost/testing.hpp>

namespace {

constexpr int kDatabases = 200;

void insertOne(roost::Connection& c) {
  roost::Value name("Ada"), email("ada@example.com");
  std::vector<roost::Value> b{name, email};
  c.execute("INSERT INTO users (name, email) VALUES (?, ?)", b);
}

// The alternative copy: an image of the template serialized once, deserialized per database.
std::shared_ptr<roost::SqliteConnection> imageCopy(const std::vector<unsigned char>& image) {
  auto fresh = std::make_shared<roost::SqliteConnection>(":memory:");
  auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!buffer) throw std::bad_alloc();
  std::memcpy(buffer, image.data(), image.size());
  const auto size = static_cast<sqlite3_int64>(image.size());
  if (sqlite3_deserialize(fresh->handle(), "main", buffer, size, size,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(fresh->handle()));
  return fresh;
}

std::vector<unsigned char> serialize(roost::SqliteConnection& c) {
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(c.handle(), "main", &size, 0);
  if (!bytes) throw std::bad_alloc();
  std::vector<unsigned char> image(bytes, bytes + size);
  sqlite3_free(bytes);
  return image;
}

double roundMs(const std::function<void()>& freshDatabase) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kDatabases; ++i) freshDatabase();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void report(const char* name, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-34s median %7.2f ms / %d dbs (%5.1f us each), min %7.2f, max %7.2f\n", name, ms[ms.size() / 2],
              kDatabases, ms[ms.size() / 2] * 1000.0 / kDatabases, ms.front(), ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace roost::testing;
  Migrations migrations{argc > 1 ? argv[1] : ROOST_SOURCE_DIR "/wrangler-samples/blog/database/migrations"};
  int rounds = argc > 2 ? std::atoi(argv[2]) : 15;
  SchemaTemplate& schema = SchemaTemplate::of(migrations);
  std::printf("schema: %zu migrations from %s; %d rounds of %d fresh databases\n", schema.applied().size(),
              migrations.dir.c_str(), rounds, kDatabases);

  const std::vector<unsigned char> image = serialize(*schema.copy());

  struct Strategy {
    const char* name;
    std::function<void()> fresh;
  };
  std::vector<Strategy> strategies{
      {"rollback (raw begin/rollback)",
       [&] {
         auto& c = *schema.shared();
         c.begin();
         insertOne(c);
         c.rollback();
       }},
      {"copy: backup API (raw)", [&] { insertOne(*schema.copy()); }},
      {"copy: sqlite3_deserialize (raw)", [&] { insertOne(*imageCopy(image)); }},
      {"TestDatabase, Isolation::Rollback",
       [&] {
         TestDatabase db({.migrations = migrations, .isolation = Isolation::Rollback});
         insertOne(db.connection());
       }},
      {"TestDatabase, Isolation::Copy",
       [&] {
         TestDatabase db({.migrations = migrations, .isolation = Isolation::Copy});
         insertOne(db.connection());
       }},
  };
  std::vector<std::vector<double>> results(strategies.size());
  for (auto& s : strategies) roundMs(s.fresh);  // warm-up
  for (int r = 0; r < rounds; ++r)  // interleaved, so drift hits every strategy alike
    for (std::size_t s = 0; s < strategies.size(); ++s) results[s].push_back(roundMs(strategies[s].fresh));
  for (std::size_t s = 0; s < strategies.size(); ++s) report(strategies[s].name, results[s]);
}
