/* cmd_export.c - nestmap export: the selection as GraphML, GML, DOT or CSV. */
#include "cli.h"
#include "nm_export.h"

#include <string.h>

int cmd_export(const cli_cmd *cmd, cli_opts *o)
{
    nm_dataset ds;
    nm_graph g;
    nm_atomic out;
    nm_diag d;
    int fmt = nm_export_parse(o->format ? o->format : "graphml"), rc;

    if (fmt < 0) {
        cli_error("%s: invalid value '%s' for --format (expected graphml, gml, dot or csv)",
                  cmd->name, o->format);
        return EXIT_USAGE;
    }
    if ((rc = cli_load(o, &ds)) != EXIT_OK)
        return rc;
    rc = cli_select(o, &ds, &g, 1);
    if (rc == EXIT_OK) {
        rc = cli_out_open(o, &out);
        if (rc == EXIT_OK) {
            nm_diag_init(&d);
            rc = cli_report(nm_export_write(&g, (nm_export_format)fmt, out.fp, &d), &d);
            rc = cli_out_close(&out, rc);
        }
        nm_graph_destroy(&g);
    }
    nm_dataset_destroy(&ds);
    return rc;
}
