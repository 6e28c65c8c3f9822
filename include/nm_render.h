/* nm_render.h - diagrams of a selection drawn in-process with Graphviz
 * (cgraph + gvc): the nesting (Euler) diagram of Job's Figure 3, the
 * containment hierarchy, the bipartite graph and the overlap heat map.
 *
 * Styles (docs/rendering.md has the pictures and the reasoning):
 *   nesting    An Euler diagram. States with the same memberships share one
 *              box (a "group"); every institution is a rectangle that
 *              contains exactly its members' groups. Institutions are split
 *              into two laminar classes (columns and rows of a grid) by
 *              2-colouring the graph of properly overlapping pairs; the
 *              fewest institutions that stop a 2-colouring (an odd cycle
 *              transversal, found exactly for small sets, greedily beyond)
 *              are drawn as badges on the group boxes instead.
 *   hierarchy  The Hasse diagram of containment (arrow from each institution
 *              to the smallest ones containing it), overlapping pairs dashed.
 *   bipartite  States and institutions as two kinds of node, memberships as
 *              edges styled by role.
 *   overlap    A heat map of the Jaccard similarity between institutions,
 *              ordered by a linear extension of the containment order.
 *
 * Contexts: SVG and DOT are made with a Graphviz context built from linked-in
 * plugins only (core, dot_layout, neato_layout) and no configuration file:
 * text is measured with Graphviz's built-in font metrics, so the output is
 * byte-identical on every machine. PNG and PDF need the installed plugins
 * (cairo/pango, found through the config6a file that `dot -c` writes); the
 * text is then measured with the real fonts.
 *
 * Colours follow the institution typology (Job, Figure 1): collective
 * defence, collective security, concert, cooperative security, economic,
 * other. Track-2 institutions are drawn with a dashed border.
 */
#ifndef NM_RENDER_H
#define NM_RENDER_H

#include <stdio.h>
#include "nm_graph.h"

typedef enum {
    NM_RENDER_NESTING, NM_RENDER_HIERARCHY, NM_RENDER_BIPARTITE, NM_RENDER_OVERLAP, NM_RENDER_NSTYLES
} nm_render_style;

typedef enum { NM_RENDER_SVG, NM_RENDER_PNG, NM_RENDER_PDF, NM_RENDER_DOT, NM_RENDER_NFORMATS } nm_render_format;

typedef struct {
    nm_render_style style;
    nm_render_format format;
    const char *title;      /* NULL: made from the selection (regions, year, roles) */
} nm_render_opts;

/* What a render did, for the caller to report. */
typedef struct {
    int ngroups;            /* nesting: state groups (same memberships) */
    int nbadges;            /* nesting: institutions drawn as badges, not regions */
    int *badges;            /* [nbadges] local institution indices, ascending */
} nm_render_info;

/* A rectangle in points, y growing downwards, (x0, y0) the top-left corner. */
typedef struct { double x0, y0, x1, y1; } nm_rect;

typedef enum { NM_NEST_COLUMN, NM_NEST_ROW, NM_NEST_BADGE } nm_nest_mode;

/* The geometry of a nesting diagram (the grid part, without title/legend). */
typedef struct {
    int ngroups;
    int *group_of;          /* [nstates] group of each state */
    nm_rect *group_box;     /* [ngroups] the group's box */
    nm_rect *inst_box;      /* [ninsts] the institution's rectangle (zero for badges) */
    nm_nest_mode *mode;     /* [ninsts] how each institution is drawn */
    double width, height;   /* extent of the grid */
} nm_nest_layout;

/* Defaults: nesting, SVG, title from the selection. */
void nm_render_opts_init(nm_render_opts *o);

/* Parse names; -1 when unknown. nm_render_format_from_path looks at the
 * extension (.svg .png .pdf .dot/.gv, any case). */
int nm_render_style_parse(const char *s);
int nm_render_format_parse(const char *s);
int nm_render_format_from_path(const char *path);
const char *nm_render_style_name(nm_render_style s);
const char *nm_render_format_name(nm_render_format f);

/* Checks that fmt can be produced here before any work is done: PNG and PDF
 * need the installed plugins (configured by `dot -c`). Returns NM_OK, or
 * NM_EIO with a message saying what is missing and how to fix it. */
nm_status nm_render_check(nm_render_format fmt, nm_diag *d);

/* Renders g (which must have states and memberships) in o->style and
 * o->format to out. info (may be NULL) is filled (free with
 * nm_render_info_destroy). Returns NM_OK; NM_EUSAGE (bad options, empty
 * selection), NM_ENOMEM, NM_EIO (Graphviz failed: message in d). Output may
 * be partial on failure: write to a temporary file (nm_atomic). Takes well
 * under a second for a region (Europe 1999: 48 states, 10 institutions). */
nm_status nm_render_write(const nm_graph *g, const nm_render_opts *o, FILE *out,
                          nm_render_info *info, nm_diag *d);

/* Same into a malloc'd buffer *buf of *len bytes (NUL-terminated; caller frees). */
nm_status nm_render_data(const nm_graph *g, const nm_render_opts *o, char **buf, size_t *len,
                         nm_render_info *info, nm_diag *d);

void nm_render_info_destroy(nm_render_info *info);

/* The nesting layout alone (text measured as for SVG), for callers and tests
 * that check the geometry. Free with nm_nest_layout_destroy. Returns NM_OK,
 * NM_EUSAGE (empty selection), NM_ENOMEM or NM_EIO. */
nm_status nm_render_nest_layout(const nm_graph *g, nm_nest_layout *L, nm_render_info *info,
                                nm_diag *d);
void nm_nest_layout_destroy(nm_nest_layout *L);

#endif
