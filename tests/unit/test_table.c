/* test_table.c - borrowed string cells and the streaming JSON writer, checked
 * byte for byte against jansson's json_dumpf of the whole tree. */
#include "testutil.h"
#include "nm_table.h"
#include "nm_export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cols[] = { "id", "x", "n", "ok", "note" };

/* A table with every kind of cell: owned and borrowed strings (one with
 * quotes, a slash, a tab, a new line and UTF-8), reals, ints, bools and
 * nulls (NaN, a NULL string, an unset cell). */
static nm_table *sample(const char *name, int shape, size_t nrows)
{
    static const char odd[] = "\"q\"/\t\nr\xc3\xa9gion";
    nm_table *t = nm_table_new(name, NULL, shape, 5, cols);
    size_t r;

    assert_non_null(t);
    for (r = 0; r < nrows; r++) {
        long k = nm_table_add_row(t);
        assert_true(k >= 0);
        if (r % 2)
            nm_table_str_ref(t, k, 0, odd);
        else
            assert_int_equal(nm_table_str(t, k, 0, "owned"), 0);
        nm_table_num(t, k, 1, r == 2 ? NAN : 1.0 / (double)(r + 3));
        nm_table_int(t, k, 2, (long long)r * 1000000007LL);
        nm_table_bool(t, k, 3, (int)(r % 3));
        if (r % 3 == 1)
            nm_table_str_ref(t, k, 4, NULL);
        else if (r % 3 == 2)
            nm_table_str_ref(t, k, 4, "constant");
    }
    return t;
}

/* The reference: a root object holding a scalar, an array holding the table
 * (depth 2) and the table itself (depth 1), dumped whole by jansson. */
static char *dump_tree(nm_table *const *ts, size_t n, size_t flags)
{
    json_t *root = json_object(), *wrap = json_array();
    char *s;
    size_t i;

    json_object_set_new(root, "v", json_string("0.1"));
    json_array_append_new(wrap, nm_table_json(ts[0]));
    json_object_set_new(root, "wrapped", wrap);
    for (i = 0; i < n; i++)
        json_object_set_new(root, ts[i]->name, nm_table_json(ts[i]));
    s = json_dumps(root, flags);
    json_decref(root);
    return s;
}

/* The same document written by the streaming functions. */
static char *dump_stream(nm_table *const *ts, size_t n, size_t flags)
{
    char *buf = NULL;
    size_t len = 0, i;
    FILE *f = open_memstream(&buf, &len);
    json_t *v = json_string("0.1");
    nm_json_obj root;

    assert_non_null(f);
    nm_json_open(&root, f, flags, 0);
    assert_int_equal(nm_json_key(&root, "v"), 0);
    assert_int_equal(nm_json_write(v, f, flags, 1), 0);
    assert_int_equal(nm_json_key(&root, "wrapped"), 0);
    /* an array of one table, laid out as jansson does at depth 1 */
    fputc('[', f);
    if (flags & JSON_MAX_INDENT)
        fprintf(f, "\n%*s", (int)(2 * (flags & JSON_MAX_INDENT)), "");
    assert_int_equal(nm_table_write_json(ts[0], f, flags, 2), 0);
    if (flags & JSON_MAX_INDENT)
        fprintf(f, "\n%*s", (int)(flags & JSON_MAX_INDENT), "");
    fputc(']', f);
    for (i = 0; i < n; i++) {
        assert_int_equal(nm_json_key(&root, ts[i]->name), 0);
        assert_int_equal(nm_table_write_json(ts[i], f, flags, 1), 0);
    }
    assert_int_equal(nm_json_close(&root), 0);
    fclose(f);
    json_decref(v);
    return buf;
}

static void check_flags(size_t flags)
{
    nm_table *ts[5];
    char *want, *got;
    size_t i;

    ts[0] = sample("rows", NM_TABLE_ARRAY, 7);
    ts[1] = sample("empty", NM_TABLE_ARRAY, 0);
    ts[2] = sample("one", NM_TABLE_OBJECT, 1);
    ts[3] = sample("none", NM_TABLE_OBJECT, 0);
    ts[4] = sample("single", NM_TABLE_ARRAY, 1);
    want = dump_tree(ts, 5, flags);
    got = dump_stream(ts, 5, flags);
    assert_non_null(want);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(want);
    free(got);
    for (i = 0; i < 5; i++)
        nm_table_free(ts[i]);
}

static void test_json_indent2(void **state)
{
    (void)state;
    check_flags(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
}

static void test_json_other_layouts(void **state)
{
    (void)state;
    check_flags(JSON_INDENT(4) | JSON_REAL_PRECISION(17));
    check_flags(JSON_INDENT(0));
    check_flags(JSON_COMPACT | JSON_ENSURE_ASCII);
    check_flags(JSON_INDENT(3) | JSON_COMPACT | JSON_ESCAPE_SLASH);
}

/* Reals as jansson writes them (%.17g, ".0" added, exponent trimmed) over
 * every exponent, for the precisions a caller may set. */
static void test_json_reals(void **state)
{
    static const char *const rc[] = { "id", "x", "k" };
    static const size_t prec[] = { JSON_REAL_PRECISION(17), 0, JSON_REAL_PRECISION(15),
                                   JSON_REAL_PRECISION(4) | JSON_COMPACT, JSON_REAL_PRECISION(1) };
    nm_table *t = nm_table_new("reals", NULL, NM_TABLE_ARRAY, 3, rc);
    uint64_t u = 12345;
    size_t i;
    long r;

    (void)state;
    assert_non_null(t);
    for (r = 0; r < 8000; r++) {
        double x;
        long k = nm_table_add_row(t);
        u = u * 6364136223846793005ULL + 1442695040888963407ULL;
        memcpy(&x, &u, sizeof(x));
        if (r % 4 == 1)
            x = (double)(u >> 40) / (double)((u & 0xffff) + 1);    /* ratios */
        else if (r % 4 == 2)
            x = ldexp((double)(u >> 11), -53) * pow(10, (double)(r % 45) - 22);
        else if (r % 4 == 3)
            x = (double)(r % 1000) * pow(10, (double)(r % 31) - 8);  /* integers, 1eN */
        nm_table_str_ref(t, k, 0, "plain");
        nm_table_num(t, k, 1, x);
        nm_table_int(t, k, 2, (long long)u);
    }
    for (i = 0; i < sizeof(prec) / sizeof(prec[0]); i++) {
        char *want = dump_tree(&t, 1, JSON_INDENT(2) | prec[i]);
        char *got = dump_stream(&t, 1, JSON_INDENT(2) | prec[i]);
        assert_non_null(want);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    nm_table_free(t);
}

/* A column name that needs escaping sends every row through jansson; runs
 * of one borrowed string in a column, plain and not, and numbers repeated
 * and new (the writer remembers formatted numbers), longer than the
 * writer's buffer. */
static void test_json_memo(void **state)
{
    static const char *const oc[] = { "q\"k", "s", "x" };
    static const char *const pc[] = { "id", "s", "x" };
    static const char *const strs[] = { "plain", "t\tab", "x/y", "r\xc3\xa9gion" };
    nm_table *ts[2] = { nm_table_new("odd", NULL, NM_TABLE_ARRAY, 3, oc),
                        nm_table_new("runs", NULL, NM_TABLE_ARRAY, 3, pc) };
    size_t i, k;

    (void)state;
    for (i = 0; i < 2; i++) {
        assert_non_null(ts[i]);
        for (k = 0; k < 6000; k++) {
            long r = nm_table_add_row(ts[i]);
            nm_table_str_ref(ts[i], r, 0, strs[(k / 7) % 4]);
            nm_table_str_ref(ts[i], r, 1, strs[k % 4]);
            nm_table_num(ts[i], r, 2, k % 3 ? (double)(k % 37) / 3.0 : (double)k / 9.0);   /* repeated, new */
        }
    }
    for (i = 0; i < 3; i++) {
        static const size_t fl[] = { JSON_INDENT(2) | JSON_PRESERVE_ORDER, JSON_COMPACT | JSON_ESCAPE_SLASH,
                                     JSON_INDENT(1) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER };
        char *want = dump_tree(ts, 2, fl[i]), *got = dump_stream(ts, 2, fl[i]);
        assert_non_null(want);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    nm_table_free(ts[0]);
    nm_table_free(ts[1]);
}

/* The empty and one-member root objects; a key that is not UTF-8 is left
 * out, as json_object_set_new leaves it out. */
static void test_json_keys(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_json_obj o;

    (void)state;
    nm_json_open(&o, f, JSON_INDENT(2), 0);
    assert_int_equal(nm_json_close(&o), 0);
    nm_json_open(&o, f, JSON_INDENT(2), 0);
    assert_int_equal(nm_json_key(&o, "bad\xff"), 1);
    assert_int_equal(nm_json_key(&o, "k"), 0);
    fputs("1", f);
    assert_int_equal(nm_json_close(&o), 0);
    fclose(f);
    assert_string_equal(buf, "{}{\n  \"k\": 1\n}");
    free(buf);
}

/* Borrowed strings are read in place and never freed (valgrind and ASan
 * check the frees); overwriting a cell frees only what it owned. */
static void test_str_ref(void **state)
{
    static const char *const c1[] = { "s" };
    char mine[] = "mine";
    nm_table *t = nm_table_new("t", NULL, NM_TABLE_ARRAY, 1, c1);
    long r;

    (void)state;
    assert_non_null(t);
    r = nm_table_add_row(t);
    nm_table_str_ref(t, r, 0, mine);
    assert_ptr_equal(nm_table_cell(t, 0, 0)->v.s, mine);
    assert_int_equal(nm_table_str(t, r, 0, "copy"), 0);         /* borrowed -> owned */
    assert_ptr_not_equal(nm_table_cell(t, 0, 0)->v.s, mine);
    assert_string_equal(nm_table_cell(t, 0, 0)->v.s, "copy");
    nm_table_str_ref(t, r, 0, mine);                            /* owned -> borrowed: frees the copy */
    nm_table_int(t, r, 0, 5);                                   /* borrowed -> int: frees nothing */
    assert_int_equal(nm_table_cell(t, 0, 0)->kind, NM_CELL_INT);
    nm_table_str_ref(t, r, 0, mine);
    nm_table_free(t);                                           /* must not free mine */
    assert_string_equal(mine, "mine");
}

/* A view computing the cells of sample()'s rows writes the same bytes.
 */
static void view_row(const void *src, size_t r, nm_cell *c)
{
    static const char odd[] = "\"q\"/\t\nr\xc3\xa9gion";
    double x = r == 2 ? NAN : 1.0 / (double)(r + 3);

    (void)src;
    c[0].kind = NM_CELL_STR;
    c[0].v.s = r % 2 ? odd : "owned";
    c[1].kind = NM_CELL_NUM;
    c[1].v.x = x;
    c[2].kind = NM_CELL_INT;
    c[2].v.i = (long long)r * 1000000007LL;
    c[3].kind = NM_CELL_BOOL;
    c[3].v.b = (int)(r % 3);
    if (r % 3 == 2) {
        c[4].kind = NM_CELL_STR;
        c[4].v.s = "constant";
    }
}

static int freed;

static void view_free(void *src)
{
    freed++;
    free(src);
}

static char *written(const nm_table *t, int how)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    if (how == 0)
        nm_table_write_csv(t, f);
    else if (how == 1)
        nm_table_write_text(t, f);
    else
        assert_int_equal(nm_table_write_json(t, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER, 1), 0);
    fclose(f);
    return buf;
}

/* nm_table_write_csv as its header and rows [0, c1), [c1, c2), ... up to
 * past the end (clamped): cuts end with a value >= t->nrows; with json,
 * nm_table_write_json as written() lays it out, as rows cut the same way
 * (the first with "[", the last with "]"). */
static char *written_cut(const nm_table *t, const size_t *cuts, int json)
{
    char *buf = NULL;
    size_t len = 0, from = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    if (!json)
        nm_table_write_csv_header(t, f);
    for (; from < t->nrows; from = *cuts++)
        assert_int_equal(json ? nm_table_write_json_rows(t, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER,
                                                         1, from, *cuts)
                              : nm_table_write_csv_rows(t, f, from, *cuts), 0);
    fclose(f);
    return buf;
}

/* nm_table_write_text as widths measured in two halves (cut at half),
 * the head, rows cut as written_cut cuts them, and the tail. */
static char *written_text_pieces(const nm_table *t, size_t half, const size_t *cuts)
{
    char *buf = NULL;
    size_t len = 0, from = 0, w[2][8] = { { 0 } }, c;
    int num[2][8], k;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    assert_true(t->ncols <= 8);
    for (k = 0; k < 2; k++)
        for (c = 0; c < 8; c++)
            num[k][c] = 1;
    assert_int_equal(nm_table_text_widths(t, 0, half, w[0], num[0]), 0);
    assert_int_equal(nm_table_text_widths(t, half, t->nrows, w[1], num[1]), 0);
    for (c = 0; c < t->ncols; c++) {
        w[0][c] = w[0][c] > w[1][c] ? w[0][c] : w[1][c];
        num[0][c] &= num[1][c];
    }
    assert_int_equal(nm_table_write_text_head(t, f, w[0], num[0]), 0);
    for (; from < t->nrows; from = *cuts++)
        assert_int_equal(nm_table_write_text_rows(t, f, from, *cuts, w[0], num[0]), 0);
    nm_table_write_text_tail(t, f);
    fclose(f);
    return buf;
}

static void test_view(void **state)
{
    nm_table *t = sample("v", NM_TABLE_ARRAY, 7);
    nm_table *v = nm_table_new_view("v", NULL, NM_TABLE_ARRAY, 5, cols, 7, view_row, malloc(8), view_free);
    int how;

    (void)state;
    freed = 0;
    assert_non_null(v);
    assert_int_equal(v->nrows, 7);
    assert_int_equal(nm_table_add_row(v), -1);
    for (how = 0; how < 3; how++) {
        char *a = written(t, how), *b = written(v, how);
        assert_string_equal(b, a);
        free(a);
        free(b);
    }
    {
        static const size_t cuts[] = { 1, 2, 5, 100 };
        char *a = written(v, 0), *b = written_cut(v, cuts, 0);
        assert_string_equal(b, a);
        free(a);
        free(b);
        a = written(v, 1);
        b = written_text_pieces(v, 3, cuts);
        assert_string_equal(b, a);
        free(a);
        free(b);
        a = written(v, 2);
        b = written_cut(v, cuts, 1);
        assert_string_equal(b, a);
        free(a);
        free(b);
    }
    assert_int_equal(nm_table_cell(v, 2, 1)->kind, NM_CELL_NULL);      /* NaN */
    assert_string_equal(nm_table_cell(v, 3, 0)->v.s, nm_table_cell(t, 3, 0)->v.s);
    assert_int_equal(nm_table_cell(v, 4, 2)->v.i, 4000000028LL);
    nm_table_free(v);
    assert_int_equal(freed, 1);
    nm_table_free(t);
}

/* nm_table_drop_rows: a view's source freed once (not again by
 * nm_table_free), a table's own strings freed (ASan and valgrind would see a
 * leak or a double free), no rows left, the name and columns kept, and the
 * table written as an empty one. */
static void test_drop_rows(void **state)
{
    nm_table *t = sample("t", NM_TABLE_ARRAY, 7);
    nm_table *v = nm_table_new_view("v", NULL, NM_TABLE_ARRAY, 5, cols, 7, view_row, malloc(8), view_free);
    nm_table *e = nm_table_new("t", NULL, NM_TABLE_ARRAY, 5, cols);
    char *a, *b;

    (void)state;
    freed = 0;
    assert_non_null(v);
    assert_non_null(e);
    assert_int_equal(nm_table_str(t, 0, 0, "own"), 0);
    nm_table_drop_rows(v);
    assert_int_equal(freed, 1);
    assert_int_equal(v->nrows, 0);
    assert_string_equal(v->name, "v");
    assert_int_equal(v->ncols, 5);
    nm_table_drop_rows(t);
    assert_int_equal(t->nrows, 0);
    assert_string_equal(t->cols[4], cols[4]);
    a = written(t, 0);
    b = written(e, 0);
    assert_string_equal(a, b);
    free(a);
    free(b);
    nm_table_free(v);
    assert_int_equal(freed, 1);
    nm_table_free(t);
    nm_table_free(e);
}

/* The CSV writer gathers rows in a buffer and remembers each column's last
 * string: the bytes must stay those of writing cell by cell (quoting by
 * libcsv's rules, "%lld", "%.15g"). Strings that need quotes (comma, quote,
 * CR, LF, a space at either end) next to plain ones, the same pointer on
 * consecutive rows, a string longer than the buffer, and enough rows to
 * fill it many times. */
static const char *const csv_strs[] = { "plain", "a,b", "say \"hi\"", "cr\rx", "lf\nx", " lead",
                                        "trail ", "", "mid space", "r\xc3\xa9gion" };
#define NCSV (sizeof(csv_strs) / sizeof(csv_strs[0]))

static void test_csv_buffered(void **state)
{
    static const char *const c3[] = { "s", "t", "x" };
    nm_table *t = nm_table_new("c", NULL, NM_TABLE_ARRAY, 3, c3);
    char *big = malloc(100001), *want = NULL, *got, num[64];
    size_t len = 0, r;
    FILE *f = open_memstream(&want, &len);

    (void)state;
    assert_non_null(t);
    assert_non_null(big);
    assert_non_null(f);
    memset(big, 'z', 100000);
    big[100000] = '\0';
    big[50000] = ',';                                           /* needs quotes too */
    fputs("s,t,x\n", f);
    for (r = 0; r < 20000; r++) {
        long k = nm_table_add_row(t);
        const char *s = r == 777 ? big : csv_strs[(r / 5) % NCSV];   /* runs of 5 equal pointers */
        const char *u = r == 778 ? big + 50001 : csv_strs[r % NCSV];
        assert_true(k >= 0);
        nm_table_str_ref(t, k, 0, s);
        nm_table_str_ref(t, k, 1, u);
        nm_csv_write_field(f, s);
        fputc(',', f);
        nm_csv_write_field(f, u);
        fputc(',', f);
        if (r % 4 == 0) {
            nm_table_int(t, k, 2, -(long long)r * 99991);
            snprintf(num, sizeof(num), "%lld", -(long long)r * 99991);
        } else if (r % 4 == 1) {
            double x = (double)(r % 8 == 1 ? r : r % 50) / 7.0;    /* new values and repeated ones */
            nm_table_num(t, k, 2, x);
            snprintf(num, sizeof(num), "%.15g", x);
        } else if (r % 4 == 2) {
            nm_table_bool(t, k, 2, (int)(r % 3));
            snprintf(num, sizeof(num), "%s", r % 3 ? "true" : "false");
        } else {
            num[0] = '\0';                                      /* null */
        }
        fprintf(f, "%s\n", num);
    }
    fclose(f);
    got = written(t, 0);
    assert_int_equal(strlen(got), len);
    assert_true(memcmp(got, want, len) == 0);
    free(got);
    {   /* in pieces, cut next to the long strings and mid-run */
        static const size_t cuts[] = { 3, 777, 778, 779, 12345, 20000 };
        got = written_cut(t, cuts, 0);
        assert_int_equal(strlen(got), len);
        assert_true(memcmp(got, want, len) == 0);
        free(got);
    }
    free(want);
    nm_table_free(t);
    free(big);
}

/* By hand: libcsv quotes a field with a comma, a quote (doubled), CR, LF or
 * a space at either end, and only those. */
static void test_csv_quoting(void **state)
{
    static const char *const c2[] = { "s", "x" };
    static const char *const in[] = { "a,b", " x", "x ", "q\"q", "p q", "" };
    static const char want[] = "s,x\n\"a,b\",0.1\n\" x\",0.1\n\"x \",0.1\n\"q\"\"q\",0.1\np q,0.1\n,0.1\n";
    nm_table *t = nm_table_new("q", NULL, NM_TABLE_ARRAY, 2, c2);
    char *got;
    size_t i;

    (void)state;
    assert_non_null(t);
    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        long k = nm_table_add_row(t);
        nm_table_str_ref(t, k, 0, in[i]);
        nm_table_num(t, k, 1, 0.1);
    }
    got = written(t, 0);
    assert_string_equal(got, want);
    free(got);
    nm_table_free(t);
}

/* Text by hand: numbers right-aligned to 4 decimals, strings left-aligned
 * by utf-8 characters (r\xc3\xa9gion is 6 wide), the last string column not
 * padded, nulls as "-", one borrowed string on consecutive rows. */
static void test_text(void **state)
{
    static const char *const tc[] = { "name", "x", "n", "note" };
    static const char want[] =
        "T\n"
        "name          x  n  note\n"      /* widths 6 (r\xc3\xa9gion), 7 (12.3457), 1, none */
        "r\xc3\xa9gion   0.5000  7  a\n"
        "r\xc3\xa9gion        -  -  bb\n"
        "ab      12.3457  1  -\n";
    nm_table *t = nm_table_new("t", "T", NM_TABLE_ARRAY, 4, tc);
    static const char reg[] = "r\xc3\xa9gion";
    char *got;
    long r;

    (void)state;
    assert_non_null(t);
    r = nm_table_add_row(t);
    nm_table_str_ref(t, r, 0, reg);
    nm_table_num(t, r, 1, 0.5);
    nm_table_int(t, r, 2, 7);
    nm_table_str_ref(t, r, 3, "a");
    r = nm_table_add_row(t);
    nm_table_str_ref(t, r, 0, reg);
    nm_table_str_ref(t, r, 3, "bb");
    r = nm_table_add_row(t);
    nm_table_str_ref(t, r, 0, "ab");
    nm_table_num(t, r, 1, 12.345678);
    nm_table_int(t, r, 2, 1);
    got = written(t, 1);
    assert_string_equal(got, want);
    free(got);
    nm_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_indent2),
        cmocka_unit_test(test_json_other_layouts),
        cmocka_unit_test(test_json_keys),
        cmocka_unit_test(test_json_reals),
        cmocka_unit_test(test_str_ref),
        cmocka_unit_test(test_view),
        cmocka_unit_test(test_drop_rows),
        cmocka_unit_test(test_csv_buffered),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_json_memo),
        cmocka_unit_test(test_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
