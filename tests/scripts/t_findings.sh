#!/bin/sh
# t_findings.sh - scripts/findings.sh on the bundled data set (small; the COW part switched off
# and a small null model): the document has every claim with a computed verdict and a command,
# and every nestmap command it prints runs.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "t_findings: $*"; exit 1; }

NM_COW=/nonexistent NM_NSIM=19 sh scripts/findings.sh "$T/f.md" > "$T/log" 2>&1 || { cat "$T/log"; fail "script failed"; }
[ "$(grep -c '^## [1-9]\. ' "$T/f.md")" -eq 9 ] || fail "expected 9 claims"
[ "$(grep -cE '^\*\*(Supports|Contradicts)' "$T/f.md")" -eq 8 ] || fail "expected 8 computed verdicts"
grep -q 'not run: the COW file /nonexistent is absent' "$T/f.md" || fail "COW part not reported as not run"
grep -q 'cscap (full)' "$T/f.md" || fail "North Korea's CSCAP membership missing"
# Every printed command runs (with the binary under test, from the repository root).
grep '^nestmap ' "$T/f.md" | grep -v 'input-format cow' | sed "s|^nestmap |\"\$NESTMAP\" |" > "$T/cmds"
[ "$(wc -l < "$T/cmds")" -ge 8 ] || fail "too few commands"
while IFS= read -r c; do
    sh -c "$c" > /dev/null 2>&1 || fail "command fails: $c"
done < "$T/cmds"
# A failing nestmap stops the script with a message and leaves no document.
NESTMAP=/bin/false sh scripts/findings.sh "$T/g.md" > "$T/log" 2>&1 && fail "succeeded with a failing nestmap"
grep -q 'findings.sh: failed: nestmap compare' "$T/log" || { cat "$T/log"; fail "no clear message"; }
[ ! -e "$T/g.md" ] || fail "wrote a document after an error"
exit 0
