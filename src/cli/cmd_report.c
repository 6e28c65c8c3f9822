/* cmd_report.c - nestmap report: the metric sections of a selection as text,
 * CSV or JSON (docs/report-format.md). */
#include "cli.h"
#include "nm_centrality.h"
#include "nm_connectivity.h"
#include "nm_report.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef nm_status (*section_fn)(const nm_graph *, const nm_report_opts *, nm_report *, nm_diag *);

/* Each section and the tables it writes (docs/report-format.md), so that
 * asking for one table computes only its section; and whether it calls
 * igraph, which is not thread-safe: those sections run one after another
 * in the main thread, the others beside them in a second thread. */
static const struct {
    const char *name;
    section_fn fn;
    const char *tables;
    int igraph;
} sections[] = {
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
    int rc = 0;

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
        if (nm_json_key(&root, t->name) == 0 && nm_table_write_json(r->tables[j], f, root.flags, 1) < 0)
            rc = -1;
    }
    if (nm_json_close(&root) < 0)
        rc = -1;
    fputc('\n', f);
    return rc == 0 ? EXIT_OK : EXIT_DATA;
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
        if (*table && strcmp(t->name, table) != 0)
            continue;
        if (strcmp(fmt, "csv") == 0) {
            if (!*table)
                fprintf(f, "%s# %s: %s\n", i ? "\n" : "", t->name, t->title);
            nm_table_write_csv(t, f);
        } else {
            fputc('\n', f);
            nm_table_write_text(t, f);
        }
    }
    return EXIT_OK;
}

/* Work the second thread does first for a section of the first, handed
 * over through the scratch's hooks: the centrality section's co-membership
 * strength and the connectivity section's communities. */
typedef struct {
    int wanted;             /* set before the second thread starts */
    int done, rc;           /* under the job's lock; rc 0, -1 (no memory), -2 (stopped) */
} handover;

/* The sections being computed: each into its own report and diagnostic,
 * so that the two threads share nothing they write. */
typedef struct {
    const nm_graph *g;
    const nm_report_opts *ro, *ro_igraph;  /* the igraph thread's has a scratch */
    nm_report_scratch *scratch;
    const int *want;
    nm_report part[NSECTIONS];
    nm_diag d[NSECTIONS];
    nm_status s[NSECTIONS];
    handover hs, hc;        /* strength, communities */
    double *strength;       /* [nstates], with co_members: hs's */
    int *co_members;
    int *memb;              /* [V]: hc's */
    igraph_rng_t rng;       /* hc's generator, made and seeded by the first thread */
    size_t queue[NSECTIONS], nqueue, next;  /* the igraph-free sections to take */
    int failed;             /* a section failed: take no more (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t ready;
} build_job;

static void handover_done(build_job *j, handover *h, int rc)
{
    pthread_mutex_lock(&j->lock);
    h->rc = rc;
    h->done = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
}

static int handover_wait(build_job *j, handover *h)
{
    pthread_mutex_lock(&j->lock);
    while (!h->done)
        pthread_cond_wait(&j->ready, &j->lock);
    pthread_mutex_unlock(&j->lock);
    return h->rc;
}

/* In the second thread: nm_projection_strength into the job. */
static void count_strength(build_job *j)
{
    size_t n = (size_t)j->g->nstates + 1;
    int rc = -2;

    if (!cli_stop) {
        j->strength = malloc(n * sizeof(double));
        j->co_members = malloc(n * sizeof(int));
        rc = j->strength && j->co_members && nm_projection_strength(j->g, j->strength,
                                                                    j->co_members) == 0 ? 0 : -1;
    }
    handover_done(j, &j->hs, rc);
}

/* scratch->strength_get, in the first thread: waits for count_strength. */
static int strength_get(void *arg, const nm_graph *g, double *strength, int *co_members)
{
    build_job *j = arg;
    int rc = handover_wait(j, &j->hs);

    if (g != j->g)
        return nm_projection_strength(g, strength, co_members);
    if (rc == 0) {
        memcpy(strength, j->strength, (size_t)g->nstates * sizeof(double));
        memcpy(co_members, j->co_members, (size_t)g->nstates * sizeof(int));
    }
    return rc;
}

/* In the second thread: the communities into the job, drawing from j->rng. */
static void find_communities(build_job *j)
{
    size_t n = (size_t)j->g->nstates + j->g->ninsts + 1;
    int rc = -2;

    if (!cli_stop) {
        j->memb = malloc(n * sizeof(int));
        rc = j->memb && nm_connectivity_louvain(j->g, &j->rng, j->memb) == NM_OK ? 0 : -1;
    }
    handover_done(j, &j->hc, rc);
}

/* scratch->communities_get, in the first thread: waits for find_communities. */
static int communities_get(void *arg, const nm_graph *g, unsigned long seed, int *membership)
{
    build_job *j = arg;
    int rc = handover_wait(j, &j->hc);
    igraph_rng_t rng;

    if (g != j->g || seed != j->ro_igraph->seed) {
        if (igraph_rng_init(&rng, igraph_rng_default()->type) != IGRAPH_SUCCESS)
            return -1;
        igraph_rng_seed(&rng, (igraph_uint_t)seed);
        rc = nm_connectivity_louvain(g, &rng, membership) == NM_OK ? 0 : -1;
        igraph_rng_destroy(&rng);
        return rc;
    }
    if (rc == 0)
        memcpy(membership, j->memb, ((size_t)g->nstates + g->ninsts) * sizeof(int));
    return rc;
}

/* The wanted igraph-free sections in the order they are taken: nesting
 * (the null model) and overlap first, as they usually take longest. */
static void queue_plain(build_job *j)
{
    static const char *const first[] = { "nesting", "overlap" };
    size_t i, k;

    for (k = 0; k <= 2; k++)
        for (i = 0; i < NSECTIONS; i++)
            if (j->want[i] && !sections[i].igraph
                && (k < 2 ? strcmp(sections[i].name, first[k]) == 0
                          : strcmp(sections[i].name, first[0]) != 0
                            && strcmp(sections[i].name, first[1]) != 0))
                j->queue[j->nqueue++] = i;
}

static void run_one(build_job *j, size_t i, const nm_report_opts *ro)
{
    if ((j->s[i] = sections[i].fn(j->g, ro, &j->part[i], &j->d[i])) != NM_OK) {
        pthread_mutex_lock(&j->lock);
        j->failed = 1;
        pthread_mutex_unlock(&j->lock);
    }
}

static int failed(build_job *j)
{
    int f;

    pthread_mutex_lock(&j->lock);
    f = j->failed;
    pthread_mutex_unlock(&j->lock);
    return f;
}

/* Runs the igraph sections in order (in the first thread only). */
static void run_igraph(build_job *j)
{
    size_t i;

    for (i = 0; i < NSECTIONS && !failed(j); i++)
        if (j->want[i] && sections[i].igraph)
            run_one(j, i, j->ro_igraph);
}

/* Takes igraph-free sections off the queue and runs them, until none is
 * left or one has failed; either thread may call it. */
static void run_queue(build_job *j)
{
    for (;;) {
        size_t i;
        pthread_mutex_lock(&j->lock);
        i = !j->failed && j->next < j->nqueue ? j->queue[j->next++] : NSECTIONS;
        pthread_mutex_unlock(&j->lock);
        if (i == NSECTIONS)
            return;
        run_one(j, i, j->ro);
    }
}

static void *run_plain(void *arg)
{
    build_job *j = arg;

    if (j->hs.wanted)
        count_strength(j);
    if (j->hc.wanted)
        find_communities(j);
    run_queue(j);
    return NULL;
}

/* Runs the sections that call igraph in this thread and the others in a
 * second one, which first counts the centrality section's co-membership
 * strength and finds the connectivity section's communities; this thread
 * takes igraph-free sections too once its own are done (all inline when no
 * thread is needed or can be had). Each section's result does not depend on
 * the thread that computed it, so the report is the same as computed one
 * section after another. */
static void run_all(build_job *j)
{
    int mixed[2] = { 0, 0 };
    pthread_t t;
    size_t i;

    for (i = 0; i < NSECTIONS; i++) {
        mixed[sections[i].igraph] |= j->want[i];
        j->hs.wanted |= j->want[i] && sections[i].fn == nm_section_centrality;
        j->hc.wanted |= j->want[i] && sections[i].fn == nm_section_connectivity
                        && igraph_vcount(&j->g->g) > 0;
    }
    if (j->hc.wanted && igraph_rng_init(&j->rng, igraph_rng_default()->type) != IGRAPH_SUCCESS)
        j->hc.wanted = 0;
    if (j->hc.wanted)
        igraph_rng_seed(&j->rng, (igraph_uint_t)j->ro_igraph->seed);
    queue_plain(j);
    if ((mixed[0] || j->hs.wanted || j->hc.wanted) && mixed[1]
        && pthread_create(&t, NULL, run_plain, j) == 0) {
        if (j->hs.wanted) {
            j->scratch->strength_get = strength_get;
            j->scratch->strength_arg = j;
        }
        if (j->hc.wanted) {
            j->scratch->communities_get = communities_get;
            j->scratch->communities_arg = j;
        }
        run_igraph(j);
        run_queue(j);       /* what the second thread has not taken yet */
        pthread_join(t, NULL);
    } else {
        run_queue(j);
        run_igraph(j);
    }
    if (j->hc.wanted)
        igraph_rng_destroy(&j->rng);
}

/* The sections' tables into r in section order; the first failure (in
 * section order) is reported, and every section's warnings printed. */
static int gather(build_job *j, nm_report *r)
{
    int rc = EXIT_OK, bad;
    size_t i, k;

    for (i = 0; i < NSECTIONS; i++) {
        if (!j->want[i] || rc != EXIT_OK)
            continue;
        if (j->s[i] != NM_OK) {
            rc = cli_report(j->s[i], &j->d[i]);
            continue;
        }
        for (k = 0, bad = 0; k < j->part[i].ntables; k++)
            bad |= nm_report_add(r, j->part[i].tables[k]) < 0;
        j->part[i].ntables = 0;         /* r owns them now, or freed them */
        if (bad)
            rc = cli_report(NM_ENOMEM, &j->d[i]);
        else
            cli_warnings(&j->d[i]);
    }
    for (i = 0; i < NSECTIONS; i++)
        nm_report_destroy(&j->part[i]);
    return rc;
}

static int build(const nm_graph *g, const cli_opts *o, const int *want, nm_report *r)
{
    nm_report_opts ro, ro_igraph;
    nm_report_scratch scratch;
    build_job *j = calloc(1, sizeof(*j));
    size_t i;
    int rc;

    if (!j) {
        cli_error("%s", nm_strstatus(NM_ENOMEM));
        return EXIT_DATA;
    }
    nm_report_opts_init(&ro);
    if (o->nsim >= 0)
        ro.nsim = o->nsim;
    if (o->seed)
        ro.seed = o->seed;
    ro.exact = o->exact;
    ro.betw_samples = o->betw_samples;
    ro.stop = &cli_stop;
    ro.progress = cli_progress;
    cli_catch_interrupts();
    memset(&scratch, 0, sizeof(scratch));
    ro_igraph = ro;
    ro_igraph.scratch = &scratch;   /* centrality leaves co-member counts for connectivity */
    j->g = g;
    j->ro = &ro;
    j->ro_igraph = &ro_igraph;
    j->scratch = &scratch;
    j->want = want;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->ready, NULL);
    for (i = 0; i < NSECTIONS; i++) {
        nm_report_init(&j->part[i]);
        nm_diag_init(&j->d[i]);
        j->s[i] = NM_OK;
    }
    run_all(j);
    rc = gather(j, r);
    nm_report_scratch_destroy(&scratch);
    pthread_mutex_destroy(&j->lock);
    pthread_cond_destroy(&j->ready);
    free(j->strength);
    free(j->co_members);
    free(j->memb);
    free(j);
    return rc;
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
    if ((rc = cli_load(o, &ds)) != EXIT_OK)
        return rc;
    if ((rc = cli_select(o, &ds, &g, 1)) != EXIT_OK) {
        nm_dataset_destroy(&ds);
        return rc;
    }
    nm_filter_describe(&o->filter, desc, sizeof(desc));
    nm_report_init(&r);
    rc = build(&g, o, want, &r);
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
