/* render_nesting.c - the nesting (Euler) diagram: a two-axis grid layout (see nm_render.h). */
#include "render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Spacing in points. */
#define PADX 7.0        /* between nested vertical edges */
#define PADY 7.0        /* between nested bottom edges */
#define MARGIN 6.0      /* between a group box and the innermost edge */
#define GAPX 16.0       /* between columns */
#define GAPY 12.0       /* between rows */
#define TAB_EXTRA 3.0   /* label band = tab height + this */
#define SEARCH_BUDGET 50000L

typedef struct {
    const nm_graph *g;
    nm_rnd_sets sets;
    int nu;                 /* units: distinct member sets */
    int *unit_of;           /* [ninsts] */
    int *urep;              /* [nu] representative (first in display order) */
    int *usize;             /* [nu] members */
    int *disp;              /* [nu] units in display order */
    int *rank;              /* [nu] position in disp */
    unsigned char *cross;   /* [nu * nu] properly overlapping */
    unsigned char *sub;     /* [nu * nu] u's members within v's (u != v) */
    int *mode;              /* [nu] nm_nest_mode */
    int ng;                 /* groups: states with the same memberships */
    int *group_of;          /* [nstates] */
    int *gstates;           /* states sorted by group, then id */
    int *gstart;            /* [ng + 1] into gstates */
    unsigned char *gin;     /* [ng * nu] */
    double *gw, *gh;        /* [ng] measured box sizes */
    double *tabw, tabh;     /* [nu] label tab sizes */
    double legw, legh, titw, tith;
    /* grid result */
    int *gcol, *grow;       /* [ng] */
    double *gx, *gy;        /* [ng] top-left, y down */
    nm_rect *rect;          /* [nu] */
    int nonepos[2];         /* where the "in none" column / row goes among the roots */
    int nroots[2];
    unsigned char *outside; /* [ng] in no region: drawn beside the grid */
    double *ox, *oy, *cw;   /* [ng] offset in the cell, the cell's width */
    double headw, headh, outw, outh;
    double W, H;
    int laid;               /* G holds a layout to free */
} nest;

static void nest_free(nest *N)
{
    nm_rnd_sets_destroy(&N->sets);
    free(N->unit_of); free(N->urep); free(N->usize); free(N->disp); free(N->rank);
    free(N->cross); free(N->sub); free(N->mode);
    free(N->group_of); free(N->gstates); free(N->gstart); free(N->gin);
    free(N->gw); free(N->gh); free(N->tabw);
    free(N->gcol); free(N->grow); free(N->gx); free(N->gy); free(N->rect);
    free(N->outside); free(N->ox); free(N->oy); free(N->cw);
    memset(N, 0, sizeof(*N));
}

/* ---- units (institutions with identical member sets share one region) ---- */

static nm_status make_units(nest *N)
{
    const nm_graph *g = N->g;
    int n = g->ninsts, *ord, i, j, u, v;

    if (nm_rnd_sets_init(&N->sets, g) != NM_OK || !(ord = nm_rnd_inst_order(g)))
        return NM_ENOMEM;
    N->unit_of = malloc(sizeof(int) * (size_t)n);
    N->urep = malloc(sizeof(int) * (size_t)n);
    N->usize = malloc(sizeof(int) * (size_t)n);
    N->disp = malloc(sizeof(int) * (size_t)n);
    N->rank = malloc(sizeof(int) * (size_t)n);
    N->mode = calloc((size_t)n, sizeof(int));
    if (!N->unit_of || !N->urep || !N->usize || !N->disp || !N->rank || !N->mode) {
        free(ord);
        return NM_ENOMEM;
    }
    N->nu = 0;
    for (i = 0; i < n; i++) {       /* display order: units come out in display order */
        int a = ord[i], found = -1;
        for (j = 0; j < N->nu && found < 0; j++) {
            int b = N->urep[j];
            if (N->sets.size[a] == N->sets.size[b] && nm_rnd_subset(&N->sets, a, b))
                found = j;
        }
        if (found < 0) {
            found = N->nu++;
            N->urep[found] = a;
            N->usize[found] = N->sets.size[a];
        }
        N->unit_of[a] = found;
    }
    free(ord);
    if (N->nu < 1)                  /* cannot happen: callers reject n == 0 */
        return NM_EUSAGE;
    for (u = 0; u < N->nu; u++)
        N->disp[u] = N->rank[u] = u;
    N->cross = calloc((size_t)N->nu * N->nu, 1);
    N->sub = calloc((size_t)N->nu * N->nu, 1);
    if (!N->cross || !N->sub)
        return NM_ENOMEM;
    for (u = 0; u < N->nu; u++)
        for (v = 0; v < N->nu; v++)
            if (u != v) {
                N->cross[u * N->nu + v] = (unsigned char)nm_rnd_crossing(&N->sets, N->urep[u], N->urep[v]);
                N->sub[u * N->nu + v] = (unsigned char)nm_rnd_subset(&N->sets, N->urep[u], N->urep[v]);
            }
    return NM_OK;
}

/* ---- which units become badges: the fewest that leave a 2-colourable
 * conflict graph (odd cycle transversal) ---- */

/* 2-colours the conflict graph of the units not removed by breadth-first
 * search from each unit in display order (col[u] 0 or 1, -1 for removed).
 * Returns 0 when it is 2-colourable; else, with par, depth and cyc, writes
 * the units of an odd cycle to cyc and returns its length, and without them
 * (NULL) returns 1. */
static int odd_cycle(const nest *N, const unsigned char *removed, int *col, int *queue, int *par,
                     int *depth, int *cyc)
{
    int s, u, v, head, tail, nu = N->nu, n, m, k;

    for (u = 0; u < nu; u++)
        col[u] = -1;
    for (s = 0; s < nu; s++) {
        int root = N->disp[s];
        if (removed[root] || col[root] >= 0)
            continue;
        col[root] = 0;
        if (cyc) {
            depth[root] = 0;
            par[root] = -1;
        }
        head = tail = 0;
        queue[tail++] = root;
        while (head < tail) {
            u = queue[head++];
            for (v = 0; v < nu; v++) {
                if (removed[v] || !N->cross[u * nu + v])
                    continue;
                if (col[v] < 0) {
                    col[v] = 1 - col[u];
                    if (cyc) {
                        depth[v] = depth[u] + 1;
                        par[v] = u;
                    }
                    queue[tail++] = v;
                } else if (col[v] == col[u]) {  /* u..lca..v plus the edge v-u */
                    int a = u, b = v, tmp[2][64], na = 0, nb = 0;
                    if (!cyc)
                        return 1;
                    while (a != b && na < 64 && nb < 64) {
                        if (depth[a] >= depth[b]) { tmp[0][na++] = a; a = par[a]; }
                        else { tmp[1][nb++] = b; b = par[b]; }
                    }
                    for (n = 0, k = 0; k < na; k++)
                        cyc[n++] = tmp[0][k];
                    cyc[n++] = a;
                    for (m = nb - 1; m >= 0; m--)
                        cyc[n++] = tmp[1][m];
                    return n;
                }
            }
        }
    }
    return 0;
}

typedef struct {
    const nest *N;
    unsigned char *removed;
    int *col, *queue, *par, *depth, *cycles;   /* cycles: [nu][nu] one per search depth */
    int cur[64], best[64];
    int bestk;
    long bestc, budget;
} oct_search;

/* Badge instances a set of units would need (their members). */
static long badge_cost(const nest *N, const int *set, int k)
{
    long c = 0;
    int i;

    for (i = 0; i < k; i++)
        c += N->usize[set[i]];
    return c;
}

/* Every odd cycle must lose a unit: branch on the units of one, up to k
 * removals; keeps the cheapest transversal of size k found. */
static void oct_branch(oct_search *S, int k, int depth)
{
    const nest *N = S->N;
    int *cyc = S->cycles + (size_t)depth * N->nu, len, i;

    if (--S->budget < 0)
        return;
    len = odd_cycle(N, S->removed, S->col, S->queue, S->par, S->depth, cyc);
    if (len == 0) {
        long c = badge_cost(N, S->cur, depth);
        if (S->bestk < 0 || c < S->bestc) {
            S->bestk = depth;
            S->bestc = c;
            memcpy(S->best, S->cur, sizeof(int) * (size_t)depth);
        }
        return;
    }
    if (depth == k || depth >= 64)
        return;
    for (i = 0; i < len; i++) {
        S->removed[cyc[i]] = 1;
        S->cur[depth] = cyc[i];
        oct_branch(S, k, depth + 1);
        S->removed[cyc[i]] = 0;
    }
}

/* Greedy fallback: remove the unit with most conflicts until 2-colourable. */
static void greedy_badges(const nest *N, unsigned char *removed, int *col, int *queue)
{
    int u, v, best, deg, bestdeg;

    while (odd_cycle(N, removed, col, queue, NULL, NULL, NULL)) {
        best = -1;
        bestdeg = 0;
        for (u = 0; u < N->nu; u++) {
            if (removed[u])
                continue;
            for (deg = 0, v = 0; v < N->nu; v++)
                deg += !removed[v] && N->cross[u * N->nu + v];
            if (deg > bestdeg || (deg == bestdeg && best >= 0 && N->usize[u] < N->usize[best])) {
                bestdeg = deg;
                best = u;
            }
        }
        if (best < 0)
            return;
        removed[best] = 1;
    }
}

/* The fewest units whose removal makes the conflict graph 2-colourable
 * (exact within SEARCH_BUDGET search nodes; greedy beyond), fewest badge
 * instances among those; they become badges. */
static nm_status choose_badges(nest *N)
{
    oct_search S;
    int nu = N->nu, k, u;
    nm_status s = NM_ENOMEM;

    memset(&S, 0, sizeof(S));
    S.N = N;
    S.col = malloc(sizeof(int) * (size_t)nu);
    S.queue = malloc(sizeof(int) * (size_t)nu);
    S.par = malloc(sizeof(int) * (size_t)nu);
    S.depth = malloc(sizeof(int) * (size_t)nu);
    S.cycles = malloc(sizeof(int) * (size_t)nu * (nu < 65 ? (size_t)nu + 1 : 65));
    S.removed = calloc((size_t)nu, 1);
    if (!S.col || !S.queue || !S.par || !S.depth || !S.cycles || !S.removed)
        goto out;
    S.bestk = -1;
    S.budget = SEARCH_BUDGET;
    for (k = 0; k <= nu && k <= 64 && S.bestk < 0 && S.budget > 0; k++)
        oct_branch(&S, k, 0);
    if (S.bestk >= 0) {
        for (u = 0; u < S.bestk; u++)
            S.removed[S.best[u]] = 1;
    } else {
        memset(S.removed, 0, (size_t)nu);
        greedy_badges(N, S.removed, S.col, S.queue);
    }
    for (u = 0; u < nu; u++)
        N->mode[u] = S.removed[u] ? NM_NEST_BADGE : NM_NEST_COLUMN;
    s = NM_OK;
out:
    free(S.col); free(S.queue); free(S.par); free(S.depth); free(S.cycles); free(S.removed);
    return s;
}

/* ---- groups ---- */

static const nm_graph *sig_g;

/* States by membership signature (their sorted institution lists), then id. */
static int by_signature(const void *pa, const void *pb)
{
    const nm_graph *g = sig_g;
    int a = *(const int *)pa, b = *(const int *)pb, i;
    int na = nm_graph_sdeg(g, a), nb = nm_graph_sdeg(g, b);

    if (na != nb)
        return nb - na;
    for (i = 0; i < na; i++)
        if (g->s_adj[g->s_off[a] + i] != g->s_adj[g->s_off[b] + i])
            return g->s_adj[g->s_off[a] + i] - g->s_adj[g->s_off[b] + i];
    return strcmp(nm_graph_state(g, a)->id, nm_graph_state(g, b)->id);
}

static int same_signature(const nm_graph *g, int a, int b)
{
    int na = nm_graph_sdeg(g, a);

    return na == nm_graph_sdeg(g, b)
           && memcmp(g->s_adj + g->s_off[a], g->s_adj + g->s_off[b], sizeof(int) * (size_t)na) == 0;
}

static nm_status make_groups(nest *N)
{
    const nm_graph *g = N->g;
    int n = g->nstates, i, k, u;

    N->group_of = malloc(sizeof(int) * (size_t)n);
    N->gstates = malloc(sizeof(int) * (size_t)n);
    N->gstart = malloc(sizeof(int) * ((size_t)n + 1));
    if (!N->group_of || !N->gstates || !N->gstart)
        return NM_ENOMEM;
    for (i = 0; i < n; i++)
        N->gstates[i] = i;
    sig_g = g;
    qsort(N->gstates, (size_t)n, sizeof(int), by_signature);
    sig_g = NULL;
    N->ng = 0;
    for (i = 0; i < n; i++) {
        if (i == 0 || !same_signature(g, N->gstates[i - 1], N->gstates[i]))
            N->gstart[N->ng++] = i;
        N->group_of[N->gstates[i]] = N->ng - 1;
    }
    N->gstart[N->ng] = n;
    N->gin = calloc((size_t)N->ng * N->nu + 1, 1);
    if (!N->gin)
        return NM_ENOMEM;
    for (i = 0; i < N->ng; i++) {
        int s = N->gstates[N->gstart[i]];
        for (k = g->s_off[s]; k < g->s_off[s + 1]; k++) {
            u = N->unit_of[g->s_adj[k]];
            N->gin[i * N->nu + u] = 1;
        }
    }
    return NM_OK;
}

/* ---- the grid ---- */

/* Parent of u in its class's laminar forest: the smallest unit of the same
 * class strictly containing it, or -1. */
static int class_parent(const nest *N, int u)
{
    int v, best = -1;

    for (v = 0; v < N->nu; v++)
        if (v != u && N->mode[v] == N->mode[u] && N->sub[u * N->nu + v]
            && (best < 0 || N->usize[v] < N->usize[best]))
            best = v;
    return best;
}

static void dfs_slots(const nest *N, const int *parent, int u, int *slot, int *next)
{
    int i;

    slot[u] = (*next)++;
    for (i = 0; i < N->nu; i++) {
        int v = N->disp[i];
        if (N->mode[v] == N->mode[u] && parent[v] == u)
            dfs_slots(N, parent, v, slot, next);
    }
}

/* Assigns each group its column (cls = NM_NEST_COLUMN) or row index: the
 * preorder slot of the smallest unit of that class holding it, or the "in
 * none" slot, placed before root number nonepos[cls]. Groups outside every
 * region get -1. Returns the number of non-empty slots. */
static int assign_axis(nest *N, int cls, int *out, int *parent, int *slot, int *used)
{
    int u, i, next = 0, n, roots = 0, none = -1;

    for (u = 0; u < N->nu; u++) {
        parent[u] = N->mode[u] == cls ? class_parent(N, u) : -1;
        slot[u] = -1;
    }
    for (i = 0; i < N->nu; i++) {
        u = N->disp[i];
        if (N->mode[u] != cls || parent[u] >= 0)
            continue;
        if (roots++ == N->nonepos[cls == NM_NEST_ROW])
            none = next++;
        dfs_slots(N, parent, u, slot, &next);
    }
    N->nroots[cls == NM_NEST_ROW] = roots;
    if (none < 0)
        none = next++;
    for (i = 0; i <= next; i++)
        used[i] = 0;
    for (i = 0; i < N->ng; i++) {
        int best = -1;
        out[i] = -1;
        if (N->outside[i])
            continue;
        for (u = 0; u < N->nu; u++)
            if (N->mode[u] == cls && N->gin[i * N->nu + u] && (best < 0 || N->usize[u] < N->usize[best]))
                best = u;
        out[i] = best < 0 ? none : slot[best];
        used[out[i]] = 1;
    }
    for (i = 0, n = 0; i <= next; i++)      /* compress: used[] becomes the new index */
        used[i] = used[i] ? n++ : -1;
    for (i = 0; i < N->ng; i++)
        if (out[i] >= 0)
            out[i] = used[out[i]];
    return n;
}

typedef struct {
    int nc, nr;
    double *colw, *rowh, *colx, *rowy;
    int *nL, *nR, *nT, *nB;         /* edges at each column / row */
    int *cmin, *cmax, *rmin, *rmax; /* [nu] */
    int *kL, *kR, *kT, *kB;         /* [nu] ranks, 0 = outermost */
} grid;

static void grid_free(grid *G)
{
    free(G->colw); free(G->rowh); free(G->colx); free(G->rowy);
    free(G->nL); free(G->nR); free(G->nT); free(G->nB);
    free(G->cmin); free(G->cmax); free(G->rmin); free(G->rmax);
    free(G->kL); free(G->kR); free(G->kT); free(G->kB);
}

static nm_status grid_alloc(grid *G, int nc, int nr, int nu)
{
    size_t c = (size_t)nc + 1, r = (size_t)nr + 1, u = (size_t)nu + 1;

    memset(G, 0, sizeof(*G));
    G->nc = nc;
    G->nr = nr;
    G->colw = calloc(c, sizeof(double)); G->colx = calloc(c, sizeof(double));
    G->rowh = calloc(r, sizeof(double)); G->rowy = calloc(r, sizeof(double));
    G->nL = calloc(c, sizeof(int)); G->nR = calloc(c, sizeof(int));
    G->nT = calloc(r, sizeof(int)); G->nB = calloc(r, sizeof(int));
    G->cmin = calloc(u, sizeof(int)); G->cmax = calloc(u, sizeof(int));
    G->rmin = calloc(u, sizeof(int)); G->rmax = calloc(u, sizeof(int));
    G->kL = calloc(u, sizeof(int)); G->kR = calloc(u, sizeof(int));
    G->kT = calloc(u, sizeof(int)); G->kB = calloc(u, sizeof(int));
    if (!G->colw || !G->colx || !G->rowh || !G->rowy || !G->nL || !G->nR || !G->nT || !G->nB
        || !G->cmin || !G->cmax || !G->rmin || !G->rmax || !G->kL || !G->kR || !G->kT || !G->kB) {
        grid_free(G);
        return NM_ENOMEM;
    }
    return NM_OK;
}

/* Lays the groups of one cell out in lines of about sqrt(k) boxes. */
static void cell_flow(nest *N, grid *G, const int *in, int k)
{
    int per = (int)ceil(sqrt((double)k)), t, j;
    double x = 0, y = 0, lineh = 0, w = 0;

    for (t = 0; t < k; t++) {
        j = in[t];
        if (t > 0 && t % per == 0) {
            y += lineh + GAPY / 2;
            x = lineh = 0;
        }
        N->ox[j] = x;
        N->oy[j] = y;
        x += N->gw[j] + GAPX / 2;
        if (x - GAPX / 2 > w)
            w = x - GAPX / 2;
        if (N->gh[j] > lineh)
            lineh = N->gh[j];
    }
    for (t = 0; t < k; t++)
        N->cw[in[t]] = w;
    if (w > G->colw[N->gcol[in[0]]])
        G->colw[N->gcol[in[0]]] = w;
    if (y + lineh > G->rowh[N->grow[in[0]]])
        G->rowh[N->grow[in[0]]] = y + lineh;
}

/* Cell sizes and each region's span of columns and rows. */
static void grid_cells(nest *N, grid *G, int *in, unsigned char *done)
{
    int i, j, k, u;

    memset(done, 0, (size_t)N->ng);
    for (i = 0; i < N->ng; i++) {
        if (done[i] || N->outside[i])
            continue;
        for (k = 0, j = i; j < N->ng; j++)
            if (!N->outside[j] && N->gcol[j] == N->gcol[i] && N->grow[j] == N->grow[i]) {
                in[k++] = j;
                done[j] = 1;
            }
        cell_flow(N, G, in, k);
    }
    for (u = 0; u < N->nu; u++) {
        G->cmin[u] = G->rmin[u] = -1;
        if (N->mode[u] == NM_NEST_BADGE)
            continue;
        for (i = 0; i < N->ng; i++) {
            if (!N->gin[i * N->nu + u])
                continue;
            if (G->cmin[u] < 0 || N->gcol[i] < G->cmin[u]) G->cmin[u] = N->gcol[i];
            if (G->cmin[u] < 0 || N->gcol[i] > G->cmax[u]) G->cmax[u] = N->gcol[i];
            if (G->rmin[u] < 0 || N->grow[i] < G->rmin[u]) G->rmin[u] = N->grow[i];
            if (G->rmin[u] < 0 || N->grow[i] > G->rmax[u]) G->rmax[u] = N->grow[i];
            if (N->gcol[i] > G->cmax[u]) G->cmax[u] = N->gcol[i];
            if (N->grow[i] > G->rmax[u]) G->rmax[u] = N->grow[i];
        }
    }
}

/* Nesting ranks: among the regions with an edge at the same column (row),
 * larger regions are further out; every region gets its own inset. */
static void grid_ranks(const nest *N, grid *G)
{
    int u, v;

    for (u = 0; u < N->nu; u++) {
        if (G->cmin[u] < 0)
            continue;
        G->nL[G->cmin[u]]++; G->nR[G->cmax[u]]++; G->nT[G->rmin[u]]++; G->nB[G->rmax[u]]++;
        G->kL[u] = G->kR[u] = G->kT[u] = G->kB[u] = 0;
        for (v = 0; v < N->nu; v++) {
            if (v == u || G->cmin[v] < 0 || N->rank[v] > N->rank[u])
                continue;
            G->kL[u] += G->cmin[v] == G->cmin[u];
            G->kR[u] += G->cmax[v] == G->cmax[u];
            G->kT[u] += G->rmin[v] == G->rmin[u];
            G->kB[u] += G->rmax[v] == G->rmax[u];
        }
    }
}

static double band(const nest *N)
{
    return N->tabh + TAB_EXTRA;
}

static void grid_coords(nest *N, grid *G)
{
    double x = 0, y = 0;
    int c, r, u;

    for (c = 0; c < G->nc; c++) {
        x += G->nL[c] ? MARGIN + (G->nL[c] - 1) * PADX : 0;
        G->colx[c] = x;
        x += G->colw[c] + (G->nR[c] ? MARGIN + (G->nR[c] - 1) * PADX : 0) + GAPX;
    }
    for (r = 0; r < G->nr; r++) {
        y += G->nT[r] ? MARGIN + G->nT[r] * band(N) : 0;
        G->rowy[r] = y;
        y += G->rowh[r] + (G->nB[r] ? MARGIN + (G->nB[r] - 1) * PADY : 0) + GAPY;
    }
    N->W = x - GAPX;
    N->H = y - GAPY;
    for (u = 0; u < N->nu; u++) {
        nm_rect *R = &N->rect[u];
        memset(R, 0, sizeof(*R));
        if (G->cmin[u] < 0)
            continue;
        R->x0 = G->colx[G->cmin[u]] - MARGIN - (G->nL[G->cmin[u]] - 1 - G->kL[u]) * PADX;
        R->x1 = G->colx[G->cmax[u]] + G->colw[G->cmax[u]] + MARGIN
                + (G->nR[G->cmax[u]] - 1 - G->kR[u]) * PADX;
        R->y0 = G->rowy[G->rmin[u]] - MARGIN - (G->nT[G->rmin[u]] - G->kT[u]) * band(N);
        R->y1 = G->rowy[G->rmax[u]] + G->rowh[G->rmax[u]] + MARGIN
                + (G->nB[G->rmax[u]] - 1 - G->kB[u]) * PADY;
    }
}

/* Widens columns until every region is wider than its label tab. */
static void grid_fit_tabs(nest *N, grid *G)
{
    int changed = 1, i, guard = 0;

    while (changed && guard++ < 4 * N->nu + 4) {
        changed = 0;
        grid_coords(N, G);
        for (i = N->nu - 1; i >= 0 && !changed; i--) {     /* smallest first */
            int u = N->disp[i];
            double need = N->tabw[u] + 2 * PADX, have = N->rect[u].x1 - N->rect[u].x0;
            if (G->cmin[u] >= 0 && have + 0.01 < need) {
                G->colw[G->cmax[u]] += need - have;
                changed = 1;
            }
        }
    }
    grid_coords(N, G);
}

#define LEGEND_GAP 30.0
#define OUT_GAP 18.0    /* between the legend and the groups outside every region */

/* Places the groups: cells centred in their column; groups outside every
 * region in lines under the legend (x from the grid's right + LEGEND_GAP). */
static void grid_groups(nest *N, const grid *G)
{
    double x0 = N->W + LEGEND_GAP, y0 = N->legh + OUT_GAP + N->headh + 4, x = 0, y = 0, lineh = 0;
    double maxw = N->legw;
    int i;

    for (i = 0; i < N->ng; i++)
        if (N->outside[i] && N->gw[i] > maxw)
            maxw = N->gw[i];
    N->outw = N->outh = 0;
    for (i = 0; i < N->ng; i++) {
        if (!N->outside[i]) {
            N->gx[i] = G->colx[N->gcol[i]] + (G->colw[N->gcol[i]] - N->cw[i]) / 2 + N->ox[i];
            N->gy[i] = G->rowy[N->grow[i]] + N->oy[i];
            continue;
        }
        if (x > 0 && x + N->gw[i] > maxw) {
            y += lineh + GAPY / 2;
            x = lineh = 0;
        }
        N->gx[i] = x0 + x;
        N->gy[i] = y0 + y;
        x += N->gw[i] + GAPX / 2;
        if (N->gh[i] > lineh)
            lineh = N->gh[i];
        if (x - GAPX / 2 > N->outw)
            N->outw = x - GAPX / 2;
        N->outh = y0 + y + lineh;
    }
    if (N->outw < N->headw && N->outh > 0)
        N->outw = N->headw;
}

/* Lays out the grid for the current modes into N (gcol, grow, gx, gy, rect, W, H). */
static nm_status layout_grid(nest *N)
{
    int n = N->nu + N->ng + 2, *parent, *slot, *used, nc, nr, i, u;
    unsigned char *done;
    grid G;
    nm_status s = NM_ENOMEM;

    parent = malloc(sizeof(int) * (size_t)n);
    slot = malloc(sizeof(int) * (size_t)n);
    used = malloc(sizeof(int) * (size_t)n);
    done = malloc((size_t)n);
    if (parent && slot && used && done) {
        for (i = 0; i < N->ng; i++)
            for (N->outside[i] = 1, u = 0; u < N->nu; u++)
                if (N->mode[u] != NM_NEST_BADGE && N->gin[i * N->nu + u])
                    N->outside[i] = 0;
        nc = assign_axis(N, NM_NEST_COLUMN, N->gcol, parent, slot, used);
        nr = assign_axis(N, NM_NEST_ROW, N->grow, parent, slot, used);
        if ((s = grid_alloc(&G, nc, nr, N->nu)) == NM_OK) {
            grid_cells(N, &G, slot, done);
            grid_ranks(N, &G);
            grid_fit_tabs(N, &G);
            grid_groups(N, &G);
            grid_free(&G);
        }
    }
    free(parent); free(slot); free(used); free(done);
    return s;
}

#define GRID_TOP(N) ((N)->tith + 14.0)

static void figure_size(const nest *N, double *Wt, double *Ht)
{
    double side = N->legw > N->outw ? N->legw : N->outw, h = N->legh > N->outh ? N->legh : N->outh;
    double w = N->W + LEGEND_GAP + side;

    *Wt = w > N->titw ? w : N->titw;
    *Ht = GRID_TOP(N) + (N->H > h ? N->H : h);
}

/* How bad a layout looks: the area of the whole figure, penalised when far
 * from landscape 1:1 .. 2:1, plus part of the regions' area (long thin
 * regions reaching across empty cells). */
static double layout_cost(const nest *N)
{
    double w, h, pen, regions = 0;
    int u;

    figure_size(N, &w, &h);
    pen = w / (2 * h) > 1 ? w / (2 * h) : h / w > 1 ? h / w : 1;
    for (u = 0; u < N->nu; u++)
        regions += (N->rect[u].x1 - N->rect[u].x0) * (N->rect[u].y1 - N->rect[u].y0);
    return w * h * pen * pen + 0.3 * regions;
}

/* Where the "in none" column and row go among the roots: every pair tried. */
static nm_status choose_none_slots(nest *N)
{
    int c, r, best[2] = { 0, 0 }, nc, nr;
    double cost, bestc = -1;
    nm_status s;

    N->nonepos[0] = N->nonepos[1] = 0;
    if ((s = layout_grid(N)) != NM_OK)
        return s;
    nc = N->nroots[0];
    nr = N->nroots[1];
    for (c = 0; c <= nc; c++)
        for (r = 0; r <= nr; r++) {
            N->nonepos[0] = c;
            N->nonepos[1] = r;
            if ((s = layout_grid(N)) != NM_OK)
                return s;
            cost = layout_cost(N);
            if (bestc < 0 || cost < bestc - 1e-6) {
                bestc = cost;
                best[0] = c;
                best[1] = r;
            }
        }
    N->nonepos[0] = best[0];
    N->nonepos[1] = best[1];
    return layout_grid(N);
}

/* Components of the conflict graph (units not badges) each get an
 * orientation: which colour becomes columns. Chosen greedily, largest
 * component first, by the resulting figure's cost. */
static nm_status choose_axes(nest *N)
{
    int nu = N->nu, *col, *queue, *comp, u, v, c, ncomp = 0, i;
    unsigned char *removed;
    nm_status s = NM_ENOMEM;

    col = malloc(sizeof(int) * (size_t)nu);
    queue = malloc(sizeof(int) * (size_t)nu);
    comp = malloc(sizeof(int) * (size_t)nu);
    removed = calloc((size_t)nu, 1);
    if (!col || !queue || !comp || !removed)
        goto out;
    for (u = 0; u < nu; u++)
        removed[u] = N->mode[u] == NM_NEST_BADGE;
    (void)odd_cycle(N, removed, col, queue, NULL, NULL, NULL);     /* colours the axes */
    for (u = 0; u < nu; u++)
        comp[u] = -1;
    for (i = 0; i < nu; i++) {          /* components, numbered in display order */
        int root = N->disp[i], head = 0, tail = 0;
        if (removed[root] || comp[root] >= 0)
            continue;
        comp[root] = ncomp;
        queue[tail++] = root;
        while (head < tail)
            for (u = queue[head++], v = 0; v < nu; v++)
                if (!removed[v] && comp[v] < 0 && N->cross[u * nu + v]) {
                    comp[v] = ncomp;
                    queue[tail++] = v;
                }
        ncomp++;
    }
    for (c = 0; c < ncomp; c++) {
        double cost[2];
        int flip;
        for (flip = 0; flip < 2; flip++) {
            for (u = 0; u < nu; u++)
                if (comp[u] == c)
                    N->mode[u] = (col[u] ^ flip) ? NM_NEST_ROW : NM_NEST_COLUMN;
                else if (comp[u] > c)
                    N->mode[u] = NM_NEST_BADGE;     /* not yet decided: left out */
            if ((s = layout_grid(N)) != NM_OK)
                goto out;
            cost[flip] = layout_cost(N);
        }
        flip = cost[1] < cost[0] - 1e-6;
        for (u = 0; u < nu; u++)
            if (comp[u] == c)
                N->mode[u] = (col[u] ^ flip) ? NM_NEST_ROW : NM_NEST_COLUMN;
    }
    for (u = 0; u < nu; u++)
        if (removed[u])
            N->mode[u] = NM_NEST_BADGE;
    s = choose_none_slots(N);
out:
    free(col); free(queue); free(comp); free(removed);
    return s;
}

/* ---- Graphviz: labels, measuring, drawing ---- */

static void unit_label(const nest *N, int u, int with_count, FILE *f)
{
    char lab[64];
    int i, first = 1;

    for (i = 0; i < N->g->ninsts; i++) {
        if (N->unit_of[i] != u)
            continue;
        nm_rnd_inst_label(N->g, i, lab, sizeof(lab));
        fprintf(f, "%s", first ? "" : " = ");
        nm_rnd_html(f, lab);
        first = 0;
    }
    if (with_count)
        fprintf(f, " (%d)", N->usize[u]);
}

static char *group_html(const nest *N, int i)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int n = N->gstart[i + 1] - N->gstart[i], per, k, u, nb = 0;

    if (!f)
        return NULL;
    per = (int)ceil(sqrt(2.5 * n));
    per = per < 1 ? 1 : per > 10 ? 10 : per;
    fputs("<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"white\" "
          "COLOR=\"#555555\"><TR><TD>", f);
    for (k = 0; k < n; k++) {
        fputs(k == 0 ? "" : k % per == 0 ? "<BR/>" : " ", f);
        nm_rnd_html(f, nm_graph_state(N->g, N->gstates[N->gstart[i] + k])->id);
    }
    fputs("</TD></TR>", f);
    for (k = 0; k < N->nu; k++) {
        u = N->disp[k];
        if (N->mode[u] != NM_NEST_BADGE || !N->gin[i * N->nu + u])
            continue;
        if (nb++ == 0)
            fputs("<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\"><TR>", f);
        {
            char tint[8];
            nm_itype t = nm_graph_inst(N->g, N->urep[u])->type;
            nm_rnd_tint(t, 0.3, tint);
            fprintf(f, "<TD BORDER=\"1\" COLOR=\"%s\" BGCOLOR=\"%s\"><FONT POINT-SIZE=\"10\">",
                    nm_rnd_colour(t), tint);
            unit_label(N, u, 0, f);
            fputs("</FONT></TD>", f);
        }
    }
    if (nb)
        fputs("</TR></TABLE></TD></TR>", f);
    fputs("</TABLE>", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *tab_html(const nest *N, int u)
{
    char *buf = NULL, tint[8];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nm_itype t = nm_graph_inst(N->g, N->urep[u])->type;

    if (!f)
        return NULL;
    nm_rnd_tint(t, 0.28, tint);
    fprintf(f, "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\" COLOR=\"%s\" "
            "BGCOLOR=\"%s\"%s><TR><TD><FONT POINT-SIZE=\"11\"><B>",
            nm_rnd_colour(t), tint, nm_graph_inst(N->g, N->urep[u])->track == 2 ? " STYLE=\"dashed\"" : "");
    unit_label(N, u, 0, f);
    fprintf(f, "</B></FONT></TD><TD><FONT POINT-SIZE=\"11\" COLOR=\"#333333\">%d</FONT></TD></TR></TABLE>",
            N->usize[u]);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *title_html(const nest *N, const nm_render_opts *o)
{
    char *buf = NULL, title[512];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int i, nbadge = 0;

    if (!f)
        return NULL;
    for (i = 0; i < N->g->ninsts; i++)
        nbadge += N->mode[N->unit_of[i]] == NM_NEST_BADGE;
    nm_rnd_title(N->g, o, title, sizeof(title));
    fputs("<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\">"
          "<FONT POINT-SIZE=\"18\"><B>", f);
    nm_rnd_html(f, title);
    fprintf(f, "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"#444444\">"
            "%d states in %d groups of identical membership; %d institutions",
            N->g->nstates, N->ng, N->g->ninsts);
    if (nbadge)
        fprintf(f, " (%d drawn as badge%s)", nbadge, nbadge == 1 ? "" : "s");
    fputs("</FONT></TD></TR></TABLE>", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void legend_units(const nest *N, FILE *f)
{
    int k, i;

    for (k = 0; k < N->nu; k++) {
        int u = N->disp[k];
        for (i = 0; i < N->g->ninsts; i++) {
            const nm_institution *x = nm_graph_inst(N->g, i);
            char lab[64];
            if (N->unit_of[i] != u)
                continue;
            nm_rnd_inst_label(N->g, i, lab, sizeof(lab));
            fprintf(f, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\"><B>", nm_rnd_colour(x->type));
            nm_rnd_html(f, lab);
            fprintf(f, "</B></FONT></TD><TD ALIGN=\"RIGHT\">%d</TD><TD ALIGN=\"LEFT\">", N->usize[u]);
            nm_rnd_html(f, x->name);
            fprintf(f, "%s%s</TD></TR>", x->track == 2 ? " (track 2)" : "",
                    N->mode[u] == NM_NEST_BADGE ? " \xe2\x80\x94 badge" : "");
        }
    }
}

static char *legend_html(const nest *N)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int u, nbadge = 0, track2 = 0;

    if (!f)
        return NULL;
    for (u = 0; u < N->nu; u++) {
        nbadge += N->mode[u] == NM_NEST_BADGE;
        track2 |= nm_graph_inst(N->g, N->urep[u])->track == 2;
    }
    fputs("<TABLE BORDER=\"1\" COLOR=\"#BBBBBB\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\" "
          "BGCOLOR=\"white\"><TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><B>Institution types</B></TD></TR>", f);
    nm_rnd_legend_types(f, N->g, 2, NULL);
    fputs("<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">White boxes: states with identical "
          "memberships.<BR ALIGN=\"LEFT\"/>Each rectangle holds exactly one institution's members."
          "<BR ALIGN=\"LEFT\"/>Tab: institution and its member count.<BR ALIGN=\"LEFT\"/>", f);
    if (track2)
        fputs("Dashed border: track-2 (unofficial) institution.<BR ALIGN=\"LEFT\"/>", f);
    if (nbadge)
        fputs("Badges on boxes: institutions that cannot be<BR ALIGN=\"LEFT\"/>drawn as rectangles "
              "together with the others.<BR ALIGN=\"LEFT\"/>", f);
    fputs("</FONT></TD></TR><TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><B>Institutions</B></TD></TR>", f);
    legend_units(N, f);
    fputs("</TABLE>", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static Agnode_t *html_node(Agraph_t *G, const char *name, char *html)
{
    Agnode_t *n;

    if (!html)
        return NULL;
    n = agnode(G, (char *)name, 1);
    if (n) {
        nm_rnd_set_html(G, n, "label", html);
        nm_rnd_set(n, "shape", "plain");
        nm_rnd_set(n, "pos", "0,0");
    }
    free(html);
    return n;
}

/* Creates every node (groups, tabs, title, legend) at the origin. */
static nm_status make_nodes(nest *N, Agraph_t *G, const nm_render_opts *o)
{
    char name[32];
    int i;

    for (i = 0; i < N->ng; i++) {
        snprintf(name, sizeof(name), "g%d", i);
        if (!html_node(G, name, group_html(N, i)))
            return NM_ENOMEM;
    }
    for (i = 0; i < N->nu; i++) {
        if (N->mode[i] == NM_NEST_BADGE)
            continue;
        snprintf(name, sizeof(name), "t%d", i);
        if (!html_node(G, name, tab_html(N, i)))
            return NM_ENOMEM;
    }
    if (!html_node(G, "title", title_html(N, o)) || !html_node(G, "legend", legend_html(N))
        || !html_node(G, "outside", strdup("<FONT POINT-SIZE=\"11\">In no institution drawn as a "
                                           "rectangle:</FONT>")))
        return NM_ENOMEM;
    return NM_OK;
}

static void node_size(Agraph_t *G, const char *name, double *w, double *h)
{
    Agnode_t *n = agnode(G, (char *)name, 0);

    *w = n ? ND_width(n) * 72.0 : 0;
    *h = n ? ND_height(n) * 72.0 : 0;
}

/* Lays out with nop to learn every node's size. */
static nm_status measure(nest *N, GVC_t *gvc, Agraph_t *G, nm_diag *d)
{
    char name[32];
    int i;

    if (gvLayout(gvc, G, "nop") != 0) {
        nm_diag_error(d, NULL, 0, "Graphviz could not size the diagram's boxes");
        return NM_EIO;
    }
    for (i = 0; i < N->ng; i++) {
        snprintf(name, sizeof(name), "g%d", i);
        node_size(G, name, &N->gw[i], &N->gh[i]);
    }
    N->tabh = 0;
    for (i = 0; i < N->nu; i++) {
        double h;
        snprintf(name, sizeof(name), "t%d", i);
        node_size(G, name, &N->tabw[i], &h);
        if (h > N->tabh)
            N->tabh = h;
    }
    node_size(G, "title", &N->titw, &N->tith);
    node_size(G, "legend", &N->legw, &N->legh);
    node_size(G, "outside", &N->headw, &N->headh);
    gvFreeLayout(gvc, G);
    return NM_OK;
}

static void pin(Agraph_t *G, const char *name, double x, double y, double w, double h, double Ht)
{
    Agnode_t *n = agnode(G, (char *)name, 0);
    char a[32], b[32], pos[80];

    if (!n)
        return;
    snprintf(pos, sizeof(pos), "%s,%s!", nm_rnd_num(a, x + w / 2), nm_rnd_num(b, Ht - (y + h / 2)));
    nm_rnd_set(n, "pos", pos);
}


/* xdot operations drawing the regions, largest first (beneath the smaller). */
static char *background(const nest *N, double Ht)
{
    char *buf = NULL, a[32], b[32], c[32], e[32], fill[16];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int k;

    if (!f)
        return NULL;
    for (k = 0; k < N->nu; k++) {
        int u = N->disp[k];
        const nm_rect *R = &N->rect[u];
        nm_itype t = nm_graph_inst(N->g, N->urep[u])->type;
        double top = GRID_TOP(N);
        if (N->mode[u] == NM_NEST_BADGE)
            continue;
        snprintf(fill, sizeof(fill), "%s14", nm_rnd_colour(t));
        nm_rnd_num(a, R->x0);
        nm_rnd_num(b, Ht - (top + R->y0));
        nm_rnd_num(c, R->x1);
        nm_rnd_num(e, Ht - (top + R->y1));
        fprintf(f, "C %zu -%s c 7 -%s S %s P 4 %s %s %s %s %s %s %s %s ", strlen(fill), fill,
                nm_rnd_colour(t), nm_graph_inst(N->g, N->urep[u])->track == 2 ? "6 -dashed" : "5 -solid",
                a, b, c, b, c, e, a, e);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Pins every node where the layout put it and draws the regions behind. */
static nm_status place(nest *N, GVC_t *gvc, Agraph_t *G, nm_diag *d)
{
    char name[32], *bg;
    double Wt, Ht, top = GRID_TOP(N);
    int i;

    figure_size(N, &Wt, &Ht);
    for (i = 0; i < N->ng; i++) {
        snprintf(name, sizeof(name), "g%d", i);
        pin(G, name, N->gx[i], top + N->gy[i], N->gw[i], N->gh[i], Ht);
    }
    for (i = 0; i < N->nu; i++) {
        snprintf(name, sizeof(name), "t%d", i);
        pin(G, name, N->rect[i].x0, top + N->rect[i].y0, N->tabw[i], N->tabh, Ht);
    }
    pin(G, "title", 0, 0, N->titw, N->tith, Ht);
    pin(G, "legend", N->W + LEGEND_GAP, top, N->legw, N->legh, Ht);
    if (N->outh > 0)
        pin(G, "outside", N->W + LEGEND_GAP, top + N->legh + OUT_GAP, N->headw, N->headh, Ht);
    else
        agdelnode(G, agnode(G, "outside", 0));
    if (!(bg = background(N, Ht)))
        return NM_ENOMEM;
    nm_rnd_set(G, "_background", bg);
    free(bg);
    nm_rnd_set(G, "notranslate", "true");
    nm_rnd_set(G, "penwidth", "2");
    if (gvLayout(gvc, G, "nop") != 0) {
        nm_diag_error(d, NULL, 0, "Graphviz could not lay out the nesting diagram");
        return NM_EIO;
    }
    N->laid = 1;
    GD_bb(G).LL.x = 0;
    GD_bb(G).LL.y = 0;
    GD_bb(G).UR.x = Wt;
    GD_bb(G).UR.y = Ht;
    return NM_OK;
}

static nm_status nest_alloc(nest *N)
{
    size_t g = (size_t)N->ng + 1, u = (size_t)N->nu + 1;

    N->gw = calloc(g, sizeof(double)); N->gh = calloc(g, sizeof(double));
    N->gx = calloc(g, sizeof(double)); N->gy = calloc(g, sizeof(double));
    N->gcol = calloc(g, sizeof(int)); N->grow = calloc(g, sizeof(int));
    N->tabw = calloc(u, sizeof(double));
    N->rect = calloc(u, sizeof(nm_rect));
    N->outside = calloc(g, 1);
    N->ox = calloc(g, sizeof(double)); N->oy = calloc(g, sizeof(double)); N->cw = calloc(g, sizeof(double));
    return N->gw && N->gh && N->gx && N->gy && N->gcol && N->grow && N->tabw && N->rect && N->outside
           && N->ox && N->oy && N->cw ? NM_OK : NM_ENOMEM;
}

static nm_status fill_info(const nest *N, nm_render_info *info)
{
    int i, n = 0;

    info->ngroups = N->ng;
    info->badges = malloc(sizeof(int) * ((size_t)N->g->ninsts + 1));
    if (!info->badges)
        return NM_ENOMEM;
    for (i = 0; i < N->g->ninsts; i++)
        if (N->mode[N->unit_of[i]] == NM_NEST_BADGE)
            info->badges[n++] = i;
    info->nbadges = n;
    return NM_OK;
}

static nm_status fill_layout(const nest *N, nm_nest_layout *L)
{
    const nm_graph *g = N->g;
    int i;

    memset(L, 0, sizeof(*L));
    L->ngroups = N->ng;
    L->group_of = malloc(sizeof(int) * ((size_t)g->nstates + 1));
    L->group_box = malloc(sizeof(nm_rect) * ((size_t)N->ng + 1));
    L->inst_box = calloc((size_t)g->ninsts + 1, sizeof(nm_rect));
    L->mode = malloc(sizeof(nm_nest_mode) * ((size_t)g->ninsts + 1));
    if (!L->group_of || !L->group_box || !L->inst_box || !L->mode) {
        nm_nest_layout_destroy(L);
        return NM_ENOMEM;
    }
    memcpy(L->group_of, N->group_of, sizeof(int) * (size_t)g->nstates);
    for (i = 0; i < N->ng; i++) {
        nm_rect r = { N->gx[i], N->gy[i], N->gx[i] + N->gw[i], N->gy[i] + N->gh[i] };
        L->group_box[i] = r;
    }
    for (i = 0; i < g->ninsts; i++) {
        L->mode[i] = (nm_nest_mode)N->mode[N->unit_of[i]];
        if (L->mode[i] != NM_NEST_BADGE)
            L->inst_box[i] = N->rect[N->unit_of[i]];
    }
    L->width = N->W;
    L->height = N->H;
    return NM_OK;
}

void nm_nest_layout_destroy(nm_nest_layout *L)
{
    if (!L)
        return;
    free(L->group_of);
    free(L->group_box);
    free(L->inst_box);
    free(L->mode);
    memset(L, 0, sizeof(*L));
}

static nm_status nest_build(nest *N, GVC_t *gvc, Agraph_t *G, const nm_render_opts *o, nm_diag *d)
{
    nm_status s;

    if ((s = make_units(N)) != NM_OK || (s = make_groups(N)) != NM_OK || (s = choose_badges(N)) != NM_OK
        || (s = nest_alloc(N)) != NM_OK || (s = make_nodes(N, G, o)) != NM_OK
        || (s = measure(N, gvc, G, d)) != NM_OK || (s = choose_axes(N)) != NM_OK)
        return s;
    return place(N, gvc, G, d);
}

nm_status nm_rnd_nesting(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                         nm_render_info *info, nm_nest_layout *L, nm_diag *d)
{
    nest N;
    Agraph_t *G = nm_rnd_graph("nesting", 0);
    nm_status s;

    *out = NULL;
    memset(&N, 0, sizeof(N));
    N.g = g;
    if (!G)
        return NM_ENOMEM;
    s = nest_build(&N, gvc, G, o, d);
    if (s == NM_OK && info)
        s = fill_info(&N, info);
    if (s == NM_OK && L)
        s = fill_layout(&N, L);
    if (s == NM_ENOMEM)
        nm_diag_error(d, NULL, 0, "out of memory drawing the nesting diagram");
    if (s != NM_OK && N.laid)
        gvFreeLayout(gvc, G);
    nest_free(&N);
    if (s != NM_OK) {
        agclose(G);
        return s;
    }
    *out = G;
    return NM_OK;
}

nm_status nm_render_nest_layout(const nm_graph *g, nm_nest_layout *L, nm_render_info *info, nm_diag *d)
{
    GVC_t *gvc;
    Agraph_t *G = NULL;
    nm_render_opts o;
    nm_status s;

    memset(L, 0, sizeof(*L));
    if (info)
        memset(info, 0, sizeof(*info));
    if ((s = nm_rnd_check_selection(g, d)) != NM_OK)
        return s;
    if (!(gvc = nm_rnd_context(1, d)))
        return NM_ENOMEM;
    nm_render_opts_init(&o);
    s = nm_rnd_nesting(gvc, g, &o, &G, info, L, d);
    return nm_rnd_close(gvc, G, s, info);
}
