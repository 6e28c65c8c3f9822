#!/bin/sh
# long-run.sh - runs one harness for SECONDS in total, restarting it after
# each crash (the corpus is kept), and prints the total executions.
# Usage (from the build dir): sh long-run.sh NAME SECONDS [libFuzzer flags]
name=$1; total=$2; shift 2
end=$(( $(date +%s) + total )); execs=0; runs=0
mkdir -p "long-$name" "corpus-$name"
while [ "$(date +%s)" -lt "$end" ]; do
    left=$(( end - $(date +%s) )); runs=$((runs + 1))
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "./fuzz_$name" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="crash-$name-" "$@" "corpus-$name" "seeds-$name" > "long-$name/run$runs.log" 2>&1
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "long-$name/run$runs.log")
    [ -n "$n" ] || n=$(grep -o '^#[0-9]*' "long-$name/run$runs.log" | tail -1 | tr -d '#')
    execs=$((execs + ${n:-0}))
    echo "$name run $runs: ${n:-0} executions, total $execs" >> "long-$name/summary"
done
echo "$name: $execs executions in $runs runs" >> "long-$name/summary"
