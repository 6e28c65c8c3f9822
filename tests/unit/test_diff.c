/* test_diff.c - nm_diff on the hand-made data sets of tests/data/diff/ (a
 * memberships CSV against COW state-year data), with hand-counted spans. */
#include "testutil.h"
#include "nm_diff.h"

#include <string.h>

#define A_PATH "tests/data/diff/a.csv"
#define B_PATH "tests/data/diff/b.csv"
#define MAP_PATH "tests/data/diff/map.csv"

typedef struct {
    nm_dataset a, b;
    nm_idmap map;
    nm_diff r;
} fixture;

static void load(fixture *f)
{
    nm_diag d;

    memset(f, 0, sizeof(*f));
    nm_diag_init(&d);
    assert_int_equal(nm_dataset_load(&f->a, A_PATH, NULL, &d), NM_OK);
    assert_int_equal(nm_dataset_load(&f->b, B_PATH, NULL, &d), NM_OK);
    assert_int_equal(nm_idmap_load(&f->map, MAP_PATH, &d), NM_OK);
    assert_int_equal(d.errors, 0);
}

static void run(fixture *f, unsigned roles, int from, int to, int use_map)
{
    nm_diff_opts o = { roles, from, to, use_map ? &f->map : NULL };
    nm_diag d;

    nm_diag_init(&d);
    assert_int_equal(nm_diff_run(&f->r, &f->a, &f->b, &o, &d), NM_OK);
}

static void unload(fixture *f)
{
    nm_diff_destroy(&f->r);
    nm_idmap_destroy(&f->map);
    nm_dataset_destroy(&f->a);
    nm_dataset_destroy(&f->b);
}

/* Span i is state st, institution (A's id) inst, years from-to, cells ca/cb. */
static void expect_span(const fixture *f, const nm_diff_span *s, const char *st, const char *inst,
                        int from, int to, nm_diff_cell ca, nm_diff_cell cb)
{
    const char *id = s->state_a >= 0 ? f->a.states[s->state_a].id : f->b.states[s->state_b].id;

    assert_string_equal(id, st);
    assert_string_equal(f->a.insts[f->r.insts[s->pair].a].id, inst);
    assert_int_equal(s->from, from);
    assert_int_equal(s->to, to);
    assert_int_equal(s->a, ca);
    assert_int_equal(s->b, cb);
}

static void expect_counts(const nm_diff_inst *p, long agree, long only_a, long only_b, long role,
                          long missing, long nostate, long lone)
{
    assert_int_equal(p->agree, agree);
    assert_int_equal(p->only_a, only_a);
    assert_int_equal(p->only_b, only_b);
    assert_int_equal(p->role, role);
    assert_int_equal(p->missing, missing);
    assert_int_equal(p->nostate, nostate);
    assert_int_equal(p->lone, lone);
}

/* The COW loader keeps row years and the -9 / -1 cells as runs. */
static void test_cow_runs(void **state)
{
    fixture f;
    size_t i, rows = 0, miss = 0, na = 0;

    (void)state;
    load(&f);
    for (i = 0; i < f.b.ncow_runs; i++) {
        const nm_cow_run *r = &f.b.cow_runs[i];
        const char *st = f.b.states[r->state].id;
        if (r->inst == -1) {
            rows++;     /* every state 1990-1993, except DEU 1992-1993 */
            assert_int_equal(r->from, strcmp(st, "DEU") == 0 ? 1992 : 1990);
            assert_int_equal(r->to, 1993);
        } else if (r->code == -9) {
            miss++;     /* GBR pact 1992, CAN pact 1993 */
            assert_string_equal(f.b.insts[r->inst].id, "pact");
            assert_int_equal(r->from, strcmp(st, "GBR") == 0 ? 1992 : 1993);
            assert_int_equal(r->to, r->from);
        } else {
            na++;       /* loas 1990 for the five states with a 1990 row */
            assert_int_equal(r->code, -1);
            assert_string_equal(f.b.insts[r->inst].id, "loas");
            assert_int_equal(r->from, 1990);
            assert_int_equal(r->to, 1990);
        }
    }
    assert_int_equal(rows, 6);
    assert_int_equal(miss, 2);
    assert_int_equal(na, 5);
    assert_int_equal(f.b.cow_missing, 2);
    unload(&f);
}

/* Full roles, with the map, over 1990-1993 (the years both cover).
 * pact: USA agrees 4 years; GBR agrees 1990, 1991, 1993 and is -9 in 1992
 * (yes/missing); FRA left in 1992 in A but is 1 in 1992 in B (no/yes), both
 * out in 1993; DEU joined 1991 in A but has no B row before 1992 (yes/no-state
 * 1991), agrees 1992-1993; CAN is out in A and -9 in 1993 (no/missing); MEX
 * is only in B (lone, 1993). agree 4+3+2+2 = 11.
 * league/loas: loas is -1 in 1990, so CAN's 1990 reads yes/n/a; CAN agrees
 * 1991-1992; B codes CAN 0 in 1993 (yes/no); GBR is associate (A 1990-1992)
 * or associate/observer (B 1991-1992), not counted; both full in 1993.
 * agree 2+1 = 3, only_a 2. */
static void test_full(void **state)
{
    fixture f;

    (void)state;
    load(&f);
    run(&f, 0, NM_YEAR_NONE, NM_YEAR_NONE, 1);
    assert_int_equal(f.r.from, 1990);
    assert_int_equal(f.r.to, 1993);
    assert_int_equal(f.r.npairs, 2);
    assert_int_equal(f.r.nspans, 6);
    expect_span(&f, &f.r.spans[0], "CAN", "pact", 1993, 1993, NM_DIFF_OUT, NM_DIFF_MISSING);
    expect_span(&f, &f.r.spans[1], "DEU", "pact", 1991, 1991, NM_DIFF_IN, NM_DIFF_NOSTATE);
    expect_span(&f, &f.r.spans[2], "FRA", "pact", 1992, 1992, NM_DIFF_OUT, NM_DIFF_IN);
    expect_span(&f, &f.r.spans[3], "GBR", "pact", 1992, 1992, NM_DIFF_IN, NM_DIFF_MISSING);
    expect_span(&f, &f.r.spans[4], "CAN", "league", 1990, 1990, NM_DIFF_IN, NM_DIFF_NA);
    expect_span(&f, &f.r.spans[5], "CAN", "league", 1993, 1993, NM_DIFF_IN, NM_DIFF_OUT);
    assert_int_equal(f.r.nlone, 1);
    expect_span(&f, &f.r.lone[0], "MEX", "pact", 1993, 1993, NM_DIFF_ABSENT, NM_DIFF_IN);
    expect_counts(&f.r.insts[0], 11, 0, 1, 0, 2, 1, 1);
    expect_counts(&f.r.insts[1], 3, 2, 0, 0, 0, 0, 0);
    assert_string_equal(f.b.insts[f.r.insts[1].b].id, "loas");
    assert_int_equal(f.r.insts[0].years, 4);
    /* unmatched: A's forum (mapped to nothing, with the note), B's other */
    assert_int_equal(f.r.ninsts, 4);
    assert_string_equal(f.a.insts[f.r.insts[2].a].id, "forum");
    assert_int_equal(f.r.insts[2].b, -1);
    assert_string_equal(f.r.insts[2].note, "B has no forum");
    assert_int_equal(f.r.insts[3].a, -1);
    assert_string_equal(f.b.insts[f.r.insts[3].b].id, "other");
    unload(&f);
}

/* All roles: GBR in league reads associate/n-a in 1990 (yes/n/a), agrees as
 * associate in 1991, differs in role in 1992 (A associate, B observer 3),
 * agrees as full in 1993. league: agree 2+2 = 4, only_a 2+1 = 3, role 1. */
static void test_roles(void **state)
{
    fixture f;
    const nm_diff_span *s;

    (void)state;
    load(&f);
    run(&f, (1u << NM_NROLES) - 1, NM_YEAR_NONE, NM_YEAR_NONE, 1);
    expect_counts(&f.r.insts[0], 11, 0, 1, 0, 2, 1, 1);
    expect_counts(&f.r.insts[1], 4, 3, 0, 1, 0, 0, 0);
    assert_int_equal(f.r.nspans, 8);
    expect_span(&f, &f.r.spans[6], "GBR", "league", 1990, 1990, NM_DIFF_IN, NM_DIFF_NA);
    s = &f.r.spans[7];
    expect_span(&f, s, "GBR", "league", 1992, 1992, NM_DIFF_IN, NM_DIFF_IN);
    assert_int_equal(s->role_a, NM_ROLE_ASSOCIATE);
    assert_int_equal(s->role_b, NM_ROLE_OBSERVER);
    unload(&f);
}

/* 1992 only: pact FRA (no/yes) and GBR (yes/missing); USA and DEU agree. */
static void test_range(void **state)
{
    fixture f;

    (void)state;
    load(&f);
    run(&f, 0, 1992, 1992, 1);
    assert_int_equal(f.r.nspans, 2);
    expect_span(&f, &f.r.spans[0], "FRA", "pact", 1992, 1992, NM_DIFF_OUT, NM_DIFF_IN);
    expect_span(&f, &f.r.spans[1], "GBR", "pact", 1992, 1992, NM_DIFF_IN, NM_DIFF_MISSING);
    expect_counts(&f.r.insts[0], 2, 0, 1, 0, 1, 0, 0);
    assert_int_equal(f.r.insts[0].years, 1);
    assert_int_equal(f.r.nlone, 0);
    unload(&f);
}

/* Without the map only pact pairs; league, forum (A) and loas, other (B) do not. */
static void test_identity(void **state)
{
    fixture f;

    (void)state;
    load(&f);
    run(&f, 0, NM_YEAR_NONE, NM_YEAR_NONE, 0);
    assert_int_equal(f.r.npairs, 1);
    assert_int_equal(f.r.ninsts, 5);
    assert_string_equal(f.a.insts[f.r.insts[1].a].id, "league");
    assert_string_equal(f.a.insts[f.r.insts[2].a].id, "forum");
    assert_string_equal(f.b.insts[f.r.insts[3].b].id, "loas");
    assert_string_equal(f.b.insts[f.r.insts[4].b].id, "other");
    assert_int_equal(f.r.nspans, 4);
    unload(&f);
}

/* The same data set against itself agrees everywhere. */
static void test_self(void **state)
{
    fixture f;
    nm_diag d;

    (void)state;
    load(&f);
    nm_diag_init(&d);
    assert_int_equal(nm_diff_run(&f.r, &f.a, &f.a, NULL, &d), NM_OK);
    assert_int_equal(f.r.nspans + f.r.nlone, 0);
    assert_int_equal(f.r.npairs, 3);
    expect_counts(&f.r.insts[0], 4 + 4 + 2 + 3, 0, 0, 0, 0, 0, 0);
    unload(&f);
}

static void test_errors(void **state)
{
    fixture f;
    nm_diff_opts o = { 0, 1995, 1991, NULL };
    nm_idmap m;
    nm_diag d;

    (void)state;
    load(&f);
    nm_diag_init(&d);
    assert_int_equal(nm_diff_run(&f.r, &f.a, &f.b, &o, &d), NM_EUSAGE);
    assert_non_null(strstr(d.text[0], "range 1995-1991 is empty"));
    nm_diag_init(&d);
    assert_int_equal(nm_idmap_load(&m, "tests/data/diff/bad-map.csv", &d), NM_EDATA);
    assert_non_null(strstr(d.text[0], "bad-map.csv:4: 'league' mapped twice (also line 2)"));
    assert_int_equal(m.n, 0);
    nm_diag_init(&d);
    assert_int_equal(nm_idmap_load(&m, A_PATH, &d), NM_EDATA);
    assert_non_null(strstr(d.text[0], "needs the columns a and b"));
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cow_runs),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_self),
        cmocka_unit_test(test_errors),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
