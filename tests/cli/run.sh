#!/bin/sh
# run.sh - command-line tests: golden outputs (tests/cli/golden/), exit codes,
# and the malformed-input corpus (tests/data/bad/expected.tsv).
# Usage: NESTMAP=build/nestmap sh tests/cli/run.sh   (from the repository root)
# VALGRIND=1 runs every nestmap call under valgrind.
NESTMAP=${NESTMAP:-./nestmap}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0; failed=0

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

for t in tests/cli/t_*.sh; do
    . "$t"
done

# The malformed-input corpus.
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

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
