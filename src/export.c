/* export.c - GraphML, GML, DOT (igraph's writers) and CSV (see nm_export.h). */
#include "nm_export.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

int nm_export_parse(const char *s)
{
    static const char *const names[] = { "graphml", "gml", "dot", "csv" };
    int i;

    for (i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

void nm_csv_write_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' ')))
        csv_fwrite(out, s, strlen(s));
    else
        fputs(s, out);
}

static igraph_error_t set_vertex_attrs(igraph_t *t, const nm_graph *g)
{
    int v, n = g->nstates + g->ninsts;

    for (v = 0; v < n; v++) {
        int inst = v >= g->nstates;
        const nm_state *s = inst ? NULL : nm_graph_state(g, v);
        const nm_institution *x = inst ? nm_graph_inst(g, v - g->nstates) : NULL;
        IGRAPH_CHECK(SETVAS(t, "id", v, inst ? x->id : s->id));
        IGRAPH_CHECK(SETVAS(t, "label", v, inst ? x->id : s->id));   /* GML keeps "id" numeric */
        IGRAPH_CHECK(SETVAS(t, "name", v, inst ? x->name : s->name));
        IGRAPH_CHECK(SETVAS(t, "kind", v, inst ? "institution" : (s->nonstate ? "non-state" : "state")));
        IGRAPH_CHECK(SETVAN(t, "bipartite", v, inst));
        IGRAPH_CHECK(SETVAS(t, "region", v, inst ? x->region : s->region));
        IGRAPH_CHECK(SETVAS(t, "subregion", v, inst ? "" : s->subregion));
        IGRAPH_CHECK(SETVAS(t, "itype", v, inst ? nm_type_name(x->type) : ""));
        IGRAPH_CHECK(SETVAN(t, "track", v, inst ? x->track : 0));
        IGRAPH_CHECK(SETVAN(t, "founded", v, inst ? x->founded : 0));
    }
    return IGRAPH_SUCCESS;
}

static igraph_error_t write_igraph(const nm_graph *g, nm_export_format fmt, FILE *out)
{
    igraph_t t;
    igraph_vector_int_t edges;
    igraph_integer_t k;

    IGRAPH_CHECK(igraph_vector_int_init(&edges, 0));
    IGRAPH_FINALLY(igraph_vector_int_destroy, &edges);
    IGRAPH_CHECK(igraph_get_edgelist(&g->g, &edges, 0));
    IGRAPH_CHECK(igraph_create(&t, &edges, (igraph_integer_t)g->nstates + g->ninsts, IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, &t);
    IGRAPH_CHECK(set_vertex_attrs(&t, g));
    for (k = 0; k < g->nedges; k++)
        IGRAPH_CHECK(SETEAS(&t, "role", k, nm_role_name(g->s_role[k])));
    if (fmt == NM_EXPORT_GRAPHML)
        IGRAPH_CHECK(igraph_write_graph_graphml(&t, out, 0));
    else if (fmt == NM_EXPORT_GML)
        IGRAPH_CHECK(igraph_write_graph_gml(&t, out, IGRAPH_WRITE_GML_DEFAULT_SW, NULL,
                                            "nestmap " NM_VERSION));
    else
        IGRAPH_CHECK(igraph_write_graph_dot(&t, out));
    igraph_destroy(&t);
    igraph_vector_int_destroy(&edges);
    IGRAPH_FINALLY_CLEAN(2);
    return IGRAPH_SUCCESS;
}

static int cmp_row(const void *a, const void *b, void *arg)
{
    const nm_dataset *ds = arg;
    const nm_membership *x = &ds->members[*(const size_t *)a], *y = &ds->members[*(const size_t *)b];
    int c = strcmp(ds->states[x->state].id, ds->states[y->state].id);

    if (!c) c = strcmp(ds->insts[x->inst].id, ds->insts[y->inst].id);
    if (!c) c = x->joined - y->joined;
    if (!c) c = (int)x->role - (int)y->role;
    return c;
}

static void put_year(FILE *out, int y)
{
    if (y)
        fprintf(out, "%d", y);
}

/* The data-set rows behind the graph's memberships. */
static nm_status write_csv(const nm_graph *g, FILE *out)
{
    const nm_dataset *ds = g->ds;
    size_t *ord = malloc((ds->nmembers + 1) * sizeof(*ord)), n = 0, i;
    int *sl = malloc((ds->nstates + 1) * sizeof(int)), *il = malloc((ds->ninsts + 1) * sizeof(int));
    int v;

    if (!ord || !sl || !il) {
        free(ord); free(sl); free(il);
        return NM_ENOMEM;
    }
    for (i = 0; i < ds->nstates; i++) sl[i] = -1;
    for (i = 0; i < ds->ninsts; i++) il[i] = -1;
    for (v = 0; v < g->nstates; v++) sl[g->state_ix[v]] = v;
    for (v = 0; v < g->ninsts; v++) il[g->inst_ix[v]] = v;
    for (i = 0; i < ds->nmembers; i++) {
        const nm_membership *m = &ds->members[i];
        if (sl[m->state] < 0 || il[m->inst] < 0 || !nm_filter_member(&g->filter, m, &ds->insts[m->inst]))
            continue;
        ord[n++] = i;
    }
    qsort_r(ord, n, sizeof(*ord), cmp_row, (void *)ds);
    fputs("state,institution,role,joined,left\n", out);
    for (i = 0; i < n; i++) {
        const nm_membership *m = &ds->members[ord[i]];
        nm_csv_write_field(out, ds->states[m->state].id);
        fputc(',', out);
        nm_csv_write_field(out, ds->insts[m->inst].id);
        fprintf(out, ",%s,", nm_role_name(m->role));
        put_year(out, m->joined);
        fputc(',', out);
        put_year(out, m->left);
        fputc('\n', out);
    }
    free(ord); free(sl); free(il);
    return NM_OK;
}

nm_status nm_export_write(const nm_graph *g, nm_export_format fmt, FILE *out, nm_diag *d)
{
    const igraph_attribute_table_t *old;
    igraph_error_t e;

    if (fmt == NM_EXPORT_CSV)
        return write_csv(g, out);
    if (!g->has_igraph) {
        nm_diag_error(d, NULL, 0, "export: the graph was built without its igraph_t "
                      "(nm_graph_add_igraph)");
        return NM_EUSAGE;
    }
    old = igraph_set_attribute_table(&igraph_cattribute_table);
    e = write_igraph(g, fmt, out);
    igraph_set_attribute_table(old);
    if (e != IGRAPH_SUCCESS) {
        nm_diag_error(d, NULL, 0, "export failed: %s", igraph_strerror(e));
        return e == IGRAPH_ENOMEM ? NM_ENOMEM : NM_EIO;
    }
    return NM_OK;
}
