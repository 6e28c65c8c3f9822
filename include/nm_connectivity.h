/* nm_connectivity.h - whole-graph connectivity of a selection (definitions in
 * docs/metrics/centrality-connectivity-inclusion.md and tests/fixtures/README.md).
 *
 * With n_s selected states, n_i institutions (those with at least one
 * counted member) and E memberships:
 *   density = E / (n_s · n_i); mean_institutions_per_state = E / n_s;
 *   components = connected components of the bipartite graph (an isolated
 *       state is one), igraph_connected_components;
 *   mean_comembership = Σ_i C(|i|, 2) / C(n_s, 2) (= mean shared
 *       institutions over state pairs);
 *   projection_density = state pairs sharing >= 1 institution / C(n_s, 2);
 *   projection_clustering = 3 · triangles / connected triples of the
 *       unweighted state projection (igraph_transitivity_undirected; no
 *       triple -> 0), triangles counted with marker arrays;
 *   average_path_length, diameter of the bipartite graph over connected
 *       pairs (igraph_average_path_length / igraph_diameter, unconn = true);
 *   modularity, communities: igraph_community_multilevel's partition of the
 *       bipartite graph after igraph_rng_seed(igraph_rng_default(), seed),
 *       computed by nm_louvain (the same membership, element for element,
 *       in O(E) per pass; nm_louvain.h), modularity as igraph_modularity of
 *       that membership (resolution 1).
 * Fewer than 2 states: the pair-based values are 0 (0/0), as the fixtures.
 * Empty denominators elsewhere give 0; igraph's NaN (no connected pair, no
 * edge for modularity) stays NaN and is written as null.
 * Cost: O(V·E) for path length and diameter, O(Σ_v co_members(v)²) for
 * triangles: each is skipped (NaN, flagged) when its cost exceeds the work
 * bound unless opts->exact; multilevel is near-linear.
 */
#ifndef NM_CONNECTIVITY_H
#define NM_CONNECTIVITY_H

#include "nm_graph.h"
#include "nm_report.h"

typedef struct {
    int states, insts;
    long memberships;
    double density;
    long components;
    double mean_insts_per_state;
    double mean_comembership;
    double projection_density;
    double projection_clustering;  /* NaN when skipped */
    int clustering_skipped;     /* 1: Σ_v co_members(v)² above the work bound */
    double avg_path_length;     /* NaN: no connected pair, or skipped */
    double diameter;            /* NaN likewise */
    int paths_skipped;          /* 1: V·E above the work bound, not computed */
    double modularity;          /* NaN when the graph has no edge */
    long communities;
} nm_connectivity;

/* Computes c for g. o may be NULL (seed 1, bound 3e9). Returns NM_OK,
 * NM_ENOMEM or NM_EDATA (an igraph failure, message in d). */
nm_status nm_connectivity_compute(const nm_graph *g, const nm_report_opts *o, nm_connectivity *c,
                                  nm_diag *d);

/* The seeded multilevel partition alone: membership (caller-initialised,
 * resized to V) and its modularity: igraph_community_multilevel's after
 * igraph_rng_seed(igraph_rng_default(), seed), drawn from a generator of
 * the default's type of its own (igraph's default is left alone). */
nm_status nm_connectivity_communities(const nm_graph *g, unsigned long seed,
                                      igraph_vector_int_t *membership, double *modularity,
                                      nm_diag *d);

/* The same membership into membership[0..V), drawing from rng (initialised
 * and seeded by the caller): nm_louvain on g's adjacency lists. It calls
 * nothing of igraph but rng's draws, so it may run in one thread while
 * another calls igraph. Returns NM_OK or NM_ENOMEM. */
nm_status nm_connectivity_louvain(const nm_graph *g, igraph_rng_t *rng, int *membership);
/* The same with a generator of igraph's default type made and seeded with
 * seed here (igraph_rng_init: to be called where igraph may be). */
nm_status nm_connectivity_louvain_seed(const nm_graph *g, unsigned long seed, int *membership);

/* Counts triangles and connected triples of the unweighted state projection
 * and its edges (pairs). O(Σ_v co_members(v)²) time, O(projection edges)
 * memory. The projection's degrees are counted first without building it:
 * when the cost exceeds bound (> 0), or the projection has more entries than
 * an int indexes, only pairs is counted and 1 is returned (triangles,
 * triples NaN; nothing materialised); else 0, or -1 (no memory). */
int nm_projection_triangles(const nm_graph *g, double bound, double *triangles, double *triples,
                            long *pairs);

#endif
