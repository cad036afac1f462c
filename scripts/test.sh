#!/usr/bin/env bash
# Installs what is missing, builds roost with warnings as errors, installs the pinned Node
# peers (wrangler, miniflare) and runs every test with ctest.
#   scripts/test.sh              the full suite (what CI runs)
#   scripts/test.sh --sanitize   the same under AddressSanitizer + UBSan
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
type=RelWithDebInfo
extra=()
if [[ "${1:-}" == "--sanitize" ]]; then
  type=Debug
  extra+=(-DROOST_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
"$root/scripts/install-deps.sh"
if [[ -x "$root/tests/js/install.sh" ]]; then
  "$root/tests/js/install.sh"
fi
build=$("$root/scripts/build.sh" "$type" -DROOST_WERROR=ON -DROOST_BUILD_TESTS=ON "${extra[@]}" | tail -n 1)
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 1200
