#!/bin/sh
# Stop the D1 REST server that start.sh started in DIR (SIGTERM: it disposes of miniflare and
# exits; SIGKILL after 10 s). Does nothing when none is running. Usage: stop.sh DIR
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
[ -f "$dir/pid" ] || exit 0
pid=$(cat "$dir/pid")

# Running and not a zombie (an exited child that its new parent has not reaped yet).
alive() {
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case $state in Z*) return 1 ;; esac
}
# Still our server, not another process that has since been given the same pid.
ours() {
  ps -o args= -p "$1" 2>/dev/null | grep -q 'd1-rest-server\.mjs'
}

case $pid in
  "" | *[!0-9]*) ;;
  *)
    if alive "$pid" && ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      i=0
      while alive "$pid" && [ "$i" -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
      done
      if alive "$pid"; then
        echo "d1server: pid $pid ignored SIGTERM for 10 s; killing it and its children" >&2
        children=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
        kill -KILL "$pid" $children 2>/dev/null || true
      fi
    fi ;;
esac
rm -f "$dir/pid" "$dir/port" "$dir/base_url"
