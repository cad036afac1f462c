// migrations_dir / migrations_pattern resolved by wrangler's rules; the cases are those of
// wrangler's own src/__tests__/d1/migrations/helpers.test.ts (resolveMigrationsConfig).
#include <doctest/doctest.h>

#include "roost/project/migrations_pattern.hpp"
#include "roost/orm/error.hpp"

using roost::project::D1Binding;
using roost::project::MigrationsPattern;
using roost::project::normalizeRelativePath;
using roost::project::resolveMigrationsPattern;

namespace {

D1Binding binding(std::optional<std::string> dir, std::optional<std::string> pattern) {
  D1Binding b;
  b.binding = "DB";
  b.migrationsDir = std::move(dir);
  b.migrationsPattern = std::move(pattern);
  return b;
}

MigrationsPattern resolve(std::optional<std::string> dir, std::optional<std::string> pattern) {
  return resolveMigrationsPattern(binding(std::move(dir), std::move(pattern)), "wrangler.jsonc");
}

}  // namespace

TEST_CASE("without migrations_pattern: <migrations_dir>/*.sql, migrations_dir defaulting to wrangler's migrations") {
  CHECK(resolve(std::nullopt, std::nullopt).dir == "migrations");
  CHECK(resolve(std::nullopt, std::nullopt).pattern == "migrations/*.sql");
  CHECK(resolve(std::nullopt, std::nullopt).relative == "*.sql");
  CHECK(resolve("db\\migrations\\", std::nullopt).dir == "db/migrations");
  CHECK(resolve("./db//migrations/", std::nullopt).pattern == "db/migrations/*.sql");
  CHECK(resolve(".", std::nullopt).pattern == "*.sql");
  // "" is set, not absent: wrangler's `"" ?? "migrations"` keeps it, and it normalises to ".".
  CHECK(resolve("", std::nullopt).dir == ".");
  CHECK(resolve("", std::nullopt).pattern == "*.sql");
  CHECK(resolve("", "drizzle/*/migration.sql").relative == "drizzle/*/migration.sql");
}

TEST_CASE("patterns wrangler accepts") {
  CHECK(resolve("migrations", "migrations/*.sql").relative == "*.sql");
  CHECK(resolve("migrations", "migrations/*/migration.sql").relative == "*/migration.sql");
  CHECK(resolve("db/migrations", "db/migrations/**/*.sql").relative == "**/*.sql");
  CHECK(resolve("./migrations", "migrations/*.sql").relative == "*.sql");
  CHECK(resolve("migrations/", "migrations/*.sql").relative == "*.sql");
  CHECK(resolve("migrations", "./migrations/*.sql").relative == "*.sql");
  const MigrationsPattern windows = resolve("C:\\some\\windows\\path", "C:\\some\\windows\\path\\*\\migration.sql");
  CHECK(windows.dir == "C:/some/windows/path");
  CHECK(windows.pattern == "C:/some/windows/path/*/migration.sql");
  CHECK(windows.relative == "*/migration.sql");
  const MigrationsPattern root = resolve(".", "./*.sql");
  CHECK(root.dir == ".");
  CHECK(root.pattern == "*.sql");
  CHECK(root.relative == "*.sql");
  CHECK(resolve("/abs/migrations", "/abs/migrations/*.sql").relative == "*.sql");
  CHECK(resolve("C:\\Users\\Dave\\proj\\migrations", "C:\\Users\\Dave\\proj\\migrations\\*.sql").relative == "*.sql");
  CHECK(resolve("C:\\Users\\Dave\\proj\\migrations", "C:/Users/Dave/proj/migrations/*/migration.sql").relative ==
        "*/migration.sql");
  CHECK(resolve("migrations", "migrations/*.up.sql").relative == "*.up.sql");
  CHECK(resolve("migrations", "migrations/sub/*.sql").relative == "sub/*.sql");
}

TEST_CASE("patterns wrangler refuses, with its messages") {
  CHECK_THROWS_WITH_AS(resolve(std::nullopt, "migrations/*.sql"), doctest::Contains("have not set `migrations_dir`"),
                       roost::ConfigError);
  CHECK_THROWS_WITH(resolve(std::nullopt, "migrations/*.sql"),
                    doctest::Contains("Add a `migrations_dir` entry to your wrangler.jsonc file (for example, "
                                      "`\"migrations_dir\": \"migrations\"`)"));
  CHECK_THROWS_WITH_AS(resolve("migrations", "schema/*.sql"), doctest::Contains("must start with `migrations/`"),
                       roost::ConfigError);
  CHECK_THROWS_WITH(resolve("migrations", "schema/*.sql"),
                    doctest::Contains("(for example, `\"migrations/*.sql\"`), or change `migrations_dir`"));
  for (const char* bad : {"*.sql", "**/*.sql", "migrationsfoo/*.sql", "/abs/migrations/*.sql", "migrations", "migrations/",
                          ""})
    CHECK_THROWS_WITH_AS(resolve("migrations", std::string(bad)), doctest::Contains("must start with `migrations/`"),
                         roost::ConfigError);
  CHECK_THROWS_WITH(resolve("/abs/migrations", "/abs/other/*.sql"), doctest::Contains("must start with `/abs/migrations/`"));
  CHECK_THROWS_WITH(resolve("/abs/migrations", "migrations/*.sql"), doctest::Contains("must start with `/abs/migrations/`"));
  CHECK_THROWS_WITH(resolve("C:\\Users\\Dave\\proj\\migrations", "C:\\Users\\Dave\\proj\\other\\*.sql"),
                    doctest::Contains("must start with `C:/Users/Dave/proj/migrations/`"));
}

TEST_CASE("normalizeRelativePath is Node's path.posix.normalize with '\\' as '/' and no trailing '/'") {
  CHECK(normalizeRelativePath("./migrations/") == "migrations");
  CHECK(normalizeRelativePath("a\\b\\..\\c") == "a/c");
  CHECK(normalizeRelativePath("a//b/./c/") == "a/b/c");
  CHECK(normalizeRelativePath("../x") == "../x");
  CHECK(normalizeRelativePath("") == ".");
  CHECK(normalizeRelativePath("./") == ".");
  CHECK(normalizeRelativePath("/a/../../b") == "/b");
}
