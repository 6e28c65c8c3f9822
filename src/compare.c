/* compare.c - selection metrics read from report tables, and the comparison table. */
#include "nm_compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C NM_SEC_CONNECTIVITY
#define N NM_SEC_NESTING
#define O NM_SEC_OVERLAP
#define I NM_SEC_INCLUSION
#define R NM_SEC_RESOURCES

const nm_metric nm_metrics[] = {
    { "states", "connectivity", C, "connectivity", "states", NM_AGG_CELL, 0, 1, NULL, "selected states" },
    { "institutions", "connectivity", C, "connectivity", "institutions", NM_AGG_CELL, 0, 1, NULL,
      "institutions with at least one selected member" },
    { "memberships", "connectivity", C, "connectivity", "memberships", NM_AGG_CELL, 0, 1, NULL,
      "state-institution memberships" },
    { "mean_institutions_per_state", "connectivity", C, "connectivity", "mean_institutions_per_state",
      NM_AGG_CELL, 0, 0, NULL, "memberships / states" },
    { "density", "connectivity", C, "connectivity", "density", NM_AGG_CELL, 0, 0, NULL,
      "memberships / (states x institutions)" },
    { "components", "connectivity", C, "connectivity", "components", NM_AGG_CELL, 0, 1, NULL,
      "connected components (an isolated state is one)" },
    { "mean_comembership", "connectivity", C, "connectivity", "mean_comembership", NM_AGG_CELL, 0, 0, NULL,
      "mean institutions shared by a pair of states" },
    { "projection_density", "connectivity", C, "connectivity", "projection_density", NM_AGG_CELL, 0, 0, NULL,
      "share of state pairs sharing an institution" },
    { "projection_clustering", "connectivity", C, "connectivity", "projection_clustering", NM_AGG_CELL,
      0, 0, NULL, "transitivity of the state co-membership graph" },
    { "average_path_length", "connectivity", C, "connectivity", "average_path_length", NM_AGG_CELL, 0, 0, NULL,
      "mean distance between connected vertices of the bipartite graph" },
    { "diameter", "connectivity", C, "connectivity", "diameter", NM_AGG_CELL, 0, 1, NULL,
      "longest shortest path of the bipartite graph" },
    { "modularity", "connectivity", C, "connectivity", "modularity", NM_AGG_CELL, 0, 0, NULL,
      "modularity of the seeded multilevel partition" },
    { "communities", "connectivity", C, "connectivity", "communities", NM_AGG_CELL, 0, 1, NULL,
      "communities of that partition" },
    { "nodf", "nesting", N, "nesting", "nodf", NM_AGG_CELL, 0, 0, NULL, "NODF of the state x institution matrix" },
    { "nodf_rows", "nesting", N, "nesting", "nodf_rows", NM_AGG_CELL, 0, 0, NULL, "NODF among states" },
    { "nodf_columns", "nesting", N, "nesting", "nodf_columns", NM_AGG_CELL, 0, 0, NULL, "NODF among institutions" },
    { "nodf_null_mean", "nesting", N, "nesting", "null_mean", NM_AGG_CELL, 0, 0, NULL,
      "mean NODF of the null matrices (same row and column totals)" },
    { "nodf_null_sd", "nesting", N, "nesting", "null_sd", NM_AGG_CELL, 0, 0, NULL, "their standard deviation" },
    { "nodf_z", "nesting", N, "nesting", "z", NM_AGG_CELL, 0, 0, NULL, "(NODF - null mean) / null sd" },
    { "nodf_p", "nesting", N, "nesting", "p", NM_AGG_CELL, 0, 0, NULL, "two-sided p of the null model" },
    { "share_states_in_2plus", "nesting", N, "state_nesting", "institutions", NM_AGG_SHARE_GE, 2, 0, NULL,
      "share of states in 2 or more institutions" },
    { "share_states_in_3plus", "nesting", N, "state_nesting", "institutions", NM_AGG_SHARE_GE, 3, 0, NULL,
      "share of states in 3 or more institutions (\"nested\" in several)" },
    { "share_states_depth_2plus", "nesting", N, "state_nesting", "depth", NM_AGG_SHARE_GE, 2, 0, NULL,
      "share of states in a chain of 2 or more nested institutions" },
    { "institution_pairs", "nesting", O, "overlap_summary", "pairs", NM_AGG_CELL, 0, 1, NULL,
      "pairs of institutions" },
    { "pairs_nested", "nesting", O, "overlap_summary", "nested", NM_AGG_CELL, 0, 1, NULL,
      "pairs where one member set contains the other" },
    { "pairs_overlapping", "nesting", O, "overlap_summary", "overlapping", NM_AGG_CELL, 0, 1, NULL,
      "pairs sharing members without nesting" },
    { "pairs_disjoint", "nesting", O, "overlap_summary", "disjoint", NM_AGG_CELL, 0, 1, NULL,
      "pairs sharing no member" },
    { "laminar", "nesting", O, "overlap_summary", "laminar", NM_AGG_CELL, 0, 1, NULL,
      "1 when every pair is nested or disjoint" },
    { "coverage", "inclusion", I, "coverage", "share", NM_AGG_WHERE, 0, 0, "region=(all),track=any",
      "share of selected states in at least one institution" },
    { "coverage_track1", "inclusion", I, "coverage", "share", NM_AGG_WHERE, 0, 0, "region=(all),track=1",
      "share of selected states in at least one Track 1 institution" },
    { "coverage_track2", "inclusion", I, "coverage", "share", NM_AGG_WHERE, 0, 0, "region=(all),track=2",
      "share of selected states in at least one Track 2 institution" },
    { "isolates", "inclusion", I, "isolates", NULL, NM_AGG_ROWS, 0, 1, NULL, "states in no institution" },
    { "rival_pairs", "inclusion", I, "rivals", NULL, NM_AGG_ROWS, 0, 1, NULL,
      "active rivalries with both states selected" },
    { "rival_pairs_engaged", "inclusion", I, "rivals", "engaged", NM_AGG_COUNT_GE, 1, 1, NULL,
      "rival pairs sharing at least one institution" },
    { "rival_pairs_engaged_track1", "inclusion", I, "rivals", "shared_track1", NM_AGG_COUNT_GE, 1, 1, NULL,
      "rival pairs sharing a Track 1 institution" },
    { "rival_pairs_engaged_track2", "inclusion", I, "rivals", "shared_track2", NM_AGG_COUNT_GE, 1, 1, NULL,
      "rival pairs sharing a Track 2 institution" },
    { "rival_share_engaged", "inclusion", I, "rivals", "engaged", NM_AGG_SHARE_GE, 1, 0, NULL,
      "rival_pairs_engaged / rival_pairs" },
    { "budget_musd", "resources", R, "resources", "budget_musd", NM_AGG_REGION_SUM, 0, 0, NULL,
      "known peace-related budgets (million USD) of the selection's institutions based in the "
      "selected regions (all when no region is given)" },
    { "budgeted_institutions", "resources", R, "resources", "budget_musd", NM_AGG_REGION_COUNT, 0, 1,
      NULL, "how many institutions that total adds up" },
    { NULL, NULL, 0, NULL, NULL, NM_AGG_CELL, 0, 0, NULL, NULL }
};

#undef C
#undef N
#undef O
#undef I
#undef R

const nm_metric *nm_metric_find(const char *key)
{
    const nm_metric *m;

    for (m = nm_metrics; m->key; m++)
        if (strcmp(m->key, key) == 0)
            return m;
    return NULL;
}

unsigned nm_metric_sections(const nm_metric *const *ms, size_t n)
{
    unsigned s = 0;
    size_t j;

    for (j = 0; j < n; j++)
        s |= ms[j]->section;
    return s;
}

nm_status nm_compare_report(const nm_graph *g, const nm_report_opts *o, unsigned sections,
                            nm_report *r, nm_diag *d)
{
    static const struct {
        unsigned bit;
        nm_status (*run)(const nm_graph *, const nm_report_opts *, nm_report *, nm_diag *);
    } secs[] = {
        { NM_SEC_CONNECTIVITY, nm_section_connectivity }, { NM_SEC_NESTING, nm_section_nesting },
        { NM_SEC_OVERLAP, nm_section_overlap }, { NM_SEC_INCLUSION, nm_section_inclusion },
        { NM_SEC_RESOURCES, nm_section_resources },
    };
    nm_status s = NM_OK;
    size_t k;

    for (k = 0; s == NM_OK && k < sizeof(secs) / sizeof(secs[0]); k++)
        if (sections & secs[k].bit)
            s = secs[k].run(g, o, r, d);
    return s;
}

/* A cell as a number: NaN for null and strings, 0/1 for booleans. */
static double cell_num(const nm_cell *c)
{
    switch (c->kind) {
    case NM_CELL_INT: return (double)c->v.i;
    case NM_CELL_NUM: return c->v.x;
    case NM_CELL_BOOL: return c->v.b ? 1 : 0;
    default: return NAN;
    }
}

/* Is row r of t in one of f's regions (every row when f names none)? */
static int in_regions(const nm_table *t, size_t r, const nm_filter *f)
{
    int rc = nm_table_col(t, "region"), k;
    const nm_cell *c;

    if (!f || f->nregions == 0)
        return 1;
    if (rc < 0)
        return 0;
    c = nm_table_cell(t, r, (size_t)rc);
    for (k = 0; c->kind == NM_CELL_STR && k < f->nregions; k++)
        if (strcmp(c->v.s, f->regions[k]) == 0)
            return 1;
    return 0;
}

/* Does row r of t match every "col=value" of where (comma-separated)? */
static int row_matches(const nm_table *t, size_t r, const char *where)
{
    const char *p = where, *eq, *end;
    const nm_cell *c;
    int col;
    char name[64];

    while (p && *p) {
        eq = strchr(p, '=');
        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        if (!eq || eq > end || (size_t)(eq - p) >= sizeof(name))
            return 0;
        memcpy(name, p, (size_t)(eq - p));
        name[eq - p] = '\0';
        if ((col = nm_table_col(t, name)) < 0)
            return 0;
        c = nm_table_cell(t, r, (size_t)col);
        if (c->kind != NM_CELL_STR || strlen(c->v.s) != (size_t)(end - eq - 1) ||
            strncmp(c->v.s, eq + 1, (size_t)(end - eq - 1)) != 0)
            return 0;
        p = *end ? end + 1 : end;
    }
    return 1;
}

static double where_value(const nm_metric *m, const nm_table *t, int col, int *missing)
{
    size_t r;

    for (r = 0; r < t->nrows; r++)
        if (row_matches(t, r, m->where))
            return cell_num(nm_table_cell(t, r, (size_t)col));
    if (missing)
        *missing = 1;
    return NAN;
}

/* Folds column col of t under m's aggregation. */
static double fold(const nm_metric *m, const nm_table *t, int col, const nm_filter *f)
{
    double acc = 0, x;
    long hits = 0;
    size_t r;

    if (m->agg == NM_AGG_ROWS)
        return (double)t->nrows;
    if (m->agg == NM_AGG_CELL)
        return t->nrows ? cell_num(nm_table_cell(t, 0, (size_t)col)) : NAN;
    for (r = 0; r < t->nrows; r++) {
        x = cell_num(nm_table_cell(t, r, (size_t)col));
        if (m->agg == NM_AGG_COUNT_GE || m->agg == NM_AGG_SHARE_GE)
            hits += !isnan(x) && x >= m->arg;
        else if (!isnan(x) && (m->agg == NM_AGG_SUM || in_regions(t, r, f))) {
            acc += x;
            hits++;
        }
    }
    if (m->agg == NM_AGG_SHARE_GE)
        return t->nrows ? (double)hits / (double)t->nrows : NAN;
    return m->agg == NM_AGG_SUM || m->agg == NM_AGG_REGION_SUM ? acc : (double)hits;
}

double nm_metric_value(const nm_metric *m, const nm_report *r, const nm_filter *f, int *missing)
{
    const nm_table *t = nm_report_find(r, m->table);
    int col = -1;

    if (t && m->column)
        col = nm_table_col(t, m->column);
    if (!t || (m->column && col < 0)) {
        if (missing)
            *missing = 1;
        return NAN;
    }
    if (m->agg == NM_AGG_WHERE)
        return where_value(m, t, col, missing);
    return fold(m, t, col, f);
}

nm_status nm_compare_values(const nm_graph *g, const nm_report_opts *o, const nm_metric *const *ms,
                            size_t n, double *vals, int *missing, nm_diag *d)
{
    nm_report r;
    nm_status s;
    size_t j;

    nm_report_init(&r);
    s = nm_compare_report(g, o, nm_metric_sections(ms, n), &r, d);
    for (j = 0; s == NM_OK && j < n; j++)
        vals[j] = nm_metric_value(ms[j], &r, &g->filter, missing ? &missing[j] : NULL);
    nm_report_destroy(&r);
    return s;
}

void nm_metric_cell(nm_table *t, long row, size_t col, const nm_metric *m, double v)
{
    if (m->integer && !isnan(v) && fabs(v) < 9e15)
        nm_table_int(t, row, col, (long long)llround(v));
    else
        nm_table_num(t, row, col, v);
}

/* Column names: group, metric, the labels, difference. */
static nm_table *compare_new(const char *const *labels, size_t nsel)
{
    const char **cols = malloc((nsel + 3) * sizeof(*cols));
    nm_table *t;
    size_t k;

    if (!cols)
        return NULL;
    cols[0] = "group";
    cols[1] = "metric";
    for (k = 0; k < nsel; k++)
        cols[2 + k] = labels[k];
    cols[2 + nsel] = "difference";
    t = nm_table_new("compare", "Comparison of selections", NM_TABLE_ARRAY, nsel + 3, cols);
    free(cols);
    return t;
}

nm_table *nm_compare_table(const nm_metric *const *ms, size_t n, const char *const *labels,
                           size_t nsel, const double *vals)
{
    nm_table *t = nsel ? compare_new(labels, nsel) : NULL;
    char note[512];
    size_t j, k;
    long r;

    for (j = 0; t && j < n; j++) {
        if ((r = nm_table_add_row(t)) < 0 || nm_table_str(t, r, 0, ms[j]->group) < 0 ||
            nm_table_str(t, r, 1, ms[j]->key) < 0) {
            nm_table_free(t);
            return NULL;
        }
        for (k = 0; k < nsel; k++)
            nm_metric_cell(t, r, 2 + k, ms[j], vals[k * n + j]);
        nm_metric_cell(t, r, 2 + nsel, ms[j], vals[(nsel - 1) * n + j] - vals[j]);
    }
    snprintf(note, sizeof(note), "difference = %s - %s; null: not defined or not available",
             labels[nsel - 1], labels[0]);
    if (t && nm_table_set_note(t, note) < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}
