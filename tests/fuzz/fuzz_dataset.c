/* fuzz_dataset.c - libFuzzer harness for the data-set loader. The input is
 * split at NUL bytes into memberships.csv, states.csv, institutions.csv and
 * rivalries.csv (a missing chunk is a missing file), written to a private
 * directory and loaded with nm_dataset_load_csv. It is loaded a second time
 * in two parts (an executor running them in turn, in the order the first
 * byte picks), its memberships' ids looked up ahead from 1 to 4 rows (the
 * path large tables take from 32 768): the same status, messages and data
 * set, or a trap. A data set that loads is then turned into a selection
 * graph under a filter taken from the input's last bytes and exported (CSV
 * and GraphML) to /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nm_dataset.h"
#include "nm_export.h"
#include "nm_graph.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    devnull = fopen("/dev/null", "w");
    return devnull ? 0 : -1;
}

static void check_dataset(const nm_dataset *ds)
{
    size_t i;

    for (i = 0; i < ds->nmembers; i++) {
        const nm_membership *m = &ds->members[i];
        if (m->state < 0 || (size_t)m->state >= ds->nstates || m->inst < 0
            || (size_t)m->inst >= ds->ninsts || (unsigned)m->role >= NM_NROLES)
            __builtin_trap();
        if (m->joined && m->left && m->left <= m->joined)
            __builtin_trap();
    }
    for (i = 0; i < ds->nrivals; i++)
        if (ds->rivals[i].a < 0 || (size_t)ds->rivals[i].a >= ds->nstates
            || ds->rivals[i].b < 0 || (size_t)ds->rivals[i].b >= ds->nstates)
            __builtin_trap();
}

/* A filter from the last 4 bytes: a year (0 = all), types, track, roles and
 * one region taken from the data set. */
static void make_filter(nm_filter *f, const nm_dataset *ds, const uint8_t *data, size_t size)
{
    uint8_t b[4] = { 0, 0, 0, 0 };
    size_t i;

    for (i = 0; i < 4 && i < size; i++)
        b[i] = data[size - 1 - i];
    nm_filter_init(f);
    if (b[0] & 1) {
        int first, last;
        nm_dataset_years(ds, &first, &last);
        f->year = first + (b[1] % 8) - 2;
        if (b[0] & 2)
            f->year = last + (b[1] % 4) - 1;
        if (f->year < NM_YEAR_MIN || f->year > NM_YEAR_MAX)
            f->year = NM_YEAR_MIN;
    }
    f->types = (b[2] & 0x3f) * ((b[0] >> 2) & 1);
    f->track = (b[0] >> 3) % 3;
    f->roles = b[3] & 0x0f;
    if ((b[0] & 0x80) && ds->nstates) {
        f->regions[0] = ds->states[b[1] % ds->nstates].region;
        f->nregions = 1;
    }
}

static void check_graph(const nm_graph *g)
{
    int v, k;

    if (g->nstates < 0 || g->ninsts < 0 || g->s_off[g->nstates] != g->nedges
        || g->i_off[g->ninsts] != g->nedges
        || igraph_vcount(&g->g) != g->nstates + g->ninsts || igraph_ecount(&g->g) != g->nedges)
        __builtin_trap();
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
            if (g->s_adj[k] < 0 || g->s_adj[k] >= g->ninsts
                || (k > g->s_off[v] && g->s_adj[k] <= g->s_adj[k - 1]))
                __builtin_trap();
    for (v = 0; v < g->ninsts; v++) {
        if (g->i_off[v + 1] <= g->i_off[v])
            __builtin_trap();   /* a selected institution has a member */
        for (k = g->i_off[v]; k < g->i_off[v + 1]; k++)
            if (g->i_adj[k] < 0 || g->i_adj[k] >= g->nstates
                || (k > g->i_off[v] && g->i_adj[k] <= g->i_adj[k - 1]))
                __builtin_trap();
    }
}

/* nm_pair_exec: the two parts in turn, part 1 first when *user is set. */
static int in_turn(void *user, nm_pair_fn fn, void *arg)
{
    int first = *(const int *)user;

    fn(arg, first);
    fn(arg, !first);
    return 0;
}

static void same_text(const char *a, const char *b)
{
    if (strcmp(a, b) != 0)
        __builtin_trap();
}

/* The load in parts (b, eb) is the plain one (a, ea). */
static void same_load(nm_status sa, const nm_dataset *a, const nm_diag *ea, nm_status sb,
                      const nm_dataset *b, const nm_diag *eb)
{
    size_t i;
    int k;

    if (sa != sb || ea->errors != eb->errors || ea->kept != eb->kept || ea->warnings != eb->warnings
        || ea->wkept != eb->wkept)
        __builtin_trap();
    for (k = 0; k < ea->kept; k++)
        same_text(ea->text[k], eb->text[k]);
    for (k = 0; k < ea->wkept; k++)
        same_text(ea->wtext[k], eb->wtext[k]);
    if (sa != NM_OK)
        return;
    if (a->nstates != b->nstates || a->ninsts != b->ninsts || a->nmembers != b->nmembers)
        __builtin_trap();
    for (i = 0; i < a->nmembers; i++) {
        const nm_membership *x = &a->members[i], *y = &b->members[i];
        if (x->state != y->state || x->inst != y->inst || x->role != y->role || x->joined != y->joined
            || x->left != y->left || x->uncertain != y->uncertain || x->line != y->line)
            __builtin_trap();
        same_text(x->source, y->source);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = { "memberships.csv", "states.csv", "institutions.csv",
                                         "rivalries.csv" };
    const uint8_t *chunk[4];
    size_t len[4], n, i;
    nm_dataset ds;
    nm_diag d;
    nm_status s;

    n = fz_split(data, size, chunk, len, 4);
    for (i = 0; i < 4; i++)
        fz_write(files[i], i < n ? chunk[i] : NULL, i < n ? len[i] : 0);
    nm_diag_init(&d);
    s = nm_dataset_load_csv(&ds, fz_dir(), &d);
    if (d.kept > NM_DIAG_MAX || d.wkept > NM_DIAG_MAX)
        __builtin_trap();
    {
        int first = size > 0 && (data[0] & 1);
        nm_load_opts lo;
        nm_dataset ds2;
        nm_diag d2;
        nm_status s2;
        memset(&lo, 0, sizeof(lo));
        lo.exec = in_turn;
        lo.exec_arg = &first;
        lo.ahead_min = 1 + (size > 0 ? (data[0] >> 1) % 4 : 0);
        nm_diag_init(&d2);
        s2 = nm_dataset_load_csv_opts(&ds2, fz_dir(), &lo, &d2);
        if (s != NM_ENOMEM && s2 != NM_ENOMEM)
            same_load(s, &ds, &d, s2, &ds2, &d2);
        nm_dataset_destroy(&ds2);
    }
    if (s == NM_OK) {
        nm_filter f;
        nm_graph g;
        if (d.errors)
            __builtin_trap();
        check_dataset(&ds);
        make_filter(&f, &ds, data, size);
        if (nm_graph_build(&g, &ds, &f, &d) == NM_OK) {
            check_graph(&g);
            nm_export_write(&g, NM_EXPORT_CSV, devnull, &d);
            if (size && (data[size - 1] & 0x40))
                nm_export_write(&g, (nm_export_format)(data[0] % 3), devnull, &d);
            nm_graph_destroy(&g);
        }
    } else if (d.errors == 0 && s != NM_ENOMEM) {
        __builtin_trap();       /* a failure must say why */
    }
    nm_dataset_destroy(&ds);
    return 0;
}
