#!/bin/sh
# bench.sh - nestmap against python-igraph, NetworkX and R vegan on generated
# data sets (docs/performance.md).
# usage: sh scripts/bench.sh [small|medium|large|xlarge ...]   (default: small)
# Environment: NESTMAP (default ./nestmap or build/nestmap), BUILD (build dir
# for the stage driver, default build), BENCH_PEERS, BENCH_REPEAT,
# BENCH_TIMEOUT, BENCH_NSIM, BENCH_DIR, BENCH_REPORT, BENCH_COW (see scripts/bench/run.py).
# After the sizes it times `nestmap timeline` over every Correlates of War year
# for the IGOs of scripts/cow-longrun.sh, when the COW file (BENCH_COW) exists.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
if [ -z "${NESTMAP:-}" ]; then
    if [ -x ./nestmap ]; then NESTMAP=./nestmap; else NESTMAP=$BUILD/nestmap; fi
fi
[ -x "$NESTMAP" ] || { echo "bench: no nestmap binary at $NESTMAP (run make)" >&2; exit 1; }
mkdir -p "$BUILD"

# peers: Debian packages, installed when missing and we are root
need=""
for tool in $(echo "${BENCH_PEERS-igraph,networkx,vegan}" | tr ',' ' '); do
    case $tool in
        igraph) pkg=python3-igraph ;;
        networkx) pkg="python3-networkx python3-scipy" ;;
        vegan) pkg=r-cran-vegan ;;
        *) echo "bench: unknown peer '$tool' (igraph, networkx, vegan)" >&2; exit 2 ;;
    esac
    for p in $pkg; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
    done
done
if [ -n "$need" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "bench: installing:$need"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
    else
        echo "bench: missing Debian packages:$need (run as root, or set BENCH_PEERS)" >&2; exit 1
    fi
fi

# the stage driver, linked against the library of the same build
make -s BUILD="$BUILD" "$BUILD/libnestmap.a"
CFLAGS_B="-std=c11 -O2 -D_GNU_SOURCE -Iinclude -Isrc/cli $(pkg-config --cflags igraph)"
LIBS_B="$(pkg-config --libs igraph libgvc libcgraph jansson) -lcsv -lm -lpthread"
# shellcheck disable=SC2086
cc $CFLAGS_B -o "$BUILD/nm_stages" scripts/bench/nm_stages.c src/cli/pairs.c "$BUILD/libnestmap.a" $LIBS_B

NESTMAP=$NESTMAP NM_STAGES=$BUILD/nm_stages exec /usr/bin/python3 scripts/bench/run.py "$@"
