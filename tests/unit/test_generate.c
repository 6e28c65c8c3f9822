/* test_generate.c - the synthetic data-set generator: sizes by hand, files
 * that load, exact totals, no duplicates, determinism, refusals. */
#include "testutil.h"
#include "nm_generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void opts(nm_gen_opts *o, long s, long i, double mean, uint64_t seed)
{
    nm_gen_opts_init(o);
    o->states = s;
    o->insts = i;
    o->mean = mean;
    o->seed = seed;
}

/* S = 10, I = 4, D = 1: M = 10; Zipf weights 1, 1/2, 1/3, 1/4 sum to 25/12,
 * so c = 4.8 and the real sizes are 4.8, 2.4, 1.6, 1.2 (none clamped). The
 * floors 4, 2, 1, 1 leave 2, given to the largest remainders .8 and .6. */
static void test_sizes_by_hand(void **state)
{
    nm_gen_opts o;
    long sz[4];
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    opts(&o, 10, 4, 1, 0);
    assert_int_equal(nm_gen_total(&o, &d), 10);
    assert_int_equal(nm_gen_sizes(&o, sz, &d), NM_OK);
    assert_int_equal(sz[0], 5);
    assert_int_equal(sz[1], 2);
    assert_int_equal(sz[2], 2);
    assert_int_equal(sz[3], 1);
}

/* S = 5, I = 3, D = 2.4: M = 12. Unclamped c = 12 / (11/6) = 6.55 > 5, so
 * the first is capped at 5 and c/2 + c/3 = 7 gives c = 8.4: 5, 4.2, 2.8,
 * floors 5, 4, 2 and the one left goes to the .8 remainder: 5, 4, 3. */
static void test_sizes_capped(void **state)
{
    nm_gen_opts o;
    long sz[3];
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    opts(&o, 5, 3, 2.4, 0);
    assert_int_equal(nm_gen_sizes(&o, sz, &d), NM_OK);
    assert_int_equal(sz[0], 5);
    assert_int_equal(sz[1], 4);
    assert_int_equal(sz[2], 3);
    opts(&o, 3, 2, 2, 0);           /* M = 6 = S * I: all universal */
    assert_int_equal(nm_gen_sizes(&o, sz, &d), NM_OK);
    assert_int_equal(sz[0], 3);
    assert_int_equal(sz[1], 3);
}

static void test_refusals(void **state)
{
    nm_gen_opts o;
    nm_diag d;

    (void)state;
    nm_diag_init(&d);
    opts(&o, 10, 20, 1, 0);         /* 10 memberships cannot fill 20 institutions */
    assert_int_equal(nm_gen_total(&o, &d), -1);
    assert_int_equal(nm_generate(&o, "/nonexistent/never", NULL, &d), NM_EUSAGE);
    opts(&o, 3, 2, 2.5, 0);         /* 8 > 3 * 2 */
    assert_int_equal(nm_gen_total(&o, &d), -1);
    opts(&o, 0, 2, 2, 0);
    assert_int_equal(nm_gen_total(&o, &d), -1);
    opts(&o, 3, 2, 1, 0);
    o.state_exponent = 1;           /* out of range: rejection sampling could stall */
    assert_int_equal(nm_gen_total(&o, &d), -1);
    assert_true(d.errors >= 5);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void gen_into(const char *dir, const nm_gen_opts *o, nm_gen_stats *st)
{
    nm_diag d;

    nm_diag_init(&d);
    assert_int_equal(nm_generate(o, dir, st, &d), NM_OK);
}

static void rm_dataset(const char *dir)
{
    char p[512];

    snprintf(p, sizeof(p), "%s/memberships.csv", dir); unlink(p);
    snprintf(p, sizeof(p), "%s/states.csv", dir); unlink(p);
    snprintf(p, sizeof(p), "%s/institutions.csv", dir); unlink(p);
    rmdir(dir);
}

/* The files load; S, I and M are exact; each institution has the size
 * nm_gen_sizes gave (so no pair was written twice: the loader would have
 * rejected a duplicate, and the graph counts distinct pairs). */
static void test_files_load(void **state)
{
    char dir[256];
    nm_gen_opts o;
    nm_gen_stats st;
    nm_dataset ds;
    nm_graph g;
    long sz[300], k, sum = 0;
    nm_diag d;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/nm-gen-test.%ld", P_tmpdir, (long)getpid());
    opts(&o, 200, 300, 25, 7);
    gen_into(dir, &o, &st);
    nm_diag_init(&d);
    assert_int_equal(nm_gen_sizes(&o, sz, &d), NM_OK);
    tu_graph(&g, &ds, dir, NULL);
    assert_int_equal(ds.nstates, 200);
    assert_int_equal(ds.ninsts, 300);
    assert_int_equal(ds.nmembers, 5000);
    assert_int_equal(g.nedges, 5000);
    assert_int_equal(st.memberships, 5000);
    for (k = 0; k < 300; k++) {
        int i = tu_inst(&g, ds.insts[k].id);

        assert_true(i >= 0);
        assert_int_equal(nm_graph_isize(&g, i), sz[k]);
        assert_true(sz[k] >= 1 && sz[k] <= 200);
        sum += sz[k];
        if (k > 0)
            assert_true(sz[k] <= sz[k - 1]);    /* Zipf order */
    }
    assert_int_equal(sum, 5000);
    /* heavy tail: some universal, the median far smaller */
    assert_true(st.universal >= 1);
    assert_true(sz[150] * 10 < sz[0]);
    assert_true(st.max_degree > 4 * 25);        /* skewed state degrees */
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    rm_dataset(dir);
}

/* Same seed, same bytes, also into an existing directory; another seed differs. */
static void test_deterministic(void **state)
{
    char a[256], b[256], pa[300], pb[300];
    char *x, *y;
    nm_gen_opts o;

    (void)state;
    snprintf(a, sizeof(a), "%s/nm-gen-a.%ld", P_tmpdir, (long)getpid());
    snprintf(b, sizeof(b), "%s/nm-gen-b.%ld", P_tmpdir, (long)getpid());
    opts(&o, 300, 50, 6, 42);
    gen_into(a, &o, NULL);
    assert_int_equal(mkdir(b, 0755), 0);
    gen_into(b, &o, NULL);
    snprintf(pa, sizeof(pa), "%s/memberships.csv", a);
    snprintf(pb, sizeof(pb), "%s/memberships.csv", b);
    x = slurp(pa); y = slurp(pb);
    assert_string_equal(x, y);
    free(y);
    rm_dataset(b);
    o.seed = 43;
    gen_into(b, &o, NULL);
    y = slurp(pb);
    assert_true(strcmp(x, y) != 0);
    free(x); free(y);
    rm_dataset(a);
    rm_dataset(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_by_hand),
        cmocka_unit_test(test_sizes_capped),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_files_load),
        cmocka_unit_test(test_deterministic),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
