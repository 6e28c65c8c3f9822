/* report_run.c - computing the sections of `nestmap report` on two cores.
 *
 * igraph is not thread-safe, so the sections that call it (centrality,
 * connectivity) run one after another in the calling thread. A second
 * thread first counts the co-membership strength the centrality section
 * needs and hands it over through a hook of nm_report_scratch, then takes
 * igraph-free sections from a queue, as the first thread does once its own
 * are done. The connectivity section's communities (igraph-free too) are
 * found by whichever thread gets to them first: the first thread when the
 * section asks for them (through the other hook), or the second once the
 * queue is empty. Each section fills its own tables and diagnostic,
 * gathered afterwards in section order, so the report is the same as
 * computed one section after another. When the caller writes the report
 * as it comes (emit), a third thread gathers each section as soon as it and
 * every section before it are computed and hands its tables over, so that
 * the summary and overlap tables (on large data, gigabytes of overlap
 * rows, taken first) are written while the rest is computed. The library
 * starts no thread: this is the CLI's doing.
 */
#include "cli.h"
#include "nm_centrality.h"
#include "nm_connectivity.h"
#include "nm_overlap.h"
#include "nm_report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Work the second thread does first for a section of the first, handed
 * over through the scratch's hooks: the centrality section's co-membership
 * strength and the connectivity section's communities. */
typedef struct {
    int wanted;             /* set before the second thread starts */
    int claimed;            /* under the job's lock: a thread has taken the work on */
    int done, rc;           /* under the job's lock; rc 0, -1 (no memory), -2 (stopped) */
} handover;

/* The sections being computed: each into its own report and diagnostic,
 * so that the two threads share nothing they write. */
typedef struct {
    const cli_section *secs;
    size_t n;               /* sections in secs (at most CLI_MAX_SECTIONS) */
    nm_graph *g;            /* the igraph_t added before a section reads it */
    const nm_report_opts *ro, *ro_igraph;  /* the igraph thread's has a scratch */
    nm_report_scratch *scratch;
    const int *want;
    nm_report part[CLI_MAX_SECTIONS];
    nm_diag d[CLI_MAX_SECTIONS];
    nm_status s[CLI_MAX_SECTIONS];
    handover hs, hc;        /* strength, communities */
    double *strength;       /* [nstates], with co_members: hs's */
    int *co_members;
    int *memb;              /* [V]: hc's */
    igraph_rng_t rng;       /* hc's generator, made and seeded by the first thread */
    size_t queue[CLI_MAX_SECTIONS], nqueue, next;  /* the igraph-free sections to take */
    size_t nearly;          /* the first nearly of them go before the strength */
    int failed;             /* a section failed: take no more (under lock) */
    int done[CLI_MAX_SECTIONS];     /* under lock: the section has been computed */
    int over;               /* under lock: no section will be computed any more */
    cli_report_emit emit;   /* the writer of the report as it comes, or NULL */
    void *emit_arg;
    nm_report *out;         /* the report gathered, when emitting */
    int emit_rc;
    cli_pairs pairs;        /* a thread done with its sections helps the null model */
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

/* Takes the work of h on unless a thread already has; returns 1 if taken. */
static int handover_claim(build_job *j, handover *h)
{
    int mine;

    pthread_mutex_lock(&j->lock);
    mine = !h->claimed;
    h->claimed = 1;
    pthread_mutex_unlock(&j->lock);
    return mine;
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

/* scratch->communities_get, in the first thread: finds the communities
 * unless the second thread already is, then waits for them. */
static int communities_get(void *arg, const nm_graph *g, unsigned long seed, int *membership)
{
    build_job *j = arg;
    int rc;

    if (g != j->g || seed != j->ro_igraph->seed)
        return nm_connectivity_louvain_seed(g, seed, membership) == NM_OK ? 0 : -1;
    if (handover_claim(j, &j->hc))
        find_communities(j);
    rc = handover_wait(j, &j->hc);
    if (rc == 0)
        memcpy(membership, j->memb, ((size_t)g->nstates + g->ninsts) * sizeof(int));
    return rc;
}

/* The wanted igraph-free sections in the order they are taken: nesting
 * (the null model) and overlap first, as they usually take longest; when the
 * report is written as it comes, the summary and overlap first of all (they
 * open the report), before the second thread counts the strength. */
static void queue_plain(build_job *j)
{
    static const char *const order[2][3] = { { "nesting", "overlap", NULL },
                                              { "summary", "overlap", "nesting" } };
    const char *const *first = order[j->emit != NULL];
    size_t i, k, f;

    for (k = 0; k <= 3; k++)
        for (i = 0; i < j->n; i++) {
            if (!j->want[i] || j->secs[i].igraph)
                continue;
            for (f = 0; f < 3 && !(first[f] && strcmp(j->secs[i].name, first[f]) == 0); f++)
                ;
            if (f == k) {
                j->queue[j->nqueue++] = i;
                if (j->emit && k < 2)
                    j->nearly = j->nqueue;
            }
        }
}

/* Section i is over with status s. */
static void finish(build_job *j, size_t i, nm_status s)
{
    j->s[i] = s;
    pthread_mutex_lock(&j->lock);
    j->failed |= s != NM_OK;
    j->done[i] = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
}

static void run_one(build_job *j, size_t i, const nm_report_opts *ro)
{
    finish(j, i, j->secs[i].fn(j->g, ro, &j->part[i], &j->d[i]));
}

static int failed(build_job *j)
{
    int f;

    pthread_mutex_lock(&j->lock);
    f = j->failed;
    pthread_mutex_unlock(&j->lock);
    return f;
}

/* Runs the igraph sections in order (in the first thread only), the
 * graph's igraph_t added before the first that reads it: on large data it
 * then takes its memory after the overlap table's pairs are gone, not
 * beside them, and is built while the other thread computes. */
static void run_igraph(build_job *j)
{
    size_t i;

    for (i = 0; i < j->n && !failed(j); i++)
        if (j->want[i] && j->secs[i].igraph) {
            if (j->secs[i].igraph == 2 && nm_graph_add_igraph(j->g, &j->d[i]) != NM_OK) {
                nm_diag_error(&j->d[i], NULL, 0, "%s: out of memory", j->secs[i].name);
                finish(j, i, NM_ENOMEM);
                return;
            }
            run_one(j, i, j->ro_igraph);
        }
}

/* Takes igraph-free sections off the queue and runs them, until the first
 * upto are taken or one has failed; either thread may call it. */
static void run_queue(build_job *j, size_t upto)
{
    for (;;) {
        size_t i;
        pthread_mutex_lock(&j->lock);
        i = !j->failed && j->next < upto ? j->queue[j->next++] : j->n;
        pthread_mutex_unlock(&j->lock);
        if (i == j->n)
            return;
        run_one(j, i, j->ro);
    }
}

static void *run_plain(void *arg)
{
    build_job *j = arg;

    run_queue(j, j->nearly);
    if (j->hs.wanted)
        count_strength(j);
    run_queue(j, j->nqueue);
    if (j->hc.wanted && !failed(j) && handover_claim(j, &j->hc))
        find_communities(j);
    cli_pairs_help(&j->pairs);
    return NULL;
}

/* Whether the null model will have rows enough to run its two branches at once, or
 * the overlap pairs work enough to split their search. */
static int work_splits(const build_job *j)
{
    size_t i;

    for (i = 0; i < j->n; i++) {
        if (j->want[i] && j->secs[i].fn == nm_section_nesting && j->ro->nsim > 0
            && j->g->nstates >= NM_NULL_PAIR_ROWS)
            return 1;
        if (j->want[i] && j->secs[i].fn == nm_section_overlap
            && nm_overlap_work(j->g) >= NM_OVERLAP_SPLIT_WORK)
            return 1;
    }
    return 0;
}

/* Runs the sections that call igraph in this thread and the others in a
 * second one, which first counts the centrality section's co-membership
 * strength and finds the connectivity section's communities if this thread
 * has not started on them when the queue runs out; this thread takes
 * igraph-free sections too once its own are done (all inline when no
 * thread is needed or can be had). Each section's result does not depend on
 * the thread that computed it, so the report is the same as computed one
 * section after another. */
static void run_all(build_job *j)
{
    int mixed[2] = { 0, 0 };
    pthread_t t;
    size_t i;

    for (i = 0; i < j->n; i++) {
        mixed[j->secs[i].igraph != 0] |= j->want[i];
        j->hs.wanted |= j->want[i] && j->secs[i].fn == nm_section_centrality;
        j->hc.wanted |= j->want[i] && j->secs[i].fn == nm_section_connectivity
                        && j->g->nstates + j->g->ninsts > 0;
    }
    if (j->hc.wanted && igraph_rng_init(&j->rng, igraph_rng_default()->type) != IGRAPH_SUCCESS)
        j->hc.wanted = 0;
    if (j->hc.wanted)
        igraph_rng_seed(&j->rng, (igraph_uint_t)j->ro_igraph->seed);
    queue_plain(j);
    cli_pairs_init(&j->pairs, 2);
    if ((((mixed[0] || j->hs.wanted || j->hc.wanted) && mixed[1]) || work_splits(j))
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
        run_queue(j, j->nqueue);    /* what the second thread has not taken yet */
        cli_pairs_help(&j->pairs);
        pthread_join(t, NULL);
    } else {
        run_queue(j, j->nqueue);
        run_igraph(j);
    }
    cli_pairs_destroy(&j->pairs);
    if (j->hc.wanted)
        igraph_rng_destroy(&j->rng);
}

/* Section i's tables into r (which owns them then), or its failure
 * reported; its warnings printed. Returns an exit code. */
static int gather_one(build_job *j, size_t i, nm_report *r)
{
    size_t k;
    int bad = 0;

    if (j->s[i] != NM_OK)
        return cli_report(j->s[i], &j->d[i]);
    for (k = 0; k < j->part[i].ntables; k++)
        bad |= nm_report_add(r, j->part[i].tables[k]) < 0;
    j->part[i].ntables = 0;         /* r owns them now, or freed them */
    if (bad)
        return cli_report(NM_ENOMEM, &j->d[i]);
    cli_warnings(&j->d[i]);
    return EXIT_OK;
}

/* The sections' tables into r in section order; the first failure (in
 * section order) is reported, and the warnings of the sections before it. */
static int gather(build_job *j, nm_report *r)
{
    int rc = EXIT_OK;
    size_t i;

    for (i = 0; i < j->n && rc == EXIT_OK; i++)
        if (j->want[i])
            rc = gather_one(j, i, r);
    return rc;
}

/* Waits until section i is computed, or none will be any more. */
static void wait_section(build_job *j, size_t i)
{
    pthread_mutex_lock(&j->lock);
    while (!j->done[i] && !j->over)
        pthread_cond_wait(&j->ready, &j->lock);
    pthread_mutex_unlock(&j->lock);
}

/* The writer's thread: each section, in order, gathered into j->out as soon
 * as it is computed and its new tables emitted. On a failure (reported
 * here) the sections not yet taken are left and those running are stopped
 * as an interrupt stops them, silently (the output is then discarded). An
 * interrupt stops the emitting; the caller then reports it. */
static void *emit_all(void *arg)
{
    build_job *j = arg;
    int rc = EXIT_OK;
    size_t i, from;

    for (i = 0; i < j->n && rc == EXIT_OK && !cli_stop; i++) {
        if (!j->want[i])
            continue;
        wait_section(j, i);
        from = j->out->ntables;
        if ((rc = gather_one(j, i, j->out)) == EXIT_OK)
            rc = j->emit(j->emit_arg, j->out, from);
        for (; rc == EXIT_OK && from < j->out->ntables; from++)
            nm_table_drop_rows(j->out->tables[from]);   /* written: the memory goes back */
    }
    if (rc != EXIT_OK) {        /* take no more sections, and cut short the ones running */
        pthread_mutex_lock(&j->lock);
        j->failed = 1;
        pthread_mutex_unlock(&j->lock);
        cli_stop = 1;
    }
    j->emit_rc = rc;
    return NULL;
}

/* Runs the sections, gathering them into r: afterwards, or as they come
 * through emit_all in a thread of its own (in turn when none can be had). */
static int run_gather(build_job *j, nm_report *r)
{
    pthread_t t;
    int threaded;

    if (!j->emit) {
        run_all(j);
        return gather(j, r);
    }
    j->out = r;
    threaded = pthread_create(&t, NULL, emit_all, j) == 0;
    run_all(j);
    pthread_mutex_lock(&j->lock);
    j->over = 1;
    pthread_cond_broadcast(&j->ready);
    pthread_mutex_unlock(&j->lock);
    if (threaded)
        pthread_join(t, NULL);
    else
        (void)emit_all(j);
    return j->emit_rc;
}

int cli_report_run(nm_graph *g, const cli_opts *o, const cli_section *secs, size_t n,
                   const int *want, nm_report *r, cli_report_emit emit, void *emit_arg)
{
    nm_report_opts ro, ro_igraph;
    nm_report_scratch scratch;
    build_job *j = calloc(1, sizeof(*j));
    size_t i;
    int rc;

    if (!j || n > CLI_MAX_SECTIONS) {
        free(j);
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
    if (!getenv("NESTMAP_TEST_NO_SPLIT")) {     /* test hook: all two-part work in one thread */
        ro.pair_exec = cli_pairs_exec;
        ro.pair_arg = &j->pairs;
    }
    memset(&scratch, 0, sizeof(scratch));
    ro_igraph = ro;
    ro_igraph.scratch = &scratch;   /* centrality leaves co-member counts for connectivity */
    j->secs = secs;
    j->n = n;
    j->g = g;
    j->ro = &ro;
    j->ro_igraph = &ro_igraph;
    j->scratch = &scratch;
    j->want = want;
    j->emit = emit;
    j->emit_arg = emit_arg;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->ready, NULL);
    for (i = 0; i < j->n; i++) {
        nm_report_init(&j->part[i]);
        nm_diag_init(&j->d[i]);
        j->s[i] = NM_OK;
    }
    rc = run_gather(j, r);
    for (i = 0; i < j->n; i++)
        nm_report_destroy(&j->part[i]);
    if (rc == EXIT_OK && cli_stop) {    /* stopped in a stretch that does not look */
        cli_error("report interrupted");
        rc = EXIT_DATA;
    }
    nm_report_scratch_destroy(&scratch);
    pthread_mutex_destroy(&j->lock);
    pthread_cond_destroy(&j->ready);
    free(j->strength);
    free(j->co_members);
    free(j->memb);
    free(j);
    return rc;
}
