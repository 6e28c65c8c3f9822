/* test_compare.c - metrics read from report tables, and the comparison table (hand counts). */
#include "testutil.h"
#include "nm_compare.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A report with two hand-made tables:
 *   facts (object): n = 7, x = 2.5, flag = true
 *   rows (array): region, track, v, ok
 *     North 1  4    true
 *     South 1  null false
 *     South 2  3    true
 *     (all) 2  6    false        */
static void make_report(nm_report *r)
{
    static const char *const fc[] = { "n", "x", "flag" };
    static const char *const rc[] = { "region", "track", "v", "ok" };
    static const char *const reg[] = { "North", "South", "South", "(all)" };
    static const char *const trk[] = { "1", "1", "2", "2" };
    static const double v[] = { 4, NAN, 3, 6 };
    nm_table *f = nm_table_new("facts", NULL, NM_TABLE_OBJECT, 3, fc);
    nm_table *t = nm_table_new("rows", NULL, NM_TABLE_ARRAY, 4, rc);
    long k;

    assert_non_null(f);
    assert_non_null(t);
    assert_int_equal(nm_table_add_row(f), 0);
    nm_table_int(f, 0, 0, 7);
    nm_table_num(f, 0, 1, 2.5);
    nm_table_bool(f, 0, 2, 1);
    for (k = 0; k < 4; k++) {
        assert_int_equal(nm_table_add_row(t), k);
        assert_int_equal(nm_table_str(t, k, 0, reg[k]), 0);
        assert_int_equal(nm_table_str(t, k, 1, trk[k]), 0);
        nm_table_num(t, k, 2, v[k]);
        nm_table_bool(t, k, 3, k == 0 || k == 2);
    }
    nm_report_init(r);
    assert_int_equal(nm_report_add(r, f), 0);
    assert_int_equal(nm_report_add(r, t), 0);
}

static double value(const nm_report *r, const char *table, const char *col, nm_agg agg, double arg,
                    const char *where, const nm_filter *f, int *missing)
{
    nm_metric m = { "m", "g", 0, table, col, agg, arg, 0, where, "" };

    return nm_metric_value(&m, r, f, missing);
}

static void test_aggregations(void **state)
{
    nm_report r;
    int miss = 0;

    (void)state;
    make_report(&r);
    assert_close(value(&r, "facts", "n", NM_AGG_CELL, 0, NULL, NULL, &miss), 7, 1e-12);
    assert_close(value(&r, "facts", "x", NM_AGG_CELL, 0, NULL, NULL, &miss), 2.5, 1e-12);
    assert_close(value(&r, "facts", "flag", NM_AGG_CELL, 0, NULL, NULL, &miss), 1, 1e-12);
    /* 4 rows; v >= 3: 4, 3, 6 (null does not count) -> 3, share 3/4 */
    assert_close(value(&r, "rows", NULL, NM_AGG_ROWS, 0, NULL, NULL, &miss), 4, 1e-12);
    assert_close(value(&r, "rows", "v", NM_AGG_COUNT_GE, 3, NULL, NULL, &miss), 3, 1e-12);
    assert_close(value(&r, "rows", "v", NM_AGG_SHARE_GE, 4, NULL, NULL, &miss), 0.5, 1e-12);
    /* booleans as 0/1: two true */
    assert_close(value(&r, "rows", "ok", NM_AGG_COUNT_GE, 1, NULL, NULL, &miss), 2, 1e-12);
    /* sum of non-null: 4 + 3 + 6 */
    assert_close(value(&r, "rows", "v", NM_AGG_SUM, 0, NULL, NULL, &miss), 13, 1e-12);
    assert_int_equal(miss, 0);
    nm_report_destroy(&r);
}

static void test_where_and_regions(void **state)
{
    nm_report r;
    nm_filter f;
    int miss = 0;

    (void)state;
    make_report(&r);
    assert_close(value(&r, "rows", "v", NM_AGG_WHERE, 0, "region=South,track=2", NULL, &miss), 3, 1e-12);
    assert_close(value(&r, "rows", "v", NM_AGG_WHERE, 0, "region=(all),track=2", NULL, &miss), 6, 1e-12);
    assert_int_equal(miss, 0);
    /* no such row: NaN and missing; a prefix of a value does not match */
    assert_true(isnan(value(&r, "rows", "v", NM_AGG_WHERE, 0, "region=Sou", NULL, &miss)));
    assert_int_equal(miss, 1);
    nm_filter_init(&f);
    /* no region in the filter: every row; South: 3 (the null is skipped), one value */
    assert_close(value(&r, "rows", "v", NM_AGG_REGION_SUM, 0, NULL, &f, NULL), 13, 1e-12);
    f.regions[f.nregions++] = "South";
    assert_close(value(&r, "rows", "v", NM_AGG_REGION_SUM, 0, NULL, &f, NULL), 3, 1e-12);
    assert_close(value(&r, "rows", "v", NM_AGG_REGION_COUNT, 0, NULL, &f, NULL), 1, 1e-12);
    f.regions[f.nregions++] = "North";
    assert_close(value(&r, "rows", "v", NM_AGG_REGION_SUM, 0, NULL, &f, NULL), 7, 1e-12);
    nm_report_destroy(&r);
}

static void test_missing(void **state)
{
    nm_report r;
    int miss = 0;

    (void)state;
    make_report(&r);
    assert_true(isnan(value(&r, "nope", "n", NM_AGG_CELL, 0, NULL, NULL, &miss)));
    assert_int_equal(miss, 1);
    miss = 0;
    assert_true(isnan(value(&r, "facts", "nope", NM_AGG_CELL, 0, NULL, NULL, &miss)));
    assert_int_equal(miss, 1);
    assert_null(nm_metric_find("no-such-metric"));
    assert_non_null(nm_metric_find("nodf"));
    nm_report_destroy(&r);
}

static void test_table(void **state)
{
    const nm_metric *ms[2] = { nm_metric_find("states"), nm_metric_find("nodf") };
    const char *labels[3] = { "A", "B", "C" };
    const double vals[6] = { 4, 10.0, 5, NAN, 7, 12.5 };    /* [selection][metric] */
    nm_table *t = nm_compare_table(ms, 2, labels, 3, vals);
    const nm_cell *c;

    (void)state;
    assert_non_null(t);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->ncols, 6);
    assert_int_equal(nm_table_col(t, "C"), 4);
    /* states: integers, difference C - A = 3 */
    c = nm_table_cell(t, 0, 5);
    assert_int_equal(c->kind, NM_CELL_INT);
    assert_int_equal(c->v.i, 3);
    /* nodf: B is null; difference 12.5 - 10 */
    assert_int_equal(nm_table_cell(t, 1, 3)->kind, NM_CELL_NULL);
    assert_close(nm_table_cell(t, 1, 5)->v.x, 2.5, 1e-12);
    assert_non_null(strstr(t->note, "C - A"));
    nm_table_free(t);
}

/* tests/data/cli/basic at the end of 1991, full roles (tests/cli/golden/README.md):
 * AAA {pact, union}, BBB {union}, CCC {union, forum}, DDD {} (associate only).
 * NODF, rows in fill order AAA(2) CCC(2) BBB(1) DDD(0): AAA-BBB 1, CCC-BBB 1, the
 * rest 0 (equal fills, empty row) -> 2 of 6 pairs; columns union(3) pact(1)
 * forum(1): union-pact 1, union-forum 1, pact-forum 0 -> 2 of 3; NODF = 100 * 4 / 9.
 * Rivalry CCC-DDD (from 1991) is active and shares nothing; AAA-BBB ended 1989.
 * Budgets: union 10 (North), forum 2.5 (South), pact none. */
static void test_values_basic(void **state)
{
    static const char *const keys[] = { "states", "memberships", "nodf", "nodf_rows", "coverage",
                                         "coverage_track2", "isolates", "rival_pairs",
                                         "rival_pairs_engaged", "components", "budget_musd",
                                         "budgeted_institutions", "share_states_in_2plus" };
    static const double want[] = { 4, 5, 400.0 / 9, 100.0 / 3, 0.75, 0.25, 1, 1, 0, 2, 12.5, 2, 0.5 };
    const nm_metric *ms[13];
    double vals[13];
    int missing[13] = { 0 };
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    nm_report_opts o;
    nm_diag d;
    size_t j;

    (void)state;
    for (j = 0; j < 13; j++)
        assert_non_null(ms[j] = nm_metric_find(keys[j]));
    nm_filter_init(&f);
    f.year = 1991;
    tu_graph(&g, &ds, "tests/data/cli/basic", &f);
    nm_report_opts_init(&o);
    o.nsim = 0;
    nm_diag_init(&d);
    assert_int_equal(nm_compare_values(&g, &o, ms, 13, vals, missing, &d), NM_OK);
    for (j = 0; j < 13; j++) {
        assert_int_equal(missing[j], 0);
        assert_close(vals[j], want[j], 1e-9);
    }
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregations),
        cmocka_unit_test(test_where_and_regions),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_values_basic),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
