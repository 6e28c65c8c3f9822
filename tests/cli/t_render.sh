# t_render.sh - nestmap render: formats, atomic output, errors (sourced by run.sh).
expect_err render-bad-style 2 "invalid value 'venn' for --style" render --style venn tests/data/europe-like
expect_err render-bad-format 2 "invalid value 'gif' for --format" render --format gif tests/data/europe-like
expect_err render-bad-ext 2 "cannot tell the format" render -o "$TMP/x.txt" tests/data/europe-like
expect_err render-empty 1 "empty selection" render --region Nowhere -o "$TMP/empty.svg" tests/data/europe-like
if [ -e "$TMP/empty.svg" ]; then bad "render-empty: left a file behind"; else ok; fi
expect_err render-badges 0 "drawn as badges on the state boxes" render -o "$TMP/r.svg" tests/data/render
for style in nesting hierarchy bipartite overlap; do
    if nm render --style "$style" -o "$TMP/$style.svg" tests/data/europe-like 2>"$TMP/err" \
        && xmllint --noout "$TMP/$style.svg" \
        && cmp -s "$TMP/$style.svg" "tests/golden/render/europe-like-$style.svg"; then ok
    else bad "render --style $style: not the golden SVG or not well-formed"; fi
done
if nm render tests/data/europe-like > "$TMP/stdout.svg" 2>/dev/null \
    && cmp -s "$TMP/stdout.svg" tests/golden/render/europe-like-nesting.svg; then ok
else bad "render to stdout differs from the golden SVG"; fi
if nm render --format dot -o "$TMP/n.dot" tests/data/europe-like && grep -q '_background' "$TMP/n.dot"; then ok
else bad "render --format dot"; fi

# a selection too large to draw is refused before any work, leaving no file
nm generate --states 3000 --institutions 100 --mean-memberships 3 --seed 1 -o "$TMP/big" 2>/dev/null
expect_err render-too-large 1 "too large to draw legibly (3000 states and 100 institutions" render -o "$TMP/big.svg" "$TMP/big"
[ ! -e "$TMP/big.svg" ] && ok || bad "render-too-large left a file"

# every text keeps its laid-out width, also a title with characters SVG escapes
if nm render --region Europe --year 1999 --title 'NATO & EU <1999> "quoted" — ü' -o "$TMP/t.svg" \
        graphs/regional-security 2>/dev/null \
    && [ "$(grep -c '<text ' "$TMP/t.svg")" -gt 50 ] \
    && [ "$(grep -c '<text ' "$TMP/t.svg")" = "$(grep -c ' textLength="' "$TMP/t.svg")" ] \
    && grep -q 'textLength="[0-9.]*" lengthAdjust="spacingAndGlyphs">NATO &amp; EU &lt;1999&gt;' "$TMP/t.svg"; then ok
else bad "render: a <text> without textLength (title with escaped characters)"; fi
