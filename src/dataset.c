/* dataset.c - the raw tables of a data set and their enumerations. */
#include "nm_dataset.h"
#include "nm_mem.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *role_names[NM_NROLES] = { "full", "associate", "observer", "partner" };
static const char *type_names[NM_NTYPES] = {
    "collective-defence", "collective-security", "concert",
    "cooperative-security", "economic", "other"
};
static const char *activity_names[NM_NACTIVITIES] = {
    "preventive-diplomacy", "good-offices", "monitoring", "fact-finding",
    "confidence-building", "peacekeeping", "peace-enforcement", "peacebuilding"
};

static int lookup(const char *const *names, int n, const char *s)
{
    int i;

    for (i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *nm_role_name(nm_role r) { return (unsigned)r < NM_NROLES ? role_names[r] : "?"; }
int nm_role_parse(const char *s) { return lookup(role_names, NM_NROLES, s); }
const char *nm_type_name(nm_itype t) { return (unsigned)t < NM_NTYPES ? type_names[t] : "?"; }
int nm_type_parse(const char *s) { return lookup(type_names, NM_NTYPES, s); }
const char *nm_activity_name(nm_activity a)
{
    return (unsigned)a < NM_NACTIVITIES ? activity_names[a] : "?";
}
int nm_activity_parse(const char *s) { return lookup(activity_names, NM_NACTIVITIES, s); }

int nm_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int nm_parse_year(const char *s, int *year)
{
    char *end;
    long v;

    if (*s == '\0') {
        *year = NM_YEAR_NONE;
        return 0;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end != '\0' || end == s || v < NM_YEAR_MIN || v > NM_YEAR_MAX)
        return -1;
    *year = (int)v;
    return 0;
}

int nm_membership_holds(const nm_membership *m, int y)
{
    return (m->joined == NM_YEAR_NONE || m->joined <= y)
        && (m->left == NM_YEAR_NONE || y < m->left);
}

int nm_state_exists(const nm_state *s, int y)
{
    return (s->start == NM_YEAR_NONE || s->start <= y)
        && (s->end == NM_YEAR_NONE || y < s->end);
}

/* The string store: chunks freed together by nm_dataset_destroy, one
 * allocation per chunk instead of one per string. */
typedef struct str_chunk {
    struct str_chunk *next;
    size_t used, cap;
    char data[];
} str_chunk;

char *nm_dataset_str(nm_dataset *ds, const char *s)
{
    str_chunk *c = ds->strs;
    size_t n = strlen(s) + 1;

    if (!c || c->cap - c->used < n) {
        size_t cap = c && c->cap < (32u << 20) ? c->cap * 2 : c ? c->cap : 4096;
        if (cap < n)
            cap = n;
        if (!(c = nm_mem_alloc(sizeof(*c) + cap)))
            return NULL;
        c->next = ds->strs;
        c->used = 0;
        c->cap = cap;
        ds->strs = c;
    }
    memcpy(c->data + c->used, s, n);
    c->used += n;
    return c->data + c->used - n;
}

char *nm_dataset_intern(nm_dataset *ds, const char *s)
{
    const char *have = nm_strmap_key(&ds->str_ix, s);
    char *copy;

    if (have)       /* a key of str_ix is a string of the store */
        return (char *)have;
    copy = nm_dataset_str(ds, s);
    if (!copy || nm_strmap_put(&ds->str_ix, copy, 0) < 0)
        return NULL;
    return copy;
}

/* Room for element n of an array of n elements that grew by these rules:
 * capacity 16, then doubled whenever n reaches a power of two. */
static void *grow(void *p, size_t n, size_t size)
{
    char *q;

    if (n == 0)
        return realloc(p, 16 * size);
    if (n >= 16 && (n & (n - 1)) == 0) {
        if ((q = realloc(p, 2 * n * size)))
            nm_mem_advise(q + n * size, n * size);     /* the new half */
        return q;
    }
    return p;
}

int nm_dataset_add_state(nm_dataset *ds, const char *id)
{
    nm_state *ns = grow(ds->states, ds->nstates, sizeof(*ns)), *s;

    if (!ns)
        return -1;
    ds->states = ns;
    s = &ds->states[ds->nstates];
    memset(s, 0, sizeof(*s));
    s->id = s->name = nm_dataset_str(ds, id);
    s->region = s->subregion = nm_dataset_intern(ds, "");
    s->cow_code = -1;
    if (!s->id || !s->region)
        return -1;
    ds->nstates++;
    if (nm_strmap_put(&ds->state_ix, s->id, (int)ds->nstates - 1) < 0)
        return -1;
    return (int)ds->nstates - 1;
}

int nm_dataset_add_inst(nm_dataset *ds, const char *id)
{
    nm_institution *ni = grow(ds->insts, ds->ninsts, sizeof(*ni)), *x;

    if (!ni)
        return -1;
    ds->insts = ni;
    x = &ds->insts[ds->ninsts];
    memset(x, 0, sizeof(*x));
    x->id = x->name = nm_dataset_str(ds, id);
    x->region = nm_dataset_intern(ds, "");
    x->type = NM_TYPE_OTHER;
    x->track = 1;
    x->budget_musd = NAN;
    if (!x->id || !x->region)
        return -1;
    ds->ninsts++;
    if (nm_strmap_put(&ds->inst_ix, x->id, (int)ds->ninsts - 1) < 0)
        return -1;
    return (int)ds->ninsts - 1;
}

int nm_dataset_reserve_members(nm_dataset *ds, size_t n)
{
    nm_membership *nm;

    if (n <= ds->cap_members)
        return 0;
    if (!(nm = realloc(ds->members, n * sizeof(*nm))))
        return -1;
    nm_mem_advise(nm + ds->cap_members, (n - ds->cap_members) * sizeof(*nm));
    ds->members = nm;
    ds->cap_members = n;
    return 0;
}

void nm_dataset_drop_members(nm_dataset *ds)
{
    free(ds->members);
    ds->members = NULL;
    ds->nmembers = 0;
    ds->cap_members = 0;
}

int nm_dataset_add_member(nm_dataset *ds, const nm_membership *m, const char *source)
{
    char *src = nm_dataset_intern(ds, source ? source : "");

    if (!src || (ds->nmembers == ds->cap_members
                 && nm_dataset_reserve_members(ds, ds->cap_members ? 2 * ds->cap_members : 16) < 0))
        return -1;
    ds->members[ds->nmembers] = *m;
    ds->members[ds->nmembers].source = src;
    return (int)ds->nmembers++;
}

int nm_dataset_state(const nm_dataset *ds, const char *id)
{
    return nm_strmap_get(&ds->state_ix, id);
}

int nm_dataset_inst(const nm_dataset *ds, const char *id)
{
    return nm_strmap_get(&ds->inst_ix, id);
}

void nm_dataset_years(const nm_dataset *ds, int *first, int *last)
{
    size_t i;

    *first = *last = 0;
    for (i = 0; i < ds->nmembers; i++) {
        const int y[2] = { ds->members[i].joined, ds->members[i].left };
        int k;
        for (k = 0; k < 2; k++) {
            if (!y[k])
                continue;
            if (!*first || y[k] < *first) *first = y[k];
            if (y[k] > *last) *last = y[k];
        }
    }
}

void nm_dataset_destroy(nm_dataset *ds)
{
    str_chunk *c, *next;

    for (c = ds->strs; c; c = next) {
        next = c->next;
        free(c);
    }
    free(ds->states); free(ds->insts); free(ds->members); free(ds->rivals);
    free(ds->name);
    free(ds->cow_runs);
    nm_strmap_destroy(&ds->state_ix);
    nm_strmap_destroy(&ds->inst_ix);
    nm_strmap_destroy(&ds->str_ix);
    memset(ds, 0, sizeof(*ds));
}

static int is_cow_header(const char *path)
{
    char buf[64] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* "ccode,year,state" or the tab-separated or quoted forms */
    return strncmp(buf, "ccode", 5) == 0 || strncmp(buf, "\"ccode\"", 7) == 0
        || strncmp(buf, "\xef\xbb\xbf" "ccode", 8) == 0;
}

nm_status nm_dataset_load(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                          nm_diag *d)
{
    nm_load_opts o = { NM_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, 0 };
    struct stat st;

    memset(ds, 0, sizeof(*ds));
    if (opts)
        o = *opts;
    if (stat(path, &st) != 0) {
        nm_diag_error(d, path, 0, "cannot open: %s", strerror(errno));
        return NM_EIO;
    }
    /* Only a regular file is sniffed: reading the start of a pipe
     * (/dev/stdin, <(...)) would take it from the loader. */
    if (o.format == NM_FORMAT_AUTO)
        o.format = (S_ISREG(st.st_mode) && is_cow_header(path)) ? NM_FORMAT_COW : NM_FORMAT_DATASET;
    if (o.format == NM_FORMAT_COW)
        return nm_dataset_load_cow(ds, path, &o, d);
    return nm_dataset_load_csv_opts(ds, path, &o, d);
}
