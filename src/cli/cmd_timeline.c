/* cmd_timeline.c - nestmap timeline: metrics per year, per region selection. */
#include "cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The metrics per year (nm_metrics in src/compare.c); nodf_z only with --nsim. */
static const char *const timeline_keys[] = {
    "states", "institutions", "memberships", "mean_institutions_per_state", "nodf", "nodf_z",
    "coverage", "coverage_track1", "coverage_track2", "rival_pairs", "rival_pairs_engaged",
    "components",
};
#define NKEYS (sizeof(timeline_keys) / sizeof(timeline_keys[0]))

/* The metrics to show: all, or all but nodf_z without a null model. */
static size_t pick_metrics(const nm_metric **ms, long nsim)
{
    size_t j, n = 0;

    for (j = 0; j < NKEYS; j++)
        if (nsim > 0 || strcmp(timeline_keys[j], "nodf_z") != 0)
            ms[n++] = nm_metric_find(timeline_keys[j]);
    return n;
}

static nm_table *timeline_new(const nm_metric *const *ms, size_t n)
{
    const char *cols[NKEYS + 2];
    size_t j;

    cols[0] = "selection";
    cols[1] = "year";
    for (j = 0; j < n; j++)
        cols[2 + j] = ms[j]->key;
    return nm_table_new("timeline", "Metrics per year", NM_TABLE_ARRAY, n + 2, cols);
}

/* Appends the rows of one selection, a year each. */
static int run_selection(const cli_cmd *cmd, const cli_opts *o, const nm_dataset *ds, cli_selection *sel,
                         const nm_report_opts *ro, const nm_metric *const *ms, size_t n, nm_table *t,
                         int *missing)
{
    double vals[NKEYS];
    nm_graph g;
    size_t j;
    int y, rc = EXIT_OK;
    long r;

    for (y = o->from; rc == EXIT_OK && y <= o->to; y++) {
        sel->filter.year = y;
        rc = cli_selection_values(cmd, ds, sel, ro, ms, n, vals, missing, &g, 0);
        if (rc != EXIT_OK)
            break;
        nm_graph_destroy(&g);
        if ((r = nm_table_add_row(t)) < 0 || nm_table_str(t, r, 0, sel->label) < 0) {
            cli_error("%s: out of memory", cmd->name);
            return EXIT_DATA;
        }
        nm_table_int(t, r, 1, y);
        for (j = 0; j < n; j++)
            nm_metric_cell(t, r, 2 + j, ms[j], vals[j]);
    }
    return rc;
}

static int write_timeline(cli_opts *o, const nm_table *t, const nm_report_opts *ro)
{
    nm_atomic out;
    json_t *root;
    int rc = cli_out_open(o, &out);

    if (rc != EXIT_OK)
        return rc;
    if (!o->format || strcmp(o->format, "csv") == 0) {
        nm_table_write_csv(t, out.fp);
    } else if (strcmp(o->format, "json") == 0) {
        root = json_pack("{s:i, s:i, s:I, s:I, s:o}", "from", o->from, "to", o->to, "nsim",
                         (json_int_t)ro->nsim, "seed", (json_int_t)ro->seed, "timeline", nm_table_json(t));
        if (!root || json_dumpf(root, out.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
            rc = EXIT_DATA;
        fputc('\n', out.fp);
        json_decref(root);
    } else {
        nm_table_write_text(t, out.fp);
    }
    return cli_out_close(&out, rc);
}

/* --from/--to, defaulting to the data set's years. */
static int year_range(const cli_cmd *cmd, cli_opts *o, const nm_dataset *ds)
{
    int first, last;

    nm_dataset_years(ds, &first, &last);
    if (!o->from)
        o->from = first;
    if (!o->to)
        o->to = last;
    if (!o->from || !o->to) {
        cli_error("%s: the data set gives no years: set --from and --to", cmd->name);
        return EXIT_USAGE;
    }
    if (o->from > o->to) {
        cli_error("%s: --from %d is after --to %d", cmd->name, o->from, o->to);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int run_timeline(const cli_cmd *cmd, cli_opts *o, const nm_dataset *ds, cli_selection *sel, int nsel)
{
    const nm_metric *ms[NKEYS];
    int missing[NKEYS] = { 0 }, k, rc;
    nm_report_opts ro;
    nm_table *t;
    size_t n, j;

    cli_report_opts(o, &ro, 0);
    n = pick_metrics(ms, ro.nsim);
    if (!(t = timeline_new(ms, n))) {
        cli_error("%s: out of memory", cmd->name);
        return EXIT_DATA;
    }
    rc = year_range(cmd, o, ds);
    for (k = 0; rc == EXIT_OK && k < nsel; k++)
        rc = run_selection(cmd, o, ds, &sel[k], &ro, ms, n, t, missing);
    for (j = 0; rc == EXIT_OK && j < n; j++)
        if (missing[j])
            fprintf(stderr, "%s: %s: warning: %s not available (no table %s)\n", cli_prog, cmd->name,
                    ms[j]->key, ms[j]->table);
    if (rc == EXIT_OK)
        rc = write_timeline(o, t, &ro);
    nm_table_free(t);
    return rc;
}

int cmd_timeline(const cli_cmd *cmd, cli_opts *o)
{
    cli_selection sel[NM_FILTER_MAX_REGIONS];
    nm_dataset ds;
    int nsel, rc;

    if ((rc = cli_check_format(cmd, o->format, "csv json text")) != EXIT_OK)
        return rc;
    if (o->nyears) {
        cli_error("%s: --year does not apply: give the range with --from and --to", cmd->name);
        return EXIT_USAGE;
    }
    if ((nsel = cli_region_groups(cmd, o, sel)) < 0)
        return EXIT_USAGE;
    rc = cli_load(o, &ds);
    if (rc == EXIT_OK) {
        rc = run_timeline(cmd, o, &ds, sel, nsel);
        nm_dataset_destroy(&ds);
    }
    cli_selections_free(sel, nsel);
    return rc;
}
