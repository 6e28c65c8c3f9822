/* test_totals.c - the bundled data set against membership totals from official
 * lists (tests/data/known-totals.csv: institution, year, roles, expected,
 * source), counted through nestmap's own loader and filters. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_known_totals(void **state)
{
    nm_dataset ds;
    nm_csv t;
    size_t r;
    int bad = 0;

    (void)state;
    tu_load(&ds, "graphs/regional-security");
    tu_fixture(&t, "tests/data/known-totals.csv");
    assert_true(t.nrows >= 20);
    for (r = 0; r < t.nrows; r++) {
        const nm_csv_row *row = &t.rows[r];
        const char *inst = nm_csv_get(row, nm_csv_col(&t, "institution"));
        int year = (int)strtol(nm_csv_get(row, nm_csv_col(&t, "year")), NULL, 10);
        int want = (int)strtol(nm_csv_get(row, nm_csv_col(&t, "expected")), NULL, 10);
        nm_filter f;
        nm_graph g;
        char badrole[32];
        int i, got = 0;

        nm_filter_init(&f);
        f.year = year;
        assert_int_equal(nm_filter_set_roles(&f, nm_csv_get(row, nm_csv_col(&t, "roles")), badrole,
                                             sizeof(badrole)), 0);
        assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
        i = tu_inst(&g, inst);
        if (i >= 0)
            got = nm_graph_isize(&g, i);
        if (got != want) {
            fprintf(stderr, "known-totals.csv:%ld: %s %d: %d members, official list says %d\n",
                    row->line, inst, year, got, want);
            bad++;
        }
        nm_graph_destroy(&g);
    }
    assert_int_equal(bad, 0);
    nm_csv_destroy(&t);
    nm_dataset_destroy(&ds);
}

/* Hand-checked facts the study leans on. */
static void test_study_facts(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    int prk, k, in_cscap = 0, in_arf = 0;

    (void)state;
    tu_load(&ds, "graphs/regional-security");
    nm_filter_init(&f);
    f.year = 1999;
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    /* North Korea: in CSCAP (Track 2) but not in the ARF (Track 1) at the end of 1999 */
    prk = tu_state(&g, "PRK");
    assert_true(prk >= 0);
    for (k = g.s_off[prk]; k < g.s_off[prk + 1]; k++) {
        const char *id = nm_graph_inst(&g, g.s_adj[k])->id;
        in_cscap |= strcmp(id, "cscap") == 0;
        in_arf |= strcmp(id, "arf") == 0;
    }
    assert_true(in_cscap);
    assert_false(in_arf);
    /* the Warsaw Pact and the USSR are gone by the end of 1999 */
    assert_int_equal(tu_inst(&g, "wpact"), -1);
    assert_int_equal(tu_state(&g, "SUN"), -1);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_totals),
        cmocka_unit_test(test_study_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
