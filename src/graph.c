/* graph.c - filters and the bipartite selection graph (see nm_graph.h). */
#include "nm_graph.h"
#include "nm_order.h"

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

typedef struct { int s, i; nm_role role; } pair;


/* Collects the selected memberships as (local state, data-set institution)
 * pairs, sorted by state then institution, one per pair with its strongest
 * role (full < associate < observer < partner). Linear time. */
static pair *collect(const nm_graph *g, const int *slocal, size_t *np)
{
    const nm_dataset *ds = g->ds;
    size_t n = 0, k = 0, i, *ord = NULL;
    pair *raw = malloc((ds->nmembers + 1) * sizeof(*raw)), *p = NULL;
    int *a = malloc((ds->nmembers + 1) * sizeof(int)), *b = malloc((ds->nmembers + 1) * sizeof(int));

    if (raw && a && b) {
        for (i = 0; i < ds->nmembers; i++) {
            const nm_membership *m = &ds->members[i];
            if (slocal[m->state] < 0 || !nm_filter_member(&g->filter, m, &ds->insts[m->inst]))
                continue;
            raw[n].s = a[n] = slocal[m->state];
            raw[n].i = b[n] = m->inst;
            raw[n].role = m->role;
            n++;
        }
        ord = malloc((n + 1) * sizeof(*ord));
        p = malloc((n + 1) * sizeof(*p));
    }
    if (!ord || !p || nm_order_pairs(n, a, g->nstates, b, (int)ds->ninsts, ord) < 0) {
        free(p);
        p = NULL;
    }
    for (i = 0; p && i < n; i++) {
        const pair *x = &raw[ord[i]];     /* ord is a permutation of 0..n-1 (nm_order.h) */
        /* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): see above */
        if (k > 0 && p[k - 1].s == x->s && p[k - 1].i == x->i) {
            if (x->role < p[k - 1].role)
                p[k - 1].role = x->role;
        } else {
            p[k++] = *x;
        }
    }
    free(raw);
    free(a);
    free(b);
    free(ord);
    *np = k;
    return p;
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

static int select_insts(nm_graph *g, pair *p, size_t np)
{
    const nm_dataset *ds = g->ds;
    int *ilocal = malloc((ds->ninsts + 1) * sizeof(int));
    size_t i;

    g->inst_ix = malloc((ds->ninsts + 1) * sizeof(int));
    if (!ilocal || !g->inst_ix) {
        free(ilocal);
        return -1;
    }
    for (i = 0; i < ds->ninsts; i++)
        ilocal[i] = -1;
    for (i = 0; i < np; i++)
        ilocal[p[i].i] = 0;
    for (i = 0; i < ds->ninsts; i++)
        if (ilocal[i] == 0) {
            ilocal[i] = g->ninsts;
            g->inst_ix[g->ninsts++] = (int)i;
        }
    for (i = 0; i < np; i++)
        p[i].i = ilocal[p[i].i];
    free(ilocal);
    return 0;
}

/* Fills the two adjacency lists from the sorted pairs. */
static int build_lists(nm_graph *g, const pair *p, size_t np)
{
    int *fill;
    size_t k;
    int v;

    g->s_off = calloc((size_t)g->nstates + 1, sizeof(int));
    g->i_off = calloc((size_t)g->ninsts + 1, sizeof(int));
    g->s_adj = malloc((np + 1) * sizeof(int));
    g->i_adj = malloc((np + 1) * sizeof(int));
    g->s_role = malloc((np + 1) * sizeof(nm_role));
    fill = calloc((size_t)g->ninsts + 1, sizeof(int));
    if (!g->s_off || !g->i_off || !g->s_adj || !g->i_adj || !g->s_role || !fill) {
        free(fill);
        return -1;
    }
    for (k = 0; k < np; k++) {
        g->s_off[p[k].s + 1]++;
        g->i_off[p[k].i + 1]++;
    }
    for (v = 0; v < g->nstates; v++)
        g->s_off[v + 1] += g->s_off[v];
    for (v = 0; v < g->ninsts; v++)
        g->i_off[v + 1] += g->i_off[v];
    /* pairs are sorted by state, then by data-set institution index, which
     * select_insts maps monotonically: both lists come out sorted */
    for (k = 0; k < np; k++) {
        g->s_adj[k] = p[k].i;
        g->s_role[k] = p[k].role;
        g->i_adj[g->i_off[p[k].i] + fill[p[k].i]++] = p[k].s;
    }
    free(fill);
    g->nedges = (long)np;
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

nm_status nm_graph_build(nm_graph *g, const nm_dataset *ds, const nm_filter *f, nm_diag *d)
{
    int *slocal = malloc((ds->nstates + 1) * sizeof(int));
    pair *p = NULL;
    size_t np = 0;
    int ok;

    (void)d;
    memset(g, 0, sizeof(*g));
    g->ds = ds;
    g->filter = *f;
    ok = slocal && select_states(g, slocal) == 0;
    if (ok)
        ok = (p = collect(g, slocal, &np)) != NULL;
    ok = ok && select_insts(g, p, np) == 0 && build_lists(g, p, np) == 0;
    free(slocal);
    free(p);
    if (!ok || build_igraph(g) < 0) {
        free(g->state_ix); free(g->inst_ix); free(g->s_off); free(g->s_adj);
        free(g->i_off); free(g->i_adj); free(g->s_role);
        memset(g, 0, sizeof(*g));
        return NM_ENOMEM;
    }
    return NM_OK;
}

void nm_graph_destroy(nm_graph *g)
{
    if (g->state_ix) {
        igraph_destroy(&g->g);
        igraph_vector_bool_destroy(&g->types);
    }
    free(g->state_ix); free(g->inst_ix); free(g->s_off); free(g->s_adj);
    free(g->i_off); free(g->i_adj); free(g->s_role);
    memset(g, 0, sizeof(*g));
}

int nm_graph_rivalry_active(const nm_graph *g, const nm_rivalry *r)
{
    int y = g->filter.year;

    if (!y)
        return 1;
    return (!r->from || r->from <= y) && (!r->to || y <= r->to);
}
