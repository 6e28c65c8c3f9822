/* nm_nesting.h - matrix nestedness (NODF) and per-state nesting profiles.
 *
 * NODF (Almeida-Neto, Guimarães, Guimarães, Loyola & Ulrich 2008, Oikos
 * 117:1227-1239) on the 0/1 matrix with rows = states and columns =
 * institutions, exactly as R vegan::nestednodf(order = TRUE, weighted =
 * FALSE) (vegan 2.6-4):
 *   - a row pair i, j with fill_i > fill_j > 0 scores |row_i & row_j| / fill_j;
 *     pairs with equal fills or an empty row score 0 (so the order given to
 *     ties never matters);
 *   - N_rows = 100 * (sum of row-pair scores) / (n_r (n_r - 1) / 2), N_columns
 *     alike over columns, NODF = 100 * (all pair scores) / (row pairs + column
 *     pairs). Empty rows (states in no institution) stay in the denominators.
 * Undefined cases: N_rows is NaN with fewer than 2 rows, N_columns with fewer
 * than 2 columns, NODF when both are (no pair at all, e.g. 1 x 1). vegan
 * itself fails with an error on a single row or column.
 *
 * Method: the pair sum decomposes over the cells two rows share:
 *   sum_{fill_a > fill_b} |a & b| / fill_b
 *     = sum_b (1 / fill_b) * sum_{c in b} #{a in column c : fill_a > fill_b}.
 * Taking the rows in runs of equal fill, largest first (a stable counting
 * sort), and keeping for each column the number of rows of the runs already
 * taken that hold it, the inner count of b is the sum of those numbers over
 * b's columns; a run is added only after all its rows are counted. Both
 * halves (the columns over the column lists) cost O(n_r + n_c + E) time and
 * memory (E = memberships), with integer counts until one division per row,
 * summed in index order: no row or column pair is ever visited.
 */
#ifndef NM_NESTING_H
#define NM_NESTING_H

#include "nm_graph.h"
#include "nm_overlap.h"

#include <stdint.h>

typedef struct {
    double nodf;            /* NaN when undefined (see above) */
    double rows;            /* N_rows: state pairs */
    double cols;            /* N_columns: institution pairs */
} nm_nodf;

/* NODF of the nr x nc 0/1 matrix given as row lists: row r holds columns
 * adj[off[r] .. off[r+1]) (distinct, any order, each in 0..nc-1). Returns
 * NM_OK, or NM_ENOMEM (out is then all NaN). O(nr + nc + E). */
nm_status nm_nodf_lists(int nr, int nc, const int *off, const int *adj, nm_nodf *out);

/* A reusable NODF evaluator for a series of matrices with the same margins
 * (the null model's chain): the fill orders are ranked once, from the first
 * matrix, and every buffer is allocated once. Evaluating walks each row list
 * with a count per column for the row half; for the column half, where the
 * CPU has AVX-512, it ranks each row's columns by fill (in vectors for rows
 * of up to 64 columns, by a radix sort above: no column lists), elsewhere it
 * rebuilds the column lists and walks them with a count per row. O(n_r +
 * n_c + E) time, no allocation. */
typedef struct {
    int nr, nc;
    int *rfill, *cfill;     /* row and column totals (fixed) */
    int *rorder, *corder;   /* rows / columns by decreasing fill, stable */
    int *rstart, *cstart;   /* starts of the runs of equal fill in those orders */
    int nrruns, ncruns;
    int *seen;              /* scratch: max(n_r, n_c) + 2 */
    long long *cnt;         /* scratch: per row (per column in the column half) */
    int simd;               /* the column half from the rows, with AVX-512 (set at
                               init where the CPU has it) */
    int *crun;              /* simd: each column's run of equal fill (index in cstart) */
    int maxrow, runbytes;   /* simd: the longest row; bytes of the largest run number */
    uint64_t *keys;         /* simd: 2 x maxrow sort keys (rows over 64) */
    int *toff, *tpos, *tadj;    /* not simd: the column lists of the matrix evaluated */
} nm_nodf_work;

/* Ranks the margins of the nr x nc list matrix off/adj (as nm_nodf_lists).
 * Returns NM_OK or NM_ENOMEM (w is then empty). Free with
 * nm_nodf_work_destroy (also safe on a zeroed w). */
nm_status nm_nodf_work_init(nm_nodf_work *w, int nr, int nc, const int *off, const int *adj);
/* Same; simd 0 takes the column lists even where the CPU has AVX-512 (for
 * tests), -1 chooses as nm_nodf_work_init does. */
nm_status nm_nodf_work_init_simd(nm_nodf_work *w, int nr, int nc, const int *off, const int *adj,
                                 int simd);
/* NODF of off/adj, which must have the row and column totals of the matrix
 * w was initialised with (the same off). Same result as nm_nodf_lists, bit
 * for bit. */
void nm_nodf_work_eval(nm_nodf_work *w, const int *off, const int *adj, nm_nodf *out);
/* Same with the rows stored in w->rorder's order: the row of rank p is
 * radj[roff[p] .. roff[p+1]) (an nm_curveball started with that order). */
void nm_nodf_work_eval_ranked(nm_nodf_work *w, const int *roff, const int *radj, nm_nodf *out);
void nm_nodf_work_destroy(nm_nodf_work *w);

/* NODF of the selection: rows = states, columns = institutions. */
nm_status nm_nodf_compute(const nm_graph *g, nm_nodf *out, nm_diag *d);

/* A state's place in the institutional order.
 * depth: the length of the longest chain A1 ⊂ A2 ⊂ ... ⊂ Ak of institutions
 * (strict containment of member sets) that all contain the state: 1 for a
 * state in one institution, 0 in none; institutions with identical member
 * sets count once. Since every superset of an institution holding the state
 * holds it too, depth(v) = max over v's institutions i of up(i), where up(i)
 * = 1 + max up(j) over strict supersets j of i. */
typedef struct {
    int institutions;           /* institutions the state belongs to */
    int by_type[NM_NTYPES];     /* of which of each nm_itype */
    int track[2];               /* of which track 1, track 2 */
    int depth;
} nm_state_nesting;

/* Fills out[0 .. g->nstates) (caller-allocated). ov is the overlap of g
 * (its Hasse edges give up(i): O(E + I + nested pairs)), or NULL: then no
 * pair is tabulated; the strict supersets of i are looked for among the
 * institutions of i's member of fewest institutions, largest up first:
 * O(E + I log I + sum over states of degree^2 * log) time at worst, O(E + I)
 * memory. Both give the same depths. Returns NM_OK or NM_ENOMEM. */
nm_status nm_state_nesting_compute(const nm_graph *g, const nm_overlap *ov, nm_state_nesting *out,
                                   nm_diag *d);

#endif
