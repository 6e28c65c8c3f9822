/* table.c - result tables and their text, CSV and JSON writers. */
#include "nm_table.h"
#include "nm_export.h"
#include "nm_fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

nm_table *nm_table_new(const char *name, const char *title, int shape, size_t ncols,
                       const char *const *cols)
{
    nm_table *t = calloc(1, sizeof(*t));
    size_t i;

    if (!t)
        return NULL;
    t->name = strdup(name);
    t->title = strdup(title ? title : name);
    t->shape = shape;
    t->ncols = ncols;
    t->cols = calloc(ncols + 1, sizeof(char *));
    if (!t->name || !t->title || !t->cols) {
        nm_table_free(t);
        return NULL;
    }
    for (i = 0; i < ncols; i++)
        if (!(t->cols[i] = strdup(cols[i]))) {
            nm_table_free(t);
            return NULL;
        }
    return t;
}

nm_table *nm_table_new_view(const char *name, const char *title, int shape, size_t ncols,
                            const char *const *cols, size_t nrows, nm_table_row_fn row,
                            void *src, void (*free_src)(void *))
{
    nm_table *t = nm_table_new(name, title, shape, ncols, cols);

    if (!t || !(t->scratch = calloc(ncols + 1, sizeof(nm_cell)))) {
        nm_table_free(t);
        if (free_src)
            free_src(src);
        return NULL;
    }
    t->rowfn = row;
    t->src = src;
    t->free_src = free_src;
    t->nrows = nrows;
    return t;
}

void nm_table_free(nm_table *t)
{
    size_t i;

    if (!t)
        return;
    nm_table_drop_rows(t);
    free(t->scratch);
    for (i = 0; t->cols && i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t->name);
    free(t->title);
    free(t->note);
    free(t);
}

void nm_table_drop_rows(nm_table *t)
{
    size_t i;

    if (t->free_src)
        t->free_src(t->src);
    t->free_src = NULL;
    t->src = NULL;
    t->rowfn = NULL;
    t->widthfn = NULL;
    t->csvfn = NULL;
    t->textfn = NULL;
    for (i = 0; t->cells && i < t->nrows * t->ncols; i++)
        if (t->cells[i].kind == NM_CELL_STR && !t->cells[i].borrowed)
            free((char *)t->cells[i].v.s);
    free(t->cells);
    t->cells = NULL;
    t->nrows = t->cap = 0;
}

long nm_table_add_row(nm_table *t)
{
    if (t->rowfn)
        return -1;
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        nm_cell *nc = realloc(t->cells, ncap * (t->ncols ? t->ncols : 1) * sizeof(*nc));
        if (!nc)
            return -1;
        t->cells = nc;
        t->cap = ncap;
    }
    memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(nm_cell));
    return (long)t->nrows++;
}

static nm_cell *at(nm_table *t, long row, size_t col)
{
    nm_cell *c = &t->cells[(size_t)row * t->ncols + col];

    if (c->kind == NM_CELL_STR && !c->borrowed)
        free((char *)c->v.s);
    c->kind = NM_CELL_NULL;
    c->borrowed = 0;
    return c;
}

int nm_table_str(nm_table *t, long row, size_t col, const char *s)
{
    nm_cell *c = at(t, row, col);

    if (!s)
        return 0;
    c->v.s = strdup(s);
    if (!c->v.s)
        return -1;
    c->kind = NM_CELL_STR;
    return 0;
}

void nm_table_str_ref(nm_table *t, long row, size_t col, const char *s)
{
    nm_cell *c = at(t, row, col);

    if (!s)
        return;
    c->v.s = s;
    c->kind = NM_CELL_STR;
    c->borrowed = 1;
}

void nm_table_int(nm_table *t, long row, size_t col, long long v)
{
    nm_cell *c = at(t, row, col);

    c->kind = NM_CELL_INT;
    c->v.i = v;
}

void nm_table_num(nm_table *t, long row, size_t col, double v)
{
    nm_cell *c = at(t, row, col);

    if (!isfinite(v))
        return;
    c->kind = NM_CELL_NUM;
    c->v.x = v == 0 ? 0 : v;    /* no "-0" */
}

void nm_table_bool(nm_table *t, long row, size_t col, int v)
{
    nm_cell *c = at(t, row, col);

    c->kind = NM_CELL_BOOL;
    c->v.b = v != 0;
}

int nm_table_set_note(nm_table *t, const char *note)
{
    char *n = strdup(note);

    if (!n)
        return -1;
    free(t->note);
    t->note = n;
    return 0;
}

int nm_table_col(const nm_table *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

/* Row r's cells: in place, or a view's computed into scratch (ncols cells). */
static const nm_cell *row_into(const nm_table *t, size_t r, nm_cell *scratch)
{
    size_t c;

    if (!t->rowfn)
        return &t->cells[r * t->ncols];
    memset(scratch, 0, t->ncols * sizeof(nm_cell));
    t->rowfn(t->src, r, scratch);
    for (c = 0; c < t->ncols; c++) {
        nm_cell *x = &scratch[c];
        if (x->kind == NM_CELL_NUM && !isfinite(x->v.x))
            x->kind = NM_CELL_NULL;
        else if (x->kind == NM_CELL_NUM && x->v.x == 0)
            x->v.x = 0;
        x->borrowed = x->kind == NM_CELL_STR;
    }
    return scratch;
}

static const nm_cell *row_at(const nm_table *t, size_t r)
{
    return row_into(t, r, t->scratch);
}

const nm_cell *nm_table_cell(const nm_table *t, size_t row, size_t col)
{
    return &row_at(t, row)[col];
}

/* The row writers gather their bytes in a buffer and write it with one
 * fwrite per OBUF_SIZE bytes instead of a stdio call per cell. err is set
 * when a write fails (the stream's error flag is set too). */
#define OBUF_SIZE 65536

typedef struct {
    FILE *out;
    size_t n;
    int err;
    nm_fmt_slot *nums;  /* the numbers of one format (nm_fmt_memo), or NULL: no memo */
    nm_fmt_fn fmt;      /* the format the memo holds (the first used) */
    size_t arg;
    char b[OBUF_SIZE];
} obuf;

static obuf *ob_new(FILE *out)
{
    obuf *w = malloc(sizeof(*w));

    if (w) {
        w->out = out;
        w->n = 0;
        w->err = 0;
        w->nums = calloc(NM_FMT_MEMO, sizeof(nm_fmt_slot));
        w->fmt = NULL;
        w->arg = 0;
    }
    return w;
}

static void ob_free(obuf *w)
{
    if (w)
        free(w->nums);
    free(w);
}

/* fmt(buf, x, arg) from the buffer's memo or computed into buf
 * (NM_FMT_BUFSIZE bytes); the bytes stay valid until the next ob_num. The
 * memo serves the first format used with this buffer only; any other is
 * computed every time. */
static const char *ob_num(obuf *w, double x, char *buf, nm_fmt_fn fmt, size_t arg, size_t *len)
{
    if (w->nums && !w->fmt) {
        w->fmt = fmt;
        w->arg = arg;
    }
    if (!w->nums || fmt != w->fmt || arg != w->arg) {
        *len = fmt(buf, x, arg);
        return buf;
    }
    return nm_fmt_memo(w->nums, x, buf, fmt, arg, len);
}

static size_t fmt_fixed(char *buf, double x, size_t decimals)
{
    return nm_fmt_fixed(buf, x, (int)decimals);
}

static size_t fmt_g(char *buf, double x, size_t prec)
{
    return nm_fmt_g(buf, x, (int)prec);
}

static void ob_flush(obuf *w)
{
    if (w->n && fwrite_unlocked(w->b, 1, w->n, w->out) != w->n)
        w->err = 1;
    w->n = 0;
}

static void ob_put(obuf *w, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (w->n + n > OBUF_SIZE) {
        ob_flush(w);
        if (n > OBUF_SIZE) {
            if (fwrite_unlocked(s, 1, n, w->out) != n)
                w->err = 1;
            return;
        }
    }
    memcpy(w->b + w->n, s, n);
    w->n += n;
}

static void ob_putc(obuf *w, char c)
{
    if (w->n == OBUF_SIZE)
        ob_flush(w);
    w->b[w->n++] = c;
}

static void ob_spaces(obuf *w, size_t n)
{
    static const char blank[] = "                                ";

    for (; n > sizeof(blank) - 1; n -= sizeof(blank) - 1)
        ob_put(w, blank, sizeof(blank) - 1);
    ob_put(w, blank, n);
}

/* Formats a cell; text uses 4 decimals, CSV 15 significant digits. */
/* buf holds NM_FMT_BUFSIZE bytes. */
static const char *fmt_cell(const nm_cell *c, char *buf, int text)
{
    switch (c->kind) {
    case NM_CELL_NULL: return text ? "-" : "";
    case NM_CELL_STR: return c->v.s;
    case NM_CELL_INT: nm_fmt_int(buf, c->v.i); return buf;
    case NM_CELL_BOOL: return c->v.b ? "true" : "false";
    case NM_CELL_NUM:
        if (text)
            nm_fmt_fixed(buf, c->v.x, 4);
        else
            nm_fmt_g(buf, c->v.x, 15);
        return buf;
    }
    return "";
}

size_t nm_table_str_width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            w++;
    return w;
}

void nm_table_set_widths(nm_table *t, nm_table_widths_fn fn)
{
    t->widthfn = fn;
}

void nm_table_set_csv(nm_table *t, nm_table_csv_fn fn)
{
    t->csvfn = fn;
}

void nm_table_set_text(nm_table *t, nm_table_text_fn fn)
{
    t->textfn = fn;
}

static int spaces(FILE *out, size_t n)
{
    static const char blank[] = "                                ";

    for (; n > sizeof(blank) - 1; n -= sizeof(blank) - 1)
        if (fwrite_unlocked(blank, 1, sizeof(blank) - 1, out) != sizeof(blank) - 1)
            return -1;
    return fwrite_unlocked(blank, 1, n, out) == n ? 0 : -1;
}

/* s padded to width characters; out is locked by the caller. */
static void pad(FILE *out, const char *s, size_t width, int right)
{
    size_t w = nm_table_str_width(s);

    if (right && w < width)
        spaces(out, width - w);
    fputs_unlocked(s, out);
    if (!right && w < width)
        spaces(out, width - w);
}

static void write_object_text(const nm_table *t, FILE *out)
{
    size_t c, w = 0;
    char buf[NM_FMT_BUFSIZE];

    for (c = 0; c < t->ncols; c++)
        if (strlen(t->cols[c]) > w)
            w = strlen(t->cols[c]);
    for (c = 0; c < t->ncols; c++) {
        pad(out, t->cols[c], w + 2, 0);
        fprintf(out, "%s\n", t->nrows ? fmt_cell(nm_table_cell(t, 0, c), buf, 1) : "-");
    }
}

/* A text cell's bytes, their length and its width in utf-8 characters;
 * each column remembers its last string (ids repeat down a column). */
typedef struct {
    const char *s;
    size_t len, width;
} text_cell;

static void text_of(const nm_cell *c, char *buf, text_cell *memo, obuf *o, text_cell *out)
{
    switch (c->kind) {
    case NM_CELL_STR:
        if (c->v.s != memo->s) {
            memo->s = c->v.s;
            memo->len = strlen(c->v.s);
            memo->width = nm_table_str_width(c->v.s);
        }
        *out = *memo;
        return;
    case NM_CELL_INT: out->len = nm_fmt_int(buf, c->v.i); out->s = buf; break;
    case NM_CELL_NUM: out->s = ob_num(o, c->v.x, buf, fmt_fixed, 4, &out->len); break;
    case NM_CELL_BOOL: out->s = c->v.b ? "true" : "false"; out->len = c->v.b ? 4 : 5; break;
    case NM_CELL_NULL:
    default: out->s = "-"; out->len = 1; break;
    }
    out->width = out->len;      /* ASCII */
}

/* Widths (utf-8 characters) of the header and the cells of rows [from, to)
 * merged into w (by max) and whether each column is numeric into num (a
 * string or boolean clears it), in one pass: O(rows x columns); a view with
 * a widths function answers for its rows. */
static void measure(const nm_table *t, size_t from, size_t to, nm_cell *scratch, size_t *w,
                    int *num, text_cell *memo, obuf *o)
{
    char buf[NM_FMT_BUFSIZE];
    size_t r, c;

    for (c = 0; c < t->ncols; c++)
        if (nm_table_str_width(t->cols[c]) > w[c])
            w[c] = nm_table_str_width(t->cols[c]);
    if (t->widthfn) {
        if (from < to)
            t->widthfn(t->src, from, to, w, num);
        return;
    }
    for (r = from; r < to; r++) {
        const nm_cell *row = row_into(t, r, scratch);
        for (c = 0; c < t->ncols; c++) {
            text_cell x;
            text_of(&row[c], buf, &memo[c], o, &x);
            if (x.width > w[c])
                w[c] = x.width;
            if (row[c].kind == NM_CELL_STR || row[c].kind == NM_CELL_BOOL)
                num[c] = 0;
        }
    }
}

/* x padded to width characters, on the left when right. */
static void ob_pad(obuf *o, const text_cell *x, size_t width, int right)
{
    if (right && x->width < width)
        ob_spaces(o, width - x->width);
    ob_put(o, x->s, x->len);
    if (!right && x->width < width)
        ob_spaces(o, width - x->width);
}

static void write_head_text(const nm_table *t, obuf *o, const size_t *w, const int *num)
{
    size_t c;

    for (c = 0; c < t->ncols; c++) {
        text_cell h = { t->cols[c], strlen(t->cols[c]), nm_table_str_width(t->cols[c]) };
        ob_put(o, "  ", c ? 2 : 0);
        ob_pad(o, &h, c + 1 < t->ncols || num[c] ? w[c] : 0, num[c]);
    }
    ob_putc(o, '\n');
}

/* Rows [from, to) (a view with a text function writes them itself, after
 * what o holds). Returns 0, or -1 when out of memory (no rows written). */
static int write_rows_text(const nm_table *t, size_t from, size_t to, nm_cell *scratch, obuf *o,
                           const size_t *w, const int *num, text_cell *memo)
{
    char buf[NM_FMT_BUFSIZE];
    size_t r, c;

    if (t->textfn) {
        ob_flush(o);
        return t->textfn(t->src, o->out, from, to, w, num);
    }
    for (r = from; r < to; r++) {
        const nm_cell *row = row_into(t, r, scratch);
        for (c = 0; c < t->ncols; c++) {
            text_cell x;
            text_of(&row[c], buf, &memo[c], o, &x);
            ob_put(o, "  ", c ? 2 : 0);
            ob_pad(o, &x, c + 1 < t->ncols || num[c] ? w[c] : 0, num[c]);
        }
        ob_putc(o, '\n');
    }
    return 0;
}

void nm_table_write_text(const nm_table *t, FILE *out)
{
    size_t *w = calloc(t->ncols + 1, sizeof(size_t)), c;
    int *num = calloc(t->ncols + 1, sizeof(int));
    text_cell *memo = calloc(t->ncols + 1, sizeof(text_cell));
    obuf *o = ob_new(out);

    flockfile(out);
    fprintf(out, "%s\n", t->title);
    if (w && num && memo && o) {
        if (t->shape == NM_TABLE_OBJECT) {
            write_object_text(t, out);
        } else if (t->nrows == 0) {
            fputs("  (none)\n", out);
        } else {
            for (c = 0; c < t->ncols; c++)
                num[c] = 1;
            measure(t, 0, t->nrows, t->scratch, w, num, memo, o);
            write_head_text(t, o, w, num);
            (void)write_rows_text(t, 0, t->nrows, t->scratch, o, w, num, memo);
            ob_flush(o);
        }
    }
    nm_table_write_text_tail(t, out);
    funlockfile(out);
    free(w);
    free(num);
    free(memo);
    ob_free(o);
}

/* The scratch row of a piece (NULL for a table with cells) and the writer's
 * state; 0, or -1 when out of memory. */
typedef struct {
    nm_cell *scratch;
    text_cell *memo;
    obuf *o;
} text_piece;

static void text_piece_free(text_piece *p)
{
    free(p->scratch);
    free(p->memo);
    ob_free(p->o);
}

static int text_piece_new(const nm_table *t, FILE *out, text_piece *p)
{
    p->scratch = t->rowfn ? malloc((t->ncols + 1) * sizeof(nm_cell)) : NULL;
    p->memo = calloc(t->ncols + 1, sizeof(text_cell));
    p->o = ob_new(out);
    if ((t->rowfn && !p->scratch) || !p->memo || !p->o) {
        text_piece_free(p);
        return -1;
    }
    return 0;
}

int nm_table_text_widths(const nm_table *t, size_t from, size_t to, size_t *w, int *num)
{
    text_piece p;

    if (text_piece_new(t, NULL, &p) < 0)
        return -1;
    measure(t, from, to < t->nrows ? to : t->nrows, p.scratch, w, num, p.memo, p.o);
    text_piece_free(&p);
    return 0;
}

int nm_table_write_text_head(const nm_table *t, FILE *out, const size_t *w, const int *num)
{
    text_piece p;

    if (text_piece_new(t, out, &p) < 0)
        return -1;
    flockfile(out);
    fprintf(out, "%s\n", t->title);
    write_head_text(t, p.o, w, num);
    ob_flush(p.o);
    funlockfile(out);
    text_piece_free(&p);
    return 0;
}

int nm_table_write_text_rows(const nm_table *t, FILE *out, size_t from, size_t to, const size_t *w,
                             const int *num)
{
    text_piece p;
    int rc;

    if (text_piece_new(t, out, &p) < 0)
        return -1;
    flockfile(out);
    rc = write_rows_text(t, from, to < t->nrows ? to : t->nrows, p.scratch, p.o, w, num, p.memo);
    ob_flush(p.o);
    funlockfile(out);
    text_piece_free(&p);
    return rc;
}

void nm_table_write_text_tail(const nm_table *t, FILE *out)
{
    if (t->note)
        fprintf(out, "%s\n", t->note);
}

/* A string's length, or -1 when nm_csv_write_field would quote it (a comma,
 * quote, CR or LF, or a space at either end). */
static long csv_plain_len(const char *s)
{
    const char *p = s;

    for (; *p; p++)
        if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
            return -1;
    if (p > s && (s[0] == ' ' || p[-1] == ' '))
        return -1;
    return (long)(p - s);
}

/* The last string of a column and its csv_plain_len: ids repeat down a
 * column (the overlap table's first column) and names are constants. */
typedef struct {
    const char *s;
    long len;
} csv_memo;

/* One CSV cell: strings quoted when they need it (by nm_csv_write_field,
 * the bytes of every other CSV writer), numbers through nm_fmt (the bytes
 * of "%lld" and "%.15g"). */
static void csv_cell(const nm_cell *c, obuf *w, csv_memo *m)
{
    char buf[NM_FMT_BUFSIZE];
    size_t n;

    switch (c->kind) {
    case NM_CELL_STR:
        if (c->v.s != m->s) {
            m->s = c->v.s;
            m->len = csv_plain_len(c->v.s);
        }
        if (m->len >= 0) {
            ob_put(w, c->v.s, (size_t)m->len);
        } else {
            ob_flush(w);
            nm_csv_write_field(w->out, c->v.s);
        }
        return;
    case NM_CELL_INT: n = nm_fmt_int(buf, c->v.i); break;
    case NM_CELL_NUM: {
        const char *v = ob_num(w, c->v.x, buf, fmt_g, 15, &n);
        ob_put(w, v, n);
        return;
    }
    case NM_CELL_BOOL: ob_put(w, c->v.b ? "true" : "false", c->v.b ? 4 : 5); return;
    case NM_CELL_NULL:
    default: return;
    }
    ob_put(w, buf, n);
}

void nm_table_write_csv_header(const nm_table *t, FILE *out)
{
    size_t c;

    flockfile(out);
    for (c = 0; c < t->ncols; c++) {
        if (c)
            putc_unlocked(',', out);
        nm_csv_write_field(out, t->cols[c]);
    }
    putc_unlocked('\n', out);
    funlockfile(out);
}

/* Rows [from, to), a view's computed into scratch. Returns 0, or -1 when
 * out of memory (no rows written rather than part of them). */
static int csv_rows(const nm_table *t, FILE *out, size_t from, size_t to, nm_cell *scratch)
{
    obuf *w;
    csv_memo *memo;
    size_t r, c;
    int rc;

    if (t->csvfn)
        return t->csvfn(t->src, out, from, to);
    w = ob_new(out);
    memo = calloc(t->ncols + 1, sizeof(*memo));
    rc = w && memo ? 0 : -1;
    flockfile(out);
    for (r = from; w && memo && r < to; r++) {  /* out of memory: no rows rather than half a table */
        const nm_cell *row = row_into(t, r, scratch);
        for (c = 0; c < t->ncols; c++) {
            if (c)
                ob_putc(w, ',');
            csv_cell(&row[c], w, &memo[c]);
        }
        ob_putc(w, '\n');
    }
    if (w)
        ob_flush(w);
    funlockfile(out);
    ob_free(w);
    free(memo);
    return rc;
}

void nm_table_write_csv(const nm_table *t, FILE *out)
{
    nm_table_write_csv_header(t, out);
    csv_rows(t, out, 0, t->nrows, t->scratch);
}

int nm_table_write_csv_rows(const nm_table *t, FILE *out, size_t from, size_t to)
{
    nm_cell *scratch = t->rowfn ? malloc((t->ncols + 1) * sizeof(nm_cell)) : NULL;
    int rc;

    if (t->rowfn && !scratch)
        return -1;
    rc = csv_rows(t, out, from, to < t->nrows ? to : t->nrows, scratch);
    free(scratch);
    return rc;
}

static json_t *cell_json(const nm_cell *c)
{
    switch (c->kind) {
    case NM_CELL_STR: return json_string(c->v.s);
    case NM_CELL_INT: return json_integer(c->v.i);
    case NM_CELL_NUM: return json_real(c->v.x);
    case NM_CELL_BOOL: return json_boolean(c->v.b);
    case NM_CELL_NULL: break;
    }
    return json_null();
}

static json_t *cells_json(const nm_table *t, const nm_cell *row)
{
    json_t *o = json_object();
    size_t c;

    for (c = 0; o && c < t->ncols; c++)
        json_object_set_new(o, t->cols[c], cell_json(&row[c]));
    return o;
}

static json_t *row_json(const nm_table *t, size_t r)
{
    return cells_json(t, row_at(t, r));
}

json_t *nm_table_json(const nm_table *t)
{
    json_t *a;
    size_t r;

    if (t->shape == NM_TABLE_OBJECT)
        return t->nrows ? row_json(t, 0) : json_object();
    a = json_array();
    for (r = 0; a && r < t->nrows; r++)
        json_array_append_new(a, row_json(t, r));
    return a;
}

/* ---- streaming JSON ---- */

/* Where a nested value goes: after each new line jansson writes, the value's
 * own indentation is shifted right by `extra` spaces. */
typedef struct {
    FILE *out;
    size_t extra;
} nest_out;


static int nest_cb(const char *buf, size_t size, void *data)
{
    const nest_out *n = data;
    const char *nl;

    while (size && (nl = memchr(buf, '\n', size))) {
        size_t len = (size_t)(nl - buf) + 1;
        if (fwrite(buf, 1, len, n->out) != len || spaces(n->out, n->extra) < 0)
            return -1;
        buf += len;
        size -= len;
    }
    return fwrite(buf, 1, size, n->out) == size ? 0 : -1;
}

/* jansson's dump_indent: a new line and depth levels of indentation, or with
 * no indentation a space (space != 0) unless JSON_COMPACT. */
static int json_indent(FILE *out, size_t flags, int depth, int space)
{
    size_t n = flags & JSON_MAX_INDENT;

    if (n)
        return putc_unlocked('\n', out) == EOF ? -1 : spaces(out, n * (size_t)depth);
    if (space && !(flags & JSON_COMPACT))
        return putc_unlocked(' ', out) == EOF ? -1 : 0;
    return 0;
}

int nm_json_write(const json_t *v, FILE *out, size_t flags, int depth)
{
    nest_out n = { out, (flags & JSON_MAX_INDENT) * (size_t)depth };

    int rc;

    if (!v)
        return -1;
    flockfile(out);     /* spaces() writes unlocked */
    rc = json_dump_callback(v, nest_cb, &n, flags | JSON_ENCODE_ANY) == 0 ? 0 : -1;
    funlockfile(out);
    return rc;
}

/* Can s be written between quotes as it is? jansson escapes '"', '\\' and
 * control characters, '/' with JSON_ESCAPE_SLASH, non-ASCII with
 * JSON_ENSURE_ASCII, and refuses invalid UTF-8 (leaving the member out):
 * strings with any byte outside printable ASCII go through jansson. */
static int plain(const char *s, size_t flags)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++)
        if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\' ||
            (*p == '/' && (flags & JSON_ESCAPE_SLASH)))
            return 0;
    return 1;
}

/* A real as jansson 2.14 writes it (jsonp_dtostr): "%.*g" with the
 * precision of flags (17 when 0), ".0" added when it has neither '.' nor
 * 'e', and the exponent without '+' or leading zeros. */
static size_t json_real_str(char *buf, double x, size_t flags)
{
    int prec = (int)((flags >> 11) & 0x1F);
    size_t n = nm_fmt_g(buf, x, prec ? prec : 17);
    char *e = memchr(buf, 'e', n), *start, *end;

    if (!e && !memchr(buf, '.', n)) {
        memcpy(buf + n, ".0", 3);
        return n + 2;
    }
    if (e) {
        start = e + 1;
        end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, n - (size_t)(end - buf) + 1);
            n -= (size_t)(end - start);
        }
    }
    return n;
}

/* A table's JSON writer state: the buffer, whether every column name is
 * plain (checked once), and per column the last string found plain (ids
 * repeat down a column, names are constants). */
typedef struct {
    obuf *w;
    size_t flags;
    int cols_plain;
    const char **last;
    /* write_row_plain's constant bytes for rows at depth sepdepth (-1: none
     * yet): before column c's value, seps[sepoff[c] .. sepoff[c+1]); after
     * the last, seps[sepoff[ncols] .. sepoff[ncols+1]) */
    char *seps;
    size_t *sepoff;
    int sepdepth;
} json_rows;

static int row_is_plain(const nm_table *t, const nm_cell *row, json_rows *j)
{
    size_t c;

    if (!j->cols_plain)
        return 0;
    for (c = 0; c < t->ncols; c++)
        if (row[c].kind == NM_CELL_STR && row[c].v.s != j->last[c]) {
            if (!plain(row[c].v.s, j->flags))
                return 0;
            j->last[c] = row[c].v.s;
        }
    return 1;
}

/* json_indent into the buffer. */
static void ob_indent(obuf *w, size_t flags, int depth, int space)
{
    size_t n = flags & JSON_MAX_INDENT;

    if (n) {
        ob_putc(w, '\n');
        ob_spaces(w, n * (size_t)depth);
    } else if (space && !(flags & JSON_COMPACT)) {
        ob_putc(w, ' ');
    }
}

/* json_indent's bytes into s (room for 1 + indent * depth), their length
 * returned. */
static size_t indent_str(char *s, size_t flags, int depth, int space)
{
    size_t n = flags & JSON_MAX_INDENT;

    if (n) {
        s[0] = '\n';
        memset(s + 1, ' ', n * (size_t)depth);
        return 1 + n * (size_t)depth;
    }
    if (space && !(flags & JSON_COMPACT)) {
        s[0] = ' ';
        return 1;
    }
    return 0;
}

/* j->seps for rows at depth: "{" or "," and the indent before each member
 * and its key, then the indent and "}" that close the row. Returns 0, or
 * -1 when out of memory. */
static int row_seps(const nm_table *t, json_rows *j, int depth)
{
    size_t c, at = 0, ind = (j->flags & JSON_MAX_INDENT) * (size_t)(depth + 1) + 1, len = ind + 1;
    char *s;

    for (c = 0; c < t->ncols; c++)
        len += 1 + ind + strlen(t->cols[c]) + 4;
    if (!(s = realloc(j->seps, len + 1)))
        return -1;
    j->seps = s;
    for (c = 0; c < t->ncols; c++) {
        size_t n = strlen(t->cols[c]);
        j->sepoff[c] = at;
        s[at++] = c ? ',' : '{';
        at += indent_str(s + at, j->flags, depth + 1, c > 0);
        s[at++] = '"';
        memcpy(s + at, t->cols[c], n);
        at += n;
        memcpy(s + at, j->flags & JSON_COMPACT ? "\":" : "\": ", j->flags & JSON_COMPACT ? 2 : 3);
        at += j->flags & JSON_COMPACT ? 2 : 3;
    }
    j->sepoff[t->ncols] = at;
    at += indent_str(s + at, j->flags, depth, 0);
    s[at++] = '}';
    j->sepoff[t->ncols + 1] = at;
    j->sepdepth = depth;
    return 0;
}

/* A row of plain strings written directly: the bytes jansson's dump of
 * row_json writes (an object, members in column order), the constant ones
 * prepared by row_seps. */
static void write_row_plain(const nm_table *t, const nm_cell *row, const json_rows *j)
{
    char buf[NM_FMT_BUFSIZE];
    obuf *w = j->w;
    size_t c, flags = j->flags;

    for (c = 0; c < t->ncols; c++) {
        const nm_cell *x = &row[c];
        ob_put(w, j->seps + j->sepoff[c], j->sepoff[c + 1] - j->sepoff[c]);
        switch (x->kind) {
        case NM_CELL_STR:
            ob_putc(w, '"');
            ob_put(w, x->v.s, strlen(x->v.s));
            ob_putc(w, '"');
            break;
        case NM_CELL_INT: ob_put(w, buf, nm_fmt_int(buf, x->v.i)); break;
        case NM_CELL_NUM: {
            size_t n;
            const char *v = ob_num(w, x->v.x, buf, json_real_str, flags, &n);
            ob_put(w, v, n);
            break;
        }
        case NM_CELL_BOOL: ob_put(w, x->v.b ? "true" : "false", x->v.b ? 4 : 5); break;
        case NM_CELL_NULL: ob_put(w, "null", 4); break;
        }
    }
    ob_put(w, j->seps + j->sepoff[t->ncols], j->sepoff[t->ncols + 1] - j->sepoff[t->ncols]);
}

/* One row (its cells) as nm_table_json lays it out: directly when every
 * string is plain, else built with jansson, written and freed at once. */
static int write_row_json(const nm_table *t, const nm_cell *row, json_rows *j, int depth)
{
    json_t *o;
    int rc;

    if (t->ncols && !(j->flags & JSON_SORT_KEYS) && row_is_plain(t, row, j)) {
        if (depth != j->sepdepth && row_seps(t, j, depth) < 0)
            return -1;
        write_row_plain(t, row, j);
        return j->w->err ? -1 : 0;
    }
    ob_flush(j->w);
    if (j->w->err)
        return -1;
    o = cells_json(t, row);
    rc = nm_json_write(o, j->w->out, j->flags, depth);
    json_decref(o);
    return rc;
}

/* Rows [from, to) of the array at depth: "[" and a new line before row 0,
 * each row at depth + 1 followed by "," and a new line, the last one by the
 * new line and "]" at depth; "[]" when empty (jansson). An object-shaped
 * table is its row. */
static int write_json_rows(const nm_table *t, json_rows *j, int depth, size_t from, size_t to,
                           nm_cell *scratch)
{
    size_t r;

    if (t->shape == NM_TABLE_OBJECT) {
        if (t->nrows)
            return write_row_json(t, row_into(t, 0, scratch), j, depth);
        ob_put(j->w, "{}", 2);
        return 0;
    }
    if (from == 0) {
        ob_putc(j->w, '[');
        if (t->nrows)
            ob_indent(j->w, j->flags, depth + 1, 0);
    }
    for (r = from; r < to; r++) {
        if (write_row_json(t, row_into(t, r, scratch), j, depth + 1) < 0)
            return -1;
        if (r + 1 < t->nrows) {
            ob_putc(j->w, ',');
            ob_indent(j->w, j->flags, depth + 1, 1);
        } else {
            ob_indent(j->w, j->flags, depth, 0);
        }
    }
    if (to == t->nrows)
        ob_putc(j->w, ']');
    return 0;
}

/* Rows [from, to) into out with the scratch row given. */
static int json_range(const nm_table *t, FILE *out, size_t flags, int depth, size_t from, size_t to,
                      nm_cell *scratch)
{
    json_rows j = { ob_new(out), flags, 1, calloc(t->ncols + 1, sizeof(const char *)), NULL,
                    calloc(t->ncols + 2, sizeof(size_t)), -1 };
    size_t c;
    int rc = -1;

    for (c = 0; c < t->ncols; c++)
        if (!plain(t->cols[c], flags))
            j.cols_plain = 0;
    flockfile(out);     /* the buffer writes with the _unlocked calls */
    if (j.w && j.last && j.sepoff) {
        rc = write_json_rows(t, &j, depth, from, to, scratch);
        ob_flush(j.w);
        if (j.w->err || ferror(out))
            rc = -1;
    }
    funlockfile(out);
    ob_free(j.w);
    free(j.last);
    free(j.seps);
    free(j.sepoff);
    return rc;
}

int nm_table_write_json(const nm_table *t, FILE *out, size_t flags, int depth)
{
    return json_range(t, out, flags, depth, 0, t->nrows, t->scratch);
}

int nm_table_write_json_rows(const nm_table *t, FILE *out, size_t flags, int depth, size_t from,
                             size_t to)
{
    nm_cell *scratch = t->rowfn ? malloc((t->ncols + 1) * sizeof(nm_cell)) : NULL;
    int rc;

    if (t->rowfn && !scratch)
        return -1;
    rc = json_range(t, out, flags, depth, from, to < t->nrows ? to : t->nrows, scratch);
    free(scratch);
    return rc;
}

void nm_json_open(nm_json_obj *o, FILE *out, size_t flags, int depth)
{
    o->out = out;
    o->flags = flags;
    o->depth = depth;
    o->n = 0;
    fputc('{', out);
}

int nm_json_key(nm_json_obj *o, const char *key)
{
    json_t *k = json_string(key);

    if (!k)
        return 1;
    flockfile(o->out);
    if (o->n++)
        fputc(',', o->out);
    json_indent(o->out, o->flags, o->depth + 1, o->n > 1);
    funlockfile(o->out);
    nm_json_write(k, o->out, o->flags, o->depth + 1);
    fputs(o->flags & JSON_COMPACT ? ":" : ": ", o->out);
    json_decref(k);
    return 0;
}

int nm_json_close(nm_json_obj *o)
{
    flockfile(o->out);
    if (o->n)
        json_indent(o->out, o->flags, o->depth, 0);
    funlockfile(o->out);
    fputc('}', o->out);
    return ferror(o->out) ? -1 : 0;
}
