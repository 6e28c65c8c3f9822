#!/bin/sh
# run.sh - runs each tests/scripts/t_*.sh (tests of the scripts in scripts/ on
# small cases). NESTMAP is the binary under test. Prints "N passed, N failed".
passed=0; failed=0
for t in tests/scripts/t_*.sh; do
    [ -f "$t" ] || continue
    if sh "$t" > "${TMPDIR:-/tmp}/nm-script.$$" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL: $t"; tail -20 "${TMPDIR:-/tmp}/nm-script.$$"
    fi
done
rm -f "${TMPDIR:-/tmp}/nm-script.$$"
echo "scripts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
