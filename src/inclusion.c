/* inclusion.c - coverage, isolates, outsiders, rival engagement and inclusiveness (see nm_inclusion.h). */
#include "nm_inclusion.h"
#include "nm_strmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bit 1 (track 1) and bit 2 (track 2) of the tracks state v's institutions have. */
static unsigned state_tracks(const nm_graph *g, int v)
{
    unsigned t = 0;
    int k;

    for (k = g->s_off[v]; k < g->s_off[v + 1]; k++)
        t |= 1u << nm_graph_inst(g, g->s_adj[k])->track;
    return t;
}

static void cover_add(nm_coverage *c, unsigned tracks, int deg)
{
    c->states++;
    c->covered[0] += deg > 0;
    c->covered[1] += (tracks & 2u) != 0;
    c->covered[2] += (tracks & 4u) != 0;
}

/* Numbers the regions of the selected states in order of first appearance
 * (sreg[v]) and lists them in inc->coverage; rmap maps a region to its
 * number. Returns the count, or -1 (no memory). */
static int number_regions(const nm_graph *g, nm_strmap *rmap, int *sreg, nm_inclusion *inc)
{
    int v, n = 0;

    inc->coverage = calloc((size_t)g->nstates + 1, sizeof(nm_coverage));
    if (!inc->coverage)
        return -1;
    for (v = 0; v < g->nstates; v++) {
        const char *reg = nm_graph_state(g, v)->region;
        if ((sreg[v] = nm_strmap_get(rmap, reg)) < 0) {
            if (nm_strmap_put(rmap, reg, n) < 0)
                return -1;
            inc->coverage[n].region = reg;
            sreg[v] = n++;
        }
    }
    return n;
}

/* Coverage by region (numbered in sreg, nreg of them), the "(all)" row, and
 * the isolates and outsiders: one pass over the states. */
static int coverage(const nm_graph *g, const int *sreg, int nreg, nm_inclusion *inc)
{
    int v;

    inc->isolates = malloc(((size_t)g->nstates + 1) * sizeof(int));
    inc->outsiders = malloc(((size_t)g->nstates + 1) * sizeof(int));
    if (!inc->isolates || !inc->outsiders)
        return -1;
    inc->coverage[nreg].region = NULL;
    inc->ncoverage = nreg + 1;
    for (v = 0; v < g->nstates; v++) {
        unsigned t = state_tracks(g, v);
        int deg = nm_graph_sdeg(g, v);
        cover_add(&inc->coverage[sreg[v]], t, deg);
        cover_add(&inc->coverage[nreg], t, deg);
        if (deg == 0)
            inc->isolates[inc->nisolates++] = v;
        if ((t & 4u) && !(t & 2u))
            inc->outsiders[inc->noutsiders++] = v;
    }
    return 0;
}

/* Shared institutions of states a and b (both lists sorted). */
static int rival_pair(const nm_graph *g, nm_rival_pair *p)
{
    int ka = g->s_off[p->a], kb = g->s_off[p->b];
    int ea = g->s_off[p->a + 1], eb = g->s_off[p->b + 1];
    int n = ea - ka < eb - kb ? ea - ka : eb - kb;

    p->insts = malloc(((size_t)n + 1) * sizeof(int));
    if (!p->insts)
        return -1;
    while (ka < ea && kb < eb) {
        if (g->s_adj[ka] < g->s_adj[kb]) {
            ka++;
        } else if (g->s_adj[ka] > g->s_adj[kb]) {
            kb++;
        } else {
            const nm_institution *x = nm_graph_inst(g, g->s_adj[ka]);
            p->insts[p->shared++] = g->s_adj[ka];
            p->shared1 += x->track == 1;
            p->shared2 += x->track == 2;
            p->types |= 1u << x->type;
            ka++;
            kb++;
        }
    }
    return 0;
}

static int rivals(const nm_graph *g, nm_inclusion *inc)
{
    const nm_dataset *ds = g->ds;
    int *local = malloc((ds->nstates + 1) * sizeof(int));
    size_t r;
    int v;

    inc->rivals = calloc(ds->nrivals + 1, sizeof(nm_rival_pair));
    if (!local || !inc->rivals) {
        free(local);
        return -1;
    }
    for (r = 0; r < ds->nstates; r++)
        local[r] = -1;
    for (v = 0; v < g->nstates; v++)
        local[g->state_ix[v]] = v;
    for (r = 0; r < ds->nrivals; r++) {
        const nm_rivalry *x = &ds->rivals[r];
        nm_rival_pair *p = &inc->rivals[inc->nrivals];
        if (local[x->a] < 0 || local[x->b] < 0 || !nm_graph_rivalry_active(g, x))
            continue;
        p->rivalry = (int)r;
        p->a = local[x->a];
        p->b = local[x->b];
        inc->nrivals++;
        if (rival_pair(g, p) < 0) {
            free(local);
            return -1;
        }
    }
    free(local);
    return 0;
}

/* region_states and in_region of each institution, from the region numbers
 * of the states: O(V + E + I) hash lookups and comparisons of numbers. */
static int inclusiveness(const nm_graph *g, const nm_strmap *rmap, const int *sreg, int nreg,
                         nm_inclusion *inc)
{
    int *per = calloc((size_t)nreg + 1, sizeof(int)), i, v, k;

    inc->region_states = calloc((size_t)g->ninsts + 1, sizeof(int));
    inc->in_region = calloc((size_t)g->ninsts + 1, sizeof(int));
    if (!per || !inc->region_states || !inc->in_region) {
        free(per);
        return -1;
    }
    for (v = 0; v < g->nstates; v++)
        per[sreg[v]]++;
    for (i = 0; i < g->ninsts; i++) {
        int r = nm_strmap_get(rmap, nm_graph_inst(g, i)->region);
        if (r < 0)
            continue;       /* no selected state in its region */
        inc->region_states[i] = per[r];
        for (k = g->i_off[i]; k < g->i_off[i + 1]; k++)
            inc->in_region[i] += sreg[g->i_adj[k]] == r;
    }
    free(per);
    return 0;
}

nm_status nm_inclusion_compute(const nm_graph *g, nm_inclusion *inc, nm_diag *d)
{
    int *sreg = malloc(((size_t)g->nstates + 1) * sizeof(int)), n = -1;
    nm_strmap rmap;

    memset(inc, 0, sizeof(*inc));
    nm_strmap_init(&rmap);
    if (sreg)
        n = number_regions(g, &rmap, sreg, inc);
    if (n < 0 || coverage(g, sreg, n, inc) < 0 || rivals(g, inc) < 0 ||
        inclusiveness(g, &rmap, sreg, n, inc) < 0) {
        free(sreg);
        nm_strmap_destroy(&rmap);
        nm_inclusion_destroy(inc);
        nm_diag_error(d, NULL, 0, "inclusion: out of memory");
        return NM_ENOMEM;
    }
    free(sreg);
    nm_strmap_destroy(&rmap);
    return NM_OK;
}

void nm_inclusion_destroy(nm_inclusion *inc)
{
    int r;

    for (r = 0; inc->rivals && r < inc->nrivals; r++)
        free(inc->rivals[r].insts);
    free(inc->rivals);
    free(inc->coverage);
    free(inc->isolates);
    free(inc->outsiders);
    free(inc->region_states);
    free(inc->in_region);
    memset(inc, 0, sizeof(*inc));
}

double nm_inclusion_ratio(const nm_graph *g, const nm_inclusion *inc, int i)
{
    if (inc->region_states[i] == 0)
        return NAN;
    return (double)nm_graph_isize(g, i) / inc->region_states[i];
}

/* ---- report section ---- */

/* Appends ";"-joined institution ids of list[0..n) to a new string (caller frees). */
static char *join_ids(const nm_graph *g, const int *list, int n)
{
    size_t len = 1, off = 0;
    char *s;
    int k;

    for (k = 0; k < n; k++)
        len += strlen(nm_graph_inst(g, list[k])->id) + 1;
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (k = 0; k < n; k++) {
        const char *id = nm_graph_inst(g, list[k])->id;
        size_t l = strlen(id);
        if (k)
            s[off++] = ';';
        memcpy(s + off, id, l + 1);
        off += l;
    }
    return s;
}

/* id, name and region of state v, borrowed from the data set. */
static void state_cols(nm_table *t, long r, const nm_graph *g, int v)
{
    const nm_state *s = nm_graph_state(g, v);

    nm_table_str_ref(t, r, 0, s->id);
    nm_table_str_ref(t, r, 1, s->name);
    nm_table_str_ref(t, r, 2, s->region);
}

static nm_table *coverage_table(const nm_inclusion *inc)
{
    static const char *const cols[] = { "region", "track", "states", "covered", "share" };
    static const char *const tracks[] = { "any", "1", "2" };
    nm_table *t = nm_table_new("coverage", "Coverage by region and track", NM_TABLE_ARRAY, 5, cols);
    int k, tr;

    for (k = 0; t && k < inc->ncoverage; k++)
        for (tr = 0; tr < 3; tr++) {
            const nm_coverage *c = &inc->coverage[k];
            long r = nm_table_add_row(t);
            if (r < 0) {
                nm_table_free(t);
                return NULL;
            }
            nm_table_str_ref(t, r, 0, c->region ? c->region : "(all)");
            nm_table_str_ref(t, r, 1, tracks[tr]);
            nm_table_int(t, r, 2, c->states);
            nm_table_int(t, r, 3, c->covered[tr]);
            nm_table_num(t, r, 4, c->states ? (double)c->covered[tr] / c->states : NAN);
        }
    return t;
}

/* isolates (outsiders = 0) or outsiders (1, with their track-2 institutions). */
static nm_table *states_list_table(const nm_graph *g, const nm_inclusion *inc, int outsiders)
{
    static const char *const cols[] = { "id", "name", "region", "track2" };
    nm_table *t = outsiders
        ? nm_table_new("outsiders", "Outsiders: in track-2 but no track-1 institution",
                       NM_TABLE_ARRAY, 4, cols)
        : nm_table_new("isolates", "Isolates: selected states in no institution", NM_TABLE_ARRAY, 3, cols);
    const int *list = outsiders ? inc->outsiders : inc->isolates;
    int n = outsiders ? inc->noutsiders : inc->nisolates, k, j, m;

    for (k = 0; t && k < n; k++) {
        int v = list[k], *ids;
        long r = nm_table_add_row(t);
        char *s;
        if (r < 0)
            goto fail;
        state_cols(t, r, g, v);
        if (!outsiders)
            continue;
        if (!(ids = malloc(((size_t)nm_graph_sdeg(g, v) + 1) * sizeof(int))))
            goto fail;
        for (m = 0, j = g->s_off[v]; j < g->s_off[v + 1]; j++)
            if (nm_graph_inst(g, g->s_adj[j])->track == 2)
                ids[m++] = g->s_adj[j];
        s = join_ids(g, ids, m);
        free(ids);
        if (!s || nm_table_str(t, r, 3, s) < 0) {
            free(s);
            goto fail;
        }
        free(s);
    }
    return t;
fail:
    nm_table_free(t);
    return NULL;
}

static int rival_row(nm_table *t, const nm_graph *g, const nm_rival_pair *p)
{
    const nm_rivalry *x = &g->ds->rivals[p->rivalry];
    long r = nm_table_add_row(t);
    char *s;
    int rc;

    if (r < 0)
        return -1;
    nm_table_str_ref(t, r, 0, nm_graph_state(g, p->a)->id);
    nm_table_str_ref(t, r, 1, nm_graph_state(g, p->b)->id);
    nm_table_str_ref(t, r, 2, x->name ? x->name : "");
    nm_table_int(t, r, 3, p->shared);
    nm_table_bool(t, r, 4, p->shared > 0);
    nm_table_int(t, r, 5, p->shared1);
    nm_table_int(t, r, 6, p->shared2);
    if (!(s = join_ids(g, p->insts, p->shared)))
        return -1;
    rc = nm_table_str(t, r, 7, s);
    free(s);
    return rc;
}

static nm_table *rivals_table(const nm_graph *g, const nm_inclusion *inc)
{
    static const char *const cols[] = { "a", "b", "name", "shared", "engaged", "shared_track1",
                                        "shared_track2", "institutions" };
    nm_table *t = nm_table_new("rivals", "Rival pairs and the institutions they share",
                               NM_TABLE_ARRAY, 8, cols);
    int k;

    for (k = 0; t && k < inc->nrivals; k++)
        if (rival_row(t, g, &inc->rivals[k]) < 0) {
            nm_table_free(t);
            return NULL;
        }
    return t;
}

/* Engaged pairs: group 0..2 by track (any, 1, 2), 3.. by institution type. */
static int engaged(const nm_inclusion *inc, int group)
{
    int k, n = 0;

    for (k = 0; k < inc->nrivals; k++) {
        const nm_rival_pair *p = &inc->rivals[k];
        n += group == 0 ? p->shared > 0 : group == 1 ? p->shared1 > 0 : group == 2 ? p->shared2 > 0
                        : (p->types >> (group - 3)) & 1u;
    }
    return n;
}

static nm_table *rivals_summary_table(const nm_inclusion *inc)
{
    static const char *const cols[] = { "by", "group", "rival_pairs", "engaged_pairs", "share" };
    static const char *const tracks[] = { "any", "1", "2" };
    nm_table *t = nm_table_new("rivals_summary", "Rival engagement by track and institution type",
                               NM_TABLE_ARRAY, 5, cols);
    int k;

    for (k = 0; t && k < 3 + NM_NTYPES; k++) {
        long r = nm_table_add_row(t);
        int e = engaged(inc, k);
        if (r < 0 || nm_table_str(t, r, 0, k < 3 ? "track" : "type") < 0 ||
            nm_table_str(t, r, 1, k < 3 ? tracks[k] : nm_type_name((nm_itype)(k - 3))) < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_int(t, r, 2, inc->nrivals);
        nm_table_int(t, r, 3, e);
        nm_table_num(t, r, 4, inc->nrivals ? (double)e / inc->nrivals : NAN);
    }
    return t;
}

static nm_table *inclusiveness_table(const nm_graph *g, const nm_inclusion *inc)
{
    static const char *const cols[] = { "id", "name", "region", "members", "region_states",
                                        "inclusiveness", "in_region", "in_region_share" };
    nm_table *t = nm_table_new("inclusiveness", "Inclusiveness of each institution in its region",
                               NM_TABLE_ARRAY, 8, cols);
    int i;

    for (i = 0; t && i < g->ninsts; i++) {
        const nm_institution *x = nm_graph_inst(g, i);
        long r = nm_table_add_row(t);
        int rs = inc->region_states[i];
        if (r < 0) {
            nm_table_free(t);
            return NULL;
        }
        nm_table_str_ref(t, r, 0, x->id);       /* owned by the data set */
        nm_table_str_ref(t, r, 1, x->name);
        nm_table_str_ref(t, r, 2, x->region);
        nm_table_int(t, r, 3, nm_graph_isize(g, i));
        nm_table_int(t, r, 4, rs);
        nm_table_num(t, r, 5, nm_inclusion_ratio(g, inc, i));
        nm_table_int(t, r, 6, inc->in_region[i]);
        nm_table_num(t, r, 7, rs ? (double)inc->in_region[i] / rs : NAN);
    }
    if (t && nm_table_set_note(t, "inclusiveness = members / selected states of the institution's "
                                  "region (members from elsewhere count, so it may exceed 1); "
                                  "in_region_share counts only members from the region") < 0) {
        nm_table_free(t);
        return NULL;
    }
    return t;
}

nm_status nm_section_inclusion(const nm_graph *g, const nm_report_opts *o, nm_report *r, nm_diag *d)
{
    nm_inclusion inc;
    nm_status s;
    int ok;

    (void)o;
    if ((s = nm_inclusion_compute(g, &inc, d)) != NM_OK)
        return s;
    ok = nm_report_add(r, coverage_table(&inc)) == 0 &&
         nm_report_add(r, states_list_table(g, &inc, 0)) == 0 &&
         nm_report_add(r, states_list_table(g, &inc, 1)) == 0 &&
         nm_report_add(r, rivals_table(g, &inc)) == 0 &&
         nm_report_add(r, rivals_summary_table(&inc)) == 0 &&
         nm_report_add(r, inclusiveness_table(g, &inc)) == 0;
    nm_inclusion_destroy(&inc);
    if (!ok) {
        nm_diag_error(d, NULL, 0, "out of memory building the inclusion tables");
        return NM_ENOMEM;
    }
    return NM_OK;
}
