/* report.c - a report: the ordered list of result tables of its sections. */
#include "nm_report.h"

#include <stdlib.h>
#include <string.h>

void nm_report_opts_init(nm_report_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->nsim = 99;
    o->seed = 1;
    o->work_bound = 3e9;
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
