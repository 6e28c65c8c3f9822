#!/bin/sh
# make-seeds.sh - writes the fuzzers' seed corpora from tests/data into
# BUILD/seeds-{csv,dataset,cow}/ (run from the repository root).
set -e
B=${1:-build-fuzz}
rm -rf "$B/seeds-csv" "$B/seeds-dataset" "$B/seeds-cow"
mkdir -p "$B/seeds-csv" "$B/seeds-dataset" "$B/seeds-cow"
n=0
for f in $(find tests/data graphs -type f \( -name '*.csv' -o -name '*.tsv' \) | sort); do
    n=$((n + 1))
    { printf '\000'; cat "$f"; } > "$B/seeds-csv/$n"
    cp "$f" "$B/seeds-dataset/m$n"
done
# data-set directories: memberships NUL states NUL institutions NUL rivalries
for d in $(find tests/data graphs -name memberships.csv | sort); do
    d=$(dirname "$d"); n=$((n + 1))
    for x in memberships states institutions rivalries; do
        [ "$x" = memberships ] || printf '\000'
        [ -f "$d/$x.csv" ] && cat "$d/$x.csv"
    done > "$B/seeds-dataset/d$n"
done
for f in tests/data/cow/* $(find tests/data/bad -name '*cow*' -type f) \
         $(find tests/data/bad -path '*cow*' -type f); do
    case "$f" in *.md) continue ;; esac
    n=$((n + 1))
    cp "$f" "$B/seeds-cow/c$n"
    { cat "$f"; printf '\000'; head -40 graphs/crosswalk/cow-iso3.csv; } > "$B/seeds-cow/x$n"
done
