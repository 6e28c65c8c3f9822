/* louvain.c - multilevel modularity communities, igraph's results in O(E) per pass (see nm_louvain.h). */
#include "nm_louvain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One level: adjacency lists without loops, the weight of each entry (NULL:
 * all 1) and of each vertex's loop (NULL: none). An edge of weight x
 * between u and v is listed at both ends; a loop of weight x adds 2x to its
 * vertex's degree, as igraph lists a loop twice among its incident edges.
 * Weights are counts of the first level's edges, so every weight and every
 * sum of them (at most twice the edges, whose ends the int offsets count)
 * is an int. */
typedef struct {
    int n;
    int *off;
    int *adj;
    int *w, *loop;
    int borrowed;       /* off and adj are the caller's */
} level;

/* One community (igraph_i_multilevel_community) with the scratch of a
 * visit, together in 16 bytes so that a visit touches one cache line per
 * community and four communities share a line. */
typedef struct {
    int wall, win;      /* weight of all edge ends in it; weight inside */
    int acc;            /* during a visit: the weight of links to it */
    unsigned mark;      /* == stamp: acc is this visit's */
} comm;

/* What a visit of v that left v where it was found, for may_skip: one
 * cache line a vertex, as the visits come in random order. */
struct lazy {
    double margin;          /* staying beat the best other community by this */
    double margin2;         /* and every other community (and 0) by this */
    double moved;           /* since: 2 x weight of links to neighbours that moved
                               (infinite when v moved or was never visited) */
    double drift, own_churn, rival_churn;   /* c->drift and churns then */
    int rival;              /* the best other community, or -1 */
} __attribute__((aligned(64)));

/* The communities of one level, as igraph's igraph_i_multilevel_community_list. */
typedef struct {
    comm *cm;
    int *size;                  /* [community]: its vertices */
    int *memb, *save, *order, *touched, *nb;   /* nb: a visit's neighbour communities */
    int *k;                     /* each vertex's degree, its loop counted twice */
    unsigned stamp;
    double m2;                  /* twice the total edge weight */
    igraph_rng_t *rng;          /* draws the visiting order of each level */
    /* Visits known to change nothing (see may_skip): */
    struct lazy *lz;            /* [v]: what v's last visit found */
    double *churn;              /* [community]: Σ |change of its total| this level */
    double drift;               /* Σ degree of the vertices moved this level */
    int track;                  /* keep lz and churn up to date (not in a level's first pass) */
} comms;

static void level_free(level *l)
{
    if (!l->borrowed) {
        free(l->off);
        free(l->adj);
    }
    free(l->w);
    free(l->loop);
    memset(l, 0, sizeof(*l));
}

static void comms_free(comms *c)
{
    free(c->cm); free(c->size); free(c->memb); free(c->save); free(c->order); free(c->touched); free(c->nb);
    free(c->k); free(c->lz); free(c->churn);
    memset(c, 0, sizeof(*c));
}

/* Room for n vertices, and for visits of up to maxdeg list entries (deeper
 * levels list each neighbour once, so fewer than n). */
static int comms_alloc(comms *c, int n, long maxdeg)
{
    size_t k = (size_t)n + 1, nb = (size_t)(maxdeg > n ? maxdeg : n) + 1;

    memset(c, 0, sizeof(*c));
    c->cm = calloc(k, sizeof(comm));
    c->size = malloc(k * sizeof(int));
    c->memb = malloc(k * sizeof(int));
    c->save = malloc(k * sizeof(int));
    c->order = malloc(k * sizeof(int));
    c->touched = malloc(k * sizeof(int));
    c->nb = malloc(nb * sizeof(int));
    c->k = malloc(k * sizeof(int));
    c->lz = aligned_alloc(64, k * sizeof(struct lazy));
    c->churn = malloc(k * sizeof(double));
    if (!c->cm || !c->size || !c->memb || !c->save || !c->order || !c->touched || !c->nb || !c->k
        || !c->lz || !c->churn) {
        comms_free(c);
        return -1;
    }
    return 0;
}

/* A fresh marker value (markers restart from zero when it wraps). */
static unsigned next_stamp(comms *c, int n)
{
    int i;

    if (++c->stamp == 0) {
        for (i = 0; i <= n; i++)
            c->cm[i].mark = 0;
        c->stamp = 1;
    }
    return c->stamp;
}

/* Every vertex alone, as igraph's step begins; the visiting order is
 * igraph's: 0..n-1 shuffled as igraph_vector_shuffle does it (from the end,
 * swapping with a uniform index at or below), with the same draws. */
static void comms_init(comms *c, const level *l)
{
    double sum = 0;
    long k;
    int v, t;

    for (v = 0; v < l->n; v++)
        c->order[v] = v;
    for (v = l->n; v > 1;) {
        k = (long)igraph_rng_get_integer(c->rng, 0, v - 1);
        v--;
        t = c->order[v];
        c->order[v] = c->order[k];
        c->order[k] = t;
    }
    for (v = 0; v < l->n; v++) {
        int d = 0, lw = l->loop ? l->loop[v] : 0;
        for (k = l->off[v]; k < l->off[v + 1]; k++)
            d += l->w ? l->w[k] : 1;
        c->memb[v] = v;
        c->size[v] = 1;
        c->cm[v].win = 2 * lw;
        c->cm[v].wall = c->k[v] = d + 2 * lw;
        c->lz[v] = (struct lazy){ .moved = INFINITY, .rival = -1 };   /* no record: visit */
        c->churn[v] = 0;
        sum += d + 2 * lw;      /* integers: exact in any order */
    }
    c->m2 = sum;
    c->drift = 0;
}

/* igraph_i_multilevel_community_modularity, in its order. */
static double modularity(const comms *c, int n)
{
    double q = 0, m = c->m2;
    int i;

    for (i = 0; i < n; i++)
        if (c->size[i] > 0)
            q += (c->cm[i].win - 1.0 * c->cm[i].wall * c->cm[i].wall / m) / m;
    return q;
}

/* Links of v to each neighbouring community in c->cm[].acc (listed in
 * c->touched; returns how many), its degree *wa, weight to its own
 * community *wi and loop weight *wl (as igraph_i_multilevel_community_links).
 * The neighbours' communities are gathered first, with their memberships
 * prefetched, so that the random reads overlap. Weights are counts, so the
 * sums are exact in any order. */
static int links(const level *l, comms *c, int v, int *wa, int *wi, int *wl)
{
    const int *adj = l->adj + l->off[v];
    const int *w = l->w ? l->w + l->off[v] : NULL;
    int own = c->memb[v], nt = 0, d = (int)(l->off[v + 1] - l->off[v]), j;
    unsigned s = next_stamp(c, l->n);

    for (j = 0; j < d; j++) {
        if (j + 8 < d)
            __builtin_prefetch(&c->memb[adj[j + 8]]);
        c->nb[j] = c->memb[adj[j]];
    }
    for (j = 0; j < d; j++) {
        comm *b = &c->cm[c->nb[j]];
        int x = w ? w[j] : 1;
        if (b->mark != s) {
            b->mark = s;
            b->acc = x;
            c->touched[nt++] = c->nb[j];
        } else {
            b->acc += x;
        }
    }
    *wa = c->k[v];
    *wi = c->cm[own].mark == s ? c->cm[own].acc : 0;
    *wl = l->loop ? 2 * l->loop[v] : 0;
    /* igraph also lists a loop as a link of weight 0 to v's own community;
     * that candidate's gain is -w_own·k / 2m <= 0, so it never wins and is
     * left out. */
    return nt;
}

/* What v's visit found, when v stayed: by how much staying won (its value
 * is 0, or the gain of v's own community if larger) against the best other
 * community and against all others and 0 (a community v has no link to
 * gains at most 0 now, and at most the weight of a new link later). */
static void remember(comms *c, int v, int own, double stay, int r1, double g1, double g2)
{
    struct lazy *z = &c->lz[v];

    z->margin = stay - (g1 > 0 ? g1 : 0);
    z->margin2 = stay - (g2 > 0 ? g2 : 0);
    z->moved = 0;
    z->drift = c->drift;
    z->own_churn = c->churn[own];
    z->rival = r1;
    z->rival_churn = r1 >= 0 ? c->churn[r1] : 0;
}

/* v moved from community a to b: the totals of both changed by v's degree,
 * and each neighbour's links to them by the link's weight. */
static void moved(const level *l, comms *c, int v, int a, int b)
{
    int k;

    c->drift += c->k[v];
    c->churn[a] += c->k[v];
    c->churn[b] += c->k[v];
    c->lz[v].moved = INFINITY;
    for (k = l->off[v]; k < l->off[v + 1]; k++)
        c->lz[l->adj[k]].moved += 2 * (l->w ? l->w[k] : 1);
}

/* Moves v to the community of the largest positive gain (igraph: the first
 * such in increasing community order, so the lowest number among equal
 * gains). Returns 1 when v moved. */
static int visit(const level *l, comms *c, int v)
{
    double best = 0, stay = 0, g1 = -INFINITY, g2 = -INFINITY;
    int wa, wi, wl, bestw;
    int own = c->memb[v], to = own, have = 0, nt, j, r1 = -1;
    comm *o;

    nt = links(l, c, v, &wa, &wi, &wl);
    o = &c->cm[own];
    c->size[own]--;
    o->wall -= wa;
    o->win -= 2 * wi + wl;
    bestw = wi;
    for (j = 0; j < nt; j++) {
        int b = c->touched[j];
        double gain = c->cm[b].acc - 1.0 * c->cm[b].wall * wa / c->m2;
        if (gain > best || (have && gain == best && b < to)) {
            to = b;
            best = gain;
            bestw = c->cm[b].acc;
            have = 1;
        }
        if (b == own)
            stay = gain > stay ? gain : stay;
        else if (gain > g1) {
            g2 = g1;
            g1 = gain;
            r1 = b;
        } else if (gain > g2)
            g2 = gain;
    }
    c->memb[v] = to;
    c->size[to]++;
    c->cm[to].wall += wa;
    c->cm[to].win += 2 * bestw + wl;
    if (c->track && to == own)
        remember(c, v, own, stay, r1, g1, g2);
    else if (c->track)
        moved(l, c, v, own, to);
    return to != own;
}

/* Whether visiting v now would leave everything as it is, so that the visit
 * can be skipped. A stay changes nothing (the totals are integers, taken out
 * and put back exactly), so v may be skipped when it stayed at its last
 * visit and the gains cannot have changed enough since to change the choice:
 *  - a neighbour u moving from community A to B changes v's links to A and
 *    to B by w_uv, so the difference of two gains by at most 2 w_uv (summed
 *    in moved); B may become a new candidate, whose gain is then at most
 *    w_uv above 0, which the margins took as a rival;
 *  - a community's total changing by x changes a gain of v by x k_v / 2m.
 *    The churn of v's own community and of its best rival bound theirs; any
 *    other's is bounded by the drift (the degrees of all vertices moved).
 * Each margin must beat its bound by more than any rounding of the gains
 * (each at most k_v in size, so 1e-9 of it is ample); ties never skip. */
static int may_skip(const comms *c, int v)
{
    const struct lazy *z = &c->lz[v];
    double f = c->k[v] / c->m2, slack = 1e-9 * (1 + c->k[v]), own, rival;

    if (!(z->moved + slack < z->margin))
        return 0;
    own = (c->churn[c->memb[v]] - z->own_churn) * f;
    rival = z->rival >= 0 ? (c->churn[z->rival] - z->rival_churn) * f : 0;
    return z->moved + own + rival + slack < z->margin
           && z->moved + own + (c->drift - z->drift) * f + slack < z->margin2;
}

/* igraph_i_community_multilevel_step without the shrinking: passes while
 * they change something and raise modularity; a pass that does not is
 * undone, but its modularity is what the step returns, as igraph's. */
static double passes(const level *l, comms *c)
{
    double q = modularity(c, l->n), pass_q;
    int i, v, changed;

    /* The first pass moves most vertices: it keeps no record (which would
     * cost a write per link of every vertex moved), so the second visits
     * every vertex again and skipping starts in the third. */
    c->track = 0;
    do {
        pass_q = q;
        changed = 0;
        memcpy(c->save, c->memb, (size_t)l->n * sizeof(int));
        for (i = 0; i < l->n; i++) {
            /* the lists of the vertices visited next: where they start
             * (4 visits ahead), then their first entries (2 ahead) */
            if (i + 4 < l->n) {
                __builtin_prefetch(&l->off[c->order[i + 4]]);
                __builtin_prefetch(&c->lz[c->order[i + 4]]);
                __builtin_prefetch(&c->memb[c->order[i + 4]]);
            }
            if (i + 2 < l->n)
                __builtin_prefetch(&l->adj[l->off[c->order[i + 2]]]);
            if (!may_skip(c, c->order[i]))
                changed += visit(l, c, c->order[i]);
        }
        q = modularity(c, l->n);
        if (!(changed && q > pass_q)) {
            memcpy(c->memb, c->save, (size_t)l->n * sizeof(int));
            break;
        }
        if (!c->track) {
            for (v = 0; v < l->n; v++)
                c->lz[v].moved = INFINITY;
            c->track = 1;
        }
    } while (1);
    return q;
}

/* igraph_reindex_membership: communities renumbered in order of first
 * appearance. Returns how many; uses c->touched as the map. */
static int reindex(comms *c, int n)
{
    int v, k = 0, *map = c->touched;

    for (v = 0; v < n; v++)
        map[v] = -1;
    for (v = 0; v < n; v++) {
        int b = c->memb[v];
        if (map[b] < 0)
            map[b] = k++;
        c->memb[v] = map[b];
    }
    return k;
}

/* The vertices of each of the k communities: first[b] .. first[b+1] in
 * list. Returns 0 or -1. */
static int group(const comms *c, int n, int k, long **firstp, int **listp)
{
    long *first = calloc((size_t)k + 2, sizeof(long));
    int *list = malloc(((size_t)n + 1) * sizeof(int)), v;

    if (!first || !list) {
        free(first);
        free(list);
        return -1;
    }
    for (v = 0; v < n; v++)
        first[c->memb[v] + 2]++;
    for (v = 2; v <= k + 1; v++)
        first[v] += first[v - 1];
    for (v = 0; v < n; v++)
        list[first[c->memb[v] + 1]++] = v;
    *firstp = first;
    *listp = list;
    return 0;
}

/* Community b's edges in the next level: a loop with the weight of its
 * inside edges and old loops, one entry per neighbouring community with
 * the summed weight (igraph_i_multilevel_shrink and _simplify_multiple). */
static int shrink_one(const level *l, comms *c, const long *first, const int *list, int b,
                      level *nx, int at)
{
    unsigned s = next_stamp(c, l->n);
    int lw = 0, nt = 0, j;
    long i, k;

    for (i = first[b]; i < first[b + 1]; i++) {
        int u = list[i];
        lw += l->loop ? l->loop[u] : 0;
        for (k = l->off[u]; k < l->off[u + 1]; k++) {
            int v = l->adj[k], a = c->memb[v];
            int x = l->w ? l->w[k] : 1;
            if (a == b) {
                lw += u < v ? x : 0;
                continue;
            }
            if (c->cm[a].mark != s) {
                c->cm[a].mark = s;
                c->cm[a].acc = 0;
                c->touched[nt++] = a;
            }
            c->cm[a].acc += x;
        }
    }
    nx->loop[b] = lw;
    for (j = 0; j < nt; j++) {
        nx->adj[at] = c->touched[j];
        nx->w[at++] = c->cm[c->touched[j]].acc;
    }
    return at;
}

/* The next level: one vertex per community (numbered by reindex). */
static int shrink(const level *l, comms *c, int k, level *nx)
{
    long *first;
    int at = 0;
    int *list, b;

    if (group(c, l->n, k, &first, &list) < 0)
        return -1;
    nx->n = k;
    nx->off = malloc(((size_t)k + 1) * sizeof(int));
    nx->adj = malloc(((size_t)l->off[l->n] + 1) * sizeof(int));
    nx->w = malloc(((size_t)l->off[l->n] + 1) * sizeof(int));
    nx->loop = malloc(((size_t)k + 1) * sizeof(int));
    if (!nx->off || !nx->adj || !nx->w || !nx->loop) {
        free(first);
        free(list);
        level_free(nx);
        return -1;
    }
    for (b = 0; b < k; b++) {
        nx->off[b] = at;
        at = shrink_one(l, c, first, list, b, nx, at);
    }
    nx->off[k] = at;
    free(first);
    free(list);
    return 0;
}

/* One level: passes, then the next level unless the algorithm stops here
 * (no merge, or modularity fell below the previous level's *q). */
static int step(level *l, comms *c, double *q, int *level_memb, int n0, int *done)
{
    double prev_q = *q;
    level nx = { 0, NULL, NULL, NULL, NULL, 0 };
    int k, v;

    comms_init(c, l);
    *q = passes(l, c);
    k = reindex(c, l->n);
    if (k == l->n || *q < prev_q) {
        *done = 1;
        return 0;
    }
    for (v = 0; v < n0; v++)
        level_memb[v] = c->memb[level_memb[v]];
    if (shrink(l, c, k, &nx) < 0)
        return -1;
    level_free(l);
    *l = nx;
    return 0;
}

int nm_louvain(int n, const int *off, const int *adj, igraph_rng_t *rng, int *membership)
{
    level l = { n, (int *)off, (int *)adj, NULL, NULL, 1 };     /* only read */
    comms c;
    double q = -1;
    long maxdeg = 0;
    int *lm, v, done = 0, rc = 0;

    if (n == 0)
        return 0;
    if (!(lm = malloc((size_t)n * sizeof(int))))
        return -1;
    for (v = 0; v < n; v++)
        maxdeg = off[v + 1] - off[v] > maxdeg ? off[v + 1] - off[v] : maxdeg;
    if (comms_alloc(&c, n, maxdeg) < 0) {
        free(lm);
        return -1;
    }
    c.rng = rng;
    for (v = 0; v < n; v++)
        lm[v] = v;
    while (!done && rc == 0)
        rc = step(&l, &c, &q, lm, n, &done);
    for (v = 0; rc == 0 && v < n; v++)
        membership[v] = lm[v];
    level_free(&l);
    comms_free(&c);
    free(lm);
    return rc;
}
