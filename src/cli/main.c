/* main.c - nestmap: the command table and dispatch. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int cmd_help(const cli_cmd *, cli_opts *);

#define LOADF (O_FILTER | O_LOAD)

const cli_cmd cli_commands[] = {
    { "info", "[DATASET]", "Counts, years, regions, types and roles of a data set (and of a selection).",
      "  --format text|json   output format (default text)\n"
      "  -o FILE              write to FILE instead of standard output\n",
      LOADF | O_FORMAT | O_OUTPUT, cmd_info },
    { "report", "[DATASET]", "Every metric of a selection: overlap, nesting, centrality, inclusion, connectivity, resources.",
      "  --section LIST       summary, overlap, nesting, centrality, inclusion, connectivity,\n"
      "                       resources (comma-separated; default all), or the name of one table\n"
      "                       (e.g. states) to print that table alone\n"
      "  --format F           text (default), csv (one table after another, each under a\n"
      "                       '# name: title' line; one table alone is plain CSV) or json\n"
      "                       (docs/report-format.md)\n"
      "  --nsim N             null-model simulations for NODF significance (default 99; 0 = none)\n"
      "  --seed S             seed of the null model and of community detection (default 1)\n"
      "  --exact              exact betweenness and closeness even above the work bound\n"
      "  --betweenness-samples K  pivots of the sampled estimate above the work bound (default 256)\n"
      "  -o FILE              write to FILE instead of standard output (written atomically)\n",
      LOADF | O_FORMAT | O_OUTPUT | O_SECTION | O_NULL | O_BETW, cmd_report },
    { "export", "[DATASET]", "Write the selection's bipartite graph for other tools.",
      "  --format F   graphml (default; Gephi, R/igraph, NetworkX), gml, dot, or csv (the\n"
      "               selection's membership rows: state,institution,role,joined,left)\n"
      "  -o FILE      write to FILE instead of standard output (written atomically)\n",
      LOADF | O_FORMAT | O_OUTPUT, cmd_export },
    { "generate", "", "Write a synthetic heavy-tailed data set (for tests and benchmarks).",
      "  -o DIR                  the data set directory to write (required; made atomically)\n"
      "  --states S              states (default 200)\n"
      "  --institutions I        institutions (default 300)\n"
      "  --mean-memberships D    mean memberships per state (default 25): round(S * D) rows,\n"
      "                          at least I and at most S * I\n"
      "  --seed N                random seed (default 0); the same seed gives the same files\n"
      "  (--nsim is accepted and ignored)\n",
      O_GEN | O_NULL | O_OUTPUT, cmd_generate },
    { "compare", "[DATASET]", "Compare selections (regions, years) side by side, with a difference column.",
      "  --region R         one selection per --region, in the order given; R1+R2 groups\n"
      "                     regions into one selection\n"
      "  --year Y           repeatable: one selection per year; with several regions and\n"
      "                     years the selections are every region (outer) x every year (inner)\n"
      "  --nsim N           null-model simulations for the NODF z and p (default 99; 0 = none)\n"
      "  --seed S           seed of the null model and community detection (default 1)\n"
      "  --format F         text (default), csv or json\n"
      "  -o FILE            write to FILE instead of standard output\n"
      "  The difference column is the last selection minus the first. Metrics are listed\n"
      "  in docs/commands.md.\n",
      LOADF | O_YEARS | O_NULL | O_FORMAT | O_OUTPUT, cmd_compare },
    { "timeline", "[DATASET]", "Metrics per year over a range of years, per region selection.",
      "  --from Y, --to Y   the years (default: the first and last year of the data set)\n"
      "  --region R         one selection per --region (R1+R2 groups regions); default all\n"
      "  --nsim N           null-model simulations per year for the NODF z (default 0)\n"
      "  --seed S           seed of the null model and community detection (default 1)\n"
      "  --format F         csv (default), json or text\n"
      "  -o FILE            write to FILE instead of standard output\n",
      LOADF | O_RANGE | O_NULL | O_FORMAT | O_OUTPUT, cmd_timeline },
    { "render", "[DATASET]", "Draw the selection: nesting (Euler) diagram, hierarchy, bipartite graph or overlap.",
      "  --style S     nesting (default): states with the same memberships in one box, every\n"
      "                institution a rectangle holding exactly its members (Job's Figure 3);\n"
      "                those that cannot be drawn so become badges (and are named on stderr);\n"
      "                hierarchy: containment order (Hasse diagram), overlaps dashed;\n"
      "                bipartite: states, institutions and memberships, roles as line styles;\n"
      "                overlap: heat map of Jaccard similarity in containment order\n"
      "  --format F    svg (default), png, pdf or dot; without it, from the -o extension\n"
      "  -o FILE       write to FILE (atomically) instead of standard output ('-')\n"
      "  --title TEXT  the title (default: regions, year and roles of the selection)\n"
      "SVG and DOT use Graphviz's built-in font metrics and are byte-identical everywhere\n"
      "(SVG text carries its laid-out width, which browsers keep to in any font);\n"
      "PNG and PDF need the installed Graphviz plugins (run 'dot -c' if they are missing).\n",
      LOADF | O_FORMAT | O_OUTPUT | O_STYLE, cmd_render },
    { "diff", "A B", "Compare two data sets year by year and list the memberships on which they disagree.",
      "  --map FILE     institution-id map, a CSV with columns a,b[,note]: A's id a is B's id b\n"
      "                 (b empty: A's institution has no counterpart in B); ids not in the map\n"
      "                 pair by identity. For the bundled data against COW IGO v3 use\n"
      "                 graphs/crosswalk/cow-igo-map.csv\n"
      "  --from Y       first year compared (default: the first year both data sets cover)\n"
      "  --to Y         last year compared (default: the last year both cover)\n"
      "  --roles R      roles that count as membership (default full); with several roles a\n"
      "                 different role is a disagreement\n"
      "  --format F     text (default: differences, states in one data set only, a summary per\n"
      "                 institution, institutions in one data set only), json (the same four\n"
      "                 tables), or csv (one table of every span, the lone states' included)\n"
      "  -o FILE        write to FILE instead of standard output (written atomically)\n"
      "\nA membership holds at the end of year Y (joined <= Y < left); consecutive years that\n"
      "read the same are one span: state,institution,from,to,in_a,in_b,role_a,role_b, where\n"
      "in_a/in_b is yes, no, missing (COW -9), n/a (COW -1: the IGO does not exist), no-state\n"
      "(no such state that year) or absent (no such state at all). Without --igo a COW data\n"
      "set is read only for the columns the other side's institutions pair with.\n"
      "Exit status: 0 whether or not differences are found, 1 bad data, 2 usage error.\n",
      O_FILTER | O_LOAD | O_FORMAT | O_OUTPUT | O_MAP | O_RANGE, cmd_diff },
    { "help", "[COMMAND]", "Show the commands, or the usage of one command.", "", 0, cmd_help },
    { NULL, NULL, NULL, NULL, 0, NULL }
};

const cli_cmd *cli_find(const char *name)
{
    const cli_cmd *c;

    for (c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void overview(FILE *f)
{
    const cli_cmd *c;

    fprintf(f, "usage: %s COMMAND [options] [DATASET]\n\n"
               "Measures how nested and inclusive regional security arrangements are.\n\n"
               "Commands:\n", cli_prog);
    for (c = cli_commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\nRun '%s help COMMAND' for a command's options. '%s --version' prints the version.\n"
               "Exit status: 0 success, 1 bad data or failure, 2 usage error.\n", cli_prog, cli_prog);
}

static int cmd_help(const cli_cmd *self, cli_opts *o)
{
    const cli_cmd *c;

    (void)self;
    if (o->nargs == 0) {
        overview(stdout);
        return EXIT_OK;
    }
    c = cli_find(o->args[0]);
    if (!c) {
        cli_error("help: unknown command '%s'", o->args[0]);
        return EXIT_USAGE;
    }
    cli_usage(c, stdout);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    const cli_cmd *cmd;
    cli_opts o;
    int rc;

    /* igraph reports through return codes, turned into diagnostics by the library */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (argc < 2) {
        overview(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("nestmap %s\n", NM_VERSION);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        overview(stdout);
        return EXIT_OK;
    }
    cmd = cli_find(argv[1]);
    if (!cmd) {
        cli_error("unknown command '%s' (see '%s help')", argv[1], cli_prog);
        return EXIT_USAGE;
    }
    rc = cli_parse(cmd, argc - 1, argv + 1, &o);
    if (rc != EXIT_OK)
        return rc;
    return cmd->exec(cmd, &o);
}
