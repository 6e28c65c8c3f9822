/* test_resources.c - budgets per member and per activity, totals by region, on tests/data/inclusion. */
#include "testutil.h"
#include "nm_resources.h"

#include <math.h>
#include <string.h>

/* 1999 snapshot, full members (see tests/data/inclusion/README.md):
 *   arf   budget 10 (1999), members A1 A2 A3 AM E1 = 5, activities
 *         confidence-building + preventive-diplomacy = 2
 *   cscap no budget
 *   ecs   budget 30 (2000), members E1 E2 AM = 3, activities monitoring,
 *         peacekeeping, peacebuilding = 3
 *   dial  budget 2 (1999), members A3 NK = 2, no activity
 *   pact  no budget */
static void load(nm_graph *g, nm_dataset *ds)
{
    nm_filter f;

    nm_filter_init(&f);
    f.year = 1999;
    tu_graph(g, ds, "tests/data/inclusion", &f);
}

static void test_rows(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_resources r;
    nm_diag d;
    const nm_resource *x;

    (void)state;
    load(&g, &ds);
    nm_diag_init(&d);
    assert_int_equal(nm_resources_compute(&g, &r, &d), NM_OK);
    assert_int_equal(r.nrows, 3);       /* arf, ecs, dial: cscap and pact have no budget */
    x = &r.rows[0];
    assert_string_equal(nm_graph_inst(&g, x->inst)->id, "arf");
    assert_int_equal(x->members, 5);
    assert_close(x->per_member, 10.0 / 5, 1e-12);
    assert_int_equal(x->activities, 2);
    assert_close(x->per_activity, 10.0 / 2, 1e-12);
    assert_int_equal(x->year, 1999);
    x = &r.rows[1];
    assert_string_equal(nm_graph_inst(&g, x->inst)->id, "ecs");
    assert_close(x->per_member, 30.0 / 3, 1e-12);
    assert_close(x->per_activity, 30.0 / 3, 1e-12);
    assert_int_equal(x->year, 2000);
    x = &r.rows[2];
    assert_string_equal(nm_graph_inst(&g, x->inst)->id, "dial");
    assert_close(x->per_member, 1.0, 1e-12);
    assert_int_equal(x->activities, 0);
    assert_true(isnan(x->per_activity));
    /* regions by first institution: Asia (arf, cscap, dial), Europe (ecs, pact)
     * Asia: budgets arf + dial = 12, cscap without; seats 5 + 2 = 7; distinct
     * states A1 A2 A3 AM E1 + NK = 6. Europe: ecs 30, pact without; seats 3,
     * states 3 */
    assert_int_equal(r.nregions, 2);
    assert_string_equal(r.regions[0].region, "Asia");
    assert_int_equal(r.regions[0].insts, 2);
    assert_int_equal(r.regions[0].without, 1);
    assert_close(r.regions[0].budget, 12, 1e-12);
    assert_int_equal(r.regions[0].seats, 7);
    assert_int_equal(r.regions[0].states, 6);
    assert_string_equal(r.regions[1].region, "Europe");
    assert_int_equal(r.regions[1].insts, 1);
    assert_int_equal(r.regions[1].without, 1);
    assert_close(r.regions[1].budget, 30, 1e-12);
    assert_int_equal(r.regions[1].seats, 3);
    assert_int_equal(r.regions[1].states, 3);
    nm_resources_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_section(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_report rep;
    nm_diag d;
    nm_table *t;

    (void)state;
    load(&g, &ds);
    nm_report_init(&rep);
    nm_diag_init(&d);
    assert_int_equal(nm_section_resources(&g, NULL, &rep, &d), NM_OK);
    t = nm_report_find(&rep, "resources");
    assert_non_null(t);
    assert_int_equal(t->nrows, 3);
    /* activity names in the enumeration's order, whatever the file's order */
    assert_string_equal(nm_table_cell(t, 0, nm_table_col(t, "activity_names"))->v.s,
                        "preventive-diplomacy;confidence-building");
    assert_string_equal(nm_table_cell(t, 1, nm_table_col(t, "activity_names"))->v.s,
                        "monitoring;peacekeeping;peacebuilding");
    assert_int_equal(nm_table_cell(t, 2, nm_table_col(t, "per_activity"))->kind, NM_CELL_NULL);
    t = nm_report_find(&rep, "resources_by_region");
    assert_non_null(t);
    assert_int_equal(t->nrows, 2);
    assert_close(nm_table_cell(t, 0, nm_table_col(t, "total_budget_musd"))->v.x, 12, 1e-12);
    nm_report_destroy(&rep);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_activity_count(void **state)
{
    (void)state;
    assert_int_equal(nm_activity_count(0), 0);
    assert_int_equal(nm_activity_count((1u << NM_NACTIVITIES) - 1), NM_NACTIVITIES);
    assert_int_equal(nm_activity_count((1u << NM_ACT_MONITORING) | (1u << NM_ACT_PEACEBUILDING)), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_activity_count),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
