#!/bin/sh
# run.sh - command-line tests: golden outputs (tests/cli/golden/), exit codes,
# and the malformed-input corpus (tests/data/bad/expected.tsv).
# Usage: NESTMAP=build/nestmap sh tests/cli/run.sh   (from the repository root)
# VALGRIND=1 runs every nestmap call under valgrind.
# The tests run in two groups at once (t_report.sh; the other files and the
# corpus), each with a scratch directory and counts of its own: under
# valgrind a nestmap call runs on one core.
NESTMAP=${NESTMAP:-./nestmap}
RES=$(mktemp -d)
trap 'rm -rf "$RES"' EXIT

nm() {
    if [ "${VALGRIND:-0}" = 1 ]; then
        valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --suppressions=tests/graphviz-2.42.supp "$NESTMAP" "$@"
    else
        "$NESTMAP" "$@"
    fi
}

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check NAME RC ARGS... : runs nestmap ARGS, expects exit RC, and stdout equal to
# tests/cli/golden/NAME.out and stderr to NAME.err when those files exist.
check() {
    name=$1; want=$2; shift 2
    nm "$@" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, expected $want ($*)"; sed 's/^/  | /' "$TMP/err" | head -5; return
    fi
    for s in out err; do
        g=tests/cli/golden/$name.$s
        if [ -f "$g" ] && ! cmp -s "$g" "$TMP/$s"; then
            bad "$name: std$s differs from $g"; diff "$g" "$TMP/$s" | head -10; return
        fi
    done
    ok
}

# expect_err NAME RC SUBSTRING ARGS... : exit RC and SUBSTRING in stderr.
expect_err() {
    name=$1; want=$2; sub=$3; shift 3
    nm "$@" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then bad "$name: exit $rc, expected $want"; sed 's/^/  | /' "$TMP/err" | head -3; return; fi
    if ! grep -qF -- "$sub" "$TMP/err"; then bad "$name: stderr lacks '$sub'"; sed 's/^/  | /' "$TMP/err" | head -3; return; fi
    ok
}

# The malformed-input corpus.
corpus() {
tab=$(printf '\t')
while IFS="$tab" read -r case args want msgs; do
    case "$case" in '#'*|'') continue ;; esac
    # shellcheck disable=SC2086
    nm $args "tests/data/bad/$case" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "corpus $case: exit $rc, expected $want"; sed 's/^/  | /' "$TMP/err" | head -3; continue
    fi
    miss=0
    if [ -n "$msgs" ]; then
        printf '%s\n' "$msgs" | tr '|' '\n' > "$TMP/want"
        while IFS= read -r m; do
            grep -qF -- "nestmap: $m" "$TMP/err" || { bad "corpus $case: stderr lacks 'nestmap: $m'"; sed 's/^/  | /' "$TMP/err" | head -3; miss=1; break; }
        done < "$TMP/want"
    fi
    [ "$miss" -eq 0 ] && ok
done < tests/data/bad/expected.tsv
}

# group NAME FILE...: sources each test file (corpus: runs the corpus) in a
# subshell with a scratch directory of its own, and leaves its counts in
# $RES/NAME (its variables end in _: the test files set name, t, k, ...).
group() {
    (
        grp_=$1; shift
        TMP=$(mktemp -d)
        passed=0; failed=0
        for file_ in "$@"; do
            # shellcheck disable=SC1090
            if [ "$file_" = corpus ]; then corpus; else . "$file_"; fi
        done
        rm -rf "$TMP"
        echo "$passed $failed" > "$RES/$grp_"
    )
}

others=
for f in tests/cli/t_*.sh; do
    [ "$f" = tests/cli/t_report.sh ] || others="$others $f"
done
group report tests/cli/t_report.sh &
# shellcheck disable=SC2086
group others $others corpus
wait
passed=0; failed=0
for name in report others; do
    if [ -f "$RES/$name" ]; then
        read -r p f < "$RES/$name"
        passed=$((passed + p)); failed=$((failed + f))
    else
        failed=$((failed + 1)); echo "FAIL: the $name group of tests did not finish"
    fi
done
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
