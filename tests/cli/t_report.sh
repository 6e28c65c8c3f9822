# t_report.sh - nestmap report end to end: the JSON report on fixture data sets
# against values computed by vegan, NetworkX and python-igraph
# (tests/fixtures/), the formats, the sections, and the edge cases.
for ds in davis disconnected ties onemember europe-like sipoo; do
    if nm report --format json --nsim 0 tests/data/$ds > "$TMP/r.json" 2> "$TMP/err" \
       && /usr/bin/python3 tests/cli/check-report.py "$TMP/r.json" tests/fixtures/$ds; then ok
    else bad "report on $ds disagrees with the fixtures"; head -5 "$TMP/err"; fi
done

# text: heading with the data set and the role rule
nm report --section summary tests/data/davis > "$TMP/out" 2>&1
grep -q "^selection: all years; all regions; all types; tracks 1 and 2; roles counted: full$" "$TMP/out" && ok || bad "report text heading"
# one table as plain CSV: 18 women + header
nm report --format csv --section states tests/data/davis > "$TMP/out"
[ "$(wc -l < "$TMP/out")" -eq 19 ] && head -1 "$TMP/out" | grep -q '^id,name,region,degree,' && ok || bad "report --section states csv"
# several tables: each under a '# name: title' line
nm report --format csv --section overlap tests/data/europe-like > "$TMP/out"
grep -q '^# overlap: ' "$TMP/out" && grep -q '^# hasse: ' "$TMP/out" && ok || bad "report csv sections"
# every table alone (--section NAME computes only the section writing it) is
# the same table as in the whole report, on the bundled data set (the tables
# named like their section are printed as that section)
nm report --format csv > "$TMP/all.csv"
for t in overlap_summary hasse state_nesting states institutions coverage isolates outsiders \
         rivals rivals_summary inclusiveness resources_by_region; do
    nm report --format csv --section "$t" > "$TMP/one.csv" 2> "$TMP/err"
    awk -v t="$t" '/^# /{on = ($2 == t ":"); next} on && NF' "$TMP/all.csv" > "$TMP/want.csv"
    grep -v '^$' "$TMP/one.csv" > "$TMP/got.csv"
    if [ -s "$TMP/want.csv" ] && cmp -s "$TMP/got.csv" "$TMP/want.csv"; then ok
    else bad "report --section $t differs from that table in the whole report"; fi
done
# a CSV, text or JSON table of 4 pieces or more is formatted in pieces, two at a
# time in two threads (NESTMAP_TEST_PIECE_ROWS makes a piece 1 or 3 rows
# instead of 262 144): the bytes of writing it in one go, on the bundled data
for fmt in csv text json; do
    nm report --format $fmt > "$TMP/whole.out"
    for k in 1 3; do
        NESTMAP_TEST_PIECE_ROWS=$k; export NESTMAP_TEST_PIECE_ROWS
        nm report --format $fmt > "$TMP/pieces.out"
        unset NESTMAP_TEST_PIECE_ROWS
        if [ "$(wc -l < "$TMP/whole.out")" -gt 100 ] && cmp -s "$TMP/whole.out" "$TMP/pieces.out"; then ok
        else bad "report $fmt written in pieces of $k rows differs"; fi
    done
done
# into a file of its own (-o) the pieces go around the page cache (O_DIRECT);
# on /dev/shm (tmpfs, which refuses O_DIRECT before Linux 6.6) and with
# NESTMAP_NO_DIRECT=1 through the usual writes: the same bytes every way
NESTMAP_TEST_PIECE_ROWS=3; export NESTMAP_TEST_PIECE_ROWS
for fmt in csv text json; do
    nm report --format $fmt > "$TMP/whole.out"
    for dir in "$TMP" /dev/shm; do
        [ -d "$dir" ] && [ -w "$dir" ] || continue
        nm report --format $fmt -o "$dir/nm-direct-$$.out"
        NESTMAP_NO_DIRECT=1 nm report --format $fmt -o "$TMP/usual.out"
        if cmp -s "$TMP/whole.out" "$dir/nm-direct-$$.out" && cmp -s "$TMP/whole.out" "$TMP/usual.out"
        then ok; else bad "report $fmt -o $dir: written in pieces differs"; fi
        rm -f "$dir/nm-direct-$$.out"
    done
done
# standard output redirected to a file (O_DIRECT through a description of
# its own), appended to (>>: the usual writes) and piped: the same bytes, with
# what the shell writes before and after in place
for fmt in csv text json; do
    nm report --format $fmt > "$TMP/whole.out"
    { echo before; cat "$TMP/whole.out"; echo after; } > "$TMP/want.out"
    { echo before; nm report --format $fmt; echo after; } > "$TMP/redir.out"
    echo before > "$TMP/append.out"
    nm report --format $fmt >> "$TMP/append.out"
    echo after >> "$TMP/append.out"
    { echo before; nm report --format $fmt | cat; echo after; } > "$TMP/pipe.out"
    if cmp -s "$TMP/want.out" "$TMP/redir.out" && cmp -s "$TMP/want.out" "$TMP/append.out" \
       && cmp -s "$TMP/want.out" "$TMP/pipe.out"; then ok
    else bad "report $fmt to standard output in pieces: bytes differ"; fi
done
unset NESTMAP_TEST_PIECE_ROWS
# a write that fails part-way (here a file size limit of 16 or 32 KiB, as the
# shell counts blocks, SIGXFSZ ignored) fails the report with a message naming
# the file and leaves no file, through the direct writes (pieces of 3 rows)
# and through the usual ones; one table of about 40 KB, so that its own
# writes are the last ones
nm generate --states 1000 --institutions 50 --mean-memberships 5 --seed 1 -o "$TMP/gen1000" 2> /dev/null
for k in 3 0; do
    rm -f "$TMP/big.csv"
    if [ "$k" -gt 0 ]; then NESTMAP_TEST_PIECE_ROWS=$k; export NESTMAP_TEST_PIECE_ROWS; fi
    (trap '' XFSZ; ulimit -f 32; nm report --section state_nesting --format csv -o "$TMP/big.csv" \
        "$TMP/gen1000") 2> "$TMP/err"
    rc=$?
    unset NESTMAP_TEST_PIECE_ROWS
    if [ "$rc" -ne 0 ] && [ ! -e "$TMP/big.csv" ] && grep -q "big.csv: cannot write" "$TMP/err"; then ok
    else bad "report into a file that cannot grow (pieces $k): exit $rc, $(cat "$TMP/err")"; fi
done
# the load's large arrays (here the 9.6 MB of 240 000 membership rows) are
# faulted in by a second thread while the load writes them: the same report
# with it turned off
nm generate --states 30000 --institutions 1000 --mean-memberships 8 --seed 2 -o "$TMP/gen30k" 2> /dev/null
nm report --format csv --section summary "$TMP/gen30k" > "$TMP/pf.csv"
NESTMAP_NO_PREFAULT=1 nm report --format csv --section summary "$TMP/gen30k" > "$TMP/nopf.csv"
if [ "$(wc -l < "$TMP/pf.csv")" -eq 3 ] && cmp -s "$TMP/pf.csv" "$TMP/nopf.csv"; then ok
else bad "report with and without the load's pre-faulting differ"; fi
# every command's load does the same (info here, whose load is not the report's)
nm info "$TMP/gen30k" > "$TMP/pf.txt"
NESTMAP_NO_PREFAULT=1 nm info "$TMP/gen30k" > "$TMP/nopf.txt"
if grep -q "240000" "$TMP/pf.txt" && cmp -s "$TMP/pf.txt" "$TMP/nopf.txt"; then ok
else bad "info with and without the load's pre-faulting differ"; fi
# the whole report into a file (-o) is written section by section while the
# later sections are computed: a write failing part-way (after the summary,
# in the overlap table) stops it all the same, in each format: one message
# (the sections cut short say nothing), no file, no temporary left
for fmt in csv text json; do
    rm -f "$TMP/whole.$fmt" "$TMP"/.whole.*
    (trap '' XFSZ; ulimit -f 16; nm report --format $fmt --nsim 9 -o "$TMP/whole.$fmt" \
        "$TMP/gen1000") 2> "$TMP/err"
    rc=$?
    if [ "$rc" -eq 1 ] && [ ! -e "$TMP/whole.$fmt" ] && grep -q "whole.$fmt: cannot write" "$TMP/err" \
       && [ "$(grep -c . "$TMP/err")" -eq 1 ] \
       && [ -z "$(ls -A "$TMP" | grep '^\.whole')" ]; then ok
    else bad "whole $fmt report into a file that cannot grow: exit $rc, $(cat "$TMP/err")"; fi
done
# the same report into a file (sections written as they come) and into
# standard output (written once all are computed): the same bytes, with
# pieces of 3 rows and whole
for k in 3 0; do
    if [ "$k" -gt 0 ]; then NESTMAP_TEST_PIECE_ROWS=$k; export NESTMAP_TEST_PIECE_ROWS; fi
    for fmt in csv text json; do
        nm report --format $fmt --nsim 9 -o "$TMP/streamed.out" "$TMP/gen1000"
        nm report --format $fmt --nsim 9 "$TMP/gen1000" > "$TMP/stdout.out"
        if [ "$(wc -l < "$TMP/stdout.out")" -gt 1000 ] && cmp -s "$TMP/streamed.out" "$TMP/stdout.out"
        then ok; else bad "report $fmt -o and to standard output differ (pieces $k)"; fi
    done
    unset NESTMAP_TEST_PIECE_ROWS
done
# a file system that takes O_DIRECT but refuses the writes (EINVAL) gets the
# usual writes from where the direct ones stopped: tests/cli/direct-shim.c,
# preloaded, lets the first direct write through in part and refuses the
# next. Needs cc and a directory that takes O_DIRECT; not under valgrind.
if [ "${VALGRIND:-0}" != 1 ] \
   && dd if=/dev/zero of="$TMP/probe" bs=4096 count=1 oflag=direct 2> /dev/null \
   && cc -shared -fPIC -o "$TMP/shim.so" tests/cli/direct-shim.c -ldl 2> /dev/null; then
    nm report --section state_nesting --format csv "$TMP/gen1000" > "$TMP/want.csv"
    # (an ASan build wants its runtime first; the shim may come before it)
    NESTMAP_TEST_PIECE_ROWS=3 NM_SHIM_LOG="$TMP/shim.log" LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        nm report --section state_nesting --format csv -o "$TMP/shim.csv" "$TMP/gen1000"
    rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$TMP/shim.log" ] && cmp -s "$TMP/want.csv" "$TMP/shim.csv"; then ok
    else bad "report -o where O_DIRECT writes fail: exit $rc, $(cat "$TMP/shim.log" 2>/dev/null | wc -l) refusals"; fi
    # standard output redirected to a file takes the same path, through a
    # description of its own (the refusals show it did), and leaves the
    # shared offset after its bytes: what the shell writes before and after
    # lands around them
    rm -f "$TMP/shim.log"
    { echo before; NESTMAP_TEST_PIECE_ROWS=3 NM_SHIM_LOG="$TMP/shim.log" LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        nm report --section state_nesting --format csv "$TMP/gen1000"; rc=$?; echo after; } > "$TMP/shim.csv"
    { echo before; cat "$TMP/want.csv"; echo after; } > "$TMP/want2.csv"
    if [ "$rc" -eq 0 ] && [ -s "$TMP/shim.log" ] && cmp -s "$TMP/want2.csv" "$TMP/shim.csv"; then ok
    else bad "report > file where O_DIRECT writes fail: exit $rc, $(cat "$TMP/shim.log" 2>/dev/null | wc -l) refusals"; fi
    # another process writing to the same file meanwhile (the shim writes a
    # line to standard output at the first direct write) fails the report
    NESTMAP_TEST_PIECE_ROWS=3 NM_SHIM_INTRUDE=1 LD_PRELOAD="$TMP/shim.so" \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        nm report --section state_nesting --format csv "$TMP/gen1000" > "$TMP/shim.csv" 2> "$TMP/err"
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q "standard output: another process wrote to the same file" "$TMP/err"
    then ok; else bad "report > file written by another process meanwhile: exit $rc, $(cat "$TMP/err")"; fi
fi
# no memory for the graph's igraph_t, which the report adds only for the
# connectivity section (nm_graph_add_igraph): tests/cli/alloc-shim.c,
# preloaded, refuses igraph's allocations of 20 000 bytes or more (the
# igraph_t of these 5 000 memberships takes 40-80 kB a vector; the rest of
# what igraph allocates here, about 8 bytes a node, stays below): exit 1, the
# section named, no output file, the temporary gone. The same shim with a
# limit nothing reaches lets the report through unchanged. Not under
# valgrind or a sanitizer (they replace malloc themselves).
if [ "${VALGRIND:-0}" != 1 ] && ! grep -qE "__(asan|tsan|msan)_init" "$NESTMAP" \
   && cc -shared -fPIC -o "$TMP/alloc.so" tests/cli/alloc-shim.c -ldl 2> /dev/null; then
    nm report --section connectivity --format csv "$TMP/gen1000" > "$TMP/want.csv"
    for lim in 20000 1000000000; do
        NM_SHIM_IGRAPH_BYTES=$lim LD_PRELOAD="$TMP/alloc.so" \
            "$NESTMAP" report --section connectivity --format csv -o "$TMP/oom.csv" "$TMP/gen1000" \
            2> "$TMP/err"
        rc=$?
        if [ "$lim" = 20000 ]; then
            if [ "$rc" -eq 1 ] && [ ! -e "$TMP/oom.csv" ] && [ -z "$(ls -A "$TMP" | grep '^\.oom')" ] \
               && grep -q "connectivity: out of memory" "$TMP/err"; then ok
            else bad "report without memory for the igraph_t: exit $rc, $(cat "$TMP/err")"; fi
        elif [ "$rc" -eq 0 ] && cmp -s "$TMP/want.csv" "$TMP/oom.csv"; then ok
        else bad "report under the allocation shim, nothing refused: exit $rc, $(cat "$TMP/err")"; fi
        rm -f "$TMP/oom.csv"
    done
fi
# an interrupt fails the report even in a stretch that does not look at the
# stop flag (here igraph's path lengths, about 1 s on these 3000 x 1000 data):
# exit 1, a message, no output file (not under valgrind: too slow to time)
if [ "${VALGRIND:-0}" != 1 ] && nm generate --states 3000 --institutions 1000 \
       --mean-memberships 20 --seed 1 -o "$TMP/gen3000" 2> /dev/null; then
    "$NESTMAP" report --section connectivity --format csv -o "$TMP/int.csv" "$TMP/gen3000" \
        2> "$TMP/err" &
    pid=$!
    sleep 0.3
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    if [ "$rc" -eq 1 ] && [ ! -e "$TMP/int.csv" ] && grep -q "interrupted" "$TMP/err"; then ok
    else bad "interrupted report: exit $rc, $(ls "$TMP" | grep -c int.csv) file, $(cat "$TMP/err")"; fi
fi
# an interrupt once the first sections are in the file (written while the
# null model of 20 000 simulations, several seconds, is computed): exit 1, a
# message, neither the file nor its temporary left
if [ "${VALGRIND:-0}" != 1 ] && [ -d "$TMP/gen3000" ]; then
    "$NESTMAP" report --format csv --nsim 20000 -o "$TMP/int2.csv" "$TMP/gen3000" 2> "$TMP/err" &
    pid=$!
    n=0
    until [ -s "$(ls "$TMP"/.int2.csv.tmp.* 2> /dev/null | head -1)" ] || [ $n -ge 200 ]; do
        sleep 0.05; n=$((n + 1))
    done
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    if [ "$n" -lt 200 ] && [ "$rc" -eq 1 ] && [ ! -e "$TMP/int2.csv" ] \
       && [ -z "$(ls -A "$TMP" | grep '^\.int2')" ] && grep -q "interrupted" "$TMP/err"; then ok
    else bad "report interrupted after its first sections were written: exit $rc, waited $n, $(cat "$TMP/err")"; fi
    # written in place (-o FIFO), the report waits for every section:
    # interrupted, it has written nothing
    mkfifo "$TMP/fifo"
    cat "$TMP/fifo" > "$TMP/int3.csv" &
    cpid=$!
    "$NESTMAP" report --format csv --nsim 20000 -o "$TMP/fifo" "$TMP/gen3000" 2> "$TMP/err" &
    pid=$!
    sleep 0.5
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    wait "$cpid"
    if [ "$rc" -eq 1 ] && [ ! -s "$TMP/int3.csv" ] && grep -q "interrupted" "$TMP/err"; then ok
    else bad "report -o FIFO interrupted: exit $rc, $(wc -c < "$TMP/int3.csv") bytes, $(cat "$TMP/err")"; fi
fi
# with 4 096 states or more the null model's two branches (after the burn-in)
# run on two threads when one is free (here the second thread, which has no
# section of its own): the same numbers as in one thread
# (NESTMAP_TEST_NO_SPLIT). Not under valgrind: a few seconds there.
if [ "${VALGRIND:-0}" != 1 ] && nm generate --states 33000 --institutions 400 \
       --mean-memberships 4 --seed 2 -o "$TMP/gen33" 2> /dev/null; then
    nm report --section nesting --nsim 3 --format csv "$TMP/gen33" > "$TMP/split.csv"
    NESTMAP_TEST_NO_SPLIT=1 nm report --section nesting --nsim 3 --format csv "$TMP/gen33" \
        > "$TMP/one.csv"
    if grep -q '^[0-9.]*,[0-9.]*,[0-9.]*,3,1,curveball,' "$TMP/split.csv" \
       && cmp -s "$TMP/split.csv" "$TMP/one.csv"; then ok
    else bad "null model split in two threads differs from one thread"; fi
fi
# the overlap pairs' search is split between two threads when it takes 2^22
# steps or more (here about 5.5 million): the same table as in one piece
if [ "${VALGRIND:-0}" != 1 ] && nm generate --states 2500 --institutions 400 \
       --mean-memberships 60 --seed 5 -o "$TMP/gen2500" 2> /dev/null; then
    nm report --section overlap --format csv "$TMP/gen2500" > "$TMP/split.csv"
    NESTMAP_TEST_NO_SPLIT=1 nm report --section overlap --format csv "$TMP/gen2500" \
        > "$TMP/one.csv"
    if [ "$(grep -c ',overlapping$\|,nested$\|,identical$' "$TMP/split.csv")" -gt 1000 ] \
       && cmp -s "$TMP/split.csv" "$TMP/one.csv"; then ok
    else bad "overlap pairs split in two threads differ from one piece"; fi
fi
# a table of 65 536 rows or more (here the per-state table of 70 001
# states: the last piece is short) is formatted in eight pieces in two
# threads: the bytes of writing it whole (a piece size larger than the
# table), in every format. Not under valgrind: too slow there.
if [ "${VALGRIND:-0}" != 1 ] && nm generate --states 70001 --institutions 60 \
       --mean-memberships 2 --seed 4 -o "$TMP/gen70k" 2> /dev/null; then
    for fmt in csv text json; do
        NESTMAP_TEST_PIECE_ROWS=100000000 nm report --section state_nesting --format $fmt \
            "$TMP/gen70k" > "$TMP/whole.out"
        nm report --section state_nesting --format $fmt -o "$TMP/eighths.out" "$TMP/gen70k"
        if [ "$(wc -l < "$TMP/whole.out")" -gt 70000 ] && cmp -s "$TMP/whole.out" "$TMP/eighths.out"
        then ok
        else bad "report $fmt of 70 001 states written in eighths differs from the whole"; fi
    done
fi
# the same seed gives byte-identical reports
nm report --format json --nsim 50 --seed 7 tests/data/sipoo > "$TMP/a.json"
nm report --format json --nsim 50 --seed 7 tests/data/sipoo > "$TMP/b.json"
cmp -s "$TMP/a.json" "$TMP/b.json" && ok || bad "report is not deterministic"
# a single state and institution: NODF undefined (null), no crash
nm report --format json tests/data/tiny > "$TMP/out" && grep -q '"nodf": null' "$TMP/out" && ok || bad "report on tiny"

expect_err report-empty 1 "empty selection: no states" report --region Nowhere tests/data/davis
expect_err report-bad-section 2 "invalid --section" report --section overlap,bogus,other tests/data/davis
expect_err report-no-table 2 "no section or table called 'bogus'" report --section bogus tests/data/davis
expect_err report-bad-format 2 "invalid value 'xml' for --format" report --format xml tests/data/davis
expect_err report-bad-nsim 2 "invalid value '-3' for --nsim" report --nsim -3 tests/data/davis
