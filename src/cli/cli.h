/* cli.h - the nestmap command-line tool: shared option parsing, data-set
 * loading and output for the commands (one file each, cmd_*.c). Only this
 * layer prints or exits. */
#ifndef NM_CLI_H
#define NM_CLI_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include "nm_atomic.h"
#include "nm_nullmodel.h"
#include "nm_graph.h"
#include "nm_compare.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Which shared options a command takes. */
enum {
    O_FILTER = 1 << 0,      /* --year --region --type --track --roles */
    O_LOAD = 1 << 1,        /* --input-format --igo --crosswalk */
    O_FORMAT = 1 << 2,      /* --format */
    O_OUTPUT = 1 << 3,      /* -o */
    O_SECTION = 1 << 4,     /* --section */
    O_NULL = 1 << 5,        /* --nsim --seed */
    O_STYLE = 1 << 6,       /* --style --title */
    O_RANGE = 1 << 7,       /* --from --to */
    O_YEARS = 1 << 8,       /* --year may repeat (compare) */
    O_GEN = 1 << 9,         /* --states --institutions --mean-memberships */
    O_MAP = 1 << 10,        /* --map (diff) */
    O_BETW = 1 << 11        /* --exact --betweenness-samples */
};

#define CLI_MAX_YEARS 16

typedef struct {
    nm_load_opts load;
    nm_filter filter;
    char datadir[4096];
    int years[CLI_MAX_YEARS];   /* every --year given, in order */
    int nyears;
    const char *format;         /* NULL = the command's default */
    const char *output;         /* NULL = stdout */
    const char *section;
    const char *style;
    const char *title;
    const char *map;
    long nsim;                  /* -1 = the command's default */
    unsigned long seed;
    int from, to;
    long gen_states, gen_insts;
    double gen_mean;
    int exact;
    long betw_samples;          /* 0 = automatic */
    int lists_only;             /* cli_select leaves out the igraph_t (nm_graph_build_lists) */
    int nargs;                  /* positional arguments after the options */
    char **args;
} cli_opts;

typedef struct cli_cmd {
    const char *name;
    const char *args;           /* usage after the options, e.g. "[DATASET]" */
    const char *summary;
    const char *help;           /* the options and what they do */
    unsigned opts;
    int (*exec)(const struct cli_cmd *, cli_opts *);
} cli_cmd;

extern const char *cli_prog;    /* "nestmap" */

/* Parses argv for cmd into o. Prints a message and returns EXIT_USAGE on a
 * bad option, else EXIT_OK. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_opts *o);

/* Prints "nestmap: " and the message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints every error and warning of d; returns the exit code for s. */
int cli_report(nm_status s, const nm_diag *d);
/* Prints d's warnings only. */
void cli_warnings(const nm_diag *d);

/* The data set named by the first positional argument (or the bundled one),
 * loaded into ds. Returns EXIT_OK or prints and returns an exit code. */
int cli_load(cli_opts *o, nm_dataset *ds);
/* The selection of ds under o->filter; an empty selection is an error
 * (message, EXIT_DATA) when require_states is set. */
int cli_select(cli_opts *o, const nm_dataset *ds, nm_graph *g, int require_states);

/* Opens the output (-o or stdout) atomically; refuses to write over an input. */
int cli_out_open(cli_opts *o, nm_atomic *a);
/* Commits it, or aborts it when rc != EXIT_OK; returns the final exit code. */
int cli_out_close(nm_atomic *a, int rc);

/* Path of the bundled default data set. */
const char *cli_default_dataset(cli_opts *o);

/* Set by SIGINT/SIGTERM after cli_catch_interrupts(): long computations see
 * it through nm_report_opts.stop and return NM_EINTR. A second signal kills. */
extern volatile sig_atomic_t cli_stop;
void cli_catch_interrupts(void);
/* A progress callback for nm_report_opts: a one-line counter on stderr, only
 * when stderr is a terminal. */
void cli_progress(void *arg, const char *what, long done, long total);

/* Prints usage of cmd to f. */
void cli_usage(const cli_cmd *cmd, FILE *f);

/* The command table (main.c). */
extern const cli_cmd cli_commands[];
const cli_cmd *cli_find(const char *name);

/* Commands. */
int cmd_info(const cli_cmd *, cli_opts *);
int cmd_export(const cli_cmd *, cli_opts *);
int cmd_report(const cli_cmd *, cli_opts *);
int cmd_diff(const cli_cmd *, cli_opts *);
int cmd_render(const cli_cmd *, cli_opts *);
int cmd_compare(const cli_cmd *, cli_opts *);
int cmd_timeline(const cli_cmd *, cli_opts *);

/* A selection of compare and timeline: a region group (one --region value,
 * "A+B" grouping regions A and B) and, for compare, a year. */
typedef struct {
    nm_filter filter;       /* o->filter with the group's regions (and year) */
    char label[160];        /* "Europe 1999", "Europe+Americas", "all regions" */
    char *buf;              /* owns the strings filter.regions point into */
} cli_selection;

/* One selection per --region value (all regions when none is given), in the
 * order given. Returns the number (at least 1) filled into sel[] (room for
 * NM_FILTER_MAX_REGIONS), or -1 after printing a message. Free with
 * cli_selections_free. */
int cli_region_groups(const cli_cmd *cmd, const cli_opts *o, cli_selection *sel);
void cli_selections_free(cli_selection *sel, int n);

/* Builds sel's graph into g and computes the n metrics ms[] into vals[]
 * (missing[j] set when metric j's table is absent). An empty selection is an
 * error when require is set, else gives zero counts and null metrics. On
 * EXIT_OK the caller destroys g; otherwise a message was printed. */
int cli_selection_values(const cli_cmd *cmd, const nm_dataset *ds, const cli_selection *sel,
                         const nm_report_opts *ro, const nm_metric *const *ms, size_t n, double *vals,
                         int *missing, nm_graph *g, int require);
/* Report options from --nsim (default_nsim when absent) and --seed (default 1). */
void cli_report_opts(const cli_opts *o, nm_report_opts *ro, long default_nsim);
/* EXIT_OK when f is NULL or one of the space-separated words of allowed,
 * else a message and EXIT_USAGE. */
int cli_check_format(const cli_cmd *cmd, const char *f, const char *allowed);
int cmd_generate(const cli_cmd *, cli_opts *);

/* ---- prefault.c: the load's large arrays faulted in on the spare core ---- */

/* From start to stop, the arrays the library is about to write whole are
 * faulted in by a thread of their own (see prefault.c) while the load and
 * selection run on this one; NESTMAP_NO_PREFAULT=1 turns it off. start
 * returns 1 when it started the thread, 0 when one runs already (or none
 * can); cli_load runs one around the load unless its caller does. Call both
 * from the main thread, while no other calls the library. */
int cli_prefault_start(void);
void cli_prefault_stop(void);

/* ---- report_run.c: computing the sections of a report ---- */

#define CLI_MAX_SECTIONS 16

/* A report section (the table is in cmd_report.c): its name, its builder,
 * the tables it writes (",a,b,") and whether it calls igraph, which is not
 * thread-safe: 0 no, 1 yes, 2 yes and it reads the graph's igraph_t (which
 * cli_report_run adds then when the graph has none: nm_graph_add_igraph). */
typedef struct {
    const char *name;
    nm_status (*fn)(const nm_graph *, const nm_report_opts *, nm_report *, nm_diag *);
    const char *tables;
    int igraph;
} cli_section;

/* Writes the tables r gained from index from on (the sections computed
 * so far, in order); returns an exit code, having printed any message.
 * Once it returns EXIT_OK their rows are freed (nm_table_drop_rows): only
 * their names are left for what follows. */
typedef int (*cli_report_emit)(void *arg, const nm_report *r, size_t from);

/* Computes the wanted sections (want[k] for secs[k], n <= CLI_MAX_SECTIONS)
 * of g into r, in section order, with the options of o, on two threads
 * when that helps (see report_run.c); prints the first failure and the
 * warnings of the sections before it; fails when cli_stop is set (the
 * caller installs cli_catch_interrupts). With emit, each section's tables
 * are handed to emit (in a thread of its own, in section order) as soon as
 * the section and those before it are computed, and none after a failure.
 * Returns an exit code. */
int cli_report_run(nm_graph *g, const cli_opts *o, const cli_section *secs, size_t n,
                   const int *want, nm_report *r, cli_report_emit emit, void *emit_arg);

/* ---- table_out.c: writing a large table on two cores ---- */

/* nm_table_write_csv(t, f), nm_table_write_text(t, f) and
 * nm_table_write_json(t, f, flags, depth), the bytes the same; a table of
 * more than a million rows is formatted in pieces by two threads (see
 * table_out.c), which into a regular file go around the page cache
 * (O_DIRECT) where the file system allows. Return 0, -1 when rows could not
 * be written for want of memory (JSON: or on a write error, as
 * nm_table_write_json), or -2 when writing the pieces failed (errno set). */
int cli_write_csv(const nm_table *t, FILE *f);
int cli_write_text(const nm_table *t, FILE *f);
int cli_write_json(const nm_table *t, FILE *f, size_t flags, int depth);

/* ---- pairs.c: a second thread for two-part work (nm_pair_exec) ---- */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cv;
    nm_pair_fn fn;          /* the work handed over, while state is not idle */
    void *arg;
    atomic_int state;       /* idle, posted, taken (being run) or done; written under lock */
    int waiting;            /* threads in cli_pairs_help, free to take it (under lock) */
    atomic_int active;      /* threads that have not called cli_pairs_help yet */
} cli_pairs;

/* For `threads` threads, each of which calls cli_pairs_help once its own
 * work is done. */
void cli_pairs_init(cli_pairs *p, int threads);
void cli_pairs_destroy(cli_pairs *p);
/* nm_pair_exec (user: the cli_pairs): part 0 here and part 1 in a thread
 * waiting in cli_pairs_help, or both here when none is. */
int cli_pairs_exec(void *user, nm_pair_fn fn, void *arg);

/* An nm_pair_exec that starts a thread for part 1 and runs part 0 itself
 * (both here when no thread can be started); user is unused. For one-off
 * work such as the load, when no thread is waiting in cli_pairs_help. */
int cli_thread_exec(void *user, nm_pair_fn fn, void *arg);
/* Runs handed-over parts until every thread has called this. */
void cli_pairs_help(cli_pairs *p);

#endif
