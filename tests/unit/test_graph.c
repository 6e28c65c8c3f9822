/* test_graph.c - the selection graph's igraph_t, filled from the sorted
 * adjacency lists (graph.c: fill_igraph), against igraph_create itself. */
#include "testutil.h"
#include "nm_connectivity.h"
#include "nm_export.h"

#include <stdlib.h>

#include <string.h>

/* igraph_create on g's edges, in g's edge order (edge k joins the state
 * owning s_adj[k] to that institution). */
static void reference(const nm_graph *g, igraph_t *ref)
{
    igraph_vector_int_t e;
    int v, k;

    assert_int_equal(igraph_vector_int_init(&e, 2 * (igraph_integer_t)g->nedges), IGRAPH_SUCCESS);
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
            VECTOR(e)[2 * k] = v;
            VECTOR(e)[2 * k + 1] = g->nstates + g->s_adj[k];
        }
    assert_int_equal(igraph_create(ref, &e, (igraph_integer_t)g->nstates + g->ninsts, IGRAPH_UNDIRECTED),
                     IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&e);
}

/* The same graph down to igraph's internal index vectors, and the same
 * answers from the cached properties. */
static void same_igraph(const igraph_t *a, const igraph_t *b)
{
    igraph_bool_t x, y;

    assert_int_equal(igraph_vcount(a), igraph_vcount(b));
    assert_int_equal(igraph_ecount(a), igraph_ecount(b));
    assert_int_equal(igraph_is_directed(a), igraph_is_directed(b));
    assert_true(igraph_vector_int_all_e(&a->from, &b->from));
    assert_true(igraph_vector_int_all_e(&a->to, &b->to));
    assert_true(igraph_vector_int_all_e(&a->oi, &b->oi));
    assert_true(igraph_vector_int_all_e(&a->ii, &b->ii));
    assert_true(igraph_vector_int_all_e(&a->os, &b->os));
    assert_true(igraph_vector_int_all_e(&a->is, &b->is));
    assert_int_equal(igraph_is_simple(a, &x), IGRAPH_SUCCESS);
    assert_int_equal(igraph_is_simple(b, &y), IGRAPH_SUCCESS);
    assert_int_equal(x, y);
    assert_int_equal(igraph_is_connected(a, &x, IGRAPH_WEAK), IGRAPH_SUCCESS);
    assert_int_equal(igraph_is_connected(b, &y, IGRAPH_WEAK), IGRAPH_SUCCESS);
    assert_int_equal(x, y);
}

/* nm_graph_lists against igraph_neighbors of the same graph: each vertex's
 * neighbours as a set (igraph lists them sorted). */
static void same_lists(const nm_graph *g)
{
    igraph_vector_int_t nb;
    int *off, *adj, v, k;

    assert_int_equal(nm_graph_lists(g, &off, &adj), 0);
    igraph_vector_int_init(&nb, 0);
    assert_int_equal(off[g->nstates + g->ninsts], 2 * g->nedges);
    for (v = 0; v < g->nstates + g->ninsts; v++) {
        assert_int_equal(igraph_neighbors(&g->g, &nb, v, IGRAPH_ALL), IGRAPH_SUCCESS);
        assert_int_equal(off[v + 1] - off[v], igraph_vector_int_size(&nb));
        for (k = off[v]; k < off[v + 1]; k++)
            assert_int_equal(adj[k], VECTOR(nb)[k - off[v]]);
    }
    igraph_vector_int_destroy(&nb);
    free(off);
    free(adj);
}

static void check(const char *path, int year, unsigned roles)
{
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    igraph_t ref;

    nm_filter_init(&f);
    f.year = year;
    if (roles)
        f.roles = roles;
    tu_graph(&g, &ds, path, &f);
    reference(&g, &ref);
    same_igraph(&g.g, &ref);
    same_lists(&g);
    igraph_destroy(&ref);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_like_igraph_create(void **state)
{
    (void)state;
    check("graphs/regional-security", 0, 0);
    check("graphs/regional-security", 1995, 0xf);
    check("tests/data/cli/basic", 1990, 0);
    check("tests/data/davis", 0, 0);
    check("tests/data/disconnected", 0, 0);
    check("tests/data/onemember", 0, 0);
    check("graphs/regional-security", 1700, 0);    /* no memberships: isolated states */
}

/* A hand-made case: states 0,1,2 and institutions 3,4 with edges 0-3, 0-4,
 * 2-3. igraph stores from = the larger end: from (3,4,3), to (0,0,2); by
 * (from, to): edges 0,2,1; by (to, from): 0,1,2; os counts edges with
 * from below each vertex (0,0,0,0,2,3), is with to below (0,2,2,3,3,3). */
static void test_hand_counts(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_filter f;
    int v;
    const igraph_integer_t oi[] = { 0, 2, 1 }, os[] = { 0, 0, 0, 0, 2, 3 }, is[] = { 0, 2, 2, 3, 3, 3 };

    (void)state;
    memset(&ds, 0, sizeof(ds));
    for (v = 0; v < 3; v++) {
        char id[8] = { 'S', (char)('0' + v), 0 };
        assert_int_equal(nm_dataset_add_state(&ds, id), v);
    }
    assert_int_equal(nm_dataset_add_inst(&ds, "a"), 0);
    assert_int_equal(nm_dataset_add_inst(&ds, "b"), 1);
    for (v = 0; v < 3; v++) {
        nm_membership m;
        memset(&m, 0, sizeof(m));
        m.state = v == 2 ? 2 : 0;
        m.inst = v == 1 ? 1 : 0;
        assert_true(nm_dataset_add_member(&ds, &m, "hand") >= 0);
    }
    nm_filter_init(&f);
    assert_int_equal(nm_graph_build(&g, &ds, &f, NULL), NM_OK);
    assert_int_equal(igraph_ecount(&g.g), 3);
    for (v = 0; v < 3; v++) {
        assert_int_equal(VECTOR(g.g.oi)[v], oi[v]);
        assert_int_equal(VECTOR(g.g.ii)[v], v);
    }
    for (v = 0; v < 6; v++) {
        assert_int_equal(VECTOR(g.g.os)[v], os[v]);
        assert_int_equal(VECTOR(g.g.is)[v], is[v]);
    }
    assert_string_equal(ds.members[2].source, "hand");
    assert_ptr_equal(ds.members[0].source, ds.members[2].source);     /* one copy */
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* With an attribute table installed the graph comes from igraph_create. */
static void test_with_attributes(void **state)
{
    const igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);

    (void)state;
    check("graphs/regional-security", 2000, 0);
    igraph_set_attribute_table(old);
}

/* A graph built without its igraph_t (nm_graph_build_lists, as the report
 * does) has the same lists; the connectivity section and the export refuse
 * it with a message; nm_graph_add_igraph then gives the igraph_t of
 * igraph_create, once, and the connectivity of the graph built whole. */
static void test_lists_only(void **state)
{
    nm_dataset ds;
    nm_graph g, whole;
    nm_filter f;
    nm_diag d;
    nm_connectivity c, cw;
    igraph_t ref;
    FILE *null = fopen("/dev/null", "w");

    (void)state;
    assert_non_null(null);
    tu_load(&ds, "graphs/regional-security");
    nm_filter_init(&f);
    f.year = 1999;
    nm_diag_init(&d);
    assert_int_equal(nm_graph_build_lists(&g, &ds, &f, &d), NM_OK);
    assert_int_equal(nm_graph_build(&whole, &ds, &f, &d), NM_OK);
    assert_false(g.has_igraph);
    assert_true(whole.has_igraph);
    assert_int_equal(g.nedges, whole.nedges);
    assert_memory_equal(g.s_adj, whole.s_adj, (size_t)g.nedges * sizeof(int));
    assert_int_equal(nm_connectivity_compute(&g, NULL, &c, &d), NM_EUSAGE);
    assert_non_null(strstr(d.text[d.kept - 1], "without its igraph_t"));
    assert_int_equal(nm_export_write(&g, NM_EXPORT_GRAPHML, null, &d), NM_EUSAGE);
    assert_non_null(strstr(d.text[d.kept - 1], "without its igraph_t"));
    assert_int_equal(nm_graph_add_igraph(&g, &d), NM_OK);
    assert_int_equal(nm_graph_add_igraph(&g, &d), NM_OK);     /* once */
    assert_true(g.has_igraph);
    reference(&g, &ref);
    same_igraph(&g.g, &ref);
    same_lists(&g);
    assert_int_equal(nm_connectivity_compute(&g, NULL, &c, &d), NM_OK);
    assert_int_equal(nm_connectivity_compute(&whole, NULL, &cw, &d), NM_OK);
    assert_int_equal(c.components, cw.components);
    assert_true(c.modularity == cw.modularity && c.avg_path_length == cw.avg_path_length);
    igraph_destroy(&ref);
    nm_graph_destroy(&g);
    nm_graph_destroy(&whole);
    nm_dataset_destroy(&ds);
    fclose(null);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_like_igraph_create),
        cmocka_unit_test(test_hand_counts),
        cmocka_unit_test(test_with_attributes),
        cmocka_unit_test(test_lists_only),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
