/* test_cow.c - the Correlates of War IGO v3 loader on tests/data/cow/ (a cut of
 * the real file; the expected counts are in tests/data/cow/README.md, made
 * with Python's csv module and awk, not with nestmap). */
#include "testutil.h"

#include <string.h>

static void load(nm_dataset *ds, const char *path, const char *igos)
{
    nm_load_opts o = { NM_FORMAT_AUTO, igos, NULL, "graphs", NULL, NULL, 0 };
    nm_diag d;
    int i;

    nm_diag_init(&d);
    if (nm_dataset_load(ds, path, &o, &d) != NM_OK)
        for (i = 0; i < d.kept; i++)
            fprintf(stderr, "%s\n", d.text[i]);
    assert_int_equal(ds->format, NM_FORMAT_COW);
}

static const nm_membership *find(const nm_dataset *ds, const char *s, const char *i, int year)
{
    size_t k;

    for (k = 0; k < ds->nmembers; k++) {
        const nm_membership *m = &ds->members[k];
        if (strcmp(ds->states[m->state].id, s) == 0 && strcmp(ds->insts[m->inst].id, i) == 0
            && nm_membership_holds(m, year))
            return m;
    }
    return NULL;
}

static void test_tiny(void **state)
{
    nm_dataset ds;
    const nm_membership *m;

    (void)state;
    load(&ds, "tests/data/cow/tiny.csv", NULL);
    assert_int_equal(ds.nmembers, 3);
    m = find(&ds, "USA", "nato", 1991);
    assert_non_null(m);
    assert_int_equal(m->joined, 1991);
    assert_int_equal(m->left, 1993);
    m = find(&ds, "GBR", "nato", 1991);
    assert_non_null(m);
    assert_int_equal(m->left, 1992);        /* the 1992 cell is -9: not a membership ... */
    assert_int_equal(ds.cow_missing, 1);    /* ... and counted as missing, not as 0 */
    assert_int_equal(ds.cow_na, 3);
    m = find(&ds, "RUS", "wpact", 1991);    /* 365 is RUS at the end of 1991 */
    assert_non_null(m);
    assert_int_equal(m->left, 1992);
    assert_null(find(&ds, "SUN", "wpact", 1991));
    nm_dataset_destroy(&ds);
}

/* Counts of cells coded 1, 2, 3 per IGO and year, from the README. */
static const struct { const char *igo; int year, full, assoc, obs; } counts[] = {
    { "nato", 1989, 16, 0, 0 }, { "nato", 1999, 19, 0, 0 }, { "wpact", 1989, 7, 0, 0 },
    { "wpact", 1999, 0, 0, 0 }, { "osce", 1999, 53, 0, 0 }, { "coe", 1989, 21, 0, 1 },
    { "coe", 1999, 41, 0, 5 }, { "cis", 1999, 11, 1, 0 }, { "eapc", 1999, 35, 0, 0 },
    { "asean", 1989, 6, 0, 1 }, { "asean", 1999, 10, 0, 1 }, { "apec", 1999, 20, 0, 0 },
    { "oau", 1999, 51, 0, 0 }, { "loas", 1989, 20, 0, 0 }, { "aocrs", 1989, 17, 0, 0 },
};

static void check_counts(const char *path)
{
    nm_dataset ds;
    size_t c, k;

    load(&ds, path, NULL);
    assert_int_equal(ds.ninsts, 21);
    assert_int_equal(ds.cow_missing, 1);
    assert_int_equal(ds.cow_na, 805 + 380);
    for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        int n[NM_NROLES] = { 0 };
        int inst = nm_dataset_inst(&ds, counts[c].igo);
        assert_true(inst >= 0);
        for (k = 0; k < ds.nmembers; k++)
            if (ds.members[k].inst == inst && nm_membership_holds(&ds.members[k], counts[c].year))
                n[ds.members[k].role]++;
        if (n[0] != counts[c].full || n[1] != counts[c].assoc || n[2] != counts[c].obs)
            fprintf(stderr, "%s %s %d: %d %d %d\n", path, counts[c].igo, counts[c].year, n[0], n[1], n[2]);
        assert_int_equal(n[NM_ROLE_FULL], counts[c].full);
        assert_int_equal(n[NM_ROLE_ASSOCIATE], counts[c].assoc);
        assert_int_equal(n[NM_ROLE_OBSERVER], counts[c].obs);
    }
    nm_dataset_destroy(&ds);
}

static void test_excerpt_csv(void **state)
{
    (void)state;
    check_counts("tests/data/cow/state_year_excerpt.csv");
}

static void test_excerpt_tsv(void **state)
{
    (void)state;
    check_counts("tests/data/cow/state_year_excerpt.tsv");
}

static void test_igo_choice(void **state)
{
    nm_dataset ds;
    nm_diag d;
    nm_load_opts o = { NM_FORMAT_COW, "nato,wpact", NULL, "graphs", NULL, NULL, 0 };

    (void)state;
    load(&ds, "tests/data/cow/state_year_excerpt.csv", "nato,wpact");
    assert_int_equal(ds.ninsts, 2);
    assert_int_equal(ds.cow_na, 190);       /* wpact in 1999 */
    assert_int_equal(ds.cow_missing, 0);
    nm_dataset_destroy(&ds);
    o.igos = "nato,arf";
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&ds, "tests/data/cow/state_year_excerpt.csv", &o, &d), NM_EDATA);
    assert_non_null(strstr(d.text[0], "unknown IGO 'arf'"));
}

static void test_crosswalk(void **state)
{
    nm_dataset ds;

    (void)state;
    load(&ds, "tests/data/cow/state_year_excerpt.csv", "nato");
    /* COW abbreviations are not ISO: 305 (AUS in COW) is Austria, 900 (AUL) Australia */
    assert_int_equal(ds.states[nm_dataset_state(&ds, "AUT")].cow_code, 305);
    assert_int_equal(ds.states[nm_dataset_state(&ds, "AUS")].cow_code, 900);
    assert_int_equal(ds.states[nm_dataset_state(&ds, "GBR")].cow_code, 200);
    assert_true(nm_dataset_state(&ds, "SUN") >= 0);     /* 365 in 1989 */
    assert_true(nm_dataset_state(&ds, "RUS") >= 0);     /* 365 in 1999 */
    assert_true(nm_dataset_state(&ds, "DDR") >= 0);     /* 265 in 1989 */
    nm_dataset_destroy(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny),
        cmocka_unit_test(test_excerpt_csv),
        cmocka_unit_test(test_excerpt_tsv),
        cmocka_unit_test(test_igo_choice),
        cmocka_unit_test(test_crosswalk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
