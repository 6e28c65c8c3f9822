/* nm_diff.h - two data sets compared year by year: the memberships on which
 * they disagree.
 *
 * Definition. For every pair of institutions the two data sets share (same
 * id, or paired by an id map) and every state and year of the range, each
 * side says one of: member (with its role), not a member, missing (COW -9),
 * not applicable (COW -1: the IGO does not exist), not a state that year, or
 * absent (the data set has no such state at all). A membership counts only
 * when its role is in the role rule (default: full only) and the state exists
 * on that side at the end of the year (joined <= Y < left, as nm_graph). The
 * two sides disagree when exactly one holds the membership, or both hold it
 * with different roles (only possible when the rule counts several roles);
 * "not a member" against "missing" is listed too (unknown, not a
 * disagreement). Consecutive years with the same reading are one span.
 *
 * Reference: the year-by-year comparison of the bundled data with the
 * Correlates of War IGO v3 data (Pevehouse et al. 2020) in
 * docs/data-sources.md; there is no external implementation to match.
 *
 * Complexity: O(P * (S * Y + M)) for P institution pairs, S states in the
 * union of both data sets, Y years and M membership rows; O(S * Y) memory.
 *
 * Failure: NM_ENOMEM; NM_EUSAGE when the range is empty or the data sets
 * share no year; NM_EDATA for a bad id-map file. The result owns its arrays
 * and borrows ids from both data sets, which must outlive it.
 */
#ifndef NM_DIFF_H
#define NM_DIFF_H

#include "nm_dataset.h"

/* An institution-id map: rows a,b[,note]. b empty = A's institution has no
 * counterpart in B (the note says why). Ids not in the map pair by identity. */
typedef struct {
    char *a, *b, *note;     /* never NULL */
    long line;
} nm_idmap_entry;

typedef struct {
    nm_idmap_entry *e;
    size_t n;
} nm_idmap;

/* Reads a map CSV (header a,b and optional note; '#' lines are comments).
 * Returns NM_OK, NM_EIO or NM_EDATA (duplicate a or b, empty a). On failure
 * m is empty. Free with nm_idmap_destroy. */
nm_status nm_idmap_load(nm_idmap *m, const char *path, nm_diag *d);
void nm_idmap_destroy(nm_idmap *m);
/* The entry for A's id a, or NULL; the entry whose b is id, or NULL. */
const nm_idmap_entry *nm_idmap_find_a(const nm_idmap *m, const char *a);
const nm_idmap_entry *nm_idmap_find_b(const nm_idmap *m, const char *b);

/* What one side says about a state, institution and year. */
typedef enum {
    NM_DIFF_ABSENT,         /* the data set has no such state */
    NM_DIFF_NOSTATE,        /* the state does not exist (has no row) that year */
    NM_DIFF_NA,             /* COW -1: the IGO does not exist that year */
    NM_DIFF_MISSING,        /* COW -9: unknown */
    NM_DIFF_OUT,            /* not a member (or only in a role not counted) */
    NM_DIFF_IN              /* a member in a counted role */
} nm_diff_cell;

typedef struct {
    int state_a, state_b;   /* state indices; -1 on the side without it */
    int pair;               /* index into nm_diff.insts */
    int from, to;           /* inclusive years */
    nm_diff_cell a, b;
    nm_role role_a, role_b; /* meaningful when the cell is NM_DIFF_IN */
} nm_diff_span;

typedef struct {
    int a, b;               /* institution indices; -1 on the side without it */
    const char *note;       /* from the map (borrowed); NULL when none */
    int first, last, years; /* years in range with a member on either side (0 = none) */
    long agree;             /* state-years both hold, same role */
    long only_a, only_b;    /* one holds, the other says not a member (or -1) */
    long role;              /* both hold, different roles */
    long missing;           /* one side missing (-9) where the other holds or not */
    long nostate;           /* one holds where the other has no such state that year */
    long lone;              /* member state-years of states absent from the other side */
} nm_diff_inst;

typedef struct {
    unsigned roles;         /* bit (1u << nm_role); 0 = full only */
    int from, to;           /* NM_YEAR_NONE: the years both data sets cover */
    const nm_idmap *map;    /* NULL: identical ids */
} nm_diff_opts;

typedef struct {
    int from, to;           /* the range compared */
    nm_diff_inst *insts;    /* compared pairs (A's order), then A-only, then B-only */
    size_t ninsts, npairs;
    nm_diff_span *spans;    /* states in both data sets, by pair, state id, year */
    size_t nspans;
    nm_diff_span *lone;     /* states in one data set only: their member spans */
    size_t nlone;
} nm_diff;

/* Compares a and b under o (NULL: defaults). Returns NM_OK or an error with
 * a message in d; on error r is empty. Free with nm_diff_destroy. */
nm_status nm_diff_run(nm_diff *r, const nm_dataset *a, const nm_dataset *b,
                      const nm_diff_opts *o, nm_diag *d);
void nm_diff_destroy(nm_diff *r);

/* First and last year a data set covers: a COW load's row years, otherwise
 * nm_dataset_years. */
void nm_diff_coverage(const nm_dataset *ds, int *first, int *last);

/* Word for a cell in output: "absent", "no-state", "n/a", "missing", "no", "yes". */
const char *nm_diff_cell_name(nm_diff_cell c);

#endif
