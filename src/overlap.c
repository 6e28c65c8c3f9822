/* overlap.c - pairwise overlap, containment order and Hasse diagram of institutions. */
#include "nm_overlap.h"
#include "nm_fmt.h"
#include "nm_export.h"
#include "nm_mem.h"
#include "nm_report.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *nm_relation_name(nm_relation r)
{
    static const char *const names[] = { "disjoint", "overlapping", "nested", "identical" };

    return (unsigned)r < 4 ? names[r] : "?";
}

/* Room for every pair at once: at most min(sum over states of d(d-1)/2,
 * I(I-1)/2) pairs share a member. Reserved with huge-page advice (only the
 * pages written cost memory); 0 when that much cannot be had, and the pairs
 * then grow by doubling. */
static size_t reserve_pairs(const nm_graph *g, nm_overlap *ov)
{
    size_t bound = 0, all = (size_t)g->ninsts * (size_t)(g->ninsts > 0 ? g->ninsts - 1 : 0) / 2;
    int v;

    for (v = 0; v < g->nstates && bound < all; v++) {
        size_t d = (size_t)(g->s_off[v + 1] - g->s_off[v]);
        bound += d * (d ? d - 1 : 0) / 2;
    }
    if (bound > all)
        bound = all;
    if (bound == 0 || bound > SIZE_MAX / sizeof(nm_overlap_pair) ||
        !(ov->pairs = nm_mem_alloc(bound * sizeof(nm_overlap_pair))))
        return 0;
    return bound;
}

/* Room for need pairs in ov (capacity *cap), the new room with huge-page
 * advice. Returns 0 or -1 (out of memory; ov unchanged). */
static int room_pairs(nm_overlap *ov, size_t *cap, size_t need)
{
    size_t old = *cap;

    if (need <= old)
        return 0;
    if (nm_mem_grow(&ov->pairs, cap, need, sizeof(*ov->pairs)) < 0)
        return -1;
    nm_mem_advise(ov->pairs + old, (*cap - old) * sizeof(*ov->pairs));
    return 0;
}

static int push_pair(nm_overlap *ov, size_t *cap, const nm_overlap_pair *p)
{
    if (room_pairs(ov, cap, ov->npairs + 1) < 0)
        return -1;
    ov->pairs[ov->npairs++] = *p;
    return 0;
}

/* The strictly nested pairs (lower, upper), in pair order: few next to all
 * pairs, so the Hasse diagram never rescans the pairs. */
typedef struct {
    int (*v)[2];
    size_t n, cap;
} nest_list;

static int push_nest(nest_list *l, int lo, int hi)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 32;
        int (*nv)[2] = realloc(l->v, ncap * sizeof(*nv));
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = ncap;
    }
    l->v[l->n][0] = lo;
    l->v[l->n][1] = hi;
    l->n++;
    return 0;
}

/* Emits the pairs (a, b > a) sharing a member, and their number into *n:
 * counts co-memberships of a
 * with every later institution through the states of a (a sparse product
 * row, never a dense I x I scan), each partner's bit set in seen, whose
 * words up to the last partner are then read in order (on xlarge, a
 * twentieth of the bytes of a scan of cnt, and no sort). cnt ([I]) and seen
 * ([I / 64 + 1] words) are zero between calls. */
static int pairs_of(const nm_graph *g, int a, int *cnt, uint64_t *seen, nm_overlap *ov, size_t *cap,
                    nest_list *nest, size_t *n)
{
    int k, w, last = -1, na = nm_graph_isize(g, a);
    size_t before = ov->npairs;

    for (k = g->i_off[a]; k < g->i_off[a + 1]; k++) {
        int v = g->i_adj[k], e;
        for (e = g->s_off[v + 1] - 1; e >= g->s_off[v] && g->s_adj[e] > a; e--) {
            int b = g->s_adj[e];
            if (cnt[b]++ == 0) {
                seen[b >> 6] |= (uint64_t)1 << (b & 63);
                last = b > last ? b : last;
            }
        }
    }
    for (w = (a + 1) >> 6; last >= 0 && w <= last >> 6; w++) {
        uint64_t bits = seen[w];
        seen[w] = 0;
        for (; bits; bits &= bits - 1) {
            int b = (w << 6) + __builtin_ctzll(bits), nb = nm_graph_isize(g, b);
            int order = nm_order_of(cnt[b], na, nb);
            nm_overlap_pair p = { b, cnt[b] };
            ov->nrel[nm_relation_of(cnt[b], na, nb)]++;
            cnt[b] = 0;
            if (push_pair(ov, cap, &p) < 0 ||
                (order && push_nest(nest, order > 0 ? a : b, order > 0 ? b : a) < 0))
                return -1;
        }
    }
    *n = ov->npairs - before;
    return 0;
}

/* Strict supersets of each institution as lists up[off[i] .. off[i+1]),
 * built from the nested pairs. Returns 0 or -1 (out of memory). */
static int build_up(const nest_list *nest, int ni, int **off_out, int **up_out)
{
    int *off = calloc((size_t)ni + 1, sizeof(int)), *up, *fill;
    size_t k;

    if (!off)
        return -1;
    for (k = 0; k < nest->n; k++)
        off[nest->v[k][0] + 1]++;
    for (k = 0; k < (size_t)ni; k++)
        off[k + 1] += off[k];
    up = malloc(((size_t)off[ni] + 1) * sizeof(int));
    fill = calloc((size_t)ni + 1, sizeof(int));
    if (!up || !fill) {
        free(off); free(up); free(fill);
        return -1;
    }
    for (k = 0; k < nest->n; k++) {
        int lo = nest->v[k][0];
        up[off[lo] + fill[lo]++] = nest->v[k][1];
    }
    free(fill);
    *off_out = off;
    *up_out = up;
    return 0;
}

static int push_edge(nm_overlap *ov, size_t *cap, int lo, int hi)
{
    if (ov->nhasse == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        int (*nh)[2] = realloc(ov->hasse, ncap * sizeof(*nh));
        if (!nh)
            return -1;
        ov->hasse = nh;
        *cap = ncap;
    }
    ov->hasse[ov->nhasse][0] = lo;
    ov->hasse[ov->nhasse][1] = hi;
    ov->nhasse++;
    return 0;
}

/* Hasse edges: B covers A when B is a strict superset of A and no strict
 * superset C of A has B as a strict superset. For each A, every strict
 * superset of a strict superset of A is marked as not covering. The up list
 * of i holds first the partners a < i (pairs (a, i) come earlier in the
 * (a, b)-sorted pair list), then those b > i, each ascending: the edges
 * come out sorted by (lower, upper). */
static int build_hasse(nm_overlap *ov, const nest_list *nest, int ni)
{
    int *off = NULL, *up = NULL, *mark;
    size_t cap = 0;
    int a, k, e, rc = 0;

    if (build_up(nest, ni, &off, &up) < 0)
        return -1;
    mark = malloc(((size_t)ni + 1) * sizeof(int));
    if (!mark) {
        free(off); free(up);
        return -1;
    }
    for (a = 0; a < ni; a++)
        mark[a] = -1;
    for (a = 0; a < ni && rc == 0; a++) {
        for (k = off[a]; k < off[a + 1]; k++)
            for (e = off[up[k]]; e < off[up[k] + 1]; e++)
                mark[up[e]] = a;
        for (k = off[a]; k < off[a + 1] && rc == 0; k++)
            if (mark[up[k]] != a)
                rc = push_edge(ov, &cap, a, up[k]);
    }
    free(off); free(up); free(mark);
    return rc;
}

/* ---- the pairs in rounds, taken by two threads chunk by chunk ---- */

#define OV_CHUNKS 16        /* chunks of a round, of about equal work */

/* A chunk of a round: institutions [lo, hi), their pairs, counts and nested
 * pairs into lists of its own (the room kept from round to round), copied
 * into the result after the round in chunk order, so the pairs stay in
 * (a, b) order. */
typedef struct {
    nm_overlap out;
    size_t cap;
    nest_list nest;
    int lo, hi;
    size_t at;              /* where its pairs go in the result */
} ov_chunk;

/* A round: its chunks, taken in turn by whichever part is free (a chunk's
 * estimated work can be far from its real cost), each part with scratch of
 * its own. */
typedef struct {
    const nm_graph *g;
    nm_overlap *ov;         /* the result */
    int *cnt[2];            /* [ninsts + 1] each, zero between institutions */
    uint64_t *seen[2];      /* [ninsts / 64 + 1] each, zero between institutions */
    ov_chunk ch[OV_CHUNKS];
    int nch;
    _Atomic int next;       /* the next chunk to take */
    int rc[2];
} ov_round;

static void round_part(void *arg, int part)
{
    ov_round *r = arg;
    int c, a;

    while (r->rc[part] == 0 && (c = atomic_fetch_add(&r->next, 1)) < r->nch) {
        ov_chunk *h = &r->ch[c];
        for (a = h->lo; a < h->hi && r->rc[part] == 0; a++)
            r->rc[part] = pairs_of(r->g, a, r->cnt[part], r->seen[part], &h->out, &h->cap,
                                   &h->nest, &r->ov->first[a + 1]);
    }
}

/* Copies the round's chunks into the result: part 0 the first half, part 1
 * the rest, so that both threads share the first writes to the result's
 * fresh pages (on xlarge, 590 MB of pairs). */
static void copy_part(void *arg, int part)
{
    ov_round *r = arg;
    int c, lo = part ? r->nch / 2 : 0, hi = part ? r->nch : r->nch / 2;

    for (c = lo; c < hi; c++)
        if (r->ch[c].out.npairs)
            memcpy(r->ov->pairs + r->ch[c].at, r->ch[c].out.pairs,
                   r->ch[c].out.npairs * sizeof(nm_overlap_pair));
}

/* Appends the round's chunks to the result, emptying them. */
static int append_chunks(ov_round *r, size_t *cap, nest_list *nest, nm_pair_exec exec, void *user)
{
    nm_overlap *ov = r->ov;
    size_t need = ov->npairs, k;
    int c;

    for (c = 0; c < r->nch; c++) {
        r->ch[c].at = need;
        need += r->ch[c].out.npairs;
    }
    if (room_pairs(ov, cap, need) < 0)
        return -1;
    (void)exec(user, copy_part, r);
    ov->npairs = need;
    for (c = 0; c < r->nch; c++) {
        ov_chunk *h = &r->ch[c];
        for (k = 0; k < 4; k++) {
            ov->nrel[k] += h->out.nrel[k];
            h->out.nrel[k] = 0;
        }
        h->out.npairs = 0;
        for (k = 0; k < h->nest.n; k++)
            if (push_nest(nest, h->nest.v[k][0], h->nest.v[k][1]) < 0)
                return -1;
        h->nest.n = 0;
    }
    return 0;
}

long nm_overlap_work(const nm_graph *g)
{
    long work = 0, d;
    int v;

    for (v = 0; v < g->nstates; v++) {
        d = nm_graph_sdeg(g, v);
        work += d * (d + 1) / 2;
    }
    return work;
}

/* Each institution's share of nm_overlap_work into w: for a membership
 * (v, a), one step and one per institution of v after a. */
static void count_work(const nm_graph *g, long *w)
{
    int v, k;

    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            w[g->s_adj[k]] += g->s_off[v + 1] - k;
}

/* The end of the institutions from lo whose work reaches target (at least
 * one institution). */
static int work_end(const long *w, int lo, int n, long target)
{
    long acc = 0;
    int a = lo;

    do
        acc += w[a++];
    while (a < n && acc < target);
    return a;
}

/* Splits institutions [lo, hi) (work all) into chunks of about equal
 * work, at least one institution each; the last takes what is left. */
static void make_chunks(ov_round *r, const long *w, int lo, int hi, long all)
{
    int c;

    for (c = 0; lo < hi; c++) {
        r->ch[c].lo = lo;
        lo = c == OV_CHUNKS - 1 ? hi : work_end(w, lo, hi, all / OV_CHUNKS + 1);
        r->ch[c].hi = lo;
    }
    r->nch = c;
}

/* pairs_of for every institution, in rounds of about 1/64 of the work,
 * each cut into chunks that the two parts exec runs take in turn: a thread
 * that becomes free part-way joins for the remaining rounds. */
static int pairs_split(const nm_graph *g, nm_overlap *ov, size_t *cap, nest_list *nest, int *cnt,
                       uint64_t *seen, const long *w, long total, nm_pair_exec exec, void *user)
{
    int ni = g->ninsts, lo = 0, rc = 0, a, c;
    ov_round *r = calloc(1, sizeof(*r));

    if (!r)
        return -1;
    r->g = g;
    r->ov = ov;
    r->cnt[0] = cnt;
    r->seen[0] = seen;
    r->cnt[1] = calloc((size_t)ni + 1, sizeof(int));
    r->seen[1] = calloc((size_t)ni / 64 + 1, sizeof(uint64_t));
    if (!r->cnt[1] || !r->seen[1])
        rc = -1;
    while (lo < ni && rc == 0) {
        int hi = work_end(w, lo, ni, total / 64 + 1);
        long all = 0;
        for (a = lo; a < hi; a++)
            all += w[a];
        make_chunks(r, w, lo, hi, all);
        atomic_store(&r->next, 0);
        (void)exec(user, round_part, r);
        rc = r->rc[0] || r->rc[1] ? -1 : append_chunks(r, cap, nest, exec, user);
        lo = hi;
    }
    for (c = 0; c < OV_CHUNKS; c++) {
        free(r->ch[c].out.pairs);
        free(r->ch[c].nest.v);
    }
    free(r->cnt[1]);
    free(r->seen[1]);
    free(r);
    return rc;
}

/* pairs_of for every institution: in one piece, or split when exec is
 * given and the work is large enough to pay for the hand-overs. */
static int all_pairs(const nm_graph *g, nm_overlap *ov, size_t *cap, nest_list *nest, int *cnt,
                     uint64_t *seen, nm_pair_exec exec, void *user)
{
    long *w = NULL, total = exec && g->ninsts > 1 ? nm_overlap_work(g) : 0;
    int a, rc = 0;

    if (total >= NM_OVERLAP_SPLIT_WORK && (w = calloc((size_t)g->ninsts + 1, sizeof(long))) != NULL)
        count_work(g, w);
    if (w)
        rc = pairs_split(g, ov, cap, nest, cnt, seen, w, total, exec, user);
    else
        for (a = 0; a < g->ninsts && rc == 0; a++)
            rc = pairs_of(g, a, cnt, seen, ov, cap, nest, &ov->first[a + 1]);
    free(w);
    return rc;
}

nm_status nm_overlap_compute_exec(const nm_graph *g, nm_overlap *ov, nm_pair_exec exec, void *user,
                                  nm_diag *d)
{
    int ni = g->ninsts, a;
    int *cnt = calloc((size_t)ni + 1, sizeof(int));
    uint64_t *seen = calloc((size_t)ni / 64 + 1, sizeof(uint64_t));
    nest_list nest = { NULL, 0, 0 };
    size_t cap;
    int rc = 0;

    memset(ov, 0, sizeof(*ov));
    ov->ninsts = ni;
    cap = reserve_pairs(g, ov);
    ov->isize = malloc(((size_t)ni + 1) * sizeof(int));
    ov->first = calloc((size_t)ni + 1, sizeof(size_t));     /* counts, then where each starts */
    if (!cnt || !seen || !ov->isize || !ov->first)
        rc = -1;
    for (a = 0; a < ni && rc == 0; a++)
        ov->isize[a] = nm_graph_isize(g, a);
    if (rc == 0)
        rc = all_pairs(g, ov, &cap, &nest, cnt, seen, exec, user);
    for (a = 0; a < ni && rc == 0; a++)
        ov->first[a + 1] += ov->first[a];
    free(cnt);
    free(seen);
    if (rc == 0 && ov->npairs < cap) {     /* give back the unused reserve */
        nm_overlap_pair *np = realloc(ov->pairs, (ov->npairs ? ov->npairs : 1) * sizeof(*np));
        if (np)
            ov->pairs = np;
    }
    if (rc == 0)
        rc = build_hasse(ov, &nest, ni);
    free(nest.v);
    if (rc < 0) {
        nm_overlap_destroy(ov);
        nm_diag_error(d, NULL, 0, "out of memory computing institution overlap");
        return NM_ENOMEM;
    }
    ov->laminar = ov->nrel[NM_REL_OVERLAPPING] == 0;
    ov->disjoint = (long)ni * (ni - 1) / 2 - (long)ov->npairs;
    ov->nrel[NM_REL_DISJOINT] = ov->disjoint;
    return NM_OK;
}

nm_status nm_overlap_compute(const nm_graph *g, nm_overlap *ov, nm_diag *d)
{
    return nm_overlap_compute_exec(g, ov, NULL, NULL, d);
}

int nm_overlap_pair_a(const nm_overlap *ov, size_t k)
{
    int lo = 0, hi = ov->ninsts;    /* first[lo] <= k < first[hi] */

    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (ov->first[mid] <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void nm_overlap_destroy(nm_overlap *ov)
{
    free(ov->pairs);
    free(ov->first);
    free(ov->hasse);
    free(ov->isize);
    memset(ov, 0, sizeof(*ov));
}

/* ---- report section ---- */

static const char *inst_id(const nm_graph *g, int i)
{
    return nm_graph_inst(g, i)->id;
}

/* What a row reads of each of its two institutions (b at random), in one
 * place: its id as a CSV field and as text, and its size. */
typedef struct {
    uint32_t at, len;   /* its id's CSV field: csvbuf[at .. at + len) */
    uint32_t tat, tlen; /* its id: idbuf[tat .. tat + tlen) */
    int width;          /* the id's text width */
    int size;           /* |I| */
} pairs_inst;

/* The overlap table is a view of the pairs (nm_table_new_view): a row is
 * formatted from its pair when written, so the table costs no cells. The
 * institutions' ids are copied next to each other once: a row's b is at
 * random, and the data set's records and strings, spread over megabytes,
 * missed the cache on every row (xlarge: 49 M rows, half the time of
 * writing them). */
typedef struct {
    nm_overlap ov;      /* its pairs and sizes; the Hasse edges are freed before */
    char *idbuf;        /* the institutions' ids, each after the last */
    pairs_inst *inst;   /* [ninsts] each one's id, width and size */
    char *csvbuf;       /* the ids as CSV fields (quoted where they need it) */
    size_t mostcsv, mostid;     /* the longest id's bytes in each */
    size_t rellen[4];   /* strlen of each nm_relation_name */
} pairs_src;

/* The institution a of row r: the writers read rows in order, so each
 * thread first tries where its last row was and the few after it. */
static int row_a(const nm_overlap *ov, size_t r)
{
    static _Thread_local struct { const nm_overlap *ov; int a; } last;
    int a = last.ov == ov ? last.a : ov->ninsts, k;

    for (k = 0; k < 8 && a < ov->ninsts && ov->first[a] <= r && r >= ov->first[a + 1]; k++)
        a++;
    if (k == 8 || a >= ov->ninsts || ov->first[a] > r)
        a = nm_overlap_pair_a(ov, r);
    last.ov = ov;
    last.a = a;
    return a;
}

/* The institution of row r given a, that of an earlier row. */
static int next_a(const nm_overlap *ov, int a, size_t r)
{
    while (ov->first[a + 1] <= r)
        a++;
    return a;
}

static void pairs_row(const void *src, size_t r, nm_cell *c)
{
    const pairs_src *ps = src;
    const nm_overlap_pair *p = &ps->ov.pairs[r];
    int a = row_a(&ps->ov, r);

    nm_cell_str(&c[0], ps->idbuf + ps->inst[a].tat);
    nm_cell_str(&c[1], ps->idbuf + ps->inst[p->b].tat);
    nm_cell_int(&c[2], p->shared);
    nm_cell_num(&c[3], nm_overlap_jaccard(&ps->ov, a, p));
    nm_cell_num(&c[4], nm_overlap_contain_a(&ps->ov, a, p));
    nm_cell_num(&c[5], nm_overlap_contain_b(&ps->ov, p));
    nm_cell_str(&c[6], nm_relation_name(nm_overlap_rel(&ps->ov, a, p)));
}

/* The text widths of rows [from, to) (nm_table_widths_fn) from one pass over
 * their pairs, without formatting them: the ids' widths are known, a count's
 * is its digits, and the ratios, in [0, 1] (shared is at most either size),
 * all print in 4 decimals as 1's does, "0.xxxx" or "1.0000". */
static void pairs_widths(const void *src, size_t from, size_t to, size_t *w, int *num)
{
    const pairs_src *ps = src;
    const nm_overlap_pair *p = ps->ov.pairs;
    char buf[NM_FMT_BUFSIZE];
    size_t r, wa = 0, wb = 0, c;
    unsigned rels = 0;
    long most = 0;
    int k, a = from < to ? nm_overlap_pair_a(&ps->ov, from) : 0;

    for (r = from; r < to; r++) {
        a = next_a(&ps->ov, a, r);
        if ((size_t)ps->inst[a].width > wa)
            wa = (size_t)ps->inst[a].width;
        if ((size_t)ps->inst[p[r].b].width > wb)
            wb = (size_t)ps->inst[p[r].b].width;
        if (p[r].shared > most)
            most = p[r].shared;
        rels |= 1u << nm_overlap_rel(&ps->ov, a, &p[r]);
    }
    w[0] = wa > w[0] ? wa : w[0];
    w[1] = wb > w[1] ? wb : w[1];
    c = nm_fmt_int(buf, most);
    w[2] = c > w[2] ? c : w[2];
    c = nm_fmt_fixed(buf, 1.0, 4);
    for (k = 3; k <= 5; k++)
        w[k] = c > w[k] ? c : w[k];
    for (k = NM_REL_DISJOINT; k <= NM_REL_IDENTICAL; k++)
        if (rels >> k & 1u) {
            c = nm_table_str_width(nm_relation_name((nm_relation)k));
            w[6] = c > w[6] ? c : w[6];
        }
    num[0] = num[1] = num[6] = 0;
}

/* ---- the overlap table's rows written without cells ---- */

/* A ratio as the table's writers write it: nm_fmt_fixed(x, 4) for text,
 * nm_fmt_g(x, 15) for CSV, through a memo of one of the two. */
static size_t ratio_text(char *buf, double x, size_t arg)
{
    (void)arg;
    return nm_fmt_fixed(buf, x, 4);
}

static size_t ratio_csv(char *buf, double x, size_t arg)
{
    (void)arg;
    return nm_fmt_g(buf, x, 15);
}

/* Writes ratio x at p (room for NM_FMT_BUFSIZE bytes). Returns the length. */
static size_t put_ratio(nm_fmt_slot *memo, char *p, double x, int text)
{
    size_t n;
    const char *v = nm_fmt_memo(memo, x, p, text ? ratio_text : ratio_csv, 0, &n);

    if (v != p)
        memcpy(p, v, sizeof(memo->s));      /* the whole slot: a copy of fixed size */
    return n;
}

/* The cells of a row as bytes: a's and b's ids, the count, the three
 * ratios and the relation's name. */
typedef struct {
    const pairs_inst *a, *b;
    const char *rel;
    size_t rellen;
} pairs_line;

static void line_of(const pairs_src *ps, int a, size_t r, pairs_line *l, double *ratio)
{
    const nm_overlap_pair *x = &ps->ov.pairs[r];
    nm_relation rel;

    l->a = &ps->inst[a];
    l->b = &ps->inst[x->b];
    rel = nm_relation_of(x->shared, l->a->size, l->b->size);
    l->rel = nm_relation_name(rel);
    l->rellen = ps->rellen[rel];
    ratio[0] = (double)x->shared / (double)(l->a->size + l->b->size - x->shared);
    ratio[1] = (double)x->shared / l->a->size;
    ratio[2] = (double)x->shared / l->b->size;
}

/* Row r's CSV line at p (room for pairs_room bytes), the bytes csv_rows
 * writes for the cells of pairs_row. Returns its length. */
static size_t csv_line(const pairs_src *ps, nm_fmt_slot *memo, int a, size_t r, char *p)
{
    pairs_line l;
    double ratio[3];
    char *q = p;
    int k;

    line_of(ps, a, r, &l, ratio);
    memcpy(q, ps->csvbuf + l.a->at, l.a->len);
    q += l.a->len;
    *q++ = ',';
    memcpy(q, ps->csvbuf + l.b->at, l.b->len);
    q += l.b->len;
    *q++ = ',';
    q += nm_fmt_int(q, ps->ov.pairs[r].shared);
    for (k = 0; k < 3; k++) {
        *q++ = ',';
        q += put_ratio(memo, q, ratio[k], 0);
    }
    *q++ = ',';
    memcpy(q, l.rel, l.rellen);
    q += l.rellen;
    *q++ = '\n';
    return (size_t)(q - p);
}

/* s (len bytes, width characters) at q, padded with spaces to want
 * characters, on the left when right. Returns the end. */
static char *pad_at(char *q, const char *s, size_t len, size_t width, size_t want, int right)
{
    size_t fill = width < want ? want - width : 0;

    if (right) {
        memset(q, ' ', fill);
        q += fill;
    }
    memcpy(q, s, len);
    q += len;
    if (!right) {
        memset(q, ' ', fill);
        q += fill;
    }
    return q;
}

/* Row r's text line at p for column widths w and numeric flags num, the
 * bytes write_rows_text writes for the cells of pairs_row: each cell after
 * two spaces, padded to its column's width (numeric columns on the left),
 * the last one only when numeric. Returns its length. */
static size_t text_line(const pairs_src *ps, nm_fmt_slot *memo, int a, size_t r, char *p,
                        const size_t *w, const int *num)
{
    char buf[NM_FMT_BUFSIZE];
    pairs_line l;
    double ratio[3];
    char *q = p;
    size_t n;
    int k;

    line_of(ps, a, r, &l, ratio);
    q = pad_at(q, ps->idbuf + l.a->tat, l.a->tlen, (size_t)l.a->width, w[0], num[0]);
    memcpy(q, "  ", 2);
    q = pad_at(q + 2, ps->idbuf + l.b->tat, l.b->tlen, (size_t)l.b->width, w[1], num[1]);
    n = nm_fmt_int(buf, ps->ov.pairs[r].shared);
    memcpy(q, "  ", 2);
    q = pad_at(q + 2, buf, n, n, w[2], num[2]);
    for (k = 0; k < 3; k++) {
        n = put_ratio(memo, buf, ratio[k], 1);
        memcpy(q, "  ", 2);
        q = pad_at(q + 2, buf, n, n, w[3 + k], num[3 + k]);
    }
    memcpy(q, "  ", 2);
    q = pad_at(q + 2, l.rel, l.rellen, l.rellen, num[6] ? w[6] : 0, num[6]);
    *q++ = '\n';
    return (size_t)(q - p);
}

/* Room for one line: the ids, the numbers' formatting, the padding (w, for
 * text) and the separators. */
static size_t pairs_room(const pairs_src *ps, const size_t *w)
{
    size_t n = 2 * (ps->mostcsv > ps->mostid ? ps->mostcsv : ps->mostid) + 4 * (size_t)NM_FMT_BUFSIZE + 64;
    int c;

    for (c = 0; w && c < 7; c++)
        n += w[c];
    return n;
}

/* Rows [from, to) into out in CSV (w NULL) or text, through a buffer of
 * their own written in blocks of at least 64 KiB. Returns 0 or -1. */
static int pairs_lines(const pairs_src *ps, FILE *out, size_t from, size_t to, const size_t *w,
                       const int *num)
{
    size_t room = pairs_room(ps, w), cap = 65536 + room, n = 0, r;
    char *b = malloc(cap);
    nm_fmt_slot *memo = calloc(NM_FMT_MEMO, sizeof(*memo));
    int a = from < to ? nm_overlap_pair_a(&ps->ov, from) : 0;

    if (!b || !memo) {
        free(b);
        free(memo);
        return -1;
    }
    flockfile(out);
    for (r = from; r < to; r++) {
        if (n + room > cap) {
            fwrite_unlocked(b, 1, n, out);
            n = 0;
        }
        a = next_a(&ps->ov, a, r);
        n += w ? text_line(ps, memo, a, r, b + n, w, num) : csv_line(ps, memo, a, r, b + n);
    }
    fwrite_unlocked(b, 1, n, out);
    funlockfile(out);
    free(b);
    free(memo);
    return 0;
}

static int pairs_csv(const void *src, FILE *out, size_t from, size_t to)
{
    return pairs_lines(src, out, from, to, NULL, NULL);
}

static int pairs_text(const void *src, FILE *out, size_t from, size_t to, const size_t *w,
                      const int *num)
{
    return pairs_lines(src, out, from, to, w, num);
}

/* ps->inst and ps->csvbuf: each id as nm_csv_write_field writes it, as
 * text (at its place in idbuf) with its width, and its institution's size;
 * and the relations' names' lengths.
 * Returns 0 or -1. */
static int pairs_line_ids(pairs_src *ps, const nm_graph *g)
{
    size_t len = 0;
    FILE *m = open_memstream(&ps->csvbuf, &len);
    size_t tat = 0, tlen;
    long at = 0, end;
    int i, ok;

    for (i = 0; i < 4; i++)
        ps->rellen[i] = strlen(nm_relation_name((nm_relation)i));
    ps->inst = malloc(((size_t)g->ninsts + 1) * sizeof(*ps->inst));
    ok = m && ps->inst;
    for (i = 0; ok && i < g->ninsts; i++, at = end, tat += tlen + 1) {
        const char *id = ps->idbuf + tat;
        tlen = strlen(id);
        nm_csv_write_field(m, id);
        end = ftell(m);
        ok = end >= at && end <= (long)UINT32_MAX && tat <= UINT32_MAX;
        ps->inst[i] = (pairs_inst){ (uint32_t)at, (uint32_t)(end - at), (uint32_t)tat,
                                    (uint32_t)tlen, (int)nm_table_str_width(id),
                                    ps->ov.isize[i] };
        if ((size_t)(end - at) > ps->mostcsv)
            ps->mostcsv = (size_t)(end - at);
        if (tlen > ps->mostid)
            ps->mostid = tlen;
    }
    if (m && fclose(m) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

static void pairs_free(void *src)
{
    pairs_src *ps = src;

    nm_overlap_destroy(&ps->ov);
    free(ps->idbuf);
    free(ps->inst);
    free(ps->csvbuf);
    free(ps);
}

/* ps->idbuf: the ids of g's institutions in one block, in order. */
static int pairs_ids(pairs_src *ps, const nm_graph *g)
{
    size_t len = 0, at = 0;
    int i;

    for (i = 0; i < g->ninsts; i++)
        len += strlen(inst_id(g, i)) + 1;
    if (!(ps->idbuf = malloc(len + 1)))
        return -1;
    for (i = 0; i < g->ninsts; i++) {
        size_t n = strlen(inst_id(g, i)) + 1;
        memcpy(ps->idbuf + at, inst_id(g, i), n);
        at += n;
    }
    return 0;
}

/* Takes ov's pairs (ov is left empty), also on failure. */
static nm_table *pairs_table(const nm_graph *g, nm_overlap *ov)
{
    static const char *const cols[] = { "a", "b", "shared", "jaccard", "contain_a", "contain_b",
                                        "relation" };
    pairs_src *ps = calloc(1, sizeof(*ps));
    nm_table *t;

    if (!ps || pairs_ids(ps, g) < 0) {
        nm_overlap_destroy(ov);
        if (ps)
            pairs_free(ps);
        return NULL;
    }
    ps->ov = *ov;
    memset(ov, 0, sizeof(*ov));
    if (pairs_line_ids(ps, g) < 0) {
        pairs_free(ps);
        return NULL;
    }
    t = nm_table_new_view("overlap", "Overlap between institutions (pairs sharing a member)",
                          NM_TABLE_ARRAY, 7, cols, ps->ov.npairs, pairs_row, ps, pairs_free);
    if (t) {
        nm_table_set_widths(t, pairs_widths);
        nm_table_set_csv(t, pairs_csv);
        nm_table_set_text(t, pairs_text);
    }
    return t;
}

static nm_table *summary_table(const nm_graph *g, const nm_overlap *ov)
{
    static const char *const cols[] = { "institutions", "pairs", "sharing", "overlapping", "nested",
                                        "identical", "disjoint", "laminar" };
    nm_table *t = nm_table_new("overlap_summary", "Overlap summary", NM_TABLE_OBJECT, 8, cols);
    const long *n = ov->nrel;
    long r;

    if (!t || (r = nm_table_add_row(t)) < 0) {
        nm_table_free(t);
        return NULL;
    }
    nm_table_int(t, r, 0, g->ninsts);
    nm_table_int(t, r, 1, (long long)g->ninsts * (g->ninsts - 1) / 2);
    nm_table_int(t, r, 2, (long long)ov->npairs);
    nm_table_int(t, r, 3, n[NM_REL_OVERLAPPING]);
    nm_table_int(t, r, 4, n[NM_REL_NESTED]);
    nm_table_int(t, r, 5, n[NM_REL_IDENTICAL]);
    nm_table_int(t, r, 6, ov->disjoint);
    nm_table_bool(t, r, 7, ov->laminar);
    if (nm_table_set_note(t, ov->laminar ? "laminar: every pair is nested, identical or disjoint"
                                         : "not laminar: some pairs overlap without nesting") < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

static nm_table *hasse_table(const nm_graph *g, const nm_overlap *ov)
{
    static const char *const cols[] = { "lower", "upper" };
    nm_table *t = nm_table_new("hasse", "Containment hierarchy (Hasse diagram edges)",
                               NM_TABLE_ARRAY, 2, cols);
    size_t k;

    for (k = 0; t && k < ov->nhasse; k++) {
        long r = nm_table_add_row(t);
        if (r < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_str_ref(t, r, 0, inst_id(g, ov->hasse[k][0]));
        nm_table_str_ref(t, r, 1, inst_id(g, ov->hasse[k][1]));
    }
    return t;
}

nm_status nm_section_overlap(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    nm_table *sum, *hasse;
    nm_overlap ov;
    nm_status s;
    int ok;

    if ((s = nm_overlap_compute_exec(g, &ov, o ? o->pair_exec : NULL, o ? o->pair_arg : NULL, d))
        != NM_OK)
        return s;
    sum = summary_table(g, &ov);
    hasse = hasse_table(g, &ov);
    free(ov.hasse);
    ov.hasse = NULL;
    ov.nhasse = 0;
    /* nm_report_add frees what it cannot add; pairs_table takes ov's pairs */
    ok = sum && hasse && nm_report_add(r, pairs_table(g, &ov)) == 0;
    if (ok) {
        ok = nm_report_add(r, sum) == 0;
        sum = NULL;
    }
    if (ok) {
        ok = nm_report_add(r, hasse) == 0;
        hasse = NULL;
    }
    nm_table_free(sum);
    nm_table_free(hasse);
    nm_overlap_destroy(&ov);
    if (!ok) {
        nm_diag_error(d, NULL, 0, "out of memory building the overlap tables");
        return NM_ENOMEM;
    }
    return NM_OK;
}
