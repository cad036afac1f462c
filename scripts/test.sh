#!/usr/bin/env bash
# Installs what is missing, builds roost with warnings as errors, installs the pinned Node
# peers (wrangler, miniflare) and runs every test with ctest (the plain pass), then builds the
# suite again under AddressSanitizer + UBSan and runs it once more (the sanitizer pass).
#   scripts/test.sh              both passes (what CI runs)
#   scripts/test.sh --plain      only the plain pass: optimised build, every test
#   scripts/test.sh --sanitize   only the sanitizer pass
# The sanitizer pass leaves out what it would only repeat: the fuzz tests (already built with
# ASan/UBSan), the wrangler interop scripts and the installed-package consumer build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:---all}
case "$mode" in
  --all | --plain | --sanitize) ;;
  *) echo "usage: scripts/test.sh [--plain|--all|--sanitize]" >&2; exit 2 ;;
esac

"$root/scripts/install-deps.sh"
if [[ -x "$root/tests/js/install.sh" ]]; then
  "$root/tests/js/install.sh"
fi
jobs=$(nproc)

plain_pass() {
  local build
  build=$("$root/scripts/build.sh" RelWithDebInfo -DROOST_WERROR=ON -DROOST_BUILD_TESTS=ON | tail -n 1)
  (cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 1200)
}

sanitizer_pass() {
  local build="$root/build/sanitize"
  # -O1 keeps ASan's reports exact while the suite runs several times faster than at -O0.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" \
    -DROOST_WERROR=ON -DROOST_BUILD_TESTS=ON -DROOST_BUILD_BENCH=OFF -DROOST_SANITIZE=ON >&2
  cmake --build "$build" -j "$jobs" >&2
  (cd "$build" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs" --timeout 1200 -LE 'fuzz|interop' -E '^consumer_project$')
}

started=$SECONDS
if [[ "$mode" != --sanitize ]]; then plain_pass; fi
if [[ "$mode" != --plain ]]; then
  echo "== the suite again under AddressSanitizer + UBSan ==" >&2
  sanitizer_pass
fi
echo "scripts/test.sh: passed in $((SECONDS - started)) s" >&2
