/* nm_centrality.h - bipartite centrality of states and institutions and the
 * state co-membership projection (definitions in
 * docs/metrics/centrality-connectivity-inclusion.md).
 *
 * Borgatti & Everett (1997) bipartite centralities, as NetworkX 2.8.8
 * networkx.algorithms.bipartite computes them; v's own mode has n nodes,
 * the other m, N = n + m:
 *   degree_centrality(v) = deg(v) / m                      (0 when m = 0)
 *   betweenness(v) = raw undirected betweenness (each unordered pair once,
 *       igraph_betweenness's value) / b_max, s, t = divmod(n - 1, m),
 *       b_max = (m²(s+1)² + m(s+1)(2t - s - 1) - t(2s - t + 3)) / 2;
 *       0 when b_max <= 0 (n = m = 1, where NetworkX divides by zero).
 *   closeness(v) = (m_c + 2(n_c - 1)) / Σ_{u∈C} d(v,u) · (|C| - 1)/(N - 1)
 *       with C v's component (n_c, m_c its own-/other-mode counts); 0 for an
 *       isolate. On a connected graph this is NetworkX's normalised value.
 * Both come from one Brandes (2001) pass of breadth-first searches, O(V·E).
 * When V·E exceeds opts->work_bound (and opts->exact is 0) each component
 * with more than K = opts->betw_samples nodes (default 256) uses K pivot
 * sources drawn without replacement by a seeded generator (opts->seed):
 * betweenness is scaled by |C|/K (an unbiased estimate, Brandes & Pich
 * 2007) with a standard error from the sample variance; a pivot's closeness
 * is exact, another node's distance sum is estimated as (|C| - 1) times its
 * mean distance to the pivots (Eppstein & Wang 2004). K >= |C| is exact.
 *
 * Projection (never materialised): W_uv = number of institutions states u
 * and v share (u != v), W_uu = 0, so W x = B(Bᵀx) - deg∘x.
 *   strength(v) = Σ_{i∋v} (|i| - 1); co_members(v) = distinct states sharing
 *   an institution with v.
 *   eigenvector = leading eigenvector of W scaled to maximum 1, as
 *   igraph_eigenvector_centrality(weights, scale = true): computed per
 *   projection component with ARPACK (igraph_arpack_rssolve, "LA", the
 *   matrix-free product above, start vector = strength); the component with
 *   the largest leading eigenvalue keeps its vector (ties: the first in graph
 *   order), every other state gets 0, as igraph's single ARPACK run does.
 *   No projection edge: all 0.
 * Brokerage: regions_spanned(v) = distinct institution regions (non-empty)
 * among v's institutions; broker when >= 2.
 */
#ifndef NM_CENTRALITY_H
#define NM_CENTRALITY_H

#include "nm_graph.h"
#include "nm_report.h"

#define NM_BETW_SAMPLES_DEFAULT 256
#define NM_WORK_BOUND_DEFAULT 3e9

typedef struct {
    int nstates, ninsts;    /* N = nstates + ninsts; vertex order as in nm_graph */
    double *degree_c;       /* [N] degree centrality */
    double *closeness;      /* [N] */
    double *betweenness;    /* [N] normalised (estimate when sampled) */
    double *betw_raw;       /* [N] raw: each unordered pair once */
    double *betw_se;        /* [N] standard error of betweenness (0 when exact) */
    int sampled;            /* 1: some component used pivots */
    long pivots;            /* BFS sources used in all */
    /* When not sampled (every vertex a source), the whole graph's path sums,
     * as igraph_average_path_length and igraph_diameter (unconn) see them: */
    double dist_sum;        /* Σ d(u, v) over ordered connected pairs u != v */
    double conn_pairs;      /* ordered connected pairs */
    int max_dist;           /* the longest shortest path; 0 without edges */
    double *eigen;          /* [nstates] projection eigenvector, max 1 */
    double eig_value;       /* its leading eigenvalue (0 when no projection edge) */
    double *strength;       /* [nstates] */
    int *co_members;        /* [nstates] */
    int *regions;           /* [nstates] distinct institution regions */
} nm_centrality;

/* Computes every value above for g. o may be NULL (defaults: exact below
 * 3e9 V·E, 256 pivots, seed 1). Returns NM_OK, NM_ENOMEM, or NM_EDATA when
 * ARPACK fails (message in d). On failure c is empty. Free with
 * nm_centrality_destroy. Cost O(V·E) exact, O(K·E) sampled, plus the
 * projection products O(iterations · E). */
nm_status nm_centrality_compute(const nm_graph *g, const nm_report_opts *o, nm_centrality *c,
                                nm_diag *d);
void nm_centrality_destroy(nm_centrality *c);

/* The pieces, for callers that need one. */

/* Brandes pass: fills c->closeness, betw_raw, betweenness, betw_se, sampled,
 * pivots (arrays allocated by the caller, [N] each). nsamples <= 0 means
 * NM_BETW_SAMPLES_DEFAULT; sampled = 0 forces exact. Returns 0 or -1 (no
 * memory). */
int nm_centrality_paths(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                        nm_centrality *c);

/* nm_centrality_paths with the searches of a large component (sources x
 * list entries >= 2^26) in two parts run by exec (see nm_pair.h; NULL: one
 * after the other): even and odd pivots, each part summing into its own
 * arrays, added at the end. nm_centrality_paths and the report split the
 * same components the same way, so the result is the same with or without
 * exec. */
int nm_centrality_paths_exec(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                             nm_pair_exec exec, void *user, nm_centrality *c);

/* Directions a breadth-first search level may be expanded in: from the
 * frontier's lists (PUSH) or from the lists of the nodes not yet reached
 * (PULL). nm_centrality_paths picks the cheaper one for each level (AUTO);
 * the result is the same whichever is taken. */
enum { NM_BFS_AUTO, NM_BFS_PUSH, NM_BFS_PULL };

/* nm_centrality_paths with every level expanded in direction dir (tests
 * compare the three). */
int nm_centrality_paths_dir(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                            int dir, nm_centrality *c);

/* b_max of Borgatti & Everett for own-mode size n and other-mode size m
 * (0 when undefined). */
double nm_betweenness_max(long n, long m);

/* Strength and distinct co-members of every state ([nstates] each).
 * Returns 0 or -1 (no memory). Institutions larger than S/64 members are
 * unioned as bitsets: O(Σ_v (big(v) · S/64 + Σ_{small i∋v} |i|)). */
int nm_projection_strength(const nm_graph *g, double *strength, int *co_members);

/* Eigenvector centrality of the projection into x [nstates] and the
 * leading eigenvalue into *lambda, component by component, matrix-free
 * (Wx = B(B'x) - deg.x). A component of NM_EIGEN_POWER_MIN states or more
 * takes a power iteration from the strength, stopped when the residual
 * |Wx - lambda x| is at most NM_EIGEN_POWER_TOL lambda (|x| = 1); when it
 * would need more than NM_EIGEN_POWER_MAXIT steps (a small gap between the
 * two largest |eigenvalues|), ARPACK goes on from its last vector. Smaller
 * components take ARPACK from the strength, as
 * igraph_eigenvector_centrality does. Returns NM_OK, NM_ENOMEM or NM_EDATA. */
nm_status nm_projection_eigen(const nm_graph *g, double *x, double *lambda, nm_diag *d);

#define NM_EIGEN_POWER_MIN 4096
#define NM_EIGEN_POWER_TOL 1e-13
#define NM_EIGEN_POWER_MAXIT 60

/* nm_projection_eigen with the power iteration tried on components of
 * power_min states or more (0 or 1: all; INT_MAX: none). *by_power, when
 * by_power is not NULL, is set to 1 when x came from the power iteration,
 * 0 when from ARPACK (tests check both). */
nm_status nm_projection_eigen_with(const nm_graph *g, int power_min, double *x, double *lambda,
                                   int *by_power, nm_diag *d);

#endif
