// Row-level tenancy: every path is scoped, user conditions cannot widen the scope, writes
// cannot cross tenants, and a tenant model without a tenant fails closed.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <thread>

#include "roost/orm/orm.hpp"
#include "test_connection.hpp"

using namespace roost;

namespace tenancy_models {

struct Author;
struct Note;

struct Author : Model<Author> {
  static constexpr const char* table = "authors";
  static constexpr const char* tenantColumn = "org_id";
  static inline const HasMany<Author, Note> notes{"notes", "author_id"};
};
struct Note : Model<Note> {
  static constexpr const char* table = "notes";
  static constexpr const char* tenantColumn = "org_id";
  static constexpr bool softDeletes = true;
  static inline const BelongsTo<Note, Author> author{"author", "author_id"};
};
struct Org : Model<Org> {
  static constexpr const char* table = "orgs";
  static constexpr bool timestamps = false;
};

struct Fixture {
  std::shared_ptr<Connection> db = roost::test::makeTestConnection();
  TenantContext acme, globex;

  Fixture() {
    db->executeScript(R"sql(
      CREATE TABLE orgs (id INTEGER PRIMARY KEY, slug TEXT UNIQUE);
      CREATE TABLE authors (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, name TEXT, created_at TEXT, updated_at TEXT);
      CREATE TABLE notes (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, author_id INTEGER, status TEXT, score INTEGER,
                          created_at TEXT, updated_at TEXT, deleted_at TEXT);
      INSERT INTO orgs (id, slug) VALUES (1, 'acme'), (2, 'globex');
    )sql");
    for (ModelMeta* m : {&Author::meta(), &Note::meta(), &Org::meta()}) m->connection = db;
    acme.set(1, "acme");
    globex.set(2, "globex");
    // Interleaved ids: each tenant has authors and notes with every status.
    for (int i = 0; i < 20; ++i) {
      TenantScope bound(i % 2 ? globex : acme);
      Author a = Author::create({{"name", "author" + std::to_string(i)}});
      for (int j = 0; j < 3; ++j)
        Note::create({{"author_id", a.key()}, {"status", j == 0 ? "draft" : "published"}, {"score", i * 3 + j}});
    }
  }
  ~Fixture() {
    for (ModelMeta* m : {&Author::meta(), &Note::meta(), &Org::meta()}) m->connection.reset();
  }
  std::int64_t rawCount(const std::string& where) {
    return db->execute("SELECT COUNT(*) FROM notes WHERE " + where).rows[0][0].asInt();
  }
};

}  // namespace tenancy_models

using namespace tenancy_models;

TEST_CASE("a tenant model with no tenant set fails closed") {
  Fixture f;
  CHECK_THROWS_AS(Note::all(), TenantError);
  CHECK_THROWS_AS(Note::count(), TenantError);
  CHECK_THROWS_WITH_AS(Note::find(1), doctest::Contains("needs a tenant"), TenantError);
  CHECK_THROWS_AS(Note::query().pluck("id"), TenantError);
  CHECK_THROWS_AS(Note::query().update({{"status", "x"}}), TenantError);
  CHECK_THROWS_AS(Note::query().remove(), TenantError);
  CHECK_THROWS_AS(Note::create({{"status", "x"}}), TenantError);
  TenantContext empty;
  TenantScope bound(empty);
  CHECK_THROWS_AS(Note::count(), TenantError);
  CHECK(f.rawCount("1") == 60);  // nothing was touched
  CHECK(Org::count() == 2);      // models without a tenant column are unaffected
}

TEST_CASE("reads, counts, paginate and pluck see only the current tenant") {
  Fixture f;
  TenantScope bound(f.acme);
  CHECK(Note::count() == 30);
  CHECK(Note::all().size() == 30);
  for (auto& n : Note::all()) CHECK(n.attributes["org_id"] == 1);
  auto page = Note::query().paginate(1, 7);
  CHECK(page.total == 30);
  CHECK(page.lastPage == 5);
  CHECK(Note::query().pluck("org_id") == std::vector<Value>(30, Value(1)));
  int streamed = 0;
  Note::query().each([&](Note& n) { streamed += n.attributes["org_id"] == 1; });
  CHECK(streamed == 30);
  CHECK(Note::where("status", "draft").exists());
}

TEST_CASE("orWhere, nested groups and whereIn cannot reach another tenant's rows") {
  Fixture f;
  TenantScope bound(f.acme);
  auto globexIds = withoutTenantScope([] { return Note::where("org_id", 2).pluck("id"); });
  REQUIRE(globexIds.size() == 30);
  CHECK(Note::where("status", "draft").orWhere("org_id", 2).count() == 10);  // acme's drafts only
  CHECK(Note::where("org_id", 2).count() == 0);
  CHECK(Note::whereIn("id", globexIds).count() == 0);
  CHECK(Note::where([](WhereGroup& g) { g.where("org_id", 2).orWhere([](WhereGroup& h) { h.whereNotNull("id"); }); })
            .orWhere("id", ">", 0)
            .count() == 30);
  CHECK_FALSE(Note::find(globexIds[0]).has_value());
  CHECK_THROWS_AS(Note::findOrFail(globexIds[0]), NotFoundError);
  CHECK(Note::withTrashed().orWhere("org_id", 2).count() == 0);
  CHECK(Note::withTrashed().where("id", ">", 0).orWhere("org_id", 2).count() == 30);
}

TEST_CASE("bulk update and delete touch only the current tenant's rows") {
  Fixture f;
  {
    TenantScope bound(f.acme);
    CHECK(Note::where("id", ">", 0).orWhere("org_id", 2).update({{"status", "archived"}}) == 30);
    CHECK(Note::where("status", "published").orWhere("id", ">", 0).remove() == 30);  // soft deletes
    CHECK(Note::onlyTrashed().restore() == 30);
    CHECK(Note::where("score", "<", 10).forceDelete() == 6);
    CHECK_THROWS_WITH_AS(Note::query().update({{"org_id", 2}}), doctest::Contains("another tenant"), TenantError);
  }
  CHECK(f.rawCount("org_id = 2 AND status = 'archived'") == 0);
  CHECK(f.rawCount("org_id = 2 AND deleted_at IS NOT NULL") == 0);
  CHECK(f.rawCount("org_id = 2") == 30);
  CHECK(f.rawCount("org_id = 1") == 24);
}

TEST_CASE("creates fill the tenant column; another tenant's id and moving rows are refused") {
  Fixture f;
  TenantScope bound(f.acme);
  Note n = Note::create({{"status", "new"}});
  CHECK(n.attributes["org_id"] == 1);
  CHECK(Note::create({{"status", "same"}, {"org_id", "1"}}).exists());  // same tenant, as text
  CHECK_THROWS_WITH_AS(Note::create({{"status", "evil"}, {"org_id", 2}}), doctest::Contains("refusing to create"), TenantError);
  n.attributes["org_id"] = 2;
  CHECK_THROWS_WITH_AS(n.save(), doctest::Contains("refusing to move"), TenantError);
  CHECK(f.rawCount("status = 'evil'") == 0);
  CHECK(f.rawCount("org_id = 2 AND status = 'new'") == 0);
}

TEST_CASE("a row loaded for one tenant cannot be written from another") {
  Fixture f;
  Note acmeNote = [&] {
    TenantScope bound(f.acme);
    return Note::query().orderBy("id").firstOrFail();
  }();
  TenantScope bound(f.globex);
  acmeNote.attributes["status"] = "hijacked";
  CHECK_THROWS_WITH_AS(acmeNote.save(), doctest::Contains("in the current tenant"), TenantError);
  CHECK_THROWS_AS(acmeNote.remove(), TenantError);
  CHECK_THROWS_AS(acmeNote.forceDelete(), TenantError);
  CHECK_THROWS_AS(acmeNote.refresh(), NotFoundError);
  CHECK(f.rawCount("status = 'hijacked'") == 0);
  CHECK(f.rawCount("deleted_at IS NOT NULL") == 0);
}

TEST_CASE("relation loads and with() stay inside the tenant") {
  Fixture f;
  // Cross-tenant reference planted behind the ORM's back: a globex note by an acme author.
  f.db->execute("INSERT INTO notes (org_id, author_id, status) VALUES (2, 1, 'planted')");
  TenantScope bound(f.acme);
  auto authors = Author::all();
  REQUIRE(authors.size() == 10);
  Author::notes.loadMany(authors);
  for (auto& a : authors)
    for (auto& n : Author::notes.of(a)) CHECK(n.attributes["org_id"] == 1);
  CHECK(Author::notes.of(authors[0]).size() == 3);
  auto withNotes = Author::query().with("notes.author").all();
  std::size_t total = 0;
  for (auto& a : withNotes) total += a.related("notes").size();
  CHECK(total == 30);
  // And a globex note pointing at an acme author resolves to nothing under globex.
  TenantScope other(f.globex);
  auto planted = Note::where("status", "planted").firstOrFail();
  CHECK_FALSE(Note::author.load(planted).has_value());
}

TEST_CASE("withoutTenantScope is the only escape and is restored on exit and on exceptions") {
  Fixture f;
  TenantScope bound(f.acme);
  CHECK(Note::withoutTenantScope([] { return Note::count(); }) == 60);
  try {
    withoutTenantScope([]() -> int { throw std::runtime_error("boom"); });
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(tenantScopeSuspended());
  CHECK(Note::count() == 30);
  {
    WithoutTenantScope guard;
    CHECK(Note::count() == 60);
    Note n = Note::create({{"status", "admin"}, {"org_id", 2}});  // explicit ids are the admin's call
    CHECK(n.attributes["org_id"] == 2);
  }
  CHECK(Note::count() == 30);
}

TEST_CASE("each thread has its own current tenant") {
  Fixture f;
  TenantScope bound(f.acme);
  std::int64_t otherThread = -1;
  std::thread t([&] {
    try {
      Note::count();
    } catch (const TenantError&) {
      otherThread = 0;  // no tenant on the new thread: fail closed
    }
  });
  t.join();
  CHECK(otherThread == 0);
  CHECK(Note::count() == 30);
}

namespace {
// Random condition trees, built twice: through the ORM and as plain SQL text (test-only,
// literals are integers and fixed words, so inlining them is safe here).
struct Gen {
  std::mt19937 rng{12345};
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

  void leaf(WhereGroup& g, bool orJoin, std::string& sql) {
    static const char* statuses[] = {"draft", "published", "archived"};
    switch (pick(5)) {
      case 0: {
        static const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
        const char* op = ops[pick(6)];
        int v = pick(70);
        orJoin ? g.orWhere("score", op, v) : g.where("score", op, v);
        sql += std::string("score ") + (std::string(op) == "!=" ? "<>" : op) + " " + std::to_string(v);
        break;
      }
      case 1: {
        const char* s = statuses[pick(3)];
        orJoin ? g.orWhere("status", s) : g.where("status", s);
        sql += std::string("status = '") + s + "'";
        break;
      }
      case 2: {
        std::vector<Value> ids;
        std::string list;
        for (int i = 0, n = 1 + pick(6); i < n; ++i) {
          int id = 1 + pick(60);
          ids.emplace_back(id);
          list += (i ? "," : "") + std::to_string(id);
        }
        orJoin ? g.orWhereIn("id", ids) : g.whereIn("id", ids);
        sql += "id IN (" + list + ")";
        break;
      }
      case 3: {
        int org = 1 + pick(2);  // users trying to name a tenant in their conditions
        orJoin ? g.orWhere("org_id", org) : g.where("org_id", org);
        sql += "org_id = " + std::to_string(org);
        break;
      }
      default:
        orJoin ? g.orWhereNotNull("author_id") : g.whereNotNull("author_id");
        sql += "author_id IS NOT NULL";
    }
  }
  void tree(WhereGroup& g, int depth, std::string& sql) {
    int n = 1 + pick(3);
    for (int i = 0; i < n; ++i) {
      bool orJoin = i > 0 && pick(2);
      if (i > 0) sql += orJoin ? " OR " : " AND ";
      if (depth < 3 && pick(3) == 0) {
        std::string inner;
        auto build = [&](WhereGroup& h) { tree(h, depth + 1, inner); };
        orJoin ? g.orWhere(build) : g.where(build);
        sql += "(" + inner + ")";
      } else {
        leaf(g, orJoin, sql);
      }
    }
  }
};
}  // namespace

TEST_CASE("property: random condition trees under a tenant match a plain SQL filter") {
  Fixture f;
  Gen gen;
  for (int iteration = 0; iteration < 300; ++iteration) {
    const bool useAcme = gen.pick(2) == 0;
    TenantScope bound(useAcme ? f.acme : f.globex);
    const int tenant = useAcme ? 1 : 2;
    std::string sql;
    WhereGroup root;
    gen.tree(root, 0, sql);
    auto q = Note::query();
    q.conditionList() = root.take();
    std::set<std::int64_t> got;
    for (auto& v : q.pluck("id")) got.insert(v.asInt());
    std::set<std::int64_t> want;
    for (auto& row : f.db
                         ->execute("SELECT id FROM notes WHERE deleted_at IS NULL AND org_id = " + std::to_string(tenant) +
                                   " AND (" + sql + ")")
                         .rows)
      want.insert(row[0].asInt());
    CAPTURE(sql);
    CHECK(got == want);
    CHECK(q.count() == static_cast<std::int64_t>(want.size()));
  }
}
