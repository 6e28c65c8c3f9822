/* nullmodel.c - seeded curveball null model and NODF significance (see nm_nullmodel.h). */
#include "nm_nullmodel.h"
#include "nm_mem.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the curveball chain ---- */

/* Draws the rows of a trade AHEAD trades in advance into ring slot k and
 * starts loading where they are stored. The rows come from their own stream
 * (cb->pick), so the pairs do not depend on the shuffles and can be drawn
 * this far ahead: the memory latency of a random row overlaps the trades in
 * between. */
static void draw_pair(nm_curveball *cb, int k)
{
    int a = (int)nm_rng_below(&cb->pick, (uint64_t)cb->nr);
    int b = (int)nm_rng_below(&cb->pick, (uint64_t)cb->nr - 1);

    if (b >= a)
        b++;
    cb->ahead[k][0] = a;
    cb->ahead[k][1] = b;
    __builtin_prefetch(cb->loc[a]);
    __builtin_prefetch(cb->loc[b]);
}

nm_status nm_curveball_init_order(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                                  const int *order, uint64_t seed)
{
    size_t e = (size_t)off[nr], n = (size_t)nc + 1;
    nm_rng st[2];
    int p;

    memset(cb, 0, sizeof(*cb));
    cb->nr = nr;
    cb->nc = nc;
    cb->off = malloc(((size_t)nr + 1) * sizeof(int));
    cb->adj = nm_mem_alloc((e + 1) * sizeof(int));
    cb->loc = nm_mem_alloc(((size_t)nr + 1) * sizeof(*cb->loc));
    cb->pool = malloc(6 * n * sizeof(int));
    if (!cb->off || !cb->adj || !cb->loc || !cb->pool) {
        nm_curveball_destroy(cb);
        return NM_ENOMEM;
    }
    cb->both = cb->pool + n;
    cb->pos = cb->pool + 2 * n;
    cb->side = cb->pool + 3 * n;
    cb->toa = cb->pool + 4 * n;
    cb->tob = cb->pool + 5 * n;
    cb->off[0] = 0;
    for (p = 0; p < nr; p++) {
        int r = order ? order[p] : p, len = off[r + 1] - off[r];
        memcpy(cb->adj + cb->off[p], adj + off[r], (size_t)len * sizeof(int));
        cb->loc[r][0] = cb->off[p];
        cb->loc[r][1] = len;
        cb->off[p + 1] = cb->off[p] + len;
    }
    nm_rng_seed_n(st, 2, seed);
    cb->pick = st[0];
    cb->rng = st[1];
    for (p = 0; nr >= 2 && p < NM_CURVEBALL_AHEAD; p++)    /* the first trades' rows */
        draw_pair(cb, p);
    return NM_OK;
}

nm_status nm_curveball_init(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                            uint64_t seed)
{
    return nm_curveball_init_order(cb, nr, nc, off, adj, NULL, seed);
}

void nm_curveball_destroy(nm_curveball *cb)
{
    free(cb->off); free(cb->adj); free(cb->loc); free(cb->pool);
    memset(cb, 0, sizeof(*cb));
}

/* The union of the sorted rows A and B into u, ascending, with both[k] set
 * when u[k] is in both rows. A merge without data-dependent branches.
 * Returns the union's size; *np = columns in exactly one row (the pool, in
 * the union's order), *ua = of which in A. */
static int unite(const int *A, int na, const int *B, int nb, int *u, int *both, int *np, int *ua)
{
    int i = 0, j = 0, n = 0, ns = 0, fa = 0;

    while (i < na && j < nb) {
        int x = A[i], y = B[j];
        u[n] = x < y ? x : y;
        both[n++] = x == y;
        ns += x == y;
        fa += x < y;
        i += x <= y;
        j += y <= x;
    }
    fa += na - i;
    for (; i < na; i++, n++) {
        u[n] = A[i];
        both[n] = 0;
    }
    for (; j < nb; j++, n++) {
        u[n] = B[j];
        both[n] = 0;
    }
    *np = n - ns;
    *ua = fa;
    return n;
}

/* One trade between rows a and b. The pool is the union's columns in exactly
 * one row, in column order; the shuffle permutes pool positions (the same
 * draws pick the same columns as shuffling the columns themselves), so one
 * pass over the union rebuilds both rows, in order. */
static void trade_rows(nm_curveball *cb, int a, int b)
{
    int na, nb, nu, np, ua, k, p, take, mark, ka = 0, kb = 0;
    int *A, *B, *u = cb->pool, *both = cb->both, *pos = cb->pos, *side = cb->side;

    A = cb->adj + cb->loc[a][0];
    B = cb->adj + cb->loc[b][0];
    na = cb->loc[a][1];
    nb = cb->loc[b][1];
    nu = unite(A, na, B, nb, u, both, &np, &ua);
    if (ua == 0 || ua == np)
        return;
    /* a uniform subset of the pool for the smaller side (partial Fisher-Yates) */
    take = ua <= np - ua ? ua : np - ua;
    for (k = 0; k < np; k++)
        pos[k] = k;
    for (k = 0; k < take; k++) {
        int r = k + (int)nm_rng_below(&cb->rng, (uint64_t)(np - k)), t = pos[k];
        pos[k] = pos[r];
        pos[r] = t;
    }
    mark = take == ua;      /* the chosen ones go to A, else the others do */
    for (k = 0; k <= np; k++)   /* side[np]: read (and ignored) after the last pool column */
        side[k] = !mark;
    for (k = 0; k < take; k++)
        side[pos[k]] = mark;
    for (k = p = 0; k < nu; k++) {     /* shared columns stay in both */
        int s = both[k], toa = s | side[p], tob = s | !side[p];
        cb->toa[ka] = cb->tob[kb] = u[k];
        ka += toa;
        kb += tob;
        p += !s;
    }
    memcpy(A, cb->toa, (size_t)na * sizeof(int));
    memcpy(B, cb->tob, (size_t)nb * sizeof(int));
}

void nm_curveball_trade(nm_curveball *cb, long n)
{
    long i;
    int k;

    if (cb->nr < 2 || n <= 0)
        return;
    for (i = 0; i < n; i++) {
        int j, h = (cb->head + NM_CURVEBALL_AHEAD / 2) % NM_CURVEBALL_AHEAD;

        /* The rows of the trade AHEAD/2 from now, drawn AHEAD/2 trades ago
         * (their locations have arrived since): start loading their first and
         * last cache lines. Written here, not in a helper: GCC deems a
         * function that only prefetches pure and drops calls to it. */
        for (j = 0; j < 2; j++) {
            const int *row = cb->adj + cb->loc[cb->ahead[h][j]][0];
            int len = cb->loc[cb->ahead[h][j]][1];
            __builtin_prefetch(row);
            __builtin_prefetch(row + (len > 0 ? len - 1 : 0));
        }
        k = cb->head;
        trade_rows(cb, cb->ahead[k][0], cb->ahead[k][1]);
        draw_pair(cb, k);
        cb->head = (k + 1) % NM_CURVEBALL_AHEAD;
    }
    cb->trades += n;
}

/* ---- NODF against the null model ---- */

void nm_null_opts_init(nm_null_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->nsim = 99;
    o->seed = 1;
}

void nm_null_destroy(nm_null *res)
{
    free(res->sim);
    memset(res, 0, sizeof(*res));
}

/* mean, sd, z and p of the simulated values, as vegan::oecosimu. */
static void summarise(nm_null *res)
{
    double mean = 0, m2 = 0, eps = sqrt(DBL_EPSILON), obs = res->obs.nodf;
    long i, pless = 0, pmore = 0, n = res->nsim;

    for (i = 0; i < n; i++) {       /* Welford: exactly 0 for equal values */
        double x = res->sim[i], dx = x - mean;
        mean += dx / (double)(i + 1);
        m2 += dx * (x - mean);
        pless += obs + eps >= x;
        pmore += obs - eps <= x;
    }
    res->mean = mean;
    res->sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : NAN;
    res->z = res->sd >= eps ? (obs - mean) / res->sd : NAN;
    res->p = n > 1 ? (2.0 * (pless < pmore ? pless : pmore) + 1) / (double)(n + 1) : NAN;
    if (res->p > 1)
        res->p = 1;
    if (isnan(obs))
        res->mean = res->sd = res->z = res->p = NAN;
}

static int stopped(const nm_null_opts *o)
{
    return o->stop && *o->stop;
}

/* Runs the chain, recording nsim NODF values. */
static nm_status simulate(nm_curveball *cb, nm_nodf_work *w, const nm_null_opts *o, nm_null *res)
{
    long s, step = res->nsim / 100 > 0 ? res->nsim / 100 : 1, left = res->burnin;

    while (left > 0) {              /* burn in, checking for a stop now and then */
        long n = left < 100000 ? left : 100000;
        if (stopped(o))
            return NM_EINTR;
        nm_curveball_trade(cb, n);
        left -= n;
    }
    for (s = 0; s < res->nsim; s++) {
        nm_nodf x;
        if (stopped(o))
            return NM_EINTR;
        nm_curveball_trade(cb, res->thin);
        nm_nodf_work_eval_ranked(w, cb->off, cb->adj, &x);  /* margins kept: ranked once */
        res->sim[s] = x.nodf;
        if (o->progress && ((s + 1) % step == 0 || s + 1 == res->nsim))
            o->progress(o->progress_arg, s + 1, res->nsim);
    }
    return NM_OK;
}

nm_status nm_null_nodf_lists(int nr, int nc, const int *off, const int *adj, const nm_null_opts *o,
                             nm_null *res, nm_diag *d)
{
    nm_curveball cb;
    nm_nodf_work w;
    nm_status s;

    memset(res, 0, sizeof(*res));
    if (o->nsim < 1 || o->burnin < 0 || o->thin < 0) {
        nm_diag_error(d, NULL, 0, "null model needs nsim >= 1 and burnin, thin >= 0 (got %ld, %ld, %ld)",
                      o->nsim, o->burnin, o->thin);
        return NM_EUSAGE;
    }
    res->nsim = o->nsim;
    res->thin = o->thin ? o->thin : (nr > 1 ? nr : 1);
    res->burnin = o->burnin ? o->burnin : 10 * (long)nr;
    res->sim = malloc((size_t)o->nsim * sizeof(double));
    s = res->sim ? nm_nodf_work_init(&w, nr, nc, off, adj) : NM_ENOMEM;
    if (s == NM_OK) {
        nm_nodf_work_eval(&w, off, adj, &res->obs);
        /* rows stored in NODF's fill order: evaluating reads them in sequence */
        if ((s = nm_curveball_init_order(&cb, nr, nc, off, adj, w.rorder, o->seed)) == NM_OK) {
            s = simulate(&cb, &w, o, res);
            nm_curveball_destroy(&cb);
        }
        nm_nodf_work_destroy(&w);
    }
    if (s != NM_OK) {
        nm_null_destroy(res);
        if (s == NM_EINTR)
            nm_diag_error(d, NULL, 0, "null model interrupted");
        else
            nm_diag_error(d, NULL, 0, "out of memory in the null model");
        return s;
    }
    summarise(res);
    return NM_OK;
}

nm_status nm_null_nodf(const nm_graph *g, const nm_null_opts *o, nm_null *res, nm_diag *d)
{
    return nm_null_nodf_lists(g->nstates, g->ninsts, g->s_off, g->s_adj, o, res, d);
}
