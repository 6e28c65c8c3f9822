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
