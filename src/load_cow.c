/* load_cow.c - Correlates of War IGO v3 state-year data (Pevehouse et al.
 * 2020) read as a data set. Cell codes: 1 full, 2 associate, 3 observer,
 * 0 no membership, -9 missing, -1 not applicable; -9 and -1 are counted and
 * kept as runs (ds->cow_runs, with the years each state has a row),
 * never read as non-membership. Country codes become state ids through a
 * crosswalk (graphs/crosswalk/cow-iso3.csv; docs/crosswalk.md). */
#include "nm_dataset.h"
#include "nm_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int code, start, end;   /* applies at end of Y when start <= Y < end */
    int state;              /* index in the data set, -1 until first seen */
    char id[68], name[128];
} xw_entry;

typedef struct {
    xw_entry *e;
    size_t n;
} crosswalk;

typedef struct {
    int state, year;
    size_t row;
} cell_key;

static int parse_int(const char *s, long lo, long hi, int *out)
{
    long v;

    if (nm_parse_long(s, lo, hi, &v) < 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* Reads the crosswalk (cow_code,start,end,id,name). */
static nm_status load_crosswalk(crosswalk *xw, const char *path, nm_diag *d)
{
    nm_csv t;
    int errors0 = d ? d->errors : 0;
    nm_status s = nm_csv_read(&t, path, path, NULL, d);
    int c[5];
    size_t i;

    if (s != NM_OK) {
        nm_csv_destroy(&t);     /* a failed read keeps the file name */
        return s;
    }
    c[0] = nm_csv_col(&t, "cow_code"); c[1] = nm_csv_col(&t, "start"); c[2] = nm_csv_col(&t, "end");
    c[3] = nm_csv_col(&t, "id"); c[4] = nm_csv_col(&t, "name");
    if (c[0] < 0 || c[3] < 0) {
        nm_diag_error(d, path, 1, "a crosswalk needs the columns cow_code and id");
        nm_csv_destroy(&t);
        return NM_EDATA;
    }
    xw->e = calloc(t.nrows + 1, sizeof(*xw->e));
    if (!xw->e) { nm_csv_destroy(&t); return NM_ENOMEM; }
    for (i = 0; i < t.nrows; i++) {
        const nm_csv_row *r = &t.rows[i];
        xw_entry *e = &xw->e[xw->n];
        const char *id = nm_csv_get(r, c[3]);
        if (parse_int(nm_csv_get(r, c[0]), 0, 99999, &e->code) < 0 || *id == '\0'
            || nm_parse_year(nm_csv_get(r, c[1]), &e->start) < 0
            || nm_parse_year(nm_csv_get(r, c[2]), &e->end) < 0) {
            nm_diag_error(d, path, r->line, "bad crosswalk row (expected a country code, an id and years)");
            continue;
        }
        snprintf(e->id, sizeof(e->id), "%s", id);
        snprintf(e->name, sizeof(e->name), "%s", c[4] >= 0 ? nm_csv_get(r, c[4]) : "");
        e->state = -1;
        xw->n++;
    }
    nm_csv_destroy(&t);
    return d && d->errors > errors0 ? NM_EDATA : NM_OK;
}

/* The state for a country code in a year, created when first seen. Returns
 * -1 when the crosswalk has no entry, -2 when out of memory. */
static int xw_lookup(nm_dataset *ds, crosswalk *xw, int code, int year)
{
    size_t i;

    for (i = 0; i < xw->n; i++) {
        xw_entry *e = &xw->e[i];
        if (e->code != code || (e->start && year < e->start) || (e->end && year >= e->end))
            continue;
        if (e->state < 0)
            e->state = nm_dataset_state(ds, e->id);
        if (e->state < 0) {
            e->state = nm_dataset_add_state(ds, e->id);
            if (e->state < 0)
                return -2;
            if (e->name[0] && !(ds->states[e->state].name = nm_dataset_str(ds, e->name)))
                return -2;
            ds->states[e->state].cow_code = code;
            ds->states[e->state].start = year;
        }
        return e->state;
    }
    return -1;
}

static int cmp_key(const void *a, const void *b)
{
    const cell_key *x = a, *y = b;

    if (x->state != y->state) return x->state < y->state ? -1 : 1;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    return x->row < y->row ? -1 : (x->row > y->row);
}

/* Copies region, names and types from the bundled data set where ids match. */
static void borrow_attributes(nm_dataset *ds, const char *datadir)
{
    char path[4096];
    nm_dataset ref;
    nm_diag quiet;
    size_t i;

    if (!datadir)
        return;
    snprintf(path, sizeof(path), "%s/regional-security", datadir);
    nm_diag_init(&quiet);
    if (nm_dataset_load_csv(&ref, path, &quiet) != NM_OK)
        return;
    for (i = 0; i < ds->nstates; i++) {
        int j = nm_dataset_state(&ref, ds->states[i].id);
        char *r, *s;
        if (j < 0)
            continue;
        r = nm_dataset_intern(ds, ref.states[j].region);
        s = nm_dataset_intern(ds, ref.states[j].subregion);
        if (!r || !s)
            continue;
        ds->states[i].region = r;
        ds->states[i].subregion = s;
        ds->states[i].nonstate = ref.states[j].nonstate;
    }
    for (i = 0; i < ds->ninsts; i++) {
        int j = nm_dataset_inst(&ref, ds->insts[i].id);
        char *n, *r;
        if (j < 0)
            continue;
        n = nm_dataset_str(ds, ref.insts[j].name);
        r = nm_dataset_intern(ds, ref.insts[j].region);
        if (!n || !r)
            continue;
        ds->insts[i].name = n;
        ds->insts[i].region = r;
        ds->insts[i].type = ref.insts[j].type;
        ds->insts[i].track = ref.insts[j].track;
        ds->insts[i].founded = ref.insts[j].founded;
    }
    nm_dataset_destroy(&ref);
}

/* Column indices of the IGOs asked for (all after "state" when igos is NULL). */
static int *pick_igos(const nm_csv *t, const char *igos, size_t *n, nm_diag *d)
{
    int *cols = calloc(t->header.n + 1, sizeof(*cols));
    int first = nm_csv_col(t, "state") + 1;
    size_t i;

    *n = 0;
    if (!cols)
        return NULL;
    if (!igos) {
        if (first <= 0)
            first = 3;
        for (i = (size_t)first; i < t->header.n; i++)
            cols[(*n)++] = (int)i;
        return cols;
    }
    for (const char *p = igos; *p;) {
        size_t len = strcspn(p, ",");
        char name[128];
        int c;
        if (len > 0 && len < sizeof(name)) {
            memcpy(name, p, len);
            name[len] = '\0';
            c = nm_csv_col(t, name);
            if (c < 0 || strcmp(name, "ccode") == 0 || strcmp(name, "year") == 0 || strcmp(name, "state") == 0) {
                char q[80];
                nm_diag_error(d, t->name, 0, "unknown IGO '%s' (not a column of this file)",
                              nm_diag_quote(q, sizeof(q), name));
            } else {
                size_t k;
                for (k = 0; k < *n && cols[k] != c; k++)
                    ;
                if (k == *n)    /* an IGO named twice is taken once: cols has room for each column */
                    cols[(*n)++] = c;
            }
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return cols;
}

static int add_run(nm_dataset *ds, int state, int inst, int code, int from, int to, long line,
                   const char *src)
{
    nm_membership m;

    memset(&m, 0, sizeof(m));
    m.state = state;
    m.inst = inst;
    m.role = code == 1 ? NM_ROLE_FULL : code == 2 ? NM_ROLE_ASSOCIATE : NM_ROLE_OBSERVER;
    m.joined = from;
    m.left = to < NM_YEAR_MAX ? to + 1 : NM_YEAR_NONE;     /* through 9999: no end */
    m.line = line;
    return nm_dataset_add_member(ds, &m, src) < 0 ? -1 : 0;
}

/* Appends a COW run (see nm_cow_run). Returns 0, or -1 when out of memory. */
static int add_cow_run(nm_dataset *ds, int state, int inst, int from, int to, int code)
{
    size_t n = ds->ncow_runs;
    nm_cow_run *r = ds->cow_runs;

    if (n == 0 || (n >= 256 && (n & (n - 1)) == 0)) {
        r = realloc(r, (n ? 2 * n : 256) * sizeof(*r));
        if (!r)
            return -1;
        ds->cow_runs = r;
    }
    r[n].state = state; r[n].inst = inst; r[n].from = from; r[n].to = to; r[n].code = code;
    ds->ncow_runs++;
    return 0;
}

typedef struct {
    int state, code, from, to;  /* code 0: no run open */
    long line;
} run_acc;

/* Does the cell at k (NULL: past the end) with code continue run r? */
static int continues(const run_acc *r, const cell_key *k, int code)
{
    return k && k->state == r->state && k->year == r->to + 1 && code == r->code;
}

static void run_open(run_acc *r, const cell_key *k, int code, long line)
{
    r->state = k->state; r->code = code; r->from = r->to = k->year; r->line = line;
}

/* The code of one cell, counting -9 and -1; an unknown code is an error and reads as 0. */
static int cell_code(nm_dataset *ds, const nm_csv *t, int col, size_t row, nm_diag *d)
{
    const char *v = nm_csv_get(&t->rows[row], col);
    int code;

    if (parse_int(v, -9, 3, &code) < 0 || (code < 0 && code != -1 && code != -9)) {
        char q[40];
        nm_diag_error(d, t->name, t->rows[row].line,
                      "column '%s': unknown code '%s' (expected 0, 1, 2, 3, -1 or -9)",
                      t->header.f[col], nm_diag_quote(q, sizeof(q), v));
        return 0;
    }
    if (code == -9) ds->cow_missing++;
    if (code == -1) ds->cow_na++;
    return code;
}

/* Turns one IGO column into membership periods (runs of consecutive years
 * with the same code 1, 2 or 3 for the same state id) and runs of -9 and -1
 * cells (ds->cow_runs). */
static int igo_runs(nm_dataset *ds, const nm_csv *t, int col, int inst,
                    const cell_key *k, size_t nk, nm_diag *d)
{
    run_acc m = { -1, 0, 0, 0, 0 }, g = { -1, 0, 0, 0, 0 };
    size_t i;

    for (i = 0; i <= nk; i++) {
        const cell_key *ki = i < nk ? &k[i] : NULL;
        int code = ki ? cell_code(ds, t, col, ki->row, d) : 0;
        if (m.code && !continues(&m, ki, code)) {
            if (add_run(ds, m.state, inst, m.code, m.from, m.to, m.line, "COW IGO v3") < 0)
                return -1;
            m.code = 0;
        }
        if (g.code && !continues(&g, ki, code)) {
            if (add_cow_run(ds, g.state, inst, g.from, g.to, g.code) < 0)
                return -1;
            g.code = 0;
        }
        if (!ki)
            break;
        if (m.code) m.to = ki->year;
        else if (code >= 1) run_open(&m, ki, code, t->rows[ki->row].line);
        if (g.code) g.to = ki->year;
        else if (code == -9 || code == -1) run_open(&g, ki, code, 0);
    }
    return 0;
}

/* Records the years each state has a row, as runs with inst -1. */
static int row_runs(nm_dataset *ds, const cell_key *k, size_t nk)
{
    run_acc r = { -1, 0, 0, 0, 0 };
    size_t i;

    for (i = 0; i <= nk; i++) {
        const cell_key *ki = i < nk ? &k[i] : NULL;
        if (r.code && ki && ki->state == r.state && ki->year <= r.to + 1) {
            r.to = ki->year > r.to ? ki->year : r.to;
            continue;
        }
        if (r.code && add_cow_run(ds, r.state, -1, r.from, r.to, 0) < 0)
            return -1;
        if (ki)
            run_open(&r, ki, 1, 0);
    }
    return 0;
}

static cell_key *row_keys(nm_dataset *ds, const nm_csv *t, crosswalk *xw, size_t *nk, nm_diag *d)
{
    int cc = nm_csv_col(t, "ccode"), cy = nm_csv_col(t, "year");
    cell_key *k = calloc(t->nrows + 1, sizeof(*k));
    int lastbad = -1;
    size_t i;

    *nk = 0;
    if (!k)
        return NULL;
    for (i = 0; i < t->nrows; i++) {
        const nm_csv_row *r = &t->rows[i];
        int code, year, st;
        if (parse_int(nm_csv_get(r, cc), 0, 99999, &code) < 0
            || nm_parse_year(nm_csv_get(r, cy), &year) < 0 || year == NM_YEAR_NONE) {
            char q1[40], q2[40];
            nm_diag_error(d, t->name, r->line, "bad ccode or year ('%s', '%s')",
                          nm_diag_quote(q1, sizeof(q1), nm_csv_get(r, cc)),
                          nm_diag_quote(q2, sizeof(q2), nm_csv_get(r, cy)));
            continue;
        }
        st = xw_lookup(ds, xw, code, year);
        if (st == -2) {
            free(k);
            return NULL;
        }
        if (st < 0) {
            ds->cow_unmapped++;
            if (code != lastbad)
                nm_diag_warn(d, t->name, r->line, "country code %d in %d has no crosswalk entry; row skipped",
                             code, year);
            lastbad = code;
            continue;
        }
        k[*nk].state = st;
        k[*nk].year = year;
        k[*nk].row = i;
        (*nk)++;
    }
    qsort(k, *nk, sizeof(*k), cmp_key);
    for (i = 0; i < *nk; i++) {     /* a state exists from its first to its last year */
        nm_state *s = &ds->states[k[i].state];
        if (k[i].year < s->start)
            s->start = k[i].year;
        if (i + 1 == *nk || k[i + 1].state != k[i].state)     /* its last year */
            s->end = k[i].year < NM_YEAR_MAX ? k[i].year + 1 : NM_YEAR_NONE;
    }
    for (i = 1; i < *nk; i++)
        if (k[i].state == k[i - 1].state && k[i].year == k[i - 1].year)
            nm_diag_error(d, t->name, t->rows[k[i].row].line, "state '%s' appears twice in %d (also line %ld)",
                          ds->states[k[i].state].id, k[i].year, t->rows[k[i - 1].row].line);
    if (row_runs(ds, k, *nk) < 0) {
        free(k);
        return NULL;
    }
    return k;
}

static nm_status cow_build(nm_dataset *ds, const nm_csv *t, crosswalk *xw,
                           const nm_load_opts *o, nm_diag *d)
{
    size_t nigo = 0, nk = 0, i;
    int *cols;
    cell_key *k;
    nm_status s = NM_OK;

    if (nm_csv_col(t, "ccode") < 0 || nm_csv_col(t, "year") < 0) {
        nm_diag_error(d, t->name, 1, "missing required column 'ccode' or 'year' (COW state-year format)");
        return NM_EDATA;
    }
    cols = pick_igos(t, o->igos, &nigo, d);
    k = row_keys(ds, t, xw, &nk, d);
    if (!cols || !k) {
        free(cols);
        free(k);
        return NM_ENOMEM;
    }
    for (i = 0; i < nigo && s == NM_OK; i++) {
        int inst = nm_dataset_inst(ds, t->header.f[cols[i]]);
        if (inst >= 0)
            continue;   /* the same IGO named twice */
        inst = nm_dataset_add_inst(ds, t->header.f[cols[i]]);
        if (inst < 0 || igo_runs(ds, t, cols[i], inst, k, nk, d) < 0)
            s = NM_ENOMEM;
    }
    free(cols);
    free(k);
    return s;
}

/* Reads the state-year file, keeping only the columns needed (the file has
 * some 530 IGO columns; a run usually asks for a few dozen): ccode, year,
 * state and the IGOs named in igos (all columns when igos is NULL). */
static nm_status read_columns(nm_csv *t, const char *path, const char *igos, nm_diag *d)
{
    char *words = igos ? strdup(igos) : NULL, *p;
    const char **only = NULL;
    size_t n = 3;
    nm_status s;

    if (igos) {
        for (p = words; p && *p; p++)
            n += *p == ',';
        if (!words || !(only = calloc(n + 2, sizeof(*only)))) {
            free(words);
            return NM_ENOMEM;
        }
        only[0] = "ccode"; only[1] = "year"; only[2] = "state";
        n = 3;
        for (p = words; p;) {       /* the words in place: commas become NULs */
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            only[n++] = p;
            p = comma ? comma + 1 : NULL;
        }
    }
    s = nm_csv_read_cols(t, path, path, NULL, only, d);
    free(only);
    free(words);
    return s;
}

nm_status nm_dataset_load_cow(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                              nm_diag *d)
{
    char xwpath[4096];
    crosswalk xw = { NULL, 0 };
    nm_csv t;
    nm_status s;
    int errors0 = d ? d->errors : 0;

    memset(ds, 0, sizeof(*ds));
    memset(&t, 0, sizeof(t));
    ds->format = NM_FORMAT_COW;
    ds->name = strdup(path);
    if (!ds->name)
        return NM_ENOMEM;
    if (opts->crosswalk)
        snprintf(xwpath, sizeof(xwpath), "%s", opts->crosswalk);
    else
        snprintf(xwpath, sizeof(xwpath), "%s/crosswalk/cow-iso3.csv", opts->datadir ? opts->datadir : "graphs");
    s = load_crosswalk(&xw, xwpath, d);
    if (s == NM_OK)
        s = read_columns(&t, path, opts->igos, d);
    if (s == NM_OK)
        s = cow_build(ds, &t, &xw, opts, d);
    nm_csv_destroy(&t);
    free(xw.e);
    if (s == NM_OK && d && d->errors > errors0)
        s = NM_EDATA;
    if (s != NM_OK) {
        nm_dataset_destroy(ds);
        return s;
    }
    ds->has_states = 1;
    borrow_attributes(ds, opts->datadir);
    return NM_OK;
}
