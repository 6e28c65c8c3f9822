/* testutil.c - helpers shared by the unit tests (see testutil.h). */
#include "testutil.h"

#include <pthread.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tu_assert_close(double got, double want, double tol, const char *expr, const char *file, int line)
{
    double scale = fabs(want) > 1 ? fabs(want) : 1;

    if (isnan(want) && isnan(got))
        return;
    if (!(fabs(got - want) <= tol * scale)) {
        fprintf(stderr, "%s = %.17g, expected %.17g (tolerance %g)\n", expr, got, want, tol);
        _fail(file, line);
    }
}

void tu_load(nm_dataset *ds, const char *path)
{
    nm_diag d;
    nm_status s;
    int i;

    nm_diag_init(&d);
    s = nm_dataset_load(ds, path, NULL, &d);
    for (i = 0; i < d.kept; i++)
        fprintf(stderr, "%s\n", d.text[i]);
    assert_int_equal(s, NM_OK);
}

void tu_graph(nm_graph *g, nm_dataset *ds, const char *path, const nm_filter *f)
{
    nm_filter def;
    nm_diag d;

    nm_filter_init(&def);
    tu_load(ds, path);
    nm_diag_init(&d);
    assert_int_equal(nm_graph_build(g, ds, f ? f : &def, &d), NM_OK);
}

void tu_fixture(nm_csv *t, const char *path)
{
    nm_csv_opts o = { ',', 1, 0, 0 };
    nm_diag d;
    nm_status s;
    int i;

    nm_diag_init(&d);
    s = nm_csv_read(t, path, NULL, &o, &d);
    for (i = 0; i < d.kept; i++)
        fprintf(stderr, "%s\n", d.text[i]);
    assert_int_equal(s, NM_OK);
}

const char *tu_get(const nm_csv *t, const char *keycol, const char *key, const char *col)
{
    int kc = keycol ? nm_csv_col(t, keycol) : -1, c = nm_csv_col(t, col);
    size_t i;

    if (c < 0)
        fprintf(stderr, "%s: no column '%s'\n", t->name, col);
    assert_true(c >= 0);
    for (i = 0; i < t->nrows; i++)
        if (!key || strcmp(nm_csv_get(&t->rows[i], kc), key) == 0)
            return nm_csv_get(&t->rows[i], c);
    fprintf(stderr, "%s: no row with %s = %s\n", t->name, keycol, key);
    fail();
    return "";
}

double tu_num(const nm_csv *t, const char *keycol, const char *key, const char *col)
{
    const char *s = tu_get(t, keycol, key, col);

    if (strcmp(s, "nan") == 0 || strcmp(s, "NaN") == 0 || strcmp(s, "NA") == 0)
        return NAN;
    return strtod(s, NULL);
}

int tu_state(const nm_graph *g, const char *id)
{
    int v;

    for (v = 0; v < g->nstates; v++)
        if (strcmp(nm_graph_state(g, v)->id, id) == 0)
            return v;
    return -1;
}

int tu_inst(const nm_graph *g, const char *id)
{
    int i;

    for (i = 0; i < g->ninsts; i++)
        if (strcmp(nm_graph_inst(g, i)->id, id) == 0)
            return i;
    return -1;
}

void tu_graph_data(nm_graph *g, nm_dataset *ds, const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "tests/data/%s", name);
    tu_graph(g, ds, path, NULL);
}

const nm_cell *tu_cell(const nm_table *t, size_t row, const char *col)
{
    int c = nm_table_col(t, col);

    if (c < 0)
        fail_msg("table %s has no column %s", t->name, col);
    return nm_table_cell(t, row, (size_t)c);
}

void tu_cols(const nm_table *t, const char *const *cols, size_t n)
{
    size_t k;

    assert_int_equal(t->ncols, n);
    for (k = 0; k < n; k++)
        assert_string_equal(t->cols[k], cols[k]);
}

int tu_exec_reversed(void *user, nm_pair_fn fn, void *arg)
{
    if (user)
        (*(int *)user)++;
    fn(arg, 1);
    fn(arg, 0);
    return 1;
}

typedef struct {
    nm_pair_fn fn;
    void *arg;
} part_job;

static void *run_part1(void *p)
{
    part_job *j = p;

    j->fn(j->arg, 1);
    return NULL;
}

int tu_exec_thread(void *user, nm_pair_fn fn, void *arg)
{
    part_job j = { fn, arg };
    pthread_t t;

    if (user)
        (*(int *)user)++;
    assert_int_equal(pthread_create(&t, NULL, run_part1, &j), 0);
    fn(arg, 0);
    pthread_join(t, NULL);
    return 1;
}

int tu_exec_in_turn(void *user, nm_pair_fn fn, void *arg)
{
    if (user)
        (*(int *)user)++;
    fn(arg, 0);
    fn(arg, 1);
    return 0;
}
