/* nm_louvain.h - the multilevel (Louvain) modularity partition, the same as
 * igraph's.
 *
 * Blondel, Guillaume, Lambiotte & Lefebvre (2008), "Fast unfolding of
 * communities in large networks", J. Stat. Mech. P10008. The reference
 * implementation is igraph_community_multilevel (igraph 0.10.2,
 * src/community/louvain.c) with no weights and resolution 1: for a graph
 * and a seed of igraph's default RNG, nm_louvain returns the very same
 * membership vector, and it draws the same random numbers (one shuffle of
 * the vertex order per level, as igraph_vector_shuffle draws it), so the RNG
 * is left in the same state too. tests/unit/test_louvain.c checks this against
 * igraph on random, bipartite, disconnected and tie-prone graphs.
 *
 * Why it is exact, not only close: on an unweighted graph every edge weight
 * of every level is a count, so all sums of weights are integers (held as
 * ints: at most twice the edges) and exact whatever their order; the only
 * rounding is in the modularity gain a - w_c·k / 2m and the modularity
 * itself, which are computed in doubles with igraph's expressions in
 * igraph's order. Candidate
 * communities are compared as igraph compares them after sorting: the
 * largest positive gain wins and, among equal gains, the lowest community
 * number.
 *
 * Why it exists: igraph sorts each vertex's incident edges on every visit
 * (igraph_incident, then qsort), which costs O(d log d) per visit of a
 * vertex of degree d; on bipartite membership graphs with near-universal
 * institutions that made it 90% of a report (large: 5.5 s). Here a visit
 * is O(d) with a marker array, and a level is shrunk in O(E). And a visit
 * that provably changes nothing is skipped: from the third pass of a level
 * on, a vertex that stayed at its last visit is not visited again while its
 * choice then won by more than the gains can have moved since (bounded by
 * the links of its neighbours that moved and by how much the totals of its
 * own community, its best rival and any other changed). A visit that stays
 * takes its degree out of its community and puts it back, which with
 * integer totals leaves every number as it was, so skipping it changes
 * neither the result nor the random draws (src/louvain.c, may_skip).
 *
 * Input: an undirected graph without loops or multiple edges, as adjacency
 * lists: the neighbours of vertex v are adj[off[v] .. off[v+1]), each edge
 * listed at both ends. Memory O(V + E).
 */
#ifndef NM_LOUVAIN_H
#define NM_LOUVAIN_H

#include <igraph.h>

/* Fills membership[0..n) with the community of each vertex, numbered as
 * igraph numbers them, drawing the visiting orders from rng: with
 * igraph_rng_default(), seeded by the caller, the draws (and the result) are
 * igraph_community_multilevel's; a generator of the same type seeded alike
 * (igraph_rng_init) gives the same. Calls nothing else of igraph, so with a
 * generator of its own it may run in one thread while another calls igraph.
 * Returns 0, or -1 when out of memory. */
int nm_louvain(int n, const int *off, const int *adj, igraph_rng_t *rng, int *membership);

#endif
