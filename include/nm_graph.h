/* nm_graph.h - a selection (snapshot) of a data set as a bipartite igraph.
 *
 * A filter picks a year, regions, institution types, a track and the
 * membership roles that count. nm_graph_build turns a data set and a filter
 * into the bipartite state-to-institution graph every metric works on:
 * vertices 0..nstates-1 are states, nstates..nstates+ninsts-1 institutions,
 * types[v] is false for a state and true for an institution, and one edge
 * joins a state to each institution it belongs to.
 */
#ifndef NM_GRAPH_H
#define NM_GRAPH_H

#include <igraph.h>
#include "nm_dataset.h"

#define NM_FILTER_MAX_REGIONS 16

typedef struct {
    int year;               /* NM_YEAR_NONE: every row, whatever its years */
    const char *regions[NM_FILTER_MAX_REGIONS]; /* state region or subregion */
    int nregions;
    unsigned types;         /* bit (1u << nm_itype); 0 = all */
    int track;              /* 1 or 2; 0 = both */
    unsigned roles;         /* bit (1u << nm_role); 0 means full only */
} nm_filter;

/* The default filter: all years, regions, types and tracks; full members. */
void nm_filter_init(nm_filter *f);

/* Parses a comma-separated role list ("full,associate" or "all") into
 * f->roles. Returns 0, or -1 with the offending word in bad. */
int nm_filter_set_roles(nm_filter *f, const char *list, char *bad, size_t badlen);
/* Same for types ("collective-defence,economic"). */
int nm_filter_set_types(nm_filter *f, const char *list, char *bad, size_t badlen);

/* Does membership row m (of institution x) count under f: a counted role,
 * holding in the year, an institution of the chosen types and track? (The
 * state's own selection is separate.) */
int nm_filter_member(const nm_filter *f, const nm_membership *m, const nm_institution *x);

/* Writes a one-line description of the selection, e.g.
 * "year 1999, region Europe, all types, tracks 1 and 2, roles: full". */
void nm_filter_describe(const nm_filter *f, char *buf, size_t len);

typedef struct {
    const nm_dataset *ds;   /* borrowed: must outlive the graph */
    nm_filter filter;
    igraph_t g;             /* only when has_igraph (nm_graph_build, nm_graph_add_igraph) */
    igraph_vector_bool_t types;
    int has_igraph;
    int nstates, ninsts;
    int *state_ix;          /* [nstates] index into ds->states */
    int *inst_ix;           /* [ninsts] index into ds->insts */
    /* Memberships as sorted adjacency lists (local indices). */
    int *s_off, *s_adj;     /* state v: institutions s_adj[s_off[v] .. s_off[v+1]) */
    int *i_off, *i_adj;     /* institution i: states i_adj[i_off[i] .. i_off[i+1]) */
    nm_role *s_role;        /* role of each s_adj entry (the strongest when several rows hold) */
    long nedges;
} nm_graph;

/* Builds the selection of ds under f into g. States: those (existing in the
 * year, in the regions) of the data set. Memberships: rows that hold in the
 * year with a counted role, between a selected state and an institution of
 * the selected types and track. Institutions: those with at least one such
 * membership. Returns NM_OK or NM_ENOMEM. An empty selection is not an error
 * here (nstates == 0); commands decide. Time O(M + S + I + sum of d log d
 * over the states' degrees d): one counting sort of the memberships by state,
 * and the igraph_t filled from the sorted lists (with igraph_create, and its
 * sorts, only while an igraph attribute table is installed). */
nm_status nm_graph_build(nm_graph *g, const nm_dataset *ds, const nm_filter *f, nm_diag *d);

/* The same without the igraph_t (g->g and g->types, has_igraph 0), which
 * nm_graph_add_igraph adds when it is needed: only the connectivity
 * section (components, modularity, exact path lengths) and the export read
 * it, and on large data it is the largest part of the graph (four 64-bit
 * integers an edge: 160 MB for 5 M memberships). nm_graph_build is this
 * and nm_graph_add_igraph. */
nm_status nm_graph_build_lists(nm_graph *g, const nm_dataset *ds, const nm_filter *f, nm_diag *d);
/* Adds g's igraph_t when it has none. It writes only g->g, g->types and
 * g->has_igraph, so other threads may read the rest of g meanwhile.
 * Returns NM_OK or NM_ENOMEM (g unchanged). */
nm_status nm_graph_add_igraph(nm_graph *g, nm_diag *d);

/* Frees what g owns (not the data set). Safe on a zeroed graph. */
void nm_graph_destroy(nm_graph *g);

/* Convenience accessors. */
static inline const nm_state *nm_graph_state(const nm_graph *g, int v)
{
    return &g->ds->states[g->state_ix[v]];
}
static inline const nm_institution *nm_graph_inst(const nm_graph *g, int i)
{
    return &g->ds->insts[g->inst_ix[i]];
}
/* Number of institutions of state v / members of institution i. */
static inline int nm_graph_sdeg(const nm_graph *g, int v) { return g->s_off[v + 1] - g->s_off[v]; }
static inline int nm_graph_isize(const nm_graph *g, int i) { return g->i_off[i + 1] - g->i_off[i]; }

/* The whole bipartite graph as one adjacency list in igraph's vertex order
 * (states, then institutions at nstates + i): the neighbours of v are
 * (*adj)[(*off)[v] .. (*off)[v+1]), each membership listed at both ends.
 * Returns 0, or -1 when out of memory; the caller frees both. O(V + E). */
int nm_graph_lists(const nm_graph *g, int **off, int **adj);

/* Is the rivalry r active in the graph's year (always, with no year)? */
int nm_graph_rivalry_active(const nm_graph *g, const nm_rivalry *r);

#endif
