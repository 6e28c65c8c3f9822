#!/bin/sh
# t_compare_regions.sh - scripts/compare-regions.sh on tests/data/cli/basic (regions North and
# South, 1990 and 1991): every table, diagram and chart is written and well-formed; a missing
# data set stops the script with a message.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "t_compare_regions: $*"; exit 1; }

NM_DATASET=tests/data/cli/basic NM_REGIONS="North South" NM_YEARS="1990 1991" NM_FROM=1989 NM_TO=1992 \
    NM_NSIM=9 sh scripts/compare-regions.sh "$T/out" > "$T/log" 2>&1 || { cat "$T/log"; fail "script failed"; }
for f in compare-1990.csv compare-1991.csv compare-north.csv compare-south.csv compare-all.csv \
         compare-all.txt timeline.csv institutions-per-state.svg timelines.svg nodf-null.svg; do
    [ -s "$T/out/$f" ] || fail "$f missing or empty"
done
for f in "$T"/out/*.svg; do
    xmllint --noout "$f" || fail "$f is not well-formed XML"
done
head -1 "$T/out/compare-all.csv" | grep -qx 'group,metric,North 1990,North 1991,South 1990,South 1991,difference' \
    || fail "compare-all.csv header: $(head -1 "$T/out/compare-all.csv")"
# 2 regions x 4 years + the header
[ "$(wc -l < "$T/out/timeline.csv")" -eq 9 ] || fail "timeline.csv has $(wc -l < "$T/out/timeline.csv") lines"
if "$NESTMAP" help render > /dev/null 2>&1; then
    ls "$T"/out/nesting-north-1990.svg "$T"/out/nesting-south-1991.svg > /dev/null || fail "nesting diagrams missing"
fi
# A bad data set: stops with a message naming the failed command, nothing more is written.
if NM_DATASET=/nonexistent NM_REGIONS="North South" sh scripts/compare-regions.sh "$T/bad" > "$T/log" 2>&1; then
    fail "script succeeded on a missing data set"
fi
grep -q 'compare-regions.sh: failed: nestmap compare' "$T/log" || { cat "$T/log"; fail "no clear message"; }
[ ! -e "$T/bad/compare-all.csv" ] || fail "wrote on after an error"
exit 0
