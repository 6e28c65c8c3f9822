/* resources.c - institution budgets per member and per activity, totals by region (see nm_resources.h). */
#include "nm_resources.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int nm_activity_count(unsigned mask)
{
    int n = 0, a;

    for (a = 0; a < NM_NACTIVITIES; a++)
        n += (mask >> a) & 1u;
    return n;
}

static void resource_row(const nm_graph *g, int i, nm_resource *x)
{
    const nm_institution *in = nm_graph_inst(g, i);

    x->inst = i;
    x->budget = in->budget_musd;
    x->year = in->budget_year;
    x->members = nm_graph_isize(g, i);
    x->per_member = x->members ? x->budget / x->members : NAN;
    x->activities = nm_activity_count(in->activities);
    x->per_activity = x->activities ? x->budget / x->activities : NAN;
}

/* Index of region reg in r->regions, appending it when new. */
static int region_of(nm_resources *r, const char *reg)
{
    int k;

    for (k = 0; k < r->nregions; k++)
        if (strcmp(r->regions[k].region, reg) == 0)
            return k;
    r->regions[r->nregions].region = reg;
    return r->nregions++;
}

/* Distinct states in the budgeted institutions of region k (marker stamp). */
static int region_states(const nm_graph *g, const nm_resources *r, int k, int *mark)
{
    int j, m, n = 0;

    for (j = 0; j < r->nrows; j++) {
        int i = r->rows[j].inst;
        if (strcmp(nm_graph_inst(g, i)->region, r->regions[k].region) != 0)
            continue;
        for (m = g->i_off[i]; m < g->i_off[i + 1]; m++)
            if (mark[g->i_adj[m]] != k) {
                mark[g->i_adj[m]] = k;
                n++;
            }
    }
    return n;
}

nm_status nm_resources_compute(const nm_graph *g, nm_resources *r, nm_diag *d)
{
    int i, k, *mark;

    memset(r, 0, sizeof(*r));
    r->rows = calloc((size_t)g->ninsts + 1, sizeof(nm_resource));
    r->regions = calloc((size_t)g->ninsts + 1, sizeof(nm_resource_region));
    mark = malloc(((size_t)g->nstates + 1) * sizeof(int));
    if (!r->rows || !r->regions || !mark) {
        free(mark);
        nm_resources_destroy(r);
        nm_diag_error(d, NULL, 0, "resources: out of memory");
        return NM_ENOMEM;
    }
    for (i = 0; i < g->ninsts; i++) {
        const nm_institution *in = nm_graph_inst(g, i);
        nm_resource_region *reg = &r->regions[region_of(r, in->region)];
        if (isnan(in->budget_musd)) {
            reg->without++;
            continue;
        }
        resource_row(g, i, &r->rows[r->nrows]);
        reg->insts++;
        reg->budget += in->budget_musd;
        reg->seats += r->rows[r->nrows++].members;
    }
    for (i = 0; i < g->nstates; i++)
        mark[i] = -1;
    for (k = 0; k < r->nregions; k++)
        r->regions[k].states = region_states(g, r, k, mark);
    free(mark);
    return NM_OK;
}

void nm_resources_destroy(nm_resources *r)
{
    free(r->rows);
    free(r->regions);
    memset(r, 0, sizeof(*r));
}

/* ---- report section ---- */

/* ";"-joined names of the activities in mask (caller frees). */
static char *activity_names(unsigned mask)
{
    size_t len = 1, off = 0;
    char *s;
    int a;

    for (a = 0; a < NM_NACTIVITIES; a++)
        if (mask & (1u << a))
            len += strlen(nm_activity_name((nm_activity)a)) + 1;
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (a = 0; a < NM_NACTIVITIES; a++)
        if (mask & (1u << a)) {
            const char *n = nm_activity_name((nm_activity)a);
            if (off)
                s[off++] = ';';
            memcpy(s + off, n, strlen(n) + 1);
            off += strlen(n);
        }
    return s;
}

static int resource_row_out(nm_table *t, const nm_graph *g, const nm_resource *x)
{
    const nm_institution *in = nm_graph_inst(g, x->inst);
    long r = nm_table_add_row(t);
    char *acts;
    int rc;

    if (r < 0 || nm_table_str(t, r, 0, in->id) < 0 || nm_table_str(t, r, 1, in->name) < 0 ||
        nm_table_str(t, r, 2, in->region) < 0)
        return -1;
    nm_table_num(t, r, 3, x->budget);
    if (x->year != NM_YEAR_NONE)
        nm_table_int(t, r, 4, x->year);
    nm_table_int(t, r, 5, x->members);
    nm_table_num(t, r, 6, x->per_member);
    nm_table_int(t, r, 7, x->activities);
    nm_table_num(t, r, 9, x->per_activity);
    if (!(acts = activity_names(in->activities)))
        return -1;
    rc = nm_table_str(t, r, 8, acts);
    free(acts);
    return rc;
}

static nm_table *resources_table(const nm_graph *g, const nm_resources *res)
{
    static const char *const cols[] = { "id", "name", "region", "budget_musd", "budget_year",
                                        "members", "per_member", "activities", "activity_names",
                                        "per_activity" };
    nm_table *t = nm_table_new("resources", "Peace-related budgets of institutions",
                               NM_TABLE_ARRAY, 10, cols);
    int k;

    for (k = 0; t && k < res->nrows; k++)
        if (resource_row_out(t, g, &res->rows[k]) < 0) {
            nm_table_free(t);
            return NULL;
        }
    if (t && nm_table_set_note(t, "institutions without a known budget are left out (counted in "
                                  "resources_by_region.without_budget); budget in million US "
                                  "dollars of budget_year") < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

static nm_table *regions_table(const nm_resources *res)
{
    static const char *const cols[] = { "region", "institutions", "without_budget",
                                        "total_budget_musd", "member_seats", "member_states" };
    nm_table *t = nm_table_new("resources_by_region", "Budgets by institution region",
                               NM_TABLE_ARRAY, 6, cols);
    int k;

    for (k = 0; t && k < res->nregions; k++) {
        const nm_resource_region *x = &res->regions[k];
        long r = nm_table_add_row(t);
        if (r < 0 || nm_table_str(t, r, 0, x->region) < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_int(t, r, 1, x->insts);
        nm_table_int(t, r, 2, x->without);
        if (x->insts)
            nm_table_num(t, r, 3, x->budget);
        nm_table_int(t, r, 4, x->seats);
        nm_table_int(t, r, 5, x->states);
    }
    return t;
}

nm_status nm_section_resources(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    nm_resources res;
    nm_status s;
    int ok;

    (void)o;
    if ((s = nm_resources_compute(g, &res, d)) != NM_OK)
        return s;
    ok = nm_report_add(r, resources_table(g, &res)) == 0 && nm_report_add(r, regions_table(&res)) == 0;
    nm_resources_destroy(&res);
    if (!ok) {
        nm_diag_error(d, NULL, 0, "out of memory building the resources tables");
        return NM_ENOMEM;
    }
    return NM_OK;
}
