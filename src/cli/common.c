/* common.c - options, loading, selection and output shared by the commands. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_prog = "nestmap";

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", cli_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warnings(const nm_diag *d)
{
    int i;

    for (i = 0; i < d->wkept; i++)
        fprintf(stderr, "%s: warning: %s\n", cli_prog, d->wtext[i]);
    if (d->warnings > d->wkept)
        fprintf(stderr, "%s: warning: ... and %d more warnings\n", cli_prog, d->warnings - d->wkept);
}

int cli_report(nm_status s, const nm_diag *d)
{
    int i;

    cli_warnings(d);
    for (i = 0; i < d->kept; i++)
        fprintf(stderr, "%s: %s\n", cli_prog, d->text[i]);
    if (d->errors > d->kept)
        fprintf(stderr, "%s: ... and %d more errors\n", cli_prog, d->errors - d->kept);
    if (s != NM_OK && d->errors == 0)
        fprintf(stderr, "%s: %s\n", cli_prog, nm_strstatus(s));
    return s == NM_OK ? EXIT_OK : s == NM_EUSAGE ? EXIT_USAGE : EXIT_DATA;
}

enum {
    OPT_YEAR = 256, OPT_REGION, OPT_TYPE, OPT_TRACK, OPT_ROLES, OPT_INFMT, OPT_IGO, OPT_XWALK,
    OPT_FORMAT, OPT_SECTION, OPT_NSIM, OPT_SEED, OPT_STYLE, OPT_TITLE, OPT_FROM, OPT_TO,
    OPT_STATES, OPT_INSTS, OPT_MEAN, OPT_MAP, OPT_EXACT, OPT_BSAMPLES, OPT_HELP
};

static const struct { int id; unsigned group; } opt_groups[] = {
    { OPT_YEAR, O_FILTER }, { OPT_REGION, O_FILTER }, { OPT_TYPE, O_FILTER },
    { OPT_TRACK, O_FILTER }, { OPT_ROLES, O_FILTER }, { OPT_INFMT, O_LOAD }, { OPT_IGO, O_LOAD },
    { OPT_XWALK, O_LOAD }, { OPT_FORMAT, O_FORMAT }, { 'o', O_OUTPUT }, { OPT_SECTION, O_SECTION },
    { OPT_NSIM, O_NULL }, { OPT_SEED, O_NULL }, { OPT_STYLE, O_STYLE }, { OPT_TITLE, O_STYLE },
    { OPT_FROM, O_RANGE }, { OPT_TO, O_RANGE }, { OPT_STATES, O_GEN }, { OPT_INSTS, O_GEN },
    { OPT_MEAN, O_GEN }, { OPT_MAP, O_MAP }, { OPT_EXACT, O_BETW }, { OPT_BSAMPLES, O_BETW },
};

static const struct option long_opts[] = {
    { "year", required_argument, NULL, OPT_YEAR },
    { "region", required_argument, NULL, OPT_REGION },
    { "type", required_argument, NULL, OPT_TYPE },
    { "track", required_argument, NULL, OPT_TRACK },
    { "roles", required_argument, NULL, OPT_ROLES },
    { "input-format", required_argument, NULL, OPT_INFMT },
    { "igo", required_argument, NULL, OPT_IGO },
    { "crosswalk", required_argument, NULL, OPT_XWALK },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "output", required_argument, NULL, 'o' },
    { "section", required_argument, NULL, OPT_SECTION },
    { "nsim", required_argument, NULL, OPT_NSIM },
    { "seed", required_argument, NULL, OPT_SEED },
    { "style", required_argument, NULL, OPT_STYLE },
    { "title", required_argument, NULL, OPT_TITLE },
    { "from", required_argument, NULL, OPT_FROM },
    { "to", required_argument, NULL, OPT_TO },
    { "states", required_argument, NULL, OPT_STATES },
    { "institutions", required_argument, NULL, OPT_INSTS },
    { "mean-memberships", required_argument, NULL, OPT_MEAN },
    { "map", required_argument, NULL, OPT_MAP },
    { "exact", no_argument, NULL, OPT_EXACT },
    { "betweenness-samples", required_argument, NULL, OPT_BSAMPLES },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 }
};

static unsigned group_of(int id)
{
    size_t i;

    for (i = 0; i < sizeof(opt_groups) / sizeof(opt_groups[0]); i++)
        if (opt_groups[i].id == id)
            return opt_groups[i].group;
    return 0;
}

static int bad_value(const cli_cmd *cmd, const char *opt, const char *val, const char *expected)
{
    cli_error("%s: invalid value '%s' for --%s (expected %s)", cmd->name, val, opt, expected);
    return EXIT_USAGE;
}

static int set_filter(const cli_cmd *cmd, cli_opts *o, int c, const char *arg)
{
    char bad[80];
    long v;

    switch (c) {
    case OPT_YEAR:
        if (nm_parse_long(arg, NM_YEAR_MIN, NM_YEAR_MAX, &v) < 0)
            return bad_value(cmd, "year", arg, "a year from 1 to 9999");
        if (o->nyears == CLI_MAX_YEARS) {
            cli_error("%s: at most %d --year options", cmd->name, CLI_MAX_YEARS);
            return EXIT_USAGE;
        }
        if (o->nyears == 1 && !(cmd->opts & O_YEARS)) {
            cli_error("%s: --year given twice", cmd->name);
            return EXIT_USAGE;
        }
        o->years[o->nyears++] = (int)v;
        o->filter.year = o->years[0];
        return EXIT_OK;
    case OPT_REGION:
        if (o->filter.nregions == NM_FILTER_MAX_REGIONS) {
            cli_error("%s: at most %d --region options", cmd->name, NM_FILTER_MAX_REGIONS);
            return EXIT_USAGE;
        }
        o->filter.regions[o->filter.nregions++] = arg;
        return EXIT_OK;
    case OPT_TYPE:
        if (nm_filter_set_types(&o->filter, arg, bad, sizeof(bad)) < 0)
            return bad_value(cmd, "type", bad, "collective-defence, collective-security, concert, "
                             "cooperative-security, economic, other or all, comma-separated");
        return EXIT_OK;
    case OPT_TRACK:
        if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0)
            return bad_value(cmd, "track", arg, "1 or 2");
        o->filter.track = arg[0] - '0';
        return EXIT_OK;
    case OPT_ROLES:
        if (nm_filter_set_roles(&o->filter, arg, bad, sizeof(bad)) < 0)
            return bad_value(cmd, "roles", bad, "full, associate, observer, partner or all, comma-separated");
        return EXIT_OK;
    }
    return EXIT_USAGE;
}

static int set_other(const cli_cmd *cmd, cli_opts *o, int c, const char *arg)
{
    long v;
    char *end;

    switch (c) {
    case OPT_INFMT:
        if (strcmp(arg, "cow") == 0) o->load.format = NM_FORMAT_COW;
        else if (strcmp(arg, "dataset") == 0 || strcmp(arg, "csv") == 0) o->load.format = NM_FORMAT_DATASET;
        else if (strcmp(arg, "auto") == 0) o->load.format = NM_FORMAT_AUTO;
        else return bad_value(cmd, "input-format", arg, "dataset, cow or auto");
        break;
    case OPT_IGO: o->load.igos = arg; break;
    case OPT_XWALK: o->load.crosswalk = arg; break;
    case OPT_FORMAT: o->format = arg; break;
    case 'o': o->output = arg; break;
    case OPT_SECTION: o->section = arg; break;
    case OPT_STYLE: o->style = arg; break;
    case OPT_TITLE: o->title = arg; break;
    case OPT_MAP: o->map = arg; break;
    case OPT_EXACT: o->exact = 1; break;
    case OPT_NSIM:
        if (nm_parse_long(arg, 0, 1000000, &o->nsim) < 0)
            return bad_value(cmd, "nsim", arg, "a count from 0 to 1000000");
        break;
    case OPT_SEED:
        if (nm_parse_long(arg, 0, LONG_MAX, &v) < 0)
            return bad_value(cmd, "seed", arg, "a non-negative integer");
        o->seed = (unsigned long)v;
        break;
    case OPT_BSAMPLES:
        if (nm_parse_long(arg, 1, 100000000, &o->betw_samples) < 0)
            return bad_value(cmd, "betweenness-samples", arg, "a positive count");
        break;
    case OPT_FROM: case OPT_TO:
        if (nm_parse_long(arg, NM_YEAR_MIN, NM_YEAR_MAX, &v) < 0)
            return bad_value(cmd, c == OPT_FROM ? "from" : "to", arg, "a year from 1 to 9999");
        *(c == OPT_FROM ? &o->from : &o->to) = (int)v;
        break;
    case OPT_STATES: case OPT_INSTS:
        if (nm_parse_long(arg, 1, 100000000, &v) < 0)
            return bad_value(cmd, c == OPT_STATES ? "states" : "institutions", arg, "a positive count");
        *(c == OPT_STATES ? &o->gen_states : &o->gen_insts) = v;
        break;
    case OPT_MEAN:
        errno = 0;
        o->gen_mean = strtod(arg, &end);
        if (errno || *end || end == arg || !(o->gen_mean > 0) || !isfinite(o->gen_mean))
            return bad_value(cmd, "mean-memberships", arg, "a positive number");
        break;
    default:
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_opts *o)
{
    int c, rc, idx = -1;

    memset(o, 0, sizeof(*o));
    nm_filter_init(&o->filter);
    o->nsim = -1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, &idx)) != -1) {
        if (c == OPT_HELP || c == 'h') {
            cli_usage(cmd, stdout);
            exit(EXIT_OK);
        }
        if (c == '?' || c == ':' || !(group_of(c) & cmd->opts)) {
            if (c == '?' || c == ':')
                cli_error("%s: unknown option or missing value: '%s'", cmd->name, argv[optind - 1]);
            else if (c == 'o')
                cli_error("%s: option '-o' does not apply to this command", cmd->name);
            else
                cli_error("%s: option '--%s' does not apply to this command", cmd->name, long_opts[idx].name);
            cli_usage(cmd, stderr);
            return EXIT_USAGE;
        }
        idx = -1;
        rc = (group_of(c) & O_FILTER) ? set_filter(cmd, o, c, optarg) : set_other(cmd, o, c, optarg);
        if (rc != EXIT_OK)
            return rc;
    }
    o->nargs = argc - optind;
    o->args = argv + optind;
    return EXIT_OK;
}

static int is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The bundled data: $NESTMAP_DATA, then <bindir>/../share/nestmap (installed),
 * then <bindir>/graphs (the build tree), then the source tree it was built in. */
static const char *datadir(cli_opts *o)
{
    char exe[2048], cand[2200], *slash;
    ssize_t n;
    const char *env = getenv("NESTMAP_DATA");

    if (o->datadir[0])
        return o->datadir;
    if (env && *env) {
        snprintf(o->datadir, sizeof(o->datadir), "%s", env);
        return o->datadir;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(cand, sizeof(cand), "%s/../share/nestmap/regional-security", exe);
        if (is_dir(cand)) {
            snprintf(cand, sizeof(cand), "%s/../share/nestmap", exe);
            if (!realpath(cand, o->datadir))
                snprintf(o->datadir, sizeof(o->datadir), "%s", cand);
            return o->datadir;
        }
        snprintf(cand, sizeof(cand), "%s/graphs/regional-security", exe);
        if (is_dir(cand)) {
            snprintf(o->datadir, sizeof(o->datadir), "%s/graphs", exe);
            return o->datadir;
        }
    }
    snprintf(o->datadir, sizeof(o->datadir), "%s", NM_SRCDATADIR);
    return o->datadir;
}

const char *cli_default_dataset(cli_opts *o)
{
    static char path[4200];

    snprintf(path, sizeof(path), "%s/regional-security", datadir(o));
    return path;
}

int cli_load(cli_opts *o, nm_dataset *ds)
{
    const char *path = o->nargs > 0 ? o->args[0] : cli_default_dataset(o);
    nm_diag d;
    nm_status s;
    int started;

    nm_diag_init(&d);
    o->load.datadir = datadir(o);
    o->load.exec = cli_thread_exec;
    started = cli_prefault_start();     /* unless the caller's runs already */
    s = nm_dataset_load(ds, path, &o->load, &d);
    if (started)
        cli_prefault_stop();
    if (s != NM_OK)
        return cli_report(s, &d);
    cli_warnings(&d);
    return EXIT_OK;
}

int cli_select(cli_opts *o, const nm_dataset *ds, nm_graph *g, int require_states)
{
    nm_diag d;
    nm_status s;
    char desc[512];

    nm_diag_init(&d);
    s = o->lists_only ? nm_graph_build_lists(g, ds, &o->filter, &d)
                      : nm_graph_build(g, ds, &o->filter, &d);
    if (s != NM_OK)
        return cli_report(s, &d);
    if (require_states && (g->nstates == 0 || g->nedges == 0)) {
        nm_filter_describe(&o->filter, desc, sizeof(desc));
        cli_error("empty selection: no %s in %s for %s",
                  g->nstates == 0 ? "states" : "memberships", ds->name, desc);
        nm_graph_destroy(g);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

static void on_signal(int sig)
{
    /* nm_atomic_pending only reads a static buffer and a volatile sig_atomic_t flag */
    const char *tmp = nm_atomic_pending();  /* NOLINT(bugprone-signal-handler) */

    if (tmp)
        unlink(tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

volatile sig_atomic_t cli_stop;

static void on_interrupt(int sig)
{
    cli_stop = 1;
    signal(sig, on_signal); /* a second signal ends the process (an output's temporary removed) */
}

void cli_catch_interrupts(void)
{
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
}

/* One line, rewritten in place (and cleared to its end, as two sections
 * computed side by side take turns on it); cleared when done. */
void cli_progress(void *arg, const char *what, long done, long total)
{
    (void)arg;
    if (!isatty(STDERR_FILENO))
        return;
    if (done >= total)
        fputs("\r\033[K", stderr);
    else
        fprintf(stderr, "\r%s: %s %ld/%ld\033[K", cli_prog, what, done, total);
    fflush(stderr);
}

static int same_file(const struct stat *a, const char *path)
{
    struct stat b;

    return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Refuses an output that is one of the inputs. */
static int is_input(cli_opts *o, const char *out)
{
    static const char *const files[] = { "memberships.csv", "states.csv", "institutions.csv",
                                         "rivalries.csv" };
    const char *in = o->nargs > 0 ? o->args[0] : cli_default_dataset(o);
    char p[4400];
    struct stat st;
    size_t i;
    int k;

    if (stat(out, &st) != 0)
        return 0;
    for (k = 0; k < o->nargs; k++)
        if (same_file(&st, o->args[k]))
            return 1;
    for (i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s/%s", in, files[i]);
        if (same_file(&st, p))
            return 1;
    }
    return same_file(&st, in);
}

int cli_out_open(cli_opts *o, nm_atomic *a)
{
    nm_diag d;
    nm_status s;

    if (o->output && strcmp(o->output, "-") != 0 && is_input(o, o->output)) {
        cli_error("refusing to write to '%s': it is an input", o->output);
        return EXIT_USAGE;
    }
    nm_diag_init(&d);
    s = nm_atomic_open(a, o->output, &d);
    if (s != NM_OK)
        return cli_report(s, &d);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    return EXIT_OK;
}

int cli_out_close(nm_atomic *a, int rc)
{
    nm_diag d;
    nm_status s;

    if (rc != EXIT_OK) {
        nm_atomic_abort(a);
        return rc;
    }
    nm_diag_init(&d);
    s = nm_atomic_commit(a, &d);
    return s == NM_OK ? EXIT_OK : cli_report(s, &d);
}

void cli_usage(const cli_cmd *cmd, FILE *f)
{
    fprintf(f, "usage: %s %s [options] %s\n\n%s\n", cli_prog, cmd->name, cmd->args, cmd->summary);
    if (cmd->help && *cmd->help)
        fprintf(f, "\n%s", cmd->help);
    if (cmd->opts & O_FILTER)
        fputs("\nSelection (every command):\n"
              "  --year Y          memberships that hold at the end of year Y (joined <= Y < left)\n"
              "  --region R        states whose region or subregion is R (repeatable); institutions\n"
              "                    keep only their members in the selection\n"
              "  --type T[,T..]    institution types: collective-defence, collective-security, concert,\n"
              "                    cooperative-security, economic, other\n"
              "  --track N         1 (official) or 2 (unofficial) institutions only\n"
              "  --roles R[,R..]   membership roles that count: full (default), associate, observer,\n"
              "                    partner, or all\n", f);
    if (cmd->opts & O_LOAD)
        fputs("\nInput:\n"
              "  --input-format F  dataset, cow or auto (default: detected from the file)\n"
              "  --igo LIST        COW data: the IGO columns to read (e.g. nato,osce,asean)\n"
              "  --crosswalk FILE  COW data: country-code crosswalk (default: the bundled one)\n", f);
    fputs("\nDATASET is a data-set directory, a memberships CSV file or COW state-year data;\n"
          "without it the bundled data set (regional-security) is used.\n", f);
}
