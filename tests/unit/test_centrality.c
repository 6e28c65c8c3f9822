/* test_centrality.c - bipartite centralities and the projection against NetworkX/igraph fixtures. */
#include "testutil.h"
#include "nm_centrality.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const datasets[] = {
    "davis", "disconnected", "ties", "tiny", "onemember", "europe-like", "sipoo"
};
#define NDATASETS (sizeof(datasets) / sizeof(datasets[0]))

static void compute(const nm_graph *g, nm_centrality *c, int exact)
{
    nm_report_opts o;
    nm_diag d;

    nm_report_opts_init(&o);
    o.exact = exact;
    nm_diag_init(&d);
    assert_int_equal(nm_centrality_compute(g, &o, c, &d), NM_OK);
}

/* Local vertex (states then institutions) of a fixture id. */
static int vertex(const nm_graph *g, const char *kind, const char *id)
{
    int v = strcmp(kind, "state") == 0 ? tu_state(g, id) : tu_inst(g, id);

    if (v < 0)
        fprintf(stderr, "no %s %s in the graph\n", kind, id);
    assert_true(v >= 0);
    return strcmp(kind, "state") == 0 ? v : g->nstates + v;
}

/* Every row of centrality.csv: degree, degree_centrality, closeness,
 * betweenness (NetworkX 2.8.8 with the guide's rules). */
static void check_fixture_centrality(const char *name)
{
    nm_dataset ds;
    nm_graph g;
    nm_centrality c;
    nm_csv t;
    char path[256];
    size_t r;
    int kc, ic, dc, dcc, cc, bc;

    tu_graph_data(&g, &ds, name);
    compute(&g, &c, 0);
    assert_int_equal(c.sampled, 0);
    snprintf(path, sizeof(path), "tests/fixtures/%s/centrality.csv", name);
    tu_fixture(&t, path);
    ic = nm_csv_col(&t, "id"); kc = nm_csv_col(&t, "kind"); dc = nm_csv_col(&t, "degree");
    dcc = nm_csv_col(&t, "degree_centrality"); cc = nm_csv_col(&t, "closeness");
    bc = nm_csv_col(&t, "betweenness");
    assert_int_equal(t.nrows, (size_t)g.nstates + g.ninsts);
    for (r = 0; r < t.nrows; r++) {
        const nm_csv_row *row = &t.rows[r];
        int v = vertex(&g, nm_csv_get(row, kc), nm_csv_get(row, ic));
        int deg = v < g.nstates ? nm_graph_sdeg(&g, v) : nm_graph_isize(&g, v - g.nstates);
        assert_int_equal(deg, strtol(nm_csv_get(row, dc), NULL, 10));
        assert_close(c.degree_c[v], strtod(nm_csv_get(row, dcc), NULL), 1e-9);
        assert_close(c.closeness[v], strtod(nm_csv_get(row, cc), NULL), 1e-9);
        assert_close(c.betweenness[v], strtod(nm_csv_get(row, bc), NULL), 1e-9);
        assert_close(c.betw_se[v], 0, 0);
    }
    nm_csv_destroy(&t);
    nm_centrality_destroy(&c);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* projection.csv: python-igraph eigenvector (scale = true), strength,
 * projected degree. */
static void check_fixture_projection(const char *name)
{
    nm_dataset ds;
    nm_graph g;
    nm_centrality c;
    nm_csv t;
    char path[256];
    size_t r;

    tu_graph_data(&g, &ds, name);
    compute(&g, &c, 0);
    snprintf(path, sizeof(path), "tests/fixtures/%s/projection.csv", name);
    tu_fixture(&t, path);
    assert_int_equal(t.nrows, (size_t)g.nstates);
    for (r = 0; r < t.nrows; r++) {
        const char *id = nm_csv_get(&t.rows[r], nm_csv_col(&t, "id"));
        int v = vertex(&g, "state", id);
        assert_close(c.eigen[v], tu_num(&t, "id", id, "eigenvector"), 1e-9);
        assert_close(c.strength[v], tu_num(&t, "id", id, "strength"), 0);
        assert_int_equal(c.co_members[v], (int)tu_num(&t, "id", id, "projected_degree"));
    }
    nm_csv_destroy(&t);
    nm_centrality_destroy(&c);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_fixtures_centrality(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NDATASETS; i++)
        check_fixture_centrality(datasets[i]);
}

static void test_fixtures_projection(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NDATASETS; i++)
        check_fixture_projection(datasets[i]);
}

/* Raw betweenness equals igraph_betweenness on the selection graph. */
static void check_igraph_betweenness(const nm_graph *g, const nm_centrality *c)
{
    igraph_vector_t res;
    int v;

    assert_int_equal(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
    assert_int_equal(igraph_betweenness(&g->g, &res, igraph_vss_all(), 0, NULL), IGRAPH_SUCCESS);
    for (v = 0; v < g->nstates + g->ninsts; v++)
        assert_close(c->betw_raw[v], VECTOR(res)[v], 1e-9);
    igraph_vector_destroy(&res);
}

/* Materialises the weighted projection with igraph and runs
 * igraph_eigenvector_centrality(weights, scale = true) on it. */
static void igraph_projection(const nm_graph *g, igraph_t *p, igraph_vector_t *w)
{
    igraph_vector_int_t edges;
    int u, v, ku, kv;

    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(w, 0);
    for (u = 0; u < g->nstates; u++)
        for (v = u + 1; v < g->nstates; v++) {
            int shared = 0;
            for (ku = g->s_off[u]; ku < g->s_off[u + 1]; ku++)
                for (kv = g->s_off[v]; kv < g->s_off[v + 1]; kv++)
                    shared += g->s_adj[ku] == g->s_adj[kv];
            if (shared) {
                igraph_vector_int_push_back(&edges, u);
                igraph_vector_int_push_back(&edges, v);
                igraph_vector_push_back(w, shared);
            }
        }
    assert_int_equal(igraph_create(p, &edges, g->nstates, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&edges);
}

static void igraph_projection_eigen(const nm_graph *g, igraph_vector_t *x)
{
    igraph_vector_t w;
    igraph_t p;
    igraph_arpack_options_t opt;

    igraph_projection(g, &p, &w);
    igraph_arpack_options_init(&opt);
    assert_int_equal(igraph_eigenvector_centrality(&p, x, NULL, 0, 1, &w, &opt), IGRAPH_SUCCESS);
    if (igraph_ecount(&p) == 0)
        igraph_vector_fill(x, 0);   /* igraph gives 1s; the guide says 0 */
    igraph_destroy(&p);
    igraph_vector_destroy(&w);
}

static void check_igraph_eigen(const nm_graph *g, const nm_centrality *c)
{
    igraph_vector_t x;
    int v;

    igraph_vector_init(&x, 0);
    igraph_projection_eigen(g, &x);
    for (v = 0; v < g->nstates; v++) {
        if (fabs(c->eigen[v] - VECTOR(x)[v]) > 1e-9)
            fprintf(stderr, "state %d: %.17g vs igraph %.17g\n", v, c->eigen[v], VECTOR(x)[v]);
        assert_close(c->eigen[v], VECTOR(x)[v], 1e-9);
    }
    igraph_vector_destroy(&x);
}

static void test_igraph_crosscheck(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NDATASETS; i++) {
        nm_dataset ds;
        nm_graph g;
        nm_centrality c;
        tu_graph_data(&g, &ds, datasets[i]);
        compute(&g, &c, 0);
        check_igraph_betweenness(&g, &c);
        check_igraph_eigen(&g, &c);
        nm_centrality_destroy(&c);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

/* A seeded random membership file (my own generator, independent of the
 * library's): nst states, nin institutions, each pair with probability p;
 * blocks > 1 splits states and institutions into that many disjoint blocks
 * (a disconnected projection). */
static void random_dataset(const char *path, unsigned seed, int nst, int nin, double p, int blocks)
{
    FILE *f = fopen(path, "w");
    unsigned long long x = seed * 2654435761ULL + 1;
    int s, i;

    assert_non_null(f);
    fprintf(f, "state,institution\n");
    for (s = 0; s < nst; s++)
        for (i = 0; i < nin; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            if (s % blocks == i % blocks && (double)(x >> 11) / 9007199254740992.0 < p)
                fprintf(f, "S%d,I%d\n", s, i);
        }
    fclose(f);
}

/* A scratch directory for generated membership files: dir is a mkdtemp
 * template, path receives dir/memberships.csv; scratch_done removes both. */
static void scratch_open(char *dir, char *path, size_t size)
{
    assert_non_null(mkdtemp(dir));
    snprintf(path, size, "%s/memberships.csv", dir);
}

static void scratch_done(const char *dir, const char *path)
{
    unlink(path);
    rmdir(dir);
}

/* A random_dataset case; expect is the test's own (unused by some). */
typedef struct {
    unsigned seed;
    int ns, ni;
    double p;
    int blocks, expect;
} random_case;

/* Runs check on the graph of each case's random membership file. */
static void each_random(const random_case *cases, size_t n,
                        void (*check)(const nm_graph *g, const random_case *rc))
{
    char dir[] = "/tmp/nm-centrality-XXXXXX", path[300];
    size_t k;

    scratch_open(dir, path, sizeof(path));
    for (k = 0; k < n; k++) {
        nm_dataset ds;
        nm_graph g;
        random_dataset(path, cases[k].seed, cases[k].ns, cases[k].ni, cases[k].p, cases[k].blocks);
        tu_graph(&g, &ds, path, NULL);
        check(&g, &cases[k]);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
    scratch_done(dir, path);
}

static void check_random_graph(const nm_graph *g, const random_case *rc)
{
    nm_centrality c;

    (void)rc;
    compute(g, &c, 0);
    check_igraph_betweenness(g, &c);
    check_igraph_eigen(g, &c);
    nm_centrality_destroy(&c);
}

static void test_random_graphs(void **state)
{
    static const random_case cases[] = {
        { 1, 30, 12, 0.2, 1, 0 }, { 2, 50, 20, 0.08, 1, 0 }, { 3, 40, 15, 0.15, 3, 0 },
        { 4, 25, 40, 0.1, 2, 0 }, { 5, 60, 6, 0.3, 1, 0 }, { 6, 12, 12, 0.12, 1, 0 },
    };

    (void)state;
    each_random(cases, sizeof(cases) / sizeof(cases[0]), check_random_graph);
}

/* Strength and distinct co-members equal igraph's strength and degree on the
 * projection, on membership files shaped to take every route of
 * nm_projection_strength: institutions larger than S/64 as bitsets (unions
 * walked down the trie of signatures), small ones as lists, and for the
 * states of a near-universal institution lists without its members (their
 * small-institution lists are longer than all small lists together). */
static void nested_dataset(const char *path, unsigned seed, int nst, int nsmall)
{
    FILE *f = fopen(path, "w");
    unsigned long long x = seed * 2654435761ULL + 7;
    int s, i, k;

    assert_non_null(f);
    fprintf(f, "state,institution\n");
    for (s = 0; s < nst; s++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        if (s % 10 != 3)
            fprintf(f, "S%d,ALL\n", s);        /* 90 % of the states */
        if ((x >> 33) % 5 < 2)
            fprintf(f, "S%d,HALF\n", s);       /* about 40 % */
        if ((x >> 40) % 5 == 0)
            fprintf(f, "S%d,FIFTH\n", s);      /* about 20 % */
    }
    for (i = 0; i < nsmall; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        for (k = 0; k < 2 + i % 4; k++)     /* 2 to 5 distinct members (nst > 148) */
            fprintf(f, "S%d,small%d\n", (int)(((x >> 33) + 37 * (unsigned)k) % (unsigned)nst), i);
    }
    fclose(f);
}

static void check_co_members_igraph(const nm_graph *g)
{
    igraph_t p;
    igraph_vector_t w, str;
    igraph_vector_int_t deg;
    double *strength = calloc((size_t)g->nstates + 1, sizeof(double));
    int *co = calloc((size_t)g->nstates + 1, sizeof(int)), v;

    assert_int_equal(nm_projection_strength(g, strength, co), 0);
    igraph_projection(g, &p, &w);
    igraph_vector_int_init(&deg, 0);
    igraph_vector_init(&str, 0);
    igraph_degree(&p, &deg, igraph_vss_all(), IGRAPH_ALL, 0);
    igraph_strength(&p, &str, igraph_vss_all(), IGRAPH_ALL, 0, &w);
    for (v = 0; v < g->nstates; v++) {
        assert_int_equal(co[v], VECTOR(deg)[v]);
        assert_close(strength[v], VECTOR(str)[v], 0);
    }
    igraph_vector_int_destroy(&deg);
    igraph_vector_destroy(&str);
    igraph_vector_destroy(&w);
    igraph_destroy(&p);
    free(strength);
    free(co);
}

static void test_co_members_igraph(void **state)
{
    static const struct { unsigned seed; int ns, nsmall; } cases[] = {
        { 1, 300, 60 }, { 2, 640, 200 }, { 3, 149, 40 },
    };
    char dir[] = "/tmp/nm-centrality-XXXXXX", path[300];
    size_t k;

    (void)state;
    scratch_open(dir, path, sizeof(path));
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        nm_dataset ds;
        nm_graph g;
        nested_dataset(path, cases[k].seed, cases[k].ns, cases[k].nsmall);
        tu_graph(&g, &ds, path, NULL);
        check_co_members_igraph(&g);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
    scratch_done(dir, path);
}

/* Components of power_min states or more take the power iteration, which
 * falls back to ARPACK when it would converge too slowly. Either way the
 * vector is igraph's (ARPACK on the materialised projection) and so is the
 * eigenvalue; expect_power says which method must have given it. */
static void check_eigen_with(const nm_graph *g, int power_min, int expect_power)
{
    igraph_vector_t x, w;
    igraph_t p;
    igraph_arpack_options_t opt;
    igraph_real_t value;
    double *e = calloc((size_t)g->nstates + 1, sizeof(double)), lambda;
    int v, by_power = -1;
    nm_diag d;

    nm_diag_init(&d);
    assert_int_equal(nm_projection_eigen_with(g, power_min, e, &lambda, &by_power, &d), NM_OK);
    assert_int_equal(by_power, expect_power);
    igraph_projection(g, &p, &w);
    igraph_vector_init(&x, 0);
    igraph_arpack_options_init(&opt);
    assert_int_equal(igraph_eigenvector_centrality(&p, &x, &value, 0, 1, &w, &opt), IGRAPH_SUCCESS);
    assert_close(lambda, value, 1e-9 * value);
    for (v = 0; v < g->nstates; v++)
        assert_close(e[v], VECTOR(x)[v], 1e-9);
    igraph_vector_destroy(&x);
    igraph_vector_destroy(&w);
    igraph_destroy(&p);
    free(e);
}

/* nlayers layers of k nodes, states and institutions in turn, each state a
 * member of every institution of the layers next to its own: from a node
 * of the first layer, layer j is reached along k^(j-1) shortest paths.
 * With k = 1, a chain: each institution joins two neighbouring states. */
static void layers_dataset(const char *path, int k, int nlayers)
{
    FILE *f = fopen(path, "w");
    int l, s, i;

    assert_non_null(f);
    fprintf(f, "state,institution\n");
    for (l = 0; l < nlayers; l += 2)
        for (s = 0; s < k; s++)
            for (i = 0; i < k; i++) {
                if (l > 0)
                    fprintf(f, "S%d.%d,I%d.%d\n", l, s, l - 1, i);
                if (l + 1 < nlayers)
                    fprintf(f, "S%d.%d,I%d.%d\n", l, s, l + 1, i);
            }
    fclose(f);
}

/* check on the graph of layers_dataset(k, nlayers), written in a scratch
 * directory. */
static void on_layers(int k, int nlayers, void (*check)(const nm_graph *g))
{
    char dir[] = "/tmp/nm-centrality-XXXXXX", path[300];
    nm_dataset ds;
    nm_graph g;

    scratch_open(dir, path, sizeof(path));
    layers_dataset(path, k, nlayers);
    tu_graph(&g, &ds, path, NULL);
    check(&g);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    scratch_done(dir, path);
}

/* The power iteration gives up on g, whose projection is a path (the
 * eigenvalues come in pairs +-lambda; with an odd number of states the
 * strength has a part along both): ARPACK takes over. */
static void check_eigen_gives_up(const nm_graph *g)
{
    check_eigen_with(g, 0, 0);
}

/* expect: whether the power iteration converges on all of the graph's
 * components (power_min 0); it never runs below power_min. */
static void check_eigen_routes(const nm_graph *g, const random_case *rc)
{
    check_eigen_with(g, 0, rc->expect);
    check_eigen_with(g, INT_MAX, 0);
    check_eigen_with(g, g->nstates + 1, 0);     /* every component is smaller */
    if (rc->seed == 17)         /* one component holds every state */
        check_eigen_with(g, g->nstates, 1);
}

/* Random memberships whose projection has a wide gap between its two
 * largest eigenvalues (power iteration converges, one to three components)
 * and two with a narrow one (12, 14: it gives up after four steps). */
static void test_eigen_power(void **state)
{
    static const random_case cases[] = {
        { 11, 400, 60, 0.05, 1, 1 }, { 12, 900, 30, 0.02, 1, 0 }, { 13, 600, 90, 0.1, 3, 1 },
        { 14, 300, 300, 0.01, 1, 0 }, { 15, 600, 90, 0.2, 3, 1 }, { 16, 500, 40, 0.15, 2, 1 },
        { 17, 200, 200, 0.05, 1, 1 },
    };

    (void)state;
    each_random(cases, sizeof(cases) / sizeof(cases[0]), check_eigen_routes);
    on_layers(1, 17, check_eigen_gives_up);     /* a chain of 9 states */
}

/* The searches expand each level from the frontier (push) or from the nodes
 * not yet reached (pull). Forcing either on every level gives igraph's raw
 * betweenness, and the same bits as the automatic choice: every sum is taken
 * in the same order whichever direction is used. Exact and sampled, on random
 * graphs (one with three components), layers whose path counts pass 2^16,
 * and davis. */
static void paths_alloc(const nm_graph *g, nm_centrality *c)
{
    size_t n = (size_t)g->nstates + g->ninsts + 1;

    memset(c, 0, sizeof(*c));
    c->closeness = calloc(n, sizeof(double));
    c->betw_raw = calloc(n, sizeof(double));
    c->betweenness = calloc(n, sizeof(double));
    c->betw_se = calloc(n, sizeof(double));
}

/* b has a's bits: distance sums, longest distance, raw betweenness, its
 * standard error and closeness. */
static void same_paths(const nm_graph *g, const nm_centrality *a, const nm_centrality *b)
{
    int v;

    assert_true(b->dist_sum == a->dist_sum);
    assert_int_equal(b->max_dist, a->max_dist);
    for (v = 0; v < g->nstates + g->ninsts; v++) {
        assert_true(b->betw_raw[v] == a->betw_raw[v]);
        assert_true(b->betw_se[v] == a->betw_se[v]);
        assert_true(b->closeness[v] == a->closeness[v]);
    }
}

static void paths_dir(const nm_graph *g, int sampled, int dir, nm_centrality *c)
{
    paths_alloc(g, c);
    assert_int_equal(nm_centrality_paths_dir(g, sampled, 5, 3, dir, c), 0);
}

static void check_directions(const nm_graph *g)
{
    nm_centrality c[3];
    int sampled, dir;

    for (sampled = 0; sampled < 2; sampled++) {
        for (dir = 0; dir < 3; dir++)
            paths_dir(g, sampled, dir == 0 ? NM_BFS_AUTO : dir == 1 ? NM_BFS_PUSH : NM_BFS_PULL,
                      &c[dir]);
        if (!sampled)
            check_igraph_betweenness(g, &c[1]);
        for (dir = 1; dir < 3; dir++)
            same_paths(g, &c[0], &c[dir]);
        for (dir = 0; dir < 3; dir++)
            nm_centrality_destroy(&c[dir]);
    }
}

static void check_directions_rc(const nm_graph *g, const random_case *rc)
{
    (void)rc;
    check_directions(g);
}

static void test_directions(void **state)
{
    static const random_case cases[] = {
        { 11, 40, 12, 0.2, 1, 0 }, { 12, 60, 25, 0.06, 1, 0 }, { 13, 45, 15, 0.15, 3, 0 },
    };
    nm_dataset ds;
    nm_graph g;

    (void)state;
    each_random(cases, sizeof(cases) / sizeof(cases[0]), check_directions_rc);
    /* 11 layers of 4: from an end, the tenth layer's σ are 4^8 = 2^16, the
     * first that level_pull cannot keep in 16 bits */
    on_layers(4, 11, check_directions);
    tu_graph_data(&g, &ds, "davis");
    check_directions(&g);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* A component with sources x list entries >= 2^26 has its searches split
 * in two parts (even and odd pivots, summed apart and added): the same bits
 * whoever runs the parts (in turn inside nm_centrality_paths, reversed, in
 * a thread), and igraph's raw betweenness. 1 500 x 300, about 22 500
 * memberships: 1 800 sources x 45 000 entries. */
static void paths_exec(const nm_graph *g, nm_pair_exec exec, int *calls, nm_centrality *c)
{
    paths_alloc(g, c);
    assert_int_equal(exec ? nm_centrality_paths_exec(g, 0, 0, 3, exec, calls, c)
                          : nm_centrality_paths(g, 0, 0, 3, c), 0);
}

static void test_paths_split(void **state)
{
    static const nm_pair_exec execs[3] = { NULL, tu_exec_reversed, tu_exec_thread };
    char dir[] = "/tmp/nm-centrality-XXXXXX", path[300];
    nm_centrality c[3];
    nm_dataset ds;
    nm_graph g;
    int e, calls = 0;

    (void)state;
    scratch_open(dir, path, sizeof(path));
    random_dataset(path, 21, 1500, 300, 0.05, 1);
    tu_graph(&g, &ds, path, NULL);
    assert_true((double)(g.nstates + g.ninsts) * 2.0 * g.nedges >= 67108864.0);
    for (e = 0; e < 3; e++)
        paths_exec(&g, execs[e], &calls, &c[e]);
    assert_true(calls >= 2 * 28);       /* 1 800 sources in rounds of 64, twice */
    check_igraph_betweenness(&g, &c[0]);
    for (e = 1; e < 3; e++)
        same_paths(&g, &c[0], &c[e]);
    for (e = 0; e < 3; e++)
        nm_centrality_destroy(&c[e]);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    scratch_done(dir, path);
}

/* Sampled betweenness: with K >= every component's size it is exact (all
 * sources used); with a seed it is deterministic; a smaller K really
 * samples and reports a standard error; averaged over many seeds the
 * estimate approaches the exact value (the |C|/K scaling is right). */
static void sampled(const nm_graph *g, long k, unsigned long seed, nm_centrality *c)
{
    nm_report_opts o;
    nm_diag d;

    nm_report_opts_init(&o);
    o.work_bound = 1;       /* every graph is "large" */
    o.betw_samples = k;
    o.seed = seed;
    nm_diag_init(&d);
    assert_int_equal(nm_centrality_compute(g, &o, c, &d), NM_OK);
}

static void test_sampled(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_centrality ex, a, b;
    double mean[64] = { 0 };
    int v, n, run, differs = 0;

    (void)state;
    tu_graph_data(&g, &ds, "davis");
    n = g.nstates + g.ninsts;    /* 32 */
    compute(&g, &ex, 1);
    sampled(&g, n, 7, &a);
    assert_int_equal(a.pivots, n);
    for (v = 0; v < n; v++) {
        assert_close(a.betweenness[v], ex.betweenness[v], 1e-12);
        assert_close(a.closeness[v], ex.closeness[v], 1e-12);
    }
    nm_centrality_destroy(&a);
    sampled(&g, 8, 42, &a);
    sampled(&g, 8, 42, &b);
    assert_int_equal(a.sampled, 1);
    assert_int_equal(a.pivots, 8);
    for (v = 0; v < n; v++) {
        assert_true(a.betweenness[v] == b.betweenness[v]);
        assert_true(a.closeness[v] == b.closeness[v]);
        differs += fabs(a.betweenness[v] - ex.betweenness[v]) > 1e-9;
    }
    assert_true(differs > 0);
    assert_true(a.betw_se[0] > 0);
    nm_centrality_destroy(&a);
    nm_centrality_destroy(&b);
    for (run = 0; run < 400; run++) {
        sampled(&g, 8, 1000 + (unsigned long)run, &a);
        for (v = 0; v < n; v++)
            mean[v] += a.betweenness[v] / 400;
        nm_centrality_destroy(&a);
    }
    for (v = 0; v < n; v++)
        assert_true(fabs(mean[v] - ex.betweenness[v]) <= 0.1 * ex.betweenness[v] + 0.005);
    nm_centrality_destroy(&ex);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_bmax(void **state)
{
    (void)state;
    /* n = 3, m = 2: s, t = divmod(2, 2) = (1, 0);
     * b_max = (4·4 + 2·2·(0 - 1 - 1) - 0) / 2 = (16 - 8) / 2 = 4 */
    assert_close(nm_betweenness_max(3, 2), 4, 0);
    assert_close(nm_betweenness_max(1, 1), 0, 0);
    assert_close(nm_betweenness_max(1, 0), 0, 0);
}

/* The section's tables follow the documented JSON column contract; a
 * sampled run says so in a note. */
static void test_section(void **state)
{
    static const char *const scols[] = { "id", "name", "region", "degree", "degree_centrality",
                                         "closeness", "betweenness", "eigenvector", "strength",
                                         "co_members", "regions_spanned", "broker" };
    static const char *const icols[] = { "id", "name", "type", "track", "members",
                                         "degree_centrality", "closeness", "betweenness" };
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_report_opts o;
    nm_diag d;
    nm_table *t;

    (void)state;
    tu_graph_data(&g, &ds, "europe-like");
    nm_report_init(&r);
    nm_report_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_section_centrality(&g, &o, &r, &d), NM_OK);
    t = nm_report_find(&r, "states");
    assert_non_null(t);
    tu_cols(t, scols, 12);
    assert_int_equal(t->nrows, 8);
    assert_string_equal(nm_table_cell(t, 0, 0)->v.s, "AUT");   /* states.csv order */
    /* every europe-like institution has region Europe: nobody spans 2 regions */
    assert_int_equal(nm_table_cell(t, 1, 10)->v.i, 1);
    assert_int_equal(nm_table_cell(t, 1, 11)->v.b, 0);
    assert_null(t->note);
    t = nm_report_find(&r, "institutions");
    assert_non_null(t);
    tu_cols(t, icols, 8);
    assert_string_equal(nm_table_cell(t, 0, 0)->v.s, "osce");
    assert_int_equal(nm_table_cell(t, 0, 4)->v.i, 8);
    nm_report_destroy(&r);

    o.work_bound = 1;
    o.betw_samples = 4;
    nm_report_init(&r);
    assert_int_equal(nm_section_centrality(&g, &o, &r, &d), NM_OK);
    t = nm_report_find(&r, "states");
    assert_non_null(t->note);
    assert_non_null(strstr(t->note, "sampled pivot"));
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* Brokerage on the hand-made data set: AM is in arf (Asia) and ecs (Europe)
 * and cscap (Asia): 2 regions, a broker; A1 only in Asian institutions. */
static void test_brokers(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_centrality c;

    (void)state;
    tu_graph(&g, &ds, "tests/data/inclusion", NULL);
    compute(&g, &c, 0);
    assert_int_equal(c.regions[tu_state(&g, "AM")], 2);
    assert_int_equal(c.regions[tu_state(&g, "A1")], 1);
    nm_centrality_destroy(&c);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* Every cell of the states table (a view of the centralities) of the data
 * set at path under filter f: ids, names, regions and degrees counted here
 * from the data set, the metrics as nm_centrality_compute gives them
 * (checked against igraph and NetworkX above), null where a metric is not
 * finite. Adds to *brokers and *moved (rows whose state is not the data
 * set's at the same place). */
static void check_states(const char *path, const nm_filter *f, int *brokers, int *moved)
{
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_report_opts o;
    nm_centrality c;
    nm_diag d;
    nm_table *t;
    int v, k, n, col;

    tu_graph(&g, &ds, path, f);
    compute(&g, &c, 0);
    nm_report_init(&r);
    nm_report_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_section_centrality(&g, &o, &r, &d), NM_OK);
    assert_non_null(t = nm_report_find(&r, "states"));
    assert_int_equal(t->nrows, g.nstates);
    for (v = 0; v < g.nstates; v++) {
        const nm_state *x = &ds.states[g.state_ix[v]];
        const double num[5] = { c.degree_c[v], c.closeness[v], c.betweenness[v], c.eigen[v],
                                c.strength[v] };
        for (k = g.s_off[v], n = 0; k < g.s_off[v + 1]; k++)
            n++;
        assert_string_equal(nm_table_cell(t, v, 0)->v.s, x->id);
        assert_string_equal(nm_table_cell(t, v, 1)->v.s, x->name);
        assert_string_equal(nm_table_cell(t, v, 2)->v.s, x->region);
        assert_int_equal(nm_table_cell(t, v, 3)->v.i, n);
        for (col = 4; col < 9; col++)
            if (isfinite(num[col - 4])) {
                assert_int_equal(nm_table_cell(t, v, col)->kind, NM_CELL_NUM);
                assert_true(nm_table_cell(t, v, col)->v.x == num[col - 4]);
            } else
                assert_int_equal(nm_table_cell(t, v, col)->kind, NM_CELL_NULL);
        assert_int_equal(nm_table_cell(t, v, 9)->v.i, c.co_members[v]);
        assert_int_equal(nm_table_cell(t, v, 10)->v.i, c.regions[v]);
        assert_int_equal(nm_table_cell(t, v, 11)->kind, NM_CELL_BOOL);
        assert_int_equal(nm_table_cell(t, v, 11)->v.b, c.regions[v] >= 2);
        *brokers += c.regions[v] >= 2;
        *moved += g.state_ix[v] != v;
    }
    nm_report_destroy(&r);
    nm_centrality_destroy(&c);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* On the bundled data, whole and its Asia-Pacific states (rows that are
 * not the data set's states in order). */
static void test_states_cells(void **state)
{
    nm_filter f;
    int brokers = 0, moved = 0;

    (void)state;
    check_states("graphs/regional-security", NULL, &brokers, &moved);
    assert_true(brokers > 0 && moved == 0);
    nm_filter_init(&f);
    f.regions[f.nregions++] = "Asia-Pacific";
    check_states("graphs/regional-security", &f, &brokers, &moved);
    assert_true(moved > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bmax),
        cmocka_unit_test(test_fixtures_centrality),
        cmocka_unit_test(test_fixtures_projection),
        cmocka_unit_test(test_directions),
        cmocka_unit_test(test_paths_split),
        cmocka_unit_test(test_co_members_igraph),
        cmocka_unit_test(test_eigen_power),
        cmocka_unit_test(test_igraph_crosscheck),
        cmocka_unit_test(test_random_graphs),
        cmocka_unit_test(test_sampled),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_states_cells),
        cmocka_unit_test(test_brokers),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
