/* nm_csv.h - RFC 4180 CSV tables read into memory, with line numbers.
 *
 * A thin layer over libcsv that adds what nestmap's loaders need: the
 * physical line each record starts on, a UTF-8 and NUL check, BOM and CRLF
 * handling, a field size bound, column lookup by header name, and reading
 * only some columns.
 *
 * Speed: a line holding one whole record of plain fields (unquoted without
 * surrounding spaces, or quoted without inner quotes) is split here, its
 * fields terminated in place in the text read (which the table keeps);
 * every other line goes through libcsv, whose reading the fast path
 * matches. O(bytes) time; memory about the file size plus a pointer per
 * kept field and 24 bytes per record.
 */
#ifndef NM_CSV_H
#define NM_CSV_H

#include <stddef.h>
#include "nm_diag.h"

#define NM_CSV_MAX_FIELD (64 * 1024)        /* bytes in one field */
#define NM_CSV_MAX_FILE (1024L * 1024 * 1024) /* bytes in one file */
#define NM_CSV_MAX_ROWS (1L << 24)          /* records in one file (16 Mi) */
#define NM_CSV_MAX_CELLS (1L << 26)         /* fields in one file, blank rows included (64 Mi):
                                               room for 10^7 memberships with every optional
                                               column, while memory stays within a few GB
                                               whatever the input */

typedef struct {
    long line;      /* physical line (1-based) where the record starts */
    size_t n;       /* number of fields */
    char **f;       /* fields, NUL-terminated, owned by the table */
} nm_csv_row;

typedef struct {
    char *name;         /* file name used in messages */
    nm_csv_row header;  /* the first record */
    nm_csv_row *rows;   /* the records after the header */
    size_t nrows;
    size_t cap;
    void *arena;        /* internal: the storage of fields and field lists */
    char *text;         /* internal: the text read; most fields point into it */
} nm_csv;

typedef struct {
    char delim;         /* ',' or '\t'; 0 = guess from the first line */
    int comments;       /* skip lines starting with '#' (fixtures only) */
    long max_rows;      /* records accepted; 0 = NM_CSV_MAX_ROWS */
    long max_cells;     /* fields accepted; 0 = NM_CSV_MAX_CELLS */
} nm_csv_opts;

/* Reads the file at path into t. name is used in messages (NULL = path).
 * Returns NM_OK, NM_EIO (unreadable) or NM_EDATA (with messages in d: bad
 * quoting, NUL byte, invalid UTF-8, over-long field, wrong field count,
 * empty file, more than NM_CSV_MAX_ROWS records or NM_CSV_MAX_CELLS fields).
 * On failure t is left empty but may keep its name: call nm_csv_destroy. */
nm_status nm_csv_read(nm_csv *t, const char *path, const char *name,
                      const nm_csv_opts *opts, nm_diag *d);

/* Same, keeping only the columns named in only (a NULL-terminated list;
 * NULL = all): the header and the records hold those columns, in file order.
 * The others are still parsed, checked and counted, so messages and limits
 * are those of nm_csv_read. For wide files read for a few columns. */
nm_status nm_csv_read_cols(nm_csv *t, const char *path, const char *name,
                           const nm_csv_opts *opts, const char *const *only, nm_diag *d);

/* Same as nm_csv_read, from a buffer of len bytes (need not be NUL-terminated). */
nm_status nm_csv_parse(nm_csv *t, const char *buf, size_t len, const char *name,
                       const nm_csv_opts *opts, nm_diag *d);

/* Index of the header column called name (surrounding spaces ignored), or -1. */
int nm_csv_col(const nm_csv *t, const char *name);

/* Field col of row r, or "" when col < 0. Never NULL. */
const char *nm_csv_get(const nm_csv_row *r, int col);

/* Frees everything t owns and empties it. */
void nm_csv_destroy(nm_csv *t);

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..len),
 * or len when s is valid. */
size_t nm_utf8_check(const char *s, size_t len);

#endif
