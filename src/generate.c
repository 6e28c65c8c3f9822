/* generate.c - synthetic heavy-tailed membership data sets (see nm_generate.h). */
#include "nm_generate.h"
#include "nm_atomic.h"
#include "nm_rng.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- randomness: splitmix64 (nm_rng.h) ---- */
typedef struct { uint64_t s; } gen_rng;

static uint64_t rng_below(gen_rng *r, uint64_t n) { return nm_splitmix_below(&r->s, n); }
static double rng_unit(gen_rng *r) { return nm_splitmix_unit(&r->s); }

/* ---- sizes ---- */

void nm_gen_opts_init(nm_gen_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->states = 200;
    o->insts = 300;
    o->mean = 25;
    o->inst_exponent = 1.0;
    o->state_exponent = 0.6;
}

long nm_gen_total(const nm_gen_opts *o, nm_diag *d)
{
    double m;

    if (o->states < 1 || o->insts < 1 || o->states > 100000000L || o->insts > 100000000L) {
        nm_diag_error(d, NULL, 0, "generate: states and institutions must be from 1 to 100000000");
        return -1;
    }
    if (!(o->mean > 0) || !isfinite(o->mean) || !(o->inst_exponent >= 0) ||
        !(o->inst_exponent <= 10) || !(o->state_exponent >= 0) || !(o->state_exponent < 1)) {
        nm_diag_error(d, NULL, 0, "generate: mean must be positive, exponents in range");
        return -1;
    }
    m = round((double)o->states * o->mean);
    if (m < (double)o->insts || m > (double)o->states * (double)o->insts || m > 2e9) {
        nm_diag_error(d, NULL, 0, "generate: %.0f memberships cannot fill %ld institutions of at "
                      "most %ld states (need institutions <= states * mean <= states * "
                      "institutions, and at most 2e9)", m, o->insts, o->states);
        return -1;
    }
    return (long)m;
}

/* Sum of clamp(c * w_k, 1, S). */
static double size_sum(const double *w, long n, double c, double cap)
{
    double sum = 0, x;
    long k;

    for (k = 0; k < n; k++) {
        x = c * w[k];
        sum += x < 1 ? 1 : x > cap ? cap : x;
    }
    return sum;
}

typedef struct { double frac; long k; } gen_rem;

static int rem_cmp(const void *a, const void *b)
{
    const gen_rem *x = a, *y = b;

    if (x->frac != y->frac)
        return x->frac > y->frac ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* Rounds the real sizes c * w_k (clamped) to integers summing to total. */
static nm_status round_sizes(const double *w, long n, double c, long cap, long total, long *sizes)
{
    gen_rem *rem = malloc((size_t)n * sizeof(*rem));
    long k, left = total;
    double x;

    if (!rem)
        return NM_ENOMEM;
    for (k = 0; k < n; k++) {
        x = c * w[k];
        x = x < 1 ? 1 : x > (double)cap ? (double)cap : x;
        sizes[k] = (long)floor(x);
        rem[k].frac = x - (double)sizes[k];
        rem[k].k = k;
        left -= sizes[k];
    }
    qsort(rem, (size_t)n, sizeof(*rem), rem_cmp);
    while (left > 0)            /* terminates: total <= cap * n */
        for (k = 0; k < n && left > 0; k++)
            if (sizes[rem[k].k] < cap) {
                sizes[rem[k].k]++;
                left--;
            }
    free(rem);
    return NM_OK;
}

nm_status nm_gen_sizes(const nm_gen_opts *o, long *sizes, nm_diag *d)
{
    long total = nm_gen_total(o, d), k;
    double *w, lo = 0, hi, mid, cap = (double)o->states;
    nm_status s;
    int it;

    if (total < 0)
        return NM_EUSAGE;
    if (!(w = malloc((size_t)o->insts * sizeof(*w))))
        return NM_ENOMEM;
    for (k = 0; k < o->insts; k++)
        w[k] = pow((double)(k + 1), -o->inst_exponent);
    hi = cap / w[o->insts - 1];         /* every size at the cap */
    for (it = 0; it < 200 && hi - lo > hi * 1e-15; it++) {
        mid = lo + (hi - lo) / 2;
        if (size_sum(w, o->insts, mid, cap) <= (double)total)
            lo = mid;
        else
            hi = mid;
    }
    s = round_sizes(w, o->insts, lo, o->states, total, sizes);
    free(w);
    return s;
}

/* ---- state weights: Walker's alias table ---- */

typedef struct {
    long n;
    double *prob;
    int *alias;
} gen_alias;

static void alias_destroy(gen_alias *a)
{
    free(a->prob);
    free(a->alias);
    a->prob = NULL;
    a->alias = NULL;
}

/* Weights (perm[s] + 1)^-b, perm a seeded permutation of 0..n-1. */
static nm_status alias_init(gen_alias *a, long n, double b, gen_rng *r)
{
    int *perm = malloc((size_t)n * sizeof(int)), *small = NULL, *large = NULL;
    long i, j, ns = 0, nl = 0;
    double sum = 0;
    int t;

    a->n = n;
    a->prob = malloc((size_t)n * sizeof(double));
    a->alias = malloc((size_t)n * sizeof(int));
    if (perm) {
        small = malloc((size_t)n * sizeof(int));
        large = malloc((size_t)n * sizeof(int));
    }
    if (!perm || !a->prob || !a->alias || !small || !large) {
        free(perm); free(small); free(large);
        alias_destroy(a);
        return NM_ENOMEM;
    }
    for (i = 0; i < n; i++)
        perm[i] = (int)i;
    for (i = n - 1; i > 0; i--) {           /* Fisher-Yates */
        j = (long)rng_below(r, (uint64_t)i + 1);
        t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (i = 0; i < n; i++)
        sum += (a->prob[i] = pow((double)perm[i] + 1, -b));
    for (i = 0; i < n; i++) {
        a->prob[i] *= (double)n / sum;
        a->alias[i] = (int)i;
        if (a->prob[i] < 1) small[ns++] = (int)i;
        else large[nl++] = (int)i;
    }
    while (ns > 0 && nl > 0) {              /* Vose's construction */
        int s = small[--ns], l = large[nl - 1];

        a->alias[s] = l;
        a->prob[l] -= 1 - a->prob[s];
        if (a->prob[l] < 1) { nl--; small[ns++] = l; }
    }
    while (nl > 0) a->prob[large[--nl]] = 1;
    while (ns > 0) a->prob[small[--ns]] = 1;
    free(perm); free(small); free(large);
    return NM_OK;
}

static long alias_draw(const gen_alias *a, gen_rng *r)
{
    long i = (long)rng_below(r, (uint64_t)a->n);

    return rng_unit(r) < a->prob[i] ? i : a->alias[i];
}

/* ---- output ---- */

static int digits(long n)
{
    int k = 1;

    while (n >= 10) { n /= 10; k++; }
    return k;
}

/* Writes prefix and v zero-padded to width into p; returns the end. */
static char *put_id(char *p, char prefix, long v, int width)
{
    int k;

    *p++ = prefix;
    for (k = width - 1; k >= 0; k--, v /= 10)
        p[k] = (char)('0' + v % 10);
    return p + width;
}

static const char *const gen_regions[] = { "Africa", "Americas", "Asia-Pacific", "Europe",
                                           "Middle East" };
static const char *const gen_types[] = { "collective-defence", "collective-security", "concert",
                                         "cooperative-security", "economic", "other" };

typedef struct {
    const nm_gen_opts *o;
    const char *dir;
    int sw, iw;             /* id widths */
    gen_rng rng;
    nm_diag *d;
} gen_ctx;

/* Opens dir/name atomically. */
static nm_status open_file(gen_ctx *g, const char *name, nm_atomic *a)
{
    char path[4200];
    nm_status s;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", g->dir, name) >= sizeof(path)) {
        nm_diag_error(g->d, g->dir, 0, "path too long");
        return NM_EIO;
    }
    s = nm_atomic_open(a, path, g->d);
    if (s == NM_OK)
        setvbuf(a->fp, NULL, _IOFBF, 1 << 20);
    return s;
}

static nm_status close_file(gen_ctx *g, nm_atomic *a)
{
    if (ferror(a->fp)) {
        nm_diag_error(g->d, a->path, 0, "write error");
        nm_atomic_abort(a);
        return NM_EIO;
    }
    return nm_atomic_commit(a, g->d);
}

/* A state's row after its id. */
static void state_row(gen_ctx *g, FILE *f, long v)
{
    fprintf(f, ",Synthetic state %ld,%s\n", v + 1, gen_regions[rng_below(&g->rng, 5)]);
}

/* An institution's row after its id. */
static void inst_row(gen_ctx *g, FILE *f, long k)
{
    fprintf(f, ",Synthetic institution %ld,%s,%d,%s,%d\n", k + 1,
            gen_types[rng_below(&g->rng, 6)], rng_below(&g->rng, 10) == 0 ? 2 : 1,
            gen_regions[rng_below(&g->rng, 5)], 1945 + (int)rng_below(&g->rng, 70));
}

/* states.csv or institutions.csv: the header, then n rows, each an id
 * (prefix and number, width digits) and what row writes after it. */
static nm_status write_list(gen_ctx *g, const char *file, const char *header, char prefix, long n,
                            int width, void (*row)(gen_ctx *, FILE *, long))
{
    nm_atomic a;
    nm_status s = open_file(g, file, &a);
    char id[32];
    long i;

    if (s != NM_OK)
        return s;
    fputs(header, a.fp);
    for (i = 0; i < n; i++) {
        *put_id(id, prefix, i + 1, width) = '\0';
        fputs(id, a.fp);
        row(g, a.fp, i);
    }
    return close_file(g, &a);
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

typedef struct {
    int *stamp;             /* [S] last institution (+1) that touched a state */
    int *buf;               /* [S/2 + 1] members drawn */
    int *deg;               /* [S] memberships per state */
    gen_alias alias;
} gen_work;

/* Marks institution k's n members in w->stamp with tag k + 1 and returns
 * 1, or marks the S - n left out and returns 0 (complement). Also leaves
 * the drawn members in w->buf when it returns 1. */
static int draw_members(gen_ctx *g, gen_work *w, long k, long n)
{
    long S = g->o->states, got = 0, v;
    int tag = (int)k + 1;

    if (n > S / 2) {
        while (got < S - n) {
            v = (long)rng_below(&g->rng, (uint64_t)S);
            if (w->stamp[v] != tag) { w->stamp[v] = tag; got++; }
        }
        return 0;
    }
    while (got < n) {
        v = alias_draw(&w->alias, &g->rng);
        if (w->stamp[v] != tag) { w->stamp[v] = tag; w->buf[got++] = (int)v; }
    }
    return 1;
}

static void put_row(FILE *fp, const gen_ctx *g, long v, const char *inst, size_t ilen)
{
    char line[64], *p = put_id(line, 'S', v + 1, g->sw);

    *p++ = ',';
    memcpy(p, inst, ilen);
    p += ilen;
    *p++ = '\n';
    fwrite_unlocked(line, 1, (size_t)(p - line), fp);
}

/* Writes institution k's rows, members in ascending order. */
static void write_inst_rows(FILE *fp, gen_ctx *g, gen_work *w, long k, long n)
{
    long S = g->o->states, v, j;
    int tag = (int)k + 1, listed = draw_members(g, w, k, n);
    char inst[32];
    size_t ilen = (size_t)(put_id(inst, 'I', k + 1, g->iw) - inst);

    if (listed && (double)n * log2((double)n + 1) < (double)S) {
        qsort(w->buf, (size_t)n, sizeof(int), int_cmp);
        for (j = 0; j < n; j++) {
            put_row(fp, g, w->buf[j], inst, ilen);
            w->deg[w->buf[j]]++;
        }
        return;
    }
    for (v = 0; v < S; v++)     /* scan: members are stamped (listed) or not (complement) */
        if ((w->stamp[v] == tag) == listed) {
            put_row(fp, g, v, inst, ilen);
            w->deg[v]++;
        }
}

static void fill_stats(const gen_ctx *g, const long *sizes, const gen_work *w, nm_gen_stats *st)
{
    long k;

    memset(st, 0, sizeof(*st));
    for (k = 0; k < g->o->insts; k++) {
        st->memberships += sizes[k];
        if (sizes[k] > st->largest) st->largest = sizes[k];
        st->universal += sizes[k] == g->o->states;
        st->singletons += sizes[k] == 1;
    }
    for (k = 0; k < g->o->states; k++) {
        st->idle_states += w->deg[k] == 0;
        if (w->deg[k] > st->max_degree) st->max_degree = w->deg[k];
    }
}

static nm_status write_memberships(gen_ctx *g, const long *sizes, nm_gen_stats *st)
{
    long S = g->o->states, k;
    gen_work w;
    nm_atomic a;
    nm_status s;

    memset(&w, 0, sizeof(w));
    w.stamp = calloc((size_t)S, sizeof(int));
    w.deg = calloc((size_t)S, sizeof(int));
    w.buf = malloc(((size_t)S / 2 + 1) * sizeof(int));
    s = (w.stamp && w.deg && w.buf) ? alias_init(&w.alias, S, g->o->state_exponent, &g->rng)
                                    : NM_ENOMEM;
    if (s == NM_OK && (s = open_file(g, "memberships.csv", &a)) == NM_OK) {
        fputs("state,institution\n", a.fp);
        for (k = 0; k < g->o->insts; k++)
            write_inst_rows(a.fp, g, &w, k, sizes[k]);
        s = close_file(g, &a);
    }
    if (s == NM_OK && st)
        fill_stats(g, sizes, &w, st);
    alias_destroy(&w.alias);    /* also when open_file failed after alias_init */
    free(w.stamp); free(w.deg); free(w.buf);
    return s;
}

/* ---- the data set ---- */

static nm_status write_all(gen_ctx *g, nm_gen_stats *st)
{
    long *sizes = calloc((size_t)g->o->insts, sizeof(long));   /* nm_gen_sizes fills all */
    nm_status s;

    if (!sizes)
        return NM_ENOMEM;
    g->sw = digits(g->o->states);
    g->iw = digits(g->o->insts);
    s = nm_gen_sizes(g->o, sizes, g->d);
    if (s == NM_OK)
        s = write_list(g, "states.csv", "id,name,region\n", 'S', g->o->states, g->sw, state_row);
    if (s == NM_OK)
        s = write_list(g, "institutions.csv", "id,name,type,track,region,founded\n", 'I',
                       g->o->insts, g->iw, inst_row);
    if (s == NM_OK)
        s = write_memberships(g, sizes, st);
    free(sizes);
    return s;
}

static void remove_tmpdir(const char *tmp)
{
    static const char *const files[] = { "memberships.csv", "states.csv", "institutions.csv" };
    char p[4400];
    size_t i;

    for (i = 0; i < 3; i++)
        if ((size_t)snprintf(p, sizeof(p), "%s/%s", tmp, files[i]) < sizeof(p))
            unlink(p);
    rmdir(tmp);
}

nm_status nm_generate(const nm_gen_opts *o, const char *dir, nm_gen_stats *st, nm_diag *d)
{
    gen_ctx g;
    struct stat sb;
    char tmp[4200];
    nm_status s;

    if (nm_gen_total(o, d) < 0)
        return NM_EUSAGE;
    memset(&g, 0, sizeof(g));
    g.o = o;
    g.d = d;
    g.rng.s = o->seed;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) {
            nm_diag_error(d, dir, 0, "exists and is not a directory");
            return NM_EIO;
        }
        g.dir = dir;
        return write_all(&g, st);
    }
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", dir) >= sizeof(tmp) || !mkdtemp(tmp)) {
        nm_diag_error(d, dir, 0, "cannot create directory: %s", strerror(errno));
        return NM_EIO;
    }
    (void)chmod(tmp, 0755);
    g.dir = tmp;
    s = write_all(&g, st);
    if (s == NM_OK && rename(tmp, dir) != 0) {
        nm_diag_error(d, dir, 0, "cannot create directory: %s", strerror(errno));
        s = NM_EIO;
    }
    if (s != NM_OK)
        remove_tmpdir(tmp);
    return s;
}
