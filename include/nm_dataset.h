/* nm_dataset.h - a membership data set: states, institutions, memberships
 * and rivalries as read from files (the model's raw tables).
 *
 * Loaders fill an nm_dataset from a data-set directory, a single memberships
 * CSV file, or Correlates of War IGO state-year data. Indices into the arrays
 * are stable for the life of the data set.
 */
#ifndef NM_DATASET_H
#define NM_DATASET_H

#include <stddef.h>
#include "nm_diag.h"
#include "nm_pair.h"
#include "nm_strmap.h"

#define NM_YEAR_NONE 0      /* an empty year field: unbounded */
#define NM_YEAR_MIN 1
#define NM_YEAR_MAX 9999

typedef enum {
    NM_ROLE_FULL, NM_ROLE_ASSOCIATE, NM_ROLE_OBSERVER, NM_ROLE_PARTNER, NM_NROLES
} nm_role;

typedef enum {
    NM_TYPE_COLLECTIVE_DEFENCE, NM_TYPE_COLLECTIVE_SECURITY, NM_TYPE_CONCERT,
    NM_TYPE_COOPERATIVE_SECURITY, NM_TYPE_ECONOMIC, NM_TYPE_OTHER, NM_NTYPES
} nm_itype;

typedef enum {
    NM_ACT_PREVENTIVE_DIPLOMACY, NM_ACT_GOOD_OFFICES, NM_ACT_MONITORING, NM_ACT_FACT_FINDING,
    NM_ACT_CONFIDENCE_BUILDING, NM_ACT_PEACEKEEPING, NM_ACT_PEACE_ENFORCEMENT,
    NM_ACT_PEACEBUILDING, NM_NACTIVITIES
} nm_activity;

/* Strings: every char * in the tables below is owned by the data set (its
 * string store, freed by nm_dataset_destroy), never NULL, and must not be
 * freed or written to; to change one, point it at nm_dataset_str(). */

typedef struct {
    char *id, *name, *region, *subregion;   /* "" when unknown */
    int cow_code;           /* -1 when unknown */
    int nonstate;           /* 1 for kind = non-state */
    int start, end;         /* exists at end of Y when start <= Y < end (NM_YEAR_NONE = unbounded) */
} nm_state;

typedef struct {
    char *id, *name, *region;
    nm_itype type;
    int track;              /* 1 or 2 */
    int founded, dissolved; /* NM_YEAR_NONE when unknown */
    double budget_musd;     /* NAN when unknown */
    int budget_year;
    unsigned activities;    /* bit (1u << nm_activity) */
} nm_institution;

typedef struct {
    int state, inst;        /* indices into states[] and insts[] */
    nm_role role;
    int joined, left;       /* holds at end of Y when joined <= Y < left */
    int uncertain;          /* note starts with "uncertain" */
    char *source;           /* "" when none (one copy per distinct text) */
    long line;              /* line in the file it came from (0 = generated) */
} nm_membership;            /* 40 bytes: the ints first, no padding */

typedef struct {
    int a, b;               /* state indices */
    int from, to;           /* inclusive years, NM_YEAR_NONE = unbounded */
    char *name;
} nm_rivalry;

typedef enum { NM_FORMAT_AUTO, NM_FORMAT_DATASET, NM_FORMAT_COW } nm_format;

/* COW loads only: a run of consecutive years of one state in which either
 * one IGO's cell holds the same code -9 (missing) or -1 (not applicable), or
 * (inst = -1, code = 0) the state has a row at all. */
typedef struct {
    int state, inst;        /* inst -1: the state's rows */
    int from, to;           /* inclusive years */
    int code;               /* -9, -1, or 0 for a row run */
} nm_cow_run;

typedef struct {
    char *name;             /* what was loaded (path) */
    nm_format format;       /* what it was read as */
    nm_state *states;           size_t nstates;
    nm_institution *insts;      size_t ninsts;
    nm_membership *members;     size_t nmembers;
    nm_rivalry *rivals;         size_t nrivals;
    int has_states, has_insts, has_rivals;  /* which optional files were present */
    long cow_missing;       /* COW cells coded -9 (missing) in the selected IGOs */
    long cow_na;            /* COW cells coded -1 (not applicable) */
    long cow_unmapped;      /* COW rows whose country code has no crosswalk entry */
    nm_strmap state_ix, inst_ix;    /* id -> index */
    nm_cow_run *cow_runs;   /* COW: -9 and -1 cells and row years, sorted by */
    size_t ncow_runs;       /* inst, state, from (row runs first); else NULL */
    /* internal: the string store and the room in members[] */
    void *strs;             /* chunks holding every string */
    nm_strmap str_ix;       /* the shared strings (regions, sources) */
    size_t cap_members;
} nm_dataset;

typedef struct {
    nm_format format;       /* NM_FORMAT_AUTO: detect from the path and header
                               (a pipe or other non-regular file is not
                               sniffed: read as a memberships file) */
    const char *igos;       /* COW: comma-separated IGO short names; NULL = all */
    const char *crosswalk;  /* COW: crosswalk CSV; NULL = the bundled one */
    const char *datadir;    /* bundled data directory (for the crosswalk and the
                               state attributes a COW load borrows); may be NULL */
    nm_pair_exec exec;      /* may be NULL: a data-set directory's memberships.csv
                               is then read (part 1) while states.csv and
                               institutions.csv are loaded (part 0), and from
                               32 768 rows the ids of its last two thirds are
                               looked up (part 1) while the first third is read
                               (part 0); the data set and the messages are the
                               same either way */
    void *exec_arg;
    size_t ahead_min;       /* with exec: the memberships rows from which ids are
                               looked up ahead; 0 = 32 768. Any value gives the
                               same data set and messages (tests and the fuzzer
                               take small ones to reach that path) */
} nm_load_opts;

/* Frees the membership rows and empties members[] (nmembers = 0), for a
 * caller that has built the one graph it needs (nm_graph_build copies the
 * selected memberships; the graph keeps using ds's states, institutions and
 * rivalries, which stay). nestmap report does, which lowers its peak memory
 * by 40 bytes a membership. O(1). */
void nm_dataset_drop_members(nm_dataset *ds);

/* Loads path (a data-set directory, a memberships CSV file or COW state-year
 * data) into ds. Returns NM_OK; NM_EDATA or NM_EIO with messages in d. On
 * failure ds is empty. Reports every problem found (up to NM_DIAG_MAX kept). */
nm_status nm_dataset_load(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                          nm_diag *d);

/* Loads a data-set directory or a single memberships CSV file. */
nm_status nm_dataset_load_csv(nm_dataset *ds, const char *path, nm_diag *d);

/* Same, with opts->exec and opts->ahead_min (opts may be NULL; its other
 * fields are not used). */
nm_status nm_dataset_load_csv_opts(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                                   nm_diag *d);

/* Loads COW IGO state-year data (comma- or tab-separated). */
nm_status nm_dataset_load_cow(nm_dataset *ds, const char *path, const nm_load_opts *opts,
                              nm_diag *d);

/* Frees everything ds owns. Safe on a zeroed or failed ds. */
void nm_dataset_destroy(nm_dataset *ds);

/* Index of the state / institution with that id, or -1. */
int nm_dataset_state(const nm_dataset *ds, const char *id);
int nm_dataset_inst(const nm_dataset *ds, const char *id);

/* First and last year any membership row mentions, as joined or left
 * (0 when none). */
void nm_dataset_years(const nm_dataset *ds, int *first, int *last);

/* Does membership m hold at the end of year y? */
int nm_membership_holds(const nm_membership *m, int y);
/* Does state s exist at the end of year y? */
int nm_state_exists(const nm_state *s, int y);

/* Names and parsing of the enumerations. Parsers return -1 when unknown. */
const char *nm_role_name(nm_role r);
int nm_role_parse(const char *s);
const char *nm_type_name(nm_itype t);
int nm_type_parse(const char *s);
const char *nm_activity_name(nm_activity a);
int nm_activity_parse(const char *s);

/* Parses a whole decimal integer in [lo, hi] from s, the whole string (no
 * sign games, no trailing text). Returns 0, or -1 leaving *out unchanged. */
int nm_parse_long(const char *s, long lo, long hi, long *out);

/* Parses a year 1..9999 from s ("" gives NM_YEAR_NONE). Returns 0 or -1. */
int nm_parse_year(const char *s, int *year);

/* Internal to the loaders: append rows, growing the arrays. Return the new
 * index, or -1 when out of memory. Strings are copied into the data set's
 * store (the source once per distinct text). A new state or institution is
 * named by its id, with "" for regions. */
int nm_dataset_add_state(nm_dataset *ds, const char *id);
int nm_dataset_add_inst(nm_dataset *ds, const char *id);
int nm_dataset_add_member(nm_dataset *ds, const nm_membership *m, const char *source);
/* Makes room for n memberships in all (the loaders know the row count).
 * Returns 0, or -1 when out of memory. */
int nm_dataset_reserve_members(nm_dataset *ds, size_t n);

/* Copies s into the data set's string store: it lives until
 * nm_dataset_destroy. nm_dataset_intern returns the one copy of each
 * distinct text, for strings many rows share (regions, sources). Both return
 * NULL when out of memory. O(length); the store grows by chunks. */
char *nm_dataset_str(nm_dataset *ds, const char *s);
char *nm_dataset_intern(nm_dataset *ds, const char *s);

#endif
