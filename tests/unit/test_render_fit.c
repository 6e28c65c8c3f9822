/* test_render_fit.c - SVG text carries the width it was laid out for
 * (src/render_fit.c), whatever order Graphviz draws it in. */
#include "testutil.h"
#include "nm_render.h"
#include "../../src/render_int.h"     /* nm_rnd_fit_svg, nm_rnd_context (internal) */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The textLength of the <text> whose content is text (as written in the
 * SVG), or -1. */
static double text_length(const char *svg, const char *text)
{
    const char *p = svg, *gt, *tl;
    size_t n = strlen(text);

    while ((p = strstr(p, "<text ")) != NULL) {
        gt = strchr(p, '>');
        if (!gt)
            return -1;
        if (strncmp(gt + 1, text, n) == 0 && strncmp(gt + 1 + n, "</text>", 7) == 0) {
            tl = strstr(p, " textLength=\"");
            return tl && tl < gt ? strtod(tl + 13, NULL) : -1;
        }
        p = gt;
    }
    return -1;
}

static int count(const char *s, const char *what)
{
    int n = 0;

    while ((s = strstr(s, what)) != NULL) {
        n++;
        s++;
    }
    return n;
}

/* Every <text> of every style carries the width it was laid out for and the
 * font list with Helvetica's metric twins. Expected widths by hand from
 * Adobe's Helvetica AFM (Core 14; thousandths of the font size): OSCE
 * (O 778 S 667 C 722 E 667) = 2.834 x 11 pt; NATO (N 722 A 667 T 611 O 778)
 * = 2.778 x 11; collective-defence (c 500 o 556 l 222 l 222 e 556 c 500
 * t 278 i 222 v 500 e 556 - 333 d 556 e 556 f 278 e 556 n 556 c 500 e 556)
 * = 8.003 x 14; "Tab: institution and its member count." = 16.674 x 10.
 * Graphviz's Arial table differs from the AFM by a few hundredths of a
 * point. */
static void test_fitted_text(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_render_opts o;
    nm_diag d;
    char *svg;
    size_t len;
    int s;

    (void)state;
    tu_graph(&g, &ds, "tests/data/europe-like", NULL);
    nm_render_opts_init(&o);
    for (s = 0; s < NM_RENDER_NSTYLES; s++) {
        o.style = (nm_render_style)s;
        nm_diag_init(&d);
        assert_int_equal(nm_render_data(&g, &o, &svg, &len, NULL, &d), NM_OK);
        assert_true(count(svg, "<text ") > 10);
        assert_int_equal(count(svg, "<text "), count(svg, " lengthAdjust=\"spacingAndGlyphs\""));
        assert_int_equal(count(svg, "<text "), count(svg, "font-family=\"Helvetica,Arial,'Liberation Sans'"));
        assert_null(strstr(svg, "Helvetica,sans-Serif"));
        assert_true(fabs(text_length(svg, "collective&#45;defence") - 8.003 * 14) < 0.05);
        if (s == NM_RENDER_NESTING) {
            assert_true(fabs(text_length(svg, "OSCE") - 2.834 * 11) < 0.05);
            assert_true(fabs(text_length(svg, "NATO") - 2.778 * 11) < 0.05);
            assert_true(fabs(text_length(svg, "Tab: institution and its member count.") - 16.674 * 10) < 0.05);
        }
        free(svg);
    }
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* A graph whose texts are drawn in another order than nm_rnd_fit_svg
 * collects them (edges first): each still gets its own width, by hand from
 * Helvetica's AFM at 14 pt: AA = 2 x 667, i = 222, WW = 2 x 944. */
static void test_fit_order(void **state)
{
    static const struct { const char *text; double em; } want[] = {
        { "AA", 1.334 }, { "i", 0.222 }, { "WW", 1.888 }
    };
    nm_diag d;
    GVC_t *gvc;
    Agraph_t *G;
    Agnode_t *a, *b;
    char *data = NULL, *svg;
    unsigned int n = 0;
    size_t len, k;

    (void)state;
    nm_diag_init(&d);
    assert_non_null(gvc = nm_rnd_context(1, &d));
    assert_non_null(G = agopen("t", Agdirected, NULL));
    agattr(G, AGRAPH, "outputorder", "edgesfirst");
    agattr(G, AGNODE, "fontname", "Helvetica");
    agattr(G, AGEDGE, "fontname", "Helvetica");
    a = agnode(G, "a", 1);
    b = agnode(G, "b", 1);
    agsafeset(a, "label", "AA", "");
    agsafeset(b, "label", "i", "");
    agsafeset(agedge(G, a, b, NULL, 1), "label", "WW", "");
    assert_int_equal(gvLayout(gvc, G, "dot"), 0);
    assert_int_equal(gvRenderData(gvc, G, "svg", &data, &n), 0);
    assert_true(strstr(data, ">WW<") < strstr(data, ">AA<"));     /* the edge first */
    assert_non_null(svg = malloc((size_t)n + 1));
    memcpy(svg, data, n);
    svg[n] = '\0';
    gvFreeRenderData(data);
    assert_int_equal(nm_rnd_fit_svg(gvc, G, &svg, &len, &d), NM_OK);
    assert_int_equal(len, strlen(svg));
    for (k = 0; k < sizeof(want) / sizeof(want[0]); k++)
        assert_true(fabs(text_length(svg, want[k].text) - want[k].em * 14) < 0.05);
    free(svg);
    gvFreeLayout(gvc, G);
    agclose(G);
    gvFreeContext(gvc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fitted_text),
        cmocka_unit_test(test_fit_order),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, 0, 0);
}
