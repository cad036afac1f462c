// Rows lost through foreign keys in table rebuilds (workers-sdk#5438, drizzle-orm#3065): the
// analysis on a schema-only replay, the refusal before anything runs, and the run-time guard
// that rolls a migration back inside its own transaction when child rows would go.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "roost/migrate/data_loss.hpp"
#include "roost/migrate/errors.hpp"
#include "roost/migrate/migrator.hpp"
#include "support.hpp"

using namespace roost::migrate;
using roost::test::addMigration;
using roost::test::scalar;
using roost::test::tableExists;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Parent a, child b ON DELETE CASCADE (workers-sdk#5438), with rows.
const char* kCascadeSchema =
    "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE);\n";
const char* kRows = "INSERT INTO a VALUES (1, 'x'), (2, 'y'); INSERT INTO b VALUES (10, 1), (11, 2), (12, 1);";

// drizzle-kit's rebuild of a (adds a NOT NULL default column), PRAGMA foreign_keys=OFF and all.
const char* kDrizzleRebuild =
    "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
    "CREATE TABLE `__new_a` (`id` integer PRIMARY KEY, `name` text, `kind` text DEFAULT 'k' NOT NULL);\n"
    "--> statement-breakpoint\n"
    "INSERT INTO `__new_a`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `a`;--> statement-breakpoint\n"
    "DROP TABLE `a`;--> statement-breakpoint\n"
    "ALTER TABLE `__new_a` RENAME TO `a`;--> statement-breakpoint\n"
    "PRAGMA foreign_keys=ON;\n";

// The rebuild that passes with NO ACTION children holding rows: deferred, and the rows put into
// the new table after its rename (SQLite counts the broken references at the DROP; only a
// write to the parent under its final name counts them off).
const char* kDeferredRebuild =
    "PRAGMA defer_foreign_keys = on;\n"
    "CREATE TABLE _keep_a AS SELECT * FROM a;\n"
    "CREATE TABLE __new_a (id INTEGER PRIMARY KEY, name TEXT, kind TEXT DEFAULT 'k' NOT NULL);\n"
    "DROP TABLE a;\n"
    "ALTER TABLE __new_a RENAME TO a;\n"
    "INSERT INTO a (id, name) SELECT id, name FROM _keep_a;\n"
    "DROP TABLE _keep_a;\n";

struct Db {
  roost::test::TempDir tmp;
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  explicit Db(const std::string& schema) { db.executeScript(schema); }
  DataLossAnalysis analyse(std::vector<MigrationScript> scripts) { return analyseDataLoss(db, scripts); }
};

std::vector<const Finding*> ofRule(const DataLossAnalysis& a, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : a.findings)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

struct Project {
  roost::test::TempDir tmp;
  std::filesystem::path dir = tmp.path() / "migrations";
  roost::SqliteConnection db{(tmp.path() / "db.sqlite").string()};
  MigrationRepository repo{db};
  std::vector<Finding> warnings;

  struct Warnings : MigratorObserver {
    std::vector<Finding>* out;
    void warning(const Finding& f) override { out->push_back(f); }
  } observer;

  Project() { observer.out = &warnings; }
  Migrator migrator(DataLossCheck check = DataLossCheck::RefuseAndGuard) {
    Migrator m(repo, MigrationFiles(dir));
    m.setDataLossCheck(check);
    m.setObserver(&observer);
    return m;
  }
  std::vector<std::string> ran() {
    std::vector<std::string> out;
    for (const auto& r : repo.getRan()) out.push_back(r.name);
    return out;
  }
  // 0001 makes a and b; applied, then rows are written.
  void withCascadeRows(const char* schema = kCascadeSchema) {
    addMigration(dir, "0001_init.sql", schema);
    migrator().run();
    db.executeScript(kRows);
  }
};

}  // namespace

// --- the analysis -------------------------------------------------------------------------

TEST_CASE("analysis: drizzle's rebuild of a parent with an ON DELETE CASCADE child is refused at the DROP") {
  Db d(kCascadeSchema);
  const auto a = d.analyse({{"m/0002_rebuild.sql", kDrizzleRebuild}});
  const auto refusals = ofRule(a, "cascade-rebuild");
  REQUIRE(refusals.size() == 1);
  const Finding& f = *refusals.front();
  CHECK(f.severity == Severity::Refusal);
  CHECK(f.file == "m/0002_rebuild.sql");
  CHECK(f.line == 5);
  CHECK(f.statement == "DROP TABLE `a`");
  CHECK(has(f.message, "every row of b (a -> b, ON DELETE CASCADE)"));
  CHECK(has(f.message, "PRAGMA foreign_keys = OFF does nothing on D1"));
  CHECK(has(f.fix, "PRAGMA defer_foreign_keys = on;"));
  CHECK(has(f.fix, "CREATE TABLE \"_roost_keep_b\" AS SELECT * FROM \"b\";"));
  CHECK(has(f.fix, "INSERT INTO \"b\" SELECT * FROM \"_roost_keep_b\";"));
  CHECK(has(f.fix, "--allow-data-loss"));
  REQUIRE(a.guards.size() == 1);
  CHECK(a.guards[0] == std::vector<GuardedCount>{{"b", "b", ""}});
}

TEST_CASE("analysis: the rename-first rebuild is refused too, and the fix says to rebuild in the other order") {
  Db d(kCascadeSchema);
  const auto a = d.analyse({{"0002.sql",
                             "ALTER TABLE a RENAME TO old_a;\nCREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
                             "INSERT INTO a SELECT * FROM old_a;\nDROP TABLE old_a;\n"}});
  const auto refusals = ofRule(a, "cascade-rebuild");
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0]->line == 4);
  CHECK(has(refusals[0]->message, "old_a -> b"));
  CHECK(has(refusals[0]->fix, "Rebuild in the other order"));
}

TEST_CASE("analysis: a cascade chain and SET NULL children are named, each with its path") {
  Db d("CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
       "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a ON DELETE CASCADE);\n"
       "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b ON DELETE CASCADE);\n"
       "CREATE TABLE n (id INTEGER PRIMARY KEY, a_ref INTEGER REFERENCES a ON DELETE SET NULL);\n");
  const auto a = d.analyse({{"0002.sql", "CREATE TABLE a2 (id INTEGER PRIMARY KEY);\nDROP TABLE a;\n"
                                         "ALTER TABLE a2 RENAME TO a;"}});
  const auto refusals = ofRule(a, "cascade-rebuild");
  REQUIRE(refusals.size() == 1);
  CHECK(has(refusals[0]->message, "every row of b (a -> b, ON DELETE CASCADE)"));
  CHECK(has(refusals[0]->message, "every row of c (a -> b -> c, ON DELETE CASCADE)"));
  CHECK(has(refusals[0]->message, "n.a_ref in every row, set to NULL (a -> n.a_ref, ON DELETE SET NULL)"));
  CHECK(has(refusals[0]->fix, "UPDATE \"n\" SET \"a_ref\" = (SELECT \"a_ref\" FROM \"_roost_keep_n_a_ref\""));
  CHECK(a.guards[0] ==
        std::vector<GuardedCount>{{"b", "b", ""}, {"c", "c", ""}, {"n", "n", "a_ref"}});
}

TEST_CASE("analysis: what loses nothing that outlives the migration is not refused") {
  SUBCASE("dropping a parent, then its child") {
    Db d(kCascadeSchema);
    CHECK(d.analyse({{"0002.sql", "DROP TABLE a;\nDROP TABLE b;"}}).findings.empty());
  }
  SUBCASE("the suggested rewrite: children kept in a copy and put back after the rename") {
    Db d(kCascadeSchema);
    const auto a = d.analyse({{"0002.sql", "PRAGMA defer_foreign_keys = on;\n"
                                           "CREATE TABLE __new_a (id INTEGER PRIMARY KEY, name TEXT);\n"
                                           "INSERT INTO __new_a SELECT * FROM a;\n"
                                           "CREATE TABLE \"_roost_keep_b\" AS SELECT * FROM \"b\";\n"
                                           "DROP TABLE a;\nALTER TABLE __new_a RENAME TO a;\n"
                                           "INSERT INTO \"b\" SELECT * FROM \"_roost_keep_b\";\n"
                                           "DROP TABLE \"_roost_keep_b\";\n"}});
    CHECK(a.findings.empty());
    CHECK(a.guards[0] == std::vector<GuardedCount>{{"b", "b", ""}});  // still guarded
  }
  SUBCASE("a table nobody references") {
    Db d("CREATE TABLE a (id INTEGER PRIMARY KEY);");
    CHECK(d.analyse({{"0002.sql", kDrizzleRebuild}}).findings.empty());
  }
  SUBCASE("the child emptied on purpose first (found on hand-written probes)") {
    Db d(kCascadeSchema);
    const auto a = d.analyse({{"0002.sql", std::string("DELETE FROM b;\n") + kDrizzleRebuild}});
    for (const Finding& f : a.findings) CHECK(f.rule != "cascade-rebuild");
    CHECK(a.guards[0].empty());  // nothing of b is kept, on purpose
  }
  SUBCASE("but some rows of the child deleted is no reason to drop the rest") {
    Db d(kCascadeSchema);
    const auto a = d.analyse({{"0002.sql", std::string("DELETE FROM b WHERE id > 1;\n") + kDrizzleRebuild}});
    bool refused = false;
    for (const Finding& f : a.findings) refused = refused || f.rule == "cascade-rebuild";
    CHECK(refused);
  }
}

TEST_CASE("analysis: a child rebuilt after its parent's DROP copies rows that are already gone: refused") {
  Db d(kCascadeSchema);
  const auto a = d.analyse({{"0002.sql", std::string(kDrizzleRebuild) +
                                             "CREATE TABLE __new_b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES "
                                             "a(id) ON DELETE CASCADE, note TEXT);\n"
                                             "INSERT INTO __new_b (id, a_id) SELECT id, a_id FROM b;\n"
                                             "DROP TABLE b;\nALTER TABLE __new_b RENAME TO b;\n"}});
  CHECK(ofRule(a, "cascade-rebuild").size() == 1);
}

TEST_CASE("analysis: NO ACTION children warn without defer_foreign_keys, and not with it") {
  Db d("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
       "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n"
       "CREATE TABLE r (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE RESTRICT);\n");
  const auto without = d.analyse({{"0002.sql", kDrizzleRebuild}});
  REQUIRE(without.findings.size() == 1);
  const Finding& w = without.findings.front();
  CHECK(w.rule == "no-action-rebuild");
  CHECK(w.severity == Severity::Warning);
  CHECK(w.line == 5);
  CHECK(has(w.message, "b (ON DELETE NO ACTION) and r (ON DELETE RESTRICT)"));
  CHECK(has(w.message, "FOREIGN KEY constraint failed"));
  CHECK(has(w.fix, "PRAGMA defer_foreign_keys = on;"));
  CHECK(has(w.fix, "INSERT INTO \"a\" (its columns) SELECT its columns FROM \"_roost_keep_a\";"));
  CHECK(has(w.fix, "RESTRICT acts at once"));
  CHECK(without.guards[0].empty());
  // Deferred, but the rows went into the new table before its rename: the COMMIT still fails.
  const auto early = d.analyse({{"0002.sql", std::string("PRAGMA defer_foreign_keys = on;\n") + kDrizzleRebuild}});
  REQUIRE(early.findings.size() == 1);
  CHECK(has(early.findings[0].message, "only rows written to a after the new table is renamed to it"));
  CHECK(d.analyse({{"0002.sql", kDeferredRebuild}}).findings.empty());
}

TEST_CASE("analysis: DELETE of chosen rows warns; DELETE of every row empties the children: refused") {
  Db d(kCascadeSchema);
  const auto some = d.analyse({{"0002.sql", "DELETE FROM a WHERE name = 'old';"}});
  REQUIRE(some.findings.size() == 1);
  CHECK(some.findings[0].rule == "cascade-delete");
  CHECK(some.findings[0].severity == Severity::Warning);
  CHECK(some.guards[0].empty());
  const auto all = d.analyse({{"0002.sql", "DELETE FROM a;"}});
  CHECK(ofRule(all, "cascade-rebuild").size() == 1);
}

TEST_CASE("analysis: REPLACE into a parent warns that it deletes the conflicting rows' children (found on probes)") {
  for (const char* sql : {"INSERT OR REPLACE INTO a (id, name) SELECT id, upper(name) FROM a;",
                          "REPLACE INTO a (id, name) VALUES (1, 'x');"}) {
    CAPTURE(sql);
    Db d(kCascadeSchema);
    const auto found = d.analyse({{"0002.sql", sql}}).findings;
    REQUIRE(found.size() == 1);
    CHECK(found[0].rule == "replace-cascade");
    CHECK(found[0].severity == Severity::Warning);
    CHECK(found[0].message.find("b (a -> b, CASCADE)") != std::string::npos);
    CHECK(found[0].fix.find("ON CONFLICT") != std::string::npos);
  }
  Db d(kCascadeSchema);
  CHECK(d.analyse({{"0002.sql", "INSERT OR REPLACE INTO b (id, a_id) VALUES (1, 1);"}}).findings.empty());  // nobody refers to b
  CHECK(d.analyse({{"0002.sql", "INSERT OR IGNORE INTO a (id, name) VALUES (1, 'x');"}}).findings.empty());
}

TEST_CASE("analysis: a statement the replay cannot run stops the analysis of its script with a warning, never a refusal") {
  Db d(kCascadeSchema);
  const auto a = d.analyse({{"0002.sql", "CREATE VIRTUAL TABLE v USING no_such_module(x);\nDROP TABLE a;"},
                            {"0003.sql", "CREATE TABLE z (x);"}});
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].rule == "data-loss-unchecked");
  CHECK(a.findings[0].severity == Severity::Warning);
  CHECK(a.findings[0].line == 1);
  CHECK(has(a.findings[0].message, "no_such_module"));
  CHECK(a.guards == std::vector<std::vector<GuardedCount>>{{}, {}});
}

TEST_CASE("analysis: each script sees the schema the earlier ones leave (child made by 0001, parent rebuilt by 0002)") {
  Db d("");
  const auto a = d.analyse({{"0001.sql", kCascadeSchema}, {"0002.sql", kDrizzleRebuild}});
  const auto refusals = ofRule(a, "cascade-rebuild");
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0]->file == "0002.sql");
  CHECK(a.guards[1] == std::vector<GuardedCount>{{"b", "b", ""}});  // 0001 made b before 0002 runs
}

// --- the Migrator ---------------------------------------------------------------------------

TEST_CASE("migrate: the workers-sdk#5438 rebuild is refused before anything runs; nothing lost or recorded") {
  Project p;
  p.withCascadeRows();
  addMigration(p.dir, "0002_fine.sql", "CREATE TABLE c (x);");
  addMigration(p.dir, "0003_rebuild_a.sql", kDrizzleRebuild);
  try {
    p.migrator().run();
    FAIL("expected a DataLossError");
  } catch (const DataLossError& e) {
    const std::string m = e.what();
    CHECK(has(m, "refusing to migrate"));
    CHECK(has(m, (p.dir / "0003_rebuild_a.sql").string() + ":5: DROP TABLE `a` — DROP TABLE `a` deletes every row of b"));
    CHECK(has(m, "Nothing was run or recorded."));
    CHECK(has(m, "--allow-data-loss"));
    // The refusal, and the D1 rules' warnings about the drizzle PRAGMAs around it.
    REQUIRE(e.findings().size() == 3);
    CHECK(e.findings()[0].rule == "foreign-keys-pragma");
    CHECK(e.findings()[1].rule == "foreign-keys-pragma");
    CHECK(e.findings()[2].rule == "cascade-rebuild");
    CHECK(e.findings()[2].severity == Severity::Refusal);
  }
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 3);
  CHECK_FALSE(tableExists(p.db, "c"));  // not even the harmless migration before it
  CHECK(p.ran() == std::vector<std::string>{"0001_init.sql"});
  CHECK_THROWS_AS(p.migrator().run({.pretend = true}), DataLossError);
}

TEST_CASE("migrate: forced past the static check, the guard rolls the rebuild back with every child row there") {
  Project p;
  p.withCascadeRows();
  addMigration(p.dir, "0002_rebuild_a.sql", kDrizzleRebuild);
  try {
    p.migrator(DataLossCheck::GuardOnly).run();
    FAIL("expected a DataLossError");
  } catch (const DataLossError& e) {
    const std::string m = e.what();
    CAPTURE(m);
    CHECK(e.findings().empty());
    CHECK(e.file() == "0002_rebuild_a.sql");
    CHECK(has(m, "CHECK constraint failed: roost_data_loss_guard"));
    CHECK(has(m, "rolled back: nothing of 0002_rebuild_a.sql was applied or recorded"));
    CHECK(has(m, "b: 3 rows before, 0 after"));
  }
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 3);
  CHECK(scalar(p.db, "SELECT count(*) FROM pragma_table_info('a') WHERE name = 'kind'") == 0);
  CHECK_FALSE(tableExists(p.db, kDataLossGuardTable));
  CHECK_FALSE(tableExists(p.db, "__new_a"));
  CHECK(p.ran() == std::vector<std::string>{"0001_init.sql"});
}

TEST_CASE("migrate: SET NULL children: refused, and the guard counts their non-NULL references") {
  Project p;
  p.withCascadeRows("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE SET NULL);\n");
  addMigration(p.dir, "0002_rebuild_a.sql", kDrizzleRebuild);
  try {
    p.migrator().run();
    FAIL("expected a DataLossError");
  } catch (const DataLossError& e) {
    CHECK(has(e.what(), "b.a_id in every row, set to NULL"));
  }
  try {
    p.migrator(DataLossCheck::GuardOnly).run();
    FAIL("expected a DataLossError");
  } catch (const DataLossError& e) {
    CHECK(has(e.what(), "b.a_id: 3 non-NULL values before, 0 after"));
  }
  CHECK(scalar(p.db, "SELECT count(a_id) FROM b") == 3);
  CHECK(p.ran().size() == 1);
}

TEST_CASE("migrate --allow-data-loss lets a deliberate drop through") {
  Project p;
  p.withCascadeRows();
  addMigration(p.dir, "0002_drop_a.sql", "DROP TABLE a;");
  CHECK_THROWS_AS(p.migrator().run(), DataLossError);
  p.migrator().run({.allowDataLoss = true});
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 0);
  CHECK(p.ran().size() == 2);
}

TEST_CASE("migrate: a rebuild under defer_foreign_keys with only NO ACTION children keeps every row") {
  Project p;
  p.withCascadeRows("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n");
  addMigration(p.dir, "0002_rebuild_a.sql", kDeferredRebuild);
  p.migrator().run();
  CHECK(p.warnings.empty());
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 3);
  CHECK(scalar(p.db, "SELECT count(*) FROM a WHERE kind = 'k'") == 2);
  CHECK(p.ran().size() == 2);
}

TEST_CASE("migrate: the suggested rewrite of a CASCADE rebuild runs and keeps every child row") {
  Project p;
  p.withCascadeRows();
  addMigration(p.dir, "0002_rebuild_a.sql",
               "PRAGMA defer_foreign_keys = on;\n"
               "CREATE TABLE __new_a (id INTEGER PRIMARY KEY, name TEXT, kind TEXT DEFAULT 'k' NOT NULL);\n"
               "INSERT INTO __new_a (id, name) SELECT id, name FROM a;\n"
               "CREATE TABLE \"_roost_keep_b\" AS SELECT * FROM \"b\";\n"
               "DROP TABLE a;\nALTER TABLE __new_a RENAME TO a;\n"
               "INSERT INTO \"b\" SELECT * FROM \"_roost_keep_b\";\nDROP TABLE \"_roost_keep_b\";\n");
  p.migrator().run();  // refused by neither the analysis nor the guard
  CHECK(p.warnings.empty());
  CHECK(scalar(p.db, "SELECT count(*) FROM b JOIN a ON a.id = b.a_id WHERE a.kind = 'k'") == 3);
  CHECK(p.ran().size() == 2);
}

TEST_CASE("migrate: without defer_foreign_keys the NO ACTION rebuild is warned about, then fails on the rows") {
  Project p;
  p.withCascadeRows("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n"
                    "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n");
  addMigration(p.dir, "0002_rebuild_a.sql", kDrizzleRebuild);
  CHECK_THROWS_AS(p.migrator().run(), roost::MigrationError);  // what the warning said would happen
  REQUIRE(p.warnings.size() == 3);  // the two drizzle PRAGMAs, then the rebuild
  CHECK(p.warnings[2].rule == "no-action-rebuild");
  CHECK(has(p.warnings[2].message, "b (ON DELETE NO ACTION)"));
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 3);
}

TEST_CASE("migrate on a fresh database: a child made by the first pending migration is seen by the second") {
  Project p;
  addMigration(p.dir, "0001_init.sql", kCascadeSchema);
  addMigration(p.dir, "0002_rebuild_a.sql", kDrizzleRebuild);
  CHECK_THROWS_AS(p.migrator().run(), DataLossError);
  CHECK(p.ran().empty());
  CHECK_FALSE(tableExists(p.db, "a"));
  CHECK_THROWS_AS(p.migrator().fresh(), DataLossError);
}

TEST_CASE("rollback: a down file that rebuilds a parent is refused, and guarded; --allow-data-loss lets it run") {
  Project p;
  addMigration(p.dir, "0001_init.sql", kCascadeSchema, "DROP TABLE b; DROP TABLE a;");
  addMigration(p.dir, "0002_kind.sql", "ALTER TABLE a ADD COLUMN kind TEXT;",
               "CREATE TABLE __new_a (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO __new_a SELECT id, name FROM a;\n"
               "DROP TABLE a;\nALTER TABLE __new_a RENAME TO a;\n");
  p.migrator().run({.step = true});
  p.db.executeScript("INSERT INTO a VALUES (1, 'x', 'k'); INSERT INTO b VALUES (10, 1);");
  CHECK_THROWS_AS(p.migrator().rollback(), DataLossError);
  CHECK_THROWS_AS(p.migrator().reset(), DataLossError);
  CHECK_THROWS_AS(p.migrator().refresh(), DataLossError);
  CHECK_THROWS_AS(p.migrator(DataLossCheck::GuardOnly).rollback(), DataLossError);
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 1);
  CHECK(p.ran().size() == 2);
  p.migrator().rollback({.allowDataLoss = true});
  CHECK(scalar(p.db, "SELECT count(*) FROM b") == 0);
  CHECK(p.ran().size() == 1);
}

TEST_CASE("guard statements: nothing guarded, nothing added; a count that holds passes and leaves no table behind") {
  CHECK(guardBefore({}).empty());
  CHECK(guardAfter({}).empty());
  Db d(kCascadeSchema);
  d.db.executeScript(kRows);
  const std::vector<GuardedCount> guard{{"b", "b", ""}, {"b", "b", "a_id"}};
  d.db.applyAtomically("INSERT INTO b VALUES (13, 2);", guardBefore(guard), guardAfter(guard));
  CHECK(scalar(d.db, "SELECT count(*) FROM b") == 4);
  CHECK_FALSE(tableExists(d.db, kDataLossGuardTable));
  try {
    d.db.applyAtomically("DELETE FROM b WHERE id = 13;", guardBefore(guard), guardAfter(guard));
    FAIL("expected the guard to fail");
  } catch (const roost::QueryError& e) {
    CHECK(isDataLossGuardFailure(e.databaseMessage()));
    CHECK(has(e.databaseMessage(), "CHECK constraint failed: roost_data_loss_guard"));
  }
  CHECK(scalar(d.db, "SELECT count(*) FROM b") == 4);
}
