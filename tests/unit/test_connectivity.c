/* test_connectivity.c - connectivity statistics against the NetworkX/igraph fixtures. */
#include "testutil.h"
#include "nm_connectivity.h"
#include "nm_centrality.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const datasets[] = {
    "davis", "disconnected", "ties", "tiny", "onemember", "europe-like", "sipoo"
};
#define NDATASETS (sizeof(datasets) / sizeof(datasets[0]))

/* Runs check on the graph of each fixture data set. */
static void each_fixture(void (*check)(nm_graph *g, nm_dataset *ds, const char *name))
{
    size_t k;

    for (k = 0; k < NDATASETS; k++) {
        nm_dataset ds;
        nm_graph g;

        tu_graph_data(&g, &ds, datasets[k]);
        check(&g, &ds, datasets[k]);
        nm_graph_destroy(&g);
        nm_dataset_destroy(&ds);
    }
}

static void check_fixture(const char *name)
{
    nm_dataset ds;
    nm_graph g;
    nm_connectivity c;
    nm_report_opts o;
    nm_diag d;
    nm_csv t;
    char path[256];

    tu_graph_data(&g, &ds, name);
    nm_report_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_connectivity_compute(&g, &o, &c, &d), NM_OK);
    snprintf(path, sizeof(path), "tests/fixtures/%s/connectivity.csv", name);
    tu_fixture(&t, path);
    assert_int_equal(c.states, (int)tu_num(&t, NULL, NULL, "states"));
    assert_int_equal(c.insts, (int)tu_num(&t, NULL, NULL, "institutions"));
    assert_int_equal(c.memberships, (long)tu_num(&t, NULL, NULL, "memberships"));
    assert_int_equal(c.components, (long)tu_num(&t, NULL, NULL, "components"));
    assert_close(c.density, tu_num(&t, NULL, NULL, "density"), 1e-9);
    assert_close(c.mean_insts_per_state, tu_num(&t, NULL, NULL, "mean_institutions_per_state"), 1e-9);
    assert_close(c.mean_comembership, tu_num(&t, NULL, NULL, "mean_comembership"), 1e-9);
    assert_close(c.projection_density, tu_num(&t, NULL, NULL, "projection_density"), 1e-9);
    assert_close(c.projection_clustering, tu_num(&t, NULL, NULL, "projection_clustering"), 1e-9);
    assert_close(c.avg_path_length, tu_num(&t, NULL, NULL, "average_path_length"), 1e-9);
    assert_close(c.diameter, tu_num(&t, NULL, NULL, "diameter"), 1e-9);
    assert_int_equal(c.paths_skipped, 0);
    assert_int_equal(c.clustering_skipped, 0);
    assert_true(c.communities >= 1 && c.communities <= g.nstates + g.ninsts);
    assert_true(c.modularity >= -0.5 && c.modularity <= 1);
    nm_csv_destroy(&t);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_fixtures(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NDATASETS; i++)
        check_fixture(datasets[i]);
}

/* The reported modularity is igraph_modularity of the returned partition,
 * the same seed gives the same partition, and davis (two known groups of
 * women) splits into more than one community with positive modularity. */
static void communities_one(nm_graph *g, nm_dataset *ds, const char *name)
{
    nm_diag d;
    igraph_vector_int_t m1, m2;
    double q1, q2;
    igraph_real_t q;
    nm_connectivity c;

    (void)ds;
    nm_diag_init(&d);
    igraph_vector_int_init(&m1, 0);
    igraph_vector_int_init(&m2, 0);
    assert_int_equal(nm_connectivity_communities(g, 5, &m1, &q1, &d), NM_OK);
    igraph_rng_seed(igraph_rng_default(), 999);     /* disturb the RNG in between */
    assert_int_equal(nm_connectivity_communities(g, 5, &m2, &q2, &d), NM_OK);
    assert_true(igraph_vector_int_all_e(&m1, &m2));
    assert_int_equal(igraph_modularity(&g->g, &m1, NULL, 1.0, 0, &q), IGRAPH_SUCCESS);
    assert_close(q1, q, 1e-12);
    assert_close(q2, q1, 0);
    assert_int_equal(nm_connectivity_compute(g, NULL, &c, &d), NM_OK);
    if (strcmp(name, "davis") == 0) {
        assert_true(c.communities >= 2);
        assert_true(c.modularity > 0.1);
    }
    igraph_vector_int_destroy(&m1);
    igraph_vector_int_destroy(&m2);
}

static void test_communities(void **state)
{
    (void)state;
    each_fixture(communities_one);
}

/* Triangles and transitivity against igraph on the materialised projection,
 * for every fixture graph. */
static void transitivity_one(nm_graph *g, nm_dataset *ds, const char *name)
{
    igraph_vector_int_t edges;
    igraph_t p;
    igraph_real_t tr;
    double tri, trip;
    long pairs;
    int u, v, ku, kv;

    (void)ds;
    (void)name;
    igraph_vector_int_init(&edges, 0);
    for (u = 0; u < g->nstates; u++)
        for (v = u + 1; v < g->nstates; v++) {
            int shared = 0;
            for (ku = g->s_off[u]; ku < g->s_off[u + 1]; ku++)
                for (kv = g->s_off[v]; kv < g->s_off[v + 1]; kv++)
                    shared |= g->s_adj[ku] == g->s_adj[kv];
            if (shared) {
                igraph_vector_int_push_back(&edges, u);
                igraph_vector_int_push_back(&edges, v);
            }
        }
    igraph_create(&p, &edges, g->nstates, IGRAPH_UNDIRECTED);
    assert_int_equal(nm_projection_triangles(g, 0, &tri, &trip, &pairs), 0);
    assert_int_equal(pairs, igraph_ecount(&p));
    igraph_transitivity_undirected(&p, &tr, IGRAPH_TRANSITIVITY_NAN);
    if (isnan(tr))
        assert_close(trip, 0, 0);
    else
        assert_close(3 * tri / trip, tr, 1e-12);
    igraph_destroy(&p);
    igraph_vector_int_destroy(&edges);
}

static void test_transitivity_igraph(void **state)
{
    (void)state;
    each_fixture(transitivity_one);
}

/* Above the work bound the path statistics are skipped (NaN), and exact
 * forces them. */
static void test_work_bound(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_connectivity c;
    nm_report_opts o;
    nm_diag d;

    (void)state;
    tu_graph_data(&g, &ds, "davis");
    nm_report_opts_init(&o);
    o.work_bound = 10;
    nm_diag_init(&d);
    assert_int_equal(nm_connectivity_compute(&g, &o, &c, &d), NM_OK);
    assert_int_equal(c.paths_skipped, 1);
    assert_true(isnan(c.avg_path_length) && isnan(c.diameter));
    /* davis: 18 women, each sharing an event with 11..17 others: Σ k² > 10 */
    assert_int_equal(c.clustering_skipped, 1);
    assert_true(isnan(c.projection_clustering));
    o.exact = 1;
    assert_int_equal(nm_connectivity_compute(&g, &o, &c, &d), NM_OK);
    assert_int_equal(c.paths_skipped, 0);
    assert_int_equal(c.clustering_skipped, 0);
    assert_false(isnan(c.avg_path_length));
    assert_false(isnan(c.projection_clustering));
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_section(void **state)
{
    static const char *const cols[] = {
        "states", "institutions", "memberships", "density", "components",
        "mean_institutions_per_state", "mean_comembership", "projection_density",
        "projection_clustering", "average_path_length", "diameter", "modularity", "communities"
    };
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_diag d;
    nm_table *t;

    (void)state;
    tu_graph_data(&g, &ds, "disconnected");
    nm_report_init(&r);
    nm_diag_init(&d);
    assert_int_equal(nm_section_connectivity(&g, NULL, &r, &d), NM_OK);
    t = nm_report_find(&r, "connectivity");
    assert_non_null(t);
    assert_int_equal(t->shape, NM_TABLE_OBJECT);
    assert_int_equal(t->nrows, 1);
    tu_cols(t, cols, 13);
    assert_int_equal(nm_table_cell(t, 0, 4)->v.i, 3);  /* fixture: 3 components */
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* scratch->strength_get, for test_strength_hook: nm_projection_strength's
 * values with every count doubled (so that their use shows), or a failure. */
static int calls;
static int doubled_strength(void *arg, const nm_graph *g, double *strength, int *co_members)
{
    int v, fail = *(const int *)arg;

    calls++;
    if (fail)
        return -1;
    assert_int_equal(nm_projection_strength(g, strength, co_members), 0);
    for (v = 0; v < g->nstates; v++) {
        strength[v] *= 2;
        co_members[v] *= 2;
    }
    return 0;
}

/* The centrality section takes strength and co-members from the scratch's
 * strength_get when one is set (called once), hands them on to
 * connectivity as its own, and fails as out of memory when it fails. */
static void strength_hook_one(nm_graph *g, nm_dataset *ds, const char *name)
{
    nm_diag d;
    nm_report_opts o;
    nm_report_scratch sc;
    nm_centrality plain, hooked;
    int v, fail = 0;

    (void)ds;
    (void)name;
    nm_diag_init(&d);
    nm_report_opts_init(&o);
    assert_int_equal(nm_centrality_compute(g, &o, &plain, &d), NM_OK);
    memset(&sc, 0, sizeof(sc));
    sc.strength_get = doubled_strength;
    sc.strength_arg = &fail;
    o.scratch = &sc;
    calls = 0;
    assert_int_equal(nm_centrality_compute(g, &o, &hooked, &d), NM_OK);
    assert_int_equal(calls, 1);
    for (v = 0; v < g->nstates; v++) {
        assert_true(hooked.strength[v] == 2 * plain.strength[v]);
        assert_int_equal(hooked.co_members[v], 2 * plain.co_members[v]);
        assert_int_equal(sc.co_members[v], 2 * plain.co_members[v]);
        assert_true(hooked.betw_raw[v] == plain.betw_raw[v]);
    }
    nm_centrality_destroy(&hooked);
    nm_report_scratch_destroy(&sc);
    memset(&sc, 0, sizeof(sc));
    sc.strength_get = doubled_strength;
    sc.strength_arg = &fail;
    fail = 1;
    assert_int_equal(nm_centrality_compute(g, &o, &hooked, &d), NM_ENOMEM);
    assert_null(sc.g);
    nm_centrality_destroy(&plain);
}

static void test_strength_hook(void **state)
{
    (void)state;
    each_fixture(strength_hook_one);
}

/* scratch->communities_get, for test_communities_hook: every vertex in one
 * community, or the return code in *arg when it is not 0. */
static int one_community(void *arg, const nm_graph *g, unsigned long seed, int *membership)
{
    int v, rc = *(const int *)arg;

    (void)seed;
    calls++;
    for (v = 0; rc == 0 && v < g->nstates + g->ninsts; v++)
        membership[v] = 0;
    return rc;
}

/* The connectivity section takes its communities from the scratch's
 * communities_get when one is set (its modularity is then igraph's for
 * that partition: 0 for one community), maps -2 to NM_EINTR and -1 to
 * NM_ENOMEM; without a hook its partition leaves igraph's default RNG as
 * it was. */
static void communities_hook_one(nm_graph *g, nm_dataset *ds, const char *name)
{
    nm_diag d;
    nm_report_opts o;
    nm_report_scratch sc;
    nm_connectivity c;
    igraph_vector_int_t m;
    igraph_integer_t want, got;
    double q;
    int rc = 0;

    (void)ds;
    (void)name;
    nm_diag_init(&d);
    nm_report_opts_init(&o);
    memset(&sc, 0, sizeof(sc));
    sc.communities_get = one_community;
    sc.communities_arg = &rc;
    o.scratch = &sc;
    calls = 0;
    assert_int_equal(nm_connectivity_compute(g, &o, &c, &d), NM_OK);
    assert_int_equal(calls, 1);
    assert_int_equal(c.communities, 1);
    assert_true(c.modularity == 0 || isnan(c.modularity));
    rc = -2;
    assert_int_equal(nm_connectivity_compute(g, &o, &c, &d), NM_EINTR);
    rc = -1;
    assert_int_equal(nm_connectivity_compute(g, &o, &c, &d), NM_ENOMEM);
    igraph_rng_seed(igraph_rng_default(), 99);
    want = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
    igraph_rng_seed(igraph_rng_default(), 99);
    igraph_vector_int_init(&m, 0);
    assert_int_equal(nm_connectivity_communities(g, 1, &m, &q, &d), NM_OK);
    got = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
    assert_int_equal(got, want);
    igraph_vector_int_destroy(&m);
}

static void test_communities_hook(void **state)
{
    (void)state;
    each_fixture(communities_hook_one);
}

/* Co-member counts and path sums left in a scratch by the centrality
 * section: the counts are the centrality's own, the connectivity computed
 * with them equals the one counted afresh (projection density and
 * clustering, fixtures above) and average path length and diameter equal
 * igraph_average_path_length's and igraph_diameter's exactly; a scratch
 * holding another graph's counts is ignored, and altered values for this
 * graph are used (so the scratch is really read). */
static void scratch_one(nm_graph *g, nm_dataset *ds, const char *name)
{
    nm_diag d;
    nm_report_opts o;
    nm_report_scratch sc;
    nm_centrality cen;
    nm_connectivity with, fresh, other;
    igraph_real_t apl, diam;
    int v;

    (void)name;
    nm_diag_init(&d);
    nm_report_opts_init(&o);
    memset(&sc, 0, sizeof(sc));
    o.scratch = &sc;
    assert_int_equal(nm_centrality_compute(g, &o, &cen, &d), NM_OK);
    assert_ptr_equal(sc.g, g);
    for (v = 0; v < g->nstates; v++)
        assert_int_equal(sc.co_members[v], cen.co_members[v]);
    assert_int_equal(nm_connectivity_compute(g, &o, &with, &d), NM_OK);
    o.scratch = NULL;
    assert_int_equal(nm_connectivity_compute(g, &o, &fresh, &d), NM_OK);
    assert_close(with.projection_density, fresh.projection_density, 0);
    assert_close(with.projection_clustering, fresh.projection_clustering, 0);
    assert_true(sc.have_paths);         /* small graphs: exact paths */
    assert_int_equal(igraph_average_path_length(&g->g, &apl, NULL, 0, 1), IGRAPH_SUCCESS);
    assert_int_equal(igraph_diameter(&g->g, &diam, NULL, NULL, NULL, NULL, 0, 1),
                     IGRAPH_SUCCESS);
    assert_true(isnan(apl) ? isnan(with.avg_path_length) : with.avg_path_length == apl);
    assert_true(isnan(apl) ? isnan(fresh.avg_path_length) : fresh.avg_path_length == apl);
    assert_true(with.diameter == diam && fresh.diameter == diam);
    o.scratch = &sc;
    sc.max_dist = 1000;                 /* altered sums of this graph: used */
    assert_int_equal(nm_connectivity_compute(g, &o, &other, &d), NM_OK);
    assert_close(other.diameter, 1000, 0);
    sc.have_paths = 0;                  /* not exact: igraph's again */
    assert_int_equal(nm_connectivity_compute(g, &o, &other, &d), NM_OK);
    assert_true(other.diameter == diam);
    o.scratch = &sc;
    for (v = 0; v < g->nstates; v++)
        sc.co_members[v] = 0;
    sc.g = (const nm_graph *)ds;           /* another graph's: not used */
    assert_int_equal(nm_connectivity_compute(g, &o, &other, &d), NM_OK);
    assert_close(other.projection_density, fresh.projection_density, 0);
    sc.g = g;                              /* this graph's, altered: used */
    assert_int_equal(nm_connectivity_compute(g, &o, &other, &d), NM_OK);
    assert_close(other.projection_density, 0, 0);
    nm_report_scratch_destroy(&sc);
    assert_null(sc.g);
    nm_centrality_destroy(&cen);
}

static void test_scratch(void **state)
{
    (void)state;
    each_fixture(scratch_one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_communities),
        cmocka_unit_test(test_transitivity_igraph),
        cmocka_unit_test(test_work_bound),
        cmocka_unit_test(test_section),
        cmocka_unit_test(test_scratch),
        cmocka_unit_test(test_strength_hook),
        cmocka_unit_test(test_communities_hook),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
