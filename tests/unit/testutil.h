/* testutil.h - helpers shared by the cmocka unit tests. */
#ifndef NM_TESTUTIL_H
#define NM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "nm_csv.h"
#include "nm_graph.h"
#include "nm_pair.h"
#include "nm_table.h"

/* Fails unless |got - want| <= tol * max(1, |want|). cmocka 1.1.5's
 * assert_float_equal compares as float, so we use this instead. */
#define assert_close(got, want, tol) tu_assert_close((got), (want), (tol), #got, __FILE__, __LINE__)
void tu_assert_close(double got, double want, double tol, const char *expr, const char *file, int line);

/* Loads a data set (directory under the repository root), failing the test
 * with the diagnostics when it does not load. */
void tu_load(nm_dataset *ds, const char *path);

/* Loads ds and builds the selection with the default filter (all years,
 * full roles) or the given one. */
void tu_graph(nm_graph *g, nm_dataset *ds, const char *path, const nm_filter *f);

/* tu_graph on tests/data/NAME with the default filter. */
void tu_graph_data(nm_graph *g, nm_dataset *ds, const char *name);

/* Cell (row, column called col) of a report table; fails the test when the
 * column is missing. */
const nm_cell *tu_cell(const nm_table *t, size_t row, const char *col);

/* Fails unless t has exactly the n columns cols[], in that order. */
void tu_cols(const nm_table *t, const char *const *cols, size_t n);

/* Reads a fixture CSV (lines starting with '#' skipped). */
void tu_fixture(nm_csv *t, const char *path);

/* The value of column col in the first row whose column keycol equals key
 * (NULL key = the first row). Fails the test when absent. */
const char *tu_get(const nm_csv *t, const char *keycol, const char *key, const char *col);
double tu_num(const nm_csv *t, const char *keycol, const char *key, const char *col);

/* Local index of state / institution id in g, or -1. */
int tu_state(const nm_graph *g, const char *id);
int tu_inst(const nm_graph *g, const char *id);

/* Executors for two-part work (nm_pair.h) that show the result does not
 * depend on who runs the parts: part 1 before part 0 (returns 1, as if at
 * once), part 1 in a thread of its own (1), both in turn (0). user, when
 * not NULL, is an int counting the calls. */
int tu_exec_reversed(void *user, nm_pair_fn fn, void *arg);
int tu_exec_thread(void *user, nm_pair_fn fn, void *arg);
int tu_exec_in_turn(void *user, nm_pair_fn fn, void *arg);

#endif
