/* test_regress.c - regression tests for what fuzzing and the hardening review
 * found in the loaders (docs/hardening.md): each test names its finding. Run
 * them under ASan and valgrind too: several findings were leaks. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nm_csv.h"
#include "nm_dataset.h"

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "%s", "/tmp/nm-regress-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes len bytes (strlen when len is (size_t)-1) to tmpdir/name; returns the path. */
static const char *put(const char *name, const char *text, size_t len)
{
    static char path[2][160];
    static int k;
    FILE *f;

    k ^= 1;
    snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
    f = fopen(path[k], "wb");
    assert_non_null(f);
    if (len == (size_t)-1)
        len = strlen(text);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path[k];
}

/* Loads COW state-year text igo with a crosswalk of one country, the USA
 * (COW code 2, no dates); returns the loader's status. */
static nm_status load_usa(nm_dataset *ds, const char *igo, nm_diag *d)
{
    nm_load_opts o = { NM_FORMAT_COW, NULL, NULL, NULL, NULL, NULL, 0 };

    o.crosswalk = put("xw.csv", "cow_code,start,end,id,name\n2,,,USA,United States\n", (size_t)-1);
    return nm_dataset_load_cow(ds, put("igo.csv", igo, (size_t)-1), &o, d);
}

static int has_msg(const nm_diag *d, const char *sub)
{
    int i;

    for (i = 0; i < d->kept; i++)
        if (strstr(d->text[i], sub))
            return 1;
    return 0;
}

/* Fuzz finding (fuzz_cow, leak): a crosswalk that fails to parse leaked the
 * table's file name (load_crosswalk returned without nm_csv_destroy). Shows
 * as a leak under ASan/valgrind; here we check the failure is reported. */
static void test_cow_bad_crosswalk_no_leak(void **state)
{
    static const char xw_nul[] = "cow_code,id\n2,US\0A\n";
    nm_load_opts o = { NM_FORMAT_COW, NULL, NULL, NULL, NULL, NULL, 0 };
    const char *cases[3];
    nm_dataset ds;
    nm_diag d;
    int i;

    (void)state;
    cases[0] = put("xw-nul.csv", xw_nul, sizeof(xw_nul) - 1);    /* NUL byte */
    cases[1] = put("xw-empty.csv", "", (size_t)-1);               /* empty file */
    cases[2] = put("xw-quote.csv", "cow_code,id\n2,\"USA\n", (size_t)-1); /* unterminated */
    for (i = 0; i < 3; i++) {
        o.crosswalk = cases[i];
        nm_diag_init(&d);
        assert_int_equal(nm_dataset_load_cow(&ds, put("igo.csv", "ccode,year,state,nato\n2,1990,usa,1\n",
                                                     (size_t)-1), &o, &d), NM_EDATA);
        assert_true(d.errors > 0);
        nm_dataset_destroy(&ds);
    }
}

/* Review finding: the crosswalk's status counted every error already in d,
 * so a caller's earlier errors failed a good crosswalk without a message. */
static void test_cow_crosswalk_counts_own_errors(void **state)
{
    nm_dataset ds;
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    nm_diag_error(&d, "earlier", 0, "an error from an earlier call");
    assert_int_equal(load_usa(&ds, "ccode,year,state,nato\n2,1990,usa,1\n", &d), NM_OK);
    assert_int_equal(d.errors, 1);
    assert_int_equal(ds.nmembers, 1);
    nm_dataset_destroy(&ds);
}

/* Review finding: a COW run through year 9999 got left = 10000 and the state
 * end = 10000, years no data-set file can hold (export wrote "10000", which
 * the loader rejects). Through 9999 now means no end. Hand count: USA is a
 * member in 9998 and 9999, so the run starts 9998 and holds in 9999. */
static void test_cow_year_9999(void **state)
{
    nm_dataset ds;
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    assert_int_equal(load_usa(&ds, "ccode,year,state,nato\n2,9998,usa,1\n2,9999,usa,1\n", &d),
                     NM_OK);
    assert_int_equal(ds.nmembers, 1);
    assert_int_equal(ds.members[0].joined, 9998);
    assert_int_equal(ds.members[0].left, NM_YEAR_NONE);
    assert_true(nm_membership_holds(&ds.members[0], NM_YEAR_MAX));
    assert_false(nm_membership_holds(&ds.members[0], 9997));
    assert_int_equal(ds.states[0].start, 9998);
    assert_int_equal(ds.states[0].end, NM_YEAR_NONE);
    nm_dataset_destroy(&ds);
}

/* Year 1 is a valid first year in both loaders (the lower edge). */
static void test_year_1(void **state)
{
    nm_dataset ds;
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load_csv(&ds, put("m.csv", "state,institution,role,joined,left\n"
                                                  "AAA,pact,full,1,9999\n", (size_t)-1), &d), NM_OK);
    assert_int_equal(ds.members[0].joined, 1);
    assert_int_equal(ds.members[0].left, 9999);
    nm_dataset_destroy(&ds);
    assert_int_equal(load_usa(&ds, "ccode,year,state,nato\n2,1,usa,1\n", &d), NM_OK);
    assert_int_equal(ds.members[0].joined, 1);
    assert_int_equal(ds.members[0].left, 2);
    nm_dataset_destroy(&ds);
}

/* Review finding: rows and fields were unbounded; 40 MB of "a\n" took 3.9 GB.
 * max_rows records are accepted, one more is an error. The test uses a small
 * bound (the default, NM_CSV_MAX_ROWS, takes the same path and must leave
 * room for the 5 M memberships of the benchmark's xlarge size). */
#define ROWS 1000
static void test_csv_row_limit(void **state)
{
    size_t n = 2 + 2 * ((size_t)ROWS + 1), i;
    char *buf = malloc(n);
    nm_csv_opts o = { 0, 0, ROWS, 0 };
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_true(NM_CSV_MAX_ROWS > 5000001);
    assert_non_null(buf);
    for (i = 0; i < n; i += 2) {
        buf[i] = 'a';
        buf[i + 1] = '\n';
    }
    nm_diag_init(&d);
    assert_int_equal(nm_csv_parse(&t, buf, n - 2, "rows", &o, &d), NM_OK);    /* header + MAX */
    assert_int_equal(t.nrows, ROWS);
    nm_csv_destroy(&t);
    assert_int_equal(nm_csv_parse(&t, buf, n, "rows", &o, &d), NM_EDATA);
    assert_true(has_msg(&d, "rows:1002: more than 1000 records in the file"));
    nm_csv_destroy(&t);
    free(buf);
}

/* The same for fields: a blank row of NM_CSV_MAX_CELLS + 1 empty fields used
 * to be assembled in full before being dropped. */
#define CELLS 5000
static void test_csv_cell_limit(void **state)
{
    size_t n = 4 + (size_t)CELLS;    /* "a\n" + MAX commas (MAX + 1 fields) + "\n" */
    char *buf = malloc(n);
    nm_csv_opts o = { 0, 0, 0, CELLS };
    nm_csv t;
    nm_diag d;

    (void)state;
    assert_non_null(buf);
    memcpy(buf, "a\n", 2);
    memset(buf + 2, ',', n - 3);
    buf[n - 1] = '\n';
    nm_diag_init(&d);
    assert_int_equal(nm_csv_parse(&t, buf, n, "cells", &o, &d), NM_EDATA);
    assert_int_equal(d.errors, 1);
    assert_true(has_msg(&d, "cells:2: more than 5000 fields in the file"));
    nm_csv_destroy(&t);
    free(buf);
}

/* The error list stays capped at NM_DIAG_MAX while the count goes on. Hand
 * count: 1000 rows with a bad role are 1000 errors. */
static void test_diag_cap(void **state)
{
    char *buf = malloc(64 * 1000 + 64), *p;
    nm_dataset ds;
    nm_diag d;
    int i;

    (void)state;
    assert_non_null(buf);
    p = buf + snprintf(buf, 64, "state,institution,role\n");
    for (i = 0; i < 1000; i++)
        p += snprintf(p, 64, "S%d,pact,bogus\n", i);
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load_csv(&ds, put("many.csv", buf, (size_t)-1), &d), NM_EDATA);
    assert_int_equal(d.errors, 1000);
    assert_int_equal(d.kept, NM_DIAG_MAX);
    free(buf);
}

/* Many rows for one pair: each overlap is reported once, in O(n log n).
 * Hand count: 5000 identical open-ended rows overlap their predecessor in
 * the sorted order: 4999 errors. */
static void test_many_duplicates(void **state)
{
    size_t n = 5000, i;
    char *buf = malloc(32 + n * 16), *p;
    nm_dataset ds;
    nm_diag d;

    (void)state;
    assert_non_null(buf);
    p = buf + snprintf(buf, 32, "state,institution,joined\n");
    for (i = 0; i < n; i++)
        p += snprintf(p, 16, "AAA,pact,1990\n");
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load_csv(&ds, put("dups.csv", buf, (size_t)-1), &d), NM_EDATA);
    assert_int_equal(d.errors, 4999);
    assert_true(has_msg(&d, "dups.csv:3: duplicate membership of 'AAA' in 'pact' (its years overlap line 2)"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cow_bad_crosswalk_no_leak),
        cmocka_unit_test(test_cow_crosswalk_counts_own_errors),
        cmocka_unit_test(test_cow_year_9999),
        cmocka_unit_test(test_year_1),
        cmocka_unit_test(test_csv_row_limit),
        cmocka_unit_test(test_csv_cell_limit),
        cmocka_unit_test(test_diag_cap),
        cmocka_unit_test(test_many_duplicates),
    };

    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
