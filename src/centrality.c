/* centrality.c - bipartite centralities and the co-membership projection (see nm_centrality.h). */
#include "nm_centrality.h"
#include "nm_rng.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NM_HAVE_AVX512_UNION 1   /* union_words_avx512 */
#endif

/* ---- the whole graph as one adjacency structure and its components ---- */

typedef struct {
    int n;                  /* vertices: states then institutions */
    int *off, *adj;         /* neighbours of v: adj[off[v] .. off[v+1]) */
    int *comp;              /* [n] component label, in order of first vertex */
    int ncomp;
    int *cstart, *cnodes;   /* nodes of component c: cnodes[cstart[c] .. cstart[c+1]) */
} csr;

static void csr_destroy(csr *a)
{
    free(a->off); free(a->adj); free(a->comp); free(a->cstart); free(a->cnodes);
    memset(a, 0, sizeof(*a));
}

static void csr_label(csr *a, int *queue)
{
    int v, head, tail, k;

    for (v = 0; v < a->n; v++)
        a->comp[v] = -1;
    a->ncomp = 0;
    for (v = 0; v < a->n; v++) {
        if (a->comp[v] >= 0)
            continue;
        head = tail = 0;
        queue[tail++] = v;
        a->comp[v] = a->ncomp;
        while (head < tail) {
            int w = queue[head++];
            for (k = a->off[w]; k < a->off[w + 1]; k++)
                if (a->comp[a->adj[k]] < 0) {
                    a->comp[a->adj[k]] = a->ncomp;
                    queue[tail++] = a->adj[k];
                }
        }
        a->ncomp++;
    }
}

/* Nodes grouped by component (counting sort, graph order inside each). */
static int csr_group(csr *a)
{
    int v, c, *fill;

    a->cstart = calloc((size_t)a->ncomp + 1, sizeof(int));
    a->cnodes = malloc(((size_t)a->n + 1) * sizeof(int));
    fill = calloc((size_t)a->ncomp + 1, sizeof(int));
    if (!a->cstart || !a->cnodes || !fill) {
        free(fill);
        return -1;
    }
    for (v = 0; v < a->n; v++)
        a->cstart[a->comp[v] + 1]++;
    for (c = 0; c < a->ncomp; c++)
        a->cstart[c + 1] += a->cstart[c];
    for (v = 0; v < a->n; v++)
        a->cnodes[a->cstart[a->comp[v]] + fill[a->comp[v]]++] = v;
    free(fill);
    return 0;
}

static int csr_build(const nm_graph *g, csr *a)
{
    int *queue;

    memset(a, 0, sizeof(*a));
    a->n = g->nstates + g->ninsts;
    if (nm_graph_lists(g, &a->off, &a->adj) < 0)
        return -1;
    if (!(a->comp = malloc(((size_t)a->n + 1) * sizeof(int))))
        goto fail;
    queue = malloc(((size_t)a->n + 1) * sizeof(int));
    if (!queue)
        goto fail;
    csr_label(a, queue);
    free(queue);
    if (csr_group(a) < 0)
        goto fail;
    return 0;
fail:
    csr_destroy(a);
    return -1;
}

/* ---- Brandes: shortest paths from a set of sources ----
 *
 * The graph is bipartite, so a breadth-first search alternates sides: level d
 * holds one side's nodes, level d + 1 the other's. Each level is expanded in
 * the cheaper of two directions (Beamer's direction-optimising BFS): from the
 * frontier's lists ("push": each entry adds into a node of the next side) or
 * from the lists of the next side's unreached nodes ("pull": each entry reads
 * a node of the frontier side). Dependencies are accumulated level by level
 * the same way. Every sum a node receives is taken in increasing index order of
 * the terms whichever direction is used (levels are kept in index order and
 * adjacency lists are sorted), so the result does not depend on the choice. */

#define UNREACHED UINT_MAX

typedef struct {
    const csr *a;
    int ns;                 /* nodes below ns are states, the rest institutions */
    unsigned *dist;         /* UNREACHED outside the current search */
    int *order;             /* reached nodes level by level, each in index order */
    int *lstart;            /* level d is order[lstart[d] .. lstart[d+1]) */
    int *rest;              /* a side's unreached nodes (index order): rest[rlo[x] .. rlo[x]+rlen[x]) */
    int rlo[2], rlen[2];
    int64_t restdeg[2];     /* the sum of their degrees */
    int64_t sidedeg[2];     /* the sum of degrees of each side of the component */
    double big[2];          /* 4 for a side of more than 65 536 nodes, else 1 (costs below) */
    double *sigma;          /* 0 outside the current search */
    double *delta, *coef;   /* coef = (1 + δ) / σ */
    double *cur;            /* σ or coef of the level being read, 0 elsewhere */
    uint16_t *scur;         /* σ of the level being read when below 2^16 (level_pull), 0 elsewhere */
    double *bc, *bcsq, *dsum;  /* per node: Σ δ_s/2, Σ (δ_s/2)², Σ d(s, v) over sources s */
    int maxdist;            /* the largest distance any source reached */
    int dir;                /* NM_BFS_AUTO, or the direction every level takes */
} brandes;

static int deg(const csr *a, int v) { return a->off[v + 1] - a->off[v]; }

/* Next level from the frontier's lists (the next side's entries prefetched
 * ahead when its arrays are large, as they are then far apart); then the side's unreached list is split into
 * the new level (in index order) and what stays unreached. */
static int level_push(brandes *b, int d, int y, int tail)
{
    const int *restrict off = b->a->off, *restrict adj = b->a->adj;
    unsigned *restrict dist = b->dist, nd = (unsigned)d + 1;
    double *restrict sigma = b->sigma;
    int i, k, keep = 0, *r = b->rest + b->rlo[y], far = b->big[y] > 1;

    for (i = b->lstart[d]; i < b->lstart[d + 1]; i++) {
        int w = b->order[i], end = off[w + 1];
        double sw = sigma[w];
        for (k = off[w]; k < end; k++) {
            int u = adj[k], ok;
            unsigned du;
            if (far && k + 16 < end) {
                __builtin_prefetch(&dist[adj[k + 16]], 1);
                __builtin_prefetch(&sigma[adj[k + 16]], 1);
            }
            du = dist[u];
            ok = du >= nd;          /* unreached, or already found at level d + 1 */
            dist[u] = ok ? nd : du;
            sigma[u] += ok ? sw : 0.0;
        }
    }
    for (i = 0; i < b->rlen[y]; i++) {
        if (dist[r[i]] == nd) {
            b->order[tail++] = r[i];
            b->restdeg[y] -= deg(b->a, r[i]);
        } else
            r[keep++] = r[i];
    }
    b->rlen[y] = keep;
    return tail;
}

/* Puts val[v] of the nodes of level d into cur (or takes them out). */
static void level_mark(brandes *b, int d, const double *val)
{
    int i;

    for (i = b->lstart[d]; i < b->lstart[d + 1]; i++)
        b->cur[b->order[i]] = val ? val[b->order[i]] : 0;
}

/* Puts σ of the nodes of level d into scur when every one is below 2^16
 * (returns 1), else into cur (returns 0). */
static int level_mark_small(brandes *b, int d)
{
    int i;

    for (i = b->lstart[d]; i < b->lstart[d + 1]; i++)
        if (b->sigma[b->order[i]] >= 65536) {
            level_mark(b, d, b->sigma);
            return 0;
        }
    for (i = b->lstart[d]; i < b->lstart[d + 1]; i++)
        b->scur[b->order[i]] = (uint16_t)b->sigma[b->order[i]];
    return 1;
}

/* Next level from the unreached nodes' lists: a node is reached when one of
 * its neighbours is at level d; its σ is the sum of theirs (cur holds σ of
 * level d, 0 elsewhere, and every σ is at least 1). When every σ of level d
 * is below 2^16, the sums read them from scur, a quarter of cur's bytes, so
 * that the random reads stay in cache (on the xlarge benchmark the states'
 * σ one level past the source's institutions are all below 100). The sums
 * are the same: σ are whole numbers, and with fewer than 2^31 nodes below
 * 2^16 each, every sum of them is below 2^47, exact in a double. */
static int level_pull(brandes *b, int d, int y, int tail)
{
    const int *restrict off = b->a->off, *restrict adj = b->a->adj;
    const double *restrict cur = b->cur;
    const uint16_t *restrict scur = b->scur;
    int i, k, keep = 0, *r = b->rest + b->rlo[y], small = level_mark_small(b, d);

    for (i = 0; i < b->rlen[y]; i++) {
        int u = r[i];
        double s = 0;
        if (small) {
            uint64_t t = 0;
            for (k = off[u]; k < off[u + 1]; k++)
                t += scur[adj[k]];
            s = (double)t;
        } else
            for (k = off[u]; k < off[u + 1]; k++)
                s += cur[adj[k]];
        if (s > 0) {
            b->dist[u] = (unsigned)d + 1;
            b->sigma[u] = s;
            b->order[tail++] = u;
            b->restdeg[y] -= deg(b->a, u);
        } else
            r[keep++] = u;
    }
    if (small)
        for (i = b->lstart[d]; i < b->lstart[d + 1]; i++)
            b->scur[b->order[i]] = 0;
    else
        level_mark(b, d, NULL);
    b->rlen[y] = keep;
    return tail;
}

/* Breadth-first search from s, counting shortest paths. Returns the number
 * of levels. */
static int brandes_forward(brandes *b, int s)
{
    const csr *a = b->a;
    int d = 0, tail = 1, x = s >= b->ns;

    b->dist[s] = 0;
    b->sigma[s] = 1;
    b->order[0] = s;
    b->lstart[0] = 0;
    b->lstart[1] = 1;
    for (;; d++, x ^= 1) {
        int64_t fdeg = 0;   /* integers: no chain of floating-point additions */
        int i, y = x ^ 1;

        if (b->lstart[d + 1] == b->lstart[d] || b->rlen[y] == 0)
            break;
        for (i = b->lstart[d]; i < b->lstart[d + 1]; i++)
            fdeg += deg(a, b->order[i]);
        /* A push from a large side piles its entries onto the few nodes of
         * the other (chains of read-modify-writes on the same entries); a
         * pull reads lists in order, its reads of the other side follow
         * sorted lists. Weights measured on the xlarge benchmark. */
        if (b->dir ? b->dir == NM_BFS_PUSH : (double)fdeg * b->big[x] <= (double)b->restdeg[y])
            tail = level_push(b, d, y, tail);
        else
            tail = level_pull(b, d, y, tail);
        b->lstart[d + 2] = tail;
    }
    return b->lstart[d + 1] > b->lstart[d] ? d + 1 : d;
}

/* δ/σ of the nodes of level l, from the coefficients of level l + 1: each node
 * reads its own list ("pull"), or the next level's nodes add to the lists they
 * name ("push"). Either way a node's sum runs over its successors in index
 * order, and adding 0 to a sum leaves it as it was. */
static void level_delta(brandes *b, int l, int x)
{
    const int *restrict off = b->a->off, *restrict adj = b->a->adj;
    double *restrict delta = b->delta;
    int i, k, lo = b->lstart[l], hi = b->lstart[l + 1];
    int64_t own = 0, next = 0;

    for (i = lo; i < hi; i++)
        own += deg(b->a, b->order[i]);
    for (i = hi; i < b->lstart[l + 2]; i++)
        next += deg(b->a, b->order[i]);
    /* a pull reads the next level's side, a push adds into this one's */
    if (b->dir ? b->dir == NM_BFS_PULL : (double)own * b->big[x ^ 1] <= (double)next * b->big[x]) {
        const double *restrict cur = b->cur;
        level_mark(b, l + 1, b->coef);
        for (i = lo; i < hi; i++) {
            int w = b->order[i];
            double s = 0;
            for (k = off[w]; k < off[w + 1]; k++)
                s += cur[adj[k]];
            delta[w] = s;
        }
        level_mark(b, l + 1, NULL);
    } else {
        const unsigned *restrict dist = b->dist;
        for (i = lo; i < hi; i++)
            delta[b->order[i]] = 0;
        for (i = hi; i < b->lstart[l + 2]; i++) {
            int u = b->order[i];
            double c = b->coef[u];
            for (k = off[u]; k < off[u + 1]; k++)
                delta[adj[k]] += dist[adj[k]] == (unsigned)l ? c : 0.0;
        }
    }
}

/* Dependencies, deepest level first: δ(w) = σ(w) Σ_{u succ w} (1 + δ(u)) / σ(u). */
static void brandes_backward(brandes *b, int s, int nlev)
{
    int l, i, x = (s >= b->ns) ^ ((nlev - 1) & 1);

    for (l = nlev - 1; l >= 0; l--, x ^= 1) {
        if (l == nlev - 1)
            for (i = b->lstart[l]; i < b->lstart[l + 1]; i++)
                b->delta[b->order[i]] = 0;
        else
            level_delta(b, l, x);
        for (i = b->lstart[l]; i < b->lstart[l + 1]; i++) {
            int w = b->order[i];
            b->delta[w] *= b->sigma[w];
            b->coef[w] = (1 + b->delta[w]) / b->sigma[w];
        }
    }
}

/* Degree sums and cost factors of the sides of the component whose nodes
 * are nodes[0 .. sz), its nst states first. A side's arrays are taken to
 * stay in cache up to 65 536 nodes. */
static void brandes_component(brandes *b, const int *nodes, int sz, int nst)
{
    int i;

    b->sidedeg[0] = b->sidedeg[1] = 0;
    for (i = 0; i < sz; i++)
        b->sidedeg[i >= nst] += deg(b->a, nodes[i]);
    b->big[0] = nst > 65536 ? 4 : 1;
    b->big[1] = sz - nst > 65536 ? 4 : 1;
}

/* One source s of the component whose nodes are nodes[0 .. sz), its nst
 * states first (index order). Returns Σ_u d(s, u). */
static double brandes_source(brandes *b, int s, const int *nodes, int sz, int nst)
{
    const csr *a = b->a;
    int i, nlev, j = 0;
    int64_t tot = 0;

    b->rlo[0] = 0;
    for (i = 0; i < nst; i++)
        if (nodes[i] != s)
            b->rest[j++] = nodes[i];
    b->rlen[0] = j;
    b->rlo[1] = j;
    for (; i < sz; i++)
        if (nodes[i] != s)
            b->rest[j++] = nodes[i];
    b->rlen[1] = j - b->rlo[1];
    b->restdeg[0] = b->sidedeg[0] - (s < b->ns ? deg(a, s) : 0);
    b->restdeg[1] = b->sidedeg[1] - (s >= b->ns ? deg(a, s) : 0);
    nlev = brandes_forward(b, s);
    brandes_backward(b, s, nlev);
    for (i = 0; i < sz; i++) {      /* a component: every node was reached */
        int w = nodes[i];
        tot += b->dist[w];
        b->dsum[w] += b->dist[w];
        if (w != s) {
            double x = b->delta[w] / 2;
            b->bc[w] += x;
            b->bcsq[w] += x * x;
        }
        b->dist[w] = UNREACHED;
        b->sigma[w] = 0;
    }
    if (nlev - 1 > b->maxdist)
        b->maxdist = nlev - 1;
    return (double)tot;
}

double nm_betweenness_max(long n, long m)
{
    double s, t, md = (double)m, r;
    long q, rem;

    if (n <= 0 || m <= 0)
        return 0;
    q = (n - 1) / m;        /* s, t = divmod(n - 1, m): integer division by design */
    rem = (n - 1) % m;
    s = (double)q;
    t = (double)rem;
    r = (md * md * (s + 1) * (s + 1) + md * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2;
    return r > 0 ? r : 0;
}

/* A component's searches are split in two parts (even and odd pivots,
 * each part summing into its own workspace, added at the end) when they
 * are this much work (sources x list entries) or more; below, one
 * workspace takes every source in order. Either way the result depends
 * only on the data, never on who runs the parts. */
#define PATHS_SPLIT_WORK 67108864.0
#define PATHS_ROUND 64      /* sources per hand-over to the parts */

typedef struct {
    brandes b[2];           /* b[1] only for split components */
    int *piv;
    char *ispiv;
    double *own;            /* a pivot's exact distance sum */
    long K;
    int sampled;
    uint64_t rng;
    const nm_report_opts *o;    /* stop flag and progress; may be NULL */
    nm_pair_exec exec;          /* runs the two parts; may be NULL */
    void *exec_arg;
    long done, total;           /* sources run / to run */
    int stopped;
    /* the round being run: pivots piv[lo .. hi), of a component */
    const int *nodes;
    int sz, nst, lo, hi, split;
    int part_stopped[2];
} paths_ws;

/* Closeness, raw and normalised betweenness and its standard error of one
 * node v in a component of sz nodes (nst states) that used k sources. */
static void paths_finish(const paths_ws *w, const nm_graph *g, int v, int sz, int nst, int k,
                         nm_centrality *c)
{
    int ns = g->nstates, ni = g->ninsts, N = ns + ni;
    int isstate = v < ns;
    double own = isstate ? nst : sz - nst, other = isstate ? sz - nst : nst;
    double bmax = isstate ? nm_betweenness_max(ns, ni) : nm_betweenness_max(ni, ns);
    double bc = w->b[0].bc[v], totsp, se = 0;

    c->betw_raw[v] = bc * sz / k;
    if (k < sz && k >= 2) {
        double s2 = (w->b[0].bcsq[v] - bc * bc / k) / (k - 1);
        se = sqrt((double)sz * sz * (1 - (double)k / sz) * (s2 > 0 ? s2 : 0) / k);
    }
    c->betweenness[v] = bmax > 0 ? c->betw_raw[v] / bmax : 0;
    c->betw_se[v] = bmax > 0 ? se / bmax : 0;
    totsp = w->ispiv[v] ? w->own[v] : (double)(sz - 1) * w->b[0].dsum[v] / k;
    c->closeness[v] = totsp > 0 && N > 1
        ? (other + 2 * (own - 1)) / totsp * (double)(sz - 1) / (N - 1) : 0;
}

/* The round's pivots of one part: every other one when split (part 0 the
 * even positions), all of them in part 0 otherwise. */
static void paths_part(void *arg, int part)
{
    paths_ws *w = arg;
    brandes *b = &w->b[part];
    int i, step = w->split ? 2 : 1;

    if (!w->split && part == 1)
        return;
    for (i = w->lo + part; i < w->hi; i += step) {
        if (w->o && w->o->stop && *w->o->stop) {
            w->part_stopped[part] = 1;
            return;
        }
        w->own[w->piv[i]] = brandes_source(b, w->piv[i], w->nodes, w->sz, w->nst);
        w->ispiv[w->piv[i]] = 1;
    }
}

/* Runs pivots piv[0 .. k) in rounds, the parts through w->exec. */
static void paths_rounds(paths_ws *w, int k)
{
    for (w->lo = 0; w->lo < k && !w->stopped; w->lo = w->hi) {
        long before = w->done;
        w->hi = w->lo + PATHS_ROUND < k ? w->lo + PATHS_ROUND : k;
        if (w->split && w->exec)
            (void)w->exec(w->exec_arg, paths_part, w);
        else {
            paths_part(w, 0);
            paths_part(w, 1);
        }
        w->stopped = w->part_stopped[0] | w->part_stopped[1];
        w->done += w->hi - w->lo;
        if (w->o && w->o->progress && !w->stopped
            && (w->done / 1024 != before / 1024 || w->done == w->total))
            w->o->progress(w->o->progress_arg, "shortest paths", w->done, w->total);
    }
}

/* Whether component comp's searches are split in two parts: its pivots
 * (all its nodes, or K when sampled and it is larger) times its list
 * entries reach PATHS_SPLIT_WORK. */
static int comp_splits(const csr *a, int comp, int sampled, long K)
{
    int sz = a->cstart[comp + 1] - a->cstart[comp], i;
    double entries = 0, k = sampled && sz > K ? (double)K : sz;

    for (i = a->cstart[comp]; i < a->cstart[comp + 1]; i++)
        entries += deg(a, a->cnodes[i]);
    return k * entries >= PATHS_SPLIT_WORK;
}

static void paths_component(paths_ws *w, const nm_graph *g, int comp, nm_centrality *c)
{
    const csr *a = w->b[0].a;
    const int *nodes = a->cnodes + a->cstart[comp];
    int sz = a->cstart[comp + 1] - a->cstart[comp], k = sz, i, nst = 0;

    memcpy(w->piv, nodes, (size_t)sz * sizeof(int));
    if (w->sampled && sz > w->K) {
        k = (int)w->K;
        for (i = 0; i < k; i++) {   /* partial Fisher-Yates: k distinct pivots */
            int j = i + (int)nm_splitmix_below(&w->rng, (uint64_t)(sz - i)), t = w->piv[i];
            w->piv[i] = w->piv[j];
            w->piv[j] = t;
        }
        c->sampled = 1;
    }
    for (i = 0; i < sz; i++)
        nst += nodes[i] < g->nstates;
    w->nodes = nodes;
    w->sz = sz;
    w->nst = nst;
    w->split = w->b[1].dist && comp_splits(a, comp, w->sampled, w->K);
    brandes_component(&w->b[0], nodes, sz, nst);
    if (w->b[1].dist)
        brandes_component(&w->b[1], nodes, sz, nst);
    paths_rounds(w, k);
    if (w->stopped)
        return;
    if (w->split)
        for (i = 0; i < sz; i++) {  /* part 1's sums into part 0's */
            int v = nodes[i];
            w->b[0].bc[v] += w->b[1].bc[v];
            w->b[0].bcsq[v] += w->b[1].bcsq[v];
            w->b[0].dsum[v] += w->b[1].dsum[v];
        }
    c->pivots += k;
    for (i = 0; i < k; i++)         /* integers: exact in any order */
        c->dist_sum += w->own[w->piv[i]];
    c->conn_pairs += (double)sz * (sz - 1);
    for (i = 0; i < sz; i++)
        paths_finish(w, g, nodes[i], sz, nst, k, c);
}

/* A search workspace over a (n nodes + 1), every node unreached, into a
 * zeroed b. Returns 0 or -1 (then free it with brandes_free). */
static int brandes_alloc(brandes *b, const csr *a, size_t n, int ns, int dir)
{
    int v;

    b->a = a;
    b->ns = ns;
    b->dir = dir;
    b->dist = malloc(n * sizeof(unsigned));
    b->order = malloc(n * sizeof(int));
    b->sigma = calloc(n, sizeof(double));
    b->delta = malloc(n * sizeof(double));
    b->coef = malloc(n * sizeof(double));
    b->cur = calloc(n, sizeof(double));
    b->scur = calloc(n, sizeof(uint16_t));
    b->lstart = malloc((n + 2) * sizeof(int));
    b->rest = malloc(n * sizeof(int));
    b->bc = calloc(n, sizeof(double));
    b->bcsq = calloc(n, sizeof(double));
    b->dsum = calloc(n, sizeof(double));
    if (!b->dist || !b->order || !b->sigma || !b->delta || !b->coef || !b->cur || !b->scur || !b->lstart
        || !b->rest || !b->bc || !b->bcsq || !b->dsum)
        return -1;
    for (v = 0; v < a->n; v++)
        b->dist[v] = UNREACHED;
    return 0;
}

static void brandes_free(brandes *b)
{
    free(b->dist); free(b->order); free(b->sigma); free(b->delta); free(b->coef);
    free(b->cur); free(b->scur); free(b->lstart); free(b->rest); free(b->bc); free(b->bcsq); free(b->dsum);
}

/* Whether some component's searches will be split. */
static int paths_splits(const csr *a, int sampled, long K)
{
    int comp;

    for (comp = 0; comp < a->ncomp; comp++)
        if (comp_splits(a, comp, sampled, K))
            return 1;
    return 0;
}

/* nm_centrality_paths on g's whole adjacency a, with a stop flag and
 * progress (o may be NULL) and an executor for the parts (exec may be
 * NULL). Returns 0, -1 when out of memory, -2 when stopped. */
static int paths_on(const nm_graph *g, const csr *a, int sampled, long nsamples,
                    unsigned long seed, int dir, const nm_report_opts *o, nm_pair_exec exec,
                    void *exec_arg, nm_centrality *c)
{
    paths_ws w;
    size_t n = (size_t)g->nstates + g->ninsts + 1;
    int comp, ok;

    memset(&w, 0, sizeof(w));
    w.K = nsamples > 0 ? nsamples : NM_BETW_SAMPLES_DEFAULT;
    w.piv = malloc(n * sizeof(int));
    w.ispiv = calloc(n, 1);
    w.own = calloc(n, sizeof(double));
    ok = w.piv && w.ispiv && w.own && brandes_alloc(&w.b[0], a, n, g->nstates, dir) == 0
        && (!paths_splits(a, sampled, w.K) || brandes_alloc(&w.b[1], a, n, g->nstates, dir) == 0);
    if (ok) {
        w.sampled = sampled;
        w.rng = (uint64_t)seed;
        c->sampled = 0;
        c->pivots = 0;
        c->dist_sum = c->conn_pairs = 0;
        w.o = o;
        w.exec = exec;
        w.exec_arg = exec_arg;
        for (comp = 0; comp < a->ncomp; comp++) {
            int sz = a->cstart[comp + 1] - a->cstart[comp];
            w.total += sampled && sz > w.K ? w.K : sz;
        }
        for (comp = 0; comp < a->ncomp && !w.stopped; comp++)
            paths_component(&w, g, comp, c);
        c->max_dist = w.b[0].maxdist > w.b[1].maxdist ? w.b[0].maxdist : w.b[1].maxdist;
    }
    brandes_free(&w.b[0]);
    brandes_free(&w.b[1]);
    free(w.piv); free(w.ispiv); free(w.own);
    return !ok ? -1 : w.stopped ? -2 : 0;
}

/* paths_on with an adjacency of its own. */
static int paths_run(const nm_graph *g, int sampled, long nsamples, unsigned long seed, int dir,
                     nm_pair_exec exec, void *user, nm_centrality *c)
{
    csr a;
    int rc;

    if (csr_build(g, &a) < 0)
        return -1;
    rc = paths_on(g, &a, sampled, nsamples, seed, dir, NULL, exec, user, c);
    csr_destroy(&a);
    return rc;
}

int nm_centrality_paths(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                        nm_centrality *c)
{
    return paths_run(g, sampled, nsamples, seed, NM_BFS_AUTO, NULL, NULL, c);
}

int nm_centrality_paths_exec(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                             nm_pair_exec exec, void *user, nm_centrality *c)
{
    return paths_run(g, sampled, nsamples, seed, NM_BFS_AUTO, exec, user, c);
}

int nm_centrality_paths_dir(const nm_graph *g, int sampled, long nsamples, unsigned long seed,
                            int dir, nm_centrality *c)
{
    return paths_run(g, sampled, nsamples, seed, dir, NULL, NULL, c);
}

/* ---- the co-membership projection, never materialised ---- */

/* The entries of list[from .. to) in neither acc nor seen, each added to
 * seen and pushed on stack[n ..]; returns the new height. Branch-free: the
 * two bitsets (S/8 bytes each) stay in cache where a marker array of ints
 * would not. acc may be seen itself. */
static int add_new(const int *list, int from, int to, const uint64_t *acc, uint64_t *seen,
                   int *stack, int n)
{
    int j;

    for (j = from; j < to; j++) {
        int u = list[j];
        uint64_t bit = 1ULL << (u & 63), m = ~(acc[u >> 6] | seen[u >> 6]) & bit;
        seen[u >> 6] |= m;
        stack[n] = u;
        n += m != 0;
    }
    return n;
}

/* Empties seen again: every bit set was pushed on stack[0 .. n). */
static void seen_clear(uint64_t *seen, const int *stack, int n)
{
    int j;

    for (j = 0; j < n; j++)
        seen[stack[j] >> 6] = 0;
}

/* Distinct co-members through member lists: O(Σ_{i∋v} |i|) for state v. */
static int co_members_lists(const nm_graph *g, int v, uint64_t *seen, int *stack)
{
    int k, n = 0;

    seen[v >> 6] |= 1ULL << (v & 63);
    stack[n++] = v;
    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
        int i = g->s_adj[k];
        n = add_new(g->i_adj, g->i_off[i], g->i_off[i + 1], seen, seen, stack, n);
    }
    seen_clear(seen, stack, n);
    return n - 1;
}

/* Large institutions as bitsets over states, so that a state in several of
 * them unions words instead of member lists. */
typedef struct {
    int *slot;              /* [ninsts]: bitset index, -1 for list-only */
    uint64_t *bits;         /* nbig * words */
    uint64_t *seen;         /* words, empty between states (add_new) */
    size_t words;
} big_sets;

#define BIG_SETS_MAX_BYTES (256u << 20)

static int big_sets_init(big_sets *b, const nm_graph *g)
{
    size_t nbig = 0, i, cap;
    int k;

    memset(b, 0, sizeof(*b));
    b->words = ((size_t)g->nstates + 63) / 64;
    cap = BIG_SETS_MAX_BYTES / (b->words * 8 + 1);
    b->slot = malloc(((size_t)g->ninsts + 1) * sizeof(int));
    if (!b->slot)
        return -1;
    for (k = 0; k < g->ninsts; k++) {
        /* worth it when the list is longer than the bitset */
        int big = (size_t)nm_graph_isize(g, k) > b->words && nbig < cap;
        b->slot[k] = big ? (int)nbig++ : -1;
    }
    b->bits = calloc(nbig * b->words + 1, sizeof(uint64_t));
    b->seen = calloc(b->words + 1, sizeof(uint64_t));
    if (!b->bits || !b->seen)
        return -1;
    for (k = 0; k < g->ninsts; k++) {
        uint64_t *w = b->bits + (size_t)(b->slot[k] < 0 ? 0 : b->slot[k]) * b->words;
        if (b->slot[k] < 0)
            continue;
        for (i = (size_t)g->i_off[k]; i < (size_t)g->i_off[k + 1]; i++)
            w[g->i_adj[i] >> 6] |= 1ULL << (g->i_adj[i] & 63);
    }
    return 0;
}

static void big_sets_destroy(big_sets *b)
{
    free(b->slot);
    free(b->bits);
    free(b->seen);
}

static int has_big(const nm_graph *g, int v, const big_sets *b)
{
    int k;

    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
        if (b->slot[g->s_adj[k]] >= 0)
            return 1;
    return 0;
}

/* The states in a large institution, each with its large institutions as a
 * signature: their ranks by size (largest first), ascending. Sorted by
 * signature, consecutive states share prefixes, and the union of a prefix's
 * bitsets is built once for all of them (a walk down the trie of
 * signatures): O(trie nodes * words) instead of O(Σ_v big(v) * words). */
typedef struct {
    int *off, *sig;         /* signature of the k-th such state: sig[off[k] .. off[k+1]) */
    int *state;             /* [n] the k-th such state */
    int *order;             /* [n] the k's in signature order */
    int *slot_of;           /* [nbig] slot of each rank */
    int n, maxlen;
} big_sigs;

static int cmp_sig(const void *a, const void *b, void *arg)
{
    const big_sigs *s = arg;
    int x = *(const int *)a, y = *(const int *)b;
    int i = s->off[x], j = s->off[y];

    for (; i < s->off[x + 1] && j < s->off[y + 1]; i++, j++)
        if (s->sig[i] != s->sig[j])
            return s->sig[i] < s->sig[j] ? -1 : 1;
    if (s->off[x + 1] - i != s->off[y + 1] - j)
        return s->off[x + 1] - i < s->off[y + 1] - j ? -1 : 1;
    return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static int cmp_key(const void *a, const void *b, void *arg)
{
    const long *key = arg;
    long x = key[*(const int *)a], y = key[*(const int *)b];

    return (x > y) - (x < y);
}

/* The large institutions' slots by size, largest first (ties: slot). */
static int *slots_by_size(const nm_graph *g, const big_sets *b, int nbig)
{
    long *key = malloc(((size_t)nbig + 1) * sizeof(long));
    int *by = malloc(((size_t)nbig + 1) * sizeof(int)), i, k;

    if (!key || !by) {
        free(key); free(by);
        return NULL;
    }
    for (k = 0; k < g->ninsts; k++)
        if (b->slot[k] >= 0)
            key[b->slot[k]] = (long)(g->nstates - nm_graph_isize(g, k)) * (nbig + 1) + b->slot[k];
    for (i = 0; i < nbig; i++)
        by[i] = i;
    qsort_r(by, (size_t)nbig, sizeof(int), cmp_key, key);
    free(key);
    return by;
}

static void big_sigs_destroy(big_sigs *s)
{
    free(s->off); free(s->sig); free(s->state); free(s->order); free(s->slot_of);
}

static int big_sigs_init(big_sigs *s, const nm_graph *g, const big_sets *b, int nbig)
{
    int *rank = malloc(((size_t)nbig + 1) * sizeof(int)), v, k, n = 0, m = 0;

    memset(s, 0, sizeof(*s));
    s->slot_of = slots_by_size(g, b, nbig);
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            m += b->slot[g->s_adj[k]] >= 0;
    s->off = malloc(((size_t)g->nstates + 1) * sizeof(int));
    s->sig = malloc(((size_t)m + 1) * sizeof(int));
    s->state = malloc(((size_t)g->nstates + 1) * sizeof(int));
    s->order = malloc(((size_t)g->nstates + 1) * sizeof(int));
    if (!rank || !s->slot_of || !s->off || !s->sig || !s->state || !s->order) {
        free(rank);
        return -1;
    }
    for (k = 0; k < nbig; k++)
        rank[s->slot_of[k]] = k;
    s->off[0] = 0;
    for (v = 0, m = 0; v < g->nstates; v++) {
        int start = m;
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            if (b->slot[g->s_adj[k]] >= 0)
                s->sig[m++] = rank[b->slot[g->s_adj[k]]];
        if (m == start)
            continue;
        qsort(s->sig + start, (size_t)(m - start), sizeof(int), cmp_int);
        if (m - start > s->maxlen)
            s->maxlen = m - start;
        s->state[n] = v;
        s->order[n] = n;
        s->off[++n] = m;
    }
    s->n = n;
    free(rank);
    qsort_r(s->order, (size_t)n, sizeof(int), cmp_sig, s);
    return 0;
}

/* dst = up | src over words, returning its popcount: one pass, two sums
 * (the popcounts are independent). Built twice by GCC and picked when the
 * program loads (an ifunc): with the CPU's popcnt instruction where it has
 * one, else libgcc's table lookup, several times slower. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
static size_t union_words(uint64_t *dst, const uint64_t *up, const uint64_t *src, size_t words)
{
    size_t w, c0 = 0, c1 = 0;

    for (w = 0; w + 1 < words; w += 2) {
        uint64_t x = up[w] | src[w], y = up[w + 1] | src[w + 1];
        dst[w] = x;
        dst[w + 1] = y;
        c0 += (size_t)__builtin_popcountll(x);
        c1 += (size_t)__builtin_popcountll(y);
    }
    for (; w < words; w++) {
        dst[w] = up[w] | src[w];
        c0 += (size_t)__builtin_popcountll(dst[w]);
    }
    return c0 + c1;
}

/* The same with 512-bit words and their popcount (AVX-512 VPOPCNTDQ), about
 * three times faster on the xlarge benchmark; used where the CPU has it. */
#ifdef NM_HAVE_AVX512_UNION
__attribute__((target("avx512f,avx512vpopcntdq")))
static size_t union_words_avx512(uint64_t *dst, const uint64_t *up, const uint64_t *src,
                                 size_t words)
{
    __m512i sum = _mm512_setzero_si512();
    size_t w;

    for (w = 0; w + 8 <= words; w += 8) {
        __m512i x = _mm512_or_si512(_mm512_loadu_si512(up + w), _mm512_loadu_si512(src + w));
        _mm512_storeu_si512(dst + w, x);
        sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(x));
    }
    return (size_t)_mm512_reduce_add_epi64(sum) + union_words(dst + w, up + w, src + w, words - w);
}
#endif

/* The union of level d: level d-1's words with the bitset src (level -1 is
 * empty); returns its popcount. */
static size_t union_level(uint64_t *lvl, int d, const uint64_t *src, size_t words)
{
    uint64_t *dst = lvl + (size_t)d * words;
    const uint64_t *up = d == 0 ? src : dst - words;

#ifdef NM_HAVE_AVX512_UNION
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq"))
        return union_words_avx512(dst, up, src, words);
#endif
    return union_words(dst, up, src, words);
}

/* Members of v's small institutions outside acc, each once; the members of
 * small institution i are lists[ioff[i] .. ioff[i+1]). */
static int outside(const nm_graph *g, int v, const big_sets *b, const int *ioff, const int *lists,
                   const uint64_t *acc, int *stack)
{
    int k, n = 0;

    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
        int i = g->s_adj[k];
        if (b->slot[i] < 0)
            n = add_new(lists, ioff[i], ioff[i + 1], acc, b->seen, stack, n);
    }
    seen_clear(b->seen, stack, n);
    return n;
}

/* The members of each small institution outside the bitset top, into
 * off[ninsts + 1] and list (room for every small-institution member): all
 * that outside() need look at for a state in top, whose union holds top. */
static void outside_lists(const nm_graph *g, const big_sets *b, const uint64_t *top, int *off,
                          int *list)
{
    int i, j, n = 0;

    for (i = 0; i < g->ninsts; i++) {
        off[i] = n;
        for (j = g->i_off[i]; b->slot[i] < 0 && j < g->i_off[i + 1]; j++) {
            int u = g->i_adj[j];
            list[n] = u;
            n += !((top[u >> 6] >> (u & 63)) & 1);
        }
    }
    off[g->ninsts] = n;
}

/* States come in signature order, at random in memory: starts loading where
 * the signatures and lists of the states 8 places after t start, then
 * those of the states 4 and 2 places after. A macro: GCC drops calls to a
 * function that only prefetches. */
#define PREFETCH_STATES(g, s, t)                                                    \
    do {                                                                            \
        if ((t) + 8 < (s)->n) {                                                     \
            __builtin_prefetch(&(s)->off[(s)->order[(t) + 8]]);                     \
            __builtin_prefetch(&(s)->state[(s)->order[(t) + 8]]);                   \
        }                                                                           \
        if ((t) + 4 < (s)->n) {                                                     \
            __builtin_prefetch((s)->sig + (s)->off[(s)->order[(t) + 4]]);           \
            __builtin_prefetch(&(g)->s_off[(s)->state[(s)->order[(t) + 4]]]);       \
        }                                                                           \
        if ((t) + 2 < (s)->n)                                                       \
            __builtin_prefetch((g)->s_adj + (g)->s_off[(s)->state[(s)->order[(t) + 2]]]); \
    } while (0)

/* Entries outside() reads for the states of order[t ..] whose signature
 * starts as order[t]'s (a group, contiguous in signature order) through the
 * member lists, with the end of the group in *end. */
static double group_work(const nm_graph *g, const big_sets *b, const big_sigs *s, int t, int *end)
{
    int head = s->sig[s->off[s->order[t]]], k;
    double w = 0;

    for (; t < s->n && s->sig[s->off[s->order[t]]] == head; t++) {
        int v = s->state[s->order[t]];
        PREFETCH_STATES(g, s, t);
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            if (b->slot[g->s_adj[k]] < 0)
                w += nm_graph_isize(g, g->s_adj[k]);
    }
    *end = t;
    return w;
}

/* Distinct co-members of every state in a large institution, walking the
 * sorted signatures: level d holds the union of the first d + 1 bitsets of
 * the current signature, rebuilt only below the prefix it shares with the
 * previous one. Memory: maxlen bitsets (at most the bitsets' own size). */
static int co_members_trie(const nm_graph *g, const big_sets *b, const big_sigs *s, int *stack,
                           int *co_members)
{
    size_t words = b->words;
    uint64_t *lvl = malloc(((size_t)s->maxlen * words + 1) * sizeof(uint64_t));
    size_t *cnt = calloc((size_t)s->maxlen + 1, sizeof(size_t));
    int t, prev = -1, gend = 0, filtered = 0, i;
    int *foff = malloc(((size_t)g->ninsts + 1) * sizeof(int)), *flist = NULL;
    double small = 0;

    for (i = 0; i < g->ninsts; i++)
        small += b->slot[i] < 0 ? nm_graph_isize(g, i) : 0;
    flist = malloc(((size_t)small + 1) * sizeof(int));
    if (!lvl || !cnt || !foff || !flist) {
        free(lvl); free(cnt); free(foff); free(flist);
        return -1;
    }
    for (t = 0; t < s->n; t++) {
        int x = s->order[t], len = s->off[x + 1] - s->off[x], d = 0, v = s->state[x];
        const int *sig = s->sig + s->off[x];
        PREFETCH_STATES(g, s, t);
        /* A group of states in the same largest institution: when they would
         * read more member-list entries than there are, read lists without
         * that institution's members instead. */
        if (t == gend && (filtered = (group_work(g, b, s, t, &gend) > small)))
            outside_lists(g, b, b->bits + (size_t)s->slot_of[sig[0]] * words, foff, flist);
        if (prev >= 0) {
            const int *ps = s->sig + s->off[prev];
            int plen = s->off[prev + 1] - s->off[prev];
            while (d < len && d < plen && ps[d] == sig[d])
                d++;
        }
        for (; d < len; d++)
            cnt[d] = union_level(lvl, d, b->bits + (size_t)s->slot_of[sig[d]] * words, words);
        /* v is in its own union */
        co_members[v] = (int)cnt[len - 1] - 1
            + outside(g, v, b, filtered ? foff : g->i_off, filtered ? flist : g->i_adj,
                      lvl + (size_t)(len - 1) * words, stack);
        prev = x;
    }
    free(lvl);
    free(cnt);
    free(foff);
    free(flist);
    return 0;
}

int nm_projection_strength(const nm_graph *g, double *strength, int *co_members)
{
    int *stack = malloc(((size_t)g->nstates + 1) * sizeof(int));
    big_sets b;
    big_sigs sg;
    int v, k, nbig = 0, ok = stack && big_sets_init(&b, g) == 0;

    memset(&sg, 0, sizeof(sg));
    for (k = 0; ok && k < g->ninsts; k++)
        nbig += b.slot[k] >= 0;
    ok = ok && big_sigs_init(&sg, g, &b, nbig) == 0;
    for (v = 0; ok && v < g->nstates; v++) {
        double st = 0;
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            st += nm_graph_isize(g, g->s_adj[k]) - 1;
        strength[v] = st;
        if (!has_big(g, v, &b))
            co_members[v] = co_members_lists(g, v, b.seen, stack);
    }
    ok = ok && co_members_trie(g, &b, &sg, stack, co_members) == 0;
    big_sigs_destroy(&sg);
    if (stack)
        big_sets_destroy(&b);
    free(stack);
    return ok ? 0 : -1;
}

typedef struct {
    const nm_graph *g;
    const int *states;      /* the component's states (graph order) */
    const int *insts;       /* its institutions (local institution indices) */
    int nin;
    const int *loc;         /* state -> position in states[] */
    double *y;              /* [ninsts] scratch: Bᵀx */
} proj_op;

/* to = W from = B(Bᵀ from) - deg∘from, restricted to one component. */
static igraph_error_t proj_mul(igraph_real_t *to, const igraph_real_t *from, int n, void *extra)
{
    const proj_op *p = extra;
    const nm_graph *g = p->g;
    int j, k, v;

    for (j = 0; j < p->nin; j++) {
        int i = p->insts[j];
        double s = 0;
        for (k = g->i_off[i]; k < g->i_off[i + 1]; k++)
            s += from[p->loc[g->i_adj[k]]];
        p->y[i] = s;
    }
    for (v = 0; v < n; v++) {
        int st = p->states[v];
        double s = 0;
        for (k = g->s_off[st]; k < g->s_off[st + 1]; k++)
            s += p->y[g->s_adj[k]];
        to[v] = s - nm_graph_sdeg(g, st) * from[v];
    }
    return IGRAPH_SUCCESS;
}

/* The start of both methods: each state's strength (1 when 0), as igraph
 * starts from the degree. */
static void eigen_start(const proj_op *op, int n, double *x)
{
    int v, k;

    for (v = 0; v < n; v++) {
        double s = 0;
        for (k = op->g->s_off[op->states[v]]; k < op->g->s_off[op->states[v] + 1]; k++)
            s += nm_graph_isize(op->g, op->g->s_adj[k]) - 1;
        x[v] = s > 0 ? s : 1;
    }
}

/* Leading eigenpair of one component's projection by ARPACK (the Lanczos
 * method, as igraph_eigenvector_centrality), from vec [n]; the result into vec. */
static nm_status eigen_arpack(proj_op *op, int n, double *vec, double *lambda, nm_diag *d)
{
    igraph_arpack_options_t opt;
    igraph_vector_t values;
    igraph_matrix_t vectors;
    igraph_error_t e;
    int v;

    if (igraph_vector_init(&values, 0) != IGRAPH_SUCCESS)
        return NM_ENOMEM;
    if (igraph_matrix_init(&vectors, n, 1) != IGRAPH_SUCCESS) {
        igraph_vector_destroy(&values);
        return NM_ENOMEM;
    }
    for (v = 0; v < n; v++)
        MATRIX(vectors, v, 0) = vec[v];
    igraph_arpack_options_init(&opt);
    opt.n = n;
    opt.nev = 1;
    opt.ncv = 0;
    opt.which[0] = 'L';
    opt.which[1] = 'A';
    opt.start = 1;
    e = igraph_arpack_rssolve(proj_mul, op, &opt, NULL, &values, &vectors);
    if (e == IGRAPH_SUCCESS) {
        *lambda = VECTOR(values)[0];
        for (v = 0; v < n; v++)
            vec[v] = MATRIX(vectors, v, 0);
    }
    igraph_matrix_destroy(&vectors);
    igraph_vector_destroy(&values);
    if (e == IGRAPH_ENOMEM)
        return NM_ENOMEM;
    if (e != IGRAPH_SUCCESS) {
        nm_diag_error(d, NULL, 0, "eigenvector centrality: ARPACK failed (igraph error %d)", (int)e);
        return NM_EDATA;
    }
    return NM_OK;
}

static double eigen_norm(const double *x, int n)
{
    double s = 0;
    int v;

    for (v = 0; v < n; v++)
        s += x[v] * x[v];
    return sqrt(s);
}

/* Power iteration on one component from x [n]: x <- Wx / |Wx| until the
 * residual |Wx - lambda x| (lambda = x'Wx, |x| = 1) is at most
 * NM_EIGEN_POWER_TOL lambda. Its error then falls by the ratio of the
 * second largest |eigenvalue| to the largest each step; the iteration gives
 * up as soon as that ratio, estimated from the residuals, is too close to
 * 1 to reach the tolerance within NM_EIGEN_POWER_MAXIT steps (a small gap, or
 * a projection whose smallest eigenvalue is -lambda). y [n] is scratch.
 * Returns 1 with the eigenpair in x and *lambda, or 0 with x the last
 * iterate, a start for ARPACK. */
static int eigen_power(proj_op *op, int n, double *x, double *y, double *lambda)
{
    double nx = eigen_norm(x, n), prev = 0;
    int v, it;

    for (v = 0; v < n; v++)
        x[v] /= nx;
    for (it = 1; it <= NM_EIGEN_POWER_MAXIT; it++) {
        double lam = 0, res = 0, ny;
        (void)proj_mul(y, x, n, op);
        for (v = 0; v < n; v++)
            lam += x[v] * y[v];
        for (v = 0; v < n; v++)
            res += (y[v] - lam * x[v]) * (y[v] - lam * x[v]);
        res = sqrt(res);
        ny = eigen_norm(y, n);
        if (!(lam > 0) || !(ny > 0))
            return 0;
        for (v = 0; v < n; v++)
            x[v] = y[v] / ny;
        if (res <= NM_EIGEN_POWER_TOL * lam) {
            /* a slow last step: the residual may hide an error along a
             * close second eigenvector */
            if (it > 1 && res > 0.9 * prev)
                return 0;
            *lambda = lam;
            return 1;
        }
        /* steps still needed at the rate of the last one */
        if (it >= 4 && (res >= prev
                        || it + log(NM_EIGEN_POWER_TOL * lam / res) / log(res / prev)
                               > NM_EIGEN_POWER_MAXIT))
            return 0;
        prev = res;
    }
    return 0;
}

/* Leading eigenpair of one component's projection into vec [n] (y [n]
 * scratch): by power iteration when the component has power_min states or
 * more and it converges, else by ARPACK from where it stopped. */
static nm_status eigen_component(proj_op *op, int n, int power_min, double *vec, double *y,
                                 double *lambda, int *by_power, nm_diag *d)
{
    eigen_start(op, n, vec);
    if (n >= power_min && eigen_power(op, n, vec, y, lambda)) {
        *by_power = 1;
        return NM_OK;
    }
    *by_power = 0;
    return eigen_arpack(op, n, vec, lambda, d);
}

/* Scales x (n entries) so its largest |entry| is 1, with that entry's sign
 * positive; negative rounding residue becomes 0 (as igraph does). */
static void eigen_scale(double *x, int n)
{
    int v, which = 0;
    double amax = 0;

    for (v = 0; v < n; v++)
        if (fabs(x[v]) > amax) {
            amax = fabs(x[v]);
            which = v;
        }
    if (amax == 0)
        return;
    amax = x[which];
    for (v = 0; v < n; v++) {
        x[v] /= amax;
        if (x[v] < 0)
            x[v] = 0;
    }
}

typedef struct {
    int *states, *insts, *loc;
    double *y, *vec, *scratch, *best;
    int nbest;
    int power_min;          /* components of this many states try the power iteration */
    int best_power;         /* w->best came from it */
} eigen_ws;

static void eigen_ws_free(eigen_ws *w)
{
    free(w->states); free(w->insts); free(w->loc); free(w->y); free(w->vec); free(w->scratch);
    free(w->best);
}

/* Runs one component; keeps it in w->best when its eigenvalue is the largest
 * so far (strictly, so ties keep the first component). */
static nm_status eigen_try(const nm_graph *g, const csr *a, int comp, eigen_ws *w,
                           double *lambda, nm_diag *d)
{
    proj_op op;
    int i, nst = 0, nin = 0, by_power;
    double lam = 0;
    nm_status s;

    for (i = a->cstart[comp]; i < a->cstart[comp + 1]; i++) {
        int v = a->cnodes[i];
        if (v < g->nstates) {
            w->loc[v] = nst;
            w->states[nst++] = v;
        } else {
            w->insts[nin++] = v - g->nstates;
        }
    }
    if (nst < 2)
        return NM_OK;       /* no co-members: no projection edge here */
    op.g = g;
    op.states = w->states;
    op.insts = w->insts;
    op.nin = nin;
    op.loc = w->loc;
    op.y = w->y;
    s = eigen_component(&op, nst, w->power_min, w->vec, w->scratch, &lam, &by_power, d);
    if (s != NM_OK)
        return s;
    if (lam > *lambda * (1 + 1e-12) && lam > 0) {
        *lambda = lam;
        w->nbest = nst;
        w->best_power = by_power;
        for (i = 0; i < nst; i++)
            w->best[w->states[i]] = w->vec[i];
        for (i = 0; i < g->nstates; i++)    /* forget an earlier component */
            if (a->comp[i] != comp)
                w->best[i] = 0;
    }
    return NM_OK;
}

/* nm_projection_eigen_with on g's whole adjacency a. */
static nm_status eigen_on(const nm_graph *g, const csr *a, int power_min, double *x,
                          double *lambda, int *by_power, nm_diag *d)
{
    eigen_ws w;
    size_t ns = (size_t)g->nstates + 1;
    nm_status s = NM_OK;
    int comp;

    *lambda = 0;
    if (by_power)
        *by_power = 0;
    memset(x, 0, (ns - 1) * sizeof(double));
    memset(&w, 0, sizeof(w));
    w.power_min = power_min;
    w.states = malloc(ns * sizeof(int));
    w.insts = malloc(((size_t)g->ninsts + 1) * sizeof(int));
    w.loc = malloc(ns * sizeof(int));
    w.y = calloc((size_t)g->ninsts + 1, sizeof(double));
    w.vec = malloc(ns * sizeof(double));
    w.scratch = malloc(ns * sizeof(double));
    w.best = calloc(ns, sizeof(double));
    if (!w.states || !w.insts || !w.loc || !w.y || !w.vec || !w.scratch || !w.best)
        s = NM_ENOMEM;
    for (comp = 0; s == NM_OK && comp < a->ncomp; comp++)
        s = eigen_try(g, a, comp, &w, lambda, d);
    if (s == NM_OK && w.nbest > 0) {
        memcpy(x, w.best, (ns - 1) * sizeof(double));
        eigen_scale(x, g->nstates);
        if (by_power)
            *by_power = w.best_power;
    }
    eigen_ws_free(&w);
    return s;
}

nm_status nm_projection_eigen_with(const nm_graph *g, int power_min, double *x, double *lambda,
                                   int *by_power, nm_diag *d)
{
    csr a;
    nm_status s;

    if (csr_build(g, &a) < 0) {
        *lambda = 0;
        if (by_power)
            *by_power = 0;
        memset(x, 0, (size_t)g->nstates * sizeof(double));
        return NM_ENOMEM;
    }
    s = eigen_on(g, &a, power_min, x, lambda, by_power, d);
    csr_destroy(&a);
    return s;
}

nm_status nm_projection_eigen(const nm_graph *g, double *x, double *lambda, nm_diag *d)
{
    return nm_projection_eigen_with(g, NM_EIGEN_POWER_MIN, x, lambda, NULL, d);
}

/* ---- brokerage and the whole computation ---- */

static int regions_spanned(const nm_graph *g, int v)
{
    int k, j, n = 0;

    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
        const char *r = nm_graph_inst(g, g->s_adj[k])->region;
        int seen = r[0] == '\0';
        for (j = g->s_off[v]; !seen && j < k; j++)
            seen = strcmp(nm_graph_inst(g, g->s_adj[j])->region, r) == 0;
        n += !seen;
    }
    return n;
}

void nm_centrality_destroy(nm_centrality *c)
{
    free(c->degree_c); free(c->closeness); free(c->betweenness); free(c->betw_raw);
    free(c->betw_se); free(c->eigen); free(c->strength); free(c->co_members); free(c->regions);
    memset(c, 0, sizeof(*c));
}

static int centrality_alloc(nm_centrality *c, size_t ns, size_t n)
{
    c->degree_c = calloc(n + 1, sizeof(double));
    c->closeness = calloc(n + 1, sizeof(double));
    c->betweenness = calloc(n + 1, sizeof(double));
    c->betw_raw = calloc(n + 1, sizeof(double));
    c->betw_se = calloc(n + 1, sizeof(double));
    c->eigen = calloc(ns + 1, sizeof(double));
    c->strength = calloc(ns + 1, sizeof(double));
    c->co_members = calloc(ns + 1, sizeof(int));
    c->regions = calloc(ns + 1, sizeof(int));
    return c->degree_c && c->closeness && c->betweenness && c->betw_raw && c->betw_se
        && c->eigen && c->strength && c->co_members && c->regions ? 0 : -1;
}

/* Is V·E above the work bound (and sampling allowed)? */
static int use_sampling(const nm_graph *g, const nm_report_opts *o)
{
    double bound = o && o->work_bound > 0 ? o->work_bound : NM_WORK_BOUND_DEFAULT;
    double work = ((double)g->nstates + g->ninsts) * (double)g->nedges;

    return !(o && o->exact) && work > bound;
}

/* Leaves a copy of the co-member counts, and the exact path sums when not
 * sampled, in o->scratch for the connectivity section (nothing when there
 * is none, it is taken, or no memory). */
static void keep_for_connectivity(const nm_graph *g, const nm_report_opts *o,
                                  const nm_centrality *c)
{
    nm_report_scratch *s = o ? o->scratch : NULL;
    size_t n = (size_t)g->nstates + 1;

    if (!s || s->g)
        return;
    if ((s->co_members = malloc(n * sizeof(int))) != NULL) {
        memcpy(s->co_members, c->co_members, n * sizeof(int));
        s->have_paths = !c->sampled;
        s->dist_sum = c->dist_sum;
        s->conn_pairs = c->conn_pairs;
        s->max_dist = c->max_dist;
        s->g = g;
    }
}

/* The paths, the co-membership strength and the eigenvector on g's whole
 * adjacency a (built once for the paths and the eigenvector). */
static nm_status centrality_on(const nm_graph *g, const csr *a, const nm_report_opts *o,
                               nm_centrality *c, nm_diag *d)
{
    switch (paths_on(g, a, use_sampling(g, o), o ? o->betw_samples : 0, o ? o->seed : 1,
                     NM_BFS_AUTO, o, o ? o->pair_exec : NULL, o ? o->pair_arg : NULL, c)) {
    case -1:
        return NM_ENOMEM;
    case -2:
        nm_diag_error(d, NULL, 0, "betweenness and closeness interrupted");
        return NM_EINTR;
    }
    switch (o && o->scratch && o->scratch->strength_get
            ? o->scratch->strength_get(o->scratch->strength_arg, g, c->strength, c->co_members)
            : nm_projection_strength(g, c->strength, c->co_members)) {
    case 0:
        break;
    case -2:
        nm_diag_error(d, NULL, 0, "co-membership strength interrupted");
        return NM_EINTR;
    default:
        return NM_ENOMEM;
    }
    keep_for_connectivity(g, o, c);
    return eigen_on(g, a, NM_EIGEN_POWER_MIN, c->eigen, &c->eig_value, NULL, d);
}

nm_status nm_centrality_compute(const nm_graph *g, const nm_report_opts *o, nm_centrality *c,
                                nm_diag *d)
{
    int ns = g->nstates, ni = g->ninsts, v;
    nm_status s;
    csr a;

    memset(c, 0, sizeof(*c));
    c->nstates = ns;
    c->ninsts = ni;
    if (centrality_alloc(c, (size_t)ns, (size_t)ns + ni) < 0 || csr_build(g, &a) < 0)
        goto nomem;
    for (v = 0; v < ns; v++) {
        c->degree_c[v] = ni ? (double)nm_graph_sdeg(g, v) / ni : 0;
        c->regions[v] = regions_spanned(g, v);
    }
    for (v = 0; v < ni; v++)
        c->degree_c[ns + v] = ns ? (double)nm_graph_isize(g, v) / ns : 0;
    s = centrality_on(g, &a, o, c, d);
    csr_destroy(&a);
    if (s == NM_ENOMEM)
        goto nomem;
    if (s != NM_OK)
        nm_centrality_destroy(c);
    return s;
nomem:
    nm_centrality_destroy(c);
    nm_diag_error(d, NULL, 0, "centrality: out of memory");
    return NM_ENOMEM;
}

/* ---- report section ---- */

/* The states table is a view of the centralities (nm_table_new_view): its
 * rows are formatted from them when written, with no cells (on xlarge,
 * 500 000 rows of 12 cells would be 96 MB of fresh memory). */
typedef struct {
    nm_centrality c;
    const nm_state *states;     /* the data set's, which outlives the report */
    int *ix;                    /* [nstates] row v's state: states[ix[v]] (g->state_ix) */
    int *deg;                   /* [nstates] its institutions */
} states_src;

static void states_src_free(void *src)
{
    states_src *s = src;

    nm_centrality_destroy(&s->c);
    free(s->ix);
    free(s->deg);
    free(s);
}

static void states_row(const void *src, size_t r, nm_cell *cell)
{
    const states_src *s = src;
    const nm_state *x = &s->states[s->ix[r]];
    const nm_centrality *c = &s->c;

    nm_cell_str(&cell[0], x->id);
    nm_cell_str(&cell[1], x->name);
    nm_cell_str(&cell[2], x->region);
    nm_cell_int(&cell[3], s->deg[r]);
    nm_cell_num(&cell[4], c->degree_c[r]);
    nm_cell_num(&cell[5], c->closeness[r]);
    nm_cell_num(&cell[6], c->betweenness[r]);
    nm_cell_num(&cell[7], c->eigen[r]);
    nm_cell_num(&cell[8], c->strength[r]);
    nm_cell_int(&cell[9], c->co_members[r]);
    nm_cell_int(&cell[10], c->regions[r]);
    nm_cell_bool(&cell[11], c->regions[r] >= 2);
}

static int insts_row(nm_table *t, const nm_graph *g, const nm_centrality *c, int i)
{
    const nm_institution *x = nm_graph_inst(g, i);
    int v = g->nstates + i;
    long r = nm_table_add_row(t);

    if (r < 0)
        return -1;
    nm_table_str_ref(t, r, 0, x->id);
    nm_table_str_ref(t, r, 1, x->name);
    nm_table_str_ref(t, r, 2, nm_type_name(x->type));
    nm_table_int(t, r, 3, x->track);
    nm_table_int(t, r, 4, nm_graph_isize(g, i));
    nm_table_num(t, r, 5, c->degree_c[v]);
    nm_table_num(t, r, 6, c->closeness[v]);
    nm_table_num(t, r, 7, c->betweenness[v]);
    return 0;
}

/* The note under a table: sampling, and the eigenvector's scope. */
static int centrality_note(nm_table *t, const nm_centrality *c, const nm_report_opts *o,
                           int states)
{
    char buf[512];
    size_t off = 0;
    double se = 0;
    int v, n = c->nstates + c->ninsts, lost = 0;

    buf[0] = '\0';
    for (v = 0; v < n; v++)
        se = c->betw_se[v] > se ? c->betw_se[v] : se;
    if (c->sampled)
        off += (size_t)snprintf(buf, sizeof(buf),
                                "betweenness and closeness estimated from %ld sampled pivot sources "
                                "(seed %lu; up to %ld per component); largest standard error of "
                                "betweenness %.2g; --exact computes them exactly. ",
                                c->pivots, o ? o->seed : 1UL,
                                o && o->betw_samples > 0 ? o->betw_samples : NM_BETW_SAMPLES_DEFAULT,
                                se);
    for (v = 0; states && v < c->nstates; v++)
        lost += c->co_members[v] > 0 && c->eigen[v] == 0;
    if (lost && off < sizeof(buf))
        snprintf(buf + off, sizeof(buf) - off,
                 "eigenvector: the co-membership projection is disconnected; values are those of "
                 "its component with the largest eigenvalue, 0 elsewhere (as igraph).");
    return buf[0] ? nm_table_set_note(t, buf) : 0;
}

/* Takes c's arrays (c is left empty, also on failure). */
static nm_table *states_table(const nm_graph *g, nm_centrality *c, const nm_report_opts *o)
{
    static const char *const cols[] = { "id", "name", "region", "degree", "degree_centrality",
                                        "closeness", "betweenness", "eigenvector", "strength",
                                        "co_members", "regions_spanned", "broker" };
    states_src *s = calloc(1, sizeof(*s));
    nm_table *t;
    int v;

    if (!s) {
        nm_centrality_destroy(c);
        return NULL;
    }
    s->c = *c;
    memset(c, 0, sizeof(*c));
    s->states = g->ds->states;
    s->ix = malloc(((size_t)g->nstates + 1) * sizeof(int));
    s->deg = malloc(((size_t)g->nstates + 1) * sizeof(int));
    if (!s->ix || !s->deg) {
        states_src_free(s);
        return NULL;
    }
    for (v = 0; v < g->nstates; v++) {
        s->ix[v] = g->state_ix[v];
        s->deg[v] = nm_graph_sdeg(g, v);
    }
    t = nm_table_new_view("states", "State centrality", NM_TABLE_ARRAY, 12, cols,
                          (size_t)g->nstates, states_row, s, states_src_free);
    if (t && centrality_note(t, &s->c, o, 1) < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

static nm_table *insts_table(const nm_graph *g, const nm_centrality *c, const nm_report_opts *o)
{
    static const char *const cols[] = { "id", "name", "type", "track", "members",
                                        "degree_centrality", "closeness", "betweenness" };
    nm_table *t = nm_table_new("institutions", "Institution centrality", NM_TABLE_ARRAY, 8, cols);
    int i;

    for (i = 0; t && i < g->ninsts; i++)
        if (insts_row(t, g, c, i) < 0)
            break;
    if (t && (i < g->ninsts || centrality_note(t, c, o, 0) < 0)) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

nm_status nm_section_centrality(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    nm_centrality c;
    nm_table *insts;
    nm_status s;
    int ok;

    if ((s = nm_centrality_compute(g, o, &c, d)) != NM_OK)
        return s;
    insts = insts_table(g, &c, o);      /* before the states table takes c */
    if (insts && nm_report_add(r, states_table(g, &c, o)) < 0) {
        nm_table_free(insts);
        insts = NULL;
    }
    ok = nm_report_add(r, insts) == 0;
    nm_centrality_destroy(&c);          /* what the states table did not take */
    if (!ok) {
        nm_diag_error(d, NULL, 0, "out of memory building the centrality tables");
        return NM_ENOMEM;
    }
    return NM_OK;
}
