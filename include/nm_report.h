/* nm_report.h - the report: metric sections turned into tables.
 *
 * Each section builder computes its metrics on a selection graph and appends
 * result tables (nm_table.h) to a report. The CLI writes the report as text,
 * CSV or JSON (docs/report-format.md).
 */
#ifndef NM_REPORT_H
#define NM_REPORT_H

#include <signal.h>
#include "nm_graph.h"
#include "nm_pair.h"
#include "nm_table.h"

/* Results one section leaves for a later one run after it with the same
 * options: the centrality section's distinct co-member counts and, when its
 * shortest paths were exact, their sums, which the connectivity section
 * needs too (co-members take 8 s to count on xlarge; average path length
 * and diameter are two more all-pairs searches, 3 s on medium). Both must
 * run in the same thread, one after the other. */
typedef struct {
    const nm_graph *g;      /* the graph they were counted on; NULL: none yet */
    int *co_members;        /* [g->nstates] */
    int have_paths;         /* 1: the three below are exact (see nm_centrality) */
    double dist_sum, conn_pairs;
    int max_dist;
    /* Filled by the caller, optional: where the centrality section takes
     * the co-membership strength and distinct co-member counts from
     * instead of calling nm_projection_strength itself, e.g. counted by
     * another thread of the caller while this one runs the shortest paths.
     * Called once, after the paths, with arrays of g->nstates to fill;
     * may block until they are ready; returns 0, -1 when they could not
     * be had (the section then fails as out of memory) or -2 when the work
     * was stopped (the section returns NM_EINTR). The values must be
     * nm_projection_strength's on the same graph: integers, so they are
     * the same whoever counts them. */
    int (*strength_get)(void *arg, const nm_graph *g, double *strength, int *co_members);
    void *strength_arg;
    /* The same for the connectivity section's communities: fills
     * membership[0..V) as nm_connectivity_louvain does with a generator of
     * igraph's default type seeded with seed; 0, -1 or -2 as above. */
    int (*communities_get)(void *arg, const nm_graph *g, unsigned long seed, int *membership);
    void *communities_arg;
} nm_report_scratch;

/* Frees what the sections left and empties s (the hooks too). */
void nm_report_scratch_destroy(nm_report_scratch *s);

typedef struct {
    long nsim;              /* null-model simulations (0 = none) */
    unsigned long seed;     /* null model and community detection seed */
    int exact;              /* force exact betweenness and closeness */
    long betw_samples;      /* sampled betweenness: pivots (0 = automatic) */
    double work_bound;      /* V*E above which betweenness/closeness are sampled */
    volatile sig_atomic_t *stop;    /* when non-NULL and set, long computations
                                       stop and return NM_EINTR */
    void (*progress)(void *arg, const char *what, long done, long total); /* may be NULL */
    void *progress_arg;
    nm_report_scratch *scratch;     /* may be NULL: each section counts its own */
    nm_pair_exec pair_exec;         /* may be NULL: a second thread for the shortest paths of */
    void *pair_arg;                 /* a large component, the null model and the overlap
                                       pairs (nm_pair.h) */
} nm_report_opts;

typedef struct {
    nm_table **tables;
    size_t ntables, cap;
} nm_report;

void nm_report_opts_init(nm_report_opts *o);   /* nsim 99, seed 1, work_bound 3e9 */
void nm_report_init(nm_report *r);
void nm_report_destroy(nm_report *r);
/* Takes ownership of t (frees it on failure). Returns 0 or -1. */
int nm_report_add(nm_report *r, nm_table *t);
/* The table called name, or NULL. */
nm_table *nm_report_find(const nm_report *r, const char *name);

/* Section builders. Each appends its tables to r and returns NM_OK, or an
 * error status with a message in d. Table names are listed in
 * docs/report-format.md. The tables borrow ids and names from the data set
 * of g (nm_table_str_ref): destroy the report before the data set. */
nm_status nm_section_summary(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_overlap(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_nesting(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_centrality(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_inclusion(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_connectivity(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);
nm_status nm_section_resources(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d);

#endif
