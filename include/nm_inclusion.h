/* nm_inclusion.h - inclusive engagement: who the institutions of a selection
 * reach, and whom they leave out (definitions in
 * docs/metrics/centrality-connectivity-inclusion.md).
 *
 * On the selection graph (so under its year, role, type and track filter):
 *   coverage: for each region of the selected states (state.region, in order
 *       of first appearance, then an "(all)" row) and each track (any, 1, 2):
 *       states, covered = states in >= 1 institution of that track, share.
 *   isolates: selected states in no institution.
 *   outsiders: states in a track-2 institution but in no track-1 one.
 *   rivals: the data set's rivalries active in the graph's year
 *       (nm_graph_rivalry_active) whose two states are both selected, with
 *       the institutions they share (all, track 1, track 2); engaged when
 *       they share at least one. Summaries by track and by institution type.
 *   inclusiveness of an institution: members / selected states whose region
 *       equals the institution's region (NaN when none); also the members
 *       from that region and their share of it (at most 1).
 * Cost: O(V + E) plus O(deg a + deg b) per rival pair and O(I · regions).
 * No single source paper; the study's "inclusive engagement" idea.
 */
#ifndef NM_INCLUSION_H
#define NM_INCLUSION_H

#include "nm_graph.h"
#include "nm_report.h"

typedef struct {
    const char *region;     /* borrowed from the data set; NULL = every region */
    int states;
    int covered[3];         /* [0] any track, [1] track 1, [2] track 2 */
} nm_coverage;

typedef struct {
    int rivalry;            /* index into ds->rivals */
    int a, b;               /* local state indices */
    int shared, shared1, shared2;
    unsigned types;         /* bit (1u << nm_itype) of the shared institutions' types */
    int *insts;             /* [shared] local institution indices, ascending */
} nm_rival_pair;

typedef struct {
    nm_coverage *coverage;  /* regions, then the "(all)" row */
    int ncoverage;
    int *isolates;          /* local state indices, graph order */
    int nisolates;
    int *outsiders;
    int noutsiders;
    nm_rival_pair *rivals;  /* in rivalries.csv order */
    int nrivals;
    int *region_states;     /* [ninsts] selected states in the institution's region */
    int *in_region;         /* [ninsts] its members from that region */
} nm_inclusion;

/* Computes everything above. Returns NM_OK or NM_ENOMEM (inc left empty).
 * Free with nm_inclusion_destroy. */
nm_status nm_inclusion_compute(const nm_graph *g, nm_inclusion *inc, nm_diag *d);
void nm_inclusion_destroy(nm_inclusion *inc);

/* Inclusiveness of institution i: members / region_states, NaN when 0. */
double nm_inclusion_ratio(const nm_graph *g, const nm_inclusion *inc, int i);

#endif
