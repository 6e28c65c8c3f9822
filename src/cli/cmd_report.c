/* cmd_report.c - nestmap report: the metric sections of a selection as text,
 * CSV or JSON (docs/report-format.md). */
#include "cli.h"
#include "nm_report.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each section and the tables it writes (docs/report-format.md), so that
 * asking for one table computes only its section; and whether it calls
 * igraph, which is not thread-safe (report_run.c runs those in the main
 * thread, the others beside them in a second thread). */
static const cli_section sections[] = {
    { "summary", nm_section_summary, ",summary,", 0 },
    { "overlap", nm_section_overlap, ",overlap,overlap_summary,hasse,", 0 },
    { "nesting", nm_section_nesting, ",nesting,state_nesting,", 0 },
    { "centrality", nm_section_centrality, ",states,institutions,", 1 },
    { "inclusion", nm_section_inclusion,
      ",coverage,isolates,outsiders,rivals,rivals_summary,inclusiveness,", 0 },
    { "connectivity", nm_section_connectivity, ",connectivity,", 1 },
    { "resources", nm_section_resources, ",resources,resources_by_region,", 0 },
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/* Does the section write the table called name? */
static int writes_table(size_t k, const char *name)
{
    const char *p = strstr(sections[k].tables, name);
    size_t len = strlen(name);

    return p && p[-1] == ',' && p[len] == ',';
}

/* Which sections --section asks for (all by default); a word that is not a
 * section is taken as the name of a single table to print, and only the
 * section writing it is computed (every section for a name none writes,
 * which then fails as "no section or table"). */
static int pick(const char *list, int *want, char *table, size_t tlen)
{
    size_t i;

    table[0] = '\0';
    for (i = 0; i < NSECTIONS; i++)
        want[i] = list == NULL;
    if (!list)
        return 0;
    want[0] = 1;    /* the summary always comes first */
    while (*list) {
        size_t len = strcspn(list, ","), k;
        int found = 0;
        for (k = 0; k < NSECTIONS; k++)
            if (strlen(sections[k].name) == len && strncmp(sections[k].name, list, len) == 0)
                want[k] = found = 1;
        if (!found) {
            if (table[0] || len >= tlen)
                return -1;
            memcpy(table, list, len);
            table[len] = '\0';
            for (k = 0; k < NSECTIONS; k++)
                found |= want[k] = writes_table(k, table);
            for (k = 0; !found && k < NSECTIONS; k++)
                want[k] = 1;
        }
        list += len;
        if (*list == ',')
            list++;
    }
    return 0;
}

static json_t *selection_json(const cli_opts *o, const char *desc)
{
    json_t *s = json_object(), *regions = json_array(), *roles = json_array();
    unsigned r = o->filter.roles ? o->filter.roles : 1u;
    int i;

    for (i = 0; i < o->filter.nregions; i++)
        json_array_append_new(regions, json_string(o->filter.regions[i]));
    for (i = 0; i < NM_NROLES; i++)
        if (r & (1u << i))
            json_array_append_new(roles, json_string(nm_role_name((nm_role)i)));
    json_object_set_new(s, "rule", json_string(desc));
    json_object_set_new(s, "year", o->filter.year ? json_integer(o->filter.year) : json_null());
    json_object_set_new(s, "regions", regions);
    json_object_set_new(s, "track", o->filter.track ? json_integer(o->filter.track) : json_null());
    json_object_set_new(s, "roles", roles);
    return s;
}

#define REPORT_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* One member of the root object, its value consumed (NULL: left out, as
 * json_object_set_new leaves it out). */
static void json_member(nm_json_obj *root, const char *key, json_t *v)
{
    if (v && nm_json_key(root, key) == 0)
        nm_json_write(v, root->out, root->flags, root->depth + 1);
    json_decref(v);
}

/* A large table's write to the output failed (errno says why): the
 * output file is then removed by cli_out_close. */
static int write_failed(const cli_opts *o)
{
    nm_diag d;

    nm_diag_init(&d);
    if (errno == EBUSY && !(o->output && strcmp(o->output, "-") != 0))
        nm_diag_error(&d, "standard output", 0, "another process wrote to the same file while "
                      "nestmap did: output mixed; write with -o FILE instead");
    else
        nm_diag_error(&d, o->output && strcmp(o->output, "-") != 0 ? o->output : "standard output",
                      0, "cannot write: %s", strerror(errno));
    return cli_report(NM_EIO, &d);
}

/* The JSON document, written member by member and each table row by row, so
 * that memory does not grow with its size. The bytes are those json_dumpf
 * writes for the root object holding the same members: a table name seen
 * again keeps its first place and takes the later table (json_object_set_new
 * replaces), which the tables of one report never do. */
static int write_json(FILE *f, const nm_report *r, const nm_dataset *ds, const cli_opts *o,
                      const char *desc, const char *table)
{
    nm_json_obj root;
    size_t i, j;
    int rc = 0, w;

    nm_json_open(&root, f, REPORT_JSON_FLAGS, 0);
    json_member(&root, "nestmap", json_string(NM_VERSION));
    json_member(&root, "dataset", json_string(ds->name));
    json_member(&root, "selection", selection_json(o, desc));
    for (i = 0; i < r->ntables; i++) {
        const nm_table *t = r->tables[i];
        if (*table && strcmp(t->name, table) != 0)
            continue;
        for (j = 0; j < i; j++)
            if (strcmp(r->tables[j]->name, t->name) == 0)
                break;
        if (j < i)
            continue;   /* written at its first place */
        for (j = r->ntables; j-- > i;)
            if (strcmp(r->tables[j]->name, t->name) == 0)
                break;
        if (nm_json_key(&root, t->name) == 0 && (w = cli_write_json(r->tables[j], f, root.flags, 1)) < 0)
            rc = rc == -2 ? rc : w;
    }
    if (nm_json_close(&root) < 0 && rc == 0)
        rc = -1;
    fputc('\n', f);
    return rc == -2 ? write_failed(o) : rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int write_report(FILE *f, const char *fmt, const nm_report *r, const nm_dataset *ds,
                        const cli_opts *o, const char *desc, const char *table)
{
    size_t i;

    if (strcmp(fmt, "json") == 0)
        return write_json(f, r, ds, o, desc, table);
    if (strcmp(fmt, "text") == 0)
        fprintf(f, "nestmap report: %s\nselection: %s\n", ds->name, desc);
    for (i = 0; i < r->ntables; i++) {
        const nm_table *t = r->tables[i];
        int rc;
        if (*table && strcmp(t->name, table) != 0)
            continue;
        if (strcmp(fmt, "csv") == 0) {
            if (!*table)
                fprintf(f, "%s# %s: %s\n", i ? "\n" : "", t->name, t->title);
            rc = cli_write_csv(t, f);
        } else {
            fputc('\n', f);
            rc = cli_write_text(t, f);
        }
        if (rc == -2)
            return write_failed(o);
        if (rc < 0) {
            nm_diag d;
            nm_diag_init(&d);
            return cli_report(NM_ENOMEM, &d);
        }
    }
    return EXIT_OK;
}

int cmd_report(const cli_cmd *cmd, cli_opts *o)
{
    const char *fmt = o->format ? o->format : "text";
    int want[NSECTIONS], rc;
    char table[64], desc[512];
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    nm_atomic out;

    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0) {
        cli_error("%s: invalid value '%s' for --format (expected text, csv or json)", cmd->name, fmt);
        return EXIT_USAGE;
    }
    if (pick(o->section, want, table, sizeof(table)) < 0) {
        cli_error("%s: invalid --section '%s' (expected summary, overlap, nesting, centrality, "
                  "inclusion, connectivity, resources, or one table name)", cmd->name, o->section);
        return EXIT_USAGE;
    }
    cli_catch_interrupts();     /* from here an interrupt fails the report (report_run.c) */
    if ((rc = cli_load(o, &ds)) != EXIT_OK)
        return rc;
    if ((rc = cli_select(o, &ds, &g, 1)) != EXIT_OK) {
        nm_dataset_destroy(&ds);
        return rc;
    }
    nm_dataset_drop_members(&ds);     /* the graph has them; the peak is lower without */
    nm_filter_describe(&o->filter, desc, sizeof(desc));
    nm_report_init(&r);
    rc = cli_report_run(&g, o, sections, NSECTIONS, want, &r);
    if (rc == EXIT_OK && *table && !nm_report_find(&r, table)) {
        cli_error("%s: no section or table called '%s'", cmd->name, table);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && (rc = cli_out_open(o, &out)) == EXIT_OK)
        rc = cli_out_close(&out, write_report(out.fp, fmt, &r, &ds, o, desc, table));
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    return rc;
}
