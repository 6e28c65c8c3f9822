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
    if (cb->own) {          /* split batches look them up too */
        __builtin_prefetch(cb->own + a);
        __builtin_prefetch(cb->own + b);
    }
}

/* A trade's scratch: two blocks of nc + 1 ints for the pool, four more for
 * pick_side and the new rows, and a stamp per column (zeroed). */
static int scratch_init(nm_curveball_scratch *sc, int nc)
{
    size_t n = (size_t)nc + 1;

    sc->pool = malloc(6 * n * sizeof(int));
    sc->mark = calloc(n, sizeof(uint32_t));
    if (!sc->pool || !sc->mark)
        return -1;
    sc->pos = sc->pool + 2 * n;
    sc->side = sc->pool + 3 * n;
    sc->toa = sc->pool + 4 * n;
    sc->tob = sc->pool + 5 * n;
    sc->nc = nc;
    return 0;
}

nm_status nm_curveball_init_order(nm_curveball *cb, int nr, int nc, const int *off, const int *adj,
                                  const int *order, uint64_t seed)
{
    size_t e = (size_t)off[nr];
    nm_rng st[2];
    int p;

    memset(cb, 0, sizeof(*cb));
    cb->nr = nr;
    cb->nc = nc;
    cb->off = malloc(((size_t)nr + 1) * sizeof(int));
    cb->adj = nm_mem_alloc((e + 1) * sizeof(int));
    cb->loc = nm_mem_alloc(((size_t)nr + 1) * sizeof(*cb->loc));
    if (!cb->off || !cb->adj || !cb->loc || scratch_init(&cb->sc[0], nc) < 0) {
        nm_curveball_destroy(cb);
        return NM_ENOMEM;
    }
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
    cb->key = st[1].s[0];
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
    free(cb->off); free(cb->adj); free(cb->loc);
    free(cb->sc[0].pool); free(cb->sc[1].pool);
    free(cb->sc[0].mark); free(cb->sc[1].mark);
    free(cb->own); free(cb->part[0]); free(cb->part[1]);
    memset(cb, 0, sizeof(*cb));
}

/* The next trade's stamp: st marks "in A", st + 1 "in both" (a column's
 * mark is less than st otherwise). Restarts, zeroing the marks, before
 * it wraps (after two billion trades). The stamp is kept in mark[nc], not
 * in sc: the two parts' scratch would share a cache line. */
static uint32_t next_stamp(nm_curveball_scratch *sc)
{
    uint32_t *stamp = sc->mark + sc->nc;

    if (*stamp >= UINT32_MAX - 3)
        memset(sc->mark, 0, ((size_t)sc->nc + 1) * sizeof(uint32_t));
    *stamp += 2;
    return *stamp;
}

/* Splits rows A and B (any order) without data-dependent branches: the
 * columns in both into toa and tob (returns how many), A's others into
 * u[0 .. *ua) and B's others after them, each row's in its order; *np =
 * the pool's size. u has room for na + nb. */
static int split_rows(nm_curveball_scratch *sc, const int *A, int na, const int *B, int nb,
                      int *np, int *ua)
{
    uint32_t *mark = sc->mark, st = next_stamp(sc);
    int *u = sc->pool, i, ns = 0, nbp = 0, nap = 0;

    for (i = 0; i < na; i++)
        mark[A[i]] = st;
    for (i = 0; i < nb; i++) {          /* B's others go after room for all of A */
        int x = B[i], s = mark[x] == st;
        mark[x] += (uint32_t)s;
        sc->toa[ns] = sc->tob[ns] = x;
        ns += s;
        u[na + nbp] = x;
        nbp += !s;
    }
    for (i = 0; i < na; i++) {
        int x = A[i];
        u[nap] = x;
        nap += mark[x] != st + 1;
    }
    if (ns > 0)
        memmove(u + nap, u + na, (size_t)nbp * sizeof(int));
    *np = nap + nbp;
    *ua = nap;
    return ns;
}

/* The shuffle stream of trade t: splitmix64 started from the chain's key and
 * t, so that a trade's outcome depends only on its two rows and its number
 * (trades on distinct rows commute, whoever makes them). */
static uint64_t trade_stream(const nm_curveball *cb, long t)
{
    uint64_t x = cb->key + (uint64_t)t * 0xd1b54a32d192ed03ULL;

    return nm_splitmix64(&x);
}

/* A uniform take-subset of the np <= 64 pool positions as a bit mask
 * (Floyd's algorithm: one draw per position taken). */
static uint64_t pick_mask(uint64_t *st, int np, int take)
{
    uint64_t m = 0;
    int j;

    for (j = np - take; j < np; j++) {
        uint64_t bit = (uint64_t)1 << nm_splitmix_lemire(st, (uint64_t)j + 1);
        m |= (m & bit) ? (uint64_t)1 << j : bit;
    }
    return m;
}

/* The same for a larger pool, into side[0..np) (1 = taken; partial
 * Fisher-Yates over pool positions). */
static void pick_side(uint64_t *st, int np, int take, int *pos, int *side)
{
    int k;

    for (k = 0; k < np; k++) {
        pos[k] = k;
        side[k] = 0;
    }
    for (k = 0; k < take; k++) {
        int r = k + (int)nm_splitmix_lemire(st, (uint64_t)(np - k)), t = pos[k];
        pos[k] = pos[r];
        pos[r] = t;
        side[pos[k]] = 1;
    }
}

/* Rebuilds rows A and B after their ns shared columns: pool column u[p]
 * to A when goes_a(p), else to B. */
#define REBUILD(goes_a)                                         \
    for (p = 0; p < np; p++) {                                  \
        int ga = (goes_a);                                      \
        sc->toa[ka] = sc->tob[kb] = u[p];                       \
        ka += ga;                                               \
        kb += !ga;                                              \
    }

/* Trade t between rows a and b. The pool is A's columns not in B, then B's
 * not in A, each in its row's order; the smaller side's share is drawn as a
 * uniform subset of pool positions, and the rows are rebuilt in one pass
 * (shared columns first; rows keep no order). */
static void trade_rows(const nm_curveball *cb, nm_curveball_scratch *sc, int *A, int na, int *B,
                       int nb, long t)
{
    int np, ua, p, take, ka, kb;
    int *u = sc->pool;
    uint64_t st;

    ka = kb = split_rows(sc, A, na, B, nb, &np, &ua);
    if (ua == 0 || ua == np)
        return;
    take = ua <= np - ua ? ua : np - ua;
    st = trade_stream(cb, t);
    if (np <= 64) {
        uint64_t m = pick_mask(&st, np, take);
        if (take != ua)             /* the taken ones go to B: A gets the others */
            m = ~m;
        REBUILD((int)(m >> p) & 1)
    } else {
        int *side = sc->side, flip = take != ua;
        pick_side(&st, np, take, sc->pos, side);
        REBUILD(side[p] ^ flip)
    }
    memcpy(A, sc->toa, (size_t)na * sizeof(int));
    memcpy(B, sc->tob, (size_t)nb * sizeof(int));
}
#undef REBUILD

void nm_curveball_trade(nm_curveball *cb, long n)
{
    long i;
    int k, a, b;

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
        a = cb->ahead[k][0];
        b = cb->ahead[k][1];
        trade_rows(cb, &cb->sc[0], cb->adj + cb->loc[a][0], cb->loc[a][1], cb->adj + cb->loc[b][0],
                   cb->loc[b][1], cb->trades + i);
        draw_pair(cb, k);
        cb->head = (k + 1) % NM_CURVEBALL_AHEAD;
    }
    cb->trades += n;
}

/* ---- trades on distinct rows in two parts ---- */

/* The batch scratch, on first use. */
static int split_init(nm_curveball *cb)
{
    if (cb->own)
        return 0;
    cb->own = calloc((size_t)cb->nr, sizeof(*cb->own));
    cb->part[0] = malloc(NM_CURVEBALL_BATCH * sizeof(nm_curveball_job));
    cb->part[1] = malloc(NM_CURVEBALL_BATCH * sizeof(nm_curveball_job));
    if (!cb->own || !cb->part[0] || !cb->part[1] || scratch_init(&cb->sc[1], cb->nc) < 0) {
        free(cb->own); free(cb->part[0]); free(cb->part[1]);
        free(cb->sc[1].pool); free(cb->sc[1].mark);
        cb->own = NULL;
        cb->part[0] = cb->part[1] = NULL;
        cb->sc[1].pool = NULL;
        cb->sc[1].mark = NULL;
        return -1;
    }
    return 0;
}

/* Splits the next trades (at most n and NM_CURVEBALL_BATCH) into two parts
 * whose rows are disjoint: a trade goes to the part that has traded one of
 * its rows in this batch, else to the part with less work so far, and the
 * batch ends before a trade whose rows are in both. Each row's trades keep
 * their order, so running the parts in any interleaving gives the chain.
 * Returns the trades taken (>= 1). */
static long plan_batch(nm_curveball *cb, long n)
{
    long i, work[2] = { 0, 0 };
    uint32_t e;

    if (cb->batch >= UINT32_MAX >> 1) {     /* numbers used up: start again */
        memset(cb->own, 0, (size_t)cb->nr * sizeof(*cb->own));
        cb->batch = 0;
    }
    e = ++cb->batch;
    cb->npart[0] = cb->npart[1] = 0;
    for (i = 0; i < n && i < NM_CURVEBALL_BATCH; i++) {
        int k = cb->head, a = cb->ahead[k][0], b = cb->ahead[k][1], p;
        int pa = cb->own[a] >> 1 == e ? (int)(cb->own[a] & 1) : -1;
        int pb = cb->own[b] >> 1 == e ? (int)(cb->own[b] & 1) : -1;
        nm_curveball_job *j;

        if (pa >= 0 && pb >= 0 && pa != pb)
            break;
        p = pa >= 0 ? pa : pb >= 0 ? pb : work[1] < work[0];
        j = &cb->part[p][cb->npart[p]++];
        j->a = cb->loc[a][0];
        j->na = cb->loc[a][1];
        j->b = cb->loc[b][0];
        j->nb = cb->loc[b][1];
        j->t = cb->trades + i;
        work[p] += 8 + j->na + j->nb;      /* about a trade's cost */
        cb->own[a] = cb->own[b] = e << 1 | (uint32_t)p;
        draw_pair(cb, k);
        cb->head = (k + 1) % NM_CURVEBALL_AHEAD;
    }
    return i;
}

/* Makes the trades of one part, in order, loading rows ahead. */
static void run_part(void *arg, int part)
{
    nm_curveball *cb = arg;
    const nm_curveball_job *job = cb->part[part];
    int i, n = cb->npart[part];

    for (i = 0; i < n; i++) {
        if (i + 8 < n) {        /* written here: see nm_curveball_trade */
            const nm_curveball_job *f = &job[i + 8];
            __builtin_prefetch(cb->adj + f->a);
            __builtin_prefetch(cb->adj + f->a + (f->na > 0 ? f->na - 1 : 0));
            __builtin_prefetch(cb->adj + f->b);
            __builtin_prefetch(cb->adj + f->b + (f->nb > 0 ? f->nb - 1 : 0));
        }
        trade_rows(cb, &cb->sc[part], cb->adj + job[i].a, job[i].na, cb->adj + job[i].b, job[i].nb,
                   job[i].t);
    }
}

nm_status nm_curveball_trade_split(nm_curveball *cb, long n, nm_pair_exec exec, void *user)
{
    if (cb->nr < 2 || n <= 0)
        return NM_OK;
    if (split_init(cb) < 0)
        return NM_ENOMEM;
    while (n > 0) {
        long m = plan_batch(cb, n);
        int together = exec ? exec(user, run_part, cb) : (run_part(cb, 0), run_part(cb, 1), 0);
        cb->trades += m;
        n -= m;
        if (!together) {            /* no second thread: the rest in one piece, same chain */
            nm_curveball_trade(cb, n);
            break;
        }
    }
    return NM_OK;
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

/* n trades, split in two parts when a second thread is offered and the
 * rows are many: the same chain either way. */
static nm_status trade(nm_curveball *cb, long n, const nm_null_opts *o)
{
    if (o->exec && cb->nr >= NM_NULL_SPLIT_ROWS)
        return nm_curveball_trade_split(cb, n, o->exec, o->exec_arg);
    nm_curveball_trade(cb, n);
    return NM_OK;
}

/* Runs the chain, recording nsim NODF values. */
static nm_status simulate(nm_curveball *cb, nm_nodf_work *w, const nm_null_opts *o, nm_null *res)
{
    long s, step = res->nsim / 100 > 0 ? res->nsim / 100 : 1, left = res->burnin;
    nm_status st;

    while (left > 0) {              /* burn in, checking for a stop now and then */
        long n = left < 100000 ? left : 100000;
        if (stopped(o))
            return NM_EINTR;
        if ((st = trade(cb, n, o)) != NM_OK)
            return st;
        left -= n;
    }
    for (s = 0; s < res->nsim; s++) {
        nm_nodf x;
        if (stopped(o))
            return NM_EINTR;
        if ((st = trade(cb, res->thin, o)) != NM_OK)
            return st;
        if (o->exec && cb->nr >= NM_NULL_SPLIT_ROWS)   /* margins kept: ranked once */
            nm_nodf_work_eval_split(w, cb->off, cb->adj, o->exec, o->exec_arg, &x);
        else
            nm_nodf_work_eval_ranked(w, cb->off, cb->adj, &x);
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
