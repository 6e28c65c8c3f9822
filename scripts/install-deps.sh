#!/bin/sh
# install-deps.sh - install the Debian 12 packages nestmap needs to build and test.
# As root, installs what is missing with apt-get; otherwise prints the apt-get line.
set -eu
PKGS="make gcc pkg-config libigraph-dev libgraphviz-dev graphviz libcmocka-dev libcsv-dev
libjansson-dev libxml2-utils librsvg2-bin valgrind python3 python3-networkx gnuplot-nox clang
libclang-rt-14-dev cppcheck clang-tidy"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "install-deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "install-deps: missing Debian packages; run as root:" >&2
    echo "  apt-get install$missing" >&2
    exit 1
fi
