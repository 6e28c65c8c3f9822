#!/bin/sh
# t_bench.sh - scripts/bench.sh runs on the small size and prints every stage
# (peers limited to python-igraph, when installed, to stay well under a minute;
# NetworkX and vegan's null model take longer). Also checks nestmap generate's
# command line: determinism and refusals.
set -eu
: "${NESTMAP:?NESTMAP must name the nestmap binary}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$NESTMAP" generate -o "$TMP/a" --states 50 --institutions 20 --mean-memberships 4 --seed 3 2>/dev/null
"$NESTMAP" generate -o "$TMP/b" --states 50 --institutions 20 --mean-memberships 4 --seed 3 2>/dev/null
cmp "$TMP/a/memberships.csv" "$TMP/b/memberships.csv"
[ "$(wc -l < "$TMP/a/memberships.csv")" -eq 201 ]          # header + round(50 * 4)
if "$NESTMAP" generate --states 5 --institutions 20 --mean-memberships 1 -o "$TMP/c" 2>/dev/null; then
    echo "generate accepted 5 memberships for 20 institutions"; exit 1
fi
[ ! -e "$TMP/c" ]
if "$NESTMAP" generate --states 5 2>/dev/null; then echo "generate without -o succeeded"; exit 1; fi

peers=""
if /usr/bin/python3 -c 'import igraph' 2>/dev/null; then peers=igraph; fi
BUILD=$(dirname "$NESTMAP") BENCH_PEERS=$peers BENCH_REPEAT=1 BENCH_PEER_REPEAT=1 BENCH_REPORT_TIMEOUT=30 BENCH_DIR="$TMP/bench" \
    timeout 120 sh scripts/bench.sh small > "$TMP/out" 2>&1 || { cat "$TMP/out"; exit 1; }
cat "$TMP/out"
for st in load comembership centralities nodf null; do
    grep -q "^| $st | [0-9.e-]* s, [0-9]* MiB" "$TMP/out" || { echo "no nestmap time for $st"; exit 1; }
done
grep -q "null model with 999 simulations" "$TMP/out"
if [ -n "$peers" ]; then
    grep -q "values vs python-igraph.*(all <= 1e-9)" "$TMP/out" || { echo "values differ from igraph"; exit 1; }
fi
