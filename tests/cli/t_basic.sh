# t_basic.sh - help, version, usage errors, info and export on tests/data/cli/basic
# (a four-state data set whose counts are checked by hand in tests/cli/golden/README.md).
B=tests/data/cli/basic

check version 0 --version
check help 0 help
expect_err no-command 2 "usage: nestmap COMMAND"
expect_err unknown-command 2 "unknown command 'frobnicate'" frobnicate
expect_err help-unknown 2 "help: unknown command 'nope'" help nope
check help-info 0 help info
expect_err bad-option 2 "unknown option or missing value: '--colour'" info --colour $B
expect_err option-elsewhere 2 "option '--style' does not apply to this command" info --style nesting $B
expect_err bad-year 2 "invalid value '19x9' for --year" info --year 19x9 $B
expect_err bad-roles 2 "invalid value 'memeber' for --roles" info --roles full,memeber $B
expect_err bad-type 2 "invalid value 'alliance' for --type" info --type alliance $B
expect_err bad-track 2 "invalid value '3' for --track" info --track 3 $B
expect_err two-years 2 "--year given twice" info --year 1990 --year 1991 $B
expect_err bad-format 2 "invalid value 'xml' for --format" export --format xml $B

check info-basic 0 info $B
check info-1990 0 info --year 1990 $B
check info-1991-south 0 info --year 1991 --roles all --region South $B
check info-json 0 info --format json --year 1991 --roles all $B
check export-csv-1991 0 export --format csv --year 1991 $B
expect_err export-empty 1 "empty selection: no memberships" export --year 1900 $B

expect_err export-empty-region 1 "empty selection: no states" export --region Nowhere $B

# GraphML: well-formed, and read back by an independent reader (NetworkX)
nm export --year 1991 --roles all -o "$TMP/g.graphml" $B 2>"$TMP/err"
if xmllint --noout "$TMP/g.graphml" 2>>"$TMP/err"; then ok; else bad "graphml not well-formed"; cat "$TMP/err"; fi
if command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import networkx' 2>/dev/null; then
    # end of 1991, all roles: states AAA BBB CCC DDD (4); institutions pact union forum (3);
    # memberships AAA-pact AAA-union BBB-union CCC-union CCC-forum DDD-forum (6; BBB left pact in 1991)
    if /usr/bin/python3 tests/cli/read-graphml.py "$TMP/g.graphml" 4 3 6 DDD:forum:associate; then ok
    else bad "graphml read back by networkx"; fi
fi
nm export --format gml --year 1991 $B > "$TMP/g.gml" && grep -q 'label "AAA"' "$TMP/g.gml" && ok || bad "gml export"
nm export --format dot --year 1991 $B > "$TMP/g.dot" && grep -q '^graph {' "$TMP/g.dot" && ok || bad "dot export"

# Outputs are atomic and never an input
cp $B/memberships.csv "$TMP/keep.csv"
expect_err no-overwrite-input 2 "refusing to write to '$B/memberships.csv': it is an input" export --format csv -o $B/memberships.csv $B
cmp -s $B/memberships.csv "$TMP/keep.csv" && ok || bad "input was modified"
echo previous > "$TMP/prev.graphml"
expect_err failed-export-keeps-old 1 "empty selection" export --year 1900 -o "$TMP/prev.graphml" $B
[ "$(cat "$TMP/prev.graphml")" = previous ] && ok || bad "a failed export damaged the previous output"
[ -z "$(ls -A "$TMP" | grep '\.tmp\.')" ] && ok || bad "temporary file left behind"
# A FIFO (like /dev/null or /dev/stdout: not a regular file) is written in
# place, never renamed over; a symbolic link stays and its target is replaced
mkfifo "$TMP/fifo"
timeout 20 cat "$TMP/fifo" > "$TMP/fromfifo" &
reader=$!
nm export --format csv -o "$TMP/fifo" $B 2>"$TMP/err" && ok || bad "export to a FIFO failed: $(cat "$TMP/err")"
[ -p "$TMP/fifo" ] && ok || bad "the FIFO was replaced"
wait $reader
head -1 "$TMP/fromfifo" | grep -q '^state,institution' && ok || bad "nothing read from the FIFO"
echo previous > "$TMP/target.csv"
ln -s target.csv "$TMP/link.csv"
nm export --format csv -o "$TMP/link.csv" $B && ok || bad "export through a symbolic link failed"
[ -L "$TMP/link.csv" ] && ok || bad "the symbolic link was replaced by a file"
head -1 "$TMP/target.csv" | grep -q '^state,institution' && ok || bad "the link's target was not written"
rm -f "$TMP/fifo" "$TMP/fromfifo" "$TMP/link.csv" "$TMP/target.csv"

# A pipe is read once, never sniffed first: a memberships file on standard
# input gives what the file gives; COW data there need --input-format cow
# (the message says so)
nm report --section summary --format csv $B/memberships.csv > "$TMP/file.csv"
cat $B/memberships.csv | nm report --section summary --format csv /dev/stdin > "$TMP/pipe.csv" \
    && cmp -s "$TMP/file.csv" "$TMP/pipe.csv" && ok || bad "memberships read from a pipe differ"
X=tests/data/cow/state_year_excerpt.csv
nm report --section summary --format csv --year 1999 $X > "$TMP/file.csv"
cat $X | nm report --section summary --format csv --year 1999 --input-format cow /dev/stdin \
    > "$TMP/pipe.csv" && cmp -s "$TMP/file.csv" "$TMP/pipe.csv" && ok || bad "COW data read from a pipe differ"
cat $X | nm info /dev/stdin > /dev/null 2> "$TMP/err"
[ $? -eq 1 ] && grep -q "give --input-format cow" "$TMP/err" && ok || bad "COW data on a pipe without --input-format: $(cat "$TMP/err")"

# The bundled data set is the default
nm info > "$TMP/out" 2>&1 && grep -q "regional-security" "$TMP/out" && ok || bad "info without DATASET"
