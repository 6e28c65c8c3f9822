/* report.c - a report: the ordered list of result tables of its sections. */
#include "nm_report.h"
#include "nm_nesting.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void nm_report_opts_init(nm_report_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->nsim = 99;
    o->seed = 1;
    o->work_bound = 3e9;
}

void nm_report_scratch_destroy(nm_report_scratch *s)
{
    free(s->co_members);
    memset(s, 0, sizeof(*s));
}

void nm_report_init(nm_report *r)
{
    memset(r, 0, sizeof(*r));
}

void nm_report_destroy(nm_report *r)
{
    size_t i;

    for (i = 0; i < r->ntables; i++)
        nm_table_free(r->tables[i]);
    free(r->tables);
    memset(r, 0, sizeof(*r));
}

int nm_report_add(nm_report *r, nm_table *t)
{
    if (!t)
        return -1;
    if (r->ntables == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 8;
        nm_table **nt = realloc(r->tables, ncap * sizeof(*nt));
        if (!nt) {
            nm_table_free(t);
            return -1;
        }
        r->tables = nt;
        r->cap = ncap;
    }
    r->tables[r->ntables++] = t;
    return 0;
}

nm_table *nm_report_find(const nm_report *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->ntables; i++)
        if (strcmp(r->tables[i]->name, name) == 0)
            return r->tables[i];
    return NULL;
}

/* The summary: sizes, bipartite density and NODF of the selection. */
nm_status nm_section_summary(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    static const char *const cols[] = { "states", "institutions", "memberships", "density", "nodf",
                                        "nodf_rows", "nodf_columns" };
    nm_table *t = nm_table_new("summary", "Summary", NM_TABLE_OBJECT, 7, cols);
    double cells = (double)g->nstates * g->ninsts;
    nm_nodf n;
    nm_status s;
    long row;

    (void)o;
    if (!t)
        return NM_ENOMEM;
    s = nm_nodf_compute(g, &n, d);
    if (s != NM_OK || (row = nm_table_add_row(t)) < 0) {
        nm_table_free(t);
        return s != NM_OK ? s : NM_ENOMEM;
    }
    nm_table_int(t, row, 0, g->nstates);
    nm_table_int(t, row, 1, g->ninsts);
    nm_table_int(t, row, 2, g->nedges);
    nm_table_num(t, row, 3, cells > 0 ? (double)g->nedges / cells : NAN);
    nm_table_num(t, row, 4, n.nodf);
    nm_table_num(t, row, 5, n.rows);
    nm_table_num(t, row, 6, n.cols);
    return nm_report_add(r, t) == 0 ? NM_OK : NM_ENOMEM;
}
