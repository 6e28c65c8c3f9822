#!/bin/sh
# run.sh - the main job on the bundled data (what `make run` does): the data set,
# the 1999 reports for Europe and the Asia-Pacific, their comparison, and the
# nesting diagrams in docs/img/. Stops at the first error.
set -eu
cd "$(dirname "$0")/.."
NM=${NESTMAP:-./nestmap}
OUT=${1:-results}
mkdir -p "$OUT" docs/img

echo "== the bundled data set"
$NM info

for region in Europe Asia-Pacific; do
    slug=$(echo "$region" | tr 'A-Z' 'a-z')
    echo
    echo "== $region at the end of 1999"
    $NM report --region "$region" --year 1999 --section summary,nesting,inclusion,resources
    $NM report --region "$region" --year 1999 --format json -o "$OUT/report-$slug-1999.json"
    if $NM help render >/dev/null 2>&1; then
        $NM render --region "$region" --year 1999 -o "docs/img/$slug-1999.svg"
        echo "(diagram: docs/img/$slug-1999.svg)"
    fi
done

if $NM help compare >/dev/null 2>&1; then
    echo
    echo "== Europe and the Asia-Pacific, 1999"
    $NM compare --region Europe --region Asia-Pacific --year 1999
fi
echo
echo "JSON reports are in $OUT/."
