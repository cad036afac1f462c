// MigrationGlob against minimatch 5.1.6 {dot: false}, the glob wrangler 4.116.0 bundles. The
// table's expectations were produced by that very code (extracted from wrangler-dist/cli.js and
// run under the pinned Node): {pattern, path, match(path), match(path, partial)}.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "roost/migrate/migration_files.hpp"
#include "roost/migrate/migration_glob.hpp"
#include "support.hpp"

using roost::migrate::MigrationFiles;
using roost::migrate::MigrationGlob;
using roost::test::TempDir;
using roost::test::writeFile;

namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool match;
  bool partial;
};

const Case kMinimatchCases[] = {
    {"*.sql", "01_x.sql", true, true},
    {"*.sql", "b.sql", true, true},
    {"*.sql", "4_x.sql", true, true},
    {"*.sql", "down", false, false},
    {"*.sql", "down/0001_a.sql", false, false},
    {"*/migration.sql", "x", false, true},
    {"*/migration.sql", "a*b", false, true},
    {"*/migration.sql", "A.SQL", false, true},
    {"*/migration.sql", "", false, false},
    {"*/migration.sql", ".hidden.sql", false, false},
    {"**/*.sql", "down", false, true},
    {"**/*.sql", "a[undefined", false, true},
    {"**/*.sql", "[", false, true},
    {"**/*.sql", ".hidden.sql", false, false},
    {"**/*.sql", ".down", false, false},
    {"**", "down", true, true},
    {"**", "abc", true, true},
    {"**", "a[undefined", true, true},
    {"**", ".hidden.sql", false, false},
    {"**", ".x", false, false},
    {"*", "1_x.sql", true, true},
    {"*", "ab.sql", true, true},
    {"*", "A.SQL", true, true},
    {"*", ".x", false, false},
    {"*", "down/0001_a.sql", false, false},
    {"?", "a", true, true},
    {"?", "x", true, true},
    {"?", "[", true, true},
    {"?", "c.sql", false, false},
    {"?", "x/y/z.sql", false, false},
    {"0001_*.sql", "0001_a.sql", true, true},
    {"0001_*.sql", "cafe.sql", false, false},
    {"0001_*.sql", ".down", false, false},
    {"[0-9]*.sql", "4_x.sql", true, true},
    {"[0-9]*.sql", "2_x.sql", true, true},
    {"[0-9]*.sql", "01_x.sql", true, true},
    {"[0-9]*.sql", ".", false, false},
    {"[0-9]*.sql", "a/b.sql", false, false},
    {"[!0]*.sql", "b.sql", true, true},
    {"[!0]*.sql", "cafe.sql", true, true},
    {"[!0]*.sql", "\xF0\x9F\x98\x80" ".sql", true, true},
    {"[!0]*.sql", "a/.x/b.sql", false, false},
    {"[!0]*.sql", "]", false, false},
    {"[^0]*.sql", "b.sql", true, true},
    {"[^0]*.sql", "caf\xC3\xA9" ".sql", true, true},
    {"[^0]*.sql", "a.sql/", true, true},
    {"[^0]*.sql", ".hidden.sql", false, false},
    {"[^0]*.sql", "01_x.sql", false, false},
    {"{a,b}.sql", "b.sql", true, true},
    {"{a,b}.sql", "a.sql/", true, true},
    {"{a,b}.sql", "a.sql", true, true},
    {"{a,b}.sql", "]", false, false},
    {"{a,b}.sql", "abc", false, false},
    {"{0001,0002}_*.sql", "0001_a.sql", true, true},
    {"{0001,0002}_*.sql", "abdf", false, false},
    {"{0001,0002}_*.sql", "aa.sql", false, false},
    {"*.{sql,SQL}", "01_x.sql", true, true},
    {"*.{sql,SQL}", "1_x.sql", true, true},
    {"*.{sql,SQL}", "ab.sql", true, true},
    {"*.{sql,SQL}", "x/y", false, false},
    {"*.{sql,SQL}", "x/migration.sql", false, false},
    {"{1..3}_x.sql", "2_x.sql", true, true},
    {"{1..3}_x.sql", "1_x.sql", true, true},
    {"{1..3}_x.sql", "ab.sql", false, false},
    {"{1..3}_x.sql", ".", false, false},
    {"{01..03}_x.sql", "01_x.sql", true, true},
    {"{01..03}_x.sql", "c.sql", false, false},
    {"{01..03}_x.sql", "abc", false, false},
    {"{a..c}.sql", "a.sql", true, true},
    {"{a..c}.sql", "a.sql/", true, true},
    {"{a..c}.sql", "b.sql", true, true},
    {"{a..c}.sql", "a/b.sql", false, false},
    {"{a..c}.sql", "abdf", false, false},
    {"+(a|b).sql", "b.sql", true, true},
    {"+(a|b).sql", "ab.sql", true, true},
    {"+(a|b).sql", "a.sql/", true, true},
    {"+(a|b).sql", "x.SQL", false, false},
    {"+(a|b).sql", "..", false, false},
    {"@(a|b).sql", "a.sql", true, true},
    {"@(a|b).sql", "b.sql", true, true},
    {"@(a|b).sql", "a.sql/", true, true},
    {"@(a|b).sql", "..", false, false},
    {"@(a|b).sql", "abdf", false, false},
    {"!(a).sql", "x/.y", true, true},
    {"!(a).sql", "]", true, true},
    {"!(a).sql", "\xF0\x9F\x98\x80" ".sql", true, true},
    {"*(a).sql", "aa.sql", true, true},
    {"*(a).sql", "a.sql", true, true},
    {"*(a).sql", "a.sql/", true, true},
    {"*(a).sql", "4_x.sql", false, false},
    {"*(a).sql", "a*b", false, false},
    {"?(a).sql", "a.sql", true, true},
    {"?(a).sql", "a.sql/", true, true},
    {"?(a).sql", ".", false, false},
    {"?(a).sql", "/a.sql", false, false},
    {"!*.sql", "[", true, true},
    {"!*.sql", "(a)", true, true},
    {"!*.sql", "x/y/z.sql", true, true},
    {"!*.sql", "cafe.sql", false, false},
    {"!*.sql", "4_x.sql", false, false},
    {"#x", "(a)", false, false},
    {"#x", "a", false, false},
    {"a/**/b.sql", "a/b.sql", true, true},
    {"a/**/b.sql", "a/x/b.sql", true, true},
    {"a/**/b.sql", "a", false, true},
    {"a/**/b.sql", "x/migration.sql", false, false},
    {"a/**/b.sql", "(a)", false, false},
    {"**/migration.sql", "x", false, true},
    {"**/migration.sql", "caf\xC3\xA9" ".sql", false, true},
    {"**/migration.sql", "A.SQL", false, true},
    {"**/migration.sql", ".down", false, false},
    {"**/migration.sql", "a/.x/b.sql", false, false},
    {".*.sql", ".hidden.sql", true, true},
    {".*.sql", ".", false, false},
    {".*.sql", "2_x.sql", false, false},
    {".down/*.sql", ".down", false, true},
    {".down/*.sql", "acdf", false, false},
    {".down/*.sql", "a*b", false, false},
    {"down/*.sql", "down", false, true},
    {"down/*.sql", "down/0001_a.sql", true, true},
    {"down/*.sql", "a[undefined", false, false},
    {"down/*.sql", "x/y", false, false},
    {"*/*.sql", "a", false, true},
    {"*/*.sql", "x/migration.sql", true, true},
    {"*/*.sql", "caf\xC3\xA9" ".sql", false, true},
    {"*/*.sql", ".", false, false},
    {"*/*.sql", ".x", false, false},
    {"[a-", "01_x.sql", false, false},
    {"[a-", "a.sql/x", false, false},
    {"*[", "a[undefined", true, true},
    {"*[", "a", false, false},
    {"*[", "a.sql/", false, false},
    {"[]a].sql", "a.sql/", true, true},
    {"[]a].sql", "a.sql", true, true},
    {"[]a].sql", "x/migration.sql", false, false},
    {"[]a].sql", "down", false, false},
    {"[z-a].sql", "0001_init/migration.sql", false, false},
    {"[z-a].sql", "x", false, false},
    {"a\\*b", "a*b", true, true},
    {"a\\*b", ".x", false, false},
    {"a\\*b", "a/.x/b.sql", false, false},
    {"{,a}.sql", "a.sql", true, true},
    {"{,a}.sql", "a.sql/", true, true},
    {"{,a}.sql", "x/.y", false, false},
    {"{,a}.sql", "a/b.sql", false, false},
    {"{a}.sql", "2_x.sql", false, false},
    {"{a}.sql", "4_x.sql", false, false},
    {"a{b,c{d,e}}f", "acef", true, true},
    {"a{b,c{d,e}}f", "acdf", true, true},
    {"a{b,c{d,e}}f", "x/y/z.sql", false, false},
    {"a{b,c{d,e}}f", "\xC3\xA9" ".sql", false, false},
    {"*/**", "x/y", true, true},
    {"*/**", "a.sql/x", true, true},
    {"*/**", "a|b", false, true},
    {"*/**", ".x", false, false},
    {"*/**", "a/.x/b.sql", false, false},
    {"**/*", "cafe.sql", true, true},
    {"**/*", "a.sql/", true, true},
    {"**/*", "/a.sql", true, true},
    {"**/*", "..", false, false},
    {"**/*", ".", false, false},
    {"x/**", "x", false, true},
    {"x/**", "x/migration.sql", true, true},
    {"x/**", "x/y", true, true},
    {"x/**", "[", false, false},
    {"x/**", "down", false, false},
    {"[[:alpha:]]*", "a[undefined", false, false},
    {"[[:alpha:]]*", "a.tmp", false, false},
    {"caf\xC3\xA9" ".sql", "caf\xC3\xA9" ".sql", true, true},
    {"caf\xC3\xA9" ".sql", "A.SQL", false, false},
    {"caf\xC3\xA9" ".sql", "a/b.sql", false, false},
    {"caf?.sql", "caf\xC3\xA9" ".sql", true, true},
    {"caf?.sql", "cafe.sql", true, true},
    {"caf?.sql", "x/y/z.sql", false, false},
    {"caf?.sql", "x/migration.sql", false, false},
    {"*\xC3\xA9" "*", "caf\xC3\xA9" ".sql", true, true},
    {"*\xC3\xA9" "*", "\xC3\xA9" ".sql", true, true},
    {"*\xC3\xA9" "*", "a.tmp", false, false},
    {"*\xC3\xA9" "*", "A.SQL", false, false},
    {"?.sql", "a.sql", true, true},
    {"?.sql", "a.sql/", true, true},
    {"?.sql", "c.sql", true, true},
    {"?.sql", "0001_init/migration.sql", false, false},
    {"?.sql", "x/.y", false, false},
    {"**/?/*.sql", "down/0001_a.sql", false, true},
    {"**/?/*.sql", "acdf", false, true},
    {"**/?/*.sql", "a.sql/", false, true},
    {"**/?/*.sql", ".hidden.sql", false, false},
    {"**/?/*.sql", ".", false, false},
    {"!(*.tmp)", "a/x/b.sql", true, true},
    {"!(*.tmp)", "abc", true, true},
    {"!(*.tmp)", "abdf", true, true},
    {"a|b", "a|b", true, true},
    {"a|b", "a.tmp", false, false},
    {"a|b", "2_x.sql", false, false},
    {"(a)", "(a)", true, true},
    {"(a)", "x/.y", false, false},
    {"(a)", "ab.sql", false, false},
    {"@(.x)", ".x", true, true},
    {"@(.x)", "down/0001_a.sql", false, false},
    {"@(.x)", "]", false, false},
    {"*.sql/", "c.sql", false, true},
    {"*.sql/", "a.sql/", true, true},
    {"*.sql/", "\xF0\x9F\x98\x80" ".sql", false, true},
    {"*.sql/", "[", false, false},
    {"*.sql/", ".down", false, false},
    {"/*.sql", "", false, true},
    {"/*.sql", "/a.sql", true, true},
    {"/*.sql", "a", false, false},
    {"/*.sql", "2_x.sql", false, false},
    {"*.s?l", "c.sql", true, true},
    {"*.s?l", "\xF0\x9F\x98\x80" ".sql", true, true},
    {"*.s?l", "cafe.sql", true, true},
    {"*.s?l", "a/x/b.sql", false, false},
    {"*.s?l", ".", false, false},
};

std::vector<std::string> listed(const std::filesystem::path& root, const char* pattern) {
  return MigrationGlob(pattern).list(root);
}

}  // namespace

TEST_CASE("MigrationGlob matches exactly as wrangler's minimatch does") {
  for (const Case& c : kMinimatchCases) {
    CAPTURE(c.pattern);
    CAPTURE(c.path);
    const MigrationGlob glob(c.pattern);
    CHECK(glob.matches(c.path) == c.match);
    CHECK(glob.mayMatchBelow(c.path) == c.partial);
  }
}

TEST_CASE("the walk finds what wrangler's listFilesRelative finds (helpers.test.ts cases)") {
  TempDir tmp;
  const auto dir = tmp.path() / "migrations";
  writeFile(dir / "0001_top.sql", "");
  writeFile(dir / "feature_a" / "0002_mid.sql", "");
  writeFile(dir / "feature_b" / "sub" / "0003_deep.sql", "");
  writeFile(dir / "notes.txt", "");
  writeFile(dir / ".hidden.sql", "");
  writeFile(dir / ".git" / "x.sql", "");
  writeFile(dir / "node_modules" / "some_pkg" / "0001" / "migration.sql", "");
  CHECK(listed(dir, "*.sql") == std::vector<std::string>{"0001_top.sql"});
  CHECK(listed(dir, "**/*.sql") ==
        std::vector<std::string>{"0001_top.sql", "feature_a/0002_mid.sql", "feature_b/sub/0003_deep.sql",
                                 "node_modules/some_pkg/0001/migration.sql"});
  CHECK(listed(dir, "*/migration.sql").empty());
  CHECK(listed(dir, "feature_a/*.sql") == std::vector<std::string>{"feature_a/0002_mid.sql"});
  CHECK(listed(dir, "{feature_a,feature_b/sub}/*.sql") ==
        std::vector<std::string>{"feature_a/0002_mid.sql", "feature_b/sub/0003_deep.sql"});
  CHECK(listed(tmp.path() / "missing", "*.sql").empty());

  // Symlinks are neither files nor folders to a Dirent: skipped, as wrangler skips them.
  std::filesystem::create_symlink(dir / "0001_top.sql", dir / "0005_link.sql");
  std::filesystem::create_directory_symlink(dir / "feature_a", dir / "0006_linkdir");
  CHECK(listed(dir, "**/*.sql") ==
        std::vector<std::string>{"0001_top.sql", "feature_a/0002_mid.sql", "feature_b/sub/0003_deep.sql",
                                 "node_modules/some_pkg/0001/migration.sql"});
}

TEST_CASE("wrangler's order: number by number per segment, numbered first, then UTF-16 code units") {
  TempDir tmp;
  const auto dir = tmp.path() / "m";
  for (const char* name : {"10_c/migration.sql", "2_b/migration.sql", "1_a/migration.sql"}) writeFile(dir / name, "");
  CHECK(listed(dir, "*/migration.sql") ==
        std::vector<std::string>{"1_a/migration.sql", "2_b/migration.sql", "10_c/migration.sql"});

  std::vector<std::string> names{"0001_posts/10_c.sql", "0001_posts/1_a.sql", "0001_posts/9_b.sql",
                                 "setup.sql",           "0002_users.sql",     "cleanup.sql",
                                 "0001_init.sql",       "0001_beta.sql",      "0001_alpha.sql"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return MigrationFiles::before(a, b); });
  CHECK(names == std::vector<std::string>{"0001_alpha.sql", "0001_beta.sql", "0001_init.sql", "0001_posts/1_a.sql",
                                          "0001_posts/9_b.sql", "0001_posts/10_c.sql", "0002_users.sql", "cleanup.sql",
                                          "setup.sql"});
  // parseInt semantics: "1-init" is 1, " 7" is 7, "-3" is -3; numbers beyond 2^53 compare as doubles
  // (equal ones then by name), and one too big for a double counts as unnumbered.
  CHECK(MigrationFiles::before("1-init.sql", "2_x.sql"));
  CHECK(MigrationFiles::before("-3_x.sql", "0_x.sql"));
  CHECK(MigrationFiles::before("100000000000000000000_a.sql", "99999999999999999999_a.sql"));
  CHECK(MigrationFiles::before("9_a.sql", std::string(400, '1') + "_a.sql"));
  CHECK(MigrationFiles::before(std::string(400, '1') + "_a.sql", "a.sql"));
  // UTF-16 order: U+FF5E sorts after U+1F600 in UTF-16, before it in UTF-8.
  CHECK(MigrationFiles::before("\xF0\x9F\x98\x80.sql", "\xEF\xBD\x9E.sql"));
}

TEST_CASE("nested layouts: tracking names relative to the folder; down files where the pattern never looks") {
  TempDir tmp;
  const auto dir = tmp.path() / "drizzle";
  writeFile(dir / "20260101000000_init" / "migration.sql", "CREATE TABLE a (id INTEGER);");
  writeFile(dir / "20260101000000_init" / "snapshot.json", "{}");
  writeFile(dir / "20260202000000_more" / "migration.sql", "CREATE TABLE b (id INTEGER);");
  writeFile(dir / "down" / "20260101000000_init" / "migration.sql", "DROP TABLE a;");
  MigrationFiles files(dir, "*/migration.sql");
  REQUIRE(files.all().size() == 2);
  CHECK(files.all()[0].name == "20260101000000_init/migration.sql");
  CHECK(files.all()[1].name == "20260202000000_more/migration.sql");
  CHECK(files.all()[0].hasDown);
  CHECK(files.all()[0].downPath == dir / "down" / "20260101000000_init" / "migration.sql");
  CHECK_FALSE(files.all()[1].hasDown);

  // **/migration.sql would also match down/...: the down files move to .down/.
  CHECK(MigrationFiles::downPathFor(dir, "**/migration.sql", "x/migration.sql") == dir / ".down" / "x" / "migration.sql");
  MigrationFiles deep(dir, "**/migration.sql");
  CHECK(deep.all().size() == 3);  // wrangler would run down/... too: hence .down/ under such a pattern
  CHECK(MigrationFiles::downPathFor(dir, "{*,.down/*,down/*}.sql", "a.sql").empty());
  CHECK(MigrationFiles::downPathFor(dir, "*.sql", "a.sql") == dir / "down" / "a.sql");
}
