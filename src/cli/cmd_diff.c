/* cmd_diff.c - nestmap diff: two data sets compared year by year. */
#include "cli.h"
#include "nm_diff.h"
#include "nm_table.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Reads the first line of path into *line (caller frees); returns 1 when it
 * is a COW state-year header. */
static int peek_cow(const char *path, char **line, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ssize_t n;
    char *s;

    *line = NULL;
    *len = 0;
    if (!f)
        return 0;
    n = getline(line, len, f);
    fclose(f);
    if (n <= 0)
        return 0;
    s = *line + (strncmp(*line, "\xef\xbb\xbf", 3) == 0 ? 3 : 0);
    return strncmp(s, "ccode", 5) == 0 || strncmp(s, "\"ccode\"", 7) == 0;
}

/* Is name one of the columns of header line h? */
static int has_column(const char *h, const char *name)
{
    size_t len = strlen(name);

    while (*h) {
        size_t n = strcspn(h, ",\t\r\n");
        const char *f = h;
        size_t fl = n;
        if (fl >= 2 && f[0] == '"' && f[fl - 1] == '"') { f++; fl -= 2; }
        if (fl == len && memcmp(f, name, len) == 0)
            return 1;
        h += n;
        if (*h) h++;
    }
    return 0;
}

/* The COW columns that other's institutions pair with (other is side A
 * when cow_is_b): a comma-separated list in buf, "" when none. */
static void cow_columns(const nm_dataset *other, const nm_idmap *map, int cow_is_b, const char *hdr,
                        char *buf, size_t len)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < other->ninsts; i++) {
        const char *id = other->insts[i].id, *col = id;
        const nm_idmap_entry *e = cow_is_b ? nm_idmap_find_a(map, id) : nm_idmap_find_b(map, id);
        if (e)
            col = cow_is_b ? e->b : e->a;
        else if (cow_is_b ? nm_idmap_find_b(map, id) != NULL : nm_idmap_find_a(map, id) != NULL)
            continue;
        if (!*col || !has_column(hdr, col) || used + strlen(col) + 2 > len)
            continue;
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", col);
    }
}

static int load_one(cli_opts *o, const char *path, const char *igos, nm_dataset *ds)
{
    nm_load_opts lo = o->load;
    nm_diag d;
    nm_status s;

    if (igos)
        lo.igos = igos;
    nm_diag_init(&d);
    lo.exec = cli_thread_exec;
    s = nm_dataset_load(ds, path, &lo, &d);
    if (s != NM_OK)
        return cli_report(s, &d);
    cli_warnings(&d);
    return EXIT_OK;
}

/* Loads both data sets. Without --igo, a COW side is read only for the
 * columns the other side's institutions pair with. */
static int load_both(cli_opts *o, const nm_idmap *map, nm_dataset *a, nm_dataset *b)
{
    static char cols[65536];
    char *h0, *h1;
    size_t l0, l1;
    int cow0 = peek_cow(o->args[0], &h0, &l0), cow1 = peek_cow(o->args[1], &h1, &l1), rc;
    int auto_igo = !o->load.igos && o->load.format != NM_FORMAT_DATASET && cow0 != cow1;

    cli_default_dataset(o);     /* fills o->datadir */
    o->load.datadir = o->datadir;
    if (auto_igo && cow0) {
        rc = load_one(o, o->args[1], NULL, b);
        if (rc == EXIT_OK) {
            cow_columns(b, map, 0, h0, cols, sizeof(cols));
            rc = load_one(o, o->args[0], *cols ? cols : NULL, a);
            if (rc != EXIT_OK) nm_dataset_destroy(b);
        }
    } else {
        rc = load_one(o, o->args[0], NULL, a);
        if (rc == EXIT_OK) {
            if (auto_igo)
                cow_columns(a, map, 1, h1, cols, sizeof(cols));
            rc = load_one(o, o->args[1], auto_igo && *cols ? cols : NULL, b);
            if (rc != EXIT_OK) nm_dataset_destroy(a);
        }
    }
    free(h0);
    free(h1);
    return rc;
}

static void roles_desc(unsigned roles, char *buf, size_t len)
{
    size_t used = 0;
    int r;

    buf[0] = '\0';
    if (!roles)
        roles = 1u << NM_ROLE_FULL;
    for (r = 0; r < NM_NROLES; r++)
        if (roles & (1u << r))
            used += (size_t)snprintf(buf + used, len > used ? len - used : 0, "%s%s", used ? "," : "",
                                     nm_role_name((nm_role)r));
}

static const char *const span_cols[] = { "state", "institution", "from", "to", "in_a", "in_b",
                                         "role_a", "role_b" };

static void span_row(nm_table *t, long row, const nm_diff *r, const nm_diff_span *s,
                     const nm_dataset *a, const nm_dataset *b)
{
    const nm_diff_inst *p = &r->insts[s->pair];

    nm_table_str(t, row, 0, s->state_a >= 0 ? a->states[s->state_a].id : b->states[s->state_b].id);
    nm_table_str(t, row, 1, a->insts[p->a].id);
    nm_table_int(t, row, 2, s->from);
    nm_table_int(t, row, 3, s->to);
    nm_table_str(t, row, 4, nm_diff_cell_name(s->a));
    nm_table_str(t, row, 5, nm_diff_cell_name(s->b));
    if (s->a == NM_DIFF_IN) nm_table_str(t, row, 6, nm_role_name(s->role_a));
    if (s->b == NM_DIFF_IN) nm_table_str(t, row, 7, nm_role_name(s->role_b));
}

/* The spans as a table (lone too when both is set: the CSV output). */
static nm_table *spans_table(const char *name, const char *title, const nm_diff *r,
                             const nm_diff_span *v, size_t n, const nm_diff_span *v2, size_t n2,
                             const nm_dataset *a, const nm_dataset *b)
{
    nm_table *t = nm_table_new(name, title, NM_TABLE_ARRAY, 8, span_cols);
    size_t i;
    long row;

    for (i = 0; t && i < n + n2; i++) {
        if ((row = nm_table_add_row(t)) < 0) {
            nm_table_free(t);
            return NULL;
        }
        span_row(t, row, r, i < n ? &v[i] : &v2[i - n], a, b);
    }
    return t;
}

static nm_table *summary_table(const nm_diff *r, const nm_dataset *a, const nm_dataset *b)
{
    static const char *const cols[] = { "institution_a", "institution_b", "first", "last", "years",
                                        "agree", "disagree", "only_a", "only_b", "role", "missing",
                                        "no_state", "lone" };
    nm_table *t = nm_table_new("summary", "Per institution (state-years)", NM_TABLE_ARRAY, 13, cols);
    size_t i;
    long row;

    for (i = 0; t && i < r->npairs; i++) {
        const nm_diff_inst *p = &r->insts[i];
        if ((row = nm_table_add_row(t)) < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_str(t, row, 0, a->insts[p->a].id);
        nm_table_str(t, row, 1, b->insts[p->b].id);
        if (p->years) { nm_table_int(t, row, 2, p->first); nm_table_int(t, row, 3, p->last); }
        nm_table_int(t, row, 4, p->years);
        nm_table_int(t, row, 5, p->agree);
        nm_table_int(t, row, 6, p->only_a + p->only_b + p->role);
        nm_table_int(t, row, 7, p->only_a);
        nm_table_int(t, row, 8, p->only_b);
        nm_table_int(t, row, 9, p->role);
        nm_table_int(t, row, 10, p->missing);
        nm_table_int(t, row, 11, p->nostate);
        nm_table_int(t, row, 12, p->lone);
    }
    if (t && nm_table_set_note(t, "years: years with a member on either side; agree: both hold (same role); "
                               "disagree = only_a + only_b + role;\nmissing: a COW -9 cell against a "
                               "membership or non-membership; no_state: one holds where the other has "
                               "no such state that year;\nlone: memberships of states the other data "
                               "set lacks.") < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

static nm_table *unmatched_table(const nm_diff *r, const nm_dataset *a, const nm_dataset *b)
{
    static const char *const cols[] = { "side", "institution", "note" };
    nm_table *t = nm_table_new("unmatched", "Institutions in only one data set", NM_TABLE_ARRAY, 3, cols);
    size_t i;
    long row;

    for (i = r->npairs; t && i < r->ninsts; i++) {
        const nm_diff_inst *p = &r->insts[i];
        if ((row = nm_table_add_row(t)) < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_str(t, row, 0, p->a >= 0 ? "a" : "b");
        nm_table_str(t, row, 1, p->a >= 0 ? a->insts[p->a].id : b->insts[p->b].id);
        if (p->note) nm_table_str(t, row, 2, p->note);
    }
    return t;
}

typedef struct {
    nm_table *t[4];         /* differences, lone_states, summary, unmatched */
} diff_tables;

static int make_tables(diff_tables *dt, const nm_diff *r, const nm_dataset *a, const nm_dataset *b,
                       int csv)
{
    memset(dt, 0, sizeof(*dt));
    dt->t[0] = spans_table("differences", "Memberships on which A and B disagree", r, r->spans,
                           r->nspans, r->lone, csv ? r->nlone : 0, a, b);
    if (csv)
        return dt->t[0] ? 0 : -1;
    dt->t[1] = spans_table("lone_states", "Memberships of states in only one data set", r, r->lone,
                           r->nlone, NULL, 0, a, b);
    dt->t[2] = summary_table(r, a, b);
    dt->t[3] = unmatched_table(r, a, b);
    return dt->t[0] && dt->t[1] && dt->t[2] && dt->t[3] ? 0 : -1;
}

static void free_tables(diff_tables *dt)
{
    int i;

    for (i = 0; i < 4; i++)
        nm_table_free(dt->t[i]);
}

static int write_json(FILE *f, const diff_tables *dt, const nm_diff *r, const nm_dataset *a,
                      const nm_dataset *b, const char *roles)
{
    json_t *root = json_pack("{s:s, s:s, s:i, s:i, s:s}", "a", a->name, "b", b->name,
                             "from", r->from, "to", r->to, "roles", roles);
    int i, rc;

    if (!root)
        return -1;
    for (i = 0; i < 4; i++)
        json_object_set_new(root, dt->t[i]->name, nm_table_json(dt->t[i]));
    rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(root);
    return rc;
}

static void write_text(FILE *f, const diff_tables *dt, const nm_diff *r, const nm_dataset *a,
                       const nm_dataset *b, const char *roles)
{
    int i;

    fprintf(f, "a      %s\nb      %s\nyears  %d-%d\nroles  %s\n", a->name, b->name, r->from, r->to, roles);
    for (i = 0; i < 4; i++) {
        fputc('\n', f);
        nm_table_write_text(dt->t[i], f);
    }
}

static int write_diff(cli_opts *o, const nm_diff *r, const nm_dataset *a, const nm_dataset *b,
                      const char *fmt)
{
    diff_tables dt;
    nm_atomic out;
    char roles[80];
    int rc, csv = strcmp(fmt, "csv") == 0;

    roles_desc(o->filter.roles, roles, sizeof(roles));
    if (make_tables(&dt, r, a, b, csv) < 0) {
        free_tables(&dt);
        cli_error("out of memory");
        return EXIT_DATA;
    }
    rc = cli_out_open(o, &out);
    if (rc == EXIT_OK) {
        if (csv)
            nm_table_write_csv(dt.t[0], out.fp);
        else if (strcmp(fmt, "json") == 0)
            rc = write_json(out.fp, &dt, r, a, b, roles) == 0 ? EXIT_OK : EXIT_DATA;
        else
            write_text(out.fp, &dt, r, a, b, roles);
        rc = cli_out_close(&out, rc);
    }
    free_tables(&dt);
    return rc;
}

static int check_args(const cli_cmd *cmd, cli_opts *o, const char **fmt)
{
    *fmt = o->format ? o->format : "text";
    if (strcmp(*fmt, "text") != 0 && strcmp(*fmt, "csv") != 0 && strcmp(*fmt, "json") != 0) {
        cli_error("%s: invalid value '%s' for --format (expected text, csv or json)", cmd->name, *fmt);
        return EXIT_USAGE;
    }
    if (o->nargs != 2) {
        cli_error("%s: expected two data sets, got %d", cmd->name, o->nargs);
        cli_usage(cmd, stderr);
        return EXIT_USAGE;
    }
    if (o->filter.year || o->filter.nregions || o->filter.types || o->filter.track) {
        cli_error("%s: only --roles of the selection options applies (use --from and --to for years)",
                  cmd->name);
        return EXIT_USAGE;
    }
    if (o->from && o->to && o->from > o->to) {
        cli_error("%s: --from %d is after --to %d", cmd->name, o->from, o->to);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_diff(const cli_cmd *cmd, cli_opts *o)
{
    nm_dataset a, b;
    nm_idmap map = { NULL, 0 };
    nm_diff_opts dopt;
    nm_diff r;
    nm_diag d;
    nm_status s;
    const char *fmt;
    int rc;

    if ((rc = check_args(cmd, o, &fmt)) != EXIT_OK)
        return rc;
    nm_diag_init(&d);
    if (o->map && (s = nm_idmap_load(&map, o->map, &d)) != NM_OK)
        return cli_report(s, &d);
    if ((rc = load_both(o, &map, &a, &b)) != EXIT_OK) {
        nm_idmap_destroy(&map);
        return rc;
    }
    dopt = (nm_diff_opts){ o->filter.roles, o->from, o->to, o->map ? &map : NULL };
    s = nm_diff_run(&r, &a, &b, &dopt, &d);
    rc = s == NM_OK ? write_diff(o, &r, &a, &b, fmt) : cli_report(s, &d);
    nm_diff_destroy(&r);
    nm_dataset_destroy(&a);
    nm_dataset_destroy(&b);
    nm_idmap_destroy(&map);
    return rc;
}
