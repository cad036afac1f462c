#!/usr/bin/env bash
# Installs (apt-get) whatever roost's build and tests need that this Debian 12 machine lacks.
# Idempotent: does nothing when everything is present. Run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev doctest-dev
  libedit-dev libtomlplusplus-dev libcpp-httplib-dev
  clang libclang-rt-14-dev
)
# Node.js and npm run the real peers of the tests (wrangler, miniflare); keep a newer Node if present.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
