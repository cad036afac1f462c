#!/usr/bin/env bash
# Migration figures for issue 3 ("Sample and figures"), in one run:
#   (a) `roost migrate` with nothing to do on wrangler-samples/blog (goal: under 20 ms wall):
#       hyperfine when installed, else a timed loop (bash's EPOCHREALTIME, or `date +%s%N`);
#       median and mean. For scale, the same no-op with `wrangler d1 migrations apply DB
#       --local` (a few runs).
#   (b) applying COUNT (default 500) small migrations (each: CREATE TABLE, CREATE INDEX,
#       INSERT a row) to a fresh local D1 database with `roost migrate`, and on an identical
#       fresh copy with `wrangler d1 migrations apply DB --local`; both wall times and the
#       ratio. Both databases are then checked to hold the same tables, rows and tracking rows.
#
# Usage (from anywhere; wrangler from tests/js, installed by `sh tests/js/install.sh`):
#   bench/migrations/run.sh [--roost PATH] [--count 500] [--runs 50] [--roost-runs 5]
#                           [--wrangler-runs 3] [--json-only] [--roost-only] [--no-hyperfine]
#   cmake --build BUILD --target bench_migrations      # the same, with BUILD's roost
# --roost-only skips every wrangler run (and so the ratio): a quick look at roost alone.
# --roost defaults to the first of build-rel, build, build-interop that has apps/roost/roost.
# Output: one JSON object per line on stdout (one per figure), then a human summary on
# stderr (suppressed by --json-only). Needs bash, coreutils, awk, sqlite3; hyperfine optional.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
roost=""
count=500
runs=50
roost_runs=5
wrangler_runs=3
json_only=0
roost_only=0
use_hyperfine=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --roost) roost=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --roost-runs) roost_runs=$2; shift 2 ;;
    --wrangler-runs) wrangler_runs=$2; shift 2 ;;
    --json-only) json_only=1; shift ;;
    --roost-only) roost_only=1; shift ;;
    --no-hyperfine) use_hyperfine=0; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$roost" ]]; then
  for b in build-rel build build-interop; do
    [[ -x "$root/$b/apps/roost/roost" ]] && { roost="$root/$b/apps/roost/roost"; break; }
  done
fi
[[ -n "$roost" && -x "$roost" ]] || { echo "roost binary not found; pass --roost PATH" >&2; exit 1; }
roost=$(readlink -f -- "$roost")
wrangler="$root/tests/js/bin/wrangler"
[[ $roost_only == 1 || -f "$root/tests/js/node_modules/wrangler/bin/wrangler.js" ]] ||
  { echo "wrangler is not installed; run: sh $root/tests/js/install.sh" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 (the CLI) is needed to check the results" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/roost-bench-migrations.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

log() { [[ $json_only == 1 ]] || echo "$*" >&2; }
# stamp: the wall clock in ns into $_ns, without forking (bash 5's EPOCHREALTIME, in µs),
# else `date +%s%N`.
stamp() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then _ns=$(( 10#${EPOCHREALTIME//[!0-9]/} * 1000 )); else _ns=$(date +%s%N); fi
}
ms() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e6 }'; }
# stats FILE (one number of ms per line) -> "median mean min max"
stats() {
  sort -g "$1" | awk '{ v[NR] = $1; s += $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.3f %.3f %.3f %.3f\n", m, s / NR, v[1], v[NR] }'
}
# The only local D1 database (<64 hex>.sqlite) of a project folder.
d1_file() {
  local f
  for f in "$1"/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/*.sqlite; do
    [[ ${f##*/} =~ ^[0-9a-f]{64}\.sqlite$ ]] && { echo "$f"; return 0; }
  done
  echo "no local D1 database under $1/.wrangler" >&2; return 1
}

# ---- (a) roost migrate with nothing to do, on the blog sample ---------------------------
blog="$work/blog"
cp -R -- "$root/wrangler-samples/blog" "$blog"
rm -rf -- "$blog/.wrangler"
(cd "$blog" && "$roost" migrate -q)
log "(a) roost migrate with nothing to do on wrangler-samples/blog, $runs runs"
if [[ $use_hyperfine == 1 ]] && command -v hyperfine >/dev/null; then
  method=hyperfine
  (cd "$blog" && hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/noop.json" \
    --style none "$roost migrate -q" >/dev/null 2>&1)
  # hyperfine's JSON has a "times" array in seconds; take it out with awk (no jq needed).
  tr -d ' \n' <"$work/noop.json" | sed -n 's/.*"times":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' |
    awk '{ printf "%.6f\n", $1 * 1000 }' >"$work/noop.ms"
else
  method=timed-loop
  cd "$blog"
  for _ in 1 2 3 4 5; do "$roost" migrate -q; done
  : >"$work/noop.ms"
  for ((i = 0; i < runs; i++)); do
    stamp; t0=$_ns; "$roost" migrate -q; stamp; t1=$_ns
    ms $((t1 - t0)) >>"$work/noop.ms"; echo >>"$work/noop.ms"
  done
  cd - >/dev/null
fi
read -r noop_median noop_mean noop_min noop_max < <(stats "$work/noop.ms")
echo "{\"bench\":\"migrate_noop\",\"tool\":\"roost\",\"sample\":\"blog\",\"method\":\"$method\",\"runs\":$runs,\"median_ms\":$noop_median,\"mean_ms\":$noop_mean,\"min_ms\":$noop_min,\"max_ms\":$noop_max}"

if [[ $roost_only == 1 ]]; then wrangler_runs=0; fi
log "    the same no-op with wrangler d1 migrations apply DB --local, $wrangler_runs runs"
: >"$work/wnoop.ms"
for ((i = 0; i < wrangler_runs; i++)); do
  stamp; t0=$_ns; (cd "$blog" && "$wrangler" d1 migrations apply DB --local >"$work/wnoop.out" 2>&1); stamp; t1=$_ns
  grep -q "No migrations to apply" "$work/wnoop.out" || { cat "$work/wnoop.out" >&2; echo "wrangler did not agree that nothing was pending" >&2; exit 1; }
  ms $((t1 - t0)) >>"$work/wnoop.ms"; echo >>"$work/wnoop.ms"
done
wnoop_median=n/a
if [[ $roost_only != 1 ]]; then
  read -r wnoop_median wnoop_mean _ _ < <(stats "$work/wnoop.ms")
  echo "{\"bench\":\"migrate_noop\",\"tool\":\"wrangler\",\"sample\":\"blog\",\"method\":\"timed-loop\",\"runs\":$wrangler_runs,\"median_ms\":$wnoop_median,\"mean_ms\":$wnoop_mean}"
fi

# ---- (b) COUNT small migrations on a fresh database -------------------------------------
template="$work/template"
mkdir -p "$template/migrations/down"
cat >"$template/wrangler.jsonc" <<'EOF'
{
  "name": "bench-migrations",
  "compatibility_date": "2025-01-01",
  "d1_databases": [
    { "binding": "DB", "database_name": "bench", "database_id": "00000000-0000-0000-0000-00000000b500",
      "migrations_dir": "migrations" },
  ],
}
EOF
for ((i = 1; i <= count; i++)); do
  printf -v id '%04d' "$i"
  cat >"$template/migrations/${id}_create_t${id}_table.sql" <<EOF
-- Migration: create_t${id}_table
CREATE TABLE t${id} (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at TEXT);
CREATE INDEX t${id}_name ON t${id} (name);
INSERT INTO t${id} (name, created_at) VALUES ('row ${id}', '2025-01-01T00:00:00.000Z');
EOF
  echo "DROP TABLE t${id};" >"$template/migrations/down/${id}_create_t${id}_table.sql"
done
log "(b) $count migrations (CREATE TABLE + CREATE INDEX + INSERT each) on a fresh database"

# roost: roost_runs fresh copies, median wall time.
: >"$work/roost500.ms"
for ((r = 1; r <= roost_runs; r++)); do
  rm -rf -- "$work/roost"; cp -R -- "$template" "$work/roost"
  stamp; t0=$_ns; (cd "$work/roost" && "$roost" migrate -q); stamp; t1=$_ns
  ms $((t1 - t0)) >>"$work/roost500.ms"; echo >>"$work/roost500.ms"
done
read -r roost_median roost_mean roost_min roost_max < <(stats "$work/roost500.ms")
log "    roost:    median $roost_median ms over $roost_runs fresh copies"
echo "{\"bench\":\"apply_many\",\"tool\":\"roost\",\"migrations\":$count,\"runs\":$roost_runs,\"median_ms\":$roost_median,\"mean_ms\":$roost_mean,\"min_ms\":$roost_min,\"max_ms\":$roost_max}"

# roost's result, checked on its own.
summary() {  # FILE -> tracking rows, user tables, their rows, a digest of the schema
  sqlite3 -readonly "$1" "
    SELECT (SELECT count(*) FROM d1_migrations),
           (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'),
           (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name GLOB 't[0-9]*_name');" |
    tr '\n' ' '
  sqlite3 -readonly "$1" "SELECT name, sql FROM sqlite_master WHERE name GLOB 't[0-9]*' ORDER BY name" | sha256sum | cut -c1-16
}
rs=$(summary "$(d1_file "$work/roost")")
expected_prefix="$count|$count|$count"
[[ "$rs" == "$expected_prefix "* ]] || { echo "roost's result: [$rs], expected [$expected_prefix ...]" >&2; exit 1; }
rows=$(sqlite3 -readonly "$(d1_file "$work/roost")" "SELECT count(*) FROM t0001") # spot check
[[ "$rows" == 1 ]] || { echo "t0001 holds $rows rows, expected 1" >&2; exit 1; }
if [[ $roost_only == 1 ]]; then
  [[ $json_only == 1 ]] || printf '\n  roost migrate, nothing to do (blog): median %s ms, mean %s ms; %s migrations: %s ms (median of %s)\n' \
    "$noop_median" "$noop_mean" "$count" "$roost_median" "$roost_runs" >&2
  exit 0
fi

# wrangler: one run (it takes minutes) on an identical fresh copy.
cp -R -- "$template" "$work/wrangler"
log "    wrangler: one run (this takes a while) ..."
stamp; t0=$_ns
(cd "$work/wrangler" && "$wrangler" d1 migrations apply DB --local >"$work/wrangler500.out" 2>&1) ||
  { tail -n 40 "$work/wrangler500.out" >&2; echo "wrangler d1 migrations apply failed" >&2; exit 1; }
stamp; t1=$_ns
wrangler_ms=$(ms $((t1 - t0)))
log "    wrangler: $wrangler_ms ms"
echo "{\"bench\":\"apply_many\",\"tool\":\"wrangler\",\"migrations\":$count,\"runs\":1,\"wall_ms\":$wrangler_ms}"

# Both databases must now hold the same thing.
ws=$(summary "$(d1_file "$work/wrangler")")
[[ "$rs" == "$ws" ]] || { echo "results differ: roost [$rs], wrangler [$ws]" >&2; exit 1; }

ratio=$(awk -v w="$wrangler_ms" -v r="$roost_median" 'BEGIN { printf "%.1f", w / r }')
echo "{\"bench\":\"apply_many\",\"migrations\":$count,\"ratio_wrangler_over_roost\":$ratio,\"same_result\":true}"

if [[ $json_only != 1 ]]; then
  {
    echo
    echo "== migration figures ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPU, roost $("$roost" --version 2>/dev/null | head -n1))"
    printf '  roost migrate, nothing to do (blog):  median %s ms, mean %s ms (%s runs, %s; min %s, max %s)\n' \
      "$noop_median" "$noop_mean" "$runs" "$method" "$noop_min" "$noop_max"
    printf '  wrangler apply, nothing to do (blog): median %s ms (%s runs)\n' "$wnoop_median" "$wrangler_runs"
    printf '  %s migrations, fresh local DB:       roost %s ms (median of %s), wrangler %s ms  ->  wrangler/roost = %sx\n' \
      "$count" "$roost_median" "$roost_runs" "$wrangler_ms" "$ratio"
    printf '  both databases: %s tracking rows, %s tables, %s indexes, identical schema\n' "$count" "$count" "$count"
  } >&2
fi
