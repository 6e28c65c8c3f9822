/* cmd_generate.c - nestmap generate: a synthetic heavy-tailed data set. */
#include "cli.h"
#include "nm_generate.h"

int cmd_generate(const cli_cmd *cmd, cli_opts *o)
{
    nm_gen_opts g;
    nm_gen_stats st;
    nm_diag d;
    nm_status s;

    if (!o->output || o->nargs > 0) {
        cli_error("%s: %s", cmd->name, o->nargs > 0 ? "takes no data set argument"
                                                    : "an output directory (-o DIR) is required");
        cli_usage(cmd, stderr);
        return EXIT_USAGE;
    }
    nm_gen_opts_init(&g);
    if (o->gen_states) g.states = o->gen_states;
    if (o->gen_insts) g.insts = o->gen_insts;
    if (o->gen_mean > 0) g.mean = o->gen_mean;
    g.seed = o->seed;
    nm_diag_init(&d);
    s = nm_generate(&g, o->output, &st, &d);
    if (s != NM_OK)
        return cli_report(s == NM_EUSAGE ? NM_EUSAGE : s, &d);
    fprintf(stderr, "%s: wrote %s: %ld states, %ld institutions, %ld memberships (largest "
            "institution %ld, %ld with every state, %ld with one member; %ld states in none, "
            "most memberships of a state %ld)\n", cli_prog, o->output, g.states, g.insts,
            st.memberships, st.largest, st.universal, st.singletons, st.idle_states, st.max_degree);
    return EXIT_OK;
}
