#include <doctest/doctest.h>

#include "roost/migrate/migration_files.hpp"
#include "roost/orm/error.hpp"
#include "support.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

using roost::migrate::MigrationFiles;
using roost::test::TempDir;
using roost::test::writeFile;

TEST_CASE("migration files are the top-level .sql files in wrangler's order") {
  TempDir tmp;
  auto dir = tmp.path() / "migrations";
  for (const char* name : {"0010_ten.sql", "0002_b.sql", "0002_a.sql", "2_c.sql", "0001_first.sql",
                           "20240101120000_stamp.sql", "notes.txt", "readme.sql.bak", "zz_unnumbered.sql"})
    writeFile(dir / name, "SELECT 1;");
  writeFile(dir / "down" / "0001_first.sql", "SELECT 1;");
  writeFile(dir / "nested" / "0003_nested.sql", "SELECT 1;");
  std::filesystem::create_directories(dir / "0004_dir.sql");

  MigrationFiles files(dir);
  std::vector<std::string> names;
  for (const auto& f : files.all()) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"0001_first.sql", "0002_a.sql", "0002_b.sql", "2_c.sql", "0010_ten.sql",
                                          "20240101120000_stamp.sql", "zz_unnumbered.sql"});
  CHECK(files.find("0001_first.sql")->hasDown);
  CHECK_FALSE(files.find("0002_a.sql")->hasDown);
  CHECK(files.find("0001_first.sql")->downPath == dir / "down" / "0001_first.sql");
  CHECK(files.find("down") == nullptr);
}

TEST_CASE("a missing migrations folder holds no migrations") {
  TempDir tmp;
  MigrationFiles files(tmp.path() / "nope");
  CHECK_FALSE(files.dirExists());
  CHECK(files.all().empty());
}

TEST_CASE("numeric prefixes compare as wrangler's parseInt numbers") {
  CHECK(MigrationFiles::before("9_a.sql", "10_a.sql"));
  CHECK(MigrationFiles::before("0009_a.sql", "10_a.sql"));
  // Both are 1e20 as JavaScript numbers: a tie, so the name decides, as in wrangler.
  CHECK(MigrationFiles::before("100000000000000000000_a.sql", "99999999999999999999_a.sql"));
  CHECK_FALSE(MigrationFiles::before("0002_b.sql", "0002_a.sql"));
  CHECK(MigrationFiles::numericPrefix("0007_x.sql") == "0007");
  CHECK(MigrationFiles::numericPrefix("x.sql").empty());
}

TEST_CASE("reading a migration drops a UTF-8 byte-order mark") {
  TempDir tmp;
  writeFile(tmp.path() / "a.sql", "\xEF\xBB\xBFSELECT 1;");
  CHECK(MigrationFiles::read(tmp.path() / "a.sql") == "SELECT 1;");
  CHECK_THROWS_AS(MigrationFiles::read(tmp.path() / "missing.sql"), roost::Error);
}

TEST_CASE("hidden and symlinked .sql files are skipped, as wrangler skips them") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("roost-hidden-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "0001_real.sql") << "SELECT 1;";
  std::ofstream(dir / ".0002_hidden.sql") << "SELECT 1;";
  fs::create_symlink(dir / "0001_real.sql", dir / "0003_link.sql");
  roost::migrate::MigrationFiles files(dir);
  REQUIRE(files.all().size() == 1);
  CHECK(files.all()[0].name == "0001_real.sql");
  fs::remove_all(dir);
}

TEST_CASE("a migration file over the size limit is refused before it is read") {
  TempDir tmp;
  const auto file = tmp.path() / "migrations" / "0001_big.sql";
  writeFile(file, "-- big\n");
  std::filesystem::resize_file(file, roost::migrate::kMaxMigrationFileBytes + 1);  // sparse: no disk used
  CHECK_THROWS_WITH_AS(MigrationFiles::read(file),
                       doctest::Contains("0001_big.sql: the migration has 67108865 bytes; a migration file may have at "
                                         "most 67108864 (64 MiB)"),
                       roost::ConfigError);
}
