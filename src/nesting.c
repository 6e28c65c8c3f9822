/* nesting.c - NODF nestedness and per-state nesting profiles (see nm_nesting.h). */
#include "nm_nesting.h"
#include "nm_nullmodel.h"
#include "nm_report.h"

#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NM_HAVE_AVX512_RANKS 1      /* row_ranks_avx512 */
#endif

/* Keys 0..n-1 (key(k) = the other side's size minus fill(k), so larger fills
 * come first) into a stable counting-sort order, with the start of each run
 * of equal fills in start[0 .. *nruns] (start[*nruns] = n). start needs
 * min(n, m + 1) + 1 slots; cnt m + 2 (scratch). */
static void rank_fills(int n, int m, const int *fill, int *order, int *start, int *nruns, int *cnt)
{
    int k, f, runs = 0;

    memset(cnt, 0, ((size_t)m + 2) * sizeof(int));
    for (k = 0; k < n; k++)
        cnt[m - fill[k] + 1]++;
    for (f = 0; f <= m; f++) {
        if (cnt[f + 1] > 0)
            start[runs++] = cnt[f];
        cnt[f + 1] += cnt[f];
    }
    start[runs] = n;
    for (k = 0; k < n; k++)
        order[cnt[m - fill[k]]++] = k;
    *nruns = runs;
}

/* Sum over list pairs with fill_a > fill_b of |a & b| / fill_b, lists taken
 * in the runs of equal fill of order (see the header): seen[c] counts the
 * lists of the larger runs that hold item c, so a list's shared cells with
 * every larger list add up in one pass over it; a run is added to seen only
 * after all its lists are counted. List order[p] is adj[off[p] .. off[p+1])
 * when ranked (stored in rank order: read in sequence), else
 * adj[off[order[p]] ..). cnt is scratch of n, seen of the item count. */
static double pair_sum(int n, int nitems, const int *off, const int *adj, const int *order,
                       int ranked, const int *start, int nruns, const int *fill, long long *cnt,
                       int *seen)
{
    double sum = 0;
    int q, p, k;

    memset(seen, 0, (size_t)nitems * sizeof(int));
    for (q = 0; q < nruns && fill[order[start[q]]] > 0; q++) {
        for (p = start[q]; p < start[q + 1]; p++) {
            int b = order[p], at = ranked ? p : b;
            long long c = 0;
            for (k = off[at]; k < off[at + 1]; k++)
                c += seen[adj[k]];
            cnt[b] = c;
        }
        if (q + 1 < nruns)
            for (p = start[q]; p < start[q + 1]; p++) {
                int at = ranked ? p : order[p];
                for (k = off[at]; k < off[at + 1]; k++)
                    seen[adj[k]]++;
            }
    }
    for (; q < nruns; q++)          /* empty lists share nothing */
        for (p = start[q]; p < start[q + 1]; p++)
            cnt[order[p]] = 0;
    for (k = 0; k < n; k++)         /* index order: the sum's rounding never changes */
        if (cnt[k])
            sum += (double)cnt[k] / fill[k];
    return sum;
}

/* The column lists of the current matrix into w->toff / w->tadj: each
 * column lists the storage positions p of its rows (off[p] .. off[p+1]),
 * ascending; the column half only needs them as distinct labels. */
static void transpose(nm_nodf_work *w, const int *off, const int *adj)
{
    int r, k, c;

    w->toff[0] = 0;
    for (c = 0; c < w->nc; c++) {
        w->toff[c + 1] = w->toff[c] + w->cfill[c];
        w->tpos[c] = w->toff[c];
    }
    for (r = 0; r < w->nr; r++)
        for (k = off[r]; k < off[r + 1]; k++)
            w->tadj[w->tpos[adj[k]]++] = r;
}

#ifdef NM_HAVE_AVX512_RANKS
/* ---- the column half from the row lists (where the CPU has AVX-512) ----
 *
 * pair_sum's count for column b is the number of (row, column) pairs where
 * the row holds b and the column lies in a run of larger fill. So it is the
 * sum, over the rows holding b, of how many of the row's columns have a
 * smaller run number (w->crun) than b: each row list is read once, and no
 * column lists are needed. The counts are the same integers, added up in
 * the same order, so the result is pair_sum's on the transpose, bit for bit.
 * Rows of up to 64 columns are ranked in vectors; without them, comparing a
 * row's columns pairwise costs more than the transpose, which is used then. */

/* A longer row: its columns sorted by run (radix sort on the run's bytes,
 * keys run << 32 | column in w->keys); a column's count is the position
 * where its run starts. */
static void row_ranks_sorted(nm_nodf_work *w, const int *cols, int d, long long *cnt)
{
    uint64_t *a = w->keys, *b = w->keys + w->maxrow, *t;
    int j, pass, first = 0;
    size_t c[257];

    for (j = 0; j < d; j++)
        a[j] = (uint64_t)(unsigned)w->crun[cols[j]] << 32 | (unsigned)cols[j];
    for (pass = 0; pass < w->runbytes; pass++) {
        int shift = 32 + 8 * pass;
        memset(c, 0, sizeof(c));
        for (j = 0; j < d; j++)
            c[(a[j] >> shift & 255) + 1]++;
        for (j = 0; j < 256; j++)
            c[j + 1] += c[j];
        for (j = 0; j < d; j++)
            b[c[a[j] >> shift & 255]++] = a[j];
        t = a, a = b, b = t;
    }
    for (j = 0; j < d; j++) {
        if (j > 0 && a[j] >> 32 != a[j - 1] >> 32)
            first = j;
        cnt[(unsigned)a[j]] += first;
    }
}

/* The run numbers of cols[16 * b ..] (up to 16; 0 in lanes past d). */
__attribute__((target("avx512f")))
static __m512i runs16(const int *crun, const int *cols, int d, int b)
{
    int left = d - 16 * b;
    __mmask16 valid = left >= 16 ? (__mmask16)0xffff
                    : left > 0 ? (__mmask16)((1u << left) - 1) : 0;
    __m512i idx = _mm512_maskz_loadu_epi32(valid, cols + (ptrdiff_t)16 * b);

    return _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, idx, crun, 4);
}

/* A row of up to 64 columns, 16 to a vector: lane j of a counts the
 * columns i whose run is smaller than column j's (lanes past d are never
 * read). Rows of up to 16 take one vector, up to 32 two, else four. */
__attribute__((target("avx512f")))
static void row_ranks_avx512(const int *crun, const int *cols, int d, long long *cnt)
{
    const __m512i one = _mm512_set1_epi32(1);
    __m512i u0 = runs16(crun, cols, d, 0), a0 = _mm512_setzero_si512();
    __m512i u1, u2, u3, a1 = a0, a2 = a0, a3 = a0;
    int g[64], i, j;

#define RANK_STEP(u, a) a = _mm512_mask_add_epi32(a, _mm512_cmpgt_epi32_mask(u, x), a, one)
    if (d <= 16) {
        for (i = 0; i < d; i++) {
            __m512i x = _mm512_set1_epi32(crun[cols[i]]);
            RANK_STEP(u0, a0);
        }
    } else if (d <= 32) {
        u1 = runs16(crun, cols, d, 1);
        for (i = 0; i < d; i++) {
            __m512i x = _mm512_set1_epi32(crun[cols[i]]);
            RANK_STEP(u0, a0);
            RANK_STEP(u1, a1);
        }
    } else {
        u1 = runs16(crun, cols, d, 1);
        u2 = runs16(crun, cols, d, 2);
        u3 = runs16(crun, cols, d, 3);
        for (i = 0; i < d; i++) {
            __m512i x = _mm512_set1_epi32(crun[cols[i]]);
            RANK_STEP(u0, a0);
            RANK_STEP(u1, a1);
            RANK_STEP(u2, a2);
            RANK_STEP(u3, a3);
        }
    }
#undef RANK_STEP
    _mm512_storeu_si512(g, a0);
    _mm512_storeu_si512(g + 16, a1);
    _mm512_storeu_si512(g + 32, a2);
    _mm512_storeu_si512(g + 48, a3);
    for (j = 0; j < d; j++)
        cnt[cols[j]] += g[j];
}

/* The column half's sum (pair_sum on the column lists) from the rows
 * off/adj, stored in any order: rows of up to 64 in vectors, longer ones
 * sorted. */
static double col_sum(nm_nodf_work *w, const int *off, const int *adj)
{
    long long *cnt = w->cnt;
    double sum = 0;
    int r, k;

    memset(cnt, 0, (size_t)w->nc * sizeof(long long));
    for (r = 0; r < w->nr; r++) {
        const int *cols = adj + off[r];
        int d = off[r + 1] - off[r];
        if (d < 2)
            continue;
        if (d <= 64)
            row_ranks_avx512(w->crun, cols, d, cnt);
        else
            row_ranks_sorted(w, cols, d, cnt);
    }
    for (k = 0; k < w->nc; k++)     /* index order, as pair_sum */
        if (cnt[k])
            sum += (double)cnt[k] / w->cfill[k];
    return sum;
}
#endif

/* What the column half needs: with AVX-512 (simd not 0 and the CPU has it),
 * each column's run number, the longest row and the bytes of the largest
 * run number, and room to sort a row; without, room for the column lists. */
static int column_half_init(nm_nodf_work *w, const int *off, int simd)
{
    int q, p, r;

#ifdef NM_HAVE_AVX512_RANKS
    w->simd = simd != 0 && __builtin_cpu_supports("avx512f");
#else
    (void)simd;
#endif
    if (!w->simd) {
        w->toff = malloc(((size_t)w->nc + 1) * sizeof(int));
        w->tpos = malloc(((size_t)w->nc + 1) * sizeof(int));
        w->tadj = malloc(((size_t)off[w->nr] + 1) * sizeof(int));
        return w->toff && w->tpos && w->tadj ? 0 : -1;
    }
    w->crun = malloc(((size_t)w->nc + 1) * sizeof(int));
    if (!w->crun)
        return -1;
    for (q = 0; q < w->ncruns; q++)
        for (p = w->cstart[q]; p < w->cstart[q + 1]; p++)
            w->crun[w->corder[p]] = q;
    for (r = 0; r < w->nr; r++)
        w->maxrow = w->rfill[r] > w->maxrow ? w->rfill[r] : w->maxrow;
    for (w->runbytes = 0, q = w->ncruns - 1; q > 0; q >>= 8)
        w->runbytes++;
    w->keys = malloc((2 * (size_t)w->maxrow + 1) * sizeof(uint64_t));
    return w->keys ? 0 : -1;
}

nm_status nm_nodf_work_init(nm_nodf_work *w, int nr, int nc, const int *off, const int *adj)
{
    return nm_nodf_work_init_simd(w, nr, nc, off, adj, -1);
}

nm_status nm_nodf_work_init_simd(nm_nodf_work *w, int nr, int nc, const int *off, const int *adj,
                                 int simd)
{
    size_t big = (size_t)(nr > nc ? nr : nc) + 2;
    int r, k;

    memset(w, 0, sizeof(*w));
    w->nr = nr;
    w->nc = nc;
    w->rfill = malloc(((size_t)nr + 1) * sizeof(int));
    w->cfill = calloc((size_t)nc + 1, sizeof(int));
    w->rorder = malloc(((size_t)nr + 1) * sizeof(int));
    w->corder = malloc(((size_t)nc + 1) * sizeof(int));
    w->rstart = malloc(big * sizeof(int));
    w->cstart = malloc(big * sizeof(int));
    w->seen = malloc(big * sizeof(int));
    w->cnt = malloc(big * sizeof(long long));
    if (!w->rfill || !w->cfill || !w->rorder || !w->corder || !w->rstart || !w->cstart ||
        !w->seen || !w->cnt) {
        nm_nodf_work_destroy(w);
        return NM_ENOMEM;
    }
    for (r = 0; r < nr; r++) {
        w->rfill[r] = off[r + 1] - off[r];
        for (k = off[r]; k < off[r + 1]; k++)
            w->cfill[adj[k]]++;
    }
    /* clang-analyzer reports the arrays as leaked here: it loses track of
     * w's pointers across rank_fills' indexed stores. They stay owned by w
     * and nm_nodf_work_destroy frees them (the tests are valgrind-clean). */
    /* NOLINTBEGIN(clang-analyzer-unix.Malloc) */
    rank_fills(nr, nc, w->rfill, w->rorder, w->rstart, &w->nrruns, w->seen);
    rank_fills(nc, nr, w->cfill, w->corder, w->cstart, &w->ncruns, w->seen);
    if (column_half_init(w, off, simd) < 0) {
        nm_nodf_work_destroy(w);
        return NM_ENOMEM;
    }
    return NM_OK;
    /* NOLINTEND(clang-analyzer-unix.Malloc) */
}

/* One evaluation: the row half, then the column half from the same rows
 * (AVX-512) or on the transpose. */
static void work_eval(nm_nodf_work *w, const int *off, const int *adj, int ranked, nm_nodf *out)
{
    double nr = w->nr, nc = w->nc, rpairs = nr * (nr - 1) / 2, cpairs = nc * (nc - 1) / 2;
    double rsum, csum;

    rsum = pair_sum(w->nr, w->nc, off, adj, w->rorder, ranked, w->rstart, w->nrruns, w->rfill,
                    w->cnt, w->seen);
#ifdef NM_HAVE_AVX512_RANKS
    if (w->simd)
        csum = col_sum(w, off, adj);
    else
#endif
    {
        transpose(w, off, adj);
        csum = pair_sum(w->nc, w->nr, w->toff, w->tadj, w->corder, 0, w->cstart, w->ncruns,
                        w->cfill, w->cnt, w->seen);
    }
    out->nodf = out->rows = out->cols = NAN;
    if (rpairs > 0)
        out->rows = 100 * rsum / rpairs;
    if (cpairs > 0)
        out->cols = 100 * csum / cpairs;
    if (rpairs + cpairs > 0)
        out->nodf = 100 * (rsum + csum) / (rpairs + cpairs);
}

void nm_nodf_work_eval(nm_nodf_work *w, const int *off, const int *adj, nm_nodf *out)
{
    work_eval(w, off, adj, 0, out);
}

void nm_nodf_work_eval_ranked(nm_nodf_work *w, const int *roff, const int *radj, nm_nodf *out)
{
    work_eval(w, roff, radj, 1, out);
}

void nm_nodf_work_destroy(nm_nodf_work *w)
{
    free(w->rfill); free(w->cfill); free(w->rorder); free(w->corder); free(w->rstart);
    free(w->cstart); free(w->seen); free(w->cnt); free(w->crun); free(w->keys);
    free(w->toff); free(w->tpos); free(w->tadj);
    memset(w, 0, sizeof(*w));
}

nm_status nm_nodf_lists(int nr, int nc, const int *off, const int *adj, nm_nodf *out)
{
    nm_nodf_work w;

    out->nodf = out->rows = out->cols = NAN;
    if (nm_nodf_work_init(&w, nr, nc, off, adj) != NM_OK)
        return NM_ENOMEM;
    nm_nodf_work_eval(&w, off, adj, out);
    nm_nodf_work_destroy(&w);
    return NM_OK;
}

nm_status nm_nodf_compute(const nm_graph *g, nm_nodf *out, nm_diag *d)
{
    nm_status s = nm_nodf_lists(g->nstates, g->ninsts, g->s_off, g->s_adj, out);

    if (s != NM_OK)
        nm_diag_error(d, NULL, 0, "out of memory computing NODF");
    return s;
}

/* ---- per-state profiles ---- */

typedef struct { int key, i; } keyed;    /* an institution and its size or up */

static int cmp_key_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

/* up[i] = length of the longest strict chain starting at i and going up,
 * from the Hasse edges (a longest chain can always be refined into covering
 * steps). Institutions are taken largest first: strict supersets are larger. */
static int chain_heights(const nm_graph *g, const nm_overlap *ov, int *up)
{
    int ni = g->ninsts, k;
    keyed *by = malloc(((size_t)ni + 1) * sizeof(*by));
    int *eoff = calloc((size_t)ni + 1, sizeof(int));
    size_t e;

    if (!by || !eoff) {
        free(by); free(eoff);
        return -1;
    }
    for (e = 0; e < ov->nhasse; e++)     /* edges are sorted by lower */
        eoff[ov->hasse[e][0] + 1]++;
    for (k = 0; k < ni; k++) {
        eoff[k + 1] += eoff[k];
        by[k].key = nm_graph_isize(g, k);
        by[k].i = k;
    }
    qsort(by, (size_t)ni, sizeof(*by), cmp_key_desc);
    for (k = 0; k < ni; k++) {
        int i = by[k].i, best = 0, x;
        for (x = eoff[i]; x < eoff[i + 1]; x++)
            if (up[ov->hasse[x][1]] > best)
                best = up[ov->hasse[x][1]];
        up[i] = best + 1;
    }
    free(by); free(eoff);
    return 0;
}

/* Is institution i (sorted members mem[0 .. n)) a subset of j? Looks each
 * member's institution list up for j (binary search). */
static int subset_of(const nm_graph *g, const int *mem, int n, int j)
{
    int k;

    for (k = 0; k < n; k++) {
        int lo = g->s_off[mem[k]], hi = g->s_off[mem[k] + 1];
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (g->s_adj[mid] < j)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == g->s_off[mem[k] + 1] || g->s_adj[lo] != j)
            return 0;
    }
    return 1;
}

/* up[i] from the membership lists alone: every strict superset of i holds
 * i's member v of fewest institutions, so the candidates are v's larger
 * institutions; tried in decreasing up, the first that holds all of i gives
 * the maximum. Institutions are taken largest first, so a candidate's up is
 * final. O(sum over i of deg(v) * |i| * log) <= O(sum_v deg(v)^2 log). */
static int chain_heights_direct(const nm_graph *g, int *up)
{
    int ni = g->ninsts, k, x;
    keyed *by = malloc(((size_t)ni + 1) * sizeof(*by));
    keyed *cand = malloc(((size_t)ni + 1) * sizeof(*cand));

    if (!by || !cand) {
        free(by); free(cand);
        return -1;
    }
    for (k = 0; k < ni; k++) {
        by[k].key = nm_graph_isize(g, k);
        by[k].i = k;
    }
    qsort(by, (size_t)ni, sizeof(*by), cmp_key_desc);
    for (k = 0; k < ni; k++) {
        int i = by[k].i, n = by[k].key, v = -1, nc = 0;
        const int *mem = g->i_adj + g->i_off[i];
        for (x = 0; x < n; x++)
            if (v < 0 || nm_graph_sdeg(g, mem[x]) < nm_graph_sdeg(g, v))
                v = mem[x];
        for (x = v < 0 ? 0 : g->s_off[v]; v >= 0 && x < g->s_off[v + 1]; x++)
            if (nm_graph_isize(g, g->s_adj[x]) > n) {
                cand[nc].key = up[g->s_adj[x]];
                cand[nc++].i = g->s_adj[x];
            }
        qsort(cand, (size_t)nc, sizeof(*cand), cmp_key_desc);
        up[i] = 1;
        for (x = 0; x < nc; x++)
            if (subset_of(g, mem, n, cand[x].i)) {
                up[i] = cand[x].key + 1;
                break;
            }
    }
    free(by); free(cand);
    return 0;
}

static void profile(const nm_graph *g, int v, const int *up, nm_state_nesting *p)
{
    int k;

    memset(p, 0, sizeof(*p));
    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
        const nm_institution *x = nm_graph_inst(g, g->s_adj[k]);
        p->institutions++;
        if ((unsigned)x->type < NM_NTYPES)
            p->by_type[x->type]++;
        if (x->track == 1 || x->track == 2)
            p->track[x->track - 1]++;
        if (up[g->s_adj[k]] > p->depth)
            p->depth = up[g->s_adj[k]];
    }
}

nm_status nm_state_nesting_compute(const nm_graph *g, const nm_overlap *ov, nm_state_nesting *out,
                                   nm_diag *d)
{
    int *up = malloc(((size_t)g->ninsts + 1) * sizeof(int)), v;

    if (!up || (ov ? chain_heights(g, ov, up) : chain_heights_direct(g, up)) < 0) {
        free(up);
        nm_diag_error(d, NULL, 0, "out of memory computing nesting depth");
        return NM_ENOMEM;
    }
    for (v = 0; v < g->nstates; v++)
        profile(g, v, up, &out[v]);
    free(up);
    return NM_OK;
}

/* ---- report section ---- */

static nm_table *nodf_table(const nm_report_opts *o, const nm_null *nl, const nm_nodf *obs)
{
    static const char *const cols[] = { "nodf", "nodf_rows", "nodf_columns", "nsim", "seed",
                                        "null_model", "null_mean", "null_sd", "z", "p" };
    nm_table *t = nm_table_new("nesting", "Nestedness (NODF; rows = states, columns = institutions)",
                               NM_TABLE_OBJECT, 10, cols);
    char note[256];
    long r;

    if (!t || (r = nm_table_add_row(t)) < 0)
        goto fail;
    nm_table_num(t, r, 0, obs->nodf);
    nm_table_num(t, r, 1, obs->rows);
    nm_table_num(t, r, 2, obs->cols);
    nm_table_int(t, r, 3, o->nsim > 0 ? o->nsim : 0);
    if (o->seed <= (unsigned long)LLONG_MAX)
        nm_table_int(t, r, 4, (long long)o->seed);
    else
        nm_table_num(t, r, 4, (double)o->seed);
    if (nl) {
        if (nm_table_str(t, r, 5, "curveball") < 0)
            goto fail;
        nm_table_num(t, r, 6, nl->mean);
        nm_table_num(t, r, 7, nl->sd);
        nm_table_num(t, r, 8, nl->z);
        nm_table_num(t, r, 9, nl->p);
        snprintf(note, sizeof(note), "null model: curveball (fixed row and column totals), "
                 "%ld burn-in trades, %ld trades per matrix; p two-sided as vegan::oecosimu, "
                 "(2 min(k_less, k_greater) + 1) / (nsim + 1)", nl->burnin, nl->thin);
    } else {
        snprintf(note, sizeof(note), "no null model (nsim = 0)");
    }
    if (nm_table_set_note(t, note) < 0)
        goto fail;
    return t;
fail:
    nm_table_free(t);
    return NULL;
}

/* The state_nesting table is a view of the counts (nm_table_new_view): its
 * rows are formatted from them when written, with no cells (on xlarge,
 * 500 000 rows of 12 cells would be 96 MB of fresh memory). */
typedef struct {
    nm_state_nesting *p;        /* [nstates] */
    const nm_state *states;     /* the data set's, which outlives the report */
    int *ix;                    /* [nstates] row v's state: states[ix[v]] (g->state_ix) */
} states_src;

static void states_src_free(void *src)
{
    states_src *s = src;

    free(s->p);
    free(s->ix);
    free(s);
}

static void states_row(const void *src, size_t v, nm_cell *c)
{
    const states_src *s = src;
    const nm_state_nesting *x = &s->p[v];
    int k;

    nm_cell_str(&c[0], s->states[s->ix[v]].id);
    nm_cell_str(&c[1], s->states[s->ix[v]].name);
    nm_cell_int(&c[2], x->institutions);
    for (k = 0; k < NM_NTYPES; k++)
        nm_cell_int(&c[3 + k], x->by_type[k]);
    nm_cell_int(&c[9], x->track[0]);
    nm_cell_int(&c[10], x->track[1]);
    nm_cell_int(&c[11], x->depth);
}

/* Takes *p (also on failure; *p is then NULL). */
static nm_table *states_table(const nm_graph *g, nm_state_nesting **p)
{
    static const char *const cols[] = { "id", "name", "institutions", "collective_defence",
                                        "collective_security", "concert", "cooperative_security",
                                        "economic", "other", "track1", "track2", "depth" };
    states_src *s = calloc(1, sizeof(*s));

    if (s) {
        s->p = *p;
        s->states = g->ds->states;
        s->ix = malloc(((size_t)g->nstates + 1) * sizeof(int));
    } else
        free(*p);
    *p = NULL;
    if (!s || !s->ix) {
        if (s)
            states_src_free(s);
        return NULL;
    }
    memcpy(s->ix, g->state_ix, (size_t)g->nstates * sizeof(int));
    return nm_table_new_view("state_nesting", "Institutions per state and nesting depth",
                             NM_TABLE_ARRAY, 12, cols, (size_t)g->nstates, states_row, s,
                             states_src_free);
}

/* Forwards the null model's progress to the report's callback. */
static void null_progress(void *arg, long done, long total)
{
    const nm_report_opts *o = arg;

    o->progress(o->progress_arg, "null model", done, total);
}

static nm_status run_null(const nm_graph *g, const nm_report_opts *o, nm_null *nl, nm_diag *d)
{
    nm_null_opts no;

    nm_null_opts_init(&no);
    no.nsim = o->nsim;
    no.seed = (uint64_t)o->seed;
    no.stop = o->stop;
    no.exec = o->pair_exec;
    no.exec_arg = o->pair_arg;
    if (o->progress) {
        no.progress = null_progress;
        no.progress_arg = (void *)o;
    }
    return nm_null_nodf(g, &no, nl, d);
}

nm_status nm_section_nesting(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    nm_state_nesting *p = malloc(((size_t)g->nstates + 1) * sizeof(*p));
    nm_null nl;
    nm_nodf obs;
    nm_status s = p ? nm_nodf_compute(g, &obs, d) : NM_ENOMEM;
    int have_null = 0;

    if (!p)
        nm_diag_error(d, NULL, 0, "out of memory computing nesting");
    memset(&nl, 0, sizeof(nl));
    if (s == NM_OK && o->nsim > 0)
        have_null = (s = run_null(g, o, &nl, d)) == NM_OK;
    if (s == NM_OK)
        s = nm_state_nesting_compute(g, NULL, p, d);
    if (s == NM_OK && (nm_report_add(r, nodf_table(o, have_null ? &nl : NULL, &obs)) < 0 ||
                       nm_report_add(r, states_table(g, &p)) < 0)) {
        nm_diag_error(d, NULL, 0, "out of memory building the nesting tables");
        s = NM_ENOMEM;
    }
    nm_null_destroy(&nl);
    free(p);        /* NULL when the table took it */
    return s;
}
