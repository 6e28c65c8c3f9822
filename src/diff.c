/* diff.c - two data sets compared year by year (nm_diff.h). */
#include "nm_diff.h"
#include "nm_mem.h"
#include "nm_csv.h"

#include <stdlib.h>
#include <string.h>

/* ---- institution-id map ---- */

void nm_idmap_destroy(nm_idmap *m)
{
    size_t i;

    for (i = 0; i < m->n; i++) {
        free(m->e[i].a); free(m->e[i].b); free(m->e[i].note);
    }
    free(m->e);
    m->e = NULL;
    m->n = 0;
}

const nm_idmap_entry *nm_idmap_find_a(const nm_idmap *m, const char *a)
{
    size_t i;

    for (i = 0; m && i < m->n; i++)
        if (strcmp(m->e[i].a, a) == 0)
            return &m->e[i];
    return NULL;
}

const nm_idmap_entry *nm_idmap_find_b(const nm_idmap *m, const char *b)
{
    size_t i;

    for (i = 0; m && *b && i < m->n; i++)
        if (strcmp(m->e[i].b, b) == 0)
            return &m->e[i];
    return NULL;
}

/* Checks row i of m against the rows before it. */
static void idmap_check(const nm_idmap *m, size_t i, const char *path, nm_diag *d)
{
    const nm_idmap_entry *e = &m->e[i];
    size_t j;

    if (*e->a == '\0')
        nm_diag_error(d, path, e->line, "empty institution id in column 'a'");
    for (j = 0; j < i; j++) {
        if (strcmp(m->e[j].a, e->a) == 0)
            nm_diag_error(d, path, e->line, "'%s' mapped twice (also line %ld)", e->a, m->e[j].line);
        else if (*e->b && strcmp(m->e[j].b, e->b) == 0)
            nm_diag_error(d, path, e->line, "'%s' is the target of two ids (also line %ld)", e->b,
                          m->e[j].line);
    }
}

nm_status nm_idmap_load(nm_idmap *m, const char *path, nm_diag *d)
{
    nm_csv_opts co = { 0, 1, 0, 0 };
    nm_csv t;
    nm_status s = nm_csv_read(&t, path, path, &co, d);
    int ca, cb, cn, errors0 = d ? d->errors : 0;
    size_t i;

    m->e = NULL;
    m->n = 0;
    if (s != NM_OK)
        return s;
    ca = nm_csv_col(&t, "a"); cb = nm_csv_col(&t, "b"); cn = nm_csv_col(&t, "note");
    if (ca < 0 || cb < 0) {
        nm_diag_error(d, path, 1, "an id map needs the columns a and b");
        nm_csv_destroy(&t);
        return NM_EDATA;
    }
    m->e = calloc(t.nrows + 1, sizeof(*m->e));
    for (i = 0; m->e && i < t.nrows; i++, m->n++) {
        nm_idmap_entry *e = &m->e[i];
        e->a = strdup(nm_csv_get(&t.rows[i], ca));
        e->b = strdup(nm_csv_get(&t.rows[i], cb));
        e->note = strdup(nm_csv_get(&t.rows[i], cn));
        e->line = t.rows[i].line;
        if (!e->a || !e->b || !e->note) {
            m->n++;
            s = NM_ENOMEM;
            break;
        }
        idmap_check(m, i, path, d);
    }
    nm_csv_destroy(&t);
    if (!m->e)
        s = NM_ENOMEM;
    if (s == NM_OK && d && d->errors > errors0)
        s = NM_EDATA;
    if (s != NM_OK)
        nm_idmap_destroy(m);
    return s;
}

/* ---- coverage and pairing ---- */

const char *nm_diff_cell_name(nm_diff_cell c)
{
    static const char *const names[] = { "absent", "no-state", "n/a", "missing", "no", "yes" };

    return (unsigned)c <= NM_DIFF_IN ? names[c] : "?";
}

void nm_diff_coverage(const nm_dataset *ds, int *first, int *last)
{
    size_t i;

    if (ds->format != NM_FORMAT_COW) {
        nm_dataset_years(ds, first, last);
        return;
    }
    *first = *last = 0;
    for (i = 0; i < ds->ncow_runs; i++) {
        const nm_cow_run *r = &ds->cow_runs[i];
        if (r->inst != -1)
            continue;
        if (!*first || r->from < *first) *first = r->from;
        if (r->to > *last) *last = r->to;
    }
}

/* The B institution for A's institution ia: -1 when none. */
static int partner_of(const nm_dataset *a, const nm_dataset *b, const nm_idmap *map, int ia,
                      const char **note)
{
    const nm_idmap_entry *e = nm_idmap_find_a(map, a->insts[ia].id);

    *note = e && *e->note ? e->note : NULL;
    if (e)
        return *e->b ? nm_dataset_inst(b, e->b) : -1;
    if (nm_idmap_find_b(map, a->insts[ia].id))
        return -1;  /* B's institution of that id is paired with another */
    return nm_dataset_inst(b, a->insts[ia].id);
}

/* Fills r->insts: the pairs, then A-only, then B-only institutions. */
static nm_status pair_insts(nm_diff *r, const nm_dataset *a, const nm_dataset *b, const nm_idmap *map)
{
    char *used = calloc(b->ninsts + 1, 1);
    size_t i, pass;

    r->insts = calloc(a->ninsts + b->ninsts + 1, sizeof(*r->insts));
    if (!used || !r->insts) {
        free(used);
        return NM_ENOMEM;
    }
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < a->ninsts; i++) {
            const char *note;
            int ib = partner_of(a, b, map, (int)i, &note);
            if ((ib >= 0) != (pass == 0))
                continue;
            r->insts[r->ninsts] = (nm_diff_inst){ .a = (int)i, .b = ib, .note = note };
            r->ninsts++;
            if (ib >= 0)
                used[ib] = 1;
        }
    r->npairs = 0;
    while (r->npairs < r->ninsts && r->insts[r->npairs].b >= 0)
        r->npairs++;
    for (i = 0; i < b->ninsts; i++)
        if (!used[i]) {
            const nm_idmap_entry *e = nm_idmap_find_b(map, b->insts[i].id);
            r->insts[r->ninsts++] = (nm_diff_inst){ .a = -1, .b = (int)i,
                                                     .note = e && *e->note ? e->note : NULL };
        }
    free(used);
    return NM_OK;
}

/* ---- the state union and the per-pair grids ---- */

typedef struct {
    const char *id;
    int a, b;               /* state index on each side, -1 when absent */
} ustate;

typedef struct {
    ustate *u;
    size_t nu;
    int *u_of_a, *u_of_b;   /* state index -> union index */
    int from, years;
    unsigned roles;
    unsigned char *ca, *cb, *ra, *rb;   /* [nu * years] cells and roles */
} grid;

static int cmp_ustate(const void *x, const void *y)
{
    return strcmp(((const ustate *)x)->id, ((const ustate *)y)->id);
}

static nm_status grid_init(grid *g, const nm_dataset *a, const nm_dataset *b, int from, int to)
{
    size_t i, n;

    memset(g, 0, sizeof(*g));
    g->from = from;
    g->years = to - from + 1;
    g->u = calloc(a->nstates + b->nstates + 1, sizeof(*g->u));
    g->u_of_a = calloc(a->nstates + 1, sizeof(int));
    g->u_of_b = calloc(b->nstates + 1, sizeof(int));
    if (!g->u || !g->u_of_a || !g->u_of_b)
        return NM_ENOMEM;
    for (i = 0; i < a->nstates; i++)
        g->u[g->nu++] = (ustate){ a->states[i].id, (int)i, nm_dataset_state(b, a->states[i].id) };
    for (i = 0; i < b->nstates; i++)
        if (nm_dataset_state(a, b->states[i].id) < 0)
            g->u[g->nu++] = (ustate){ b->states[i].id, -1, (int)i };
    qsort(g->u, g->nu, sizeof(*g->u), cmp_ustate);
    for (i = 0; i < g->nu; i++) {
        if (g->u[i].a >= 0) g->u_of_a[g->u[i].a] = (int)i;
        if (g->u[i].b >= 0) g->u_of_b[g->u[i].b] = (int)i;
    }
    n = g->nu * (size_t)g->years + 1;
    g->ca = malloc(n); g->cb = malloc(n); g->ra = malloc(n); g->rb = malloc(n);
    return g->ca && g->cb && g->ra && g->rb ? NM_OK : NM_ENOMEM;
}

static void grid_destroy(grid *g)
{
    free(g->u); free(g->u_of_a); free(g->u_of_b);
    free(g->ca); free(g->cb); free(g->ra); free(g->rb);
}

/* Clips [lo, hi] to the grid's years; returns 0 when empty. */
static int clip(const grid *g, int *lo, int *hi)
{
    if (*lo < g->from) *lo = g->from;
    if (*hi > g->from + g->years - 1) *hi = g->from + g->years - 1;
    return *lo <= *hi;
}

/* Existence: ABSENT, NOSTATE or OUT for every cell of one side. */
static void fill_states(const grid *g, const nm_dataset *ds, int side_b, unsigned char *c)
{
    const int *u_of = side_b ? g->u_of_b : g->u_of_a;
    size_t u, i;
    int y;

    for (u = 0; u < g->nu; u++) {
        int s = side_b ? g->u[u].b : g->u[u].a;
        for (y = 0; y < g->years; y++)
            c[u * g->years + y] = s < 0 ? NM_DIFF_ABSENT
                : ds->format == NM_FORMAT_COW || !nm_state_exists(&ds->states[s], g->from + y)
                ? NM_DIFF_NOSTATE : NM_DIFF_OUT;
    }
    for (i = 0; ds->format == NM_FORMAT_COW && i < ds->ncow_runs; i++) {
        const nm_cow_run *r = &ds->cow_runs[i];
        int lo = r->from, hi = r->to;
        if (r->inst != -1 || !clip(g, &lo, &hi))
            continue;
        for (y = lo; y <= hi; y++)
            c[(size_t)u_of[r->state] * g->years + (y - g->from)] = NM_DIFF_OUT;
    }
}

/* One side's cells for institution inst. */
static void fill_side(const grid *g, const nm_dataset *ds, int side_b, int inst)
{
    unsigned char *c = side_b ? g->cb : g->ca, *ro = side_b ? g->rb : g->ra;
    const int *u_of = side_b ? g->u_of_b : g->u_of_a;
    size_t i, k;
    int y;

    fill_states(g, ds, side_b, c);
    for (i = 0; i < ds->nmembers; i++) {
        const nm_membership *m = &ds->members[i];
        int lo = m->joined ? m->joined : g->from, hi = m->left ? m->left - 1 : g->from + g->years - 1;
        if (m->inst != inst || !(g->roles & (1u << m->role)) || !clip(g, &lo, &hi))
            continue;
        for (y = lo; y <= hi; y++) {
            k = (size_t)u_of[m->state] * g->years + (y - g->from);
            if (c[k] == NM_DIFF_OUT || (c[k] == NM_DIFF_IN && m->role < ro[k])) {
                c[k] = NM_DIFF_IN;
                ro[k] = (unsigned char)m->role;
            }
        }
    }
    for (i = 0; i < ds->ncow_runs; i++) {
        const nm_cow_run *r = &ds->cow_runs[i];
        int lo = r->from, hi = r->to;
        if (r->inst != inst || !clip(g, &lo, &hi))
            continue;
        for (y = lo; y <= hi; y++) {
            k = (size_t)u_of[r->state] * g->years + (y - g->from);
            if (c[k] == NM_DIFF_OUT)
                c[k] = r->code == -9 ? NM_DIFF_MISSING : NM_DIFF_NA;
        }
    }
}

/* ---- comparing the grids ---- */

enum { K_NONE, K_AGREE, K_ROLE, K_ONLY_A, K_ONLY_B, K_MISSING, K_NOSTATE, K_LONE };

static int classify(int a, int b, int ra, int rb)
{
    int ia = a == NM_DIFF_IN, ib = b == NM_DIFF_IN, other;

    if (ia && ib)
        return ra == rb ? K_AGREE : K_ROLE;
    if (!ia && !ib)
        return (a == NM_DIFF_MISSING && b == NM_DIFF_OUT) || (a == NM_DIFF_OUT && b == NM_DIFF_MISSING)
            ? K_MISSING : K_NONE;
    other = ia ? b : a;
    return other == NM_DIFF_ABSENT ? K_LONE : other == NM_DIFF_NOSTATE ? K_NOSTATE
        : other == NM_DIFF_MISSING ? K_MISSING : ia ? K_ONLY_A : K_ONLY_B;
}

static void tally(nm_diff_inst *p, int kind)
{
    switch (kind) {
    case K_AGREE: p->agree++; break;
    case K_ROLE: p->role++; break;
    case K_ONLY_A: p->only_a++; break;
    case K_ONLY_B: p->only_b++; break;
    case K_MISSING: p->missing++; break;
    case K_NOSTATE: p->nostate++; break;
    case K_LONE: p->lone++; break;
    default: break;
    }
}

typedef struct {
    nm_diff_span *v;
    size_t n, cap;
} span_list;

static int push(span_list *l, const nm_diff_span *s)
{
    if (nm_mem_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return -1;
    l->v[l->n++] = *s;
    return 0;
}

/* Does year y of union state u read as span s (same cells and roles)? */
static int same_reading(const grid *g, size_t k, const nm_diff_span *s)
{
    return g->ca[k] == s->a && g->cb[k] == s->b
        && (g->ca[k] != NM_DIFF_IN || g->ra[k] == s->role_a)
        && (g->cb[k] != NM_DIFF_IN || g->rb[k] == s->role_b);
}

/* Walks one union state's years for pair p, counting and appending spans. */
static int walk_state(const grid *g, size_t u, int pair, nm_diff_inst *p, span_list *out,
                      span_list *lone)
{
    nm_diff_span s;
    int y, open = 0, kind = K_NONE;

    for (y = 0; y <= g->years; y++) {
        size_t k = u * g->years + y;
        int kk = y < g->years ? classify(g->ca[k], g->cb[k], g->ra[k], g->rb[k]) : K_NONE;
        if (y < g->years)
            tally(p, kk);
        if (open && y < g->years && kk == kind && s.to == g->from + y - 1 && same_reading(g, k, &s)) {
            s.to++;
            continue;
        }
        if (open && push(kind == K_LONE ? lone : out, &s) < 0)
            return -1;
        open = kk != K_NONE && kk != K_AGREE;
        if (!open)
            continue;
        kind = kk;
        s = (nm_diff_span){ g->u[u].a, g->u[u].b, pair, g->from + y, g->from + y,
                            (nm_diff_cell)g->ca[k], (nm_diff_cell)g->cb[k],
                            (nm_role)(g->ca[k] == NM_DIFF_IN ? g->ra[k] : 0),
                            (nm_role)(g->cb[k] == NM_DIFF_IN ? g->rb[k] : 0) };
    }
    return 0;
}

/* First, last and number of years with a member on either side. */
static void active_years(const grid *g, nm_diff_inst *p)
{
    size_t u;
    int y;

    for (y = 0; y < g->years; y++)
        for (u = 0; u < g->nu; u++) {
            size_t k = u * g->years + y;
            if (g->ca[k] == NM_DIFF_IN || g->cb[k] == NM_DIFF_IN) {
                if (!p->years) p->first = g->from + y;
                p->last = g->from + y;
                p->years++;
                break;
            }
        }
}

static nm_status compare_pairs(nm_diff *r, const nm_dataset *a, const nm_dataset *b, grid *g)
{
    span_list out = { NULL, 0, 0 }, lone = { NULL, 0, 0 };
    size_t i, u;

    for (i = 0; i < r->npairs; i++) {
        nm_diff_inst *p = &r->insts[i];
        fill_side(g, a, 0, p->a);
        fill_side(g, b, 1, p->b);
        active_years(g, p);
        for (u = 0; u < g->nu; u++)
            if (walk_state(g, u, (int)i, p, &out, &lone) < 0) {
                free(out.v);
                free(lone.v);
                return NM_ENOMEM;
            }
    }
    r->spans = out.v; r->nspans = out.n;
    r->lone = lone.v; r->nlone = lone.n;
    return NM_OK;
}

/* The range: o's years, defaulting to the years both data sets cover. */
static nm_status pick_range(nm_diff *r, const nm_dataset *a, const nm_dataset *b,
                            const nm_diff_opts *o, nm_diag *d)
{
    int fa, la, fb, lb;

    nm_diff_coverage(a, &fa, &la);
    nm_diff_coverage(b, &fb, &lb);
    r->from = o->from ? o->from : fa > fb ? fa : fb;
    r->to = o->to ? o->to : la < lb ? la : lb;
    if ((!o->from && (!fa || !fb)) || (!o->to && (!la || !lb))) {
        nm_diag_error(d, NULL, 0, "no years to compare: %s has no dated memberships; give --from and --to",
                      !fa || !la ? a->name : b->name);
        return NM_EUSAGE;
    }
    if (r->from > r->to) {
        nm_diag_error(d, NULL, 0, "no years to compare: the range %d-%d is empty%s", r->from, r->to,
                      o->from || o->to ? "" : " (the data sets cover no common year)");
        return NM_EUSAGE;
    }
    return NM_OK;
}

nm_status nm_diff_run(nm_diff *r, const nm_dataset *a, const nm_dataset *b,
                      const nm_diff_opts *o, nm_diag *d)
{
    nm_diff_opts def = { 0, NM_YEAR_NONE, NM_YEAR_NONE, NULL };
    nm_status s;
    grid g;

    memset(r, 0, sizeof(*r));
    if (!o)
        o = &def;
    s = pick_range(r, a, b, o, d);
    if (s == NM_OK)
        s = pair_insts(r, a, b, o->map);
    if (s == NM_OK) {
        s = grid_init(&g, a, b, r->from, r->to);
        g.roles = o->roles ? o->roles : 1u << NM_ROLE_FULL;
        if (s == NM_OK)
            s = compare_pairs(r, a, b, &g);
        grid_destroy(&g);
    }
    if (s == NM_ENOMEM)
        nm_diag_error(d, NULL, 0, "out of memory comparing %s and %s", a->name, b->name);
    if (s != NM_OK)
        nm_diff_destroy(r);
    return s;
}

void nm_diff_destroy(nm_diff *r)
{
    free(r->insts);
    free(r->spans);
    free(r->lone);
    memset(r, 0, sizeof(*r));
}
