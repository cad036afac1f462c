# The fuzz targets and the project sources they drive: read by tests/fuzz/CMakeLists.txt (which
# registers one ctest test per target) and by clang/CMakeLists.txt (which builds them).
# A target NAME is tests/fuzz/NAME_fuzz.cpp, seeded from corpus/NAME/, replaying regressions/NAME/,
# with dictionary DICT (a file in tests/fuzz) when given. MAX_LEN bounds an input's bytes.

# Every project source any target needs, compiled once with clang into one static library
# (each fuzzer links only the objects it uses): the ORM, project and D1 client libraries whole (globbed,
# so a new source file needs no change here) but for the HTTP client and the local database finder (libcurl, OpenSSL), and
# the app sources the parsers live in.
set(roost_root ${CMAKE_CURRENT_LIST_DIR}/../..)
file(GLOB ROOST_FUZZ_PROJECT_SOURCES RELATIVE ${roost_root} ${roost_root}/lib/orm/src/*.cpp
  ${roost_root}/lib/project/src/*.cpp ${roost_root}/lib/d1client/src/*.cpp)
list(REMOVE_ITEM ROOST_FUZZ_PROJECT_SOURCES lib/d1client/src/client.cpp lib/d1client/src/d1_connection.cpp
  lib/d1client/src/wire_format.cpp lib/project/src/local_database.cpp)
list(APPEND ROOST_FUZZ_PROJECT_SOURCES
  lib/migrate/src/migration_checks.cpp
  lib/migrate/src/migration_files.cpp
  lib/migrate/src/migration_glob.cpp
  apps/roost/project/model_catalog.cpp
  apps/roost/project/naming.cpp
  apps/roost/seed/seed_files.cpp
  apps/roost/seed/seed_runner.cpp
  apps/roost/seed/seed_planner.cpp
  apps/roost/seed/seed_producer.cpp
  apps/roost/seed/bulk_writer.cpp
  apps/roost/console/lexer.cpp
  apps/roost/console/parser.cpp)

roost_fuzz_target(NAME jsonc DICT jsonc.dict)              # roost::project::parseJsonc, blankJsoncExtras
roost_fuzz_target(NAME wrangler_jsonc DICT wrangler.dict)  # loadWranglerConfig on wrangler.jsonc
roost_fuzz_target(NAME wrangler_toml DICT toml.dict)       # loadWranglerConfig on wrangler.toml (toml++)
roost_fuzz_target(NAME settings DICT settings.dict)        # loadRoostSettings: config/database.jsonc
roost_fuzz_target(NAME models DICT models.dict)            # loadModelsFile + ModelCatalog::build
roost_fuzz_target(NAME factories DICT seed.dict)           # database/factories/*.jsonc: load, plan, run
roost_fuzz_target(NAME seeders DICT seed.dict)             # database/seeders/*.jsonc: load, plan, run
roost_fuzz_target(NAME migration_names)                    # MigrationFiles: scan, order, numeric prefixes
roost_fuzz_target(NAME migration_body DICT sql.dict)       # MigrationFiles::read, the SQL script splitter, the D1 rule checks
roost_fuzz_target(NAME console_parser DICT console.dict)   # the console's lexer and parser
roost_fuzz_target(NAME migration_glob)                     # migrations_pattern: minimatch + brace expansion, path order
roost_fuzz_target(NAME config_edit DICT wrangler.dict)     # setBindingKeyInText on wrangler.jsonc / wrangler.toml
