#!/bin/sh
# cow-longrun.sh - the long run, 1950-2014, from the Correlates of War IGO data (v3): metrics per
# year and region over the security-relevant IGOs COW has, and a chart that states COW's gaps.
#
# Usage: scripts/cow-longrun.sh [COWFILE [OUTDIR]]
#   COWFILE  COW state-year file (default /work/shared/data/cow-igo-v3/state_year_formatv3.csv;
#            not part of the repository)
#   OUTDIR   default results/
# Writes OUTDIR/cow-timeline.csv and OUTDIR/cow-longrun.svg. Uses only the nestmap CLI
# ($NESTMAP, default ./nestmap or nestmap on the PATH), awk and gnuplot; stops at the first
# error with a message. Knobs (make check runs it on the COW test excerpt):
#   NM_IGOS      comma-separated COW IGO columns (default: the list below)
#   NM_REGIONS   regions, separated by commas (default Europe,Asia-Pacific,Americas,Africa,Middle East)
#   NM_FROM, NM_TO  years (default 1950, 2014)
set -eu

die() { echo "cow-longrun.sh: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || echo "cow-longrun.sh: stopped (exit $rc)" >&2; rm -rf "${WORK:-}"' EXIT

NM=${NESTMAP:-}
if [ -z "$NM" ]; then
    if [ -x ./nestmap ]; then NM=./nestmap; else NM=nestmap; fi
fi
command -v "$NM" >/dev/null 2>&1 || [ -x "$NM" ] || die "nestmap not found (build it with make, or set NESTMAP)"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot not found (apt-get install gnuplot-nox)"
COW=${1:-/work/shared/data/cow-igo-v3/state_year_formatv3.csv}
OUT=${2:-results}
# Security-relevant IGOs with a COW column. Collective defence: nato wpact weu anzus seato cento
# csto; collective security / regional political: osce coe cis oas oau au loas gcc; cooperative
# security and dialogue: eapc asean sco pif; economic communities that took on security tasks:
# eec eu ecowas sadcc sadc igad eccas amu apec saarc sica oecs.
IGOS=${NM_IGOS:-nato,wpact,weu,anzus,seato,cento,csto,osce,coe,cis,oas,oau,au,loas,gcc,eapc,asean,sco,pif,eec,eu,ecowas,sadcc,sadc,igad,eccas,amu,apec,saarc,sica,oecs}
REGIONS=${NM_REGIONS:-Europe,Asia-Pacific,Americas,Africa,Middle East}
FROM=${NM_FROM:-1950}
TO=${NM_TO:-2014}

[ -f "$COW" ] || die "COW state-year file not found: $COW (get the COW IGO v3 data, state_year_formatv3.csv, and pass its path)"
# Every IGO asked for must be a column of the file.
head -1 "$COW" | tr -d '"\r' | tr ',\t' '\n\n' > "${TMPDIR:-/tmp}/cow-header.$$"
missing=""
for igo in $(echo "$IGOS" | tr ',' ' '); do
    grep -qx "$igo" "${TMPDIR:-/tmp}/cow-header.$$" || missing="$missing $igo"
done
rm -f "${TMPDIR:-/tmp}/cow-header.$$"
[ -z "$missing" ] || die "not a column of $COW:$missing (set NM_IGOS)"

mkdir -p "$OUT" || die "cannot create $OUT"
WORK=$(mktemp -d) || die "cannot create a temporary directory"

set --
OLDIFS=$IFS; IFS=,
for r in $REGIONS; do set -- "$@" --region "$r"; done
IFS=$OLDIFS
echo "== nestmap timeline over $(echo "$IGOS" | tr ',' '\n' | wc -l) COW IGOs, $FROM-$TO"
"$NM" timeline --input-format cow --igo "$IGOS" "$@" --from "$FROM" --to "$TO" --format csv \
    -o "$OUT/cow-timeline.csv" "$COW" || die "failed: nestmap timeline on $COW"

# One data block per region (gnuplot index), in the order given.
OLDIFS=$IFS; IFS=,
for r in $REGIONS; do
    awk -F, -v r="$r" 'NR > 1 && $1 == r { print $2, $6, $7 }' "$OUT/cow-timeline.csv"
    printf '\n\n'
done > "$WORK/blocks.dat"
IFS=$OLDIFS
plots() {  # $1 = column (2: institutions per state, 3: NODF)
    i=0; sep=""; OLDIFS=$IFS; IFS=,
    for r in $REGIONS; do
        printf '%s"%s" index %d using 1:%s with lines lw 2 lc %d title "%s"' "$sep" "$WORK/blocks.dat" "$i" "$1" $((i + 1)) "$r"
        sep=", "; i=$((i + 1))
    done
    IFS=$OLDIFS
}

gnuplot <<EOF || die "gnuplot failed"
set terminal svg size 960,820 dynamic font "Helvetica,12" background "white"
set output "$OUT/cow-longrun.svg"
set multiplot title "Security-relevant IGOs in the Correlates of War IGO data (v3), $FROM-$TO, by region of the member state"
set lmargin 10
set rmargin 20
set grid
set xrange [$FROM:$TO]
set arrow 1 from 1989, graph 0 to 1989, graph 1 nohead dt 2 lc rgb "#888888"
set key outside right top vertical
set size 1, 0.36
set origin 0, 0.57
set ylabel "institutions per state"
set title "Mean number of these IGOs a state belongs to (full members)"
plot $(plots 2)
set origin 0, 0.21
set ylabel "NODF (0-100)"
set yrange [0:100]
set title "Nestedness of the state x IGO matrix (NODF)"
plot $(plots 3)
set origin 0, 0
set size 1, 0.2
unset border
unset tics
unset grid
unset key
unset arrow 1
unset title
unset ylabel
set xrange [0:1]
set yrange [0:1]
set label 1 "What COW cannot show (gaps of the source, not of the regions):" at 0.01, 0.92 font ",12"
set label 2 "- no ARF, CSCAP or Partnership for Peace columns: the Asia-Pacific's Track 1 and Track 2 dialogue forums of the 1990s are missing" at 0.01, 0.74
set label 3 "- Germany is coded 0 (not a member) in EAPC; WEU associate members, observers and partners are coded 0, not as partial members" at 0.01, 0.58
set label 4 "- EEC (to 1992) and EU (from 1993), SADCC and SADC, OAU and AU are separate columns (Africa's 2002 spike: OAU and AU both coded)" at 0.01, 0.42
set label 5 "- cells coded -9 (missing) are not counted as memberships; bilateral treaties (US-Japan, US-ROK) are not IGOs and are absent" at 0.01, 0.26
set label 6 "Dashed line: 1989. IGOs: $(echo "$IGOS" | tr ',' ' ' | fold -w 150 | head -1)" at 0.01, 0.10 font ",10"
plot NaN notitle
unset multiplot
EOF
[ -s "$OUT/cow-longrun.svg" ] || die "chart $OUT/cow-longrun.svg was not written"
echo "written: $OUT/cow-timeline.csv, $OUT/cow-longrun.svg"
