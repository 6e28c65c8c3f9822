# t_diff.sh - nestmap diff: usage errors, the hand-made pair tests/data/diff/ (spans counted by
# hand in tests/unit/test_diff.c), and the bundled data against the COW excerpt for NATO and EAPC.
D=tests/data/diff
X=tests/data/cow/state_year_excerpt.csv
M=graphs/crosswalk/cow-igo-map.csv
R=graphs/regional-security

expect_err diff-one-arg 2 "diff: expected two data sets, got 1" diff $D/a.csv
expect_err diff-bad-format 2 "invalid value 'xml' for --format (expected text, csv or json)" diff --format xml $D/a.csv $D/b.csv
expect_err diff-year 2 "only --roles of the selection options applies" diff --year 1991 $D/a.csv $D/b.csv
expect_err diff-range 2 "--from 1995 is after --to 1991" diff --from 1995 --to 1991 $D/a.csv $D/b.csv
expect_err diff-bad-map 1 "bad-map.csv:4: 'league' mapped twice (also line 2)" diff --map $D/bad-map.csv $D/a.csv $D/b.csv
expect_err diff-no-file 1 "cannot open" diff $D/a.csv $D/nonexistent.csv
nm help diff > "$TMP/out" && grep -q "Exit status: 0 whether or not differences are found" "$TMP/out" && ok || bad "help diff"

# The hand-made pair: every span (see test_diff.c for the year-by-year reasoning); exit 0 even
# though they differ. CSV lists the lone state (MEX, absent from A) after the others.
cat > "$TMP/want" <<'END'
state,institution,from,to,in_a,in_b,role_a,role_b
CAN,pact,1993,1993,no,missing,,
DEU,pact,1991,1991,yes,no-state,full,
FRA,pact,1992,1992,no,yes,,full
GBR,pact,1992,1992,yes,missing,full,
CAN,league,1990,1990,yes,n/a,full,
CAN,league,1993,1993,yes,no,full,
MEX,pact,1993,1993,absent,yes,,full
END
if nm diff --map $D/map.csv --format csv $D/a.csv $D/b.csv > "$TMP/out" 2> "$TMP/err" && cmp -s "$TMP/want" "$TMP/out"
then ok; else bad "diff csv on tests/data/diff"; diff "$TMP/want" "$TMP/out" | head; fi
# all roles: GBR associate (A) against observer (B) in 1992 is a role difference
nm diff --map $D/map.csv --roles all --format csv $D/a.csv $D/b.csv > "$TMP/out" 2>&1
grep -qx "GBR,league,1992,1992,yes,yes,associate,observer" "$TMP/out" && ok || bad "diff role difference"
# text: the summary and the institution without a counterpart, with the map's note
nm diff --map $D/map.csv $D/a.csv $D/b.csv > "$TMP/out" 2>&1
grep -q "^league  *loas  *1990  *1993  *4  *3  *2  *2  *0 " "$TMP/out" && ok || bad "diff text summary"
grep -q "^a  *forum  *B has no forum" "$TMP/out" && ok || bad "diff unmatched institution"
# json: the four tables
if nm diff --map $D/map.csv --format json -o "$TMP/d.json" $D/a.csv $D/b.csv && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["from"], d["to"], d["roles"]) == (1990, 1993, "full"), d
assert len(d["differences"]) == 6 and len(d["lone_states"]) == 1, d
s = {r["institution_a"]: r for r in d["summary"]}
assert s["pact"]["agree"] == 11 and s["pact"]["missing"] == 2 and s["pact"]["no_state"] == 1
assert d["unmatched"] == [{"side": "a", "institution": "forum", "note": "B has no forum"}]
' "$TMP/d.json"; then ok; else bad "diff json"; fi
# the same data set against itself: no differences
nm diff --format csv $D/a.csv $D/a.csv > "$TMP/out" 2>&1 && [ "$(wc -l < "$TMP/out")" -eq 1 ] && ok || bad "diff self"

# Bundled data against the COW excerpt. NATO: 16 members in 1989 and 19 in 1999 on both sides
# (tests/data/cow/README.md; docs/data-sources.md known totals), and the same states: no span.
for y in 1989 1999; do
    nm diff --map $M --from $y --to $y --format csv $R $X > "$TMP/out" 2> "$TMP/err"
    if [ $? -eq 0 ] && ! grep -q ",nato," "$TMP/out"; then ok; else bad "diff nato $y"; fi
    nm diff --map $M --from $y --to $y $R $X > "$TMP/out" 2> "$TMP/err"
    n=$([ $y = 1989 ] && echo 16 || echo 19)
    grep -q "^nato  *nato  *$y  *$y  *1  *$n  *0 " "$TMP/out" && ok || bad "diff nato $y agree $n"
done
# EAPC 1999: 45 participants in the bundled data (NATO's 19 and 26 partners), 35 in COW, all 35
# among the bundled 45. The 10 COW lacks: Germany (coded 0 in every year, a known COW error),
# Albania, Bulgaria, Estonia, Latvia, Lithuania, Romania, Slovakia, Slovenia and Tajikistan.
nm diff --map $M --from 1999 --to 1999 --format csv $R $X > "$TMP/out" 2> "$TMP/err"
grep ",eapc," "$TMP/out" | cut -d, -f1,5,6 | tr '\n' ' ' > "$TMP/got"
[ "$(cat "$TMP/got")" = "ALB,yes,no BGR,yes,no DEU,yes,no EST,yes,no LTU,yes,no LVA,yes,no ROU,yes,no SVK,yes,no SVN,yes,no TJK,yes,no " ] \
    && ok || bad "diff eapc 1999: $(cat "$TMP/got")"
nm diff --map $M --from 1999 --to 1999 $R $X > "$TMP/out" 2> "$TMP/err"
grep -q "^eapc  *eapc  *1999  *1999  *1  *35  *10  *10  *0 " "$TMP/out" && ok || bad "diff eapc 1999 summary"
# COW has no ARF, CSCAP or PfP: listed as institutions in A only, with the map's note
for i in arf cscap pfp; do grep -q "^a  *$i  *COW IGO v3 has no" "$TMP/out" && ok || bad "diff unmatched $i"; done
