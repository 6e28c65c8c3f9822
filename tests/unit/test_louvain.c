/* test_louvain.c - nm_louvain against igraph_community_multilevel itself.
 *
 * The reference is igraph 0.10.2's own function, run on the same graph with
 * the same seed: the membership vectors must be equal element by element,
 * and the two runs must leave igraph's RNG in the same state (the same
 * shuffles were drawn). Graphs: Zachary's karate club, random G(n, m)
 * graphs sparse and dense, random bipartite graphs shaped like membership
 * data (one near-universal institution, many small ones), graphs with
 * isolated vertices, and tie-prone ones (a ring of equal cliques, a star,
 * a complete graph, a perfect matching) where only the tie rule decides. */
#include "testutil.h"
#include "nm_louvain.h"

#include <stdlib.h>

/* The adjacency lists nm_louvain takes, from a simple graph. */
static void lists(const igraph_t *g, int **offp, int **adjp)
{
    igraph_adjlist_t al;
    int n = (int)igraph_vcount(g), v, j, k = 0;
    int *off = malloc(((size_t)n + 1) * sizeof(int));
    int *adj = malloc((2 * (size_t)igraph_ecount(g) + 1) * sizeof(int));

    assert_non_null(off);
    assert_non_null(adj);
    assert_int_equal(igraph_adjlist_init(g, &al, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_MULTIPLE),
                     IGRAPH_SUCCESS);
    for (v = 0; v < n; v++) {
        igraph_vector_int_t *nb = igraph_adjlist_get(&al, v);
        off[v] = k;
        for (j = 0; j < (int)igraph_vector_int_size(nb); j++)
            adj[k++] = (int)VECTOR(*nb)[j];
    }
    off[n] = k;
    assert_int_equal(k, 2 * igraph_ecount(g));
    igraph_adjlist_destroy(&al);
    *offp = off;
    *adjp = adj;
}

/* Each vertex's list backwards: the result must not depend on list order
 * (igraph sorts the links of a vertex by community before it compares). */
static void reverse_lists(int n, const int *off, int *adj)
{
    int v, a, b;

    for (v = 0; v < n; v++)
        for (a = off[v], b = off[v + 1] - 1; a < b; a++, b--) {
            int t = adj[a];
            adj[a] = adj[b];
            adj[b] = t;
        }
}

/* Both partitions for seeds 1..nseeds, with the lists in igraph's order for
 * odd seeds and reversed for even ones; returns how many communities the
 * last one had (so a caller can tell a graph gave more than one). */
static long same_as_igraph(const igraph_t *g, int nseeds)
{
    igraph_vector_int_t want;
    igraph_rng_t own;
    long ncomm = 0;
    int n = (int)igraph_vcount(g), *off, *adj, *got, *got_own, seed, v;

    lists(g, &off, &adj);
    got = malloc(((size_t)n + 1) * sizeof(int));
    got_own = malloc(((size_t)n + 1) * sizeof(int));
    assert_non_null(got);
    assert_non_null(got_own);
    igraph_vector_int_init(&want, 0);
    assert_int_equal(igraph_rng_init(&own, igraph_rng_default()->type), IGRAPH_SUCCESS);
    for (seed = 1; seed <= nseeds; seed++) {
        igraph_integer_t after_want, after_got, after_own;
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
        assert_int_equal(igraph_community_multilevel(g, NULL, 1.0, &want, NULL, NULL),
                         IGRAPH_SUCCESS);
        after_want = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
        reverse_lists(n, off, adj);
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
        assert_int_equal(nm_louvain(n, off, adj, igraph_rng_default(), got), 0);
        after_got = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
        /* a generator of its own, of the same type and seed: the same */
        igraph_rng_seed(igraph_rng_default(), 12345);
        igraph_rng_seed(&own, (igraph_uint_t)seed);
        assert_int_equal(nm_louvain(n, off, adj, &own, got_own), 0);
        after_own = igraph_rng_get_integer(&own, 0, 1000000000);
        assert_int_equal(igraph_vector_int_size(&want), n);
        for (v = 0; v < n; v++) {
            assert_int_equal(got[v], VECTOR(want)[v]);
            assert_int_equal(got_own[v], VECTOR(want)[v]);
        }
        assert_int_equal(after_got, after_want);
        assert_int_equal(after_own, after_want);
        ncomm = n ? (long)igraph_vector_int_max(&want) + 1 : 0;
    }
    igraph_rng_destroy(&own);
    igraph_vector_int_destroy(&want);
    free(got);
    free(got_own);
    free(off);
    free(adj);
    return ncomm;
}

static void test_karate(void **state)
{
    igraph_t g;

    (void)state;
    assert_int_equal(igraph_famous(&g, "Zachary"), IGRAPH_SUCCESS);
    assert_true(same_as_igraph(&g, 50) >= 3);
    igraph_destroy(&g);
}

static void test_random(void **state)
{
    static const int sizes[][2] = {
        { 10, 12 }, { 30, 40 }, { 60, 300 }, { 100, 150 }, { 200, 2000 }, { 500, 800 },
        { 1000, 5000 }, { 2000, 3000 }
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        igraph_t g;
        igraph_rng_seed(igraph_rng_default(), 1000 + (igraph_uint_t)i);
        assert_int_equal(igraph_erdos_renyi_game_gnm(&g, sizes[i][0], sizes[i][1],
                                                     IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS),
                         IGRAPH_SUCCESS);
        assert_true(same_as_igraph(&g, 10) >= 2);
        igraph_destroy(&g);
    }
}

/* A membership graph: ns states, ni institutions; institution 0 has every
 * state, the others each a few drawn at random (duplicates merged). */
static void membership_graph(igraph_t *g, int ns, int ni, int per)
{
    igraph_vector_int_t e;
    int s, i, k;

    igraph_vector_int_init(&e, 0);
    for (s = 0; s < ns; s++) {
        igraph_vector_int_push_back(&e, s);
        igraph_vector_int_push_back(&e, ns);
    }
    for (i = 1; i < ni; i++)
        for (k = 0; k < per; k++) {
            igraph_vector_int_push_back(&e, RNG_INTEGER(0, ns - 1));
            igraph_vector_int_push_back(&e, ns + i);
        }
    assert_int_equal(igraph_create(g, &e, ns + ni, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(igraph_simplify(g, 1, 1, NULL), IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&e);
}

static void test_bipartite(void **state)
{
    static const int shapes[][3] = { { 20, 8, 4 }, { 200, 60, 6 }, { 1500, 400, 8 } };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        igraph_t g;
        igraph_rng_seed(igraph_rng_default(), 77 + (igraph_uint_t)i);
        membership_graph(&g, shapes[i][0], shapes[i][1], shapes[i][2]);
        assert_true(same_as_igraph(&g, 10) >= 2);
        igraph_destroy(&g);
    }
}

/* Isolated vertices, several components, and no edges at all. */
static void test_isolates(void **state)
{
    igraph_t g;

    (void)state;
    igraph_rng_seed(igraph_rng_default(), 5);
    assert_int_equal(igraph_erdos_renyi_game_gnm(&g, 300, 120, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS),
                     IGRAPH_SUCCESS);
    assert_true(same_as_igraph(&g, 10) > 100);     /* isolates are their own communities */
    igraph_destroy(&g);
    assert_int_equal(igraph_empty(&g, 7, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(same_as_igraph(&g, 3), 7);
    igraph_destroy(&g);
    assert_int_equal(igraph_empty(&g, 1, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(same_as_igraph(&g, 3), 1);
    igraph_destroy(&g);
    assert_int_equal(igraph_empty(&g, 0, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(same_as_igraph(&g, 1), 0);
    igraph_destroy(&g);
}

/* Symmetric graphs, where gains tie and the order of candidates decides. */
static void test_ties(void **state)
{
    igraph_t g, clique;
    igraph_vector_int_t e;
    int c, k;

    (void)state;
    assert_int_equal(igraph_full(&clique, 5, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS), IGRAPH_SUCCESS);
    assert_int_equal(same_as_igraph(&clique, 20), 1);
    igraph_destroy(&clique);
    assert_int_equal(igraph_star(&g, 12, IGRAPH_STAR_UNDIRECTED, 0), IGRAPH_SUCCESS);
    same_as_igraph(&g, 20);
    igraph_destroy(&g);
    assert_int_equal(igraph_ring(&g, 24, IGRAPH_UNDIRECTED, 0, 1), IGRAPH_SUCCESS);
    assert_true(same_as_igraph(&g, 20) >= 2);
    igraph_destroy(&g);
    igraph_vector_int_init(&e, 0);
    for (c = 0; c < 10; c++) {      /* a ring of ten 4-cliques */
        int i, j;
        for (i = 0; i < 4; i++)
            for (j = i + 1; j < 4; j++) {
                igraph_vector_int_push_back(&e, 4 * c + i);
                igraph_vector_int_push_back(&e, 4 * c + j);
            }
        igraph_vector_int_push_back(&e, 4 * c + 3);
        igraph_vector_int_push_back(&e, (4 * c + 4) % 40);
    }
    assert_int_equal(igraph_create(&g, &e, 40, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_true(same_as_igraph(&g, 30) >= 2);
    igraph_destroy(&g);
    igraph_vector_int_clear(&e);
    for (k = 0; k < 16; k += 2) {   /* a perfect matching */
        igraph_vector_int_push_back(&e, k);
        igraph_vector_int_push_back(&e, k + 1);
    }
    assert_int_equal(igraph_create(&g, &e, 16, IGRAPH_UNDIRECTED), IGRAPH_SUCCESS);
    assert_int_equal(same_as_igraph(&g, 10), 8);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_karate),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_bipartite),
        cmocka_unit_test(test_isolates),
        cmocka_unit_test(test_ties),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
