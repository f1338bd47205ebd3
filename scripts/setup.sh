#!/usr/bin/env bash
# Installs every Debian package stepwise needs to build and test, if any is missing.
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config clang-format
    antlr4 libantlr4-runtime-dev uuid-dev
    libtomlplusplus-dev libboost-graph-dev libfmt-dev libcli11-dev nlohmann-json3-dev
    libssl-dev googletest libgtest-dev librapidcheck-dev
    libpq-dev postgresql libmariadb-dev mariadb-server
    libsqlite3-dev sqlite3
    time # /usr/bin/time in bench/run
    clang libclang-rt-14-dev util-linux # fuzzers (libFuzzer), setpriv in the hostile tests
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Package scripts must not start the database services: tests start their own servers.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
