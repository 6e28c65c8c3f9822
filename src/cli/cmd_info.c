/* cmd_info.c - nestmap info: what a data set (and a selection of it) holds. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key;
    long n;
} tally;

/* Adds one to key's count in t (keys are borrowed). */
static void count(tally *t, size_t *nt, const char *key)
{
    size_t i;

    for (i = 0; i < *nt; i++)
        if (strcmp(t[i].key, key) == 0) {
            t[i].n++;
            return;
        }
    t[*nt].key = key;
    t[*nt].n = 1;
    (*nt)++;
}

static int cmp_tally(const void *a, const void *b)
{
    return strcmp(((const tally *)a)->key, ((const tally *)b)->key);
}

typedef struct {
    tally *regions, *types, *roles;
    size_t nregions, ntypes, nroles;
    long nonstate, uncertain;
    int first, last;
} summary;

static int summarise(const nm_dataset *ds, summary *s)
{
    size_t i;

    memset(s, 0, sizeof(*s));
    s->regions = calloc(ds->nstates + 1, sizeof(tally));
    s->types = calloc(NM_NTYPES, sizeof(tally));
    s->roles = calloc(NM_NROLES, sizeof(tally));
    if (!s->regions || !s->types || !s->roles)
        return -1;
    for (i = 0; i < ds->nstates; i++) {
        count(s->regions, &s->nregions, *ds->states[i].region ? ds->states[i].region : "(none)");
        s->nonstate += ds->states[i].nonstate;
    }
    for (i = 0; i < ds->ninsts; i++)
        count(s->types, &s->ntypes, nm_type_name(ds->insts[i].type));
    for (i = 0; i < ds->nmembers; i++) {
        count(s->roles, &s->nroles, nm_role_name(ds->members[i].role));
        s->uncertain += ds->members[i].uncertain;
    }
    qsort(s->regions, s->nregions, sizeof(tally), cmp_tally);
    qsort(s->types, s->ntypes, sizeof(tally), cmp_tally);
    qsort(s->roles, s->nroles, sizeof(tally), cmp_tally);
    nm_dataset_years(ds, &s->first, &s->last);
    return 0;
}

static void free_summary(summary *s)
{
    free(s->regions);
    free(s->types);
    free(s->roles);
}

static void print_tally(FILE *f, const char *label, const tally *t, size_t n)
{
    size_t i;

    fprintf(f, "%-14s", label);
    for (i = 0; i < n; i++)
        fprintf(f, "%s%s %ld", i ? ", " : "", t[i].key, t[i].n);
    fputs(n ? "\n" : "(none)\n", f);
}

static const char *format_name(const nm_dataset *ds)
{
    return ds->format == NM_FORMAT_COW ? "Correlates of War IGO state-year data" : "nestmap data set";
}

static void info_text(FILE *f, const nm_dataset *ds, const summary *s, const nm_graph *g, const char *desc)
{
    fprintf(f, "data set      %s (%s)\n", ds->name, format_name(ds));
    fprintf(f, "states        %zu (%ld non-state)%s\n", ds->nstates, s->nonstate,
            ds->has_states ? "" : " [no states.csv: taken from the memberships]");
    fprintf(f, "institutions  %zu%s\n", ds->ninsts,
            ds->has_insts || ds->format == NM_FORMAT_COW ? "" : " [no institutions.csv: taken from the memberships]");
    fprintf(f, "memberships   %zu rows (%ld marked uncertain)\n", ds->nmembers, s->uncertain);
    fprintf(f, "rivalries     %zu\n", ds->nrivals);
    if (s->first)
        fprintf(f, "years         %d-%d (first and last year a membership row names)\n", s->first, s->last);
    else
        fputs("years         (none given)\n", f);
    print_tally(f, "regions", s->regions, s->nregions);
    print_tally(f, "types", s->types, s->ntypes);
    print_tally(f, "roles", s->roles, s->nroles);
    if (ds->format == NM_FORMAT_COW)
        fprintf(f, "COW codes     %ld cells -9 (missing), %ld cells -1 (not applicable), "
                   "%ld rows without a crosswalk entry; none read as non-membership\n",
                ds->cow_missing, ds->cow_na, ds->cow_unmapped);
    fprintf(f, "\nselection     %s\n", desc);
    fprintf(f, "  states        %d\n  institutions  %d\n  memberships   %ld\n",
            g->nstates, g->ninsts, g->nedges);
}

static json_t *tally_json(const tally *t, size_t n)
{
    json_t *o = json_object();
    size_t i;

    for (i = 0; i < n; i++)
        json_object_set_new(o, t[i].key, json_integer(t[i].n));
    return o;
}

static int info_json(FILE *f, const nm_dataset *ds, const summary *s, const nm_graph *g, const char *desc)
{
    json_t *root = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
                             "dataset", ds->name, "format", ds->format == NM_FORMAT_COW ? "cow" : "dataset",
                             "states", (json_int_t)ds->nstates, "nonstate", (json_int_t)s->nonstate,
                             "institutions", (json_int_t)ds->ninsts, "memberships", (json_int_t)ds->nmembers,
                             "uncertain", (json_int_t)s->uncertain, "rivalries", (json_int_t)ds->nrivals);
    int rc;

    if (!root)
        return -1;
    json_object_set_new(root, "first_year", s->first ? json_integer(s->first) : json_null());
    json_object_set_new(root, "last_year", s->first ? json_integer(s->last) : json_null());
    json_object_set_new(root, "regions", tally_json(s->regions, s->nregions));
    json_object_set_new(root, "types", tally_json(s->types, s->ntypes));
    json_object_set_new(root, "roles", tally_json(s->roles, s->nroles));
    if (ds->format == NM_FORMAT_COW)
        json_object_set_new(root, "cow", json_pack("{s:I, s:I, s:I}", "missing", (json_int_t)ds->cow_missing,
                                                   "not_applicable", (json_int_t)ds->cow_na,
                                                   "unmapped_rows", (json_int_t)ds->cow_unmapped));
    json_object_set_new(root, "selection", json_pack("{s:s, s:i, s:i, s:I}", "rule", desc,
                                                     "states", g->nstates, "institutions", g->ninsts,
                                                     "memberships", (json_int_t)g->nedges));
    rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(root);
    return rc;
}

int cmd_info(const cli_cmd *cmd, cli_opts *o)
{
    nm_dataset ds;
    nm_graph g;
    nm_atomic out;
    summary s;
    char desc[512];
    int rc, json = 0;

    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0) {
        cli_error("%s: invalid value '%s' for --format (expected text or json)", cmd->name, o->format);
        return EXIT_USAGE;
    }
    json = o->format && strcmp(o->format, "json") == 0;
    if ((rc = cli_load(o, &ds)) != EXIT_OK)
        return rc;
    if ((rc = cli_select(o, &ds, &g, 0)) != EXIT_OK) {
        nm_dataset_destroy(&ds);
        return rc;
    }
    nm_filter_describe(&o->filter, desc, sizeof(desc));
    rc = summarise(&ds, &s) == 0 ? cli_out_open(o, &out) : EXIT_DATA;
    if (rc == EXIT_OK) {
        if (json)
            rc = info_json(out.fp, &ds, &s, &g, desc) == 0 ? EXIT_OK : EXIT_DATA;
        else
            info_text(out.fp, &ds, &s, &g, desc);
        rc = cli_out_close(&out, rc);
    }
    free_summary(&s);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    return rc;
}
