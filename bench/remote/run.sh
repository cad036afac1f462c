#!/usr/bin/env bash
# The D1 figures of issues 4 and 8, in one run, against the local D1 REST server
# (tests/d1server, Cloudflare's own D1 through miniflare):
#   1. 1,000 rows through the ORM on --remote: create() per row vs insertMany(): requests, time
#   2. the HTTP requests `roost migrate --remote` makes for 50 migrations
#   3. `roost migrate --remote --all-tenants` over 50 tenant databases with the server adding
#      50 ms to every request: --concurrency 1 versus the default
# Usage: bench/remote/run.sh BUILD_DIR        (e.g. build/release)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
roost="$build/apps/roost/roost"
work=$(mktemp -d)
trap '"$root/tests/d1server/stop.sh" "$work/fast" >/dev/null 2>&1 || true; "$root/tests/d1server/stop.sh" "$work/slow" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

fast=$("$root/tests/d1server/start.sh" "$work/fast" | tail -n 1)
export CLOUDFLARE_API_TOKEN=bench-token CLOUDFLARE_ACCOUNT_ID=bench

echo "== 1. 1,000 rows through the ORM on D1's REST API"
"$build/bench/remote/roost_remote_rows" "$fast"

echo "== 2. migrate --remote, 50 migrations"
host=${fast%/client/v4}
app="$work/fifty"
mkdir -p "$app/migrations/down"
id="00000000-0000-4000-8000-$(printf '%012d' $RANDOM$RANDOM)"
printf '{"name":"b","d1_databases":[{"binding":"DB","database_id":"%s","migrations_dir":"migrations"}]}\n' "$id" > "$app/wrangler.jsonc"
for i in $(seq 1 50); do
  n=$(printf '%04d' "$i")
  echo "CREATE TABLE t$n (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t${n}_v ON t$n(v);" > "$app/migrations/${n}_t$n.sql"
  echo "DROP TABLE t$n;" > "$app/migrations/down/${n}_t$n.sql"
done
before=$(curl -s "$host/__stats" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.byDatabase[process.argv[1]]||0)})' "$id")
start=$(date +%s%N)
(cd "$app" && CLOUDFLARE_API_BASE_URL="$fast" "$roost" -q migrate --remote)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(curl -s "$host/__stats" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.byDatabase[process.argv[1]]||0)})' "$id")
echo "{\"what\":\"migrate --remote, 50 migrations\",\"requests\":$((after - before)),\"ms\":$ms}"
"$root/tests/d1server/stop.sh" "$work/fast" >/dev/null

echo "== 3. --all-tenants over 50 tenant databases, 50 ms added to each request"
slow=$("$root/tests/d1server/start.sh" "$work/slow" --latency-ms 50 | tail -n 1)
mt="$work/tenants"
mkdir -p "$mt/tenant/down" "$mt/config"
echo '{"tenantStrategy": "database"}' > "$mt/config/database.jsonc"
echo "CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT);" > "$mt/tenant/0001_projects.sql"
echo "CREATE TABLE tasks (id INTEGER PRIMARY KEY, project_id INTEGER, title TEXT);" > "$mt/tenant/0002_tasks.sql"
run_fanout() {  # $1 = concurrency flag or "", prints ms
  local tag=$1; shift
  local bindings="" i
  for i in $(seq 1 50); do
    bindings+="{\"binding\":\"DB_TENANT_T$i\",\"database_id\":\"$tag-$i-$RANDOM\",\"migrations_dir\":\"tenant\"},"
  done
  printf '{"name":"mt","d1_databases":[{"binding":"DB","database_id":"shared-%s"},%s]}\n' "$tag" "${bindings%,}" > "$mt/wrangler.jsonc"
  local s=$(date +%s%N)
  (cd "$mt" && CLOUDFLARE_API_BASE_URL="$slow" "$roost" -q migrate --remote --all-tenants "$@" >/dev/null)
  echo $(( ($(date +%s%N) - s) / 1000000 ))
}
serial=$(run_fanout c1 --concurrency 1)
parallel=$(run_fanout cdefault)
echo "{\"what\":\"migrate --remote --all-tenants, 50 tenants, +50 ms/request\",\"concurrency_1_ms\":$serial,\"default_ms\":$parallel}"
awk -v a="$serial" -v b="$parallel" 'BEGIN { printf "speed-up at the default concurrency: %.1fx\n", a / b }'
