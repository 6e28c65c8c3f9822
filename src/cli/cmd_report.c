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
    { "connectivity", nm_section_connectivity, ",connectivity,", 2 },
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

/* The report being written: its header first, then the tables as they come,
 * then its end. The JSON document is written member by member and each
 * table row by row, so that memory does not grow with its size. The bytes
 * are those json_dumpf writes for the root object holding the same
 * members: a table name seen again keeps its first place and takes the
 * later table (json_object_set_new replaces), which the tables of one
 * report never do. */
typedef struct {
    FILE *f;
    const char *fmt;
    const nm_dataset *ds;
    const cli_opts *o;
    const char *desc, *table;   /* table: the one table asked for, or "" */
    nm_json_obj root;
} report_out;

static void out_head(report_out *w)
{
    if (strcmp(w->fmt, "json") == 0) {
        nm_json_open(&w->root, w->f, REPORT_JSON_FLAGS, 0);
        json_member(&w->root, "nestmap", json_string(NM_VERSION));
        json_member(&w->root, "dataset", json_string(w->ds->name));
        json_member(&w->root, "selection", selection_json(w->o, w->desc));
    } else if (strcmp(w->fmt, "text") == 0) {
        fprintf(w->f, "nestmap report: %s\nselection: %s\n", w->ds->name, w->desc);
    }
}

/* Table i of r as a member of the JSON root: 0, -1 or -2. */
static int json_table(report_out *w, const nm_report *r, size_t i)
{
    const nm_table *t = r->tables[i];
    size_t j;

    for (j = 0; j < i; j++)
        if (strcmp(r->tables[j]->name, t->name) == 0)
            return 0;   /* written at its first place */
    for (j = r->ntables; j-- > i;)
        if (strcmp(r->tables[j]->name, t->name) == 0)
            break;
    return nm_json_key(&w->root, t->name) == 0 ? cli_write_json(r->tables[j], w->f, w->root.flags, 1)
                                                : 0;
}

/* A table's write returned rc (0, -1 or -2; -1 from a stream in error is a
 * write error too): an exit code, with a message. */
static int out_status(report_out *w, int rc)
{
    nm_diag d;

    if (rc == -1 && ferror(w->f))
        rc = -2;
    if (rc == -2)
        return write_failed(w->o);
    if (rc < 0) {
        nm_diag_init(&d);
        return cli_report(NM_ENOMEM, &d);
    }
    return EXIT_OK;
}

/* Tables from .. r->ntables of r; an exit code (a message printed). */
static int out_tables(report_out *w, const nm_report *r, size_t from)
{
    size_t i;

    for (i = from; i < r->ntables; i++) {
        const nm_table *t = r->tables[i];
        int rc;
        if (*w->table && strcmp(t->name, w->table) != 0)
            continue;
        if (strcmp(w->fmt, "json") == 0) {
            if ((rc = out_status(w, json_table(w, r, i))) != EXIT_OK)
                return rc;
            continue;
        }
        if (strcmp(w->fmt, "csv") == 0) {
            if (!*w->table)
                fprintf(w->f, "%s# %s: %s\n", i ? "\n" : "", t->name, t->title);
            rc = cli_write_csv(t, w->f);
        } else {
            fputc('\n', w->f);
            rc = cli_write_text(t, w->f);
        }
        if ((rc = out_status(w, rc)) != EXIT_OK)
            return rc;
    }
    return EXIT_OK;
}

static int out_tail(report_out *w)
{
    int rc;

    if (strcmp(w->fmt, "json") != 0)
        return EXIT_OK;
    rc = nm_json_close(&w->root) < 0 ? -1 : 0;
    fputc('\n', w->f);
    return out_status(w, rc);
}

/* cli_report_emit: the tables of the sections computed so far. */
static int emit_tables(void *arg, const nm_report *r, size_t from)
{
    report_out *w = arg;

    return out_tables(w, r, from);
}

/* Computes and writes the report. A file of -o is opened first (a FILE that
 * cannot be written fails before the computing); when it is written under a
 * temporary name until complete, the sections go into it as they come,
 * while the later ones are computed. Into standard output, a FILE written
 * in place (a device, a FIFO), or for one table, the report is written
 * once every section is computed, so that a failure writes nothing. */
static int run_report(report_out *w, cli_opts *o, nm_graph *g, const int *want, nm_report *r)
{
    int early = o->output && strcmp(o->output, "-") != 0 && !*w->table, stream = 0, rc;
    nm_atomic out;

    if (early) {
        if ((rc = cli_out_open(o, &out)) != EXIT_OK)
            return rc;
        cli_catch_interrupts();     /* an interrupt fails the report, the file not written */
        w->f = out.fp;
        if ((stream = out.tmp != NULL))
            out_head(w);
    }
    rc = cli_report_run(g, o, sections, NSECTIONS, want, r, stream ? emit_tables : NULL, w);
    if (rc == EXIT_OK && *w->table && !nm_report_find(r, w->table)) {
        cli_error("report: no section or table called '%s'", w->table);
        rc = EXIT_USAGE;
    }
    if (!early) {
        if (rc != EXIT_OK || (rc = cli_out_open(o, &out)) != EXIT_OK)
            return rc;
        w->f = out.fp;
    }
    if (rc == EXIT_OK && !stream) {
        out_head(w);
        rc = out_tables(w, r, 0);
    }
    return cli_out_close(&out, rc == EXIT_OK ? out_tail(w) : rc);
}

int cmd_report(const cli_cmd *cmd, cli_opts *o)
{
    const char *fmt = o->format ? o->format : "text";
    int want[NSECTIONS], rc;
    char table[64], desc[512];
    nm_dataset ds;
    nm_graph g;
    nm_report r;
    report_out w;

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
    cli_prefault_start();       /* through the load and the selection (cli_load's own is not started) */
    o->lists_only = 1;          /* the igraph_t when the connectivity section needs it */
    if ((rc = cli_load(o, &ds)) == EXIT_OK && (rc = cli_select(o, &ds, &g, 1)) != EXIT_OK)
        nm_dataset_destroy(&ds);
    cli_prefault_stop();
    if (rc != EXIT_OK)
        return rc;
    nm_dataset_drop_members(&ds);     /* the graph has them; the peak is lower without */
    nm_filter_describe(&o->filter, desc, sizeof(desc));
    nm_report_init(&r);
    memset(&w, 0, sizeof(w));
    w.fmt = fmt;
    w.ds = &ds;
    w.o = o;
    w.desc = desc;
    w.table = table;
    rc = run_report(&w, o, &g, want, &r);
    nm_report_destroy(&r);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    return rc;
}
