/* connectivity.c - density, components, projection and path statistics, communities (see nm_connectivity.h). */
#include "nm_connectivity.h"
#include "nm_centrality.h"
#include "nm_louvain.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Co-members of state v appended to out (marker stamped v); returns how many. */
static int co_members(const nm_graph *g, int v, int *mark, int *out)
{
    int k, j, n = 0;

    mark[v] = v;
    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
        int i = g->s_adj[k];
        for (j = g->i_off[i]; j < g->i_off[i + 1]; j++) {
            int u = g->i_adj[j];
            if (mark[u] != v) {
                mark[u] = v;
                out[n++] = u;
            }
        }
    }
    return n;
}

/* The unweighted projection as adjacency lists off/adj (caller frees). */
static int projection_lists(const nm_graph *g, int **offp, int **adjp)
{
    int ns = g->nstates, v, *mark, *buf, *off, *adj = NULL;
    long total = 0;

    mark = malloc(((size_t)ns + 1) * sizeof(int));
    buf = malloc(((size_t)ns + 1) * sizeof(int));
    off = malloc(((size_t)ns + 1) * sizeof(int));
    if (!mark || !buf || !off)
        goto fail;
    for (v = 0; v < ns; v++)
        mark[v] = -1;
    for (v = 0; v < ns; v++) {
        off[v] = (int)total;
        total += co_members(g, v, mark, buf);
    }
    off[ns] = (int)total;
    if (!(adj = malloc(((size_t)total + 1) * sizeof(int))))
        goto fail;
    for (v = 0; v < ns; v++)
        mark[v] = -1;
    for (v = 0; v < ns; v++)
        co_members(g, v, mark, adj + off[v]);
    free(mark);
    free(buf);
    *offp = off;
    *adjp = adj;
    return 0;
fail:
    free(mark); free(buf); free(off); free(adj);
    return -1;
}

/* Projection degrees (distinct co-members) without building the projection:
 * their sum is twice the number of projection edges, the sum of their squares
 * the cost of counting triangles. known: the counts when a section left them
 * (NULL: counted here). Returns 0 or -1 (no memory). */
static int projection_degrees(const nm_graph *g, const int *known, double *edges2, double *cost)
{
    double *strength = known ? NULL : malloc(((size_t)g->nstates + 1) * sizeof(double));
    int *deg = known ? NULL : malloc(((size_t)g->nstates + 1) * sizeof(int)), v, rc = -1;

    *edges2 = *cost = 0;
    if (known || (strength && deg && nm_projection_strength(g, strength, deg) == 0)) {
        const int *k = known ? known : deg;
        for (v = 0; v < g->nstates; v++) {
            *edges2 += k[v];
            *cost += (double)k[v] * k[v];
        }
        rc = 0;
    }
    free(strength);
    free(deg);
    return rc;
}

/* nm_projection_triangles, given the co-member counts when known. */
static int projection_triangles(const nm_graph *g, const int *known, double bound,
                                double *triangles, double *triples, long *pairs)
{
    int ns = g->nstates, v, k, j, *off, *adj, *mark;
    double tri = 0, trip = 0, cost, edges2;

    *triangles = *triples = NAN;
    if (projection_degrees(g, known, &edges2, &cost) < 0)
        return -1;
    *pairs = (long)(edges2 / 2);
    /* skip before building anything: over the bound, or more list entries
     * than an int can index (the projection is never materialised then) */
    if ((bound > 0 && cost > bound) || edges2 >= (double)INT_MAX)
        return 1;
    if (projection_lists(g, &off, &adj) < 0)
        return -1;
    if (!(mark = malloc(((size_t)ns + 1) * sizeof(int)))) {
        free(off);
        free(adj);
        return -1;
    }
    for (v = 0; v < ns; v++)
        mark[v] = -1;
    for (v = 0; v < ns; v++) {
        double d = off[v + 1] - off[v];
        trip += d * (d - 1) / 2;
        for (k = off[v]; k < off[v + 1]; k++)
            mark[adj[k]] = v;
        for (k = off[v]; k < off[v + 1]; k++) {     /* v < u < w: each triangle once */
            int u = adj[k];
            if (u <= v)
                continue;
            for (j = off[u]; j < off[u + 1]; j++)
                tri += adj[j] > u && mark[adj[j]] == v;
        }
    }
    *triangles = tri;
    *triples = trip;
    free(mark);
    free(off);
    free(adj);
    return 0;
}

int nm_projection_triangles(const nm_graph *g, double bound, double *triangles, double *triples,
                            long *pairs)
{
    return projection_triangles(g, NULL, bound, triangles, triples, pairs);
}

/* NM_OK when g has its igraph_t, else a message in d (a caller's mistake:
 * see nm_graph_build_lists). */
static nm_status need_igraph(const nm_graph *g, nm_diag *d)
{
    if (g->has_igraph)
        return NM_OK;
    nm_diag_error(d, NULL, 0, "connectivity: the graph was built without its igraph_t "
                  "(nm_graph_add_igraph)");
    return NM_EUSAGE;
}

static nm_status igraph_fail(nm_diag *d, igraph_error_t e, const char *what)
{
    if (e == IGRAPH_ENOMEM)
        return NM_ENOMEM;
    nm_diag_error(d, NULL, 0, "%s: igraph error %d (%s)", what, (int)e, igraph_strerror(e));
    return NM_EDATA;
}

nm_status nm_connectivity_louvain(const nm_graph *g, igraph_rng_t *rng, int *membership)
{
    int *off, *adj, rc;

    if (nm_graph_lists(g, &off, &adj) < 0)
        return NM_ENOMEM;
    rc = nm_louvain(g->nstates + g->ninsts, off, adj, rng, membership);
    free(off);
    free(adj);
    return rc == 0 ? NM_OK : NM_ENOMEM;
}

nm_status nm_connectivity_louvain_seed(const nm_graph *g, unsigned long seed, int *membership)
{
    igraph_rng_t rng;
    nm_status s;

    if (igraph_rng_init(&rng, igraph_rng_default()->type) != IGRAPH_SUCCESS)
        return NM_ENOMEM;
    igraph_rng_seed(&rng, (igraph_uint_t)seed);
    s = nm_connectivity_louvain(g, &rng, membership);
    igraph_rng_destroy(&rng);
    return s;
}

/* nm_connectivity_louvain_seed, or the hook's membership when o->scratch
 * has one. */
static nm_status louvain(const nm_graph *g, const nm_report_opts *o, unsigned long seed,
                         int *membership)
{
    const nm_report_scratch *sc = o ? o->scratch : NULL;

    if (sc && sc->communities_get)
        switch (sc->communities_get(sc->communities_arg, g, seed, membership)) {
        case 0:
            return NM_OK;
        case -2:
            return NM_EINTR;
        default:
            return NM_ENOMEM;
        }
    return nm_connectivity_louvain_seed(g, seed, membership);
}

static nm_status communities(const nm_graph *g, const nm_report_opts *o, unsigned long seed,
                             igraph_vector_int_t *membership, double *modularity, nm_diag *d)
{
    igraph_integer_t n = (igraph_integer_t)g->nstates + g->ninsts, v;
    igraph_error_t e;
    igraph_real_t q = NAN;
    nm_status s;
    int *m;

    *modularity = NAN;
    if ((s = need_igraph(g, d)) != NM_OK)
        return s;
    if (n == 0) {
        igraph_vector_int_clear(membership);
        return NM_OK;
    }
    s = !(m = malloc((size_t)n * sizeof(int)))
        || igraph_vector_int_resize(membership, n) != IGRAPH_SUCCESS ? NM_ENOMEM
        : louvain(g, o, seed, m);
    if (s != NM_OK) {
        free(m);
        nm_diag_error(d, NULL, 0, "community detection %s",
                      s == NM_EINTR ? "interrupted" : "out of memory");
        return s;
    }
    for (v = 0; v < n; v++)
        VECTOR(*membership)[v] = m[v];
    free(m);
    e = igraph_modularity(&g->g, membership, NULL, 1.0, 0, &q);
    if (e != IGRAPH_SUCCESS)
        return igraph_fail(d, e, "modularity");
    *modularity = q;
    return NM_OK;
}

nm_status nm_connectivity_communities(const nm_graph *g, unsigned long seed,
                                      igraph_vector_int_t *membership, double *modularity,
                                      nm_diag *d)
{
    return communities(g, NULL, seed, membership, modularity, d);
}

/* Average path length and diameter over connected pairs: igraph's, or the
 * same numbers from the exact path sums the centrality section left in
 * o->scratch (integer sums, exact in any order, then igraph's division). */
static nm_status paths(const nm_graph *g, const nm_report_opts *o, nm_connectivity *c,
                       nm_diag *d)
{
    const nm_report_scratch *s = o ? o->scratch : NULL;
    igraph_real_t apl = NAN, diam = NAN;
    igraph_error_t e;

    if (s && s->g == g && s->have_paths) {
        if (g->nstates + g->ninsts > 0) {
            apl = s->conn_pairs > 0 ? s->dist_sum / s->conn_pairs : NAN;
            diam = s->max_dist;
        }
    } else if (g->nstates + g->ninsts > 0) {
        if ((e = igraph_average_path_length(&g->g, &apl, NULL, 0, 1)) != IGRAPH_SUCCESS)
            return igraph_fail(d, e, "average path length");
        if ((e = igraph_diameter(&g->g, &diam, NULL, NULL, NULL, NULL, 0, 1)) != IGRAPH_SUCCESS)
            return igraph_fail(d, e, "diameter");
    }
    c->avg_path_length = apl;
    c->diameter = diam;
    return NM_OK;
}

/* Counts from the adjacency lists alone; triangles only within the bound;
 * the co-member counts from o->scratch when the centrality section left g's. */
static int counts(const nm_graph *g, const nm_report_opts *o, double bound, nm_connectivity *c)
{
    const int *known = o && o->scratch && o->scratch->g == g ? o->scratch->co_members : NULL;
    double ns = g->nstates, pairs_all = ns * (ns - 1) / 2, shared = 0, tri, trip;
    long pairs;
    int i, rc;

    c->states = g->nstates;
    c->insts = g->ninsts;
    c->memberships = g->nedges;
    c->density = ns > 0 && g->ninsts > 0 ? (double)g->nedges / (ns * g->ninsts) : 0;
    c->mean_insts_per_state = ns > 0 ? (double)g->nedges / ns : 0;
    for (i = 0; i < g->ninsts; i++) {
        double k = nm_graph_isize(g, i);
        shared += k * (k - 1) / 2;
    }
    if ((rc = projection_triangles(g, known, bound, &tri, &trip, &pairs)) < 0)
        return -1;
    c->mean_comembership = pairs_all > 0 ? shared / pairs_all : 0;
    c->projection_density = pairs_all > 0 ? (double)pairs / pairs_all : 0;
    c->clustering_skipped = rc == 1;
    c->projection_clustering = rc == 1 ? NAN : trip > 0 ? 3 * tri / trip : 0;
    return 0;
}

nm_status nm_connectivity_compute(const nm_graph *g, const nm_report_opts *o, nm_connectivity *c,
                                  nm_diag *d)
{
    double bound = o && o->work_bound > 0 ? o->work_bound : 3e9;
    double work = ((double)g->nstates + g->ninsts) * (double)g->nedges;
    igraph_vector_int_t memb;
    igraph_integer_t ncomp = 0;
    igraph_error_t e;
    nm_status s;

    memset(c, 0, sizeof(*c));
    c->avg_path_length = c->diameter = c->modularity = NAN;
    if ((s = need_igraph(g, d)) != NM_OK)
        return s;
    if (counts(g, o, o && o->exact ? 0 : bound, c) < 0) {
        nm_diag_error(d, NULL, 0, "connectivity: out of memory");
        return NM_ENOMEM;
    }
    e = igraph_connected_components(&g->g, NULL, NULL, &ncomp, IGRAPH_WEAK);
    if (e != IGRAPH_SUCCESS)
        return igraph_fail(d, e, "components");
    c->components = (long)ncomp;
    if (work > bound && !(o && o->exact))
        c->paths_skipped = 1;
    else if ((s = paths(g, o, c, d)) != NM_OK)
        return s;
    if (igraph_vector_int_init(&memb, 0) != IGRAPH_SUCCESS)
        return NM_ENOMEM;
    s = communities(g, o, o ? o->seed : 1, &memb, &c->modularity, d);
    if (s == NM_OK && igraph_vector_int_size(&memb) > 0)
        c->communities = (long)igraph_vector_int_max(&memb) + 1;
    igraph_vector_int_destroy(&memb);
    return s;
}

/* ---- report section ---- */

nm_status nm_section_connectivity(const nm_graph *g, const nm_report_opts *o, nm_report *r,
                                  nm_diag *d)
{
    static const char *const cols[] = {
        "states", "institutions", "memberships", "density", "components",
        "mean_institutions_per_state", "mean_comembership", "projection_density",
        "projection_clustering", "average_path_length", "diameter", "modularity", "communities"
    };
    nm_connectivity c;
    nm_table *t;
    nm_status s;
    char note[512];
    long row;

    if ((s = nm_connectivity_compute(g, o, &c, d)) != NM_OK)
        return s;
    t = nm_table_new("connectivity", "Connectivity", NM_TABLE_OBJECT, 13, cols);
    if (!t || (row = nm_table_add_row(t)) < 0)
        goto nomem;
    nm_table_int(t, row, 0, c.states);
    nm_table_int(t, row, 1, c.insts);
    nm_table_int(t, row, 2, c.memberships);
    nm_table_num(t, row, 3, c.density);
    nm_table_int(t, row, 4, c.components);
    nm_table_num(t, row, 5, c.mean_insts_per_state);
    nm_table_num(t, row, 6, c.mean_comembership);
    nm_table_num(t, row, 7, c.projection_density);
    nm_table_num(t, row, 8, c.projection_clustering);
    nm_table_num(t, row, 9, c.avg_path_length);
    nm_table_num(t, row, 10, c.diameter);
    nm_table_num(t, row, 11, c.modularity);
    nm_table_int(t, row, 12, c.communities);
    snprintf(note, sizeof(note), "communities: igraph multilevel (Louvain) with seed %lu%s%s",
             o ? o->seed : 1UL,
             c.paths_skipped ? "; average path length and diameter not computed (the graph is "
                               "above the work bound; --exact computes them)" : "",
             c.clustering_skipped ? "; projection clustering not computed (its triangle count is "
                                    "above the work bound; --exact computes it)" : "");
    if (nm_table_set_note(t, note) < 0)
        goto nomem;
    if (nm_report_add(r, t) < 0) {
        t = NULL;           /* nm_report_add freed it */
        goto nomem;
    }
    return NM_OK;
nomem:
    nm_table_free(t);
    nm_diag_error(d, NULL, 0, "out of memory building the connectivity table");
    return NM_ENOMEM;
}
