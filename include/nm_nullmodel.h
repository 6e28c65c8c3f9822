/* nm_nullmodel.h - significance of NODF against a fixed-margins null model.
 *
 * Null model: the curveball algorithm (Strona, Nappo, Boccacci, Fattorini &
 * San-Miguel-Ayanz 2014, Nature Communications 5:4114), which keeps every row
 * and column total. One trade picks two distinct rows (states) uniformly,
 * pools the columns each has and the other lacks, shuffles the pool and
 * gives each row back as many as it gave; shared columns stay. It is vegan's
 * "curveball" commsim run on membership lists. A trade finds the shared
 * columns by stamping a row's columns in a per-column array (no merge of
 * sorted lists), so rows keep no order once traded: shared columns first,
 * then the pool's columns in pool order.
 *
 * The chain starts at the observed matrix and makes `burnin` trades; then
 * it forks in two (NM_NULL_BRANCHES), the second branch starting from the
 * first's matrix with a seed of its own, and each branch records a matrix
 * every `thin` trades: the first the first ceil(nsim / 2) simulated
 * values, the second the rest (vegan: oecosimu(..., method = "curveball",
 * burnin, thin) records from one chain). Every recorded matrix is drawn
 * from the same stationary distribution either way; the branches can run
 * on two threads with no waiting between them, and the values are the
 * same whether they do or not. Defaults, when left 0:
 * thin = n_rows trades per recorded matrix (every row takes part in two
 * trades on average) and burnin = 10 * n_rows. vegan's defaults (burnin 0,
 * thin 1: consecutive matrices differ by one trade) understate the spread.
 *
 * Summary exactly as vegan::oecosimu (vegan 2.6-4) computes it:
 *   mean, sd = R's sd (n - 1 denominator), z = (obs - mean) / sd;
 *   pless = #{sim <= obs + eps}, pmore = #{sim >= obs - eps} with eps =
 *   sqrt(DBL_EPSILON); p = min(1, (2 min(pless, pmore) + 1) / (nsim + 1)),
 *   the default two-sided alternative, i.e. p = (k + 1) / (nsim + 1) with
 *   k = 2 min(pless, pmore).
 * Differences from vegan, by design: z is NaN (vegan: 0) when sd < eps
 * (e.g. no trade can change the matrix, as in a perfectly nested one); p is
 * still computed (then 1). With nsim = 1 sd, z and p are NaN (vegan stops).
 * When the observed NODF is NaN (undefined) everything is NaN.
 *
 * Randomness: the first branch is seeded with `seed`, the second with the
 * first splitmix64 output started at `seed`. In a branch, a xoshiro256**
 * stream seeded through splitmix64 from its seed (nm_rng_seed_n) draws the
 * two rows of each trade, so they are known NM_CURVEBALL_AHEAD trades in
 * advance and loaded while earlier trades run. Trade t draws its shuffle
 * from a splitmix64 stream of its own, started from a key seeded with the
 * first and from t. The smaller side's share of the pool (the first row's
 * columns not in the second, in the row's order, then the second's) is a
 * uniform subset of pool positions
 * (Floyd's algorithm for pools up to 64, partial Fisher-Yates above), with
 * unbiased bounded draws (Lemire): same seed, same platform-independent
 * numbers. The chain is the same whatever the batches of trades it is asked
 * for.
 */
#ifndef NM_NULLMODEL_H
#define NM_NULLMODEL_H

#include <signal.h>
#include <stdint.h>
#include "nm_graph.h"
#include "nm_nesting.h"
#include "nm_pair.h"
#include "nm_rng.h"

/* ---- the curveball chain ---- */
#define NM_CURVEBALL_AHEAD 16   /* trades whose rows are drawn in advance */
#define NM_CURVEBALL_PAD 16     /* spare ints after each scratch block */
typedef struct {
    int *pool;              /* one block of 6 (nc + 1 + PAD): two for the pool of */
    int *pos, *side, *toa, *tob;    /* a trade, then these into it */
    uint32_t *mark;         /* [nc + 1] each column's last stamp; the stamp in mark[nc] */
    int nc;
} nm_curveball_scratch;
typedef struct {
    int nr, nc;
    int *off, *adj;         /* current matrix, stored in the order given at init: position p
                               holds row order[p] (row p without an order) in
                               adj[off[p] .. off[p+1]), distinct, in no order */
    int (*loc)[2];          /* row r = adj[loc[r][0] .. loc[r][0] + loc[r][1]) (fixed) */
    nm_curveball_scratch sc;            /* a trade's scratch */
    nm_rng pick;            /* draws the two rows of each trade */
    uint64_t key;           /* starts each trade's shuffle stream (seeded with pick by
                               nm_rng_seed_n) */
    int ahead[NM_CURVEBALL_AHEAD][2];   /* the rows of the next AHEAD trades, a ring */
    int head;               /* the ring slot of the next trade */
    long trades;            /* trades made so far */
    int simd;               /* rebuild rows with AVX-512 (set at init where the CPU has it;
                               the same rows either way) */
} nm_curveball;

/* Starts a chain at the nr x nc matrix given as row lists (columns distinct
 * within each row, in any order: the order is part of the chain's start;
 * copied), stored in row order. Returns NM_OK or NM_ENOMEM. */
nm_status nm_curveball_init(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                            uint64_t seed);
/* Same, storing the rows in the given order (a permutation of 0..nr-1), e.g.
 * an nm_nodf_work's rorder so that nm_nodf_work_eval_ranked reads the rows in
 * sequence. The order changes only where rows are kept, never the chain. */
nm_status nm_curveball_init_order(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                                  const int *order, uint64_t seed);
/* Makes n trades. O(n * (mean row length)) expected; no allocation. */
void nm_curveball_trade(nm_curveball *cb, long n);

void nm_curveball_destroy(nm_curveball *cb);

/* ---- NODF against the null model ---- */
#define NM_NULL_BRANCHES 2       /* branches of the chain (see above) */
#define NM_NULL_PAIR_ROWS 4096      /* from this many rows they run at the same time */
typedef struct {
    long nsim;              /* simulated matrices (>= 1) */
    uint64_t seed;
    long burnin, thin;      /* trades; 0 = the defaults above */
    volatile sig_atomic_t *stop;  /* when non-NULL and set: stop with NM_EINTR */
    void (*progress)(void *arg, long done, long total);  /* may be NULL */
    void *progress_arg;
    nm_pair_exec exec;      /* may be NULL: a second thread for the branches, used when */
    void *exec_arg;         /* the rows number NM_NULL_PAIR_ROWS or more; same results */
} nm_null_opts;

typedef struct {
    nm_nodf obs;            /* observed */
    long nsim, burnin, thin;    /* as used */
    double mean, sd, z, p;  /* of the simulated NODF values */
    double *sim;            /* [nsim] simulated NODF, in order; owned, freed by nm_null_destroy */
} nm_null;

/* Defaults: nsim 99, seed 1, burnin and thin 0 (automatic), no stop. */
void nm_null_opts_init(nm_null_opts *o);

/* Observed NODF of g and its null distribution. Returns NM_OK, NM_EUSAGE
 * (nsim < 1), NM_ENOMEM or NM_EINTR (res is then destroyed). Time:
 * O(burnin + nsim * thin) trades + O(nsim * (n_r + n_c + E)), the part
 * after the burn-in in two threads from NM_NULL_PAIR_ROWS rows; memory:
 * two copies of the matrix. progress is called about every 1% and at the end. */
nm_status nm_null_nodf(const nm_graph *g, const nm_null_opts *o, nm_null *res, nm_diag *d);

/* Same on a list matrix (see nm_nodf_lists; columns distinct within a row). */
nm_status nm_null_nodf_lists(int nr, int nc, const int *off, const int *adj, const nm_null_opts *o,
                             nm_null *res, nm_diag *d);
void nm_null_destroy(nm_null *res);

#endif
