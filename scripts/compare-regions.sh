#!/bin/sh
# compare-regions.sh - Europe vs the Asia-Pacific in 1989 and 1999: comparison tables (CSV),
# timelines 1985-2000, the nesting diagrams of the four snapshots and SVG charts, into OUTDIR.
#
# Usage: scripts/compare-regions.sh [OUTDIR]          (default results/)
# Uses only the nestmap CLI ($NESTMAP, default ./nestmap or nestmap on the PATH), awk and
# gnuplot. Stops at the first error with a message. The case can be changed (make check runs
# it on a small data set) with:
#   NM_DATASET   data set (default: the bundled regional-security data)
#   NM_REGIONS   the two regions, space-separated (default "Europe Asia-Pacific")
#   NM_YEARS     the two years (default "1989 1999")
#   NM_FROM, NM_TO  the timeline range (default 1985, 2000)
#   NM_NSIM      null-model simulations for the snapshots (default 999)
set -eu

die() { echo "compare-regions.sh: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || echo "compare-regions.sh: stopped (exit $rc)" >&2; rm -rf "${WORK:-}"' EXIT

NM=${NESTMAP:-}
if [ -z "$NM" ]; then
    if [ -x ./nestmap ]; then NM=./nestmap; else NM=nestmap; fi
fi
command -v "$NM" >/dev/null 2>&1 || [ -x "$NM" ] || die "nestmap not found (build it with make, or set NESTMAP)"
command -v gnuplot >/dev/null 2>&1 || die "gnuplot not found (apt-get install gnuplot-nox)"
OUT=${1:-results}
REGIONS=${NM_REGIONS:-Europe Asia-Pacific}
YEARS=${NM_YEARS:-1989 1999}
FROM=${NM_FROM:-1985}
TO=${NM_TO:-2000}
NSIM=${NM_NSIM:-999}
set -- $REGIONS
[ $# -eq 2 ] || die "NM_REGIONS must name two regions (got '$REGIONS')"
R1=$1; R2=$2
set -- $YEARS
[ $# -eq 2 ] || die "NM_YEARS must name two years (got '$YEARS')"
Y1=$1; Y2=$2
DS=${NM_DATASET:-}

mkdir -p "$OUT" || die "cannot create $OUT"
WORK=$(mktemp -d) || die "cannot create a temporary directory"
slug() { echo "$1" | tr 'A-Z+ ' 'a-z__'; }

# nm ARGS...: nestmap with the data set appended; stops with the command line on failure.
nm() {
    "$NM" "$@" ${DS:+"$DS"} || die "failed: nestmap $*${DS:+ $DS}"
}

echo "== comparison tables"
for y in $Y1 $Y2; do
    nm compare --region "$R1" --region "$R2" --year "$y" --nsim "$NSIM" --format csv -o "$OUT/compare-$y.csv"
done
for r in "$R1" "$R2"; do
    nm compare --region "$r" --year "$Y1" --year "$Y2" --nsim "$NSIM" --format csv -o "$OUT/compare-$(slug "$r").csv"
done
nm compare --region "$R1" --region "$R2" --year "$Y1" --year "$Y2" --nsim "$NSIM" --format csv -o "$OUT/compare-all.csv"
nm compare --region "$R1" --region "$R2" --year "$Y1" --year "$Y2" --nsim "$NSIM" -o "$OUT/compare-all.txt"

echo "== timelines $FROM-$TO"
nm timeline --region "$R1" --region "$R2" --from "$FROM" --to "$TO" --format csv -o "$OUT/timeline.csv"

echo "== nesting diagrams"
if "$NM" help render >/dev/null 2>&1; then
    for r in "$R1" "$R2"; do
        for y in $Y1 $Y2; do
            nm render --style nesting --region "$r" --year "$y" -o "$OUT/nesting-$(slug "$r")-$y.svg"
        done
    done
else
    echo "note: this nestmap has no render command: nesting diagrams skipped" >&2
fi

echo "== charts"
# metric VALUE of column LABEL in compare-all.csv
col() { awk -F, -v m="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
                                     $2 == m { print ($k == "" ? "NaN" : $k) }' "$OUT/compare-all.csv"; }
for r in "$R1" "$R2"; do
    for y in $Y1 $Y2; do
        printf '"%s %s" %s %s %s %s %s %s\n' "$r" "$y" \
            "$(col mean_institutions_per_state "$r $y")" "$(col share_states_in_3plus "$r $y")" \
            "$(col nodf "$r $y")" "$(col nodf_null_mean "$r $y")" "$(col nodf_null_sd "$r $y")" \
            "$(col nodf_z "$r $y")"
    done
done > "$WORK/snap.dat"
awk -F, -v r="$R1" 'NR > 1 && $1 == r' "$OUT/timeline.csv" > "$WORK/t1.csv"
awk -F, -v r="$R2" 'NR > 1 && $1 == r' "$OUT/timeline.csv" > "$WORK/t2.csv"
[ -s "$WORK/t1.csv" ] && [ -s "$WORK/t2.csv" ] || die "timeline.csv has no rows for $R1 or $R2"

gnuplot <<EOF || die "gnuplot failed"
set terminal svg size 760,440 dynamic font "Helvetica,13" background "white"
set datafile separator whitespace

set output "$OUT/institutions-per-state.svg"
set title "Institutions per state: $R1 and $R2, $Y1 and $Y2"
set style data histograms
set style histogram clustered gap 1.5
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "mean institutions per state"
set y2label "share of states in 3 or more institutions"
set yrange [0:*]
set y2range [0:1]
set ytics nomirror
set y2tics 0.2
set key below
set grid ytics
plot "$WORK/snap.dat" using 2:xtic(1) title "mean institutions per state (bars, left axis)" lc rgb "#3b6ea5", \
     "" using 0:3 axes x1y2 with points pt 7 ps 1.6 lc rgb "#c0392b" title "share of states in 3 or more institutions (dots, right axis)"

reset
set terminal svg size 900,700 dynamic font "Helvetica,12" background "white"
set output "$OUT/timelines.svg"
set datafile separator ","
set multiplot layout 2,2 title "$R1 and $R2, $FROM-$TO (end-of-year memberships; vertical line: 1989)"
set key top left
set grid
set xrange [$FROM:$TO]
set xtics 5
set arrow 1 from 1989, graph 0 to 1989, graph 1 nohead dt 2 lc rgb "#888888"
set title "Mean institutions per state"
plot "$WORK/t1.csv" using 2:6 with linespoints pt 7 lc rgb "#3b6ea5" title "$R1", \
     "$WORK/t2.csv" using 2:6 with linespoints pt 5 lc rgb "#c0392b" title "$R2"
set title "Nestedness (NODF, 0-100)"
set yrange [0:100]
plot "$WORK/t1.csv" using 2:7 with linespoints pt 7 lc rgb "#3b6ea5" title "$R1", \
     "$WORK/t2.csv" using 2:7 with linespoints pt 5 lc rgb "#c0392b" title "$R2"
set title "Coverage: share of states in an institution"
set key bottom right
set yrange [0:1.05]
plot "$WORK/t1.csv" using 2:8 with linespoints pt 7 lc rgb "#3b6ea5" title "$R1", \
     "$WORK/t2.csv" using 2:8 with linespoints pt 5 lc rgb "#c0392b" title "$R2"
set title "Share of active rival pairs sharing an institution"
set key bottom right
set yrange [0:1.05]
plot "$WORK/t1.csv" using 2:(\$11 > 0 ? \$12 / \$11 : NaN) with linespoints pt 7 lc rgb "#3b6ea5" title "$R1", \
     "$WORK/t2.csv" using 2:(\$11 > 0 ? \$12 / \$11 : NaN) with linespoints pt 5 lc rgb "#c0392b" title "$R2"
unset multiplot

reset
set terminal svg size 760,440 dynamic font "Helvetica,13" background "white"
set output "$OUT/nodf-null.svg"
set datafile separator whitespace
set title "Observed NODF against its null model (curveball, $NSIM matrices with the same totals)"
set ylabel "NODF (0-100)"
set yrange [0:100]
set xrange [-0.5:3.5]
set grid ytics
set key top right
set key below
set xtics font ",12"
set bmargin 6
plot "$WORK/snap.dat" using 0:5:(\$5 - 2 * \$6):(\$5 + 2 * \$6):xtic(sprintf("%s\\nz = %.1f", strcol(1), \$7)) \
         with yerrorbars pt 6 ps 1.6 lc rgb "#7f8c8d" lw 2 title "null model: mean and +/- 2 sd", \
     "" using 0:4 with points pt 7 ps 1.6 lc rgb "#c0392b" title "observed NODF", \
     "" using 0:(NaN) with points lc rgb "white" title "z = (observed - null mean) / sd"
EOF

for f in institutions-per-state timelines nodf-null; do
    [ -s "$OUT/$f.svg" ] || die "chart $OUT/$f.svg was not written"
done
echo "written to $OUT/: compare-*.csv, compare-all.txt, timeline.csv, nesting-*.svg, and the charts" \
     "institutions-per-state.svg, timelines.svg, nodf-null.svg"
