// One write path: Record, bulk Query writes and insertMany stamp timestamps and guard the
// tenant column by the same rules (write_rules.hpp), so they answer alike.
#include <doctest/doctest.h>

#include <chrono>

#include "roost/orm/orm.hpp"
#include "roost/orm/write_rules.hpp"
#include "test_connection.hpp"

using namespace roost;

namespace write_rules_models {

struct Memo : Model<Memo> {
  static constexpr const char* table = "memos";
  static constexpr const char* modelName = "Memo";
  static constexpr const char* tenantColumn = "org_id";
  static constexpr bool softDeletes = true;
};

struct Fixture {
  std::shared_ptr<Connection> db = roost::test::makeTestConnection();
  TenantContext acme;
  TimePoint t0 = TimePoint{} + std::chrono::seconds(1'700'000'000);

  Fixture() {
    db->executeScript(R"sql(
      CREATE TABLE memos (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, body TEXT,
                          created_at TEXT, updated_at TEXT, deleted_at TEXT);
    )sql");
    Memo::meta().connection = db;
    at(t0);
    acme.set(1, "acme");
  }
  ~Fixture() {
    Memo::meta().connection.reset();
    Memo::meta().clock = nullptr;
  }
  void at(TimePoint t) { Memo::meta().clock = fixedClock(t); }
  std::string stamp(TimePoint t) const { return formatTimestamp(t); }
  Record row(std::string_view body) {
    return withoutTenantScope([&] { return Memo::where("body", Value(std::string(body))).withTrashed().firstOrFail(); });
  }
};

}  // namespace write_rules_models

using write_rules_models::Fixture;
using write_rules_models::Memo;

TEST_CASE("create() and insertMany stamp a new row alike: both timestamps and the current tenant") {
  Fixture f;
  TenantScope bound(f.acme);
  Memo::create({{"body", "one"}});
  Memo::insertMany({Attributes{{"body", "many"}}});
  for (const char* body : {"one", "many"}) {
    CAPTURE(body);
    Record r = f.row(body);
    CHECK(r.attributes["created_at"] == f.stamp(f.t0));
    CHECK(r.attributes["updated_at"] == f.stamp(f.t0));
    CHECK(r.attributes["org_id"] == 1);
    CHECK(r.attributes["deleted_at"].isNull());
  }
  // A given stamp is kept by both.
  Memo::create({{"body", "dated"}, {"created_at", "2001-01-01T00:00:00.000Z"}});
  Memo::insertMany({Attributes{{"body", "dated many"}, {"created_at", "2001-01-01T00:00:00.000Z"}}});
  CHECK(f.row("dated").attributes["created_at"] == "2001-01-01T00:00:00.000Z");
  CHECK(f.row("dated many").attributes["created_at"] == "2001-01-01T00:00:00.000Z");
}

TEST_CASE("create(), insertMany and a bulk update refuse another tenant's id, and take the same one as text") {
  Fixture f;
  TenantScope bound(f.acme);
  CHECK_THROWS_WITH_AS(Memo::create({{"body", "evil"}, {"org_id", 2}}),
                       "refusing to create a Memo for tenant 2 while tenant 1 is current", TenantError);
  CHECK_THROWS_WITH_AS(Memo::insertMany({Attributes{{"body", "evil"}, {"org_id", 2}}}),
                       "refusing to insert a Memo for tenant 2 while tenant 1 is current", TenantError);
  Memo::create({{"body", "mine"}, {"org_id", "1"}});
  Memo::insertMany({Attributes{{"body", "mine too"}, {"org_id", "1"}}});
  CHECK_THROWS_WITH_AS(Memo::query().update({{"org_id", 2}}),
                       "update() would move Memo rows to another tenant (org_id = 2); refused", TenantError);
  CHECK(Memo::query().update({{"org_id", "1"}, {"body", "still mine"}}) == 2);
  CHECK(withoutTenantScope([] { return Memo::where("org_id", 2).count(); }) == 0);
  CHECK(withoutTenantScope([] { return Memo::where("body", "evil").count(); }) == 0);
}

TEST_CASE("without a tenant, a tenant model's create, insertMany and bulk writes fail closed naming the call") {
  Fixture f;
  CHECK_THROWS_WITH_AS(Memo::create({{"body", "x"}}), doctest::Contains("create on Memo needs a tenant"), TenantError);
  CHECK_THROWS_WITH_AS(Memo::insertMany({Attributes{{"body", "x"}}}), doctest::Contains("insertMany() on Memo needs a tenant"),
                       TenantError);
  CHECK_THROWS_WITH_AS(Memo::query().update({{"body", "y"}}), doctest::Contains("update() on Memo needs a tenant"), TenantError);
  CHECK_THROWS_WITH_AS(Memo::query().remove(), doctest::Contains("remove() on Memo needs a tenant"), TenantError);
  CHECK_THROWS_WITH_AS(Memo::query().restore(), doctest::Contains("restore() on Memo needs a tenant"), TenantError);
  CHECK(withoutTenantScope([] { return Memo::query().withTrashed().count(); }) == 0);
}

TEST_CASE("save(), a bulk update, remove() and restore() stamp updated_at with the model's clock alike") {
  Fixture f;
  TenantScope bound(f.acme);
  Memo saved = Memo::create({{"body", "saved"}});
  Memo::create({{"body", "bulk"}});
  const TimePoint t1 = f.t0 + std::chrono::hours(1);
  f.at(t1);
  saved.attributes["body"] = "saved again";
  saved.save();
  CHECK(Memo::where("body", "bulk").update({{"body", "bulk again"}}) == 1);
  CHECK(f.row("saved again").attributes["updated_at"] == f.stamp(t1));
  CHECK(f.row("bulk again").attributes["updated_at"] == f.stamp(t1));
  CHECK(f.row("bulk again").attributes["created_at"] == f.stamp(f.t0));

  const TimePoint t2 = f.t0 + std::chrono::hours(2);
  f.at(t2);
  CHECK(Memo::where("body", "bulk again").remove() == 1);
  Record trashed = f.row("bulk again");
  CHECK(trashed.attributes["deleted_at"] == f.stamp(t2));
  CHECK(trashed.attributes["updated_at"] == f.stamp(t2));
  Memo one = Memo::where("body", "saved again").firstOrFail();
  one.remove();
  CHECK(f.row("saved again").attributes["deleted_at"] == f.stamp(t2));
  CHECK(f.row("saved again").attributes["updated_at"] == f.stamp(t2));

  const TimePoint t3 = f.t0 + std::chrono::hours(3);
  f.at(t3);
  CHECK(Memo::onlyTrashed().where("body", "bulk again").restore() == 1);
  CHECK(f.row("bulk again").attributes["deleted_at"].isNull());
  CHECK(f.row("bulk again").attributes["updated_at"] == f.stamp(t3));
  // An update that sets updated_at itself keeps it.
  CHECK(Memo::where("body", "bulk again").update({{"updated_at", "1999-12-31T00:00:00.000Z"}}) == 1);
  CHECK(f.row("bulk again").attributes["updated_at"] == "1999-12-31T00:00:00.000Z");
}

TEST_CASE("write rules: the timestamp columns and the tenant of a new row") {
  ModelMeta m;
  m.table = "t";
  m.tenantColumn = "org_id";
  CHECK(writes::createdStampColumns(m) == std::vector<std::string>{"created_at", "updated_at"});
  m.updatedAtColumn.clear();
  CHECK(writes::createdStampColumns(m) == std::vector<std::string>{"created_at"});
  m.timestamps = false;
  CHECK(writes::createdStampColumns(m).empty());

  CHECK(writes::newRowTenant(m, Value(), Value(7), "seed") == 7);
  CHECK(writes::newRowTenant(m, Value("7"), Value(7), "seed") == "7");
  CHECK(writes::newRowTenant(m, Value(3), Value(), "seed") == 3);  // no tenant scope: as given
  CHECK_THROWS_WITH_AS(writes::newRowTenant(m, Value(3), Value(7), "seed", " (--tenant)"),
                       doctest::Contains("refusing to seed a "), TenantError);
  CHECK_THROWS_WITH_AS(writes::newRowTenant(m, Value(3), Value(7), "seed", " (--tenant)"),
                       doctest::Contains(" for tenant 3 while tenant 7 is current (--tenant)"), TenantError);
}
