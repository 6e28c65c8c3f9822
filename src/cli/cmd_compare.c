/* cmd_compare.c - nestmap compare: selections (regions, years) side by side. */
#include "cli.h"
#include "nm_compare.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The metrics compare shows, in order (nm_metrics in src/compare.c). */
static const char *const compare_keys[] = {
    "states", "institutions", "memberships", "mean_institutions_per_state", "density", "components",
    "mean_comembership", "projection_density", "projection_clustering", "average_path_length",
    "diameter", "modularity", "communities",
    "nodf", "nodf_rows", "nodf_columns", "nodf_null_mean", "nodf_null_sd", "nodf_z", "nodf_p",
    "share_states_in_2plus", "share_states_in_3plus", "share_states_depth_2plus",
    "institution_pairs", "pairs_nested", "pairs_overlapping", "pairs_disjoint", "laminar",
    "coverage", "coverage_track1", "coverage_track2", "isolates", "rival_pairs", "rival_pairs_engaged",
    "rival_pairs_engaged_track1", "rival_pairs_engaged_track2", "rival_share_engaged",
    "budget_musd", "budgeted_institutions",
};
#define NKEYS (sizeof(compare_keys) / sizeof(compare_keys[0]))

/* Splits one --region value on '+' into s->filter.regions. */
static int split_group(const cli_cmd *cmd, const char *arg, cli_selection *s)
{
    char *p;

    s->buf = strdup(arg);
    if (!s->buf) {
        cli_error("%s: out of memory", cmd->name);
        return -1;
    }
    s->filter.nregions = 0;
    for (p = s->buf; p; ) {
        char *plus = strchr(p, '+');
        if (plus)
            *plus = '\0';
        if (!*p || s->filter.nregions == NM_FILTER_MAX_REGIONS) {
            cli_error("%s: invalid value '%s' for --region (expected R or R1+R2.., at most %d)",
                      cmd->name, arg, NM_FILTER_MAX_REGIONS);
            return -1;
        }
        s->filter.regions[s->filter.nregions++] = p;
        p = plus ? plus + 1 : NULL;
    }
    snprintf(s->label, sizeof(s->label), "%s", arg);
    return 0;
}

int cli_region_groups(const cli_cmd *cmd, const cli_opts *o, cli_selection *sel)
{
    int k, n = o->filter.nregions ? o->filter.nregions : 1;

    for (k = 0; k < n; k++) {
        sel[k].filter = o->filter;
        sel[k].buf = NULL;
        if (o->filter.nregions == 0) {
            snprintf(sel[k].label, sizeof(sel[k].label), "all regions");
        } else if (split_group(cmd, o->filter.regions[k], &sel[k]) < 0) {
            cli_selections_free(sel, k + 1);
            return -1;
        }
    }
    return n;
}

void cli_selections_free(cli_selection *sel, int n)
{
    int k;

    for (k = 0; k < n; k++) {
        free(sel[k].buf);
        sel[k].buf = NULL;
    }
}

/* The selections: every region group (outer) x every --year (inner). */
static int cross(const cli_cmd *cmd, const cli_opts *o, cli_selection **out)
{
    cli_selection groups[NM_FILTER_MAX_REGIONS], *sel;
    int ng = cli_region_groups(cmd, o, groups), ny = o->nyears ? o->nyears : 1, g, y;

    if (ng < 0)
        return -1;
    sel = calloc((size_t)ng * (size_t)ny, sizeof(*sel));
    for (g = 0; sel && g < ng; g++)
        for (y = 0; y < ny; y++) {
            cli_selection *s = &sel[g * ny + y];
            *s = groups[g];
            s->buf = y == ny - 1 ? groups[g].buf : NULL;  /* the last copy owns it */
            if (o->nyears) {
                s->filter.year = o->years[y];
                snprintf(s->label, sizeof(s->label), "%s %d", groups[g].label, o->years[y]);
            }
        }
    if (!sel) {
        cli_selections_free(groups, ng);
        cli_error("%s: out of memory", cmd->name);
        return -1;
    }
    *out = sel;
    return ng * ny;
}

static const nm_metric **metric_list(const char *const *keys, size_t n)
{
    const nm_metric **ms = malloc(n * sizeof(*ms));
    size_t j;

    for (j = 0; ms && j < n; j++)
        if (!(ms[j] = nm_metric_find(keys[j]))) {
            free(ms);
            return NULL;
        }
    return ms;
}

/* Sections the library does not have (yet) give missing metrics: say which. */
static void warn_missing(const cli_cmd *cmd, const nm_metric *const *ms, size_t n, const int *missing)
{
    char buf[1024];
    size_t j, len = 0;

    buf[0] = '\0';
    for (j = 0; j < n; j++)
        if (missing[j] && len < sizeof(buf) - 1)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s (%s.%s)", len ? ", " : "",
                                    ms[j]->key, ms[j]->table, ms[j]->column ? ms[j]->column : "rows");
    if (len)
        fprintf(stderr, "%s: %s: warning: not available (no such table or column): %s\n", cli_prog,
                cmd->name, buf);
}

/* Builds sel's graph and computes its metrics into vals. */
int cli_selection_values(const cli_cmd *cmd, const nm_dataset *ds, const cli_selection *sel,
                         const nm_report_opts *ro, const nm_metric *const *ms, size_t n, double *vals,
                         int *missing, nm_graph *g, int require)
{
    nm_diag d;
    nm_status s;
    char desc[512];
    size_t j;

    nm_diag_init(&d);
    if ((s = nm_graph_build(g, ds, &sel->filter, &d)) != NM_OK)
        return cli_report(s, &d);
    if (g->nstates == 0 && require) {
        nm_filter_describe(&sel->filter, desc, sizeof(desc));
        cli_error("%s: empty selection: no states in %s for %s", cmd->name, ds->name, desc);
        nm_graph_destroy(g);
        return EXIT_DATA;
    }
    if (g->nstates == 0) {
        for (j = 0; j < n; j++)
            vals[j] = ms[j]->integer && ms[j]->agg == NM_AGG_CELL ? 0 : NAN;
        return EXIT_OK;
    }
    s = nm_compare_values(g, ro, ms, n, vals, missing, &d);
    if (s != NM_OK) {
        nm_graph_destroy(g);
        return cli_report(s, &d);
    }
    cli_warnings(&d);
    return EXIT_OK;
}

void cli_report_opts(const cli_opts *o, nm_report_opts *ro, long default_nsim)
{
    nm_report_opts_init(ro);
    ro->nsim = o->nsim >= 0 ? o->nsim : default_nsim;
    ro->seed = o->seed ? o->seed : 1;
}

/* One row per selection: its label, rule and size. */
static nm_table *selections_table(const cli_selection *sel, int nsel, const long (*size)[3])
{
    static const char *const cols[] = { "selection", "rule", "states", "institutions", "memberships" };
    nm_table *t = nm_table_new("selections", "Selections", NM_TABLE_ARRAY, 5, cols);
    char desc[512];
    int k;

    for (k = 0; t && k < nsel; k++) {
        long r = nm_table_add_row(t);
        nm_filter_describe(&sel[k].filter, desc, sizeof(desc));
        if (r < 0 || nm_table_str(t, r, 0, sel[k].label) < 0 || nm_table_str(t, r, 1, desc) < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_int(t, r, 2, size[k][0]);
        nm_table_int(t, r, 3, size[k][1]);
        nm_table_int(t, r, 4, size[k][2]);
    }
    return t;
}

static int write_compare(cli_opts *o, const nm_table *sels, const nm_table *cmp, const nm_report_opts *ro)
{
    nm_atomic out;
    json_t *root;
    int rc = cli_out_open(o, &out);

    if (rc != EXIT_OK)
        return rc;
    if (o->format && strcmp(o->format, "csv") == 0) {
        nm_table_write_csv(cmp, out.fp);
    } else if (o->format && strcmp(o->format, "json") == 0) {
        root = json_pack("{s:I, s:I, s:o, s:o}", "nsim", (json_int_t)ro->nsim, "seed",
                         (json_int_t)ro->seed, "selections", nm_table_json(sels), "compare",
                         nm_table_json(cmp));
        if (!root || json_dumpf(root, out.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
            rc = EXIT_DATA;
        fputc('\n', out.fp);
        json_decref(root);
    } else {
        nm_table_write_text(sels, out.fp);
        fputc('\n', out.fp);
        nm_table_write_text(cmp, out.fp);
    }
    return cli_out_close(&out, rc);
}

int cli_check_format(const cli_cmd *cmd, const char *f, const char *allowed)
{
    const char *p = allowed;
    size_t n = f ? strlen(f) : 0;

    if (!f)
        return EXIT_OK;
    for (p = allowed; n && (p = strstr(p, f)); p += n)
        if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return EXIT_OK;
    cli_error("%s: invalid value '%s' for --format (expected %s)", cmd->name, f, allowed);
    return EXIT_USAGE;
}

/* Computes every selection into vals (nsel x NKEYS) and size. */
static int compute_all(const cli_cmd *cmd, const nm_dataset *ds, const cli_selection *sel, int nsel,
                       const nm_report_opts *ro, const nm_metric *const *ms, double *vals,
                       long (*size)[3])
{
    int missing[NKEYS] = { 0 }, k, rc = EXIT_OK;
    nm_graph g;

    for (k = 0; rc == EXIT_OK && k < nsel; k++) {
        rc = cli_selection_values(cmd, ds, &sel[k], ro, ms, NKEYS, vals + (size_t)k * NKEYS, missing,
                                  &g, 1);
        if (rc == EXIT_OK) {
            size[k][0] = g.nstates;
            size[k][1] = g.ninsts;
            size[k][2] = g.nedges;
            nm_graph_destroy(&g);
        }
    }
    if (rc == EXIT_OK)
        warn_missing(cmd, ms, NKEYS, missing);
    return rc;
}

static int run_compare(const cli_cmd *cmd, cli_opts *o, const nm_dataset *ds, cli_selection *sel, int nsel)
{
    const nm_metric **ms = metric_list(compare_keys, NKEYS);
    double *vals = malloc((size_t)nsel * NKEYS * sizeof(double));
    long (*size)[3] = calloc((size_t)nsel, sizeof(*size));
    const char **labels = malloc((size_t)nsel * sizeof(*labels));
    nm_table *sels = NULL, *cmp = NULL;
    nm_report_opts ro;
    int k, rc = ms && vals && size && labels ? EXIT_OK : EXIT_DATA;

    if (rc != EXIT_OK)
        cli_error("%s: out of memory", cmd->name);
    cli_report_opts(o, &ro, 99);
    if (rc == EXIT_OK)
        rc = compute_all(cmd, ds, sel, nsel, &ro, ms, vals, size);
    for (k = 0; rc == EXIT_OK && k < nsel; k++)
        labels[k] = sel[k].label;
    if (rc == EXIT_OK && (!(sels = selections_table(sel, nsel, (const long (*)[3])size)) ||
                          !(cmp = nm_compare_table(ms, NKEYS, labels, (size_t)nsel, vals)))) {
        cli_error("%s: out of memory", cmd->name);
        rc = EXIT_DATA;
    }
    if (rc == EXIT_OK)
        rc = write_compare(o, sels, cmp, &ro);
    nm_table_free(sels);
    nm_table_free(cmp);
    free(labels);
    free(size);
    free(vals);
    free(ms);
    return rc;
}

int cmd_compare(const cli_cmd *cmd, cli_opts *o)
{
    cli_selection *sel = NULL;
    nm_dataset ds;
    int nsel, rc;

    if ((rc = cli_check_format(cmd, o->format, "text csv json")) != EXIT_OK)
        return rc;
    if ((nsel = cross(cmd, o, &sel)) < 0) {
        free(sel);      /* NULL: cross sets it only on success */
        return EXIT_USAGE;
    }
    if (nsel < 2) {
        cli_selections_free(sel, nsel);
        free(sel);
        cli_error("%s: nothing to compare: give at least two selections (repeat --region or --year)",
                  cmd->name);
        return EXIT_USAGE;
    }
    rc = cli_load(o, &ds);
    if (rc == EXIT_OK) {
        rc = run_compare(cmd, o, &ds, sel, nsel);
        nm_dataset_destroy(&ds);
    }
    cli_selections_free(sel, nsel);
    free(sel);
    return rc;
}
