/* nm_table.h - result tables: what the metrics hand to the report writers.
 *
 * A table has a name (its JSON key and CSV section), a title (its text
 * heading), named columns and typed cells. The same table is written as an
 * aligned text table for people, as CSV, or as JSON (an array of objects, or
 * one object for a single-row table marked NM_TABLE_OBJECT).
 *
 * Memory: a cell is 16 bytes; a string cell set with nm_table_str owns a
 * copy, one set with nm_table_str_ref only points at the caller's string
 * (ids and names of a data set, constant names), which is what keeps tables
 * of millions of rows small. nm_table_write_json streams a table row by row.
 *
 * A view (nm_table_new_view) stores no cells at all: a callback computes a
 * row from the caller's data when a writer or nm_table_cell asks for it, so
 * a table of millions of rows costs only the data it is computed from (the
 * overlap table of a report is a view of the institution pairs).
 */
#ifndef NM_TABLE_H
#define NM_TABLE_H

#include <stdio.h>
#include <stddef.h>
#include <jansson.h>

typedef enum { NM_CELL_NULL, NM_CELL_STR, NM_CELL_INT, NM_CELL_NUM, NM_CELL_BOOL } nm_cell_kind;

typedef struct {
    nm_cell_kind kind;
    unsigned char borrowed;     /* NM_CELL_STR set by nm_table_str_ref: v.s is not ours */
    union { const char *s; long long i; double x; int b; } v;
} nm_cell;

enum { NM_TABLE_ARRAY = 0, NM_TABLE_OBJECT = 1 };

/* Fills cells[0..ncols-1] of row `row` of a view from src; every cell is
 * null on entry. Strings must be borrowed (outlive the table, and never be
 * rewritten in place: the writers remember a column's last pointer); NaN
 * and infinite numbers are written as null and -0 as 0, as nm_table_num
 * does. */
typedef void (*nm_table_row_fn)(const void *src, size_t row, nm_cell *cells);

/* A row function's cells, as the setters below fill a table's: a NULL
 * string leaves the cell null (the writers turn NaN, infinities and -0 as
 * nm_table_num does). */
static inline void nm_cell_str(nm_cell *c, const char *s)
{
    if (s) {
        c->kind = NM_CELL_STR;
        c->v.s = s;
    }
}
static inline void nm_cell_int(nm_cell *c, long long v)
{
    c->kind = NM_CELL_INT;
    c->v.i = v;
}
static inline void nm_cell_num(nm_cell *c, double v)
{
    c->kind = NM_CELL_NUM;
    c->v.x = v;
}
static inline void nm_cell_bool(nm_cell *c, int v)
{
    c->kind = NM_CELL_BOOL;
    c->v.b = v != 0;
}

/* A view's text widths without its rows (nm_table_set_widths): merges into
 * w[] (by max) the widths in characters the text writer gives the cells of
 * rows [from, to), and clears num[c] when one of them is a string or a
 * boolean in column c, exactly as computing each row would. */
typedef void (*nm_table_widths_fn)(const void *src, size_t from, size_t to, size_t *w, int *num);

/* A view's CSV rows written by the view itself (nm_table_set_csv): rows
 * [from, to) into out with exactly the bytes the CSV writer gives the cells
 * its row function computes (strings as nm_csv_write_field writes them,
 * integers as nm_fmt_int, numbers as nm_fmt_g with 15 digits), without
 * computing the cells. Called from several threads at once for different
 * rows, as the row function is. Returns 0, or -1 when out of memory
 * (nothing written). */
typedef int (*nm_table_csv_fn)(const void *src, FILE *out, size_t from, size_t to);

/* The same for text rows (nm_table_set_text): rows [from, to) into out with
 * exactly the bytes the text writer gives the cells for column widths w and
 * numeric flags num (see nm_table_write_text_rows). */
typedef int (*nm_table_text_fn)(const void *src, FILE *out, size_t from, size_t to,
                                const size_t *w, const int *num);

typedef struct {
    char *name, *title;
    int shape;              /* NM_TABLE_ARRAY or NM_TABLE_OBJECT */
    size_t ncols;
    char **cols;
    nm_cell *cells;         /* row-major, nrows * ncols */
    size_t nrows, cap;
    char *note;             /* printed under the text table; may be NULL */
    nm_table_row_fn rowfn;  /* a view: rows computed from src (cells is NULL) */
    void *src;
    void (*free_src)(void *);
    nm_cell *scratch;       /* a view's last computed row */
    nm_table_widths_fn widthfn; /* a view's text widths, or NULL: from its rows */
    nm_table_csv_fn csvfn;  /* a view's CSV rows, or NULL: from its rows */
    nm_table_text_fn textfn;    /* a view's text rows, or NULL: from its rows */
} nm_table;

/* A new table with ncols columns named cols[]. Returns NULL when out of memory. */
nm_table *nm_table_new(const char *name, const char *title, int shape, size_t ncols,
                       const char *const *cols);
void nm_table_free(nm_table *t);

/* Frees t's rows (a view's source with them) and leaves it with none; its
 * name, title, columns and note stay. For a table already written whose
 * name is still looked up (the report written as it is computed). */
void nm_table_drop_rows(nm_table *t);

/* A view of nrows rows computed by row(src, r, cells). The table takes
 * ownership of src: nm_table_free calls free_src(src) (when free_src is not
 * NULL), also when this fails. The setters and nm_table_add_row must not be
 * used on a view (add_row returns -1). Returns NULL when out of memory. */
nm_table *nm_table_new_view(const char *name, const char *title, int shape, size_t ncols,
                            const char *const *cols, size_t nrows, nm_table_row_fn row,
                            void *src, void (*free_src)(void *));

/* Gives view t a function for its text column widths, so that the text
 * writers measure its columns without computing every row twice (the
 * report's overlap table of tens of millions of rows). */
void nm_table_set_widths(nm_table *t, nm_table_widths_fn fn);

/* Give view t functions that write its CSV or text rows themselves,
 * without the cells (the report's overlap table: a third of the time of
 * writing its rows cell by cell). NULL: the rows are computed and written
 * cell by cell again. */
void nm_table_set_csv(nm_table *t, nm_table_csv_fn fn);
void nm_table_set_text(nm_table *t, nm_table_text_fn fn);

/* The width in characters the text writer gives string s (its UTF-8
 * characters). */
size_t nm_table_str_width(const char *s);

/* Appends an empty (all-null) row; returns its index, or -1 when out of memory. */
long nm_table_add_row(nm_table *t);

/* Setters for cell (row, col). Return 0, or -1 when out of memory. A NULL
 * string leaves the cell null. nm_table_str copies s; nm_table_str_ref
 * stores the pointer itself and never fails: s must outlive the table (and
 * must not change while the table lives). */
int nm_table_str(nm_table *t, long row, size_t col, const char *s);
void nm_table_str_ref(nm_table *t, long row, size_t col, const char *s);
void nm_table_int(nm_table *t, long row, size_t col, long long v);
void nm_table_num(nm_table *t, long row, size_t col, double v);   /* NaN/inf become null */
void nm_table_bool(nm_table *t, long row, size_t col, int v);
int nm_table_set_note(nm_table *t, const char *note);

/* Index of column name, or -1. */
int nm_table_col(const nm_table *t, const char *name);
/* Cell (row, col). For a view the cell is computed into the table's scratch
 * row: the pointer is valid until the next nm_table_cell or write call. */
const nm_cell *nm_table_cell(const nm_table *t, size_t row, size_t col);

/* Writers. Text: a heading, aligned columns, numbers to 4 decimals. CSV: a
 * header and rows, numbers with 15 significant digits. JSON: see above;
 * nm_table_json builds the whole value (a jansson tree as large as the
 * table; the caller frees it with json_decref, NULL when out of memory).
 * The CSV writer formats numbers with nm_fmt.h (the bytes of printf). The
 * row writers gather their output in a 64 KiB buffer (one fwrite per
 * buffer) and remember, for the length of one call, the formatted bytes of
 * each number by its bits and each column's last string pointer with its
 * quoting and width: strings must not change while a table is written. */
void nm_table_write_text(const nm_table *t, FILE *out);
void nm_table_write_csv(const nm_table *t, FILE *out);

/* nm_table_write_csv in pieces: the header line, then rows [from, to), with
 * the same bytes. The rows of one table may be written to different streams
 * from several threads at once (a view's row function must allow it; the
 * report's overlap table's does). nm_table_write_csv_rows returns 0, or -1
 * when out of memory (nothing written). */
void nm_table_write_csv_header(const nm_table *t, FILE *out);
int nm_table_write_csv_rows(const nm_table *t, FILE *out, size_t from, size_t to);

/* nm_table_write_text in pieces, for an array-shaped table with rows (the
 * same bytes; the same rules for threads as the CSV pieces):
 * nm_table_text_widths merges the header's and rows [from, to)'s widths into
 * w[ncols] (by max) and clears num[c] when column c holds a string or a
 * boolean (start with w 0 and num 1, and merge pieces by max and and);
 * nm_table_write_text_head writes the title and the header line for the
 * widths of all rows, nm_table_write_text_rows rows [from, to), and
 * nm_table_write_text_tail the note. Return 0, or -1 when out of memory
 * (nothing written). */
int nm_table_text_widths(const nm_table *t, size_t from, size_t to, size_t *w, int *num);
int nm_table_write_text_head(const nm_table *t, FILE *out, const size_t *w, const int *num);
int nm_table_write_text_rows(const nm_table *t, FILE *out, size_t from, size_t to, const size_t *w,
                             const int *num);
void nm_table_write_text_tail(const nm_table *t, FILE *out);
json_t *nm_table_json(const nm_table *t);

/* Streaming JSON. Each writes exactly the bytes json_dumpf(root, out, flags)
 * writes for the same value when it sits `depth` levels deep in root (depth 0:
 * root itself), with any jansson flags (indentation JSON_INDENT(n) or
 * JSON_COMPACT included), but holds at most one row as a jansson value at a
 * time. Return 0, or -1 on a write error (ferror(out)) or when out of memory.
 *
 * nm_json_write: the value v (any type; v is not consumed).
 * nm_table_write_json: the value nm_table_json(t) would give, row by row.
 * nm_json_open/nm_json_key/nm_json_close: an object member by member. open
 * writes "{"; key writes the separator before the member (",", a new line
 * and indentation), the quoted key and ": ", after which the caller writes
 * the member's value at depth + 1; close writes the end. nm_json_key returns
 * 1, writing nothing, for a key that is not valid UTF-8 (jansson refuses such
 * keys, so the member is left out), and 0 otherwise. */
typedef struct { FILE *out; size_t flags; int depth; size_t n; } nm_json_obj;
int nm_json_write(const json_t *v, FILE *out, size_t flags, int depth);
int nm_table_write_json(const nm_table *t, FILE *out, size_t flags, int depth);
/* nm_table_write_json in pieces, for an array-shaped table (the same bytes;
 * the same rules for threads as the CSV pieces): rows [from, to) each with
 * the separator after it, "[" first when from is 0 and "]" last when to is
 * the row count. Returns 0, or -1 on a write error or out of memory. */
int nm_table_write_json_rows(const nm_table *t, FILE *out, size_t flags, int depth, size_t from,
                             size_t to);
void nm_json_open(nm_json_obj *o, FILE *out, size_t flags, int depth);
int nm_json_key(nm_json_obj *o, const char *key);
int nm_json_close(nm_json_obj *o);

#endif
