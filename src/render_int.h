/* render_int.h - internal: what the renderers (render*.c) share. */
#ifndef NM_RENDER_INT_H
#define NM_RENDER_INT_H

#include <stdio.h>
#include <gvc.h>
#include "nm_overlap.h"
#include "nm_render.h"

#define NM_RND_FONT "Helvetica"

/* How many members each pair of institutions of a selection shares, as the
 * overlap metrics count them (nm_overlap_compute): the diagrams draw the
 * report's numbers. A dense matrix: render draws at most a few thousand
 * institutions. */
typedef struct {
    int n;
    int *shared;            /* [n * n] shared members; the diagonal holds the sizes */
    int *size;              /* [n] members */
} nm_rnd_sets;

/* Returns NM_OK or NM_ENOMEM (s is then empty; nm_rnd_sets_destroy is safe). */
nm_status nm_rnd_sets_init(nm_rnd_sets *s, const nm_graph *g);
void nm_rnd_sets_destroy(nm_rnd_sets *s);
int nm_rnd_shared(const nm_rnd_sets *s, int a, int b);
/* 1 when a's members are a subset of b's (equal sets included). */
int nm_rnd_subset(const nm_rnd_sets *s, int a, int b);
/* 1 when a and b share members and neither contains the other. */
int nm_rnd_crossing(const nm_rnd_sets *s, int a, int b);
/* Institutions in display order: most members first, then id. Caller frees. */
int *nm_rnd_inst_order(const nm_graph *g);

/* Type colours: the full colour (borders, swatches) and a light tint (label
 * tabs). "#RRGGBB". */
const char *nm_rnd_colour(nm_itype t);
void nm_rnd_tint(nm_itype t, double amount, char out[8]);
/* "NATO": the institution id in capitals. */
void nm_rnd_inst_label(const nm_graph *g, int i, char *buf, size_t n);
/* The title: o->title or "Europe, 1999 - full members". */
void nm_rnd_title(const nm_graph *g, const nm_render_opts *o, char *buf, size_t n);
/* Writes s with & < > " escaped for an HTML-like label. */
void nm_rnd_html(FILE *f, const char *s);
/* Formats x with 2 decimals in the C locale, whatever the process locale. */
const char *nm_rnd_num(char buf[32], double x);

/* Sets an attribute (declaring it with an empty default). */
void nm_rnd_set(void *obj, const char *name, const char *value);
void nm_rnd_set_html(Agraph_t *G, void *obj, const char *name, const char *html);
/* A new graph with the shared defaults (font, margins). */
Agraph_t *nm_rnd_graph(const char *name, int directed);
/* The legend of type colours (types present in g) as HTML table rows: a
 * swatch cell, the name over span columns, and aside (may be NULL) appended
 * to the first row (e.g. a cell with ROWSPAN). */
void nm_rnd_legend_types(FILE *f, const nm_graph *g, int span, const char *aside);

/* Gives every <text> of the SVG in *svg (rendered from G, NUL-terminated,
 * malloc'd; replaced, *len updated) the width Graphviz measured for it as
 * textLength, so that a viewer whose sans-serif font is wider or narrower
 * than Helvetica still keeps the text inside its box. Renders G as xdot to
 * learn the widths (render_fit.c). Returns NM_OK, NM_EIO or NM_ENOMEM
 * (*svg unchanged). */
nm_status nm_rnd_fit_svg(GVC_t *gvc, Agraph_t *G, char **svg, size_t *len, nm_diag *d);

/* The styles: each builds and lays out *out (to be rendered, then
 * gvFreeLayout and agclose by the caller). */
nm_status nm_rnd_nesting(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                         nm_render_info *info, nm_nest_layout *L, nm_diag *d);
nm_status nm_rnd_hierarchy(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                           nm_diag *d);
nm_status nm_rnd_bipartite(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                           nm_diag *d);
nm_status nm_rnd_overlap(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                         nm_diag *d);

/* A Graphviz context: builtin (deterministic, SVG/DOT) or the installed
 * plugins (PNG/PDF). NULL with a message in d on failure. */
GVC_t *nm_rnd_context(int builtin, nm_diag *d);
/* Frees G's layout, G (when not NULL) and gvc, and info too when s is a
 * failure. Returns s. */
nm_status nm_rnd_close(GVC_t *gvc, Agraph_t *G, nm_status s, nm_render_info *info);
/* NM_OK, or NM_EUSAGE with a message when the selection has nothing to draw. */
nm_status nm_rnd_check_selection(const nm_graph *g, nm_diag *d);

#endif
