/* render_fit.c - SVG text held to the width it was laid out for (see render_int.h).
 *
 * SVG is laid out with Graphviz's built-in Helvetica metrics, so that it is
 * byte-identical everywhere, but a viewer draws the text in whatever
 * sans-serif font it has. DejaVu Sans, the usual one on Linux, is about a
 * tenth wider, and long labels then run over their boxes and into the
 * numbers beside them. So every <text> gets the width Graphviz measured as
 * textLength, with lengthAdjust="spacingAndGlyphs": a viewer with Helvetica
 * or Arial draws it as before, any other font is fitted to it. The widths
 * come from rendering the same layout as xdot, whose text operations carry
 * them (T x y align width -text); each is matched to its <text> by string,
 * anchor and position. */
#include "render_int.h"
#include "nm_mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xdot.h>

/* The fonts asked of a viewer: Helvetica's and Arial's metric twins, then
 * the condensed DejaVu (close to them where the twins are missing), then
 * any sans-serif. */
#define FIT_FAMILY "Helvetica,Arial,'Liberation Sans','Nimbus Sans',Arimo,'TeX Gyre Heros'," \
                   "'DejaVu Sans Condensed',sans-serif"

typedef struct {
    double x, y, size, width;
    int align;              /* -1 start, 0 middle, 1 end */
    int used;
    char *text;
} fit_span;

typedef struct {
    fit_span *v;
    size_t n, cap;
} fit_spans;

static void spans_free(fit_spans *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        free(s->v[i].text);
    free(s->v);
}

static int spans_push(fit_spans *s, const xdot_text *t, double size)
{
    fit_span *p;

    if (nm_mem_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v)) < 0)
        return -1;
    p = &s->v[s->n];
    p->x = t->x;
    p->y = t->y;
    p->size = size;
    p->width = t->width;
    p->align = t->align == xd_left ? -1 : t->align == xd_right ? 1 : 0;
    p->used = 0;
    if (!(p->text = strdup(t->text ? t->text : "")))
        return -1;
    s->n++;
    return 0;
}

/* The text operations of one xdot attribute value. */
static int add_ops(fit_spans *s, const char *ops)
{
    xdot *x;
    double size = 14;
    size_t i;
    int rc = 0;

    if (!ops || !*ops || !(x = parseXDot((char *)ops)))
        return 0;
    for (i = 0; rc == 0 && i < (size_t)x->cnt; i++) {
        if (x->ops[i].kind == xd_font)
            size = x->ops[i].u.font.size;
        else if (x->ops[i].kind == xd_text)
            rc = spans_push(s, &x->ops[i].u.text, size);
    }
    freeXDot(x);
    return rc;
}

static int add_object(fit_spans *s, void *obj)
{
    static const char *const names[] = { "_draw_", "_ldraw_", "_hdraw_", "_tdraw_", "_hldraw_", "_tldraw_" };
    size_t k;

    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (add_ops(s, agget(obj, (char *)names[k])) < 0)
            return -1;
    return 0;
}

static int add_graph(fit_spans *s, Agraph_t *G, int root)
{
    Agraph_t *sub;
    Agnode_t *n;
    Agedge_t *e;

    if (add_object(s, G) < 0)
        return -1;
    for (sub = agfstsubg(G); sub; sub = agnxtsubg(sub))
        if (add_graph(s, sub, 0) < 0)
            return -1;
    for (n = agfstnode(G); root && n; n = agnxtnode(G, n)) {
        if (add_object(s, n) < 0)
            return -1;
        for (e = agfstout(G, n); e; e = agnxtout(G, e))
            if (add_object(s, e) < 0)
                return -1;
    }
    return 0;
}

/* ---- the SVG side ---- */

/* The value of attribute name in the tag [tag, end), or NULL. */
static const char *tag_attr(const char *tag, const char *end, const char *name)
{
    size_t n = strlen(name);
    const char *p;

    for (p = tag + 1; p + n + 2 < end; p++)
        if (p[-1] == ' ' && strncmp(p, name, n) == 0 && p[n] == '=' && p[n + 1] == '"')
            return p + n + 2;
    return NULL;
}

static void put_utf8(char **o, unsigned long c)
{
    char *q = *o;

    if (c < 0x80) {
        *q++ = (char)c;
    } else if (c < 0x800) {
        *q++ = (char)(0xC0 | (c >> 6));
        *q++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *q++ = (char)(0xE0 | (c >> 12));
        *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *q++ = (char)(0x80 | (c & 0x3F));
    } else {
        *q++ = (char)(0xF0 | (c >> 18));
        *q++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *q++ = (char)(0x80 | (c & 0x3F));
    }
    *o = q;
}

/* XML character data [p, end) unescaped into out (room for end - p + 1:
 * no entity is shorter than what it stands for). */
static void unescape(const char *p, const char *end, char *out)
{
    static const struct { const char *name; char c; } named[] = {
        { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' }
    };
    size_t k;

    while (p < end) {
        if (*p != '&') {
            *out++ = *p++;
            continue;
        }
        p++;
        if (*p == '#') {
            char *e;
            unsigned long c = p[1] == 'x' ? strtoul(p + 2, &e, 16) : strtoul(p + 1, &e, 10);
            if (e < end && *e == ';' && c > 0 && c <= 0x10FFFF) {
                if (c == 160)       /* Graphviz writes the second of two spaces so */
                    *out++ = ' ';
                else
                    put_utf8(&out, c);
                p = e + 1;
                continue;
            }
        }
        for (k = 0; k < sizeof(named) / sizeof(named[0]); k++)
            if (strncmp(p, named[k].name, strlen(named[k].name)) == 0)
                break;
        if (k < sizeof(named) / sizeof(named[0])) {
            *out++ = named[k].c;
            p += strlen(named[k].name);
        } else {
            *out++ = '&';
        }
    }
    *out = '\0';
}

/* The span drawn by the <text> whose tag is [tag, end) and whose content is
 * text, or NULL. SVG's y is the xdot y negated and moved down to the
 * centre line (a tenth of the font size with the built-in metrics). */
static fit_span *find_span(fit_spans *s, const char *tag, const char *end, const char *text)
{
    const char *ax = tag_attr(tag, end, "x"), *ay = tag_attr(tag, end, "y");
    const char *aa = tag_attr(tag, end, "text-anchor");
    double x, y;
    int align;
    size_t i;

    if (!ax || !ay || !aa)
        return NULL;
    x = strtod(ax, NULL);
    y = -strtod(ay, NULL);
    align = strncmp(aa, "start\"", 6) == 0 ? -1 : strncmp(aa, "end\"", 4) == 0 ? 1 : 0;
    for (i = 0; i < s->n; i++) {
        fit_span *p = &s->v[i];
        if (!p->used && p->align == align && fabs(p->x - x) < 0.02
            && fabs(p->y - y) <= 0.25 * p->size + 0.02 && strcmp(p->text, text) == 0)
            return p;
    }
    return NULL;
}

/* Copies the tag [p, end) to f with Graphviz's font family replaced by
 * FIT_FAMILY. */
static void put_tag(FILE *f, const char *p, const char *end)
{
    static const char gv[] = "Helvetica,sans-Serif\"";
    const char *q = tag_attr(p, end, "font-family");

    if (q && (size_t)(end - q) >= sizeof(gv) - 1 && strncmp(q, gv, sizeof(gv) - 1) == 0) {
        fwrite(p, 1, (size_t)(q - p), f);
        fputs(FIT_FAMILY "\"", f);
        p = q + sizeof(gv) - 1;
    }
    fwrite(p, 1, (size_t)(end - p), f);
}

/* Copies svg to f, adding textLength to every <text> a span matches. */
static int write_fitted(fit_spans *s, const char *svg, FILE *f)
{
    const char *p = svg, *t;

    while ((t = strstr(p, "<text ")) != NULL) {
        const char *gt = strchr(t, '>'), *close = gt ? strstr(gt, "</text>") : NULL;
        char *text;
        fit_span *sp;
        char num[32];

        if (!close)
            break;
        if (!(text = malloc((size_t)(close - gt))))
            return -1;
        unescape(gt + 1, close, text);
        sp = find_span(s, t, gt, text);
        free(text);
        put_tag(f, p, gt);
        if (sp && sp->width > 0) {
            sp->used = 1;
            fprintf(f, " textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\"", nm_rnd_num(num, sp->width));
        }
        p = gt;
    }
    fputs(p, f);
    return 0;
}

nm_status nm_rnd_fit_svg(GVC_t *gvc, Agraph_t *G, char **svg, size_t *len, nm_diag *d)
{
    fit_spans s = { NULL, 0, 0 };
    char *data = NULL, *out = NULL;
    unsigned int n = 0;
    size_t olen = 0;
    FILE *f;
    int rc;

    if (gvRenderData(gvc, G, "xdot", &data, &n) != 0 || !data) {
        nm_diag_error(d, NULL, 0, "Graphviz could not measure the labels (xdot)");
        if (data)
            gvFreeRenderData(data);
        return NM_EIO;
    }
    gvFreeRenderData(data);
    rc = add_graph(&s, G, 1);
    if (rc == 0 && (f = open_memstream(&out, &olen)) != NULL) {
        rc = write_fitted(&s, *svg, f);
        rc |= fclose(f);
    } else {
        rc = -1;
    }
    spans_free(&s);
    if (rc != 0) {
        free(out);
        nm_diag_error(d, NULL, 0, "out of memory fitting the SVG text");
        return NM_ENOMEM;
    }
    free(*svg);
    *svg = out;
    *len = olen;
    return NM_OK;
}
