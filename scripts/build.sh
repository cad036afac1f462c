#!/usr/bin/env bash
# Configures and builds roost into build/<type> (Release by default). Extra args go to cmake.
#   scripts/build.sh [Release|RelWithDebInfo|Debug] [-DOPTION=...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
type=${1:-Release}
shift || true
build="$root/build/$(echo "$type" | tr '[:upper:]' '[:lower:]')"
# Build logs go to stderr; stdout is only the build folder, for the calling script.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >&2
cmake --build "$build" -j "$(nproc)" >&2
echo "$build"
