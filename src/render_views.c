/* render_views.c - the hierarchy (Hasse), bipartite and overlap heat-map views (see nm_render.h). */
#include "render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared: titles and legends as the graph's HTML label ---- */

static FILE *html_open(char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    return open_memstream(buf, len);
}

static int html_close(FILE *f, char **buf)
{
    if (fclose(f) != 0) {
        free(*buf);
        *buf = NULL;
        return -1;
    }
    return 0;
}

/* The title and subtitle rows of a graph label table. */
static void title_rows(FILE *f, const nm_graph *g, const nm_render_opts *o, const char *what)
{
    char title[512];

    nm_rnd_title(g, o, title, sizeof(title));
    fputs("<TR><TD ALIGN=\"LEFT\" COLSPAN=\"4\"><FONT POINT-SIZE=\"18\"><B>", f);
    nm_rnd_html(f, title);
    fprintf(f, "</B></FONT></TD></TR><TR><TD ALIGN=\"LEFT\" COLSPAN=\"4\"><FONT POINT-SIZE=\"11\" "
            "COLOR=\"#444444\">%s: %d states, %d institutions, %ld memberships</FONT></TD></TR>",
            what, g->nstates, g->ninsts, g->nedges);
}

/* The type legend rows with text (HTML) beside them. */
static void legend_with(FILE *f, const nm_graph *g, const char *text)
{
    char *aside = NULL;
    size_t len = 0;
    unsigned present = 0;
    int i, n = 0;
    FILE *a = open_memstream(&aside, &len);

    for (i = 0; i < g->ninsts; i++)
        present |= 1u << nm_graph_inst(g, i)->type;
    for (i = 0; i < NM_NTYPES; i++)
        n += (present >> i) & 1;
    if (a) {
        /* a gap of its own: the type names' cells are only as wide as
         * Graphviz measures them, and drawn fonts may run a little wider */
        fprintf(a, "<TD ROWSPAN=\"%d\" WIDTH=\"14\"></TD>"
                "<TD ROWSPAN=\"%d\" ALIGN=\"LEFT\" VALIGN=\"TOP\"><FONT POINT-SIZE=\"10\">%s</FONT></TD>",
                n, n, text);
        if (fclose(a) != 0) {
            free(aside);
            aside = NULL;
        }
    }
    nm_rnd_legend_types(f, g, 1, aside);
    free(aside);
}

static void heat_scale(FILE *f);

/* A view's graph label: the title rows, the type legend with text (HTML)
 * beside it, and the heat map's colour scale when scale. */
static char *view_label(const nm_graph *g, const nm_render_opts *o, const char *what,
                        const char *text, int scale)
{
    char *buf;
    size_t len;
    FILE *f = html_open(&buf, &len);

    if (!f)
        return NULL;
    fputs("<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">", f);
    title_rows(f, g, o, what);
    legend_with(f, g, text);
    if (scale)
        heat_scale(f);
    fputs("</TABLE>", f);
    return html_close(f, &buf) == 0 ? buf : NULL;
}

static nm_status set_label(Agraph_t *G, char *html)
{
    if (!html)
        return NM_ENOMEM;
    nm_rnd_set_html(G, G, "label", html);
    nm_rnd_set(G, "labelloc", "t");
    nm_rnd_set(G, "labeljust", "l");
    free(html);
    return NM_OK;
}

static nm_status lay_out(GVC_t *gvc, Agraph_t *G, const char *engine, Agraph_t **out, nm_diag *d)
{
    if (gvLayout(gvc, G, engine) != 0) {
        nm_diag_error(d, NULL, 0, "Graphviz could not lay out the diagram (%s)", engine);
        agclose(G);
        return NM_EIO;
    }
    *out = G;
    return NM_OK;
}

static void inst_node_style(Agraph_t *G, Agnode_t *n, const nm_graph *g, int i, const char *extra)
{
    const nm_institution *x = nm_graph_inst(g, i);
    char tint[8], lab[64], *buf, *p;
    size_t len;
    FILE *f = html_open(&buf, &len);

    nm_rnd_tint(x->type, 0.25, tint);
    nm_rnd_set(n, "shape", "box");
    nm_rnd_set(n, "style", x->track == 2 ? "rounded,filled,dashed" : "rounded,filled");
    nm_rnd_set(n, "fillcolor", tint);
    nm_rnd_set(n, "color", nm_rnd_colour(x->type));
    nm_rnd_set(n, "penwidth", "1.5");
    nm_rnd_set(n, "tooltip", x->name);
    if (!f)
        return;
    nm_rnd_inst_label(g, i, lab, sizeof(lab));
    fputs("<B>", f);
    nm_rnd_html(f, lab);
    fprintf(f, "</B>%s", extra);
    if (html_close(f, &buf) == 0) {
        p = buf;
        nm_rnd_set_html(G, n, "label", p);
        free(buf);
    }
}

static Agnode_t *inst_node(Agraph_t *G, const nm_graph *g, int i, const char *extra)
{
    char name[32];
    Agnode_t *n;

    snprintf(name, sizeof(name), "i%d", i);
    n = agnode(G, name, 1);
    if (n)
        inst_node_style(G, n, g, i, extra);
    return n;
}

static Agedge_t *edge(Agraph_t *G, Agnode_t *a, Agnode_t *b, const char *style, const char *colour)
{
    Agedge_t *e = a && b ? agedge(G, a, b, NULL, 1) : NULL;

    if (e) {
        nm_rnd_set(e, "style", style);
        nm_rnd_set(e, "color", colour);
    }
    return e;
}

/* ---- hierarchy: the Hasse diagram of containment ---- */

/* Is there c with a < c < b strictly (a, b strictly nested)? */
static int has_between(const nm_rnd_sets *S, int a, int b)
{
    int c;

    for (c = 0; c < S->n; c++)
        if (S->size[a] < S->size[c] && S->size[c] < S->size[b] && nm_rnd_subset(S, a, c)
            && nm_rnd_subset(S, c, b))
            return 1;
    return 0;
}

static void hierarchy_edges(Agraph_t *G, Agnode_t **nodes, const nm_rnd_sets *S)
{
    int a, b;

    for (a = 0; a < S->n; a++)
        for (b = 0; b < S->n; b++) {
            int shared = a == b ? 0 : nm_rnd_shared(S, a, b);
            nm_relation rel = nm_relation_of(shared, S->size[a], S->size[b]);
            if (rel == NM_REL_DISJOINT)
                continue;
            if (nm_order_of(shared, S->size[a], S->size[b]) > 0) {
                if (!has_between(S, a, b))
                    edge(G, nodes[a], nodes[b], "solid", "#333333");
            } else if (a < b && rel == NM_REL_IDENTICAL) {
                Agedge_t *e = edge(G, nodes[a], nodes[b], "bold", "#333333");
                if (e) {
                    nm_rnd_set(e, "dir", "none");
                    nm_rnd_set(e, "xlabel", "=");
                    nm_rnd_set(e, "constraint", "false");
                }
            } else if (a < b && rel == NM_REL_OVERLAPPING) {
                Agedge_t *e = edge(G, nodes[a], nodes[b], "dashed", "#999999");
                char lab[32];
                if (e) {
                    snprintf(lab, sizeof(lab), "%d", shared);
                    nm_rnd_set(e, "dir", "none");
                    nm_rnd_set(e, "constraint", "false");
                    nm_rnd_set(e, "xlabel", lab);
                    nm_rnd_set(e, "fontsize", "9");
                    nm_rnd_set(e, "fontcolor", "#777777");
                }
            }
        }
}

static char *hierarchy_label(const nm_graph *g, const nm_render_opts *o)
{
    return view_label(g, o, "Containment order",
                      "Arrow: every member of the lower institution is a member of the upper one<BR ALIGN=\"LEFT\"/>"
                      "(drawn to the smallest institutions that contain it).<BR ALIGN=\"LEFT\"/>"
                      "Dashed line: overlapping institutions (neither contains the other), labelled with<BR ALIGN=\"LEFT\"/>"
                      "the number of shared members. Bold line marked =: identical membership.<BR ALIGN=\"LEFT\"/>"
                      "Box: institution and its member count in the selection.<BR ALIGN=\"LEFT\"/>",
                      0);
}

nm_status nm_rnd_hierarchy(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                           nm_diag *d)
{
    Agraph_t *G = nm_rnd_graph("hierarchy", 1);
    Agnode_t **nodes;
    nm_rnd_sets S;
    char extra[64];
    int i;

    *out = NULL;
    if (!G || nm_rnd_sets_init(&S, g) != NM_OK || !(nodes = calloc((size_t)g->ninsts + 1, sizeof(*nodes)))) {
        if (G) {
            nm_rnd_sets_destroy(&S);
            agclose(G);
        }
        return NM_ENOMEM;
    }
    nm_rnd_set(G, "rankdir", "BT");
    nm_rnd_set(G, "nodesep", "0.3");
    nm_rnd_set(G, "ranksep", "0.5");
    for (i = 0; i < g->ninsts; i++) {
        snprintf(extra, sizeof(extra), "<BR/><FONT POINT-SIZE=\"10\">%d member%s</FONT>",
                 nm_graph_isize(g, i), nm_graph_isize(g, i) == 1 ? "" : "s");
        nodes[i] = inst_node(G, g, i, extra);
    }
    hierarchy_edges(G, nodes, &S);
    free(nodes);
    nm_rnd_sets_destroy(&S);
    if (set_label(G, hierarchy_label(g, o)) != NM_OK) {
        agclose(G);
        return NM_ENOMEM;
    }
    return lay_out(gvc, G, "dot", out, d);
}

/* ---- bipartite: states and institutions, memberships by role ---- */

static const char *const role_style[NM_NROLES] = { "solid", "dashed", "dotted", "bold,dotted" };
static const char *const role_style_text[NM_NROLES] = { "solid line", "dashed line", "dotted line",
                                                        "bold dotted line" };

static char *bipartite_label(const nm_graph *g, const nm_render_opts *o)
{
    char *buf, *text;
    size_t tlen;
    FILE *t = html_open(&text, &tlen);
    unsigned roles = g->filter.roles ? g->filter.roles : 1u << NM_ROLE_FULL;
    int r;

    if (!t)
        return NULL;
    fputs("Left: institutions (and member count), coloured by type. Right: states.<BR ALIGN=\"LEFT\"/>"
          "Lines: memberships, in the institution's colour; the role by line style:<BR ALIGN=\"LEFT\"/>", t);
    for (r = 0; r < NM_NROLES; r++)
        if ((roles >> r) & 1)
            fprintf(t, "    %s: %s<BR ALIGN=\"LEFT\"/>", nm_role_name((nm_role)r), role_style_text[r]);
    if (html_close(t, &text) != 0)
        return NULL;
    buf = view_label(g, o, "Memberships", text, 0);
    free(text);
    return buf;
}

static nm_status bipartite_nodes(Agraph_t *G, const nm_graph *g, Agnode_t **nodes)
{
    Agraph_t *left = agsubg(G, "institutions", 1), *right = agsubg(G, "states", 1);
    const int *ord = NULL;
    int *order = nm_rnd_inst_order(g), i, v;
    char name[32], extra[64];

    if (!left || !right || !order) {
        free(order);
        return NM_ENOMEM;
    }
    nm_rnd_set(left, "rank", "min");
    nm_rnd_set(right, "rank", "max");
    ord = order;
    for (i = 0; i < g->ninsts; i++) {
        snprintf(extra, sizeof(extra), "<BR/><FONT POINT-SIZE=\"9\">%d</FONT>", nm_graph_isize(g, ord[i]));
        nodes[g->nstates + ord[i]] = inst_node(left, g, ord[i], extra);
    }
    free(order);
    for (v = 0; v < g->nstates; v++) {
        snprintf(name, sizeof(name), "s%d", v);
        if (!(nodes[v] = agnode(right, name, 1)))
            return NM_ENOMEM;
        nm_rnd_set(nodes[v], "label", nm_graph_state(g, v)->id);
        nm_rnd_set(nodes[v], "tooltip", nm_graph_state(g, v)->name);
        nm_rnd_set(nodes[v], "shape", "box");
        nm_rnd_set(nodes[v], "height", "0.25");
        nm_rnd_set(nodes[v], "fontsize", "10");
        nm_rnd_set(nodes[v], "color", "#555555");
    }
    return NM_OK;
}

nm_status nm_rnd_bipartite(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                           nm_diag *d)
{
    Agraph_t *G = nm_rnd_graph("bipartite", 0);
    Agnode_t **nodes = calloc((size_t)g->nstates + g->ninsts + 1, sizeof(*nodes));
    int v, k;

    *out = NULL;
    if (!G || !nodes || bipartite_nodes(G, g, nodes) != NM_OK) {
        free(nodes);
        if (G)
            agclose(G);
        return NM_ENOMEM;
    }
    nm_rnd_set(G, "rankdir", "LR");
    nm_rnd_set(G, "ranksep", g->nstates > 60 ? "4" : "2.5");
    nm_rnd_set(G, "nodesep", "0.06");
    nm_rnd_set(G, "splines", "true");
    for (v = 0; v < g->nstates; v++)
        for (k = g->s_off[v]; k < g->s_off[v + 1]; k++) {
            int i = g->s_adj[k];
            char col[16];
            Agedge_t *e;
            snprintf(col, sizeof(col), "%sB0", nm_rnd_colour(nm_graph_inst(g, i)->type));
            e = edge(G, nodes[g->nstates + i], nodes[v], role_style[g->s_role[k]], col);
            if (e)
                nm_rnd_set(e, "penwidth", g->s_role[k] == NM_ROLE_FULL ? "1.2" : "1");
        }
    free(nodes);
    if (set_label(G, bipartite_label(g, o)) != NM_OK) {
        agclose(G);
        return NM_ENOMEM;
    }
    return lay_out(gvc, G, "dot", out, d);
}

/* ---- overlap: Jaccard heat map in containment order ---- */

/* A linear extension of containment (containers first) that keeps each
 * institution next to what it contains: repeatedly take, among those whose
 * containers are all placed, the one whose most recently placed container
 * is latest; ties by size then id. */
static void containment_order(const nm_graph *g, const nm_rnd_sets *S, const int *disp, int *out)
{
    int n = S->n, k, i, j, *pos = malloc(sizeof(int) * ((size_t)n + 1));

    if (!pos) {
        memcpy(out, disp, sizeof(int) * (size_t)n);
        return;
    }
    (void)g;
    for (i = 0; i < n; i++)
        pos[i] = -1;
    for (k = 0; k < n; k++) {
        int best = -1, bestkey = -2;
        for (j = 0; j < n; j++) {
            int a = disp[j], ok = 1, key = -1;
            if (pos[a] >= 0)
                continue;
            for (i = 0; i < n && ok; i++) {
                int contains = i != a && S->size[i] > S->size[a] && nm_rnd_subset(S, a, i);
                if (contains && pos[i] < 0)
                    ok = 0;
                else if (contains && pos[i] > key)
                    key = pos[i];
            }
            if (ok && key > bestkey) {
                bestkey = key;
                best = a;
            }
        }
        pos[best] = k;
        out[k] = best;
    }
    free(pos);
}

static const char *const blues[9] = { "#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6",
                                      "#4292C6", "#2171B5", "#08519C", "#08306B" };

static int jaccard_bin(double j)
{
    int b = (int)ceil(j * 8.0 - 1e-9);

    return j <= 0 ? 0 : b < 1 ? 1 : b > 8 ? 8 : b;
}

static void heat_cell(FILE *f, const nm_rnd_sets *S, int a, int b)
{
    char num[32];
    int shared = nm_rnd_shared(S, a, b), bin;
    nm_relation rel = nm_relation_of(shared, S->size[a], S->size[b]);
    int bold = rel == NM_REL_NESTED || rel == NM_REL_IDENTICAL;
    double j;

    if (a == b) {
        fprintf(f, "<TD BGCOLOR=\"#444444\"><FONT COLOR=\"white\"><B>%d</B></FONT></TD>", S->size[a]);
        return;
    }
    if (shared == 0) {
        fputs("<TD BGCOLOR=\"white\"> </TD>", f);
        return;
    }
    j = (double)shared / (S->size[a] + S->size[b] - shared);
    bin = jaccard_bin(j);
    nm_rnd_num(num, j);
    fprintf(f, "<TD BGCOLOR=\"%s\"><FONT COLOR=\"%s\">%s%s%s</FONT></TD>", blues[bin],
            bin >= 5 ? "white" : "black", bold ? "<B>" : "", num + (num[0] == '0'),
            bold ? "</B>" : "");
}

/* The colour scale as one row of a table (a graph-label row). */
static void heat_scale(FILE *f)
{
    char a[32], b[32];
    int k;

    fputs("<TR><TD COLSPAN=\"4\" ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
          "CELLPADDING=\"3\" COLOR=\"#DDDDDD\"><TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"10\">Jaccard</FONT></TD>", f);
    for (k = 1; k <= 8; k++) {     /* ".00–.13" .. ".88–1.00", as the cells write them */
        nm_rnd_num(a, (k - 1) / 8.0);
        nm_rnd_num(b, k / 8.0);
        fprintf(f, "<TD BGCOLOR=\"%s\"><FONT POINT-SIZE=\"9\" COLOR=\"%s\">%s&#8211;%s</FONT></TD>",
                blues[k], k >= 5 ? "white" : "black", a + (a[0] == '0'), b + (b[0] == '0'));
    }
    fputs("</TR></TABLE></TD></TR>", f);
}

static char *heat_html(const nm_graph *g, const nm_rnd_sets *S, const int *ord)
{
    char *buf, lab[64];
    size_t len;
    FILE *f = html_open(&buf, &len);
    int n = g->ninsts, r, c;

    if (!f)
        return NULL;
    fputs("<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"#DDDDDD\">"
          "<TR><TD BORDER=\"0\"></TD>", f);
    for (c = 0; c < n; c++)
        fprintf(f, "<TD BORDER=\"0\"><FONT POINT-SIZE=\"10\">%d</FONT></TD>", c + 1);
    fputs("</TR>", f);
    for (r = 0; r < n; r++) {
        const nm_institution *x = nm_graph_inst(g, ord[r]);
        nm_rnd_inst_label(g, ord[r], lab, sizeof(lab));
        fprintf(f, "<TR><TD BORDER=\"0\" ALIGN=\"RIGHT\"><FONT POINT-SIZE=\"10\">%d </FONT>"
                "<FONT COLOR=\"%s\"><B>", r + 1, nm_rnd_colour(x->type));
        nm_rnd_html(f, lab);
        fputs("</B></FONT></TD>", f);
        for (c = 0; c < n; c++)
            heat_cell(f, S, ord[r], ord[c]);
        fputs("</TR>", f);
    }
    fputs("</TABLE>", f);
    return html_close(f, &buf) == 0 ? buf : NULL;
}

static char *overlap_label(const nm_graph *g, const nm_render_opts *o)
{
    return view_label(g, o, "Overlap (Jaccard similarity of member sets)",
                      "Cell: shared members / members of either (Jaccard); blank: no shared member.<BR ALIGN=\"LEFT\"/>"
                      "Bold: one institution contains the other. Diagonal: member count.<BR ALIGN=\"LEFT\"/>"
                      "Order: containers before what they contain (containment order).<BR ALIGN=\"LEFT\"/>"
                      "Row names coloured by institution type.<BR ALIGN=\"LEFT\"/>",
                      1);
}

nm_status nm_rnd_overlap(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **out,
                         nm_diag *d)
{
    Agraph_t *G = nm_rnd_graph("overlap", 0);
    int *disp = nm_rnd_inst_order(g);
    int *ord = calloc((size_t)g->ninsts + 1, sizeof(int));     /* containment_order fills all */
    nm_rnd_sets S;
    Agnode_t *n;
    char *html = NULL;
    nm_status s = NM_ENOMEM;

    *out = NULL;
    memset(&S, 0, sizeof(S));
    if (G && disp && ord && nm_rnd_sets_init(&S, g) == NM_OK) {
        containment_order(g, &S, disp, ord);
        html = heat_html(g, &S, ord);
        n = html ? agnode(G, "matrix", 1) : NULL;
        if (n) {
            nm_rnd_set_html(G, n, "label", html);
            nm_rnd_set(n, "shape", "plain");
            nm_rnd_set(n, "pos", "0,0!");
            s = set_label(G, overlap_label(g, o));
        }
    }
    free(html);
    free(disp);
    free(ord);
    nm_rnd_sets_destroy(&S);
    if (s != NM_OK) {
        if (G)
            agclose(G);
        return s;
    }
    /* a single pinned node: nop (dot leaks the sizing graphs of big HTML tables in 2.42) */
    return lay_out(gvc, G, "nop", out, d);
}
