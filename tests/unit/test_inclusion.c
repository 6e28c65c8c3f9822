/* test_inclusion.c - coverage, isolates, outsiders, rivals and inclusiveness on tests/data/inclusion. */
#include "testutil.h"
#include "nm_inclusion.h"

#include <math.h>
#include <string.h>

#define DATA "tests/data/inclusion"

/* The 1999 snapshot with full members (tests/data/inclusion/README.md).
 * Memberships holding in 1999: every row but A4-arf (joined 2005); A2-pact is
 * an observer and does not count. So
 *   arf {A1 A2 A3 AM E1} (track 1, Asia)   cscap {A1 A2 NK AM} (track 2, Asia)
 *   ecs {E1 E2 AM} (track 1, Europe)       dial {A3 NK} (track 2, Asia)
 *   pact {E1 E2} (track 1, Europe)
 * and A4 is in nothing. */
static void snapshot(nm_graph *g, nm_dataset *ds, int year, const char *region)
{
    nm_filter f;

    nm_filter_init(&f);
    f.year = year;
    if (region) {
        f.regions[0] = region;
        f.nregions = 1;
    }
    tu_graph(g, ds, DATA, &f);
}

static void compute(const nm_graph *g, nm_inclusion *inc)
{
    nm_diag d;

    nm_diag_init(&d);
    assert_int_equal(nm_inclusion_compute(g, inc, &d), NM_OK);
}

static const char *sid(const nm_graph *g, int v)
{
    return nm_graph_state(g, v)->id;
}

static void test_coverage(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_inclusion inc;
    const nm_coverage *c;

    (void)state;
    snapshot(&g, &ds, 1999, NULL);
    compute(&g, &inc);
    /* regions in order of first appearance in states.csv: Asia, Europe,
     * Americas, then the (all) row */
    assert_int_equal(inc.ncoverage, 4);
    c = &inc.coverage[0];
    assert_string_equal(c->region, "Asia");
    /* Asia: A1 A2 A3 A4 NK = 5; any: all but A4 = 4; track 1 (arf): A1 A2 A3
     * = 3 (NK only in track 2); track 2: A1 A2 (cscap), A3 (dial), NK = 4 */
    assert_int_equal(c->states, 5);
    assert_int_equal(c->covered[0], 4);
    assert_int_equal(c->covered[1], 3);
    assert_int_equal(c->covered[2], 4);
    c = &inc.coverage[1];
    /* Europe: E1 E2, both in ecs/pact (track 1), neither in track 2 */
    assert_string_equal(c->region, "Europe");
    assert_int_equal(c->states, 2);
    assert_int_equal(c->covered[0], 2);
    assert_int_equal(c->covered[1], 2);
    assert_int_equal(c->covered[2], 0);
    c = &inc.coverage[2];
    /* Americas: AM in arf, ecs (track 1) and cscap (track 2) */
    assert_string_equal(c->region, "Americas");
    assert_int_equal(c->states, 1);
    assert_int_equal(c->covered[1], 1);
    assert_int_equal(c->covered[2], 1);
    c = &inc.coverage[3];
    /* all: 8 states; any 7 (not A4); track 1: A1 A2 A3 E1 E2 AM = 6;
     * track 2: A1 A2 A3 NK AM = 5 */
    assert_null(c->region);
    assert_int_equal(c->states, 8);
    assert_int_equal(c->covered[0], 7);
    assert_int_equal(c->covered[1], 6);
    assert_int_equal(c->covered[2], 5);
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_isolates_outsiders(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_inclusion inc;

    (void)state;
    snapshot(&g, &ds, 1999, NULL);
    compute(&g, &inc);
    /* A4 joins arf only in 2005 */
    assert_int_equal(inc.nisolates, 1);
    assert_string_equal(sid(&g, inc.isolates[0]), "A4");
    /* NK: cscap and dial (both track 2), no track 1 */
    assert_int_equal(inc.noutsiders, 1);
    assert_string_equal(sid(&g, inc.outsiders[0]), "NK");
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    /* with no year every row counts: A4 is in arf, so no isolate */
    snapshot(&g, &ds, 0, NULL);
    compute(&g, &inc);
    assert_int_equal(inc.nisolates, 0);
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void expect_pair(const nm_graph *g, const nm_rival_pair *p, const char *a, const char *b,
                        int shared, int s1, int s2)
{
    assert_string_equal(sid(g, p->a), a);
    assert_string_equal(sid(g, p->b), b);
    assert_int_equal(p->shared, shared);
    assert_int_equal(p->shared1, s1);
    assert_int_equal(p->shared2, s2);
}

static void test_rivals(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_inclusion inc;
    nm_report r;
    nm_report_opts o;
    nm_diag d;
    nm_table *t;

    (void)state;
    snapshot(&g, &ds, 1999, NULL);
    compute(&g, &inc);
    /* active in 1999: A1-A2 (1950-), A3-NK (1990-2010), A4-AM (1980-),
     * E2-AM (1990-2005); not E1-E2 (1900-1945) */
    assert_int_equal(inc.nrivals, 4);
    /* A1, A2 share arf (track 1) and cscap (track 2) */
    expect_pair(&g, &inc.rivals[0], "A1", "A2", 2, 1, 1);
    assert_string_equal(nm_graph_inst(&g, inc.rivals[0].insts[0])->id, "arf");
    assert_string_equal(nm_graph_inst(&g, inc.rivals[0].insts[1])->id, "cscap");
    expect_pair(&g, &inc.rivals[1], "A3", "NK", 1, 0, 1);     /* dial */
    expect_pair(&g, &inc.rivals[2], "A4", "AM", 0, 0, 0);     /* A4 in nothing */
    expect_pair(&g, &inc.rivals[3], "E2", "AM", 1, 1, 0);     /* ecs */
    nm_inclusion_destroy(&inc);

    /* the summary table: any track 3 of 4 engaged; track 1: A1-A2, E2-AM = 2;
     * track 2: A1-A2, A3-NK = 2; by type: cooperative-security (arf) 1,
     * other (cscap, dial) 2, concert (ecs) 1, collective-defence (pact:
     * E1-E2 is not active) 0 */
    nm_report_init(&r);
    nm_report_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_section_inclusion(&g, &o, &r, &d), NM_OK);
    t = nm_report_find(&r, "rivals_summary");
    assert_non_null(t);
    assert_int_equal(t->nrows, 3 + NM_NTYPES);
    assert_int_equal(nm_table_cell(t, 0, 2)->v.i, 4);
    assert_int_equal(nm_table_cell(t, 0, 3)->v.i, 3);
    assert_close(nm_table_cell(t, 0, 4)->v.x, 0.75, 1e-12);
    assert_int_equal(nm_table_cell(t, 1, 3)->v.i, 2);
    assert_int_equal(nm_table_cell(t, 2, 3)->v.i, 2);
    assert_string_equal(nm_table_cell(t, 3 + NM_TYPE_COOPERATIVE_SECURITY, 1)->v.s, "cooperative-security");
    assert_int_equal(nm_table_cell(t, 3 + NM_TYPE_COOPERATIVE_SECURITY, 3)->v.i, 1);
    assert_int_equal(nm_table_cell(t, 3 + NM_TYPE_OTHER, 3)->v.i, 2);
    assert_int_equal(nm_table_cell(t, 3 + NM_TYPE_CONCERT, 3)->v.i, 1);
    assert_int_equal(nm_table_cell(t, 3 + NM_TYPE_COLLECTIVE_DEFENCE, 3)->v.i, 0);
    t = nm_report_find(&r, "rivals");
    assert_non_null(t);
    assert_string_equal(nm_table_cell(t, 0, nm_table_col(t, "institutions"))->v.s, "arf;cscap");
    assert_int_equal(nm_table_cell(t, 2, nm_table_col(t, "engaged"))->v.b, 0);
    t = nm_report_find(&r, "outsiders");
    assert_non_null(t);
    assert_int_equal(t->nrows, 1);
    assert_string_equal(nm_table_cell(t, 0, nm_table_col(t, "track2"))->v.s, "cscap;dial");
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);

    /* no year: every rivalry active; E1-E2 share ecs and pact (both track 1) */
    snapshot(&g, &ds, 0, NULL);
    compute(&g, &inc);
    assert_int_equal(inc.nrivals, 5);
    expect_pair(&g, &inc.rivals[2], "E1", "E2", 2, 2, 0);
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_inclusiveness(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_inclusion inc;
    int arf, ecs, dial;

    (void)state;
    snapshot(&g, &ds, 1999, NULL);
    compute(&g, &inc);
    arf = tu_inst(&g, "arf");
    ecs = tu_inst(&g, "ecs");
    dial = tu_inst(&g, "dial");
    /* arf (Asia): 5 members / 5 Asian states (A1 A2 A3 A4 NK) = 1; of its
     * members A1 A2 A3 are Asian: 3 / 5 */
    assert_int_equal(inc.region_states[arf], 5);
    assert_close(nm_inclusion_ratio(&g, &inc, arf), 1.0, 1e-12);
    assert_int_equal(inc.in_region[arf], 3);
    /* ecs (Europe): 3 members (E1 E2 AM) / 2 European states = 1.5 */
    assert_close(nm_inclusion_ratio(&g, &inc, ecs), 1.5, 1e-12);
    assert_int_equal(inc.in_region[ecs], 2);
    /* dial (Asia): 2 / 5 */
    assert_close(nm_inclusion_ratio(&g, &inc, dial), 0.4, 1e-12);
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);

    /* only Europe selected: arf keeps E1 but no Asian state is selected, so
     * its inclusiveness is undefined; E2-AM and A*-rivalries drop out (AM
     * and the Asian states are not selected), E1-E2 is not active: 0 pairs */
    snapshot(&g, &ds, 1999, "Europe");
    compute(&g, &inc);
    arf = tu_inst(&g, "arf");
    assert_true(arf >= 0);
    assert_int_equal(inc.region_states[arf], 0);
    assert_true(isnan(nm_inclusion_ratio(&g, &inc, arf)));
    assert_int_equal(inc.nrivals, 0);
    assert_int_equal(inc.ncoverage, 2);
    nm_inclusion_destroy(&inc);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* The section's tables and their JSON column contract. */
static void test_section(void **state)
{
    static const char *const names[] = { "coverage", "isolates", "outsiders", "rivals",
                                         "rivals_summary", "inclusiveness" };
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_diag d;
    nm_table *t;
    size_t k;

    (void)state;
    snapshot(&g, &ds, 1999, NULL);
    nm_report_init(&r);
    nm_diag_init(&d);
    assert_int_equal(nm_section_inclusion(&g, NULL, &r, &d), NM_OK);
    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        assert_non_null(nm_report_find(&r, names[k]));
    t = nm_report_find(&r, "coverage");
    assert_int_equal(t->nrows, 4 * 3);
    assert_string_equal(nm_table_cell(t, 9, 0)->v.s, "(all)");
    /* Asia, track 1: 3 of 5 */
    assert_close(nm_table_cell(t, 1, nm_table_col(t, "share"))->v.x, 0.6, 1e-12);
    t = nm_report_find(&r, "inclusiveness");
    assert_int_equal(nm_table_col(t, "inclusiveness"), 5);
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_isolates_outsiders),
        cmocka_unit_test(test_rivals),
        cmocka_unit_test(test_inclusiveness),
        cmocka_unit_test(test_section),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
