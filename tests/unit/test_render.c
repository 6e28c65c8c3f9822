/* test_render.c - the nesting layout is an exact Euler diagram; golden SVGs; errors. */
#include "testutil.h"
#include "nm_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is state v a member of institution i (from the graph, not the layout)? */
static int member(const nm_graph *g, int v, int i)
{
    int k;

    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
        if (g->s_adj[k] == i)
            return 1;
    return 0;
}

static int inside(const nm_rect *in, const nm_rect *out)
{
    return in->x0 > out->x0 && in->x1 < out->x1 && in->y0 > out->y0 && in->y1 < out->y1;
}

static int disjoint(const nm_rect *a, const nm_rect *b)
{
    return a->x1 <= b->x0 || b->x1 <= a->x0 || a->y1 <= b->y0 || b->y1 <= a->y0;
}

/* The geometric check: every institution drawn as a rectangle contains the
 * box of each group of its members and meets no other group's box; group
 * boxes do not overlap; a group's states share their memberships. */
static void check_exact(const nm_graph *g, const nm_nest_layout *L)
{
    int i, k, v, w;

    for (v = 0; v < g->nstates; v++)
        for (w = 0; w < g->nstates; w++) {
            int same = L->group_of[v] == L->group_of[w];
            for (i = 0; i < g->ninsts; i++)
                if (same)
                    assert_int_equal(member(g, v, i), member(g, w, i));
        }
    for (k = 0; k < L->ngroups; k++)
        for (v = 0; v < k; v++)
            assert_true(disjoint(&L->group_box[k], &L->group_box[v]));
    for (i = 0; i < g->ninsts; i++) {
        if (L->mode[i] == NM_NEST_BADGE)
            continue;
        for (v = 0; v < g->nstates; v++) {
            const nm_rect *box = &L->group_box[L->group_of[v]];
            if (member(g, v, i))
                assert_true(inside(box, &L->inst_box[i]));
            else
                assert_true(disjoint(box, &L->inst_box[i]));
        }
    }
}

static void layout(const char *path, const nm_filter *f, nm_dataset *ds, nm_graph *g,
                   nm_nest_layout *L, nm_render_info *info)
{
    nm_diag d;

    tu_graph(g, ds, path, f);
    nm_diag_init(&d);
    assert_int_equal(nm_render_nest_layout(g, L, info, &d), NM_OK);
}

/* europe-like: groups by hand {DEU FRA GBR} (osce nato eu weu), {NOR USA}
 * (osce nato), {AUT} (osce eu), {RUS UKR} (osce cis) = 4. The only properly
 * overlapping pair is nato/eu (NOR, USA vs AUT), so a 2-colouring exists:
 * no badges. */
static void test_europe_like_exact(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_nest_layout L;
    nm_render_info info;

    (void)state;
    layout("tests/data/europe-like", NULL, &ds, &g, &L, &info);
    assert_int_equal(L.ngroups, 4);
    assert_int_equal(info.nbadges, 0);
    check_exact(&g, &L);
    assert_int_equal(L.group_of[tu_state(&g, "DEU")], L.group_of[tu_state(&g, "GBR")]);
    assert_int_equal(L.group_of[tu_state(&g, "NOR")], L.group_of[tu_state(&g, "USA")]);
    assert_int_not_equal(L.group_of[tu_state(&g, "AUT")], L.group_of[tu_state(&g, "NOR")]);
    nm_render_info_destroy(&info);
    nm_nest_layout_destroy(&L);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* render: ab, bc, ca overlap pairwise (a triangle, README.md), so exactly
 * one of them becomes a badge; big and solo are rectangles; 6 groups. */
static void test_third_colour_badge(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_nest_layout L;
    nm_render_info info;
    int ab, bc, ca;

    (void)state;
    layout("tests/data/render", NULL, &ds, &g, &L, &info);
    ab = tu_inst(&g, "ab");
    bc = tu_inst(&g, "bc");
    ca = tu_inst(&g, "ca");
    assert_int_equal(L.ngroups, 6);
    assert_int_equal(info.nbadges, 1);
    assert_true(info.badges[0] == ab || info.badges[0] == bc || info.badges[0] == ca);
    assert_int_equal(L.mode[info.badges[0]], NM_NEST_BADGE);
    assert_int_not_equal(L.mode[tu_inst(&g, "big")], NM_NEST_BADGE);
    assert_int_not_equal(L.mode[tu_inst(&g, "solo")], NM_NEST_BADGE);
    assert_int_equal((L.mode[ab] == NM_NEST_BADGE) + (L.mode[bc] == NM_NEST_BADGE)
                     + (L.mode[ca] == NM_NEST_BADGE), 1);
    check_exact(&g, &L);
    nm_render_info_destroy(&info);
    nm_nest_layout_destroy(&L);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* The bundled data, Europe 1999: ARF and CSCAP have the same European
 * members (the EU as a participant, and Russia). That set crosses CoE and
 * EAPC, which cross each other: a triangle, so one unit must go; removing
 * the ARF/CSCAP unit (2 members) leaves coe-eapc, eu-nato, cis-coe, which
 * 2-colour. Every other institution is a rectangle, exactly. */
static void test_europe_1999_exact(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_nest_layout L;
    nm_render_info info;
    nm_filter f;
    int i;

    (void)state;
    nm_filter_init(&f);
    f.year = 1999;
    f.regions[f.nregions++] = "Europe";
    layout("graphs/regional-security", &f, &ds, &g, &L, &info);
    assert_int_equal(info.nbadges, 2);
    for (i = 0; i < info.nbadges; i++)
        assert_true(info.badges[i] == tu_inst(&g, "arf") || info.badges[i] == tu_inst(&g, "cscap"));
    check_exact(&g, &L);
    nm_render_info_destroy(&info);
    nm_nest_layout_destroy(&L);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Renders data/style, checks it is well-formed XML (xmllint) and equal to
 * tests/golden/render/NAME.svg byte for byte. NM_UPDATE_GOLDEN=1 rewrites the
 * golden file (then look at it as a picture before committing). */
static void golden(const char *data, nm_render_style style, const char *name)
{
    nm_dataset ds;
    nm_graph g;
    nm_render_opts o;
    nm_diag d;
    char *buf, *want, path[256], tmp[] = "/tmp/nm-render-XXXXXX", cmd[320];
    size_t len, wlen;
    FILE *f;
    int fd;

    tu_graph(&g, &ds, data, NULL);
    nm_render_opts_init(&o);
    o.style = style;
    nm_diag_init(&d);
    assert_int_equal(nm_render_data(&g, &o, &buf, &len, NULL, &d), NM_OK);
    fd = mkstemp(tmp);
    assert_true(fd >= 0 && (f = fdopen(fd, "wb")) != NULL);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "xmllint --noout %s", tmp);
    assert_int_equal(system(cmd), 0);
    remove(tmp);
    snprintf(path, sizeof(path), "tests/golden/render/%s.svg", name);
    if (getenv("NM_UPDATE_GOLDEN") && (f = fopen(path, "wb"))) {
        fwrite(buf, 1, len, f);
        fclose(f);
    }
    want = slurp(path, &wlen);
    assert_non_null(want);
    assert_int_equal(wlen, len);
    assert_memory_equal(want, buf, len);
    free(want);
    free(buf);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_golden_svgs(void **state)
{
    (void)state;
    golden("tests/data/europe-like", NM_RENDER_NESTING, "europe-like-nesting");
    golden("tests/data/render", NM_RENDER_NESTING, "render-nesting");
    golden("tests/data/europe-like", NM_RENDER_HIERARCHY, "europe-like-hierarchy");
    golden("tests/data/europe-like", NM_RENDER_BIPARTITE, "europe-like-bipartite");
    golden("tests/data/europe-like", NM_RENDER_OVERLAP, "europe-like-overlap");
}

/* The same input twice gives the same bytes, for every style. */
static void test_deterministic(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_render_opts o;
    nm_diag d;
    char *a, *b;
    size_t la, lb;
    int s;

    (void)state;
    tu_graph(&g, &ds, "tests/data/render", NULL);
    nm_render_opts_init(&o);
    for (s = 0; s < NM_RENDER_NSTYLES; s++) {
        o.style = (nm_render_style)s;
        nm_diag_init(&d);
        assert_int_equal(nm_render_data(&g, &o, &a, &la, NULL, &d), NM_OK);
        assert_int_equal(nm_render_data(&g, &o, &b, &lb, NULL, &d), NM_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        assert_non_null(strstr(a, "</svg>"));
        free(a);
        free(b);
    }
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

/* No membership holds in year 1000: an error, not an empty picture. */
static void test_empty_selection(void **state)
{
    nm_dataset ds;
    nm_graph g;
    nm_render_opts o;
    nm_nest_layout L;
    nm_filter f;
    nm_diag d;
    char *buf = (char *)1;
    size_t len = 1;

    (void)state;
    nm_filter_init(&f);
    f.regions[f.nregions++] = "Nowhere";
    tu_graph(&g, &ds, "tests/data/europe-like", &f);
    nm_render_opts_init(&o);
    nm_diag_init(&d);
    assert_int_equal(nm_render_data(&g, &o, &buf, &len, NULL, &d), NM_EUSAGE);
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_true(d.errors > 0 && strstr(d.text[0], "empty selection"));
    nm_diag_init(&d);
    assert_int_equal(nm_render_nest_layout(&g, &L, NULL, &d), NM_EUSAGE);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
}

static void test_names(void **state)
{
    nm_diag d;

    (void)state;
    assert_int_equal(nm_render_style_parse("nesting"), NM_RENDER_NESTING);
    assert_int_equal(nm_render_style_parse("overlap"), NM_RENDER_OVERLAP);
    assert_int_equal(nm_render_style_parse("venn"), -1);
    assert_int_equal(nm_render_format_from_path("a/b.SVG"), NM_RENDER_SVG);
    assert_int_equal(nm_render_format_from_path("x.png"), NM_RENDER_PNG);
    assert_int_equal(nm_render_format_from_path("x.gv"), NM_RENDER_DOT);
    assert_int_equal(nm_render_format_from_path("x.txt"), -1);
    assert_int_equal(nm_render_format_from_path("dir.v2/file"), -1);
    nm_diag_init(&d);
    assert_int_equal(nm_render_check(NM_RENDER_SVG, &d), NM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_europe_like_exact),
        cmocka_unit_test(test_third_colour_badge),
        cmocka_unit_test(test_europe_1999_exact),
        cmocka_unit_test(test_golden_svgs),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_empty_selection),
        cmocka_unit_test(test_names),
    };

    igraph_set_error_handler(igraph_error_handler_ignore);
    return cmocka_run_group_tests(tests, 0, 0);
}
