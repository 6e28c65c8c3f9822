/* nullmodel.c - seeded curveball null model and NODF significance (see nm_nullmodel.h). */
#include "nm_nullmodel.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the curveball chain ---- */

nm_status nm_curveball_init(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                            uint64_t seed)
{
    size_t e = (size_t)off[nr];

    memset(cb, 0, sizeof(*cb));
    cb->nr = nr;
    cb->nc = nc;
    cb->off = malloc(((size_t)nr + 1) * sizeof(int));
    cb->adj = malloc((e + 1) * sizeof(int));
    cb->pool = malloc((2 * (size_t)nc + 1) * sizeof(int));
    cb->tmp = malloc((2 * (size_t)nc + 1) * sizeof(int));
    cb->flag = calloc((size_t)nc + 1, sizeof(int));
    if (!cb->off || !cb->adj || !cb->pool || !cb->tmp || !cb->flag) {
        nm_curveball_destroy(cb);
        return NM_ENOMEM;
    }
    memcpy(cb->off, off, ((size_t)nr + 1) * sizeof(int));
    memcpy(cb->adj, adj, e * sizeof(int));
    nm_rng_seed(&cb->rng, seed);
    return NM_OK;
}

void nm_curveball_destroy(nm_curveball *cb)
{
    free(cb->off); free(cb->adj); free(cb->pool); free(cb->tmp); free(cb->flag);
    memset(cb, 0, sizeof(*cb));
}

/* Columns in exactly one of the sorted lists A, B into pool, A's first
 * counted in *ua. Returns the pool size. */
static int uniques(const int *A, int na, const int *B, int nb, int *pool, int *ua)
{
    int i = 0, j = 0, np = 0, u = 0;

    while (i < na && j < nb) {
        if (A[i] < B[j]) {
            pool[np++] = A[i++];
            u++;
        } else if (A[i] > B[j]) {
            pool[np++] = B[j++];
        } else {
            i++;
            j++;
        }
    }
    while (i < na) {
        pool[np++] = A[i++];
        u++;
    }
    while (j < nb)
        pool[np++] = B[j++];
    *ua = u;
    return np;
}

/* Rewrites rows A and B (sorted) from their old contents in tmp: shared
 * columns stay in both, a pooled column goes to A when flagged. */
static void redeal(int *A, int na, int *B, int nb, int *tmp, const int *flag)
{
    const int *oa = tmp, *ob = tmp + na;
    int i = 0, j = 0, ka = 0, kb = 0;

    memcpy(tmp, A, (size_t)na * sizeof(int));
    memcpy(tmp + na, B, (size_t)nb * sizeof(int));
    while (i < na || j < nb) {
        int x;
        if (j >= nb || (i < na && oa[i] < ob[j])) {
            x = oa[i++];
        } else if (i >= na || oa[i] > ob[j]) {
            x = ob[j++];
        } else {
            A[ka++] = B[kb++] = oa[i];
            i++;
            j++;
            continue;
        }
        if (flag[x])
            A[ka++] = x;
        else
            B[kb++] = x;
    }
}

/* One trade between two distinct random rows. */
static void trade_once(nm_curveball *cb)
{
    int a, b, na, nb, np, ua, k, take, mark;
    int *A, *B;

    a = (int)nm_rng_below(&cb->rng, (uint64_t)cb->nr);
    b = (int)nm_rng_below(&cb->rng, (uint64_t)cb->nr - 1);
    if (b >= a)
        b++;
    A = cb->adj + cb->off[a];
    B = cb->adj + cb->off[b];
    na = cb->off[a + 1] - cb->off[a];
    nb = cb->off[b + 1] - cb->off[b];
    np = uniques(A, na, B, nb, cb->pool, &ua);
    if (ua == 0 || ua == np)
        return;
    /* a uniform subset of the pool for the smaller side (partial Fisher-Yates) */
    take = ua <= np - ua ? ua : np - ua;
    for (k = 0; k < take; k++) {
        int r = k + (int)nm_rng_below(&cb->rng, (uint64_t)(np - k)), t = cb->pool[k];
        cb->pool[k] = cb->pool[r];
        cb->pool[r] = t;
    }
    mark = take == ua;      /* the chosen ones go to A, else the others do */
    for (k = 0; k < np; k++)
        cb->flag[cb->pool[k]] = (k < take) == mark;
    redeal(A, na, B, nb, cb->tmp, cb->flag);
    for (k = 0; k < np; k++)
        cb->flag[cb->pool[k]] = 0;
}

void nm_curveball_trade(nm_curveball *cb, long n)
{
    long i;

    if (cb->nr < 2)
        return;
    for (i = 0; i < n; i++)
        trade_once(cb);
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
static nm_status simulate(nm_curveball *cb, const nm_null_opts *o, nm_null *res)
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
        if (nm_nodf_lists(cb->nr, cb->nc, cb->off, cb->adj, &x) != NM_OK)
            return NM_ENOMEM;
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
    s = res->sim ? nm_nodf_lists(nr, nc, off, adj, &res->obs) : NM_ENOMEM;
    if (s == NM_OK && (s = nm_curveball_init(&cb, nr, nc, off, adj, o->seed)) == NM_OK) {
        s = simulate(&cb, o, res);
        nm_curveball_destroy(&cb);
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
