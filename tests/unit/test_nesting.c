/* test_nesting.c - NODF against vegan, per-state nesting by hand, the curveball null model. */
#include "testutil.h"
#include "nm_nesting.h"
#include "nm_nullmodel.h"
#include "nm_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() (getenv("VALGRIND") != NULL)
#endif

static const char *const datasets[] = { "davis", "disconnected", "ties", "tiny", "onemember",
                                        "europe-like", "sipoo" };
#define NDS (sizeof(datasets) / sizeof(datasets[0]))

static void graph(nm_graph *g, nm_dataset *ds, const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "tests/data/%s", name);
    tu_graph(g, ds, path, NULL);
}

/* NODF, N_rows, N_columns equal vegan::nestednodf (tests/fixtures/<ds>/nodf.csv);
 * tiny (1 x 1) is undefined: vegan fails, the fixture holds nan, we give NaN. */
static void test_nodf_vegan(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NDS; i++) {
        char path[256];
        nm_dataset ds;
        nm_graph g;
        nm_csv t;
        nm_nodf x;
        nm_diag d;

        graph(&g, &ds, datasets[i]);
        snprintf(path, sizeof(path), "tests/fixtures/%s/nodf.csv", datasets[i]);
        tu_fixture(&t, path);
        nm_diag_init(&d);
        assert_int_equal(nm_nodf_compute(&g, &x, &d), NM_OK);
        if (strcmp(datasets[i], "tiny") == 0) {
            assert_true(isnan(x.nodf) && isnan(x.rows) && isnan(x.cols));
        } else {
            assert_false(isnan(x.nodf));
            assert_close(x.nodf, tu_num(&t, NULL, NULL, "nodf"), 1e-9);
            assert_close(x.rows, tu_num(&t, NULL, NULL, "nodf_rows"), 1e-9);
            assert_close(x.cols, tu_num(&t, NULL, NULL, "nodf_columns"), 1e-9);
        }
        nm_csv_destroy(&t);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

/* ---- a direct transcription of vegan's nestednodf loops, on a dense matrix ---- */

typedef struct { int nr, nc; unsigned char *m; } dense;

static void naive_part(const dense *x, int rows, double *sum)
{
    int n = rows ? x->nr : x->nc, o = rows ? x->nc : x->nr, i, j, k, *fill, *ord;

    fill = calloc((size_t)n + 1, sizeof(int));
    ord = malloc(((size_t)n + 1) * sizeof(int));
    for (i = 0; i < n; i++)
        for (k = 0; k < o; k++)
            fill[i] += rows ? x->m[i * x->nc + k] : x->m[k * x->nc + i];
    for (i = 0; i < n; i++)     /* order(fill, decreasing = TRUE): insertion sort, stable */
        ord[i] = i;
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && fill[ord[j - 1]] < fill[ord[j]]; j--) {
            int t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
        }
    *sum = 0;
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++) {
            int a = ord[i], b = ord[j], both = 0;
            if (fill[a] <= fill[b] || fill[a] == 0 || fill[b] == 0)
                continue;
            for (k = 0; k < o; k++)
                both += rows ? x->m[a * x->nc + k] && x->m[b * x->nc + k]
                             : x->m[k * x->nc + a] && x->m[k * x->nc + b];
            *sum += (double)both / fill[b];
        }
    free(fill);
    free(ord);
}

static void to_lists(const dense *x, int *off, int *adj)
{
    int r, c, k = 0;

    for (r = 0; r < x->nr; r++) {
        off[r] = k;
        for (c = 0; c < x->nc; c++)
            if (x->m[r * x->nc + c])
                adj[k++] = c;
    }
    off[x->nr] = k;
}

/* An nr x nc matrix with each cell set with probability dens/10, and its
 * row lists (the caller frees x->m, *off and *adj). */
static void random_dense(nm_rng *rng, dense *x, int nr, int nc, int dens, int **off, int **adj)
{
    int i;

    x->nr = nr;
    x->nc = nc;
    x->m = malloc((size_t)nr * nc);
    for (i = 0; i < nr * nc; i++)
        x->m[i] = nm_rng_below(rng, 10) < (uint64_t)dens;
    *off = malloc(((size_t)nr + 1) * sizeof(int));
    *adj = malloc(((size_t)nr * nc + 1) * sizeof(int));
    to_lists(x, *off, *adj);
}

/* Random matrices of many shapes and densities (including empty rows and
 * columns, one row, one column): the O(E) method equals the pair loops. */
static void test_nodf_naive(void **state)
{
    nm_rng rng;
    int trial;

    (void)state;
    nm_rng_seed(&rng, 42);
    for (trial = 0; trial < 300; trial++) {
        dense x;
        int *off, *adj, nr, nc, dens = 1 + (int)nm_rng_below(&rng, 9);
        double rs, cs, rp, cp;
        nm_nodf got;

        nr = 1 + (int)nm_rng_below(&rng, 25);
        nc = 1 + (int)nm_rng_below(&rng, 25);
        random_dense(&rng, &x, nr, nc, dens, &off, &adj);
        assert_int_equal(nm_nodf_lists(x.nr, x.nc, off, adj, &got), NM_OK);
        naive_part(&x, 1, &rs);
        naive_part(&x, 0, &cs);
        rp = x.nr * (x.nr - 1) / 2.0;
        cp = x.nc * (x.nc - 1) / 2.0;
        assert_close(got.rows, rp > 0 ? 100 * rs / rp : NAN, 1e-12);
        assert_close(got.cols, cp > 0 ? 100 * cs / cp : NAN, 1e-12);
        assert_close(got.nodf, rp + cp > 0 ? 100 * (rs + cs) / (rp + cp) : NAN, 1e-12);
        assert_int_equal(isnan(got.rows), rp == 0);
        assert_int_equal(isnan(got.cols), cp == 0);
        free(x.m); free(off); free(adj);
    }
}

/* Both halves of x by vegan's loops, against the evaluator with the column
 * half from the rows (AVX-512, where the CPU has it) and from the column
 * lists: the two give the same bits, and the loops' values. */
static void check_row_ranks(const dense *x, const int *off, const int *adj, int runbytes)
{
    double rs, cs, rp = x->nr * (x->nr - 1) / 2.0, cp = x->nc * (x->nc - 1) / 2.0;
    nm_nodf vec, lists;
    nm_nodf_work w, t;

    assert_int_equal(nm_nodf_work_init(&w, x->nr, x->nc, off, adj), NM_OK);
    assert_int_equal(nm_nodf_work_init_simd(&t, x->nr, x->nc, off, adj, 0), NM_OK);
    assert_int_equal(t.simd, 0);
    if (w.simd && runbytes >= 0)
        assert_int_equal(w.runbytes, runbytes);
    nm_nodf_work_eval(&w, off, adj, &vec);
    nm_nodf_work_eval(&t, off, adj, &lists);
    assert_memory_equal(&vec, &lists, sizeof(vec));
    naive_part(x, 1, &rs);
    naive_part(x, 0, &cs);
    assert_close(vec.rows, rp > 0 ? 100 * rs / rp : NAN, 1e-12);
    assert_close(vec.cols, cp > 0 ? 100 * cs / cp : NAN, 1e-12);
    nm_nodf_work_destroy(&w);
    nm_nodf_work_destroy(&t);
}

/* The column half from the rows ranks each row's columns by fill: rows of
 * up to 16, 32 and 64 columns (one, two and four vectors) and longer ones
 * (a radix sort on one byte of the run number, and on two where the
 * columns have more than 256 distinct fills: here column c has c + 1
 * members). Without AVX-512 (or under valgrind) both runs take the column
 * lists. */
static void test_nodf_row_ranks(void **state)
{
    nm_rng rng;
    dense x;
    int trial, r, c, *off, *adj;

    (void)state;
    nm_rng_seed(&rng, 23);
    for (trial = 0; trial < 40; trial++) {
        int nr = 2 + (int)nm_rng_below(&rng, 30), nc = 1 + (int)nm_rng_below(&rng, 150);
        random_dense(&rng, &x, nr, nc, 1 + (int)nm_rng_below(&rng, 9), &off, &adj);
        check_row_ranks(&x, off, adj, -1);
        free(x.m); free(off); free(adj);
    }
    x.nr = 300;
    x.nc = 280;
    x.m = calloc((size_t)x.nr * x.nc, 1);
    for (c = 0; c < x.nc; c++)          /* c + 1 distinct rows: a partial shuffle */
        for (r = 0; r <= c; r++) {
            int k = r + (int)nm_rng_below(&rng, (uint64_t)(x.nr - r)), t;
            while (x.m[k * x.nc + c])
                k = (k + 1) % x.nr;
            t = k;
            x.m[t * x.nc + c] = 1;
        }
    off = malloc(((size_t)x.nr + 1) * sizeof(int));
    adj = malloc(((size_t)x.nr * x.nc + 1) * sizeof(int));
    to_lists(&x, off, adj);
    print_message("column half %s\n", __builtin_cpu_supports("avx512f")
                  ? "from the rows (AVX-512) and the column lists" : "from the column lists only");
    check_row_ranks(&x, off, adj, 2);
    free(x.m); free(off); free(adj);
}

/* The null model's evaluator ranks the fills once: along a curveball chain
 * (margins kept) it still equals the pair loops on each matrix and, bit for
 * bit, nm_nodf_lists (which ranks afresh). A second chain with the same seed
 * storing its rows in the evaluator's rank order makes the same matrices,
 * and the ranked evaluation of it gives the same bits. */
static void test_nodf_work_chain(void **state)
{
    nm_rng rng;
    int trial;

    (void)state;
    nm_rng_seed(&rng, 17);
    for (trial = 0; trial < 40; trial++) {
        dense x;
        int *off, *adj, nr, nc, step, r, k, dens = 1 + (int)nm_rng_below(&rng, 8);
        nm_nodf_work w;
        nm_curveball cb, cb2;

        nr = 2 + (int)nm_rng_below(&rng, 20);
        nc = 1 + (int)nm_rng_below(&rng, 20);
        random_dense(&rng, &x, nr, nc, dens, &off, &adj);
        assert_int_equal(nm_nodf_work_init(&w, x.nr, x.nc, off, adj), NM_OK);
        assert_int_equal(nm_curveball_init(&cb, x.nr, x.nc, off, adj, (uint64_t)trial), NM_OK);
        assert_int_equal(nm_curveball_init_order(&cb2, x.nr, x.nc, off, adj, w.rorder,
                                                 (uint64_t)trial), NM_OK);
        for (step = 0; step < 6; step++) {
            nm_nodf got, fresh, ranked;
            double rs, cs, rp = x.nr * (x.nr - 1) / 2.0, cp = x.nc * (x.nc - 1) / 2.0;
            nm_curveball_trade(&cb, 3);
            nm_curveball_trade(&cb2, 3);
            for (r = 0; r < x.nr; r++) {
                assert_int_equal(cb2.loc[r][1], cb.off[r + 1] - cb.off[r]);
                assert_memory_equal(cb2.adj + cb2.loc[r][0], cb.adj + cb.off[r],
                                    (size_t)cb2.loc[r][1] * sizeof(int));
            }
            memset(x.m, 0, (size_t)x.nr * x.nc);
            for (r = 0; r < x.nr; r++)
                for (k = cb.off[r]; k < cb.off[r + 1]; k++)
                    x.m[r * x.nc + cb.adj[k]] = 1;
            nm_nodf_work_eval(&w, cb.off, cb.adj, &got);
            assert_int_equal(nm_nodf_lists(x.nr, x.nc, cb.off, cb.adj, &fresh), NM_OK);
            naive_part(&x, 1, &rs);
            naive_part(&x, 0, &cs);
            assert_close(got.rows, 100 * rs / rp, 1e-12);
            assert_close(got.cols, cp > 0 ? 100 * cs / cp : NAN, 1e-12);
            assert_close(got.nodf, 100 * (rs + cs) / (rp + cp), 1e-12);
            assert_memory_equal(&got, &fresh, sizeof(got));
            nm_nodf_work_eval_ranked(&w, cb2.off, cb2.adj, &ranked);
            assert_memory_equal(&got, &ranked, sizeof(got));
        }
        nm_curveball_destroy(&cb);
        nm_curveball_destroy(&cb2);
        nm_nodf_work_destroy(&w);
        free(x.m); free(off); free(adj);
    }
}

/* ---- per-state profiles, counted by hand ---- */

static const nm_state_nesting *prof(const nm_graph *g, const nm_state_nesting *p, const char *id)
{
    int v = tu_state(g, id);

    assert_true(v >= 0);
    return &p[v];
}

/* europe-like: osce (cooperative-security) ⊃ nato (collective-defence) ⊃ weu
 * (collective-defence); osce ⊃ eu (economic) ⊃ weu; osce ⊃ cis (other); all
 * track 1 (tests/data/europe-like, overlap-hand.md).
 * DEU (FRA, GBR): osce, nato, eu, weu -> 4 institutions, 2 collective
 *   defence, 1 cooperative security, 1 economic; longest chain weu ⊂ nato ⊂
 *   osce (or weu ⊂ eu ⊂ osce) -> depth 3.
 * AUT: osce, eu -> eu ⊂ osce, depth 2. NOR, USA: osce, nato -> depth 2.
 * RUS, UKR: osce, cis -> cis ⊂ osce, depth 2; 1 other. */
static void test_states_europe(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_diag d;
    nm_state_nesting p[8];
    const nm_state_nesting *x;

    (void)state;
    graph(&g, &ds, "europe-like");
    assert_int_equal(g.nstates, 8);
    nm_diag_init(&d);
    assert_int_equal(nm_state_nesting_compute(&g, NULL, p, &d), NM_OK);
    x = prof(&g, p, "DEU");
    assert_int_equal(x->institutions, 4);
    assert_int_equal(x->by_type[NM_TYPE_COLLECTIVE_DEFENCE], 2);
    assert_int_equal(x->by_type[NM_TYPE_COOPERATIVE_SECURITY], 1);
    assert_int_equal(x->by_type[NM_TYPE_ECONOMIC], 1);
    assert_int_equal(x->by_type[NM_TYPE_OTHER], 0);
    assert_int_equal(x->track[0], 4);
    assert_int_equal(x->track[1], 0);
    assert_int_equal(x->depth, 3);
    assert_int_equal(prof(&g, p, "FRA")->depth, 3);
    assert_int_equal(prof(&g, p, "GBR")->depth, 3);
    x = prof(&g, p, "AUT");
    assert_int_equal(x->institutions, 2);
    assert_int_equal(x->by_type[NM_TYPE_ECONOMIC], 1);
    assert_int_equal(x->by_type[NM_TYPE_COLLECTIVE_DEFENCE], 0);
    assert_int_equal(x->depth, 2);
    assert_int_equal(prof(&g, p, "NOR")->depth, 2);
    assert_int_equal(prof(&g, p, "USA")->by_type[NM_TYPE_COLLECTIVE_DEFENCE], 1);
    x = prof(&g, p, "RUS");
    assert_int_equal(x->by_type[NM_TYPE_OTHER], 1);
    assert_int_equal(x->by_type[NM_TYPE_COOPERATIVE_SECURITY], 1);
    assert_int_equal(x->depth, 2);
    assert_int_equal(prof(&g, p, "UKR")->depth, 2);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* ties: k5 = k6 = {T4, T5}, k7 = {T5} ⊂ k1 = {T1, T2, T3, T5}, k5, k6.
 * T5 (k1, k5, k6, k7): k7 ⊂ k5 = k6 -> 2 (identical sets count once; 3 if
 * they did not). T4 (k2, k3, k5, k6): no two of these are nested (k5 holds
 * T5, which k2 and k3 lack) -> 1. disconnected: S8 is in no institution -> 0.
 * tiny: ONE in solo -> 1. */
static void test_states_depth(void **state)
{
    const char *const cases[][3] = { { "ties", "T5", "2" }, { "ties", "T4", "1" },
                                     { "disconnected", "S8", "0" }, { "tiny", "ONE", "1" } };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        nm_dataset ds;
        nm_graph g;
        nm_diag d;
        nm_state_nesting *p;

        graph(&g, &ds, cases[i][0]);
        p = calloc((size_t)g.nstates, sizeof(*p));
        nm_diag_init(&d);
        assert_int_equal(nm_state_nesting_compute(&g, NULL, p, &d), NM_OK);
        assert_int_equal(prof(&g, p, cases[i][1])->depth, strtol(cases[i][2], NULL, 10));
        free(p);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

/* The depth by its definition, on dense member sets: up(i) = 1 + max up(j)
 * over every j whose member set strictly contains i's (all pairs compared),
 * depth(v) = max up over v's institutions. */
static void naive_depths(const nm_graph *g, int *depth)
{
    int ni = g->ninsts, ns = g->nstates, i, j, v, k, changed = 1;
    unsigned char *m = calloc((size_t)ni * ns + 1, 1);
    int *up = malloc(((size_t)ni + 1) * sizeof(int));

    for (i = 0; i < ni; i++) {
        up[i] = 1;
        for (k = g->i_off[i]; k < g->i_off[i + 1]; k++)
            m[(size_t)i * ns + g->i_adj[k]] = 1;
    }
    while (changed) {           /* relax to the fixed point: chains are finite */
        changed = 0;
        for (i = 0; i < ni; i++)
            for (j = 0; j < ni; j++) {
                int sub = nm_graph_isize(g, j) > nm_graph_isize(g, i);
                for (v = 0; sub && v < ns; v++)
                    sub = !m[(size_t)i * ns + v] || m[(size_t)j * ns + v];
                if (sub && up[j] + 1 > up[i]) {
                    up[i] = up[j] + 1;
                    changed = 1;
                }
            }
    }
    for (v = 0; v < ns; v++) {
        depth[v] = 0;
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            if (up[g->s_adj[k]] > depth[v])
                depth[v] = up[g->s_adj[k]];
    }
    free(m);
    free(up);
}

/* A random family with much nesting: each institution is a random subset
 * of an earlier one (or of all states), sometimes a copy of one. */
static void nested_dataset(const char *path, uint64_t seed, int ns, int ni)
{
    FILE *f = fopen(path, "w");
    unsigned char *m = calloc((size_t)ni * ns, 1);
    nm_rng rng;
    int i, v, any;

    assert_non_null(f);
    nm_rng_seed(&rng, seed);
    fprintf(f, "state,institution\n");
    for (i = 0; i < ni; i++) {
        int parent = i > 0 && nm_rng_below(&rng, 4) ? (int)nm_rng_below(&rng, (uint64_t)i) : -1;
        int copy = parent >= 0 && nm_rng_below(&rng, 6) == 0, keep = 2 + (int)nm_rng_below(&rng, 8);
        for (v = 0, any = 0; v < ns; v++) {
            int in = parent < 0 || m[(size_t)parent * ns + v];
            m[(size_t)i * ns + v] = in && (copy || nm_rng_below(&rng, 10) < (uint64_t)keep);
            any |= m[(size_t)i * ns + v];
        }
        if (!any)
            m[(size_t)i * ns + nm_rng_below(&rng, (uint64_t)ns)] = 1;
        for (v = 0; v < ns; v++)
            if (m[(size_t)i * ns + v])
                fprintf(f, "S%02d,I%02d\n", v, i);
    }
    fclose(f);
    free(m);
}

static void check_depths(const nm_graph *g)
{
    nm_state_nesting *direct = calloc((size_t)g->nstates + 1, sizeof(*direct));
    nm_state_nesting *hasse = calloc((size_t)g->nstates + 1, sizeof(*hasse));
    int *want = malloc(((size_t)g->nstates + 1) * sizeof(int)), v;
    nm_overlap ov;
    nm_diag d;

    nm_diag_init(&d);
    naive_depths(g, want);
    assert_int_equal(nm_overlap_compute(g, &ov, &d), NM_OK);
    assert_int_equal(nm_state_nesting_compute(g, NULL, direct, &d), NM_OK);
    assert_int_equal(nm_state_nesting_compute(g, &ov, hasse, &d), NM_OK);
    for (v = 0; v < g->nstates; v++) {
        assert_int_equal(direct[v].depth, want[v]);
        assert_int_equal(hasse[v].depth, want[v]);
        assert_int_equal(direct[v].institutions, nm_graph_sdeg(g, v));
    }
    nm_overlap_destroy(&ov);
    free(direct);
    free(hasse);
    free(want);
}

/* Depths without the overlap (ov = NULL: supersets searched from the member
 * lists) and from the overlap's Hasse edges both equal the definition, on
 * every test data set and on random families with long chains and identical
 * institutions. */
static void test_states_depth_random(void **state)
{
    char dir[] = "/tmp/nm-nesting-XXXXXX", path[300];
    size_t i;
    uint64_t seed;

    (void)state;
    for (i = 0; i < NDS; i++) {
        nm_dataset ds;
        nm_graph g;
        graph(&g, &ds, datasets[i]);
        check_depths(&g);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/memberships.csv", dir);
    for (seed = 1; seed <= 40; seed++) {
        nm_dataset ds;
        nm_graph g;
        nested_dataset(path, seed, 4 + (int)(seed % 20), 2 + (int)(seed * 7 % 40));
        tu_graph(&g, &ds, path, NULL);
        check_depths(&g);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
    unlink(path);
    rmdir(dir);
}

/* ---- the null model ---- */

/* Row and column sums of a list matrix (at most 64 columns), asserting
 * that each row's columns are distinct (rows keep no order). */
static void margins(int nr, int nc, const int *off, const int *adj, int *rs, int *cs)
{
    int r, k;

    assert_true(nc <= 64);
    memset(cs, 0, (size_t)nc * sizeof(int));
    for (r = 0; r < nr; r++) {
        uint64_t in_row = 0;
        rs[r] = off[r + 1] - off[r];
        for (k = off[r]; k < off[r + 1]; k++) {
            assert_true(adj[k] >= 0 && adj[k] < nc);
            assert_false((in_row >> adj[k]) & 1);  /* distinct */
            in_row |= (uint64_t)1 << adj[k];
            cs[adj[k]]++;
        }
    }
}

/* Every matrix along the chain keeps both margins, and the chain moves. */
static void test_curveball_margins(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_curveball cb;
    int rs0[64], cs0[64], rs[64], cs[64], step, changed = 0;

    (void)state;
    graph(&g, &ds, "sipoo");
    assert_true(g.nstates <= 64 && g.ninsts <= 64);
    margins(g.nstates, g.ninsts, g.s_off, g.s_adj, rs0, cs0);
    assert_int_equal(nm_curveball_init(&cb, g.nstates, g.ninsts, g.s_off, g.s_adj, 7), NM_OK);
    for (step = 0; step < 500; step++) {
        nm_curveball_trade(&cb, 1);
        margins(cb.nr, cb.nc, cb.off, cb.adj, rs, cs);
        assert_memory_equal(rs, rs0, (size_t)g.nstates * sizeof(int));
        assert_memory_equal(cs, cs0, (size_t)g.ninsts * sizeof(int));
    }
    changed = memcmp(cb.adj, g.s_adj, (size_t)g.nedges * sizeof(int)) != 0;
    assert_true(changed);
    assert_int_equal(cb.trades, 500);
    nm_curveball_destroy(&cb);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* A trade finds shared columns by a stamp per column that restarts, zeroing
 * the marks, before it wraps. A chain started three trades before the
 * restart makes the same matrices as one that never gets there. */
static void test_curveball_stamp_wrap(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_curveball a, b;
    int step;

    (void)state;
    graph(&g, &ds, "sipoo");
    assert_int_equal(nm_curveball_init(&a, g.nstates, g.ninsts, g.s_off, g.s_adj, 5), NM_OK);
    assert_int_equal(nm_curveball_init(&b, g.nstates, g.ninsts, g.s_off, g.s_adj, 5), NM_OK);
    b.sc.mark[b.nc] = UINT32_MAX - 9;
    for (step = 0; step < 200; step++) {
        nm_curveball_trade(&a, 1);
        nm_curveball_trade(&b, 1);
        assert_memory_equal(a.adj, b.adj, (size_t)g.nedges * sizeof(int));
    }
    assert_true(b.sc.mark[b.nc] < 1000);     /* it did restart */
    nm_curveball_destroy(&a);
    nm_curveball_destroy(&b);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* nm_rng_seed_n fills its generators in turn from one splitmix64 sequence:
 * for seed 0 its first eight outputs are the published SplitMix64 values
 * (Steele, Lea & Flood 2014), as scripts/fixtures/splitmix64.py prints them
 * with Python's integers. */
static void test_rng_streams(void **state)
{
    static const uint64_t sm0[8] = {
        0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL, 0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL,
        0x1b39896a51a8749bULL, 0x53cb9f0c747ea2eaULL, 0x2c829abe1f4532e1ULL, 0xc584133ac916ab3cULL};
    nm_rng r[2], one;
    int i;

    (void)state;
    nm_rng_seed_n(r, 2, 0);
    for (i = 0; i < 4; i++) {
        assert_true(r[0].s[i] == sm0[i]);
        assert_true(r[1].s[i] == sm0[4 + i]);
    }
    nm_rng_seed(&one, 0);
    assert_memory_equal(&one, &r[0], sizeof(one));
}

/* The chain is the same whatever the batches of trades it is asked for (the
 * rows of each trade are drawn ahead, from their own stream). */
static void test_curveball_batches(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_curveball one, many;
    int step;

    (void)state;
    graph(&g, &ds, "davis");
    assert_int_equal(nm_curveball_init(&one, g.nstates, g.ninsts, g.s_off, g.s_adj, 3), NM_OK);
    assert_int_equal(nm_curveball_init(&many, g.nstates, g.ninsts, g.s_off, g.s_adj, 3), NM_OK);
    for (step = 1; step <= 60; step++) {
        int k;
        for (k = 0; k < step; k++)
            nm_curveball_trade(&one, 1);
        nm_curveball_trade(&many, step);
        assert_memory_equal(one.adj, many.adj, (size_t)g.nedges * sizeof(int));
    }
    assert_int_equal(one.trades, many.trades);
    nm_curveball_destroy(&one);
    nm_curveball_destroy(&many);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* A random nr x nc matrix as ascending row lists, row lengths 0..maxlen
 * (splitmix64 from seed); *off and *adj are malloc'd. */
static void random_lists(uint64_t seed, int nr, int nc, int maxlen, int **off, int **adj)
{
    int r, c, k = 0;
    double p;

    *off = malloc(((size_t)nr + 1) * sizeof(int));
    *adj = malloc((size_t)nr * (size_t)(maxlen + 1) * sizeof(int));
    assert_non_null(*off);
    assert_non_null(*adj);
    (*off)[0] = 0;
    for (r = 0; r < nr; r++) {
        int len = (int)nm_splitmix_below(&seed, (uint64_t)maxlen + 1), n = 0;
        p = (double)len / nc;
        for (c = 0; c < nc && n < len; c++)
            if (nm_splitmix_unit(&seed) < p) {
                (*adj)[k++] = c;
                n++;
            }
        (*off)[r + 1] = k;
    }
}

/* The null model's two branches give the same values whatever runs them:
 * none (one after the other), part 1 first, part 1 in a thread, or in
 * turn; the executor is really called (rows >= NM_NULL_PAIR_ROWS). The
 * first ceil(nsim / 2) values are the first branch's: the same as a run
 * with fewer simulations gives, and not a copy of the second branch's.
 * Rows up to 150 long take both ways of drawing a trade's share. */
static void test_null_branches(void **state)
{
    static const nm_pair_exec execs[4] = { NULL, tu_exec_reversed, tu_exec_thread, tu_exec_in_turn };
    int nr = NM_NULL_PAIR_ROWS + 100, nc = 300, *off, *adj, e, calls = 0;
    nm_null base, r, shorter;
    nm_null_opts o;
    nm_diag d;

    (void)state;
    random_lists(17, nr, nc, 150, &off, &adj);
    nm_null_opts_init(&o);
    o.nsim = 7;
    o.burnin = 3000;
    o.thin = 2000;
    o.seed = 5;
    nm_diag_init(&d);
    assert_int_equal(nm_null_nodf_lists(nr, nc, off, adj, &o, &base, &d), NM_OK);
    for (e = 1; e < 4; e++) {
        o.exec = execs[e];
        o.exec_arg = &calls;
        assert_int_equal(nm_null_nodf_lists(nr, nc, off, adj, &o, &r, &d), NM_OK);
        assert_memory_equal(base.sim, r.sim, 7 * sizeof(double));
        assert_true(base.mean == r.mean && base.sd == r.sd);
        nm_null_destroy(&r);
    }
    assert_int_equal(calls, 3 * 4);     /* four rounds of recording each */
    o.exec = NULL;
    o.nsim = 5;                 /* branch 0 records 3 of them: its first 3 of 4 above */
    assert_int_equal(nm_null_nodf_lists(nr, nc, off, adj, &o, &shorter, &d), NM_OK);
    assert_memory_equal(base.sim, shorter.sim, 3 * sizeof(double));
    assert_true(base.sim[0] != base.sim[4] || base.sim[1] != base.sim[5]);
    nm_null_destroy(&shorter);
    nm_null_destroy(&base);
    free(off);
    free(adj);
}

/* Rows rebuilt with AVX-512 (where the CPU has it: cb.simd set at init)
 * equal those of the plain loop, trade for trade: two chains from the same
 * start and seed, one forced to the loop. Rows up to 150 long take both
 * ways of drawing a share; pools of up to 64 use the vectors. Without
 * AVX-512 (or under valgrind, which hides it) both chains take the loop. */
static void test_curveball_simd(void **state)
{
    int nr = 2000, nc = 300, *off, *adj, round;
    nm_curveball vec, loop;

    (void)state;
    random_lists(29, nr, nc, 150, &off, &adj);
    assert_int_equal(nm_curveball_init(&vec, nr, nc, off, adj, 7), NM_OK);
    assert_int_equal(nm_curveball_init(&loop, nr, nc, off, adj, 7), NM_OK);
    print_message("rows rebuilt with %s\n", vec.simd ? "AVX-512 and the loop" : "the loop only");
    loop.simd = 0;
    for (round = 0; round < 5; round++) {
        nm_curveball_trade(&vec, 3000);
        nm_curveball_trade(&loop, 3000);
        assert_memory_equal(vec.adj, loop.adj, (size_t)off[nr] * sizeof(int));
    }
    assert_true(memcmp(vec.adj, adj, (size_t)off[nr] * sizeof(int)) != 0);   /* it traded */
    nm_curveball_destroy(&vec);
    nm_curveball_destroy(&loop);
    free(off);
    free(adj);
}

/* One trade's share is a uniform subset of the pool: rows 0 and 1 of a
 * 2-row matrix trade every time, with all columns in the pool, so each
 * trade draws afresh. Over 20 000 trades each column must be in row 0 as
 * often as row 0's size says (Pearson's chi-square under its 0.1% point),
 * and neighbouring columns together as often as for a random subset
 * (within 5 standard errors): blocks or a fixed pattern fail. Pools of 40
 * (bit mask) and 200 (positions), row 0 the smaller or the larger share. */
static void test_curveball_share(void **state)
{
    static const int cols[4] = { 40, 40, 200, 200 }, first[4] = { 10, 30, 30, 170 };
    int t, c, k, ns = 20000;

    (void)state;
    for (t = 0; t < 4; t++) {
        int nc = cols[t], na = first[t], off[3] = { 0, na, nc }, adj[200], cnt[200] = { 0 };
        double q = (double)na / nc, chi = 0, df = nc - 1, z = 3.090, crit, adjacent = 0, mean, se;
        nm_curveball cb;

        for (c = 0; c < nc; c++)
            adj[c] = c;         /* row 0: 0..na-1, row 1: na..nc-1 */
        assert_int_equal(nm_curveball_init(&cb, 2, nc, off, adj, 23), NM_OK);
        for (k = 0; k < ns; k++) {
            char in0[201] = { 0 };
            nm_curveball_trade(&cb, 1);
            assert_int_equal(cb.off[1], na);
            for (c = 0; c < na; c++) {
                cnt[cb.adj[c]]++;
                in0[cb.adj[c]] = 1;
            }
            for (c = 1; c < nc; c++)
                adjacent += in0[c] && in0[c - 1];
        }
        for (c = 0; c < nc; c++)
            chi += (cnt[c] - ns * q) * (cnt[c] - ns * q) / (ns * q * (1 - q));
        crit = df * pow(1 - 2 / (9 * df) + z * sqrt(2 / (9 * df)), 3);
        /* adjacent pairs in a random na-subset of nc: (nc-1) na(na-1) / (nc(nc-1)) */
        mean = (double)na * (na - 1) / nc;
        se = sqrt(mean * 2.0 / ns);         /* generous: per-trade variance <= 2 mean */
        print_message("share %d of %d: chi-square %.1f (0.1%% point %.1f), adjacent %.3f (%.3f)\n",
                      na, nc, chi, crit, adjacent / ns, mean);
        assert_true(chi < crit);
        assert_true(fabs(adjacent / ns - mean) < 5 * se);
        nm_curveball_destroy(&cb);
    }
}

/* The curveball chain samples the matrices with given margins uniformly
 * (Carstens 2015). Every 3 x 4 0/1 matrix with row sums (2, 2, 1) and column
 * sums (2, 1, 1, 1) is enumerated here by brute force over the 4096 matrices:
 * 12, as counted by hand (column 0's two ones in rows {0,1}: the 3 remaining
 * columns go one to each row, 3! ways; in {0,2} or {1,2}: row 1 or 0 takes 2
 * of them, 3 ways each). 36 000 matrices sampled 10 trades apart are
 * counted: Pearson's chi-square against the uniform must stay below its 0.1%
 * point (Wilson-Hilferty). The seed is fixed, so the test is deterministic. */
static void test_curveball_uniform(void **state)
{
    static const int rsum[3] = {2, 2, 1}, csum[4] = {2, 1, 1, 1};
    int code[4096], seen[4096], off[4] = {0, 2, 4, 5}, adj[5] = {0, 1, 0, 2, 3};
    int m, r, c, k, n = 0, ns = 36000;
    double chi = 0, df, z = 3.090, crit;
    nm_curveball cb;

    (void)state;
    memset(code, -1, sizeof(code));
    for (m = 0; m < 4096; m++) {
        int ok = 1;
        for (r = 0; r < 3; r++)
            ok &= __builtin_popcount((unsigned)(m >> (4 * r)) & 15u) == rsum[r];
        for (c = 0; c < 4; c++)
            ok &= ((m >> c & 1) + (m >> (4 + c) & 1) + (m >> (8 + c) & 1)) == csum[c];
        if (ok)
            code[m] = n++;
    }
    assert_int_equal(n, 12);
    memset(seen, 0, sizeof(seen));
    assert_int_equal(nm_curveball_init(&cb, 3, 4, off, adj, 11), NM_OK);
    for (k = 0; k < ns; k++) {
        nm_curveball_trade(&cb, 10);
        m = 0;
        for (r = 0; r < 3; r++)
            for (c = cb.off[r]; c < cb.off[r + 1]; c++)
                m |= 1 << (4 * r + cb.adj[c]);
        assert_true(code[m] >= 0);
        seen[code[m]]++;
    }
    for (k = 0; k < n; k++)
        chi += (seen[k] - (double)ns / n) * (seen[k] - (double)ns / n) / ((double)ns / n);
    df = n - 1;
    crit = df * pow(1 - 2 / (9 * df) + z * sqrt(2 / (9 * df)), 3);
    print_message("curveball on 12 matrices: chi-square %.1f (0.1%% point %.1f)\n", chi, crit);
    assert_true(chi < crit);
    nm_curveball_destroy(&cb);
}

static void run(const nm_graph *g, uint64_t seed, long nsim, nm_null *res)
{
    nm_null_opts o;
    nm_diag d;

    nm_null_opts_init(&o);
    o.nsim = nsim;
    o.seed = seed;
    nm_diag_init(&d);
    assert_int_equal(nm_null_nodf(g, &o, res, &d), NM_OK);
}

/* mean, sd, z, p recomputed from the simulated values as vegan::oecosimu
 * does (two-pass mean and sd, EPS = sqrt(.Machine$double.eps), two-sided). */
static void check_oecosimu(const nm_null *r)
{
    double sum = 0, ss = 0, mean, sd, eps = sqrt(2.220446049250313e-16), p;
    long i, pless = 0, pmore = 0;

    for (i = 0; i < r->nsim; i++)
        sum += r->sim[i];
    mean = sum / r->nsim;
    for (i = 0; i < r->nsim; i++) {
        ss += (r->sim[i] - mean) * (r->sim[i] - mean);
        pless += r->obs.nodf + eps >= r->sim[i];
        pmore += r->obs.nodf - eps <= r->sim[i];
    }
    sd = sqrt(ss / (r->nsim - 1));
    p = (2.0 * (pless < pmore ? pless : pmore) + 1) / (r->nsim + 1);
    assert_close(r->mean, mean, 1e-9);
    assert_close(r->sd, sd, 1e-9);
    assert_close(r->z, (r->obs.nodf - mean) / sd, 1e-9);
    assert_close(r->p, p < 1 ? p : 1, 1e-12);
}

static void test_null_seeds(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_null a, b, c;
    nm_csv t;

    (void)state;
    graph(&g, &ds, "davis");
    run(&g, 12345, 199, &a);
    run(&g, 12345, 199, &b);
    run(&g, 12346, 199, &c);
    assert_int_equal(a.nsim, 199);
    assert_int_equal(a.thin, g.nstates);        /* documented defaults */
    assert_int_equal(a.burnin, 10L * g.nstates);
    assert_memory_equal(a.sim, b.sim, 199 * sizeof(double));
    assert_true(a.mean == b.mean && a.sd == b.sd && a.z == b.z && a.p == b.p);
    assert_true(memcmp(a.sim, c.sim, 199 * sizeof(double)) != 0);
    tu_fixture(&t, "tests/fixtures/davis/nodf.csv");
    assert_close(a.obs.nodf, tu_num(&t, NULL, NULL, "nodf"), 1e-9);
    assert_true(a.sd > 0);
    check_oecosimu(&a);
    check_oecosimu(&c);
    nm_csv_destroy(&t);
    nm_null_destroy(&a);
    nm_null_destroy(&b);
    nm_null_destroy(&c);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* The simulated NODF distribution agrees with vegan's curveball
 * (tests/fixtures/<ds>/null-curveball.csv: oecosimu with 4999 nearly
 * independent draws). Both are Monte Carlo estimates: with n draws the
 * standard error of a mean is sd / sqrt(n), about 0.03 sd here for the two
 * together, so the means must agree within 0.2 sd and the sds within 15%;
 * a chain that did not keep the margins or mixed badly would miss. */
static void test_null_vs_vegan(void **state)
{
    static const char *const names[] = { "davis", "sipoo", "ties", "europe-like" };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[256];
        nm_dataset ds;
        nm_graph g;
        nm_null res;
        nm_csv t;
        double sd;

        graph(&g, &ds, names[i]);
        snprintf(path, sizeof(path), "tests/fixtures/%s/null-curveball.csv", names[i]);
        tu_fixture(&t, path);
        run(&g, 99 + i, 4999, &res);
        sd = tu_num(&t, NULL, NULL, "sd");
        fprintf(stderr, "%s: mean %.4f (vegan %.4f), sd %.4f (vegan %.4f)\n", names[i], res.mean,
                tu_num(&t, NULL, NULL, "mean"), res.sd, sd);
        assert_close(res.obs.nodf, tu_num(&t, NULL, NULL, "nodf"), 1e-9);
        assert_true(fabs(res.mean - tu_num(&t, NULL, NULL, "mean")) < 0.2 * sd);
        assert_true(fabs(res.sd / sd - 1) < 0.15);
        nm_null_destroy(&res);
        nm_csv_destroy(&t);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

/* A perfectly nested staircase (row r holds columns 0 .. n-1-r): for any two
 * rows one list contains the other, so no trade changes anything; every
 * simulated NODF equals the observed one: sd 0, z NaN (vegan: 0) and p =
 * min(1, (2 * 99 + 1) / 100) = 1. */
static void test_null_nested(void **state)
{
    enum { N = 6 };
    int off[N + 1], adj[N * N], r, c, k = 0;
    nm_null_opts o;
    nm_null res;
    nm_diag d;

    (void)state;
    for (r = 0; r < N; r++) {
        off[r] = k;
        for (c = 0; c < N - r; c++)
            adj[k++] = c;
    }
    off[N] = k;
    nm_null_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_null_nodf_lists(N, N, off, adj, &o, &res, &d), NM_OK);
    assert_close(res.obs.nodf, 100.0, 1e-12);  /* perfect nesting */
    assert_true(res.sd == 0);
    assert_true(isnan(res.z));
    assert_close(res.mean, 100.0, 1e-12);
    assert_close(res.p, 1.0, 1e-12);
    nm_null_destroy(&res);
}

static void count_progress(void *arg, long done, long total)
{
    long *last = arg;

    assert_true(done > *last && done <= total);
    *last = done;
}

static void test_null_stop_progress(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_null_opts o;
    nm_null res;
    nm_diag d;
    volatile sig_atomic_t stop = 1;
    long last = 0;

    (void)state;
    graph(&g, &ds, "davis");
    nm_null_opts_init(&o);
    o.stop = &stop;
    nm_diag_init(&d);
    assert_int_equal(nm_null_nodf(&g, &o, &res, &d), NM_EINTR);
    assert_null(res.sim);
    stop = 0;
    o.progress = count_progress;
    o.progress_arg = &last;
    o.nsim = 250;
    assert_int_equal(nm_null_nodf(&g, &o, &res, &d), NM_OK);
    assert_int_equal(last, 250);
    nm_null_destroy(&res);
    o.nsim = 0;
    assert_int_equal(nm_null_nodf(&g, &o, &res, &d), NM_EUSAGE);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* 999 simulations of a random 200 x 300 matrix with 5 000 memberships: under
 * one second of CPU time (not checked under valgrind or sanitizers; CPU time
 * so that a loaded machine does not fail it). */
static void test_null_speed(void **state)
{
    enum { NR = 200, NC = 300, E = 5000 };
    unsigned char *m = calloc(NR * NC, 1);
    int *off = malloc((NR + 1) * sizeof(int)), *adj = malloc(E * sizeof(int)), r, c, k = 0;
    nm_null_opts o;
    nm_null res;
    nm_diag d;
    nm_rng rng;
    struct timespec t0, t1;
    double secs;

    (void)state;
    nm_rng_seed(&rng, 3);
    while (k < E) {
        size_t x = nm_rng_below(&rng, NR * NC);
        k += !m[x];
        m[x] = 1;
    }
    for (r = 0, k = 0; r < NR; r++) {
        off[r] = k;
        for (c = 0; c < NC; c++)
            if (m[r * NC + c])
                adj[k++] = c;
    }
    off[NR] = k;
    nm_null_opts_init(&o);
    o.nsim = 999;
    nm_diag_init(&d);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    assert_int_equal(nm_null_nodf_lists(NR, NC, off, adj, &o, &res, &d), NM_OK);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "null model 200 x 300, 5000 memberships, 999 simulations: %.3f s CPU\n", secs);
#if !defined(__SANITIZE_ADDRESS__)
    if (!UNDER_VALGRIND())
        assert_true(secs < 1.0);
#endif
    check_oecosimu(&res);
    nm_null_destroy(&res);
    free(m); free(off); free(adj);
}

/* ---- the report section ---- */

static void test_section(void **state)
{
    static const char *const ncols[] = { "nodf", "nodf_rows", "nodf_columns", "nsim", "seed",
                                         "null_model", "null_mean", "null_sd", "z", "p" };
    static const char *const scols[] = { "id", "name", "institutions", "collective_defence",
                                         "collective_security", "concert", "cooperative_security",
                                         "economic", "other", "track1", "track2", "depth" };
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_report_opts o;
    nm_diag d;
    nm_table *t;
    nm_csv f;

    (void)state;
    graph(&g, &ds, "europe-like");
    tu_fixture(&f, "tests/fixtures/europe-like/nodf.csv");
    nm_report_opts_init(&o);
    o.nsim = 0;
    nm_report_init(&r);
    nm_diag_init(&d);
    assert_int_equal(nm_section_nesting(&g, &o, &r, &d), NM_OK);
    assert_non_null(t = nm_report_find(&r, "nesting"));
    tu_cols(t, ncols, 10);
    assert_close(tu_cell(t, 0, "nodf")->v.x, tu_num(&f, NULL, NULL, "nodf"), 1e-9);
    assert_int_equal(tu_cell(t, 0, "nsim")->v.i, 0);
    assert_int_equal(tu_cell(t, 0, "null_mean")->kind, NM_CELL_NULL);
    assert_int_equal(tu_cell(t, 0, "p")->kind, NM_CELL_NULL);
    assert_non_null(t = nm_report_find(&r, "state_nesting"));
    tu_cols(t, scols, 12);
    assert_int_equal(t->nrows, 8);
    assert_string_equal(tu_cell(t, 1, "id")->v.s, "DEU");     /* states.csv order */
    assert_int_equal(tu_cell(t, 1, "collective_defence")->v.i, 2);
    assert_int_equal(tu_cell(t, 1, "depth")->v.i, 3);
    nm_report_destroy(&r);

    o.nsim = 49;
    o.seed = 5;
    nm_report_init(&r);
    assert_int_equal(nm_section_nesting(&g, &o, &r, &d), NM_OK);
    t = nm_report_find(&r, "nesting");
    assert_string_equal(tu_cell(t, 0, "null_model")->v.s, "curveball");
    assert_int_equal(tu_cell(t, 0, "nsim")->v.i, 49);
    assert_int_equal(tu_cell(t, 0, "seed")->v.i, 5);
    assert_int_equal(tu_cell(t, 0, "p")->kind, NM_CELL_NUM);
    assert_true(tu_cell(t, 0, "p")->v.x > 0 && tu_cell(t, 0, "p")->v.x <= 1);
    nm_report_destroy(&r);
    nm_csv_destroy(&f);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* Every cell of the state_nesting table (a view of the counts) of the data
 * set at path against ids, names, institutions by type and by track
 * counted here, and depth as nm_state_nesting_compute gives it (checked
 * against the fixtures above), under filter f; seen[k] counts the states
 * with type k, *moved the rows whose state is not the data set's at the
 * same place. */
static void check_state_nesting(const char *path, const nm_filter *f, int *seen, int *moved)
{
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_report_opts o;
    nm_diag d;
    nm_table *t;
    nm_state_nesting *p;
    int v, k, n, by_type[NM_NTYPES], track[3];

    tu_graph(&g, &ds, path, f);
    nm_diag_init(&d);
    assert_non_null(p = malloc(((size_t)g.nstates + 1) * sizeof(*p)));
    assert_int_equal(nm_state_nesting_compute(&g, NULL, p, &d), NM_OK);
    nm_report_opts_init(&o);
    o.nsim = 0;
    nm_report_init(&r);
    assert_int_equal(nm_section_nesting(&g, &o, &r, &d), NM_OK);
    assert_non_null(t = nm_report_find(&r, "state_nesting"));
    assert_int_equal(t->nrows, g.nstates);
    for (v = 0; v < g.nstates; v++) {
        const nm_state *x = &ds.states[g.state_ix[v]];
        memset(by_type, 0, sizeof(by_type));
        memset(track, 0, sizeof(track));
        for (k = g.s_off[v], n = 0; k < g.s_off[v + 1]; k++, n++) {
            const nm_institution *i = nm_graph_inst(&g, g.s_adj[k]);
            by_type[i->type]++;
            track[i->track]++;
        }
        assert_string_equal(nm_table_cell(t, v, 0)->v.s, x->id);
        assert_string_equal(nm_table_cell(t, v, 1)->v.s, x->name);
        assert_int_equal(nm_table_cell(t, v, 2)->v.i, n);
        for (k = 0; k < NM_NTYPES; k++) {
            assert_int_equal(nm_table_cell(t, v, 3 + (size_t)k)->v.i, by_type[k]);
            seen[k] += by_type[k] > 0;
        }
        assert_int_equal(nm_table_cell(t, v, 9)->v.i, track[1]);
        assert_int_equal(nm_table_cell(t, v, 10)->v.i, track[2]);
        assert_int_equal(nm_table_cell(t, v, 11)->v.i, p[v].depth);
        *moved += g.state_ix[v] != v;
    }
    free(p);
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* On the bundled data, whole and its Asia-Pacific states (rows that are
 * not the data set's states in order), and the hand-made inclusion set
 * (which has a concert): every type column is tried with a count. */
static void test_state_nesting_cells(void **state)
{
    int seen[NM_NTYPES] = { 0 }, k, moved = 0;
    nm_filter f;

    (void)state;
    check_state_nesting("graphs/regional-security", NULL, seen, &moved);
    check_state_nesting("tests/data/inclusion", NULL, seen, &moved);
    for (k = 0; k < NM_NTYPES; k++)
        assert_true(seen[k] > 0);
    assert_int_equal(moved, 0);
    nm_filter_init(&f);
    f.regions[f.nregions++] = "Asia-Pacific";
    check_state_nesting("graphs/regional-security", &f, seen, &moved);
    assert_true(moved > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nodf_vegan),
        cmocka_unit_test(test_nodf_naive),
        cmocka_unit_test(test_nodf_work_chain),
        cmocka_unit_test(test_nodf_row_ranks),
        cmocka_unit_test(test_states_europe),
        cmocka_unit_test(test_states_depth),
        cmocka_unit_test(test_states_depth_random),
        cmocka_unit_test(test_curveball_margins),
        cmocka_unit_test(test_curveball_stamp_wrap),
        cmocka_unit_test(test_rng_streams),
        cmocka_unit_test(test_curveball_batches),
        cmocka_unit_test(test_curveball_uniform),
        cmocka_unit_test(test_null_branches),
        cmocka_unit_test(test_curveball_simd),
        cmocka_unit_test(test_curveball_share),
        cmocka_unit_test(test_null_seeds),
        cmocka_unit_test(test_null_vs_vegan),
        cmocka_unit_test(test_null_nested),
        cmocka_unit_test(test_null_stop_progress),
        cmocka_unit_test(test_null_speed),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_state_nesting_cells),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
