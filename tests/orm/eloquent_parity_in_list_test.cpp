// Issue 13: whereIn / whereNotIn lists longer than the backend's bound-parameter limit travel
// as one JSON array; their answer must equal binding every value, for every column affinity,
// at the limit and one past it. On SQLite the limit is lowered to D1's 100; orm_d1_tests runs
// the same cases against the local D1 server, whose limit is 100 already.
// (DatabaseQueryBuilderTest::testBasicWhereIns / testBasicWhereNotIns, at D1's limit.)
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string>

#include "roost/orm/orm.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "test_connection.hpp"

using namespace roost;

namespace parity_in {

struct Item : Model<Item> {
  static constexpr const char* table = "items";
  static constexpr bool timestamps = false;
};

struct Fixture {
  std::shared_ptr<Connection> db = test::makeTestConnection();
  Fixture() {
    if (auto* sqlite = dynamic_cast<SqliteConnection*>(db.get()))
      sqlite3_limit(sqlite->handle(), SQLITE_LIMIT_VARIABLE_NUMBER, 100);
    db->executeScript("CREATE TABLE items (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, n NUMERIC, b BLOB)");
    Item::meta().connection = db;
    std::vector<Attributes> rows;
    for (int k = 1; k <= 150; ++k) {
      const std::string s = std::to_string(k);
      rows.push_back({{"i", k},
                      {"r", k % 4 ? Value(k) : Value(k + 0.5)},
                      {"t", k % 3 ? Value(s) : Value(s + ".0")},
                      {"n", k % 2 ? Value(k) : Value(k + 0.5)},
                      {"b", k % 2 ? Value(k) : Value(s)}});
    }
    rows.push_back({{"i", Value()}, {"r", Value()}, {"t", Value()}, {"n", Value()}, {"b", Value()}});
    Item::insertMany(std::move(rows));
  }
  ~Fixture() { Item::meta().connection.reset(); }
};

// Values of every storage class, several spellings of the same numbers.
std::vector<Value> mixedValues(std::size_t count) {
  std::vector<Value> out;
  for (std::size_t j = 0; out.size() < count; ++j) {
    const long long k = static_cast<long long>(j / 5) * 3 + 1;
    switch (j % 5) {
      case 0: out.emplace_back(k); break;
      case 1: out.emplace_back(std::to_string(k + 1)); break;
      case 2: out.emplace_back(static_cast<double>(k + 2)); break;
      case 3: out.emplace_back(static_cast<double>(k) + 0.5); break;
      default: out.emplace_back(std::to_string(k) + ".0"); break;
    }
  }
  return out;
}

std::set<std::int64_t> idsOf(const Result& r) {
  std::set<std::int64_t> out;
  for (auto& row : r.rows) out.insert(row.at(0).asInt());
  return out;
}

// Binding every value, in chunks well under the limit: the answer the long list must give.
std::set<std::int64_t> expectedIn(Connection& db, const std::string& column, const std::vector<Value>& values) {
  std::set<std::int64_t> out;
  for (std::size_t from = 0; from < values.size(); from += 40) {
    const std::size_t to = std::min(values.size(), from + 40);
    std::string sql = "SELECT id FROM items WHERE \"" + column + "\" IN (";
    for (std::size_t i = from; i < to; ++i) sql += i > from ? ", ?" : "?";
    sql += ")";
    std::vector<Value> chunk(values.begin() + static_cast<std::ptrdiff_t>(from), values.begin() + static_cast<std::ptrdiff_t>(to));
    for (auto id : idsOf(db.execute(sql, chunk))) out.insert(id);
  }
  return out;
}

std::set<std::int64_t> actual(const std::vector<Item>& rows) {
  std::set<std::int64_t> out;
  for (auto& r : rows) out.insert(r.key().asInt());
  return out;
}

}  // namespace parity_in

using namespace parity_in;

TEST_CASE("parity: whereIn/whereNotIn at the bound-parameter limit and one past it equal binding every value") {
  Fixture f;
  const std::size_t limit = f.db->maxBoundParams();
  REQUIRE(limit == 100);
  const std::set<std::int64_t> notNull = idsOf(f.db->execute("SELECT id FROM items WHERE i IS NOT NULL"));
  for (const std::size_t n : {limit, limit + 1, 3 * limit}) {
    const std::vector<Value> values = mixedValues(n);
    for (const char* column : {"i", "r", "t", "n", "b"}) {
      CAPTURE(n);
      CAPTURE(column);
      const auto in = expectedIn(*f.db, column, values);
      CHECK(!in.empty());
      CHECK(actual(Item::whereIn(column, values).all()) == in);
      CHECK(Item::whereIn(column, values).count() == static_cast<std::int64_t>(in.size()));
      std::set<std::int64_t> notIn;
      std::set_difference(notNull.begin(), notNull.end(), in.begin(), in.end(), std::inserter(notIn, notIn.end()));
      CHECK(actual(Item::whereNotIn(column, values).all()) == notIn);
      // Inside an OR, and with a NULL in the list (x NOT IN (..., NULL) is never true).
      CHECK(actual(Item::where("id", -1).orWhereIn(column, values).all()) == in);
      std::vector<Value> withNull = values;
      withNull.emplace_back();
      CHECK(Item::whereNotIn(column, withNull).count() == 0);
      CHECK(actual(Item::whereIn(column, withNull).all()) == in);
    }
  }
}

TEST_CASE("parity: a long list of blobs is refused with a clear error, nothing half-run") {
  Fixture f;
  std::vector<Value> blobs;
  for (int k = 0; k < 101; ++k) blobs.emplace_back(Blob{std::to_string(k)});
  CHECK_THROWS_WITH_AS(Item::whereIn("b", blobs).count(), doctest::Contains("blobs"), UsageError);
  CHECK(Item::whereIn("b", std::vector<Value>(blobs.begin(), blobs.begin() + 100)).count() == 0);
}
