/* cmd_render.c - nestmap render: nesting diagrams and other views as SVG, PNG, PDF or DOT. */
#include "cli.h"
#include "nm_render.h"

#include <string.h>

static int pick_format(const cli_cmd *cmd, const cli_opts *o)
{
    int f;

    if (o->format) {
        if ((f = nm_render_format_parse(o->format)) < 0)
            cli_error("%s: invalid value '%s' for --format (expected svg, png, pdf or dot)",
                      cmd->name, o->format);
        return f;
    }
    if (!o->output || strcmp(o->output, "-") == 0)
        return NM_RENDER_SVG;
    if ((f = nm_render_format_from_path(o->output)) >= 0)
        return f;
    {
        const char *dot = strrchr(o->output, '.'), *slash = strrchr(o->output, '/');
        if (!dot || (slash && dot < slash))
            return NM_RENDER_SVG;
    }
    cli_error("%s: cannot tell the format from the name '%s' (use .svg, .png, .pdf or .dot, "
              "or --format)", cmd->name, o->output);
    return -1;
}

/* Beyond this many states and institutions a diagram is unreadable and
 * Graphviz's layout takes minutes: refuse before doing the work. */
#define RENDER_MAX_NODES 3000

/* Says which institutions could not be drawn as regions. */
static void note_badges(const nm_graph *g, const nm_render_info *info)
{
    int k;

    if (info->nbadges == 0)
        return;
    fprintf(stderr, "%s: note: %d institution%s drawn as badges on the state boxes (no exact "
            "region alongside the others):", cli_prog, info->nbadges, info->nbadges == 1 ? "" : "s");
    for (k = 0; k < info->nbadges && k < 20; k++)
        fprintf(stderr, "%s %s", k ? "," : "", nm_graph_inst(g, info->badges[k])->id);
    if (info->nbadges > 20)
        fprintf(stderr, " and %d more", info->nbadges - 20);
    fputc('\n', stderr);
}

static int render(cli_opts *o, const nm_graph *g, const nm_render_opts *ro)
{
    nm_atomic out;
    nm_render_info info;
    nm_diag d;
    int rc;

    if ((rc = cli_out_open(o, &out)) != EXIT_OK)
        return rc;
    nm_diag_init(&d);
    rc = cli_report(nm_render_write(g, ro, out.fp, &info, &d), &d);
    if (rc == EXIT_OK) {
        note_badges(g, &info);
        nm_render_info_destroy(&info);
    }
    return cli_out_close(&out, rc);
}

int cmd_render(const cli_cmd *cmd, cli_opts *o)
{
    nm_dataset ds;
    nm_graph g;
    nm_render_opts ro;
    nm_diag d;
    int style, fmt, rc;

    nm_render_opts_init(&ro);
    style = o->style ? nm_render_style_parse(o->style) : NM_RENDER_NESTING;
    if (style < 0) {
        cli_error("%s: invalid value '%s' for --style (expected nesting, hierarchy, bipartite or "
                  "overlap)", cmd->name, o->style);
        return EXIT_USAGE;
    }
    if ((fmt = pick_format(cmd, o)) < 0)
        return EXIT_USAGE;
    if (o->nargs > 1) {
        cli_error("%s: too many arguments", cmd->name);
        cli_usage(cmd, stderr);
        return EXIT_USAGE;
    }
    nm_diag_init(&d);
    if (nm_render_check((nm_render_format)fmt, &d) != NM_OK)
        return cli_report(NM_EIO, &d);
    ro.style = (nm_render_style)style;
    ro.format = (nm_render_format)fmt;
    ro.title = o->title;
    if ((rc = cli_load(o, &ds)) != EXIT_OK)
        return rc;
    rc = cli_select(o, &ds, &g, 1);
    if (rc == EXIT_OK && g.nstates + g.ninsts > RENDER_MAX_NODES) {
        cli_error("%s: the selection is too large to draw legibly (%d states and %d institutions; "
                  "at most %d together): narrow it with --region, --year, --type or --track",
                  cmd->name, g.nstates, g.ninsts, RENDER_MAX_NODES);
        nm_graph_destroy(&g);
        rc = EXIT_DATA;
    } else if (rc == EXIT_OK) {
        rc = render(o, &g, &ro);
        nm_graph_destroy(&g);
    }
    nm_dataset_destroy(&ds);
    return rc;
}
