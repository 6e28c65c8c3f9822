/* nesting.c - NODF nestedness and per-state nesting profiles (see nm_nesting.h). */
#include "nm_nesting.h"
#include "nm_nullmodel.h"
#include "nm_report.h"

#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows of the list matrix in order of decreasing fill, ties in index order
 * (a stable counting sort). order has nr slots, bucket nc + 2. */
static void rank_rows(int nr, int nc, const int *off, int *order, int *bucket)
{
    int r, f;

    memset(bucket, 0, ((size_t)nc + 2) * sizeof(int));
    for (r = 0; r < nr; r++)
        bucket[nc - (off[r + 1] - off[r]) + 1]++;   /* key nc - fill: 0 first */
    for (f = 0; f <= nc; f++)
        bucket[f + 1] += bucket[f];
    for (r = 0; r < nr; r++)
        order[bucket[nc - (off[r + 1] - off[r])]++] = r;
}

/* Column lists with each column's rows in the given row order. */
static void columns_in_order(int nr, int nc, const int *off, const int *adj, const int *order,
                             int *coff, int *cadj)
{
    int k, c, i;

    memset(coff, 0, ((size_t)nc + 1) * sizeof(int));
    for (k = 0; k < off[nr]; k++)
        coff[adj[k] + 1]++;
    for (c = 0; c < nc; c++)
        coff[c + 1] += coff[c];
    for (i = 0; i < nr; i++) {
        int r = order[i];
        for (k = off[r]; k < off[r + 1]; k++)
            cadj[coff[adj[k]]++] = r;
    }
    for (c = nc; c > 0; c--)    /* coff[c] now holds the old coff[c + 1]: shift back */
        coff[c] = coff[c - 1];
    coff[0] = 0;
}

/* Sum over row pairs with fill_a > fill_b of |a & b| / fill_b (see the
 * header for why this needs no pair loop). Returns 0 or -1 (no memory). */
static int pair_sum(int nr, int nc, const int *off, const int *adj, double *sum)
{
    int *order = calloc((size_t)nr + 1, sizeof(int));
    int *bucket = malloc(((size_t)nc + 2) * sizeof(int));
    int *coff = malloc(((size_t)nc + 1) * sizeof(int));
    int *cadj = calloc((size_t)off[nr] + 1, sizeof(int));  /* every slot written by columns_in_order */
    long long *cnt = calloc((size_t)nr + 1, sizeof(long long));
    int c, r, k, ok = order && bucket && coff && cadj && cnt;

    *sum = 0;
    if (ok) {
        rank_rows(nr, nc, off, order, bucket);
        columns_in_order(nr, nc, off, adj, order, coff, cadj);
        for (c = 0; c < nc; c++) {
            int run = coff[c];
            for (k = coff[c]; k < coff[c + 1]; k++) {
                int b = cadj[k];
                if (k > coff[c] && off[b + 1] - off[b] != off[cadj[k - 1] + 1] - off[cadj[k - 1]])
                    run = k;
                cnt[b] += run - coff[c];    /* members of c with a larger fill */
            }
        }
        for (r = 0; r < nr; r++)
            if (cnt[r])
                *sum += (double)cnt[r] / (off[r + 1] - off[r]);
    }
    free(order); free(bucket); free(coff); free(cadj); free(cnt);
    return ok ? 0 : -1;
}

/* The transpose of a list matrix (column lists, rows ascending). */
static int transpose(int nr, int nc, const int *off, const int *adj, int **toff, int **tadj)
{
    int *order = malloc(((size_t)nr + 1) * sizeof(int)), r;

    *toff = malloc(((size_t)nc + 1) * sizeof(int));
    *tadj = malloc(((size_t)off[nr] + 1) * sizeof(int));
    if (!order || !*toff || !*tadj) {
        free(order); free(*toff); free(*tadj);
        *toff = *tadj = NULL;
        return -1;
    }
    for (r = 0; r < nr; r++)
        order[r] = r;
    columns_in_order(nr, nc, off, adj, order, *toff, *tadj);
    free(order);
    return 0;
}

nm_status nm_nodf_lists(int nr, int nc, const int *off, const int *adj, nm_nodf *out)
{
    double rpairs = (double)nr * (nr - 1) / 2, cpairs = (double)nc * (nc - 1) / 2;
    double rsum = 0, csum = 0;
    int *toff = NULL, *tadj = NULL;

    out->nodf = out->rows = out->cols = NAN;
    if (pair_sum(nr, nc, off, adj, &rsum) < 0 || transpose(nr, nc, off, adj, &toff, &tadj) < 0)
        return NM_ENOMEM;
    if (pair_sum(nc, nr, toff, tadj, &csum) < 0) {
        free(toff); free(tadj);
        return NM_ENOMEM;
    }
    free(toff); free(tadj);
    if (rpairs > 0)
        out->rows = 100 * rsum / rpairs;
    if (cpairs > 0)
        out->cols = 100 * csum / cpairs;
    if (rpairs + cpairs > 0)
        out->nodf = 100 * (rsum + csum) / (rpairs + cpairs);
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

typedef struct { int size, i; } sized;

static int cmp_size_desc(const void *a, const void *b)
{
    const sized *x = a, *y = b;

    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

/* up[i] = length of the longest strict chain starting at i and going up,
 * from the Hasse edges (a longest chain can always be refined into covering
 * steps). Institutions are taken largest first: strict supersets are larger. */
static int chain_heights(const nm_graph *g, const nm_overlap *ov, int *up)
{
    int ni = g->ninsts, k;
    sized *by = malloc(((size_t)ni + 1) * sizeof(*by));
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
        by[k].size = nm_graph_isize(g, k);
        by[k].i = k;
    }
    qsort(by, (size_t)ni, sizeof(*by), cmp_size_desc);
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
    nm_overlap own;
    int *up = malloc(((size_t)g->ninsts + 1) * sizeof(int)), v, rc;

    if (!up) {
        nm_diag_error(d, NULL, 0, "out of memory computing nesting depth");
        return NM_ENOMEM;
    }
    if (!ov) {
        nm_status s = nm_overlap_compute(g, &own, d);
        if (s != NM_OK) {
            free(up);
            return s;
        }
    }
    rc = chain_heights(g, ov ? ov : &own, up);
    if (!ov)
        nm_overlap_destroy(&own);
    if (rc < 0) {
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

static nm_table *states_table(const nm_graph *g, const nm_state_nesting *p)
{
    static const char *const cols[] = { "id", "name", "institutions", "collective_defence",
                                        "collective_security", "concert", "cooperative_security",
                                        "economic", "other", "track1", "track2", "depth" };
    nm_table *t = nm_table_new("state_nesting", "Institutions per state and nesting depth",
                               NM_TABLE_ARRAY, 12, cols);
    int v, k;

    for (v = 0; t && v < g->nstates; v++) {
        long r = nm_table_add_row(t);
        if (r < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_str_ref(t, r, 0, nm_graph_state(g, v)->id);   /* owned by the data set */
        nm_table_str_ref(t, r, 1, nm_graph_state(g, v)->name);
        nm_table_int(t, r, 2, p[v].institutions);
        for (k = 0; k < NM_NTYPES; k++)
            nm_table_int(t, r, 3 + (size_t)k, p[v].by_type[k]);
        nm_table_int(t, r, 9, p[v].track[0]);
        nm_table_int(t, r, 10, p[v].track[1]);
        nm_table_int(t, r, 11, p[v].depth);
    }
    return t;
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

    memset(&nl, 0, sizeof(nl));
    if (s == NM_OK && o->nsim > 0)
        have_null = (s = run_null(g, o, &nl, d)) == NM_OK;
    if (s == NM_OK)
        s = nm_state_nesting_compute(g, NULL, p, d);
    if (s == NM_OK && (nm_report_add(r, nodf_table(o, have_null ? &nl : NULL, &obs)) < 0 ||
                       nm_report_add(r, states_table(g, p)) < 0)) {
        nm_diag_error(d, NULL, 0, "out of memory building the nesting tables");
        s = NM_ENOMEM;
    }
    if (!p)
        nm_diag_error(d, NULL, 0, "out of memory computing nesting");
    nm_null_destroy(&nl);
    free(p);
    return s;
}
