#!/bin/sh
# t_cow_longrun.sh - scripts/cow-longrun.sh on the COW test excerpt (tests/data/cow: 1989 and 1999
# rows, 20 security IGO columns): the timeline CSV and the chart are written and well-formed; a
# missing file or an IGO that is not a column stops it with a message.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "t_cow_longrun: $*"; exit 1; }
X=tests/data/cow/state_year_excerpt.csv
IG=nato,wpact,weu,eu,osce,coe,cis,eapc,asean,apec,oas,oau,ecowas,sadc,igad,loas,gcc,saarc,anzus,seato

NM_IGOS=$IG NM_REGIONS="Europe,Asia-Pacific" NM_FROM=1989 NM_TO=1999 sh scripts/cow-longrun.sh "$X" "$T/out" \
    > "$T/log" 2>&1 || { cat "$T/log"; fail "script failed"; }
[ -s "$T/out/cow-timeline.csv" ] || fail "cow-timeline.csv missing"
xmllint --noout "$T/out/cow-longrun.svg" || fail "cow-longrun.svg is not well-formed"
grep -q 'no ARF, CSCAP or Partnership for Peace' "$T/out/cow-longrun.svg" || fail "the chart does not state COW's gaps"
# 2 regions x 11 years + the header
[ "$(wc -l < "$T/out/cow-timeline.csv")" -eq 23 ] || fail "cow-timeline.csv has $(wc -l < "$T/out/cow-timeline.csv") lines"
# Europe 1999 in the excerpt has memberships (NATO, OSCE, CoE, EU ...): a non-zero count
awk -F, '$1 == "Europe" && $2 == 1999 && $5 > 0 { f = 1 } END { exit !f }' "$T/out/cow-timeline.csv" \
    || fail "no Europe 1999 memberships"

sh scripts/cow-longrun.sh /nonexistent/cow.csv "$T/x" > "$T/log" 2>&1 && fail "succeeded without the COW file"
grep -q 'COW state-year file not found: /nonexistent/cow.csv' "$T/log" || { cat "$T/log"; fail "no clear message"; }
NM_IGOS=nato,arf sh scripts/cow-longrun.sh "$X" "$T/y" > "$T/log" 2>&1 && fail "succeeded with an unknown IGO"
grep -q 'not a column of .*: arf' "$T/log" || { cat "$T/log"; fail "no message about arf"; }
exit 0
