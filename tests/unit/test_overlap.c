/* test_overlap.c - institution overlap, containment, laminarity and Hasse edges against fixtures. */
#include "testutil.h"
#include "nm_overlap.h"
#include "nm_generate.h"
#include "nm_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const datasets[] = { "davis", "disconnected", "ties", "tiny", "onemember",
                                        "europe-like", "sipoo" };
#define NDS (sizeof(datasets) / sizeof(datasets[0]))

static void load(const char *ds_name, nm_dataset *ds, nm_graph *g, nm_overlap *ov)
{
    char path[256];
    nm_diag d;

    snprintf(path, sizeof(path), "tests/data/%s", ds_name);
    tu_graph(g, ds, path, NULL);
    nm_diag_init(&d);
    assert_int_equal(nm_overlap_compute(g, ov, &d), NM_OK);
}

static void fixture(nm_csv *t, const char *ds_name, const char *file)
{
    char path[256];

    snprintf(path, sizeof(path), "tests/fixtures/%s/%s", ds_name, file);
    tu_fixture(t, path);
}

static const nm_overlap_pair *find_pair(const nm_overlap *ov, int a, int b)
{
    size_t k;

    for (k = ov->first[a]; k < ov->first[a + 1]; k++)
        if (ov->pairs[k].b == b)
            return &ov->pairs[k];
    return NULL;
}

/* One fixture row (a, b by id) against the computed pair. */
static void check_row(const nm_graph *g, const nm_overlap *ov, const nm_csv_row *row, const nm_csv *t)
{
    int fa = tu_inst(g, nm_csv_get(row, nm_csv_col(t, "a")));
    int fb = tu_inst(g, nm_csv_get(row, nm_csv_col(t, "b")));
    long shared = strtol(nm_csv_get(row, nm_csv_col(t, "shared")), NULL, 10);
    double ca = strtod(nm_csv_get(row, nm_csv_col(t, "contain_a")), NULL);
    double cb = strtod(nm_csv_get(row, nm_csv_col(t, "contain_b")), NULL);
    const char *rel = nm_csv_get(row, nm_csv_col(t, "relation"));
    int swap = fa > fb;     /* the fixture orders by id, nestmap by graph order */
    int a = swap ? fb : fa;
    const nm_overlap_pair *p;

    assert_true(fa >= 0 && fb >= 0);
    p = find_pair(ov, a, swap ? fa : fb);
    if (shared == 0) {
        assert_null(p);
        assert_string_equal(rel, "disjoint");
        return;
    }
    assert_non_null(p);
    assert_int_equal(p->shared, shared);
    assert_close(nm_overlap_jaccard(ov, a, p),
                 strtod(nm_csv_get(row, nm_csv_col(t, "jaccard")), NULL), 1e-9);
    assert_close(nm_overlap_contain_a(ov, a, p), swap ? cb : ca, 1e-9);
    assert_close(nm_overlap_contain_b(ov, p), swap ? ca : cb, 1e-9);
    assert_string_equal(nm_relation_name(nm_overlap_rel(ov, a, p)), rel);
    /* order: 1 when the pair's a is the strict subset */
    if (nm_overlap_rel(ov, a, p) == NM_REL_NESTED)
        assert_int_equal(nm_overlap_order(ov, a, p), (ca == 1.0) != swap ? 1 : -1);
    else
        assert_int_equal(nm_overlap_order(ov, a, p), 0);
}

/* The pairs are sorted by (a, b), a < b, a's at first[a] .. first[a + 1),
 * and nm_overlap_pair_a finds each one's a. */
static void check_order(const nm_overlap *ov)
{
    size_t k;
    int a;

    assert_int_equal(ov->first[0], 0);
    assert_int_equal(ov->first[ov->ninsts], ov->npairs);
    for (a = 0; a < ov->ninsts; a++) {
        assert_true(ov->first[a] <= ov->first[a + 1]);
        for (k = ov->first[a]; k < ov->first[a + 1]; k++) {
            assert_true(ov->pairs[k].b > a);
            assert_true(k == ov->first[a] || ov->pairs[k - 1].b < ov->pairs[k].b);
            assert_int_equal(nm_overlap_pair_a(ov, k), a);
        }
    }
}

static void test_pairs(void **state)
{
    size_t i, k;

    (void)state;
    for (i = 0; i < NDS; i++) {
        nm_dataset ds;
        nm_graph g;
        nm_overlap ov;
        nm_csv t;
        long sharing = 0, disjoint = 0, nrel[4] = { 0, 0, 0, 0 };
        int r;

        load(datasets[i], &ds, &g, &ov);
        fixture(&t, datasets[i], "overlap.csv");
        /* every pair of institutions is in the fixture */
        assert_int_equal(t.nrows, (size_t)g.ninsts * (g.ninsts - 1) / 2);
        for (k = 0; k < t.nrows; k++) {
            check_row(&g, &ov, &t.rows[k], &t);
            for (r = 0; r < 4; r++)     /* the fixture's relation column, counted */
                nrel[r] += strcmp(nm_csv_get(&t.rows[k], nm_csv_col(&t, "relation")),
                                  nm_relation_name((nm_relation)r)) == 0;
            if (strcmp(nm_csv_get(&t.rows[k], nm_csv_col(&t, "shared")), "0") == 0)
                disjoint++;
            else
                sharing++;
        }
        assert_int_equal(ov.npairs, sharing);
        assert_int_equal(ov.disjoint, disjoint);
        for (r = 0; r < 4; r++)
            assert_int_equal(ov.nrel[r], nrel[r]);
        assert_int_equal(ov.laminar, nrel[NM_REL_OVERLAPPING] == 0);
        check_order(&ov);
        nm_csv_destroy(&t);
        nm_overlap_destroy(&ov);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

static void test_hasse_laminar(void **state)
{
    size_t i, k, e;

    (void)state;
    for (i = 0; i < NDS; i++) {
        nm_dataset ds;
        nm_graph g;
        nm_overlap ov;
        nm_csv h, l;

        load(datasets[i], &ds, &g, &ov);
        fixture(&h, datasets[i], "hasse.csv");
        fixture(&l, datasets[i], "laminar.csv");
        assert_int_equal(ov.laminar, strcmp(tu_get(&l, NULL, NULL, "laminar"), "true") == 0);
        assert_int_equal(ov.nhasse, h.nrows);
        for (k = 0; k < h.nrows; k++) {
            int lo = tu_inst(&g, nm_csv_get(&h.rows[k], nm_csv_col(&h, "lower")));
            int hi = tu_inst(&g, nm_csv_get(&h.rows[k], nm_csv_col(&h, "upper")));
            int found = 0;
            for (e = 0; e < ov.nhasse; e++)
                found += ov.hasse[e][0] == lo && ov.hasse[e][1] == hi;
            if (found != 1)
                fprintf(stderr, "%s: hasse edge %d -> %d found %d times\n", datasets[i], lo, hi, found);
            assert_int_equal(found, 1);
        }
        for (e = 1; e < ov.nhasse; e++)
            assert_true(ov.hasse[e - 1][0] < ov.hasse[e][0] ||
                        (ov.hasse[e - 1][0] == ov.hasse[e][0] && ov.hasse[e - 1][1] < ov.hasse[e][1]));
        nm_csv_destroy(&h);
        nm_csv_destroy(&l);
        nm_overlap_destroy(&ov);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

/* Identical sets (ties: k5 = k6 = {T4, T5}, k7 = {T5}): both are upper ends
 * of k7, never joined to each other, and their pair is "identical". */
static void test_identical(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_overlap ov;
    const nm_overlap_pair *p;
    int k5, k6, k7;
    size_t e;

    (void)state;
    load("ties", &ds, &g, &ov);
    k5 = tu_inst(&g, "k5");
    k6 = tu_inst(&g, "k6");
    k7 = tu_inst(&g, "k7");
    p = find_pair(&ov, k5, k6);
    assert_non_null(p);
    assert_int_equal(nm_overlap_rel(&ov, k5, p), NM_REL_IDENTICAL);
    assert_int_equal(nm_overlap_order(&ov, k5, p), 0);
    for (e = 0; e < ov.nhasse; e++) {
        assert_false(ov.hasse[e][0] == k5 && ov.hasse[e][1] == k6);
        assert_false(ov.hasse[e][0] == k6 && ov.hasse[e][1] == k5);
        assert_int_equal(ov.hasse[e][0], k7);  /* k7 is the only set strictly below another */
    }
    nm_overlap_destroy(&ov);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* The report's overlap section on the data set at path, into r. */
static void overlap_section(const char *path, nm_dataset *ds, nm_graph *g, nm_report *r)
{
    nm_report_opts o;
    nm_diag d;

    tu_graph(g, ds, path, NULL);
    nm_report_init(r);
    nm_report_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_section_overlap(g, &o, r, &d), NM_OK);
}

/* Generates a data set of the given size into dir. */
static void generate(const char *dir, long states, long insts, double mean, uint64_t seed)
{
    nm_gen_opts o;
    nm_diag d;

    nm_gen_opts_init(&o);
    o.states = states;
    o.insts = insts;
    o.mean = mean;
    o.seed = seed;
    nm_diag_init(&d);
    assert_int_equal(nm_generate(&o, dir, NULL, &d), NM_OK);
}

/* The section on europe-like, counted by hand (graph order = institutions.csv
 * order: osce, nato, eu, weu, cis; see tests/fixtures/europe-like/overlap-hand.md):
 * pairs sharing: osce with the other four, nato-eu, nato-weu, eu-weu = 7 of
 * 10; overlapping only nato-eu; identical none; disjoint 3 (cis with nato,
 * eu, weu). */
static void test_section(void **state)
{
    static const char *const cols[] = { "a", "b", "shared", "jaccard", "contain_a", "contain_b",
                                        "relation" };
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_table *t;

    (void)state;
    overlap_section("tests/data/europe-like", &ds, &g, &r);
    assert_non_null(t = nm_report_find(&r, "overlap"));
    tu_cols(t, cols, 7);
    assert_int_equal(t->nrows, 7);
    /* first row: osce, nato; NATO's 5 members all in the OSCE's 8 */
    assert_string_equal(tu_cell(t, 0, "a")->v.s, "osce");
    assert_string_equal(tu_cell(t, 0, "b")->v.s, "nato");
    assert_int_equal(tu_cell(t, 0, "shared")->v.i, 5);
    assert_close(tu_cell(t, 0, "contain_a")->v.x, 5.0 / 8, 1e-12);
    assert_close(tu_cell(t, 0, "contain_b")->v.x, 1.0, 1e-12);
    assert_string_equal(tu_cell(t, 0, "relation")->v.s, "nested");
    assert_non_null(t = nm_report_find(&r, "overlap_summary"));
    assert_int_equal(t->shape, NM_TABLE_OBJECT);
    assert_int_equal(tu_cell(t, 0, "institutions")->v.i, 5);
    assert_int_equal(tu_cell(t, 0, "pairs")->v.i, 10);
    assert_int_equal(tu_cell(t, 0, "sharing")->v.i, 7);
    assert_int_equal(tu_cell(t, 0, "overlapping")->v.i, 1);
    assert_int_equal(tu_cell(t, 0, "nested")->v.i, 6);
    assert_int_equal(tu_cell(t, 0, "identical")->v.i, 0);
    assert_int_equal(tu_cell(t, 0, "disjoint")->v.i, 3);
    assert_int_equal(tu_cell(t, 0, "laminar")->kind, NM_CELL_BOOL);
    assert_false(tu_cell(t, 0, "laminar")->v.b);
    /* Hasse edges in graph order: nato<osce, eu<osce, weu<nato, weu<eu, cis<osce */
    assert_non_null(t = nm_report_find(&r, "hasse"));
    assert_int_equal(t->nrows, 5);
    assert_string_equal(tu_cell(t, 0, "lower")->v.s, "nato");
    assert_string_equal(tu_cell(t, 2, "lower")->v.s, "weu");
    assert_string_equal(tu_cell(t, 2, "upper")->v.s, "nato");
    assert_string_equal(tu_cell(t, 4, "lower")->v.s, "cis");
    assert_string_equal(tu_cell(t, 4, "upper")->v.s, "osce");
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* Field by field. */
static void same_pairs(const nm_overlap *x, const nm_overlap *y)
{
    size_t k;

    assert_int_equal(x->ninsts, y->ninsts);
    assert_memory_equal(x->first, y->first, ((size_t)y->ninsts + 1) * sizeof(*y->first));
    for (k = 0; k < y->npairs; k++) {
        assert_int_equal(x->pairs[k].b, y->pairs[k].b);
        assert_int_equal(x->pairs[k].shared, y->pairs[k].shared);
    }
}

/* ov's pairs are every pair sharing a member, in (a, b) order, with its
 * count: counted here densely, each later institution's list read against
 * a's members marked (with 400 institutions, the partners of an institution
 * span several 64-bit words of the search's bitset). */
static void check_dense(const nm_graph *g, const nm_overlap *ov)
{
    char *in = calloc((size_t)g->nstates + 1, 1);
    size_t k = 0;
    int a, b, e, shared;

    assert_non_null(in);
    for (a = 0; a < g->ninsts; a++) {
        for (e = g->i_off[a]; e < g->i_off[a + 1]; e++)
            in[g->i_adj[e]] = 1;
        for (b = a + 1; b < g->ninsts; b++) {
            for (e = g->i_off[b], shared = 0; e < g->i_off[b + 1]; e++)
                shared += in[g->i_adj[e]];
            if (shared == 0)
                continue;
            assert_true(k < ov->npairs);
            assert_int_equal(nm_overlap_pair_a(ov, k), a);
            assert_true(ov->first[a] <= k && k < ov->first[a + 1]);
            assert_int_equal(ov->pairs[k].b, b);
            assert_int_equal(ov->pairs[k].shared, shared);
            k++;
        }
        for (e = g->i_off[a]; e < g->i_off[a + 1]; e++)
            in[g->i_adj[e]] = 0;
    }
    assert_int_equal(k, ov->npairs);
    free(in);
}

/* The pairs found in rounds of two parts (nm_overlap_compute_exec) are the
 * ones found in one piece, whoever runs the parts and in whatever order:
 * the same pairs in the same order, counts and Hasse edges, on generated
 * data whose counting work passes NM_OVERLAP_SPLIT_WORK; and those of the
 * one piece are the pairs counted densely. */
/* The overlap table's text widths from its widths function equal those
 * measured from its rows (the function taken away), on rows [from, to). */
static void same_widths(nm_table *t, size_t from, size_t to)
{
    nm_table_widths_fn fn = t->widthfn;
    size_t w1[7] = { 0 }, w2[7] = { 0 };
    int n1[7], n2[7], c;

    for (c = 0; c < 7; c++)
        n1[c] = n2[c] = 1;
    assert_non_null(fn);
    assert_int_equal(nm_table_text_widths(t, from, to, w1, n1), 0);
    t->widthfn = NULL;
    assert_int_equal(nm_table_text_widths(t, from, to, w2, n2), 0);
    t->widthfn = fn;
    assert_memory_equal(w1, w2, sizeof(w1));
    assert_memory_equal(n1, n2, sizeof(n1));
}

/* check(t, from, to) on the report's overlap table t of the data set at
 * path: on every range of its rows when it has at most 40, else on the
 * whole, halves and a few (only the whole when whole_only: fast enough
 * under valgrind). */
static void on_ranges(const char *path, void (*check)(nm_table *, size_t, size_t), int whole_only)
{
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_table *t;
    size_t i, j, n;

    overlap_section(path, &ds, &g, &r);
    assert_non_null(t = nm_report_find(&r, "overlap"));
    n = t->nrows;
    assert_true(n > 0);
    if (n <= 40) {
        for (i = 0; i < n; i++)
            for (j = i + 1; j <= n; j++)
                check(t, i, j);
    } else if (whole_only) {
        check(t, 0, n);
    } else {
        check(t, 0, n);
        check(t, 0, n / 2);
        check(t, n / 2, n);
        for (i = 0; i + 7 < n; i += n / 9 + 1)
            check(t, i, i + 7);
    }
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* A memberships file at path: for each "id;lo-hi" of rows, states S<lo>
 * to S<hi> in institution id (a CSV field as written). */
static void write_members(const char *path, const char *const *rows, size_t n)
{
    FILE *f;
    size_t k;
    int lo, hi, v;

    assert_non_null(f = fopen(path, "w"));
    fputs("state,institution\n", f);
    for (k = 0; k < n; k++) {
        char id[64];
        assert_int_equal(sscanf(rows[k], "%63[^;];%d-%d", id, &lo, &hi), 3);
        for (v = lo; v <= hi; v++)
            fprintf(f, "S%d,%s\n", v, id);
    }
    assert_int_equal(fclose(f), 0);
}

/* check on the ranges of four overlap tables: of the memberships rows
 * (see write_members), europe-like, davis, and data generated with the
 * given size and seed (only its whole when gen_whole). */
static void on_cases(const char *const *rows, size_t n, void (*check)(nm_table *, size_t, size_t),
                     long states, long insts, double mean, uint64_t seed, int gen_whole)
{
    char dir[] = "/tmp/nm-cases-XXXXXX", path[300];

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/m.csv", dir);
    write_members(path, rows, n);
    on_ranges(path, check, 0);
    on_ranges("tests/data/europe-like", check, 0);
    on_ranges("tests/data/davis", check, 0);
    generate(dir, states, insts, mean, seed);
    on_ranges(dir, check, gen_whole);
    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

static void test_text_widths(void **state)
{
    /* ids of several widths, one in UTF-8 (8 characters, 10 bytes); shared
     * counts of one and two digits; identical, nested and overlapping pairs */
    static const char *const rows[] = {
        "Union-\xc3\xa9\xc3\xa9;1-12", "a;1-11", "longer-institution-id;1-11", "x;11-13",
        "zz;13-13", "b;5-6" };

    (void)state;
    on_cases(rows, sizeof(rows) / sizeof(rows[0]), same_widths, 300, 80, 6, 3, 0);
}

/* Rows [from, to) of t as its writer gives them: CSV (w NULL) or text with
 * widths w and flags num. The caller frees the bytes. */
static char *written(const nm_table *t, size_t from, size_t to, const size_t *w, const int *num,
                     size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);

    assert_non_null(m);
    if (w)
        assert_int_equal(nm_table_write_text_rows(t, m, from, to, w, num), 0);
    else
        assert_int_equal(nm_table_write_csv_rows(t, m, from, to), 0);
    assert_int_equal(fclose(m), 0);
    return buf;
}

/* The rows the overlap view writes itself (nm_table_set_csv and _text) are
 * the bytes of its cells written one by one (the functions taken away). */
static void same_rows(nm_table *t, size_t from, size_t to, const size_t *w, const int *num)
{
    nm_table_csv_fn csv = t->csvfn;
    nm_table_text_fn text = t->textfn;
    size_t n1, n2;
    char *b1, *b2;

    assert_non_null(csv);
    assert_non_null(text);
    b1 = written(t, from, to, w, num, &n1);
    t->csvfn = NULL;
    t->textfn = NULL;
    b2 = written(t, from, to, w, num, &n2);
    t->csvfn = csv;
    t->textfn = text;
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b1);
    free(b2);
}

/* Every way of writing the rows [from, to): CSV; text with the table's
 * widths and flags, with none (every column as wide as its cell, numbers
 * to the right), and with wide columns, every third one numeric (the last
 * column padded too). */
static void same_rows_all(nm_table *t, size_t from, size_t to)
{
    size_t w[7] = { 0 }, zero[7] = { 0 }, wide[7];
    int num[7], ones[7], alt[7], c;

    for (c = 0; c < 7; c++) {
        num[c] = ones[c] = 1;
        alt[c] = c % 3 == 0;
        wide[c] = 14 + (size_t)c;
    }
    assert_int_equal(nm_table_text_widths(t, 0, t->nrows, w, num), 0);
    same_rows(t, from, to, NULL, NULL);
    same_rows(t, from, to, w, num);
    same_rows(t, from, to, zero, ones);
    same_rows(t, from, to, wide, alt);
}

static void test_written_rows(void **state)
{
    /* ids that CSV quotes (a comma, a quote), one in UTF-8, short and long;
     * counts of one and two digits; identical, nested and overlapping pairs */
    static const char *const rows[] = {
        "\"a,b\";1-12", "\"say,\"\"hi\"\"\";1-11", "Union-\xc3\xa9\xc3\xa9;1-11",
        "longer-institution-id;11-13", "x;13-13", "w;13-13", "\"q\"\"r\";5-6", "z;2-30" };

    (void)state;
    /* generated: 38 508 rows with 8 295 distinct ratios, more than the
     * memo's 4096 slots */
    on_cases(rows, sizeof(rows) / sizeof(rows[0]), same_rows_all, 3000, 300, 12, 7, 1);
}

/* Row r of the overlap view holds the r-th pair (a, b) of the pairs found
 * again here and checked against a dense count, whichever order its rows are
 * read in: each thread remembers the institution of its last row, so rows
 * are read forward, backward and in strides that pass over many
 * institutions. */
static void test_row_cells(void **state)
{
    char dir[] = "/tmp/nm-rowcells-XXXXXX", cmd[300];
    static const size_t steps[] = { 1, 0, 7919, 104729 };     /* 0: backward */
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_overlap ov;
    nm_diag d;
    nm_table *t;
    int *row_a, a;
    size_t k, i, s;

    (void)state;
    assert_non_null(mkdtemp(dir));
    generate(dir, 3000, 300, 12, 7);
    overlap_section(dir, &ds, &g, &r);
    assert_int_equal(nm_overlap_compute(&g, &ov, &d), NM_OK);
    check_dense(&g, &ov);
    assert_non_null(t = nm_report_find(&r, "overlap"));
    assert_int_equal(t->nrows, ov.npairs);
    assert_non_null(row_a = malloc(ov.npairs * sizeof(int)));
    for (a = 0; a < ov.ninsts; a++)
        for (k = ov.first[a]; k < ov.first[a + 1]; k++)
            row_a[k] = a;
    assert_true(ov.npairs > 104729 / 4 && row_a[7919] > row_a[0] + 8);  /* strides pass over many */
    for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
        for (i = 0; i < ov.npairs; i++) {
            size_t row = steps[s] ? i * steps[s] % ov.npairs : ov.npairs - 1 - i;
            const nm_institution *x = nm_graph_inst(&g, row_a[row]);
            const nm_institution *y = nm_graph_inst(&g, ov.pairs[row].b);
            assert_string_equal(nm_table_cell(t, row, 0)->v.s, x->id);
            assert_string_equal(nm_table_cell(t, row, 1)->v.s, y->id);
            assert_int_equal(nm_table_cell(t, row, 2)->v.i, ov.pairs[row].shared);
        }
    free(row_a);
    nm_overlap_destroy(&ov);
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_split(void **state)
{
    static const nm_pair_exec execs[3] = { tu_exec_reversed, tu_exec_thread, tu_exec_in_turn };
    char dir[] = "/tmp/nm-overlap-XXXXXX", path[300];
    nm_dataset ds;
    nm_graph g;
    nm_overlap one, split;
    nm_diag d;
    long work = 0;
    int e, v, calls = 0;

    (void)state;
    assert_non_null(mkdtemp(dir));
    generate(dir, 2500, 400, 60, 5);
    tu_graph(&g, &ds, dir, NULL);
    for (v = 0; v < g.nstates; v++)
        work += (long)nm_graph_sdeg(&g, v) * (nm_graph_sdeg(&g, v) + 1) / 2;
    assert_true(work >= NM_OVERLAP_SPLIT_WORK);
    assert_int_equal(nm_overlap_work(&g), work);
    assert_int_equal(nm_overlap_compute(&g, &one, &d), NM_OK);
    assert_true(one.npairs > 1000 && one.nhasse > 0);
    check_dense(&g, &one);
    for (e = 0; e < 3; e++) {
        assert_int_equal(nm_overlap_compute_exec(&g, &split, execs[e], &calls, &d), NM_OK);
        assert_int_equal(split.npairs, one.npairs);
        same_pairs(&split, &one);
        assert_memory_equal(split.nrel, one.nrel, sizeof(one.nrel));
        assert_int_equal(split.nhasse, one.nhasse);
        assert_memory_equal(split.hasse, one.hasse, one.nhasse * sizeof(*one.hasse));
        assert_int_equal(split.laminar, one.laminar);
        assert_int_equal(split.disjoint, one.disjoint);
        nm_overlap_destroy(&split);
    }
    assert_true(calls >= 3 * 32);       /* about 64 rounds each */
    nm_overlap_destroy(&one);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    for (e = 0; e < 3; e++) {
        static const char *const files[] = { "memberships.csv", "states.csv", "institutions.csv" };
        snprintf(path, sizeof(path), "%s/%s", dir, files[e]);
        unlink(path);
    }
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_hasse_laminar),
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_text_widths),
        cmocka_unit_test(test_written_rows),
        cmocka_unit_test(test_row_cells),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
