/* load_csv.c - the data-set loader: a directory of CSV files or a single
 * memberships file (format: docs/data-format.md). */
#include "nm_dataset.h"
#include "nm_csv.h"
#include "nm_mem.h"
#include "nm_order.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ID_MAX 64
#define PREFETCH 8      /* rows ahead whose id lookups are prefetched */

typedef struct {
    nm_dataset *ds;
    nm_diag *d;
    const nm_csv *t;
    const nm_csv_row *r;
    const char *last[2];    /* memberships: the previous row's state and institution ids */
    int last_ix[2];         /* and their indices, -1 when they did not resolve */
    const int *pre;         /* memberships: this row's ids looked up ahead (see ahead_rows), or NULL */
} ctx;

static int check_id(ctx *c, const char *col, const char *id)
{
    char q[80];
    const char *p;

    if (*id == '\0') {
        nm_diag_error(c->d, c->t->name, c->r->line, "empty %s", col);
        return -1;
    }
    if (strlen(id) > ID_MAX) {
        nm_diag_error(c->d, c->t->name, c->r->line, "%s '%s' is longer than %d characters",
                      col, nm_diag_quote(q, sizeof(q), id), ID_MAX);
        return -1;
    }
    for (p = id; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7f) {
            nm_diag_error(c->d, c->t->name, c->r->line,
                          "%s '%s' contains a space or control character",
                          col, nm_diag_quote(q, sizeof(q), id));
            return -1;
        }
    }
    return 0;
}

/* Names and regions end up in diagrams, GraphML and terminals: no control
 * characters (a quoted line break included). Reports and returns -1. */
static int check_text(ctx *c, const char *colname, const char *v)
{
    char q[80];

    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            nm_diag_error(c->d, c->t->name, c->r->line,
                          "%s '%s' contains a control character (line breaks and tabs are not allowed)",
                          colname, nm_diag_quote(q, sizeof(q), v));
            return -1;
        }
    }
    return 0;
}

static int get_year(ctx *c, int col, const char *colname, int *year)
{
    const char *s = nm_csv_get(c->r, col);
    char q[80];

    if (nm_parse_year(s, year) == 0)
        return 0;
    nm_diag_error(c->d, c->t->name, c->r->line, "%s '%s' is not a year (expected %d to %d, or empty)",
                  colname, nm_diag_quote(q, sizeof(q), s), NM_YEAR_MIN, NM_YEAR_MAX);
    return -1;
}

static int require(const nm_csv *t, nm_diag *d, const char *const *cols)
{
    int ok = 0;

    for (; *cols; cols++) {
        if (nm_csv_col(t, *cols) < 0) {
            nm_diag_error(d, t->name, t->header.line, "missing required column '%s'%s", *cols,
                          nm_csv_col(t, "ccode") >= 0
                              ? " (COW state-year data? give --input-format cow)" : "");
            ok = -1;
        }
    }
    return ok;
}

/* Points *dst at a copy of src in the data set's store (interned when many
 * rows share the text). Returns 0, or -1 when out of memory. */
static int set_str(nm_dataset *ds, char **dst, const char *src, int shared)
{
    char *s = shared ? nm_dataset_intern(ds, src) : nm_dataset_str(ds, src);

    if (!s)
        return -1;
    *dst = s;
    return 0;
}

/* ---- states.csv ---- */

static int state_row(ctx *c, const int *col)
{
    const char *id = nm_csv_get(c->r, col[0]), *kind = nm_csv_get(c->r, col[5]);
    const char *cow = nm_csv_get(c->r, col[4]);
    char q[80];
    nm_state *s;
    int i, prev;

    if (check_id(c, "state id", id) < 0)
        return 0;
    prev = nm_dataset_state(c->ds, id);
    if (prev >= 0) {
        nm_diag_error(c->d, c->t->name, c->r->line, "duplicate state id '%s'", id);
        return 0;
    }
    i = nm_dataset_add_state(c->ds, id);
    if (i < 0)
        return -1;
    s = &c->ds->states[i];
    if (set_str(c->ds, &s->name, nm_csv_get(c->r, col[1]), 0) < 0
        || set_str(c->ds, &s->region, nm_csv_get(c->r, col[2]), 1) < 0
        || set_str(c->ds, &s->subregion, nm_csv_get(c->r, col[3]), 1) < 0)
        return -1;
    check_text(c, "name", s->name);
    check_text(c, "region", s->region);
    check_text(c, "subregion", s->subregion);
    if (*s->region == '\0')
        nm_diag_error(c->d, c->t->name, c->r->line, "empty region for state '%s'", id);
    if (*cow) {
        char *end;
        long v;
        errno = 0;
        v = strtol(cow, &end, 10);
        if (errno || *end || v < 0 || v > 99999)
            nm_diag_error(c->d, c->t->name, c->r->line, "cow_code '%s' is not a country code (expected 0 to 99999)",
                          nm_diag_quote(q, sizeof(q), cow));
        else
            s->cow_code = (int)v;
    }
    if (*kind && strcmp(kind, "state") != 0 && strcmp(kind, "non-state") != 0)
        nm_diag_error(c->d, c->t->name, c->r->line, "unknown kind '%s' (expected state or non-state)",
                      nm_diag_quote(q, sizeof(q), kind));
    s->nonstate = strcmp(kind, "non-state") == 0;
    if (get_year(c, col[6], "start", &s->start) == 0 && get_year(c, col[7], "end", &s->end) == 0
        && s->start && s->end && s->end <= s->start)
        nm_diag_error(c->d, c->t->name, c->r->line, "end %d is not after start %d", s->end, s->start);
    return 0;
}

static int load_states(nm_dataset *ds, const nm_csv *t, const nm_load_opts *o, nm_diag *d)
{
    static const char *const req[] = { "id", "name", "region", NULL };
    static const char *const names[] = { "id", "name", "region", "subregion", "cow_code", "kind",
                                         "start", "end" };
    int col[8];
    size_t i;
    ctx c = { ds, d, t, NULL, { NULL, NULL }, { -1, -1 }, NULL };

    (void)o;
    if (require(t, d, req) < 0)
        return 0;
    for (i = 0; i < 8; i++)
        col[i] = nm_csv_col(t, names[i]);
    if (nm_strmap_reserve(&ds->state_ix, t->nrows) < 0)
        return -1;
    for (i = 0; i < t->nrows; i++) {
        c.r = &t->rows[i];
        if (state_row(&c, col) < 0)
            return -1;
    }
    return 0;
}

/* ---- institutions.csv ---- */

static void parse_activities(ctx *c, const char *s, unsigned *mask)
{
    char buf[512], q[80], *tok, *save = NULL;

    *mask = 0;
    if (strlen(s) >= sizeof(buf)) {
        nm_diag_error(c->d, c->t->name, c->r->line, "activities field too long");
        return;
    }
    memcpy(buf, s, strlen(s) + 1);
    for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        int a;
        while (*tok == ' ') tok++;
        if (*tok == '\0')
            continue;
        a = nm_activity_parse(tok);
        if (a < 0)
            nm_diag_error(c->d, c->t->name, c->r->line,
                          "unknown activity '%s' (expected preventive-diplomacy, good-offices, monitoring, "
                          "fact-finding, confidence-building, peacekeeping, peace-enforcement or peacebuilding)",
                          nm_diag_quote(q, sizeof(q), tok));
        else
            *mask |= 1u << a;
    }
}

static void parse_budget(ctx *c, const int *col, nm_institution *x)
{
    const char *b = nm_csv_get(c->r, col[8]);
    char q[80], *end;
    double v;

    if (*b == '\0')
        return;
    errno = 0;
    v = strtod(b, &end);
    if (errno || *end || !isfinite(v) || v < 0)
        nm_diag_error(c->d, c->t->name, c->r->line,
                      "budget_musd '%s' is not a non-negative number", nm_diag_quote(q, sizeof(q), b));
    else
        x->budget_musd = v;
    get_year(c, col[9], "budget_year", &x->budget_year);
}

static int inst_row(ctx *c, const int *col)
{
    const char *id = nm_csv_get(c->r, col[0]), *type = nm_csv_get(c->r, col[2]);
    const char *track = nm_csv_get(c->r, col[3]);
    char q[80];
    nm_institution *x;
    int i, ty;

    if (check_id(c, "institution id", id) < 0)
        return 0;
    if (nm_dataset_inst(c->ds, id) >= 0) {
        nm_diag_error(c->d, c->t->name, c->r->line, "duplicate institution id '%s'", id);
        return 0;
    }
    if (nm_dataset_state(c->ds, id) >= 0) {
        nm_diag_error(c->d, c->t->name, c->r->line,
                      "id '%s' is used both as a state (states.csv) and as an institution", id);
        return 0;
    }
    i = nm_dataset_add_inst(c->ds, id);
    if (i < 0)
        return -1;
    x = &c->ds->insts[i];
    if (set_str(c->ds, &x->name, nm_csv_get(c->r, col[1]), 0) < 0
        || set_str(c->ds, &x->region, nm_csv_get(c->r, col[4]), 1) < 0)
        return -1;
    check_text(c, "name", x->name);
    check_text(c, "region", x->region);
    ty = nm_type_parse(type);
    if (ty < 0)
        nm_diag_error(c->d, c->t->name, c->r->line,
                      "unknown type '%s' (expected collective-defence, collective-security, concert, "
                      "cooperative-security, economic or other)", nm_diag_quote(q, sizeof(q), type));
    else
        x->type = (nm_itype)ty;
    if (strcmp(track, "1") != 0 && strcmp(track, "2") != 0)
        nm_diag_error(c->d, c->t->name, c->r->line, "unknown track '%s' (expected 1 or 2)",
                      nm_diag_quote(q, sizeof(q), track));
    else
        x->track = track[0] - '0';
    if (get_year(c, col[5], "founded", &x->founded) == 0 && x->founded == NM_YEAR_NONE)
        nm_diag_error(c->d, c->t->name, c->r->line, "empty founded year for institution '%s'", id);
    get_year(c, col[6], "dissolved", &x->dissolved);
    if (x->founded && x->dissolved && x->dissolved <= x->founded)
        nm_diag_error(c->d, c->t->name, c->r->line, "dissolved %d is not after founded %d",
                      x->dissolved, x->founded);
    parse_budget(c, col, x);
    parse_activities(c, nm_csv_get(c->r, col[7]), &x->activities);
    return 0;
}

static int load_insts(nm_dataset *ds, const nm_csv *t, const nm_load_opts *o, nm_diag *d)
{
    static const char *const req[] = { "id", "name", "type", "track", "region", "founded", NULL };
    static const char *const names[] = { "id", "name", "type", "track", "region", "founded",
                                         "dissolved", "activities", "budget_musd", "budget_year" };
    int col[10];
    size_t i;
    ctx c = { ds, d, t, NULL, { NULL, NULL }, { -1, -1 }, NULL };

    (void)o;
    if (require(t, d, req) < 0)
        return 0;
    for (i = 0; i < 10; i++)
        col[i] = nm_csv_col(t, names[i]);
    for (i = 0; i < t->nrows; i++) {
        c.r = &t->rows[i];
        if (inst_row(&c, col) < 0)
            return -1;
    }
    return 0;
}

/* ---- memberships.csv ---- */

/* Resolves an id in a membership or rivalry row. When the defining file is
 * absent, unknown ids are created. Returns the index, -1 after an error
 * message, -2 when out of memory. */
static int resolve(ctx *c, const char *col, const char *id, int is_state, int defined)
{
    int i = is_state ? nm_dataset_state(c->ds, id) : nm_dataset_inst(c->ds, id);
    char q[80];

    if (check_id(c, col, id) < 0)
        return -1;
    if (i >= 0)     /* a known id: ids were checked to be states or institutions, not both */
        return i;
    if ((is_state ? nm_dataset_inst(c->ds, id) : nm_dataset_state(c->ds, id)) >= 0) {
        nm_diag_error(c->d, c->t->name, c->r->line,
                      "id '%s' is used both as a state and as an institution", id);
        return -1;
    }
    if (defined) {
        nm_diag_error(c->d, c->t->name, c->r->line, "unknown %s '%s' (not in %s)", col,
                      nm_diag_quote(q, sizeof(q), id), is_state ? "states.csv" : "institutions.csv");
        return -1;
    }
    i = is_state ? nm_dataset_add_state(c->ds, id) : nm_dataset_add_inst(c->ds, id);
    return i < 0 ? -2 : i;
}

/* resolve() for column k (0 state, 1 institution) of a membership row. Rows
 * come grouped by institution or state more often than not: an id equal to
 * the previous row's that resolved then resolves to the same index now,
 * with no message (ids are never removed), so the lookup is skipped. */
static int resolve_again(ctx *c, int k, const char *col, const char *id, int is_state, int defined)
{
    if (c->pre && c->pre[k] >= 0)   /* a known id, looked up ahead: resolve() returns it */
        return check_id(c, col, id) < 0 ? -1 : c->pre[k];
    if (c->last[k] && c->last_ix[k] >= 0 && strcmp(id, c->last[k]) == 0)
        return c->last_ix[k];
    c->last[k] = id;
    return c->last_ix[k] = resolve(c, col, id, is_state, defined);
}

static int member_row(ctx *c, const int *col)
{
    nm_membership m;
    const char *role = nm_csv_get(c->r, col[2]), *note = nm_csv_get(c->r, col[6]);
    char q[80];
    int ok = 1;

    memset(&m, 0, sizeof(m));
    m.line = c->r->line;
    m.state = resolve_again(c, 0, "state", nm_csv_get(c->r, col[0]), 1, c->ds->has_states);
    m.inst = resolve_again(c, 1, "institution", nm_csv_get(c->r, col[1]), 0, c->ds->has_insts);
    if (m.state == -2 || m.inst == -2)
        return -1;
    if (m.state < 0 || m.inst < 0)
        ok = 0;
    if (*role) {
        int r = nm_role_parse(role);
        if (r < 0) {
            nm_diag_error(c->d, c->t->name, c->r->line,
                          "unknown role '%s' (expected full, associate, observer or partner)",
                          nm_diag_quote(q, sizeof(q), role));
            ok = 0;
        }
        m.role = r < 0 ? NM_ROLE_FULL : (nm_role)r;
    }
    if (get_year(c, col[3], "joined", &m.joined) < 0 || get_year(c, col[4], "left", &m.left) < 0)
        ok = 0;
    else if (m.joined && m.left && m.left <= m.joined) {
        nm_diag_error(c->d, c->t->name, c->r->line, "left %d is not after joined %d", m.left, m.joined);
        ok = 0;
    }
    m.uncertain = strncmp(note, "uncertain", 9) == 0;
    if (ok && nm_dataset_add_member(c->ds, &m, nm_csv_get(c->r, col[5])) < 0)
        return -1;
    return 0;
}

/* Rows of one pair by joined year, then file line. */
static int cmp_period(const void *a, const void *b, void *arg)
{
    const nm_membership *m = arg, *x = &m[*(const size_t *)a], *y = &m[*(const size_t *)b];

    if (x->joined != y->joined) return x->joined < y->joined ? -1 : 1;
    return x->line < y->line ? -1 : (x->line > y->line);
}

/* Reports the rows of one (state, institution) pair whose periods overlap:
 * ord[0..n) are its rows. */
static void check_pair(nm_dataset *ds, size_t *ord, size_t n, const char *file, nm_diag *d)
{
    size_t i;

    qsort_r(ord, n, sizeof(*ord), cmp_period, ds->members);
    for (i = 1; i < n; i++) {
        const nm_membership *p = &ds->members[ord[i - 1]], *m = &ds->members[ord[i]];
        if (p->left == NM_YEAR_NONE || m->joined == NM_YEAR_NONE || m->joined < p->left) {
            const nm_membership *later = p->line > m->line ? p : m;
            nm_diag_error(d, file, later->line,
                          "duplicate membership of '%s' in '%s' (its years overlap line %ld)",
                          ds->states[m->state].id, ds->insts[m->inst].id,
                          later == p ? m->line : p->line);
        }
    }
}

/* Two rows for the same pair must cover disjoint periods. The rows are
 * grouped by pair in linear time; only groups of two or more are sorted. */
static int check_overlaps(nm_dataset *ds, const char *file, nm_diag *d)
{
    size_t n = ds->nmembers, i, j, *ord = nm_mem_alloc_whole((n + 1) * sizeof(*ord));
    int *a = nm_mem_alloc_whole((n + 1) * sizeof(int)), *b = nm_mem_alloc_whole((n + 1) * sizeof(int));
    int rc = -1;

    if (ord && a && b) {
        for (i = 0; i < n; i++) {
            a[i] = ds->members[i].state;
            b[i] = ds->members[i].inst;
        }
        rc = nm_order_pairs(n, a, (int)ds->nstates, b, (int)ds->ninsts, ord);
    }
    for (i = 0; rc == 0 && i < n; i = j) {
        for (j = i + 1; j < n && a[ord[j]] == a[ord[i]] && b[ord[j]] == b[ord[i]]; j++)
            ;
        if (j - i > 1)
            check_pair(ds, ord + i, j - i, file, d);
    }
    free(ord);
    free(a);
    free(b);
    return rc;
}

/* Rows [from, to) of memberships table t, each with the ids looked up ahead
 * in pre[2 (i - from) ..] when pre is not NULL. Returns 0, or -1 on a fatal
 * error. */
static int member_rows(ctx *c, const int *col, size_t from, size_t to, const int *pre)
{
    const nm_csv *t = c->t;
    size_t i;

    for (i = from; i < to; i++) {
        if (!pre && i + PREFETCH < to) {    /* the ids' slots, a few rows ahead */
            nm_strmap_prefetch(&c->ds->state_ix, nm_csv_get(&t->rows[i + PREFETCH], col[0]));
            nm_strmap_prefetch(&c->ds->inst_ix, nm_csv_get(&t->rows[i + PREFETCH], col[1]));
        }
        c->r = &t->rows[i];
        c->pre = pre ? pre + 2 * (i - from) : NULL;
        if (member_row(c, col) < 0)
            return -1;
    }
    c->pre = NULL;
    return 0;
}

/* Looks up the state and institution of rows [from, nrows) of t into pre
 * (-1 for an id of neither, left to member_row to report): only reads
 * ds's id maps, which no row changes when states.csv and institutions.csv
 * define the ids. */
static void ahead_rows(const nm_dataset *ds, const nm_csv *t, const int *col, size_t from, int *pre)
{
    const char *last = NULL;
    int last_ix = -1;
    size_t i;

    for (i = from; i < t->nrows; i++) {
        const char *inst = nm_csv_get(&t->rows[i], col[1]);
        if (i + PREFETCH < t->nrows)
            nm_strmap_prefetch(&ds->state_ix, nm_csv_get(&t->rows[i + PREFETCH], col[0]));
        pre[2 * (i - from)] = nm_dataset_state(ds, nm_csv_get(&t->rows[i], col[0]));
        if (!last || strcmp(inst, last) != 0) {     /* rows come grouped by institution */
            last = inst;
            last_ix = nm_dataset_inst(ds, inst);
        }
        pre[2 * (i - from) + 1] = last_ix;
    }
}

/* The rows of a large memberships table on two threads: part 0 reads the
 * first third as usual while part 1 looks up the ids of the rest, which
 * the caller then reads with them (ids looked up are half a row's cost on
 * the xlarge benchmark). Messages come out in row order, from the caller's
 * thread only. */
#define AHEAD_MIN 32768     /* rows from which a table is read so (nm_load_opts.ahead_min) */

typedef struct {
    ctx *c;
    const int *col;
    size_t split;
    int *pre;               /* [2 (nrows - split)] */
    int rc;
} members_job;

static void members_part(void *arg, int part)
{
    members_job *j = arg;

    if (part == 0)
        j->rc = member_rows(j->c, j->col, 0, j->split, NULL);
    else
        ahead_rows(j->c->ds, j->c->t, j->col, j->split, j->pre);
}

static int load_members(nm_dataset *ds, const nm_csv *t, const nm_load_opts *o, nm_diag *d)
{
    static const char *const req[] = { "state", "institution", NULL };
    static const char *const names[] = { "state", "institution", "role", "joined", "left",
                                         "source", "note" };
    int col[7], rc;
    size_t i;
    ctx c = { ds, d, t, NULL, { NULL, NULL }, { -1, -1 }, NULL };
    members_job j = { &c, col, t->nrows / 3, NULL, 0 };

    if (require(t, d, req) < 0)
        return 0;
    for (i = 0; i < 7; i++)
        col[i] = nm_csv_col(t, names[i]);
    if (nm_dataset_reserve_members(ds, ds->nmembers + t->nrows) < 0)
        return -1;
    if (t->nrows > 0)       /* members may still be NULL: no offset from it */
        nm_mem_whole(ds->members + ds->nmembers, t->nrows * sizeof(*ds->members));
    if (o && o->exec && ds->has_states && ds->has_insts
        && t->nrows >= (o->ahead_min ? o->ahead_min : AHEAD_MIN))
        j.pre = malloc(2 * (t->nrows - j.split) * sizeof(int));
    if (!j.pre)
        rc = member_rows(&c, col, 0, t->nrows, NULL);
    else {
        (void)o->exec(o->exec_arg, members_part, &j);
        rc = j.rc < 0 ? -1 : member_rows(&c, col, j.split, t->nrows, j.pre);
        free(j.pre);
    }
    return rc < 0 ? -1 : 1;     /* rows read: check_overlaps once the table is freed */
}

/* ---- rivalries.csv ---- */

static int rival_row(ctx *c, const int *col)
{
    nm_rivalry r, *nr;
    int ok = 1;

    memset(&r, 0, sizeof(r));
    r.a = resolve(c, "state", nm_csv_get(c->r, col[0]), 1, 1);
    r.b = resolve(c, "state", nm_csv_get(c->r, col[1]), 1, 1);
    if (r.a < 0 || r.b < 0)
        ok = 0;
    else if (r.a == r.b) {
        nm_diag_error(c->d, c->t->name, c->r->line, "a rivalry of '%s' with itself", c->ds->states[r.a].id);
        ok = 0;
    }
    if (get_year(c, col[2], "from", &r.from) < 0 || get_year(c, col[3], "to", &r.to) < 0)
        ok = 0;
    else if (r.from && r.to && r.to < r.from) {
        nm_diag_error(c->d, c->t->name, c->r->line, "to %d is before from %d", r.to, r.from);
        ok = 0;
    }
    if (!ok)
        return 0;
    if ((c->ds->nrivals & (c->ds->nrivals - 1)) == 0) {
        nr = realloc(c->ds->rivals, (c->ds->nrivals ? 2 * c->ds->nrivals : 1) * sizeof(*nr));
        if (!nr)
            return -1;
        c->ds->rivals = nr;
    }
    r.name = nm_dataset_str(c->ds, nm_csv_get(c->r, col[4]));
    if (!r.name)
        return -1;
    c->ds->rivals[c->ds->nrivals++] = r;
    return 0;
}

static int load_rivals(nm_dataset *ds, const nm_csv *t, const nm_load_opts *o, nm_diag *d)
{
    static const char *const req[] = { "a", "b", NULL };
    static const char *const names[] = { "a", "b", "from", "to", "name" };
    int col[5];
    size_t i;
    ctx c = { ds, d, t, NULL, { NULL, NULL }, { -1, -1 }, NULL };

    (void)o;
    if (require(t, d, req) < 0)
        return 0;
    for (i = 0; i < 5; i++)
        col[i] = nm_csv_col(t, names[i]);
    for (i = 0; i < t->nrows; i++) {
        c.r = &t->rows[i];
        if (rival_row(&c, col) < 0)
            return -1;
    }
    return 0;
}

/* ---- the data set ---- */

/* Reads one table into ds. Returns -1 on a fatal error, 1 when the rows
 * were read and the file's whole-table checks are due, else 0. */
typedef int (*table_fn)(nm_dataset *, const nm_csv *, const nm_load_opts *, nm_diag *);

/* dir/file, or file alone when dir is NULL, into path (PATH_LEN bytes). */
#define PATH_LEN 4096
static void file_path(char *path, const char *dir, const char *file)
{
    if (dir)
        snprintf(path, PATH_LEN, "%s/%s", dir, file);
    else
        snprintf(path, PATH_LEN, "%s", file);
}

/* Reads path into t; *absent is set (and t left empty) when the file is
 * optional and missing. Returns nm_csv_read's status. */
static nm_status read_table(const char *path, int required, nm_csv *t, int *absent, nm_diag *d)
{
    struct stat st;

    *absent = !required && stat(path, &st) != 0;
    if (*absent) {
        memset(t, 0, sizeof(*t));
        return NM_OK;
    }
    return nm_csv_read(t, path, path, NULL, d);
}

/* Reads the table t (read with status s from path) into ds with fn, and
 * frees it. Returns 1 if read, 0 if absent (and optional), -1 on a fatal
 * error (out of memory, unreadable). */
static int use_table(nm_dataset *ds, nm_csv *t, nm_status s, int absent, const char *path,
                     table_fn fn, const nm_load_opts *o, nm_diag *d)
{
    int rc;

    if (absent)
        return 0;
    if (s == NM_EDATA) {
        nm_csv_destroy(t);
        return 1;       /* reported; go on to find the other files' problems */
    }
    if (s != NM_OK) {
        nm_csv_destroy(t);
        return -1;
    }
    rc = fn(ds, t, o, d);
    nm_csv_destroy(t);     /* the table is the bulk of the memory: free it first */
    if (rc == 1 && fn == load_members)
        rc = check_overlaps(ds, path, d);
    return rc < 0 ? -1 : 1;
}

/* Reads dir/file with fn (use_table's result). */
static int load_file(nm_dataset *ds, const char *dir, const char *file, int required,
                     table_fn fn, const nm_load_opts *o, nm_diag *d)
{
    char path[PATH_LEN];
    nm_csv t;
    int absent;
    nm_status s;

    file_path(path, dir, file);
    s = read_table(path, required, &t, &absent, d);
    return use_table(ds, &t, s, absent, path, fn, o, d);
}

/* A directory's first three files. memberships.csv, the largest, is read
 * and parsed by part 1 while part 0 loads states.csv and institutions.csv,
 * which it does not need until its rows are resolved; its messages are
 * kept apart and added after theirs, as a sequential load would have
 * reported them. */
typedef struct {
    nm_dataset *ds;
    const char *dir;
    nm_diag *d;
    int rc;                 /* part 0: load_file's result for institutions.csv, or
                               states.csv's when that was fatal */
    char path[PATH_LEN];    /* part 1: memberships.csv, */
    nm_csv t;               /* its table, */
    nm_status s;            /* read_table's status */
    int absent;
    nm_diag md;             /* and its messages (when d is not NULL) */
} dir_load;

static void dir_part(void *arg, int part)
{
    dir_load *x = arg;

    if (part == 0) {
        int rc = load_file(x->ds, x->dir, "states.csv", 0, load_states, NULL, x->d);
        x->ds->has_states = rc > 0;
        if (rc >= 0)
            rc = load_file(x->ds, x->dir, "institutions.csv", 0, load_insts, NULL, x->d);
        x->ds->has_insts = rc > 0;
        x->rc = rc;
    } else {
        file_path(x->path, x->dir, "memberships.csv");
        x->s = read_table(x->path, 1, &x->t, &x->absent, x->d ? &x->md : NULL);
    }
}

/* Loads the files of directory dir. Returns -1 on a fatal error. */
static int load_dir(nm_dataset *ds, const char *dir, const nm_load_opts *opts, nm_diag *d)
{
    dir_load *x = calloc(1, sizeof(*x));
    int rc;

    if (!x)
        return -1;
    x->ds = ds;
    x->dir = dir;
    x->d = d;
    nm_diag_init(&x->md);
    if (opts && opts->exec)
        (void)opts->exec(opts->exec_arg, dir_part, x);
    else {
        dir_part(x, 0);
        if (x->rc >= 0)
            dir_part(x, 1);
    }
    rc = x->rc;
    if (rc >= 0) {
        nm_diag_append(d, &x->md);
        rc = use_table(ds, &x->t, x->s, x->absent, x->path, load_members, opts, d);
    } else
        nm_csv_destroy(&x->t);
    free(x);
    if (rc >= 0)
        rc = load_file(ds, dir, "rivalries.csv", 0, load_rivals, NULL, d);
    ds->has_rivals = rc > 0;
    return rc;
}

nm_status nm_dataset_load_csv(nm_dataset *ds, const char *path, nm_diag *d)
{
    return nm_dataset_load_csv_opts(ds, path, NULL, d);
}

nm_status nm_dataset_load_csv_opts(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                                   nm_diag *d)
{
    struct stat st;
    int errors0 = d ? d->errors : 0, rc = 0;

    memset(ds, 0, sizeof(*ds));
    ds->format = NM_FORMAT_DATASET;
    ds->name = strdup(path);
    if (!ds->name)
        return NM_ENOMEM;
    if (stat(path, &st) != 0) {
        nm_diag_error(d, path, 0, "cannot open: %s", strerror(errno));
        nm_dataset_destroy(ds);
        return NM_EIO;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = load_dir(ds, path, opts, d);
    } else {
        rc = load_file(ds, NULL, path, 1, load_members, opts, d);
    }
    if (rc < 0 || (d && d->errors > errors0)) {
        nm_status s = (rc < 0 && (!d || d->errors == errors0)) ? NM_ENOMEM : (rc < 0 ? NM_EIO : NM_EDATA);
        if (d && d->errors > errors0 && rc >= 0)
            s = NM_EDATA;
        nm_dataset_destroy(ds);
        return s;
    }
    return NM_OK;
}
