/* nm_compare.h - metrics of a selection read from its report tables, for
 * side-by-side comparison of selections (nestmap compare) and for metrics per
 * year (nestmap timeline).
 *
 * The values are not computed here: the report sections (nm_report.h) are run
 * on the selection graph and each metric picks a number out of their tables
 * by table and column name (nm_report_find, nm_table_col, nm_table_cell), so
 * this module depends on the table contracts only (docs/commands.md lists
 * them per metric). A metric whose table or column is absent is NaN (written
 * as null) and counted as missing.
 *
 * Aggregations over an array table (rows = states, rivalries, institutions):
 *   CELL        the column's value in row 0 (object tables)
 *   ROWS        the number of rows
 *   COUNT_GE    rows whose column is >= arg (booleans count as 0/1)
 *   SHARE_GE    COUNT_GE / ROWS (NaN when the table has no row)
 *   SUM         sum of the non-null values
 *   REGION_SUM  SUM over rows whose "region" column is one of the filter's
 *               regions (all rows when the filter names no region); used to
 *               attribute budgets to the institutions' home regions
 *   REGION_COUNT rows counted the same way whose column is not null
 *   WHERE       the column's value in the first row whose string columns
 *               equal the values of where ("region=(all),track=1")
 * Cost: one pass over each table, O(rows) per metric; the sections dominate.
 */
#ifndef NM_COMPARE_H
#define NM_COMPARE_H

#include "nm_graph.h"
#include "nm_report.h"

typedef enum {
    NM_AGG_CELL, NM_AGG_ROWS, NM_AGG_COUNT_GE, NM_AGG_SHARE_GE, NM_AGG_SUM,
    NM_AGG_REGION_SUM, NM_AGG_REGION_COUNT, NM_AGG_WHERE
} nm_agg;

/* Report sections, as bits. */
enum {
    NM_SEC_CONNECTIVITY = 1 << 0, NM_SEC_NESTING = 1 << 1, NM_SEC_OVERLAP = 1 << 2,
    NM_SEC_INCLUSION = 1 << 3, NM_SEC_RESOURCES = 1 << 4
};

typedef struct {
    const char *key;        /* the metric's name in the output */
    const char *group;      /* connectivity, nesting, inclusion or resources */
    unsigned section;       /* the NM_SEC_* bit that makes the table */
    const char *table, *column;
    nm_agg agg;
    double arg;
    int integer;            /* written as an integer */
    const char *where;      /* WHERE: "col=value,col=value" picking the row */
    const char *about;      /* one line for the documentation */
} nm_metric;

/* Every metric known, in output order; NULL-terminated by key. */
extern const nm_metric nm_metrics[];

/* The metric called key, or NULL. */
const nm_metric *nm_metric_find(const char *key);

/* Runs the sections named by the bits of sections on g into r (initialised
 * by the caller, freed with nm_report_destroy). Returns NM_OK or a section's
 * error with its message in d. */
nm_status nm_compare_report(const nm_graph *g, const nm_report_opts *o, unsigned sections,
                            nm_report *r, nm_diag *d);

/* The value of m in r (f gives the regions for REGION_*); NaN when the table
 * or column is missing (and *missing set to 1 when missing is not NULL) or
 * the value is undefined. */
double nm_metric_value(const nm_metric *m, const nm_report *r, const nm_filter *f, int *missing);

/* The sections the n metrics ms[] need. */
unsigned nm_metric_sections(const nm_metric *const *ms, size_t n);

/* Computes the n metrics ms[] of g into vals[]: runs the sections they need
 * and reads the values. missing[j] (missing may be NULL) is set to 1 when
 * metric j's table or column was absent, else left alone. Returns NM_OK, or
 * a section's error. */
nm_status nm_compare_values(const nm_graph *g, const nm_report_opts *o, const nm_metric *const *ms,
                            size_t n, double *vals, int *missing, nm_diag *d);

/* The comparison table "compare": one row per metric (group, metric), one
 * column per selection named labels[k] with vals[k * n + j], and a column
 * "difference" = last selection - first selection. Returns NULL when out of
 * memory; the caller frees it with nm_table_free. */
nm_table *nm_compare_table(const nm_metric *const *ms, size_t n, const char *const *labels,
                           size_t nsel, const double *vals);

/* Sets cell (row, col) of t to v as an integer or a number by m->integer
 * (NaN becomes null). */
void nm_metric_cell(nm_table *t, long row, size_t col, const nm_metric *m, double v);

#endif
