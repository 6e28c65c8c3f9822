#!/bin/sh
# findings.sh - writes docs/findings.md: each claim of the study (Job, "'Alliances' and Regional
# Security Developments") that the data can speak to, the number that supports or contradicts it,
# and the one command that reproduces it. The verdicts are computed, not typed in.
#
# Usage: scripts/findings.sh [OUTFILE]        (default docs/findings.md)
# Uses only the nestmap CLI ($NESTMAP, default ./nestmap or nestmap on the PATH), awk and grep;
# stops at the first error with a message. The data set is the bundled one. The long-run check
# uses the COW IGO file $NM_COW (default /work/shared/data/cow-igo-v3/state_year_formatv3.csv)
# and is reported as not run when that file is absent. NM_NSIM sets the null-model size (999).
set -eu

die() { echo "findings.sh: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || echo "findings.sh: stopped (exit $rc)" >&2; rm -rf "${WORK:-}"' EXIT

NM=${NESTMAP:-}
if [ -z "$NM" ]; then
    if [ -x ./nestmap ]; then NM=./nestmap; else NM=nestmap; fi
fi
command -v "$NM" >/dev/null 2>&1 || [ -x "$NM" ] || die "nestmap not found (build it with make, or set NESTMAP)"
OUT=${1:-docs/findings.md}
COW=${NM_COW:-/work/shared/data/cow-igo-v3/state_year_formatv3.csv}
NSIM=${NM_NSIM:-999}
WORK=$(mktemp -d) || die "cannot create a temporary directory"

# nm FILE ARGS...: runs nestmap ARGS into FILE, stopping with the command on failure.
nm() {
    f=$1; shift
    "$NM" "$@" > "$f" 2> "$WORK/err" || { cat "$WORK/err" >&2; die "failed: nestmap $*"; }
}
# v FILE METRIC COLUMN: a value of a compare CSV (row by metric, column by name).
v() {
    awk -F, -v m="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        $2 == m { print $k; f = 1 } END { if (!f || !k) exit 1 }' "$1" || die "no $2 / $3 in $1"
}
# t FILE SELECTION YEAR COLUMN: a value of a timeline CSV.
t() {
    awk -F, -v s="$2" -v y="$3" -v c="$4" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        $1 == s && $2 == y { print $k; f = 1 } END { if (!f || !k) exit 1 }' "$1" || die "no $2 $3 / $4 in $1"
}
r2() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }
pct() { awk -v x="$1" 'BEGIN { printf "%.0f%%", 100 * x }'; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
verdict() { if "$@"; then echo "Supports"; else echo "Contradicts"; fi; }
cmd() { printf '\n```sh\n%s\n```\n\n' "$*"; }

# ---- the numbers ---------------------------------------------------------------------------
E=Europe; A=Asia-Pacific
nm "$WORK/c99.csv" compare --region "$E" --region "$A" --year 1999 --nsim "$NSIM" --format csv
nm "$WORK/per.csv" compare --region "Eastern Europe+Former Soviet Union" --region "$A" --year 1999 --nsim 0 --format csv
nm "$WORK/prk.csv" export --format csv --roles all --year 1999
nm "$WORK/bud.csv" compare --region "$E" --region Americas --region Africa --region "$A" --year 1997 --nsim 0 --format csv
nm "$WORK/coop.csv" timeline --type cooperative-security --from 1985 --to 2000 --format csv
nm "$WORK/ap.csv" compare --region "$A" --year 1989 --year 1999 --nsim 0 --format csv
nm "$WORK/cs89.csv" compare --region "$A" --region "$E" --year 1989 --type collective-security --nsim 0 --format csv

PER="Eastern Europe+Former Soviet Union 1999"
per_n=$(v "$WORK/per.csv" states "$PER"); per_3=$(v "$WORK/per.csv" share_states_in_3plus "$PER")
per_m=$(v "$WORK/per.csv" mean_institutions_per_state "$PER")
ap_3=$(v "$WORK/per.csv" share_states_in_3plus "$A 1999"); ap_m=$(v "$WORK/per.csv" mean_institutions_per_state "$A 1999")
e_m=$(v "$WORK/c99.csv" mean_institutions_per_state "$E 1999"); a_m=$(v "$WORK/c99.csv" mean_institutions_per_state "$A 1999")
e_3=$(v "$WORK/c99.csv" share_states_in_3plus "$E 1999"); a_3=$(v "$WORK/c99.csv" share_states_in_3plus "$A 1999")
e_nodf=$(v "$WORK/c99.csv" nodf "$E 1999"); a_nodf=$(v "$WORK/c99.csv" nodf "$A 1999")
e_z=$(v "$WORK/c99.csv" nodf_z "$E 1999"); a_z=$(v "$WORK/c99.csv" nodf_z "$A 1999")
e_null=$(v "$WORK/c99.csv" nodf_null_mean "$E 1999"); a_null=$(v "$WORK/c99.csv" nodf_null_mean "$A 1999")
e_pn=$(v "$WORK/c99.csv" pairs_nested "$E 1999"); e_pp=$(v "$WORK/c99.csv" institution_pairs "$E 1999")
a_pn=$(v "$WORK/c99.csv" pairs_nested "$A 1999"); a_pp=$(v "$WORK/c99.csv" institution_pairs "$A 1999")
e_t2=$(v "$WORK/c99.csv" coverage_track2 "$E 1999"); a_t2=$(v "$WORK/c99.csv" coverage_track2 "$A 1999")
prk=$(awk -F, '$1 == "PRK" { printf "%s%s (%s)", s, $2, $3; s = ", " }' "$WORK/prk.csv")
prk_cscap=no; grep -q '^PRK,cscap,' "$WORK/prk.csv" && prk_cscap=yes
prk_arf=no; grep -q '^PRK,arf,' "$WORK/prk.csv" && prk_arf=yes
nm "$WORK/prk1.csv" export --format csv --roles all --track 1 --year 1999
prk_t1=$(grep -c '^PRK,' "$WORK/prk1.csv" || true)
b_e=$(v "$WORK/bud.csv" budget_musd "$E 1997"); b_am=$(v "$WORK/bud.csv" budget_musd "Americas 1997")
b_af=$(v "$WORK/bud.csv" budget_musd "Africa 1997"); b_ap=$(v "$WORK/bud.csv" budget_musd "$A 1997")
b_rest=$(awk -v a="$b_am" -v b="$b_af" -v c="$b_ap" 'BEGIN { print a + b + c }')
# The largest single European budget, from the report's resources table (CSV with quoted names).
nm "$WORK/res.csv" report --section resources --year 1997 --format csv --nsim 0
big=$(awk '
    function split_csv(line, f,    n, i, c, q, cur) {
        n = 0; cur = ""; q = 0
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (q && c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
            else if (c == "\"") q = !q
            else if (c == "," && !q) { f[++n] = cur; cur = "" }
            else cur = cur c
        }
        f[++n] = cur; return n
    }
    /^# / { on = ($2 == "resources:"); head = 1; next }
    on && head { n = split_csv($0, h); for (i = 1; i <= n; i++) k[h[i]] = i; head = 0; next }
    on && NF { split_csv($0, f); if (f[k["region"]] == "Europe" && f[k["budget_musd"]] + 0 > best) {
                   best = f[k["budget_musd"]] + 0; id = f[k["id"]] } }
    END { if (!id) exit 1; print id, best }' "$WORK/res.csv") || die "no European budget in the resources table"
big_id=${big% *}; big_b=${big#* }
c89=$(t "$WORK/coop.csv" "all regions" 1989 institutions); c99=$(t "$WORK/coop.csv" "all regions" 1999 institutions)
v89=$(t "$WORK/coop.csv" "all regions" 1989 coverage); v99=$(t "$WORK/coop.csv" "all regions" 1999 coverage)
r89=$(v "$WORK/ap.csv" rival_pairs "$A 1989"); g89=$(v "$WORK/ap.csv" rival_pairs_engaged "$A 1989")
r99=$(v "$WORK/ap.csv" rival_pairs "$A 1999"); g99=$(v "$WORK/ap.csv" rival_pairs_engaged "$A 1999")
s89=$(v "$WORK/ap.csv" rival_share_engaged "$A 1989"); s99=$(v "$WORK/ap.csv" rival_share_engaged "$A 1999")
cs_a=$(v "$WORK/cs89.csv" coverage "$A 1989"); cs_e=$(v "$WORK/cs89.csv" coverage "$E 1989")

cow_note="not run: the COW file $COW is absent (set NM_COW)."
if [ -f "$COW" ]; then
    IG=nato,wpact,weu,anzus,seato,cento,csto,osce,coe,cis,oas,oau,au,loas,gcc,eapc,asean,sco,pif,eec,eu,ecowas,sadcc,sadc,igad,eccas,amu,apec,saarc,sica,oecs
    nm "$WORK/cow.csv" timeline --input-format cow --igo "$IG" --region "$E" --region "$A" --from 1989 --to 1999 --format csv "$COW"
    ce89=$(t "$WORK/cow.csv" "$E" 1989 mean_institutions_per_state); ca89=$(t "$WORK/cow.csv" "$A" 1989 mean_institutions_per_state)
    ce99=$(t "$WORK/cow.csv" "$E" 1999 mean_institutions_per_state); ca99=$(t "$WORK/cow.csv" "$A" 1999 mean_institutions_per_state)
fi

# ---- the document --------------------------------------------------------------------------
{
cat <<EOF
# What the data say about the study's claims

Generated by \`scripts/findings.sh\` from the bundled data set (\`graphs/regional-security/\`)
with $("$NM" --version); do not edit by hand. The study is Brian L. Job, "'Alliances' and Regional
Security Developments: The Role of Regional Arrangements in the UN's Promotion of Peace and
Stability". Every number below comes from the command printed under it (run from the repository
root; memberships hold at the end of the year, full members only unless the command says
\`--roles all\`; the null model is seeded, so the numbers repeat exactly). A verdict is computed
by the script from these numbers; where the data can only echo the study, it says so.

## 1. Europe's at-risk periphery is "nested" in several institutions; Asia-Pacific states sit in few

> "From the perspective of the individual state, especially one in the 'at risk' peripheries of
> Europe, it finds itself 'nested' within an institutional context, by virtue of its membership in
> ... at least several different regional institutions."

**$(verdict gt "$per_3" "$ap_3").** At the end of 1999 the $per_n states of Eastern Europe and the former Soviet Union
belong to $(r2 "$per_m") of the data set's institutions on average, and $(pct "$per_3") of them to three or more; the
Asia-Pacific's states belong to $(r2 "$ap_m") on average, and $(pct "$ap_3") to three or more. Region-wide the gap is
the same: Europe $(r2 "$e_m") institutions per state ($(pct "$e_3") in three or more), the Asia-Pacific $(r2 "$a_m") ($(pct "$a_3")).
The periphery here is the data set's subregions Eastern Europe and Former Soviet Union (the Baltic
states are coded Northern Europe and the Balkans Southern Europe, so they are not in it).
EOF
cmd "nestmap compare --region 'Eastern Europe+Former Soviet Union' --region Asia-Pacific --year 1999 --nsim 0"
cat <<EOF
## 2. European institutions are nested; the Asia-Pacific's are not

> "'Nesting' of institutions with overlapping memberships is a particularly desirable feature as
> well, as demonstrated in the European context."

**$(verdict gt "$e_nodf" "$a_nodf"), with a qualification.** In 1999 the European state x institution matrix has NODF
$(r2 "$e_nodf") against the Asia-Pacific's $(r2 "$a_nodf") (0-100), and $e_pn of Europe's $e_pp institution pairs are
nested (one membership contains the other) against $a_pn of $a_pp. But both matrices are *less* nested
than random matrices with the same number of memberships per state and per institution (null
means $(r2 "$e_null") and $(r2 "$a_null"); z = $(r2 "$e_z") and $(r2 "$a_z"), $NSIM curveball matrices): Europe's high
nestedness comes from its dense membership, not from an arrangement beyond what that density
implies.
EOF
cmd "nestmap compare --region Europe --region Asia-Pacific --year 1999 --nsim $NSIM"
cat <<EOF
## 3. North Korea: in the Track 2 forum (CSCAP), not in the Track 1 one (ARF)

> "While the latter [North Korea], for instance, is a participant in regional, Track 2 dialogues
> sponsored by CSCAP, it is not a member of the ARF. It refuses to join any Track 1 subregional
> institution for Northeast Asia."

**$(verdict [ "$prk_cscap" = yes ] && [ "$prk_arf" = no ] && [ "$prk_t1" -eq 0 ]).** At the end of 1999, in any role, North Korea's memberships in the data set are:
${prk:-none}. CSCAP: $prk_cscap; ARF: $prk_arf; Track 1 institutions: $prk_t1 (North Korea joined the ARF
in July 2000, after the study).
EOF
cmd "nestmap export --format csv --roles all --year 1999 | grep '^PRK,'"
cat <<EOF
## 4. Peace-related budgets: Europe far ahead of the other regions (Figure 4)

> "One European organization has more resources at its disposal than those of the combined OAS
> and OAU *and* those of the Asia Pacific."

**$(verdict gt "$big_b" "$b_rest"), but only as a restatement.** The 1997 peace-related budgets of the institutions based in
each region add up to $b_e million USD for Europe (Council of Europe and OSCE), $b_am for the
Americas (OAS), $b_af for Africa (OAU, unpaid) and $b_ap for the Asia-Pacific (ASEAN): the other three
together have $b_rest, less than the largest single European budget ($big_id, $big_b). The budgets in
the data set *are* Figure 4 (Peck 1998, as quoted by the study), so this reproduces the figure
rather than testing it; the other institutions have no budget in the data.
EOF
cmd "nestmap compare --region Europe --region Americas --region Africa --region Asia-Pacific --year 1997 --nsim 0"
printf 'The budget of each institution:\n'
cmd "nestmap report --section resources --year 1997 --nsim 0"
cat <<EOF
## 5. The post-1989 rise of inclusive dialogue institutions

> "The trend of more proactive security dialogue organizations ... is perhaps the single most
> notable development in regional arrangements across all regions."

**$(verdict gt "$c99" "$c89").** Cooperative-security (dialogue) institutions with full members: $c89 at the end of 1989,
$c99 at the end of 1999 (NACC/EAPC 1991, CSCAP 1993, ARF 1994, Shanghai Five 1996 join ASEAN; the
Partnership for Peace counts only with \`--roles all\`, its participants being partners). The share
of all states in at least one of them rose from $(pct "$v89") to $(pct "$v99").
EOF
cmd "nestmap timeline --type cooperative-security --from 1985 --to 2000"
cat <<EOF
## 6. The Asia-Pacific had no region-wide security organization at the end of the Cold War

> "The end of the Cold War found this region without any equivalent to the OAU, the OAS, or OSCE,
> i.e., any region-wide institutional building blocks."

**$(verdict [ "$(awk -v x="$cs_a" 'BEGIN { print (x == 0) }')" = 1 ]).** In 1989 the share of Asia-Pacific states in a collective-security institution
is $(pct "$cs_a"); in Europe (the CSCE) it is $(pct "$cs_e").
EOF
cmd "nestmap compare --region Asia-Pacific --region Europe --year 1989 --type collective-security --nsim 0"
cat <<EOF
## 7. Inclusion of the non-likeminded in Asia: recent

> "In Asia, inclusion of the non-likeminded has been a recent and difficult process."

**$(verdict gt "$s99" "$s89").** Of the Asia-Pacific's active rival pairs (Thompson & Dreyer strategic rivalries), $g89
of $r89 shared an institution at the end of 1989 and $g99 of $r99 at the end of 1999.
EOF
cmd "nestmap compare --region Asia-Pacific --year 1989 --year 1999 --nsim 0"
cat <<EOF
## 8. Track 2 carries more of the Asia-Pacific's dialogue than Europe's

> "... engineered the establishment of regional Track 1 and Track 2 security dialogue
> organizations, the ASEAN Regional Forum and the Council for Security Cooperation in the Asia
> Pacific."

**$(verdict gt "$a_t2" "$e_t2").** In 1999 $(pct "$a_t2") of Asia-Pacific states are full members of a Track 2 institution, against
$(pct "$e_t2") of European states. CSCAP is the data set's only Track 2 body, so this measures CSCAP's reach;
other Track 2 channels the study names (PBEC, the many sponsored dialogues) are not coded.
EOF
cmd "nestmap compare --region Europe --region Asia-Pacific --year 1999 --nsim 0"
cat <<EOF
## 9. The same gap in an independent source: Correlates of War IGO data

The bundled data set was coded for this study. The COW IGO data (v3) are coded independently; over
31 security-relevant IGOs (no ARF, CSCAP or PfP in COW, so the Asia-Pacific's dialogue forums are
missing there):
EOF
if [ -f "$COW" ]; then
cat <<EOF

**$(verdict gt "$ce99" "$ca99").** Mean IGOs per state: Europe $(r2 "$ce89") (1989) and $(r2 "$ce99") (1999); the Asia-Pacific $(r2 "$ca89")
and $(r2 "$ca99"). The chart of the whole 1950-2014 run is made by \`scripts/cow-longrun.sh\`.
EOF
cmd "nestmap timeline --input-format cow --igo $IG --region Europe --region Asia-Pacific --from 1989 --to 1999 /work/shared/data/cow-igo-v3/state_year_formatv3.csv"
else
    printf '\n%s\n\n' "$cow_note"
fi
cat <<EOF
## What the data cannot speak to

Preventive diplomacy's effectiveness, the Security Council's authorization of regional action,
the Kosovo intervention, secretariat staffing and the UN's peacekeeping numbers are outside a
membership data set. The activities column of \`institutions.csv\` records which peace-related
activities an institution undertook in the 1990s (Figure 2), not how well.
EOF
} > "$WORK/findings.md"
mkdir -p "$(dirname "$OUT")" || die "cannot create $(dirname "$OUT")"
mv "$WORK/findings.md" "$OUT" || die "cannot write $OUT"
echo "written: $OUT"
