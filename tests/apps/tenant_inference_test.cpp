// Row-level tenancy for tables models.jsonc does not declare: a table referencing the tenant
// model (a foreign key to organizations, or a column named like another model's tenantColumn)
// is scoped and fails closed, unless models.jsonc opts it out with "tenantColumn": null. Also:
// the notices that .sql and SQL seed steps are never scoped, and duplicate tenant slugs.
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "roost/orm/sqlite_connection.hpp"
#include "run_roost.hpp"

using namespace roost::test;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE organizations (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, name TEXT);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES organizations(id),
                       number TEXT, amount INTEGER);
CREATE TABLE notes (id INTEGER PRIMARY KEY, org_id INTEGER, body TEXT);
CREATE TABLE currencies (code TEXT PRIMARY KEY, name TEXT);
INSERT INTO organizations VALUES (1, 'acme', 'Acme'), (2, 'globex', 'Globex');
INSERT INTO invoices VALUES (1, 1, 'A-1', 100), (2, 2, 'G-1', 200), (3, 1, 'A-2', 300);
INSERT INTO notes VALUES (1, 1, 'acme note'), (2, 2, 'globex note');
INSERT INTO currencies VALUES ('EUR', 'Euro');
)sql";

// A project with no models.jsonc: every model comes from the schema (tenantStrategy "row",
// the default, with the default tenantModel Organization).
struct Project {
  TempDir dir;
  Project() {
    roost::SqliteConnection db(file().string());
    db.executeScript(kSchema);
  }
  std::filesystem::path file() const { return dir.path() / "app.sqlite"; }
  RunResult query(std::vector<std::string> args) {
    args.insert(args.begin(), {"query", "--db", "app.sqlite"});
    return runRoost(dir.path(), args);
  }
  std::int64_t scalar(const std::string& sql) const {
    roost::SqliteConnection db(file().string());
    return db.execute(sql).rows.at(0).at(0).asInt();
  }
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

nlohmann::json modelRow(const RunResult& models, const std::string& name) {
  for (const auto& row : nlohmann::json::parse(models.out))
    if (row["model"] == name) return row;
  return nullptr;
}

}  // namespace

TEST_CASE("an undeclared table with a foreign key to the tenant model is scoped by --tenant") {
  Project p;
  auto all = p.query({"--tenant", "acme", "--json", "Invoice.orderBy('id').all()"});
  CAPTURE(all.err);
  REQUIRE(all.status == 0);
  const auto rows = nlohmann::json::parse(all.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["number"] == "A-1");
  CHECK(rows[1]["number"] == "A-2");
  CHECK(!has(all.out, "G-1"));
  CHECK(p.query({"--tenant", "globex", "Invoice.count()"}).out == "1\n");
  CHECK(p.query({"--tenant", "acme", "Invoice.find(2)"}).out == "null\n");

  // Relation and eager loads from the (unscoped) tenant model stay inside the tenant.
  CHECK(p.query({"--tenant", "acme", "Organization.find(2).invoices.length"}).out == "0\n");
  CHECK(p.query({"--tenant", "acme", "Organization.find(1).invoices.length"}).out == "2\n");
  CHECK(p.query({"--tenant", "acme", "Organization.with('invoices').find(2).invoices.length"}).out == "0\n");
  CHECK(p.query({"--tenant", "acme", "Organization.count()"}).out == "2\n");  // the tenant model itself is not scoped

  // Creates get the tenant's id; another tenant's id is refused.
  auto created = p.query({"--tenant", "globex", "Invoice.create({number: 'G-2', amount: 5}).org_id"});
  CAPTURE(created.err);
  CHECK(created.out == "2\n");
  auto foreign = p.query({"--tenant", "globex", "Invoice.create({number: 'X', amount: 5, org_id: 1})"});
  CHECK(foreign.status == 1);
  CHECK(p.scalar("SELECT count(*) FROM invoices WHERE number = 'X'") == 0);
}

TEST_CASE("a column named like another model's tenantColumn makes a tenant model too") {
  Project p;
  auto globex = p.query({"--tenant", "globex", "--json", "Note.all()"});
  CAPTURE(globex.err);
  REQUIRE(globex.status == 0);
  CHECK(has(globex.out, "globex note"));
  CHECK(!has(globex.out, "acme note"));
  CHECK(p.query({"--tenant", "acme", "Note.count()"}).out == "1\n");
}

TEST_CASE("tenant models fail closed without --tenant; other models do not need one") {
  Project p;
  for (const char* expr : {"Invoice.count()", "Invoice.all()", "Note.first()", "Organization.find(1).invoices",
                           "Invoice.where('id', 1).update({amount: 0})"}) {
    CAPTURE(expr);
    auto r = p.query({expr});
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(has(r.err, "needs a tenant"));
    CHECK(has(r.err, "roost query --tenant SLUG"));
  }
  CHECK(p.scalar("SELECT sum(amount) FROM invoices") == 600);
  CHECK(p.query({"Organization.count()"}).out == "2\n");
  CHECK(p.query({"Currency.count()"}).out == "1\n");
}

TEST_CASE(".models shows every inferred tenant column and where it came from") {
  Project p;
  auto models = p.query({"--json", ".models"});
  CAPTURE(models.err);
  REQUIRE(models.status == 0);
  CHECK(modelRow(models, "Invoice")["tenantColumn"] == "org_id");
  CHECK(modelRow(models, "Invoice")["tenantFrom"] == "foreign key to organizations");
  CHECK(modelRow(models, "Note")["tenantColumn"] == "org_id");
  CHECK(modelRow(models, "Note")["tenantFrom"] == "named like Invoice.tenantColumn");
  CHECK(modelRow(models, "Organization")["tenantColumn"].is_null());
  CHECK(modelRow(models, "Organization")["tenantFrom"] == "tenant model");
  CHECK(modelRow(models, "Currency")["tenantColumn"].is_null());
  CHECK(modelRow(models, "Currency")["tenantFrom"].is_null());
  auto table = p.query({".models"});
  CHECK(has(table.out, "tenantFrom"));
  CHECK(has(table.out, "foreign key to organizations"));
}

TEST_CASE("\"tenantColumn\": null in models.jsonc opts a model out; a declared column wins") {
  Project p;
  writeFile(p.dir.path() / "database/models.jsonc", R"({"Note": {"tenantColumn": null}})");
  CHECK(p.query({"Note.count()"}).out == "2\n");
  CHECK(p.query({"--tenant", "acme", "Note.count()"}).out == "2\n");
  CHECK(p.query({"Invoice.count()"}).status == 1);  // still scoped
  auto models = p.query({"--json", ".models"});
  CHECK(modelRow(models, "Note")["tenantColumn"].is_null());
  CHECK(modelRow(models, "Note")["tenantFrom"] == "models.jsonc: null");

  // A declared column is used as given (here: a column no reference would have picked).
  writeFile(p.dir.path() / "database/models.jsonc", R"({"Currency": {"tenantColumn": "name"}})");
  CHECK(p.query({"Currency.count()"}).status == 1);
  auto declared = p.query({"--json", ".models"});
  CHECK(modelRow(declared, "Currency")["tenantFrom"] == "models.jsonc");
}

TEST_CASE("two references to the tenant model are refused until models.jsonc says which one scopes") {
  Project p;
  {
    roost::SqliteConnection db(p.file().string());
    db.executeScript(
        "CREATE TABLE transfers (id INTEGER PRIMARY KEY, from_org_id INTEGER REFERENCES organizations(id), "
        "to_org_id INTEGER REFERENCES organizations(id))");
  }
  auto r = p.query({"Currency.count()"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "model Transfer (table transfers) has several foreign keys to organizations: from_org_id, "
                   "to_org_id"));
  CHECK(has(r.err, "\"tenantColumn\": null"));
  CHECK(p.query({".sql SELECT count(*) AS n FROM transfers"}).status == 0);  // raw SQL needs no models
  writeFile(p.dir.path() / "database/models.jsonc", R"({"Transfer": {"tenantColumn": "from_org_id"}})");
  CHECK(p.query({"--tenant", "acme", "Transfer.count()"}).out == "0\n");
  CHECK(p.query({"Transfer.count()"}).status == 1);
}

TEST_CASE("a reference to another column of the tenant model than its key is refused, not scoped wrongly") {
  Project p;
  {
    roost::SqliteConnection db(p.file().string());
    db.executeScript("CREATE TABLE badges (id INTEGER PRIMARY KEY, org_slug TEXT REFERENCES organizations(slug))");
  }
  auto r = p.query({"--tenant", "acme", "Badge.count()"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "model Badge (table badges) references organizations(slug) by org_slug, not by its key id"));
  writeFile(p.dir.path() / "database/models.jsonc", R"({"Badge": {"tenantColumn": null}})");
  CHECK(p.query({"--tenant", "acme", "Badge.count()"}).out == "0\n");
}

TEST_CASE("nothing is inferred under tenantStrategy \"database\"") {
  Project p;
  writeFile(p.dir.path() / "config/database.jsonc", R"({"tenantStrategy": "database"})");
  CHECK(p.query({"Invoice.count()"}).out == "3\n");
}

TEST_CASE(".sql under --tenant says on stderr that it is never scoped") {
  Project p;
  auto scoped = p.query({"--tenant", "acme", ".sql SELECT count(*) AS n FROM invoices"});
  CAPTURE(scoped.err);
  REQUIRE(scoped.status == 0);
  CHECK(has(scoped.out, "3"));  // every tenant's rows: the notice tells the truth
  CHECK(has(scoped.err, "warning: .sql is never tenant-scoped: it reads and writes every tenant's rows, not only "
                        "--tenant acme's"));
  CHECK(std::count(scoped.err.begin(), scoped.err.end(), '\n') == 1);
  auto plain = p.query({".sql SELECT count(*) AS n FROM invoices"});
  CHECK(plain.status == 0);
  CHECK(plain.err.empty());
}

TEST_CASE("db:seed --tenant under the row strategy says its SQL steps are not scoped") {
  Project p;
  writeFile(p.dir.path() / "database/factories/app.jsonc",
            R"({"Invoice": {"definition": {"number": {"fake": "slug", "args": [1]}, "amount": 1}}})");
  writeFile(p.dir.path() / "database/seeders/seeders.jsonc", R"json({
    "DatabaseSeeder": {"run": [{"factory": "Invoice", "count": 2}, {"seeder": "Inner"}]},
    "Inner": {"run": [{"sql": "INSERT INTO notes (org_id, body) VALUES (2, 'raw')"}]},
    "Rows": {"run": [{"factory": "Invoice", "count": 1}]},
  })json");
  writeFile(p.dir.path() / "database/seeders/RawSeeder.sql", "INSERT INTO currencies VALUES ('USD', 'Dollar');\n");
  auto seeded = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--tenant", "acme"});
  CAPTURE(seeded.err);
  REQUIRE(seeded.status == 0);
  CHECK(has(seeded.err, "warning: SQL seed steps are never tenant-scoped: database/seeders/seeders.jsonc:3:"));
  CHECK(has(seeded.err, "runs as written, for every tenant's rows, not only --tenant acme's"));
  CHECK(p.scalar("SELECT count(*) FROM invoices WHERE org_id = 1") == 4);
  CHECK(p.scalar("SELECT count(*) FROM notes WHERE body = 'raw' AND org_id = 2") == 1);

  auto file = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--tenant", "acme", "--class", "RawSeeder"});
  CHECK(file.status == 0);
  CHECK(has(file.err, "never tenant-scoped: database/seeders/RawSeeder.sql"));
  // No notice without SQL steps, nor without --tenant.
  auto rows = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--tenant", "acme", "--class", "Rows"});
  CHECK(rows.status == 0);
  CHECK(!has(rows.err, "tenant-scoped"));
  auto untenanted = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--class", "Inner"});
  CHECK(untenanted.status == 0);
  CHECK(!has(untenanted.err, "tenant-scoped"));
  // And a tenant model's factory without --tenant fails closed, writing nothing.
  auto closed = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--class", "Rows"});
  CHECK(closed.status == 1);
  CHECK(p.scalar("SELECT count(*) FROM invoices") == 6);
}

TEST_CASE("a tenant slug that several organizations share is refused, naming the slug and the ids") {
  Project p;
  {
    roost::SqliteConnection db(p.file().string());
    db.executeScript("INSERT INTO organizations VALUES (7, 'acme', 'Acme again')");
  }
  auto r = p.query({"--tenant", "acme", "Invoice.count()"});
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(has(r.err, "tenant slug 'acme' matches several Organization rows (id 1, 7 in organizations): refusing to "
                   "pick one; make organizations.slug unique"));
  auto seed = runRoost(p.dir.path(), {"db:seed", "--db", "app.sqlite", "--tenant", "acme"});
  CHECK(seed.status == 1);
  CHECK(has(seed.err, "tenant slug 'acme' matches several"));
  CHECK(p.query({"--tenant", "globex", "Invoice.count()"}).out == "1\n");  // a unique slug still works
}
