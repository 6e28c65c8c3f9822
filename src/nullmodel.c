/* nullmodel.c - seeded curveball null model and NODF significance (see nm_nullmodel.h). */
#include "nm_nullmodel.h"
#include "nm_mem.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NM_HAVE_AVX512_COMPRESS 1     /* rebuild_avx512 */
#endif

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

/* A trade's scratch: two blocks of nc + 1 ints for the pool, four more for
 * pick_side and the new rows (each with NM_CURVEBALL_PAD ints to spare:
 * rebuild_avx512 stores 16 at a time), and a stamp per column (zeroed). */
static int scratch_init(nm_curveball_scratch *sc, int nc)
{
    size_t n = (size_t)nc + 1 + NM_CURVEBALL_PAD;

    sc->pool = malloc(6 * n * sizeof(int));
    sc->mark = calloc((size_t)nc + 1, sizeof(uint32_t));
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
    if (!cb->off || !cb->adj || !cb->loc || scratch_init(&cb->sc, nc) < 0) {
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
#ifdef NM_HAVE_AVX512_COMPRESS
    cb->simd = __builtin_cpu_supports("avx512f");
#endif
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
    free(cb->sc.pool); free(cb->sc.mark);
    *cb = (nm_curveball){ 0 };      /* safe to destroy again (the analyzer sees this, not a memset) */
}

/* The next trade's stamp: st marks "in A", st + 1 "in both" (a column's
 * mark is less than st otherwise). Restarts, zeroing the marks, before
 * it wraps (after two billion trades). The stamp is kept in mark[nc]. */
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
 * t, so that a trade's outcome depends only on its two rows and its number. */
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

#ifdef NM_HAVE_AVX512_COMPRESS
/* REBUILD((m >> p) & 1) for a pool of up to 64, 16 columns at a time: each
 * block's columns for A compressed to the front of a vector and stored at
 * toa + ka (the rest of the 16 lanes land in the scratch's spare room and
 * are written over or never read), B's likewise. */
__attribute__((target("avx512f")))
static void rebuild_avx512(const int *u, int np, uint64_t m, int *toa, int ka, int *tob, int kb)
{
    int p;

    for (p = 0; p < np; p += 16) {
        __mmask16 valid = np - p >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (np - p)) - 1);
        __mmask16 ma = (__mmask16)(m >> p) & valid, mb = (__mmask16)~(m >> p) & valid;
        __m512i x = _mm512_maskz_loadu_epi32(valid, u + p);
        _mm512_storeu_si512(toa + ka, _mm512_maskz_compress_epi32(ma, x));
        _mm512_storeu_si512(tob + kb, _mm512_maskz_compress_epi32(mb, x));
        ka += __builtin_popcount(ma);
        kb += __builtin_popcount(mb);
    }
}
#endif

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
#ifdef NM_HAVE_AVX512_COMPRESS
        if (cb->simd)
            rebuild_avx512(u, np, m, sc->toa, ka, sc->tob, kb);
        else
#endif
        {
            REBUILD((int)(m >> p) & 1)
        }
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
        trade_rows(cb, &cb->sc, cb->adj + cb->loc[a][0], cb->loc[a][1], cb->adj + cb->loc[b][0],
                   cb->loc[b][1], cb->trades + i);
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

/* One of the null model's two branches and its share of the simulated values. */
typedef struct {
    nm_curveball cb;
    nm_nodf_work w;         /* the margins' ranks and NODF scratch */
    double *sim;            /* its values: res->sim + first */
    long nsim, done;
} null_branch;

/* A round: each branch records its next simulated matrix (thin trades and
 * NODF), while it has some to record. */
typedef struct {
    null_branch br[NM_NULL_BRANCHES];
    long thin;
} null_round;

static void run_branch(void *arg, int part)
{
    null_round *r = arg;
    null_branch *c = &r->br[part];
    nm_nodf x;

    if (c->done < c->nsim) {
        nm_curveball_trade(&c->cb, r->thin);
        nm_nodf_work_eval_ranked(&c->w, c->cb.off, c->cb.adj, &x);   /* margins kept */
        /* clang-analyzer loses track of the branch's buffers across this
         * indexed store and reports them leaked; branches_destroy frees them
         * (the tests are valgrind-clean). */
        c->sim[c->done++] = x.nodf;     /* NOLINT(clang-analyzer-unix.Malloc) */
    }
}

/* Branch k's NODF scratch and its share of res->sim (the first branch
 * takes the odd one out). */
static nm_status branch_init(null_branch *c, int k, int nr, int nc, const int *off, const int *adj,
                            nm_null *res)
{
    long half = (res->nsim + 1) / 2;

    c->sim = res->sim + (k == 0 ? 0 : half);
    c->nsim = k == 0 ? half : res->nsim - half;
    return nm_nodf_work_init(&c->w, nr, nc, off, adj);
}

/* Burns the chain in, checking for a stop now and then. */
static nm_status burn_in(nm_curveball *cb, long n, const nm_null_opts *o)
{
    while (n > 0) {
        long k = n < 100000 ? n : 100000;
        if (stopped(o))
            return NM_EINTR;
        nm_curveball_trade(cb, k);
        n -= k;
    }
    return NM_OK;
}

/* Records the branches' matrices a round at a time, the branches at the
 * same time when the rows are many enough and a second thread is offered:
 * the same values either way. */
static nm_status record(null_round *r, const nm_null_opts *o, nm_null *res)
{
    long step = res->nsim / 100 > 0 ? res->nsim / 100 : 1, done = 0;
    int pair = o->exec && r->br[0].cb.nr >= NM_NULL_PAIR_ROWS;

    r->thin = res->thin;
    while (done < res->nsim) {
        long before = done;
        if (stopped(o))
            return NM_EINTR;
        if (pair) {
            (void)o->exec(o->exec_arg, run_branch, r);
        } else {
            run_branch(r, 0);
            run_branch(r, 1);
        }
        done = r->br[0].done + r->br[1].done;
        if (o->progress && (done / step > before / step || done == res->nsim))
            o->progress(o->progress_arg, done, res->nsim);
    }
    return NM_OK;
}

/* The chain from the observed matrix (rows stored in NODF's fill order, so
 * that evaluating reads them in sequence) and its burn-in, as the first
 * branch; the second branch forked from it with a seed of its own. */
static nm_status simulate(null_round *r, int nr, int nc, const int *off, const int *adj,
                          const nm_null_opts *o, nm_null *res)
{
    null_branch *c0 = &r->br[0], *c1 = &r->br[1];
    uint64_t x = o->seed;
    nm_status s;

    if ((s = branch_init(c0, 0, nr, nc, off, adj, res)) != NM_OK)
        return s;
    nm_nodf_work_eval(&c0->w, off, adj, &res->obs);
    if ((s = nm_curveball_init_order(&c0->cb, nr, nc, off, adj, c0->w.rorder, o->seed)) != NM_OK
        || (s = burn_in(&c0->cb, res->burnin, o)) != NM_OK
        || (s = branch_init(c1, 1, nr, nc, off, adj, res)) != NM_OK
        || (s = nm_curveball_init(&c1->cb, nr, nc, c0->cb.off, c0->cb.adj, nm_splitmix64(&x)))
               != NM_OK)
        return s;
    return record(r, o, res);
}

static void branches_destroy(null_round *r)
{
    int k;

    for (k = 0; k < NM_NULL_BRANCHES; k++) {
        nm_curveball_destroy(&r->br[k].cb);
        nm_nodf_work_destroy(&r->br[k].w);
    }
}

nm_status nm_null_nodf_lists(int nr, int nc, const int *off, const int *adj, const nm_null_opts *o,
                             nm_null *res, nm_diag *d)
{
    null_round r;
    nm_status s;

    memset(res, 0, sizeof(*res));
    memset(&r, 0, sizeof(r));
    if (o->nsim < 1 || o->burnin < 0 || o->thin < 0) {
        nm_diag_error(d, NULL, 0, "null model needs nsim >= 1 and burnin, thin >= 0 (got %ld, %ld, %ld)",
                      o->nsim, o->burnin, o->thin);
        return NM_EUSAGE;
    }
    res->nsim = o->nsim;
    res->thin = o->thin ? o->thin : (nr > 1 ? nr : 1);
    res->burnin = o->burnin ? o->burnin : 10 * (long)nr;
    res->sim = malloc((size_t)o->nsim * sizeof(double));
    s = res->sim ? simulate(&r, nr, nc, off, adj, o, res) : NM_ENOMEM;
    branches_destroy(&r);
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
