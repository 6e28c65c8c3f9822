/* graph.c - filters and the bipartite selection graph (see nm_graph.h). */
#include "nm_graph.h"
#include "nm_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nm_filter_init(nm_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->roles = 1u << NM_ROLE_FULL;
}

typedef int (*parse_fn)(const char *);

static int set_mask(unsigned *mask, const char *list, parse_fn parse, int n,
                    char *bad, size_t badlen)
{
    unsigned m = 0;

    if (strcmp(list, "all") == 0) {
        *mask = (1u << n) - 1;
        return 0;
    }
    while (*list) {
        size_t len = strcspn(list, ",");
        char word[64];
        int v = -1;
        if (len < sizeof(word)) {
            memcpy(word, list, len);
            word[len] = '\0';
            v = parse(word);
        }
        if (v < 0) {
            snprintf(bad, badlen, "%.*s", (int)(len < 60 ? len : 60), list);
            return -1;
        }
        m |= 1u << v;
        list += len;
        if (*list == ',')
            list++;
    }
    if (!m) {
        snprintf(bad, badlen, "%s", "");
        return -1;
    }
    *mask = m;
    return 0;
}

int nm_filter_set_roles(nm_filter *f, const char *list, char *bad, size_t badlen)
{
    return set_mask(&f->roles, list, nm_role_parse, NM_NROLES, bad, badlen);
}

int nm_filter_set_types(nm_filter *f, const char *list, char *bad, size_t badlen)
{
    return set_mask(&f->types, list, nm_type_parse, NM_NTYPES, bad, badlen);
}

static size_t cat(char *buf, size_t len, size_t off, const char *s)
{
    if (off < len)
        snprintf(buf + off, len - off, "%s", s);
    return off + strlen(s);
}

void nm_filter_describe(const nm_filter *f, char *buf, size_t len)
{
    char tmp[64];
    size_t off = 0;
    unsigned roles = f->roles ? f->roles : 1u << NM_ROLE_FULL;
    int i, first = 1;

    if (len == 0)
        return;
    buf[0] = '\0';
    if (f->year)
        snprintf(tmp, sizeof(tmp), "end of %d", f->year);
    else
        snprintf(tmp, sizeof(tmp), "all years");
    off = cat(buf, len, off, tmp);
    off = cat(buf, len, off, f->nregions ? "; region " : "; all regions");
    for (i = 0; i < f->nregions; i++) {
        off = cat(buf, len, off, i ? " + " : "");
        off = cat(buf, len, off, f->regions[i]);
    }
    off = cat(buf, len, off, f->types ? "; types " : "; all types");
    for (i = 0; i < NM_NTYPES; i++) {
        if (f->types & (1u << i)) {
            off = cat(buf, len, off, first ? "" : ",");
            off = cat(buf, len, off, nm_type_name((nm_itype)i));
            first = 0;
        }
    }
    off = cat(buf, len, off, f->track == 1 ? "; track 1" : f->track == 2 ? "; track 2" : "; tracks 1 and 2");
    off = cat(buf, len, off, "; roles counted: ");
    first = 1;
    for (i = 0; i < NM_NROLES; i++) {
        if (roles & (1u << i)) {
            off = cat(buf, len, off, first ? "" : ",");
            off = cat(buf, len, off, nm_role_name((nm_role)i));
            first = 0;
        }
    }
}

static int state_selected(const nm_state *s, const nm_filter *f)
{
    int i;

    if (f->year && !nm_state_exists(s, f->year))
        return 0;
    if (f->nregions == 0)
        return 1;
    for (i = 0; i < f->nregions; i++)
        if (strcmp(s->region, f->regions[i]) == 0 || strcmp(s->subregion, f->regions[i]) == 0)
            return 1;
    return 0;
}

int nm_filter_member(const nm_filter *f, const nm_membership *m, const nm_institution *x)
{
    unsigned roles = f->roles ? f->roles : 1u << NM_ROLE_FULL;

    if (!(roles & (1u << m->role)))
        return 0;
    if (f->year && !nm_membership_holds(m, f->year))
        return 0;
    if (f->types && !(f->types & (1u << x->type)))
        return 0;
    if (f->track && x->track != f->track)
        return 0;
    return 1;
}

/* A selected membership packed in an int: data-set institution << 2 | role.
 * Sorting these orders by institution, the strongest role (full <
 * associate < observer < partner) first. Institutions number at most
 * 2 x NM_CSV_MAX_ROWS (institutions.csv plus those memberships name), far
 * below INT_MAX >> 2. */
#define PACK(inst, role) ((int)(inst) << 2 | (int)(role))
_Static_assert(NM_NROLES <= 4, "a role fits in 2 bits");

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;

    return (a > b) - (a < b);
}

/* Sorts a[0..n): insertion sort for the usual handful, qsort beyond. */
static void sort_ints(int *a, int n)
{
    int i, j, v;

    if (n > 16) {
        qsort(a, (size_t)n, sizeof(*a), cmp_int);
        return;
    }
    for (i = 1; i < n; i++) {
        v = a[i];
        for (j = i; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

static int counts(const nm_graph *g, const nm_membership *m, const int *slocal)
{
    return slocal[m->state] >= 0 && nm_filter_member(&g->filter, m, &g->ds->insts[m->inst]);
}

/* The selected memberships grouped by local state (a counting sort: g->s_off
 * gets the offsets), each state's list sorted and cut to one entry per
 * institution with its strongest role. Returns the packed entries (see
 * PACK), or NULL when out of memory. O(M + S + sum of d log d) time, an int
 * per selected membership. */
static int *collect(nm_graph *g, const int *slocal)
{
    const nm_dataset *ds = g->ds;
    size_t i, n = 0;
    int *pk, *at, v, k = 0, j;

    if (!(g->s_off = calloc((size_t)g->nstates + 1, sizeof(int))))
        return NULL;
    for (i = 0; i < ds->nmembers; i++)
        if (counts(g, &ds->members[i], slocal)) {
            g->s_off[slocal[ds->members[i].state] + 1]++;
            n++;
        }
    for (v = 0; v < g->nstates; v++)
        g->s_off[v + 1] += g->s_off[v];
    pk = nm_mem_alloc_whole((n + 1) * sizeof(int));
    at = nm_mem_alloc_whole(((size_t)g->nstates + 1) * sizeof(int));
    if (!pk || !at) {
        free(pk);
        free(at);
        return NULL;
    }
    memcpy(at, g->s_off, (size_t)g->nstates * sizeof(int));
    for (i = 0; i < ds->nmembers; i++) {
        const nm_membership *m = &ds->members[i];
        if (counts(g, m, slocal))
            pk[at[slocal[m->state]]++] = PACK(m->inst, m->role);
    }
    free(at);
    for (v = 0; v < g->nstates; v++) {     /* sort and cut in place: k <= j */
        int lo = g->s_off[v], hi = g->s_off[v + 1], prev = -1;
        sort_ints(pk + lo, hi - lo);
        g->s_off[v] = k;
        for (j = lo; j < hi; j++)
            if (pk[j] >> 2 != prev) {
                prev = pk[j] >> 2;
                pk[k++] = pk[j];
            }
    }
    g->s_off[g->nstates] = k;
    g->nedges = k;
    return pk;
}

static int select_states(nm_graph *g, int *slocal)
{
    const nm_dataset *ds = g->ds;
    size_t i;

    g->state_ix = malloc((ds->nstates + 1) * sizeof(int));
    if (!g->state_ix)
        return -1;
    for (i = 0; i < ds->nstates; i++) {
        slocal[i] = -1;
        if (state_selected(&ds->states[i], &g->filter)) {
            slocal[i] = g->nstates;
            g->state_ix[g->nstates++] = (int)i;
        }
    }
    return 0;
}

/* The institutions with a selected membership, numbered in data-set order;
 * turns the packed entries into s_adj (local institutions, still sorted:
 * the numbering is monotone) and s_role. Takes over pk. */
static int select_insts(nm_graph *g, int *pk)
{
    const nm_dataset *ds = g->ds;
    int *ilocal = nm_mem_alloc((ds->ninsts + 1) * sizeof(int)), k;
    size_t i;

    g->s_adj = pk;
    g->inst_ix = malloc((ds->ninsts + 1) * sizeof(int));
    g->s_role = nm_mem_alloc_whole(((size_t)g->nedges + 1) * sizeof(nm_role));
    if (!ilocal || !g->inst_ix || !g->s_role) {
        free(ilocal);
        return -1;
    }
    for (i = 0; i < ds->ninsts; i++)
        ilocal[i] = -1;
    for (k = 0; k < g->nedges; k++)
        ilocal[pk[k] >> 2] = 0;
    for (i = 0; i < ds->ninsts; i++)
        if (ilocal[i] == 0) {
            ilocal[i] = g->ninsts;
            g->inst_ix[g->ninsts++] = (int)i;
        }
    for (k = 0; k < g->nedges; k++) {
        g->s_role[k] = (nm_role)(pk[k] & 3);
        g->s_adj[k] = ilocal[pk[k] >> 2];
    }
    free(ilocal);
    return 0;
}

/* The institutions' member lists from the states' (a counting sort by
 * institution, states visited in order: each list comes out sorted). */
static int build_inst_lists(nm_graph *g)
{
    int *fill, v, k;

    g->i_off = calloc((size_t)g->ninsts + 1, sizeof(int));
    g->i_adj = nm_mem_alloc_whole(((size_t)g->nedges + 1) * sizeof(int));
    fill = malloc(((size_t)g->ninsts + 1) * sizeof(int));
    if (!g->i_off || !g->i_adj || !fill) {
        free(fill);
        return -1;
    }
    for (k = 0; k < g->nedges; k++)
        g->i_off[g->s_adj[k] + 1]++;
    for (v = 0; v < g->ninsts; v++)
        g->i_off[v + 1] += g->i_off[v];
    memcpy(fill, g->i_off, (size_t)g->ninsts * sizeof(int));
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            g->i_adj[fill[g->s_adj[k]]++] = v;
    free(fill);
    return 0;
}

/* The edge list for igraph_create: edge k joins state v to institution
 * s_adj[k], in the order of the adjacency lists. */
static int edge_list(const nm_graph *g, igraph_vector_int_t *edges)
{
    int v, k;

    if (igraph_vector_int_init(edges, 2 * (igraph_integer_t)g->nedges) != IGRAPH_SUCCESS)
        return -1;
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
            VECTOR(*edges)[2 * (igraph_integer_t)k] = v;
            VECTOR(*edges)[2 * (igraph_integer_t)k + 1] = g->nstates + g->s_adj[k];
        }
    return 0;
}

/* Fills the indexed edge list of an empty igraph_t (igraph_datatype.h) with
 * what igraph_create(edge_list) computes, from the sorted adjacency lists
 * instead of igraph's two radix sorts, the bulk of building a large graph.
 * Undirected: from[e] is the larger end (the institution), to[e] the state;
 * oi orders the edges by (from, to), ii by (to, from), which is the edge
 * order itself; os[w] / is[w] count the edges whose from / to is below w.
 * O(V + E); test_graph.c checks it against igraph_create. */
static int fill_igraph(const nm_graph *g, igraph_t *G)
{
    igraph_integer_t m = g->nedges, w, ns = g->nstates, n = ns + g->ninsts;
    int *at = malloc(((size_t)g->ninsts + 1) * sizeof(int)), v, k;

    if (!at || igraph_vector_int_resize(&G->from, m) != IGRAPH_SUCCESS
        || igraph_vector_int_resize(&G->to, m) != IGRAPH_SUCCESS
        || igraph_vector_int_resize(&G->oi, m) != IGRAPH_SUCCESS
        || igraph_vector_int_resize(&G->ii, m) != IGRAPH_SUCCESS) {
        free(at);
        return -1;
    }
    nm_mem_whole(VECTOR(G->from), (size_t)m * sizeof(igraph_integer_t));
    nm_mem_whole(VECTOR(G->to), (size_t)m * sizeof(igraph_integer_t));
    nm_mem_whole(VECTOR(G->oi), (size_t)m * sizeof(igraph_integer_t));
    nm_mem_whole(VECTOR(G->ii), (size_t)m * sizeof(igraph_integer_t));
    memcpy(at, g->i_off, (size_t)g->ninsts * sizeof(int));
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
            VECTOR(G->from)[k] = ns + g->s_adj[k];
            VECTOR(G->to)[k] = v;
            VECTOR(G->ii)[k] = k;
            VECTOR(G->oi)[at[g->s_adj[k]]++] = k;
        }
    free(at);
    for (w = 0; w <= n; w++) {
        VECTOR(G->os)[w] = w <= ns ? 0 : g->i_off[w - ns];
        VECTOR(G->is)[w] = w <= ns ? g->s_off[w] : m;
    }
    igraph_invalidate_cache(G);
    return 0;
}

static int build_igraph(nm_graph *g)
{
    igraph_vector_int_t edges;
    igraph_integer_t n = (igraph_integer_t)g->nstates + g->ninsts, v;
    int rc;

    if (igraph_has_attribute_table()) {     /* igraph_create keeps attributes in step */
        if (edge_list(g, &edges) < 0)
            return -1;
        rc = igraph_create(&g->g, &edges, n, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS ? 0 : -1;
        igraph_vector_int_destroy(&edges);
    } else {
        if (igraph_empty(&g->g, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
            return -1;
        if ((rc = fill_igraph(g, &g->g)) < 0)
            igraph_destroy(&g->g);
    }
    if (rc < 0)
        return -1;
    if (igraph_vector_bool_init(&g->types, n) != IGRAPH_SUCCESS) {
        igraph_destroy(&g->g);
        return -1;
    }
    for (v = g->nstates; v < n; v++)
        VECTOR(g->types)[v] = 1;
    return 0;
}

nm_status nm_graph_build_lists(nm_graph *g, const nm_dataset *ds, const nm_filter *f, nm_diag *d)
{
    int *slocal = malloc((ds->nstates + 1) * sizeof(int)), *pk = NULL;
    int ok;

    (void)d;
    memset(g, 0, sizeof(*g));
    g->ds = ds;
    g->filter = *f;
    ok = slocal && select_states(g, slocal) == 0 && (pk = collect(g, slocal)) != NULL;
    free(slocal);
    ok = ok && select_insts(g, pk) == 0 && build_inst_lists(g) == 0;
    if (!ok) {
        if (!g->s_adj)
            free(pk);
        nm_graph_destroy(g);
        return NM_ENOMEM;
    }
    return NM_OK;
}

nm_status nm_graph_add_igraph(nm_graph *g, nm_diag *d)
{
    (void)d;
    if (g->has_igraph)
        return NM_OK;
    if (build_igraph(g) < 0)
        return NM_ENOMEM;
    g->has_igraph = 1;
    return NM_OK;
}

nm_status nm_graph_build(nm_graph *g, const nm_dataset *ds, const nm_filter *f, nm_diag *d)
{
    nm_status s = nm_graph_build_lists(g, ds, f, d);

    if (s == NM_OK && (s = nm_graph_add_igraph(g, d)) != NM_OK)
        nm_graph_destroy(g);
    return s;
}

void nm_graph_destroy(nm_graph *g)
{
    if (g->has_igraph) {
        igraph_destroy(&g->g);
        igraph_vector_bool_destroy(&g->types);
    }
    free(g->state_ix); free(g->inst_ix); free(g->s_off); free(g->s_adj);
    free(g->i_off); free(g->i_adj); free(g->s_role);
    memset(g, 0, sizeof(*g));
}

int nm_graph_lists(const nm_graph *g, int **offp, int **adjp)
{
    int ns = g->nstates, n = ns + g->ninsts, v, k, e = 0;
    int *off = malloc(((size_t)n + 1) * sizeof(int));
    int *adj = malloc((2 * (size_t)g->nedges + 1) * sizeof(int));

    if (!off || !adj) {
        free(off);
        free(adj);
        return -1;
    }
    for (v = 0; v < ns; v++) {
        off[v] = e;
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            adj[e++] = ns + g->s_adj[k];
    }
    for (v = 0; v < g->ninsts; v++) {
        off[ns + v] = e;
        for (k = g->i_off[v]; k < g->i_off[v + 1]; k++)
            adj[e++] = g->i_adj[k];
    }
    off[n] = e;
    *offp = off;
    *adjp = adj;
    return 0;
}

int nm_graph_rivalry_active(const nm_graph *g, const nm_rivalry *r)
{
    int y = g->filter.year;

    if (!y)
        return 1;
    return (!r->from || r->from <= y) && (!r->to || y <= r->to);
}
