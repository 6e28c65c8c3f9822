# t_compare.sh - nestmap compare and timeline on tests/data/cli/basic. Expected values are
# hand counts (see tests/cli/golden/README.md for the memberships per year):
#   end of 1991, full roles: AAA {pact, union}, BBB {union}, CCC {union, forum}, DDD {} (DDD's
#   forum row is associate). North = AAA, BBB; South = CCC, DDD. Rivalry AAA-BBB 1950-1989,
#   CCC-DDD from 1991. Budgets: union 10 (region North), forum 2.5 (South), pact none.
B=tests/data/cli/basic

# csv_val FILE ROWKEY COLUMN: the cell of the row whose 2nd field is ROWKEY (compare) or
# whose first two fields are "ROWKEY" (timeline: "sel,year") in the named column.
csv_val() {
    awk -F, -v key="$2" -v col="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        $2 == key || ($1 "," $2) == key { print $c; exit }' "$1"
}
# want FILE ROWKEY COLUMN VALUE
want() {
    got=$(csv_val "$1" "$2" "$3")
    if [ "$got" = "$4" ]; then ok; else bad "$1: $2/$3 is '$got', expected '$4'"; fi
}

expect_err compare-one 2 "nothing to compare" compare --region North $B
expect_err compare-format 2 "invalid value 'xml' for --format" compare --format xml --region North --region South $B
expect_err compare-empty-group 2 "invalid value 'North+' for --region" compare --region North+ --region South $B
expect_err compare-no-states 1 "empty selection: no states" compare --region North --region Nowhere $B
expect_err timeline-year 2 "--year does not apply" timeline --year 1990 $B
expect_err timeline-range 2 "--from 1992 is after --to 1990" timeline --from 1992 --to 1990 $B
expect_err compare-range 2 "option '--from' does not apply" compare --from 1990 --region North --region South $B

# North vs South, end of 1991.
#   North: 2 states, memberships AAA-pact AAA-union BBB-union = 3, 2 institutions, mean 1.5;
#     NODF: AAA(2) over BBB(1) 1/1, union(2) over pact(1) 1/1 -> 100; no isolate; no active rivalry
#     with both states in North; budget: union 10.
#   South: CCC-union CCC-forum = 2, mean 1; DDD is an isolate (coverage 1/2); components 2
#     (CCC-union-forum, DDD); NODF 0 (DDD's row is empty, union and forum have equal fills);
#     rivalry CCC-DDD active, nothing shared; budget: forum 2.5 (union is based in North).
C=$TMP/cmp.csv
if nm compare --region North --region South --year 1991 --nsim 0 --format csv -o "$C" $B 2>"$TMP/err"; then
    ok
    head -1 "$C" | grep -qx 'group,metric,North 1991,South 1991,difference' && ok || bad "compare header: $(head -1 "$C")"
    want "$C" memberships "North 1991" 3
    want "$C" memberships "South 1991" 2
    want "$C" memberships difference -1
    want "$C" mean_institutions_per_state "North 1991" 1.5
    want "$C" nodf "North 1991" 100
    want "$C" nodf "South 1991" 0
    want "$C" nodf_z "North 1991" ""
    want "$C" components "South 1991" 2
    want "$C" coverage "South 1991" 0.5
    want "$C" isolates difference 1
    want "$C" rival_pairs "South 1991" 1
    want "$C" rival_pairs_engaged "South 1991" 0
    want "$C" budget_musd "North 1991" 10
    want "$C" budget_musd difference -7.5
else
    bad "compare csv failed"; cat "$TMP/err"
fi

# Roles all: DDD's associate row counts, so the CCC-DDD rivalry is engaged through the Track 2 forum.
nm compare --region North --region South --year 1991 --roles all --nsim 0 --format csv $B > "$C" 2>"$TMP/err"
want "$C" rival_pairs_engaged "South 1991" 1
want "$C" rival_pairs_engaged_track2 "South 1991" 1
want "$C" rival_pairs_engaged_track1 "South 1991" 0

# One region over time: --year 1990 --year 1992 (all regions). 1990: AAA BBB CCC, 6 memberships;
# 1992: CCC has ceased to exist, DDD is in nothing counted: AAA-pact AAA-union BBB-union = 3.
nm compare --year 1990 --year 1992 --nsim 0 --format csv $B > "$C" 2>"$TMP/err"
want "$C" memberships "all regions 1990" 6
want "$C" memberships "all regions 1992" 3
want "$C" states difference 0

# Grouping and the cross product: North+South and South x 1990, 1991 -> 4 columns, region-major.
nm compare --region North+South --region South --year 1990 --year 1991 --nsim 0 --format csv $B > "$C" 2>"$TMP/err"
head -1 "$C" | grep -qx 'group,metric,North+South 1990,North+South 1991,South 1990,South 1991,difference' \
    && ok || bad "cross product header: $(head -1 "$C")"
want "$C" states "North+South 1991" 4
want "$C" states "South 1990" 1

# The null model: seeded, so two runs are byte-identical; JSON parses.
nm compare --region North --region South --year 1991 --nsim 19 --seed 7 --format json $B > "$TMP/c1.json" 2>"$TMP/err"
nm compare --region North --region South --year 1991 --nsim 19 --seed 7 --format json $B > "$TMP/c2.json" 2>>"$TMP/err"
cmp -s "$TMP/c1.json" "$TMP/c2.json" && ok || bad "compare json not deterministic"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["nsim"] == 19 and len(d["selections"]) == 2 and any(r["metric"] == "nodf_p" for r in d["compare"])' "$TMP/c1.json"; then
    ok; else bad "compare json shape"; fi
nm compare --region North --region South --year 1991 $B > "$TMP/c.txt" 2>"$TMP/err" && grep -q '^difference = South 1991 - North 1991' "$TMP/c.txt" \
    && ok || bad "compare text note"

# Timeline 1989-1992, all regions: states 3 3 4 3; memberships 6 6 5 3; NODF 1989 = 100*2/6
# (rows all of fill 2 score 0; union over pact and over forum score 1) = 33.3333333333333;
# 1992 = 100*2/4 = 50; rivalry AAA-BBB active and engaged in 1989 only (it ends 1989).
T=$TMP/tl.csv
nm timeline --from 1989 --to 1992 $B > "$T" 2>"$TMP/err"
head -1 "$T" | grep -q '^selection,year,states,institutions,memberships,mean_institutions_per_state,nodf,coverage' \
    && ok || bad "timeline header: $(head -1 "$T")"
[ "$(wc -l < "$T")" -eq 5 ] && ok || bad "timeline rows: $(wc -l < "$T")"
want "$T" "all regions,1989" memberships 6
want "$T" "all regions,1991" states 4
want "$T" "all regions,1992" memberships 3
want "$T" "all regions,1989" nodf 33.3333333333333
want "$T" "all regions,1992" nodf 50
want "$T" "all regions,1989" rival_pairs_engaged 1
want "$T" "all regions,1990" rival_pairs 0
want "$T" "all regions,1991" components 2
want "$T" "all regions,1992" coverage 0.666666666666667
grep -q nodf_z "$T" && bad "timeline shows nodf_z without --nsim" || ok

# Per region, and a year with no state in the selection (South 1992: CCC gone, DDD in nothing):
nm timeline --from 1990 --to 1992 --region South --format csv $B > "$T" 2>"$TMP/err"
want "$T" "South,1990" states 1
want "$T" "South,1992" memberships 0
want "$T" "South,1992" coverage 0
nm timeline --from 1990 --to 1990 --region Nowhere $B > "$T" 2>"$TMP/err" && want "$T" "Nowhere,1990" states 0 \
    || bad "timeline on an empty region failed"
nm timeline --from 1991 --to 1991 --nsim 9 --format json $B > "$TMP/t.json" 2>"$TMP/err"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["timeline"][0]["nodf"] > 44.44 and "nodf_z" in d["timeline"][0]' "$TMP/t.json" \
    && ok || bad "timeline json with --nsim"
