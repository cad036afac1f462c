#!/usr/bin/env bash
# The cost of the checks before a run (D1's rules, the data-loss replay), the run-time
# data-loss guard and the restore point, on the 500-migration workload of run.sh: two roost
# binaries (before and after a change) apply COUNT small migrations to fresh copies of one
# project, in shuffled order each round; the figure is roost's own "Applied N migrations in
# X ms" (the whole run: checks, restore point, every migration). The new binary also runs with
# --no-restore-point and with --allow-data-loss --no-restore-point, so each part's share shows.
# Prints the median and min–max of each, and the median of the paired ratios new/base.
#
# --with-rebuild appends one migration that rebuilds t0001 (CREATE, copy, DROP, RENAME): the
# data-loss analysis then replays every migration before it (without it, a run that only creates
# and fills is scanned, not replayed).
#
# Usage: bench/migrations/checks_cost.sh --base OLD_ROOST --new NEW_ROOST [--count 500] [--rounds 11] [--with-rebuild]
set -euo pipefail
base="" new="" count=500 rounds=11 rebuild=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --base) base=$2; shift 2 ;;
    --new) new=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --with-rebuild) rebuild=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x "$base" && -x "$new" ]] || { echo "pass --base and --new roost binaries" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/roost-checks-cost.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
template=$work/template
mkdir -p "$template/migrations/down"
printf '{"name": "bench", "d1_databases": [{"binding": "DB", "database_name": "bench", "database_id": "00000000-0000-0000-0000-00000000b500", "migrations_dir": "migrations"}]}\n' \
  >"$template/wrangler.jsonc"
for ((i = 1; i <= count; i++)); do
  printf -v id '%04d' "$i"
  printf 'CREATE TABLE t%s (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at TEXT);\nCREATE INDEX t%s_name ON t%s (name);\nINSERT INTO t%s (name, created_at) VALUES (%s, %s);\n' \
    "$id" "$id" "$id" "$id" "'row $id'" "'2025-01-01T00:00:00.000Z'" >"$template/migrations/${id}_create_t${id}.sql"
  echo "DROP TABLE t${id};" >"$template/migrations/down/${id}_create_t${id}.sql"
done
applied=$count
if [[ $rebuild == 1 ]]; then
  applied=$((count + 1))
  printf -v id '%04d' "$applied"
  printf 'CREATE TABLE new_t0001 (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at TEXT, note TEXT);
INSERT INTO new_t0001 (id, name, created_at) SELECT id, name, created_at FROM t0001;
DROP TABLE t0001;
ALTER TABLE new_t0001 RENAME TO t0001;
' \
    >"$template/migrations/${id}_rebuild_t0001.sql"
  echo "SELECT 1;" >"$template/migrations/down/${id}_rebuild_t0001.sql"
fi

variants=(base new new_no_restore new_no_checks)
run_variant() {  # VARIANT -> ms on stdout
  local dir=$work/run roost args=()
  case $1 in
    base) roost=$base ;;
    new) roost=$new ;;
    new_no_restore) roost=$new; args=(--no-restore-point) ;;
    new_no_checks) roost=$new; args=(--no-restore-point --allow-data-loss) ;;
  esac
  rm -rf -- "$dir"; cp -R -- "$template" "$dir"
  (cd "$dir" && "$roost" migrate "${args[@]}" 2>&1 >/dev/null) |
    sed -n "s/^Applied $applied migrations in \([0-9.]*\) \(m\?s\)$/\1 \2/p" |
    awk '{ print ($2 == "s") ? $1 * 1000 : $1 }'
}
for v in "${variants[@]}"; do : >"$work/$v.ms"; done
for ((r = 1; r <= rounds; r++)); do
  for v in $(printf '%s\n' "${variants[@]}" | shuf); do
    ms=$(run_variant "$v")
    [[ -n "$ms" ]] || { echo "$v: no 'Applied $applied migrations' line" >&2; exit 1; }
    echo "$ms" >>"$work/$v.ms"
  done
done
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "median %.1f ms (min %.1f, max %.1f)", m, v[1], v[NR] }'; }
ratio() { paste "$work/$1.ms" "$work/base.ms" | awk '{ print $1 / $2 }' | sort -g |
  awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%.3f (min %.3f, max %.3f)", m, v[1], v[NR] }'; }
echo "$applied migrations$([[ $rebuild == 1 ]] && echo ' (the last one a rebuild)'), $rounds shuffled rounds"
for v in "${variants[@]}"; do
  printf '  %-15s %s' "$v" "$(stats "$work/$v.ms")"
  [[ $v == base ]] && echo || echo "   ratio to base: $(ratio "$v")"
done
