/* nm_generate.h - synthetic membership data sets for tests and benchmarks.
 *
 * nm_generate writes memberships.csv, states.csv and institutions.csv
 * (docs/data-format.md) for S states and I institutions with
 * M = llround(S * D) memberships in all, D the mean memberships per state.
 *
 * Institution sizes are heavy-tailed: institution k (0-based, I00001 the
 * largest) has weight (k + 1)^-inst_exponent (Zipf; exponent 1 by default)
 * and size n_k = clamp(c * w_k, 1, S), with the scale c found by bisection
 * so that the sizes sum to M, then rounded by largest remainder (ties: lower
 * k) to integers summing to M exactly. A few institutions are therefore
 * near-universal (capped at S members) and most are small; every one has at
 * least one member.
 *
 * State degrees are skewed: state s has weight (r_s + 1)^-state_exponent
 * (0.6 by default) with r a seeded random permutation of 0..S-1, and an
 * institution of size n <= S/2 draws its n distinct members with these
 * weights (Walker's alias table, rejecting states already drawn). An
 * institution with n > S/2 leaves out S - n states drawn uniformly. There
 * are no duplicate (state, institution) pairs; a state may belong to none.
 *
 * Randomness: splitmix64 from the seed, unbiased bounded draws; the same
 * options and seed give byte-identical files (given the same libm pow).
 *
 * Cost: O(S + I log I + M log M) time (each institution's members are
 * sorted), O(S + I) memory: rows are streamed, one institution at a time.
 * Fails (NM_EUSAGE) unless 1 <= S, 1 <= I and I <= M <= S * I.
 */
#ifndef NM_GENERATE_H
#define NM_GENERATE_H

#include <stdint.h>
#include "nm_diag.h"

typedef struct {
    long states;            /* S >= 1 */
    long insts;             /* I >= 1 */
    double mean;            /* D > 0: memberships per state */
    uint64_t seed;
    double inst_exponent;   /* Zipf exponent of institution sizes (default 1) */
    double state_exponent;  /* exponent of state weights (default 0.6), in [0, 1) */
} nm_gen_opts;

typedef struct {
    long memberships;       /* M */
    long largest;           /* size of the largest institution */
    long universal;         /* institutions with all S states */
    long singletons;        /* institutions with one member */
    long idle_states;       /* states in no institution */
    long max_degree;        /* most institutions of one state */
} nm_gen_stats;

/* States 200, institutions 300, mean 25, seed 0, exponents 1 and 0.6. */
void nm_gen_opts_init(nm_gen_opts *o);

/* The total M for o, or -1 when o is out of range (message in d). */
long nm_gen_total(const nm_gen_opts *o, nm_diag *d);

/* Fills sizes[0 .. I) with the institution sizes (caller-allocated).
 * Returns NM_OK or NM_EUSAGE (message in d). O(I log I). */
nm_status nm_gen_sizes(const nm_gen_opts *o, long *sizes, nm_diag *d);

/* Writes the data set into directory dir. When dir does not exist it is
 * made as a temporary sibling and renamed into place when complete; when it
 * is an existing directory each file is replaced atomically (nm_atomic.h).
 * st may be NULL. Returns NM_OK, NM_EUSAGE, NM_EIO or NM_ENOMEM (message in
 * d); on failure no partial file is left under dir's name. */
nm_status nm_generate(const nm_gen_opts *o, const char *dir, nm_gen_stats *st, nm_diag *d);

#endif
