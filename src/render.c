/* render.c - Graphviz contexts, output and the pieces the styles share (see nm_render.h). */
#include "render_int.h"

#include <ctype.h>
#include <gvplugin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The plugins linked into the binary (Makefile: -lgvplugin_core ...). */
extern gvplugin_library_t gvplugin_core_LTX_library;
extern gvplugin_library_t gvplugin_neato_layout_LTX_library;
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;

static const lt_symlist_t builtins[] = {
    { "gvplugin_core_LTX_library", &gvplugin_core_LTX_library },
    { "gvplugin_neato_layout_LTX_library", &gvplugin_neato_layout_LTX_library },
    { "gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library },
    { NULL, NULL }
};

static const char *const style_names[] = { "nesting", "hierarchy", "bipartite", "overlap" };
static const char *const format_names[] = { "svg", "png", "pdf", "dot" };

void nm_render_opts_init(nm_render_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->style = NM_RENDER_NESTING;
    o->format = NM_RENDER_SVG;
}

int nm_render_style_parse(const char *s)
{
    int i;

    for (i = 0; i < NM_RENDER_NSTYLES; i++)
        if (strcmp(s, style_names[i]) == 0)
            return i;
    return -1;
}

int nm_render_format_parse(const char *s)
{
    int i;

    for (i = 0; i < NM_RENDER_NFORMATS; i++)
        if (strcmp(s, format_names[i]) == 0)
            return i;
    return strcmp(s, "gv") == 0 ? NM_RENDER_DOT : -1;
}

int nm_render_format_from_path(const char *file)
{
    const char *dot = strrchr(file, '.'), *slash = strrchr(file, '/');
    char ext[8];
    size_t i;

    if (!dot || (slash && dot < slash) || strlen(dot + 1) >= sizeof(ext))
        return -1;
    for (i = 0; dot[1 + i]; i++)
        ext[i] = (char)tolower((unsigned char)dot[1 + i]);
    ext[i] = '\0';
    return nm_render_format_parse(ext);
}

const char *nm_render_style_name(nm_render_style s)
{
    return (unsigned)s < NM_RENDER_NSTYLES ? style_names[s] : "?";
}

const char *nm_render_format_name(nm_render_format f)
{
    return (unsigned)f < NM_RENDER_NFORMATS ? format_names[f] : "?";
}

static int uses_builtins(nm_render_format f)
{
    return f == NM_RENDER_SVG || f == NM_RENDER_DOT;
}

/* Is name in Graphviz's list of plugins of that kind? */
static int has_plugin(GVC_t *gvc, const char *kind, const char *name)
{
    int n = 0, i, found = 0;
    char **list = gvPluginList(gvc, kind, &n, NULL);

    for (i = 0; i < n; i++) {
        size_t len = strcspn(list[i], ":");
        if (len == strlen(name) && strncmp(list[i], name, len) == 0)
            found = 1;
        free(list[i]);
    }
    free(list);
    return found;
}

GVC_t *nm_rnd_context(int builtin, nm_diag *d)
{
    GVC_t *gvc = builtin ? gvContextPlugins(builtins, 0) : gvContext();

    if (!gvc)
        nm_diag_error(d, NULL, 0, "cannot create a Graphviz context (out of memory?)");
    return gvc;
}

nm_status nm_render_check(nm_render_format fmt, nm_diag *d)
{
    GVC_t *gvc;
    int ok;

    if ((unsigned)fmt >= NM_RENDER_NFORMATS) {
        nm_diag_error(d, NULL, 0, "unknown output format");
        return NM_EUSAGE;
    }
    if (!(gvc = nm_rnd_context(uses_builtins(fmt), d)))
        return NM_ENOMEM;
    ok = has_plugin(gvc, "layout", "nop") && has_plugin(gvc, "layout", "dot")
         && has_plugin(gvc, "device", format_names[fmt]);
    gvFreeContext(gvc);
    if (!ok) {
        nm_diag_error(d, NULL, 0, "Graphviz plugins are not configured: %s output needs the "
                      "installed plugins (run 'dot -c' as root to register them, or write SVG)",
                      format_names[fmt]);
        return NM_EIO;
    }
    return NM_OK;
}

/* Builds and lays out the graph of the requested style. */
static nm_status build(GVC_t *gvc, const nm_graph *g, const nm_render_opts *o, Agraph_t **G,
                       nm_render_info *info, nm_diag *d)
{
    switch (o->style) {
    case NM_RENDER_NESTING: return nm_rnd_nesting(gvc, g, o, G, info, NULL, d);
    case NM_RENDER_HIERARCHY: return nm_rnd_hierarchy(gvc, g, o, G, d);
    case NM_RENDER_BIPARTITE: return nm_rnd_bipartite(gvc, g, o, G, d);
    case NM_RENDER_OVERLAP: return nm_rnd_overlap(gvc, g, o, G, d);
    default: break;
    }
    nm_diag_error(d, NULL, 0, "unknown render style");
    return NM_EUSAGE;
}

static nm_status check_args(const nm_graph *g, const nm_render_opts *o, nm_diag *d)
{
    if ((unsigned)o->style >= NM_RENDER_NSTYLES || (unsigned)o->format >= NM_RENDER_NFORMATS) {
        nm_diag_error(d, NULL, 0, "unknown render style or format");
        return NM_EUSAGE;
    }
    return nm_rnd_check_selection(g, d);
}

nm_status nm_rnd_check_selection(const nm_graph *g, nm_diag *d)
{
    if (g->nstates == 0 || g->nedges == 0 || g->ninsts == 0) {
        nm_diag_error(d, NULL, 0, "empty selection: nothing to draw");
        return NM_EUSAGE;
    }
    return NM_OK;
}

nm_status nm_rnd_close(GVC_t *gvc, Agraph_t *G, nm_status s, nm_render_info *info)
{
    if (G) {
        gvFreeLayout(gvc, G);
        agclose(G);
    }
    gvFreeContext(gvc);
    if (s != NM_OK && info)
        nm_render_info_destroy(info);
    return s;
}

nm_status nm_render_data(const nm_graph *g, const nm_render_opts *o, char **buf, size_t *len,
                         nm_render_info *info, nm_diag *d)
{
    GVC_t *gvc;
    Agraph_t *G = NULL;
    nm_status s;
    char *data = NULL;
    unsigned int n = 0;

    *buf = NULL;
    *len = 0;
    if (info)
        memset(info, 0, sizeof(*info));
    if ((s = check_args(g, o, d)) != NM_OK)
        return s;
    if (!(gvc = nm_rnd_context(uses_builtins(o->format), d)))
        return NM_ENOMEM;
    s = build(gvc, g, o, &G, info, d);
    if (s == NM_OK) {
        if (gvRenderData(gvc, G, format_names[o->format], &data, &n) != 0 || !data) {
            nm_diag_error(d, NULL, 0, "Graphviz could not render %s", format_names[o->format]);
            s = NM_EIO;
        } else if (!(*buf = malloc((size_t)n + 1))) {
            s = NM_ENOMEM;
        } else {
            memcpy(*buf, data, n);
            (*buf)[n] = '\0';
            *len = n;
        }
        if (data)
            gvFreeRenderData(data);
        if (s == NM_OK && o->format == NM_RENDER_SVG)
            s = nm_rnd_fit_svg(gvc, G, buf, len, d);
        if (s != NM_OK) {
            free(*buf);
            *buf = NULL;
            *len = 0;
        }
    }
    return nm_rnd_close(gvc, G, s, info);
}

nm_status nm_render_write(const nm_graph *g, const nm_render_opts *o, FILE *out,
                          nm_render_info *info, nm_diag *d)
{
    char *buf;
    size_t len;
    nm_status s = nm_render_data(g, o, &buf, &len, info, d);

    if (s != NM_OK)
        return s;
    if (fwrite(buf, 1, len, out) != len || fflush(out) != 0) {
        nm_diag_error(d, NULL, 0, "cannot write the %s output", format_names[o->format]);
        s = NM_EIO;
    }
    free(buf);
    return s;
}

void nm_render_info_destroy(nm_render_info *info)
{
    if (!info)
        return;
    free(info->badges);
    memset(info, 0, sizeof(*info));
}

/* ---- member sets ---- */

nm_status nm_rnd_sets_init(nm_rnd_sets *s, const nm_graph *g)
{
    size_t n = (size_t)g->ninsts, k;
    int a;
    nm_overlap ov;
    nm_diag d;
    nm_status st;

    memset(s, 0, sizeof(*s));
    nm_diag_init(&d);
    if ((st = nm_overlap_compute(g, &ov, &d)) != NM_OK)
        return st;
    s->n = g->ninsts;
    s->shared = calloc(n * n + 1, sizeof(int));
    s->size = calloc(n + 1, sizeof(int));
    if (!s->shared || !s->size) {
        nm_overlap_destroy(&ov);
        nm_rnd_sets_destroy(s);
        return NM_ENOMEM;
    }
    for (a = 0; a < ov.ninsts; a++)
        for (k = ov.first[a]; k < ov.first[a + 1]; k++) {
            const nm_overlap_pair *p = &ov.pairs[k];
            s->shared[(size_t)a * n + (size_t)p->b] = s->shared[(size_t)p->b * n + (size_t)a] = p->shared;
        }
    for (k = 0; k < n; k++)
        s->size[k] = s->shared[k * n + k] = ov.isize[k];
    nm_overlap_destroy(&ov);
    return NM_OK;
}

void nm_rnd_sets_destroy(nm_rnd_sets *s)
{
    free(s->shared);
    free(s->size);
    memset(s, 0, sizeof(*s));
}

int nm_rnd_shared(const nm_rnd_sets *s, int a, int b)
{
    return s->shared[(size_t)a * (size_t)s->n + (size_t)b];
}

int nm_rnd_subset(const nm_rnd_sets *s, int a, int b)
{
    return nm_rnd_shared(s, a, b) == s->size[a];
}

int nm_rnd_crossing(const nm_rnd_sets *s, int a, int b)
{
    return nm_relation_of(nm_rnd_shared(s, a, b), s->size[a], s->size[b]) == NM_REL_OVERLAPPING;
}

static const nm_graph *order_g;

static int by_size_id(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    int na = nm_graph_isize(order_g, a), nb = nm_graph_isize(order_g, b);

    if (na != nb)
        return nb - na;
    return strcmp(nm_graph_inst(order_g, a)->id, nm_graph_inst(order_g, b)->id);
}

int *nm_rnd_inst_order(const nm_graph *g)
{
    int *ord = malloc(((size_t)g->ninsts + 1) * sizeof(int)), i;

    if (!ord)
        return NULL;
    for (i = 0; i < g->ninsts; i++)
        ord[i] = i;
    order_g = g;
    qsort(ord, (size_t)g->ninsts, sizeof(int), by_size_id);
    order_g = NULL;
    return ord;
}

/* ---- colours, labels, titles ---- */

/* Okabe & Ito's colour-blind-safe palette, one colour per type. */
static const char *const type_colour[NM_NTYPES] = {
    "#D55E00",  /* collective defence: vermillion */
    "#0072B2",  /* collective security: blue */
    "#CC79A7",  /* concert: reddish purple */
    "#009E73",  /* cooperative security: bluish green */
    "#E69F00",  /* economic: orange */
    "#6E6E6E"   /* other: grey */
};

const char *nm_rnd_colour(nm_itype t)
{
    return (unsigned)t < NM_NTYPES ? type_colour[t] : type_colour[NM_TYPE_OTHER];
}

void nm_rnd_tint(nm_itype t, double amount, char out[8])
{
    const char *c = nm_rnd_colour(t), *hex = "0123456789ABCDEF";
    int k;

    out[0] = '#';
    for (k = 0; k < 3; k++) {
        int v = (int)strtol((char[]){ c[1 + 2 * k], c[2 + 2 * k], '\0' }, NULL, 16);
        int m = (int)lround(255.0 - (255.0 - v) * amount);
        out[1 + 2 * k] = hex[m / 16];
        out[2 + 2 * k] = hex[m % 16];
    }
    out[7] = '\0';
}

void nm_rnd_inst_label(const nm_graph *g, int i, char *buf, size_t n)
{
    const char *id = nm_graph_inst(g, i)->id;
    size_t k;

    for (k = 0; id[k] && k + 1 < n; k++)
        buf[k] = (char)toupper((unsigned char)id[k]);
    if (n)
        buf[k < n ? k : n - 1] = '\0';
}

static void roles_text(unsigned roles, char *buf, size_t n)
{
    int r, count = 0, seen = 0;
    size_t off = 0;

    roles = roles ? roles : 1u << NM_ROLE_FULL;
    for (r = 0; r < NM_NROLES; r++)
        count += (roles >> r) & 1;
    buf[0] = '\0';
    for (r = 0; r < NM_NROLES && off < n; r++) {
        if (!((roles >> r) & 1))
            continue;
        seen++;
        off += (size_t)snprintf(buf + off, n - off, "%s%s",
                                seen == 1 ? "" : seen == count ? " and " : ", ", nm_role_name((nm_role)r));
    }
    if (off < n)
        snprintf(buf + off, n - off, " members");
}

void nm_rnd_title(const nm_graph *g, const nm_render_opts *o, char *buf, size_t n)
{
    const nm_filter *f = &g->filter;
    char roles[128];
    size_t off = 0;
    int i;

    if (o->title) {
        snprintf(buf, n, "%s", o->title);
        return;
    }
    buf[0] = '\0';
    for (i = 0; i < f->nregions && off < n; i++)
        off += (size_t)snprintf(buf + off, n - off, "%s%s", i ? " + " : "", f->regions[i]);
    if (f->nregions == 0 && off < n)
        off += (size_t)snprintf(buf + off, n - off, "All regions");
    if (off < n && f->year)
        off += (size_t)snprintf(buf + off, n - off, ", %d", f->year);
    else if (off < n)
        off += (size_t)snprintf(buf + off, n - off, ", all years");
    roles_text(f->roles, roles, sizeof(roles));
    if (off < n)
        off += (size_t)snprintf(buf + off, n - off, " \xe2\x80\x94 %s", roles);
    if (f->types && f->types != (1u << NM_NTYPES) - 1) {
        int first = 1;
        for (i = 0; i < NM_NTYPES && off < n; i++)
            if ((f->types >> i) & 1) {
                off += (size_t)snprintf(buf + off, n - off, "%s%s", first ? "; types: " : ", ",
                                        nm_type_name((nm_itype)i));
                first = 0;
            }
    }
    if (f->track && off < n)
        snprintf(buf + off, n - off, "; track %d only", f->track);
}

void nm_rnd_html(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

const char *nm_rnd_num(char buf[32], double x)
{
    long v = lround(fabs(x) * 100.0);

    snprintf(buf, 32, "%s%ld.%02ld", x < 0 && v ? "-" : "", v / 100, v % 100);
    return buf;
}

void nm_rnd_set(void *obj, const char *name, const char *value)
{
    agsafeset(obj, (char *)name, (char *)value, "");
}

void nm_rnd_set_html(Agraph_t *G, void *obj, const char *name, const char *html)
{
    char *h = agstrdup_html(G, (char *)html);

    agsafeset(obj, (char *)name, h, "");
    agstrfree(G, h);
}

Agraph_t *nm_rnd_graph(const char *name, int directed)
{
    Agraph_t *G = agopen((char *)name, directed ? Agdirected : Agundirected, NULL);

    if (!G)
        return NULL;
    agattr(G, AGRAPH, "fontname", NM_RND_FONT);
    agattr(G, AGNODE, "fontname", NM_RND_FONT);
    agattr(G, AGEDGE, "fontname", NM_RND_FONT);
    agattr(G, AGRAPH, "bgcolor", "white");
    agattr(G, AGRAPH, "pad", "0.2");
    return G;
}

void nm_rnd_legend_types(FILE *f, const nm_graph *g, int span, const char *aside)
{
    unsigned present = 0;
    int i, t, first = 1;

    for (i = 0; i < g->ninsts; i++)
        present |= 1u << nm_graph_inst(g, i)->type;
    for (t = 0; t < NM_NTYPES; t++) {
        char tint[8];
        if (!((present >> t) & 1))
            continue;
        nm_rnd_tint((nm_itype)t, 0.25, tint);
        fprintf(f, "<TR><TD WIDTH=\"28\" HEIGHT=\"14\" BGCOLOR=\"%s\" COLOR=\"%s\" BORDER=\"2\" SIDES=\"LTRB\"></TD>"
                "<TD ALIGN=\"LEFT\" COLSPAN=\"%d\">%s</TD>%s</TR>", tint, nm_rnd_colour((nm_itype)t), span,
                nm_type_name((nm_itype)t), first && aside ? aside : "");
        first = 0;
    }
}
