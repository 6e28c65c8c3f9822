/* nm_stages.c - the benchmark's nestmap driver: runs each stage through the
 * library and prints "stage NAME SECONDS PEAK_KIB" (peak = the process's
 * resident high-water mark after the stage, VmHWM). Not part of the library.
 *
 * usage: nm_stages DIR [--stages load,comembership,centralities,nodf,null]
 *                      (also: communities, null999)
 *                      [--nsim N] [--seed S] [--exact] [--values FILE] [--threads 1|2]
 * --threads 2 (the default) lends the load, the centralities and the null
 * model a second thread as `nestmap report` does when one is free
 * (src/cli/pairs.c); 1 runs them in one (the same results).
 * --values writes state strength, co-members, eigenvector and every vertex's
 * raw betweenness for the cross-check against python-igraph. */
#include "nm_centrality.h"
#include "nm_connectivity.h"
#include "nm_nesting.h"
#include "nm_nullmodel.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long hwm_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            v = strtol(line + 6, NULL, 10);
    fclose(f);
    return v;
}

static void report(const char *name, double t0, const char *note)
{
    printf("stage %s %.6f %ld%s%s\n", name, now() - t0, hwm_kib(), note ? " " : "", note ? note : "");
    fflush(stdout);
}

static int fail(const char *what, nm_status s, const nm_diag *d)
{
    fprintf(stderr, "nm_stages: %s: %s%s%s\n", what, nm_strstatus(s), d->kept ? ": " : "",
            d->kept ? d->text[0] : "");
    return 1;
}

static int want(const char *stages, const char *name)
{
    const char *p = strstr(stages, name);
    size_t n = strlen(name);

    return p && (p == stages || p[-1] == ',') && (p[n] == '\0' || p[n] == ',');
}

typedef struct {
    const char *dir, *stages, *values;
    long nsim;
    unsigned long seed;
    int exact, threads;
} args;

static int parse(int argc, char **argv, args *a)
{
    int i;

    memset(a, 0, sizeof(*a));
    a->stages = "load,comembership,centralities,nodf,null";
    a->nsim = 99;
    a->seed = 1;
    a->threads = 2;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stages") == 0 && i + 1 < argc) a->stages = argv[++i];
        else if (strcmp(argv[i], "--values") == 0 && i + 1 < argc) a->values = argv[++i];
        else if (strcmp(argv[i], "--nsim") == 0 && i + 1 < argc) a->nsim = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) a->seed = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--exact") == 0) a->exact = 1;
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) a->threads = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !a->dir) a->dir = argv[i];
        else return -1;
    }
    return a->dir ? 0 : -1;
}

static void write_values(const char *path, const nm_graph *g, const double *str, const int *co,
                         const double *eig, const double *braw)
{
    FILE *f = fopen(path, "w");
    int v, n = g->nstates + g->ninsts;

    if (!f)
        return;
    fprintf(f, "kind,index,strength,co_members,eigen,betweenness_raw\n");
    for (v = 0; v < n; v++) {
        const char *id = v < g->nstates ? nm_graph_state(g, v)->id : nm_graph_inst(g, v - g->nstates)->id;

        fprintf(f, "%s,%s,", v < g->nstates ? "state" : "inst", id);
        if (v < g->nstates && str)
            fprintf(f, "%.17g,%d,%.17g,", str[v], co[v], eig[v]);
        else
            fprintf(f, ",,,");
        if (braw) fprintf(f, "%.17g\n", braw[v]);
        else fprintf(f, "\n");
    }
    fclose(f);
}

/* A second thread that waits to run the second part of the library's
 * two-part work (as `nestmap report` lends one, src/cli/pairs.c), or none
 * with --threads 1. */
typedef struct {
    cli_pairs pairs;
    pthread_t t;
    int two;
} helper_t;

static void *helper_run(void *arg)
{
    cli_pairs_help(arg);
    return NULL;
}

static int helper_start(helper_t *h, int threads)
{
    h->two = threads >= 2;
    cli_pairs_init(&h->pairs, 1 + h->two);
    if (h->two && pthread_create(&h->t, NULL, helper_run, &h->pairs) != 0)
        return -1;
    return 0;
}

static void helper_stop(helper_t *h)
{
    cli_pairs_help(&h->pairs);
    if (h->two)
        pthread_join(h->t, NULL);
    cli_pairs_destroy(&h->pairs);
}

/* Co-membership: strength, distinct co-members, projection eigenvector. */
static int stage_comembership(const nm_graph *g, double *str, int *co, double *eig)
{
    double t0 = now(), t1, lambda;
    nm_diag d;
    nm_status s;

    nm_diag_init(&d);
    if (nm_projection_strength(g, str, co) < 0)
        return fail("strength", NM_ENOMEM, &d);
    t1 = now();
    if ((s = nm_projection_eigen(g, eig, &lambda, &d)) != NM_OK)
        return fail("eigenvector", s, &d);
    fprintf(stderr, "nm_stages: strength and co-members %.3f s, eigenvector %.3f s\n", t1 - t0,
            now() - t1);
    report("comembership", t0, NULL);
    return 0;
}

/* Centralities: bipartite degree, closeness and betweenness (sampled above
 * the work bound unless --exact, as the report does). */
static int stage_centralities(const nm_graph *g, const args *a, nm_centrality *c)
{
    double t0 = now(), work = (double)(g->nstates + g->ninsts) * (double)g->nedges;
    int n = g->nstates + g->ninsts, v, sampled = !a->exact && work > NM_WORK_BOUND_DEFAULT, rc;
    char note[96];
    helper_t h;

    c->degree_c = calloc((size_t)n, sizeof(double));
    c->closeness = calloc((size_t)n, sizeof(double));
    c->betweenness = calloc((size_t)n, sizeof(double));
    c->betw_raw = calloc((size_t)n, sizeof(double));
    c->betw_se = calloc((size_t)n, sizeof(double));
    if (!c->degree_c || !c->closeness || !c->betweenness || !c->betw_raw || !c->betw_se)
        return 1;
    for (v = 0; v < n; v++) {
        long deg = v < g->nstates ? nm_graph_sdeg(g, v) : nm_graph_isize(g, v - g->nstates);
        long other = v < g->nstates ? g->ninsts : g->nstates;

        c->degree_c[v] = other ? (double)deg / (double)other : 0;
    }
    if (helper_start(&h, a->threads) < 0)
        return 1;
    rc = nm_centrality_paths_exec(g, sampled, 0, a->seed, cli_pairs_exec, &h.pairs, c);
    helper_stop(&h);
    if (rc < 0)
        return 1;
    snprintf(note, sizeof(note), "%s", c->sampled ? "sampled" : "exact");
    report("centralities", t0, note);
    return 0;
}

static int stage_null(const nm_graph *g, const args *a, const char *name, long nsim)
{
    double t0 = now();
    nm_null_opts no;
    nm_null res;
    nm_diag d;
    nm_status s;
    helper_t h;

    nm_null_opts_init(&no);
    no.nsim = nsim;
    no.seed = a->seed;
    nm_diag_init(&d);
    if (helper_start(&h, a->threads) < 0)
        return fail("thread", NM_ENOMEM, &d);
    no.exec = cli_pairs_exec;
    no.exec_arg = &h.pairs;
    s = nm_null_nodf(g, &no, &res, &d);
    helper_stop(&h);
    if (s != NM_OK)
        return fail("null model", s, &d);
    fprintf(stderr, "nm_stages: null nsim %ld: mean %.6f sd %.6f z %.4f p %.4f\n", nsim, res.mean,
            res.sd, res.z, res.p);
    nm_null_destroy(&res);
    report(name, t0, NULL);
    return 0;
}

static int run(const args *a, const nm_graph *g)
{
    double *str = NULL, *eig = NULL, t0;
    int *co = NULL, rc = 0;
    nm_centrality c;
    nm_nodf nodf;
    nm_diag d;
    nm_status s;

    memset(&c, 0, sizeof(c));
    if (want(a->stages, "comembership")) {
        str = calloc((size_t)g->nstates + 1, sizeof(double));
        eig = calloc((size_t)g->nstates + 1, sizeof(double));
        co = calloc((size_t)g->nstates + 1, sizeof(int));
        rc = !str || !eig || !co || stage_comembership(g, str, co, eig);
    }
    if (!rc && want(a->stages, "centralities"))
        rc = stage_centralities(g, a, &c);
    if (!rc && want(a->stages, "nodf")) {
        t0 = now();
        nm_diag_init(&d);
        if ((s = nm_nodf_compute(g, &nodf, &d)) != NM_OK)
            rc = fail("nodf", s, &d);
        else {
            fprintf(stderr, "nm_stages: NODF %.10f rows %.10f columns %.10f\n", nodf.nodf, nodf.rows, nodf.cols);
            report("nodf", t0, NULL);
        }
    }
    if (!rc && want(a->stages, "communities")) {    /* not in the default list */
        int *memb = malloc(((size_t)g->nstates + g->ninsts + 1) * sizeof(int));
        t0 = now();
        nm_diag_init(&d);
        if (!memb || (s = nm_connectivity_louvain_seed(g, a->seed, memb)) != NM_OK)
            rc = fail("communities", memb ? s : NM_ENOMEM, &d);
        else
            report("communities", t0, NULL);
        free(memb);
    }
    if (!rc && want(a->stages, "null"))
        rc = stage_null(g, a, "null", a->nsim);
    if (!rc && want(a->stages, "null999"))
        rc = stage_null(g, a, "null999", 999);
    if (!rc && a->values)
        write_values(a->values, g, str, co, eig, c.betw_raw);
    free(str); free(eig); free(co);
    free(c.degree_c); free(c.closeness); free(c.betweenness); free(c.betw_raw); free(c.betw_se);
    return rc;
}

int main(int argc, char **argv)
{
    nm_load_opts lo;
    nm_dataset ds;
    nm_filter f;
    nm_graph g;
    nm_diag d;
    nm_status s;
    double t0;
    args a;
    int rc;

    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (parse(argc, argv, &a) < 0) {
        fprintf(stderr, "usage: nm_stages DIR [--stages LIST] [--nsim N] [--seed S] [--exact] "
                        "[--values FILE] [--threads 1|2]\n");
        return 2;
    }
    t0 = now();
    memset(&lo, 0, sizeof(lo));
    if (a.threads >= 2)
        lo.exec = cli_thread_exec;      /* memberships.csv read beside the other files */
    nm_diag_init(&d);
    if ((s = nm_dataset_load(&ds, a.dir, &lo, &d)) != NM_OK)
        return fail(a.dir, s, &d);
    nm_filter_init(&f);
    if ((s = nm_graph_build(&g, &ds, &f, &d)) != NM_OK)
        return fail("graph", s, &d);
    report("load", t0, NULL);
    rc = run(&a, &g);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    return rc;
}
