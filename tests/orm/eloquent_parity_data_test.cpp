// Issue 13, "wrong or lost data": each case is an Eloquent behaviour (the Laravel test it
// comes from is named) whose expected answer is computed with plain SQL on the same
// database. Builds for SQLite (orm_tests) and for the local D1 server (orm_d1_tests).
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <set>

#include "roost/orm/orm.hpp"
#include "test_connection.hpp"

using namespace roost;

namespace parity_data {

struct Member : Model<Member> {
  static constexpr const char* table = "members";
  static constexpr bool softDeletes = true;
};
struct Code : Model<Code> {
  static constexpr const char* table = "codes";
  static constexpr bool timestamps = false;
};
struct Log : Model<Log> {  // Laravel: const UPDATED_AT = null
  static constexpr const char* table = "logs";
  static constexpr const char* updatedAt = nullptr;
};
struct Mark : Model<Mark> {  // Laravel: const CREATED_AT = null
  static constexpr const char* table = "marks";
  static constexpr const char* createdAt = nullptr;
};
struct Article : Model<Article> {
  static constexpr const char* table = "articles";
  static constexpr bool softDeletes = true;
  static constexpr const char* tenantColumn = "org_id";
};

inline TimePoint at(long long ms) { return TimePoint(std::chrono::milliseconds(ms)); }

struct Fixture {
  std::shared_ptr<Connection> db = test::makeTestConnection();
  Fixture() {
    db->executeScript(R"sql(
      CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, email TEXT, age INTEGER, score REAL,
                            created_at TEXT, updated_at TEXT, deleted_at TEXT);
      CREATE TABLE codes (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, n NUMERIC, b BLOB);
      CREATE TABLE logs (id INTEGER PRIMARY KEY, msg TEXT, created_at TEXT);
      CREATE TABLE marks (id INTEGER PRIMARY KEY, msg TEXT, updated_at TEXT);
      CREATE TABLE articles (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, title TEXT,
                             created_at TEXT, updated_at TEXT, deleted_at TEXT);
      INSERT INTO members (id, name, email, age, score) VALUES
        (1, 'Taylor', 'taylor@laravel.com', 40, 1.5), (2, 'Abigail', 'abigail@laravel.com', 30, 0.0),
        (3, 'Otwell', 'otwell@laravel.com', 40, 2.0);
    )sql");
    for (ModelMeta* m : {&Member::meta(), &Code::meta(), &Log::meta(), &Mark::meta(), &Article::meta()}) {
      m->connection = db;
      m->clock = fixedClock(at(1704164645678LL));  // 2024-01-02T03:04:05.678Z
    }
  }
  ~Fixture() {
    for (ModelMeta* m : {&Member::meta(), &Code::meta(), &Log::meta(), &Mark::meta(), &Article::meta()})
      m->connection.reset();
  }
  Value sql(const std::string& q) { return db->execute(q).rows.at(0).at(0); }
};

// The ids a plain-SQL statement returns, sorted.
std::vector<std::int64_t> ids(Connection& db, const std::string& sql, const std::vector<Value>& bindings = {}) {
  std::vector<std::int64_t> out;
  for (auto& row : db.execute(sql, bindings).rows) out.push_back(row.at(0).asInt());
  std::sort(out.begin(), out.end());
  return out;
}
template <class R>
std::vector<std::int64_t> ids(const std::vector<R>& rows) {
  std::vector<std::int64_t> out;
  for (auto& r : rows) out.push_back(r.key().asInt());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace parity_data

using namespace parity_data;

// DatabaseEloquentSoftDeletesIntegrationTest::testUpdateModelAfterSoftDeleting and the
// issue's repro: delete() writes and syncs only deleted_at/updated_at.
TEST_CASE("parity: a soft delete keeps the model's other unsaved changes dirty; save() writes them") {
  Fixture f;
  Member b = *Member::find(2);
  b.attributes["email"] = "foo@bar.com";
  b.remove();
  CHECK(b.trashed());
  CHECK(f.sql("SELECT email FROM members WHERE id = 2") == "abigail@laravel.com");  // delete wrote only its columns
  CHECK(f.sql("SELECT deleted_at FROM members WHERE id = 2") == "2024-01-02T03:04:05.678Z");
  CHECK(b.attributes.isDirty("email"));
  CHECK_FALSE(b.attributes.isDirty("deleted_at"));
  b.save();
  CHECK(f.sql("SELECT email FROM members WHERE id = 2") == "foo@bar.com");
  CHECK_FALSE(b.attributes.isDirty());
}

// DatabaseEloquentSoftDeletesIntegrationTest::testRestoreAfterSoftDelete: restore() saves the model.
TEST_CASE("parity: restore() after a soft delete writes the changes the delete left dirty") {
  Fixture f;
  Member b = *Member::find(2);
  b.attributes["email"] = "foo@bar.com";
  b.remove();
  b.restore();
  CHECK(f.sql("SELECT email FROM members WHERE id = 2") == "foo@bar.com");
  CHECK(f.sql("SELECT deleted_at IS NULL FROM members WHERE id = 2") == 1);
  CHECK_FALSE(b.attributes.isDirty());
}

// DatabaseEloquentSoftDeletesIntegrationTest::testForceDeleteOnQueryBuilder (forceDelete
// removes trashed and untrashed matches) — inside the tenant scope.
TEST_CASE("parity: query-level forceDelete() deletes trashed and untrashed matches, only in the current tenant") {
  Fixture f;
  TenantContext acme, globex;
  acme.set(1, "acme");
  globex.set(2, "globex");
  for (TenantContext* t : {&acme, &globex}) {
    TenantScope bound(*t);
    Article::create({{"title", "spam"}});
    Article::create({{"title", "spam"}}).remove();
    Article::create({{"title", "ham"}});
  }
  {
    TenantScope bound(acme);
    CHECK(Article::where("title", "spam").forceDelete() == 2);
    // An orWhere inside the user's conditions cannot reach the other tenant's rows.
    CHECK(Article::where("title", "nothing").orWhere("id", ">", 0).forceDelete() == 1);
  }
  CHECK(f.sql("SELECT COUNT(*) FROM articles WHERE org_id = 1") == 0);
  CHECK(f.sql("SELECT COUNT(*) FROM articles WHERE org_id = 2") == 3);
  {
    TenantScope bound(globex);
    CHECK(Article::onlyTrashed().forceDelete() == 1);  // onlyTrashed keeps its filter
  }
  CHECK(f.sql("SELECT COUNT(*) FROM articles WHERE org_id = 2 AND deleted_at IS NULL") == 2);
}

// DatabaseQueryBuilderTest::testOrWheresWithArrayConditions / testWhereWithArrayConditions.
TEST_CASE("parity: where({...}) ANDs its members; orWhere({...}) ORs them, inside every scope") {
  Fixture f;
  f.db->execute("UPDATE members SET deleted_at = '2024-01-01T00:00:00.000Z' WHERE id = 3");
  auto sql = Member::where("id", 2).orWhere({{"name", "Taylor"}, {"age", 40}}).toSql();
  CHECK(sql.sql == R"(SELECT * FROM "members" WHERE "deleted_at" IS NULL AND ("id" = ? OR ("name" = ? OR "age" = ?)))");
  CHECK(ids(Member::where("id", 2).orWhere({{"name", "Taylor"}, {"age", 40}}).all()) ==
        ids(*f.db, "SELECT id FROM members WHERE deleted_at IS NULL AND (id = 2 OR (name = 'Taylor' OR age = 40))"));
  CHECK(ids(Member::where({{"name", "Taylor"}, {"age", 40}}).all()) ==
        ids(*f.db, "SELECT id FROM members WHERE deleted_at IS NULL AND (name = 'Taylor' AND age = 40)"));
  // The trashed Otwell (age 40) stays out although the OR matches him.
  CHECK(Member::query().orWhere({{"name", "nobody"}, {"age", 40}}).count() == 1);
}

TEST_CASE("parity: orWhere({...}) on a tenant model keeps the tenant filter ANDed outside the user's group") {
  Fixture f;
  TenantContext acme, globex;
  acme.set(1, "acme");
  globex.set(2, "globex");
  for (TenantContext* t : {&acme, &globex}) {
    TenantScope bound(*t);
    Article::create({{"title", "a"}});
    Article::create({{"title", "b"}});
  }
  TenantScope bound(acme);
  auto q = Article::where("title", "a").orWhere({{"title", "b"}, {"id", 99}});
  CHECK(q.toSql().sql ==
        R"(SELECT * FROM "articles" WHERE "deleted_at" IS NULL AND "org_id" = ? AND ("title" = ? OR ("title" = ? OR "id" = ?)))");
  CHECK(q.count() == 2);
  for (auto& a : q.all()) CHECK(a.attributes["org_id"] == 1);
}

// DatabaseEloquentTimestampsTest::testCreatingModelWithOnlyCreatedAtColumn / ...OnlyUpdatedAtColumn
TEST_CASE("parity: a model with only created_at (or only updated_at) stamps the column it has") {
  Fixture f;
  Log l = Log::create({{"msg", "x"}});
  CHECK(f.sql("SELECT created_at FROM logs") == "2024-01-02T03:04:05.678Z");
  Log::meta().clock = fixedClock(at(1704164645678LL + 1000));
  l.attributes["msg"] = "y";
  l.save();  // no updated_at column to write: the UPDATE must not name one
  CHECK(f.sql("SELECT msg || ' ' || created_at FROM logs") == "y 2024-01-02T03:04:05.678Z");
  CHECK(Log::where("id", l.key()).update({{"msg", "z"}}) == 1);

  Mark m = Mark::create({{"msg", "x"}});
  CHECK(f.sql("SELECT updated_at FROM marks") == "2024-01-02T03:04:05.678Z");
  Mark::meta().clock = fixedClock(at(1704164645678LL + 1000));
  m.attributes["msg"] = "y";
  m.save();
  CHECK(f.sql("SELECT updated_at FROM marks") == "2024-01-02T03:04:06.678Z");
  CHECK(Mark::where("id", m.key()).update({{"msg", "z"}}) == 1);
}

// DatabaseEloquentModelTest::testDirtyOnCastOrDateAttributes / testIsDirtyWithNumericValues
// (originalIsEquivalent): a value the column stores as the original one is no change.
TEST_CASE("parity: equivalent values are not dirty; no UPDATE, updated_at stays") {
  Fixture f;
  f.db->execute("UPDATE members SET updated_at = 'before'");
  std::vector<std::string> writes;
  auto count = [&] {
    return std::count_if(writes.begin(), writes.end(), [](const std::string& s) { return s.rfind("UPDATE", 0) == 0; });
  };
  Member a = *Member::find(2);
  f.db->setListener([&](std::string_view s, std::span<const Value>) { writes.emplace_back(s); });
  a.attributes["age"] = "30";   // over a stored 30 (INTEGER)
  a.attributes["score"] = 0;    // over a stored 0.0 (REAL)
  a.save();
  CHECK(a.attributes["age"] == 30);  // the model shows what the row holds
  a.attributes["age"] = 30.0;
  a.save();
  f.db->setListener(nullptr);
  CAPTURE(writes);
  CHECK(count() == 0);
  CHECK(f.sql("SELECT updated_at FROM members WHERE id = 2") == "before");
  // A real change is still written.
  a.attributes["age"] = "31";
  a.save();
  CHECK(f.sql("SELECT age FROM members WHERE id = 2") == 31);
  CHECK(f.sql("SELECT updated_at FROM members WHERE id = 2") == "2024-01-02T03:04:05.678Z");
}

TEST_CASE("parity: equivalence follows the declared affinity when it is known") {
  CHECK(storedEquivalent(Value(30), Value("30"), affinityOfType("INTEGER")));
  CHECK(storedEquivalent(Value(0.0), Value(0), affinityOfType("REAL")));
  CHECK(storedEquivalent(Value(0), Value(0.0), affinityOfType("NUMERIC")));
  CHECK(storedEquivalent(Value("30"), Value(30), affinityOfType("VARCHAR(10)")));
  CHECK(storedEquivalent(Value("1.0"), Value(1.0), affinityOfType("TEXT")));
  CHECK_FALSE(storedEquivalent(Value("1"), Value(1.0), affinityOfType("TEXT")));
  CHECK_FALSE(storedEquivalent(Value(30), Value("30"), affinityOfType("BLOB")));
  CHECK_FALSE(storedEquivalent(Value(30), Value("30"), affinityOfType("")));
  CHECK_FALSE(storedEquivalent(Value(30), Value("30 "), affinityOfType("INTEGER")));
  CHECK_FALSE(storedEquivalent(Value(), Value(0), affinityOfType("INTEGER")));
  CHECK_FALSE(storedEquivalent(Value(1), Value("0x1"), affinityOfType("INTEGER")));
  CHECK(affinityOfType("DOUBLE PRECISION") == Affinity::Real);
  CHECK(affinityOfType("DECIMAL(10,5)") == Affinity::Numeric);
  CHECK(affinityOfType("CHARINT") == Affinity::Integer);  // SQLite's first rule wins
}

// EloquentPaginateTest / LengthAwarePaginatorTest, with roost's rule that paginate pages
// inside the query's limit/offset window (as count() counts inside it).
TEST_CASE("parity: paginate pages inside limit/offset; total is the limited count; data, total and lastPage agree") {
  Fixture f;
  for (int i = 0; i < 20; ++i) Code::create({{"i", i}});
  auto p = Code::query().orderBy("id").limit(2).paginate(1, 3);
  CHECK(p.total == 2);
  CHECK(p.data.size() == 2);
  CHECK(p.lastPage == 1);
  auto q = Code::query().orderBy("id").offset(5).limit(7).paginate(3, 3);
  CHECK(q.total == 7);
  CHECK(q.lastPage == 3);
  REQUIRE(q.data.size() == 1);  // rows 6..12 of the window: page 3 holds the 7th
  CHECK(q.data[0].key() == f.sql("SELECT id FROM codes ORDER BY id LIMIT 1 OFFSET 11"));
  CHECK(Code::query().limit(2).paginate(2, 3).data.empty());
  auto o = Code::query().orderBy("id").offset(18).paginate(1, 15);
  CHECK(o.total == 2);
  CHECK(o.data.size() == 2);
}

TEST_CASE("parity: paginate refuses overflowing offsets and computes lastPage without overflow") {
  Fixture f;
  for (int i = 0; i < 3; ++i) Code::create({{"i", i}});
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  auto big = Code::query().paginate(1, max);
  CHECK(big.lastPage == 1);
  CHECK(big.data.size() == 3);
  CHECK_THROWS_AS(Code::query().paginate(3, (std::int64_t{1} << 62)), UsageError);
  CHECK_THROWS_AS(Code::query().offset(max).paginate(2, 1), UsageError);
  CHECK(Code::query().paginate(2, (std::int64_t{1} << 62)).data.empty());
  CHECK_THROWS_AS(Code::query().paginate(0, 5), UsageError);
  CHECK_THROWS_AS(Code::query().paginate(1, 0), UsageError);
}
