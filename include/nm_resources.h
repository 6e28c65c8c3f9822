/* nm_resources.h - peace-related resources of the institutions of a selection
 * (definitions in docs/metrics/centrality-connectivity-inclusion.md).
 *
 * For each institution of the selection with a known budget (budget_musd
 * not NaN), in graph order: the budget and its year, members (counted
 * members in the selection), per_member = budget / members, activities (the
 * number of peace-related activities it lists) and per_activity = budget /
 * activities (NaN when it lists none). Institutions without a budget are
 * left out of the rows and counted per region instead. Totals by
 * institution region (regions in order of first appearance): institutions
 * with a budget, without one, the total budget, member seats (Σ members of
 * the budgeted institutions) and member states (distinct states among them).
 * Cost O(I + E). Numbers come from the data set; nothing is imputed.
 */
#ifndef NM_RESOURCES_H
#define NM_RESOURCES_H

#include "nm_graph.h"
#include "nm_report.h"

typedef struct {
    int inst;               /* local institution index */
    double budget;          /* million US dollars */
    int year;               /* budget year (NM_YEAR_NONE unknown) */
    int members;
    double per_member;
    int activities;
    double per_activity;    /* NaN when no activity */
} nm_resource;

typedef struct {
    const char *region;     /* borrowed from the data set */
    int insts, without;     /* institutions with / without a budget */
    double budget;
    long seats;             /* Σ members of the budgeted institutions */
    int states;             /* distinct states among them */
} nm_resource_region;

typedef struct {
    nm_resource *rows;
    int nrows;
    nm_resource_region *regions;
    int nregions;
} nm_resources;

/* Returns NM_OK or NM_ENOMEM (r left empty). Free with nm_resources_destroy. */
nm_status nm_resources_compute(const nm_graph *g, nm_resources *r, nm_diag *d);
void nm_resources_destroy(nm_resources *r);

/* Number of activity bits set in mask. */
int nm_activity_count(unsigned mask);

#endif
