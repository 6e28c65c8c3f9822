#!/bin/sh
# run-unit.sh - runs each cmocka test binary given; VALGRIND=1 runs them under
# valgrind (Graphviz's own leaks suppressed). Prints "N passed, N failed".
passed=0; failed=0; cases=0
for t in "$@"; do
    if [ "${VALGRIND:-0}" = 1 ]; then
        set -- valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
            --errors-for-leak-kinds=definite,indirect --suppressions=tests/graphviz-2.42.supp "$t"
    else
        set -- "$t"
    fi
    if "$@" > "${TMPDIR:-/tmp}/nm-unit.$$" 2>&1; then
        passed=$((passed + 1))
        n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "${TMPDIR:-/tmp}/nm-unit.$$")
        cases=$((cases + ${n:-0}))
    else
        failed=$((failed + 1))
        echo "FAIL: $t"; cat "${TMPDIR:-/tmp}/nm-unit.$$"
    fi
done
rm -f "${TMPDIR:-/tmp}/nm-unit.$$"
echo "unit: $cases cmocka tests in $passed binaries"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
