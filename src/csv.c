/* csv.c - CSV tables with line numbers, on top of libcsv (see nm_csv.h). */
#include "nm_csv.h"
#include "nm_mem.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    nm_csv *t;
    nm_diag *d;
    nm_csv_row cur;     /* record being assembled (its kept fields) */
    size_t curcap;
    size_t rawn;        /* fields of the record so far, kept or not */
    int nonblank;       /* one of them is not empty */
    long line;          /* physical line being fed */
    long start;         /* line the current record started on, 0 = none */
    int have_header;
    size_t header_n;    /* fields in the header record, kept or not */
    const char *const *only;    /* opts->only */
    unsigned char *keep;        /* keep[i]: column i is kept; NULL = all */
    size_t *split;      /* the fast path's field bounds, 2 per field */
    size_t splitcap;
    int oom;
    int toolong;
    int limit;          /* max_rows or max_cells passed: stop */
    long cells;
    long max_rows, max_cells;
} parse_state;

size_t nm_utf8_check(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = u[i];
        size_t k, need;
        unsigned long cp;

        if (c < 0x80) { i++; continue; }
        if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; }
        else return i;
        for (k = 1; k <= need; k++) {
            if (i + k >= len || (u[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (u[i + k] & 0x3f);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff))
            || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return len;
}

static long line_of(const char *buf, size_t off)
{
    long line = 1;
    size_t i;

    for (i = 0; i < off; i++)
        if (buf[i] == '\n')
            line++;
    return line;
}

/* Fields and field lists live in chunks owned by the table, freed together
 * by nm_csv_destroy: one allocation per chunk instead of one per field. */
typedef struct csv_chunk {
    struct csv_chunk *next;
    size_t used, cap;
    char data[];
} csv_chunk;

static void *arena_alloc(nm_csv *t, size_t n)
{
    csv_chunk *c = t->arena;
    size_t cap;

    n = (n + 7) & ~(size_t)7;           /* keeps every block pointer-aligned */
    if (!c || c->cap - c->used < n) {
        /* chunks double up to 32 MiB: big enough for huge pages (nm_mem.h) */
        cap = c && c->cap < (32u << 20) ? c->cap * 2 : c ? c->cap : 16384;
        if (cap < n)
            cap = n;
        if (!(c = nm_mem_alloc(sizeof(*c) + cap)))
            return NULL;
        c->next = t->arena;
        c->used = 0;
        c->cap = cap;
        t->arena = c;
    }
    c->used += n;
    return c->data + c->used - n;
}

static void arena_free(nm_csv *t)
{
    csv_chunk *c = t->arena, *next;

    for (; c; c = next) {
        next = c->next;
        free(c);
    }
    t->arena = NULL;
}

/* Adds one field of len bytes at s to the record being assembled. With
 * inplace, s is the table's own text and s[len] is free (a delimiter, a
 * quote or a line end already looked at): the field is terminated there
 * instead of copied. A field of a column not kept is checked and counted,
 * not stored. */
static void add_field(parse_state *p, char *s, size_t len, int inplace)
{
    char *copy;

    if (p->oom || p->limit)
        return;
    if (++p->cells > p->max_cells) {
        nm_diag_error(p->d, p->t->name, p->line, "more than %ld fields in the file", p->max_cells);
        p->limit = 1;
        return;
    }
    if (len > (size_t)NM_CSV_MAX_FIELD) {
        if (!p->toolong)
            nm_diag_error(p->d, p->t->name, p->line,
                          "field of %zu bytes is too long (at most %d)", len, NM_CSV_MAX_FIELD);
        p->toolong = 1;
        len = 0;
        inplace = 0;
    }
    p->nonblank |= len > 0;
    if (p->keep) {
        size_t col = p->rawn++;
        if (col >= p->header_n || !p->keep[col])
            return;
    }
    if (p->cur.n == p->curcap) {
        size_t ncap = p->curcap ? p->curcap * 2 : 16;
        char **nf = realloc(p->cur.f, ncap * sizeof(*nf));
        if (!nf) { p->oom = 1; return; }
        p->cur.f = nf;
        p->curcap = ncap;
    }
    if (inplace) {
        copy = s;
    } else {
        copy = arena_alloc(p->t, len + 1);
        if (!copy) { p->oom = 1; return; }
        if (len)
            memcpy(copy, s, len);
    }
    copy[len] = '\0';
    p->cur.f[p->cur.n++] = copy;
}

/* libcsv's field callback: its buffer is reused, so the field is copied. */
static void on_field(void *s, size_t len, void *data)
{
    add_field(data, s, len, 0);
}

/* Keeps the columns named in p->only: marks them in p->keep and drops the
 * others from the header record. Returns 0, or -1 when out of memory. */
static int pick_columns(parse_state *p, nm_csv_row *h)
{
    size_t i, n = 0;
    const char *const *w;

    if (!(p->keep = calloc(h->n + 1, 1)))
        return -1;
    for (i = 0; i < h->n; i++) {
        for (w = p->only; *w && strcmp(*w, h->f[i]) != 0; w++)
            ;
        if ((p->keep[i] = *w != NULL))
            h->f[n++] = h->f[i];
    }
    h->n = n;
    return 0;
}

/* Moves the record being assembled into the table (its field list copied
 * into the arena; the assembly list is reused for the next record). */
static void take_row(parse_state *p)
{
    nm_csv *t = p->t;
    nm_csv_row row = p->cur;
    size_t rawn = p->keep ? p->rawn : p->cur.n;
    int blank = !p->nonblank;

    row.line = p->start ? p->start : p->line;
    p->cur.n = p->rawn = 0;
    p->nonblank = 0;
    p->start = 0;
    if (p->have_header && blank)
        return;
    if (!(row.f = arena_alloc(t, (row.n ? row.n : 1) * sizeof(char *)))) {
        p->oom = 1;
        return;
    }
    if (row.n)
        memcpy(row.f, p->cur.f, row.n * sizeof(char *));
    if (!p->have_header) {
        p->header_n = row.n;
        if (p->only && pick_columns(p, &row) < 0) {
            p->oom = 1;
            return;
        }
        t->header = row;
        p->have_header = 1;
        return;
    }
    if ((long)t->nrows >= p->max_rows) {
        nm_diag_error(p->d, t->name, row.line, "more than %ld records in the file", p->max_rows);
        p->limit = 1;
        return;
    }
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        nm_csv_row *nr = realloc(t->rows, ncap * sizeof(*nr));
        if (!nr) { p->oom = 1; return; }
        nm_mem_advise(nr + t->cap, (ncap - t->cap) * sizeof(*nr));
        t->rows = nr;
        t->cap = ncap;
    }
    if (rawn != p->header_n)
        nm_diag_error(p->d, t->name, row.line, "expected %zu fields as in the header, found %zu",
                      p->header_n, rawn);
    t->rows[t->nrows++] = row;
}

static void on_row(int c, void *data)
{
    parse_state *p = data;

    (void)c;
    if (p->oom || p->limit) {
        p->cur.n = p->rawn = 0;
        p->nonblank = 0;
        return;
    }
    take_row(p);
}

static int is_space_only(unsigned char c) { return c == ' '; }
static int is_space_tab(unsigned char c) { return c == ' ' || c == '\t'; }
static int is_term(unsigned char c) { return c == '\n' || c == '\r'; }

static char guess_delim(const char *buf, size_t len)
{
    size_t i, commas = 0, tabs = 0;

    for (i = 0; i < len && buf[i] != '\n'; i++) {
        if (buf[i] == ',') commas++;
        else if (buf[i] == '\t') tabs++;
    }
    return tabs > commas ? '\t' : ',';
}

static int prescan(const char *buf, size_t len, const char *name, nm_diag *d)
{
    const char *nul = memchr(buf, '\0', len);
    size_t bad;

    if (nul) {
        nm_diag_error(d, name, line_of(buf, (size_t)(nul - buf)),
                      "NUL byte in text (is this a binary or UTF-16 file?)");
        return -1;
    }
    bad = nm_utf8_check(buf, len);
    if (bad < len) {
        nm_diag_error(d, name, line_of(buf, bad),
                      "invalid UTF-8 (byte 0x%02x); save the file as UTF-8",
                      (unsigned char)buf[bad]);
        return -1;
    }
    return 0;
}

/* Is c a space libcsv trims from unquoted fields (is_space_only with tabs
 * as delimiters, else is_space_tab)? */
static int trimmed(char c, char delim)
{
    return c == ' ' || (c == '\t' && delim != '\t');
}

/* Where the field starting at b[i] (of the n bytes of a line's text) ends,
 * and its text [*f0, *f1), if libcsv would read it as exactly that: either
 * unquoted, without quotes and without spaces at either end (libcsv trims
 * them), or quoted with no quote inside and the closing quote followed by
 * the delimiter or the line end. Returns the index of the delimiter or line
 * end after the field, or (size_t)-1 when the field is not that simple. */
static size_t simple_field(const char *b, size_t i, size_t n, char delim, size_t *f0, size_t *f1)
{
    const char *q;
    size_t j;

    if (i < n && b[i] == '"') {
        q = memchr(b + i + 1, '"', n - i - 1);
        if (!q || ((j = (size_t)(q - b) + 1) < n && b[j] != delim))
            return (size_t)-1;
        *f0 = i + 1;
        *f1 = j - 1;
        return j;
    }
    for (j = i; j < n && b[j] != delim; j++)    /* fields are short: no memchr */
        if (b[j] == '"')
            return (size_t)-1;
    if (j > i && (trimmed(b[i], delim) || trimmed(b[j - 1], delim)))
        return (size_t)-1;
    *f0 = i;
    *f1 = j;
    return j;
}

/* The fast path for the common line: a whole record on one line ending in
 * LF or CRLF, with only simple fields (see simple_field). Splits it as
 * libcsv would, terminating the fields in place, and returns 1; returns 0
 * (having changed nothing) for any other line, which libcsv then parses. */
static int fast_line(parse_state *p, char *line, size_t len, char delim)
{
    size_t n = len, i = 0, j, k, nf = 0;

    if (n == 0 || line[n - 1] != '\n')
        return 0;
    n--;
    if (n > 0 && line[n - 1] == '\r')
        n--;
    if (n == 0 || memchr(line, '\r', n))
        return 0;
    for (;;) {
        if (nf + 2 > p->splitcap) {
            size_t ncap = p->splitcap ? 2 * p->splitcap : 64;
            size_t *ns = realloc(p->split, ncap * sizeof(*ns));
            if (!ns)
                return 0;       /* libcsv will do */
            p->split = ns;
            p->splitcap = ncap;
        }
        if ((j = simple_field(line, i, n, delim, &p->split[nf], &p->split[nf + 1])) == (size_t)-1)
            return 0;
        nf += 2;
        if (j >= n)
            break;
        i = j + 1;
    }
    for (k = 0; k < nf; k += 2)
        add_field(p, line + p->split[k], p->split[k + 1] - p->split[k], 1);
    if (p->oom || p->limit) {
        p->cur.n = p->rawn = 0;
        p->nonblank = 0;
    } else {
        take_row(p);
    }
    return 1;
}

static int feed(struct csv_parser *cp, parse_state *p, char *buf, size_t len,
                const nm_csv_opts *o)
{
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;

        if (o->comments && buf[pos] == '#' && cp->pstate == 0 && p->cur.n == 0) {
            pos = end;
            p->line++;
            continue;
        }
        /* libcsv's state 0 is "row not begun": a record starts on this line */
        if (cp->pstate == 0 && p->cur.n == 0) {
            p->start = p->line;
            if (fast_line(p, buf + pos, end - pos, o->delim)) {
                if (p->oom || p->limit)
                    return -1;
                pos = end;
                p->line++;
                continue;
            }
        }
        if (csv_parse(cp, buf + pos, end - pos, on_field, on_row, p) != end - pos) {
            nm_diag_error(p->d, p->t->name, p->line,
                          "malformed quoting: a quote inside an unquoted field or text after a closing quote");
            return -1;
        }
        if (p->oom || p->limit)
            return -1;
        pos = end;
        p->line++;
    }
    return 0;
}

/* Sizes t->rows for one record per line (more are possible only with CR
 * line ends, and then the array grows): one allocation instead of a
 * doubling chain of copies. Returns 0, or -1 when out of memory. */
static int reserve_rows(nm_csv *t, const char *buf, size_t len, long max_rows)
{
    const char *q = buf, *end = buf + len;
    size_t lines = 1;

    while (q < end && (q = memchr(q, '\n', (size_t)(end - q)))) {
        lines++;
        q++;
    }
    if (lines > (size_t)max_rows + 1)
        lines = (size_t)max_rows + 1;
    if (!(t->rows = nm_mem_alloc_whole(lines * sizeof(*t->rows))))
        return -1;
    t->cap = lines;
    return 0;
}

/* Parses t->text, len bytes, into t. */
static nm_status parse_text(nm_csv *t, size_t len, const char *name, const nm_csv_opts *opts,
                            const char *const *only, nm_diag *d)
{
    nm_csv_opts o = { 0, 0, 0, 0 };
    struct csv_parser cp;
    parse_state p;
    char *buf = t->text;
    int errors0 = d ? d->errors : 0, rc;

    if (opts)
        o = *opts;
    t->name = strdup(name ? name : "input");
    if (!t->name)
        return NM_ENOMEM;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (prescan(buf, len, t->name, d) < 0)
        return NM_EDATA;
    if (!o.delim)
        o.delim = guess_delim(buf, len);
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return NM_ENOMEM;
    csv_set_delim(&cp, (unsigned char)o.delim);
    csv_set_space_func(&cp, o.delim == '\t' ? is_space_only : is_space_tab);
    csv_set_term_func(&cp, is_term);
    memset(&p, 0, sizeof(p));
    p.t = t;
    p.d = d;
    p.line = 1;
    p.max_rows = o.max_rows > 0 ? o.max_rows : NM_CSV_MAX_ROWS;
    p.max_cells = o.max_cells > 0 ? o.max_cells : NM_CSV_MAX_CELLS;
    p.only = only;
    if (reserve_rows(t, buf, len, p.max_rows) < 0) {
        csv_free(&cp);
        nm_csv_destroy(t);
        return NM_ENOMEM;
    }
    rc = feed(&cp, &p, buf, len, &o);
    if (rc == 0 && csv_fini(&cp, on_field, on_row, &p) != 0) {
        nm_diag_error(d, t->name, p.start ? p.start : p.line,
                      "unterminated quoted field (a quote opened here is never closed)");
        rc = -1;
    }
    csv_free(&cp);
    free(p.cur.f);
    free(p.split);
    free(p.keep);
    if (p.oom) {
        nm_csv_destroy(t);
        return NM_ENOMEM;
    }
    if (rc == 0 && p.header_n == 0) {
        nm_diag_error(d, t->name, 0, "empty file (expected a header line)");
        rc = -1;
    }
    if (rc < 0 || (d && d->errors > errors0)) {
        char *keep = t->name;
        t->name = NULL;
        nm_csv_destroy(t);
        t->name = keep;
        return NM_EDATA;
    }
    return NM_OK;
}

/* Parses text (len bytes, malloc'ed), which the table takes over: the
 * fields of simple lines point into it. On failure it is freed. */
static nm_status parse_owned(nm_csv *t, char *text, size_t len, const char *name,
                             const nm_csv_opts *opts, const char *const *only, nm_diag *d)
{
    nm_status st;

    memset(t, 0, sizeof(*t));
    t->text = text;
    st = parse_text(t, len, name, opts, only, d);
    if (st != NM_OK) {
        free(t->text);
        t->text = NULL;
    }
    return st;
}

nm_status nm_csv_parse(nm_csv *t, const char *buf, size_t len, const char *name,
                       const nm_csv_opts *opts, nm_diag *d)
{
    char *text = malloc(len + 1);

    memset(t, 0, sizeof(*t));
    if (!text)
        return NM_ENOMEM;
    if (len)
        memcpy(text, buf, len);
    return parse_owned(t, text, len, name, opts, NULL, d);
}

static char *slurp(const char *path, size_t *len, nm_diag *d, const char *name)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, first = 65536;
    struct stat st;

    if (!f) {
        nm_diag_error(d, name, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    /* a regular file is read into one buffer of its size (and a byte, to
     * see the end); the limit is checked as the buffer grows, as for pipes */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0
        && st.st_size < NM_CSV_MAX_FILE)
        first = (size_t)st.st_size + 1;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *nb;
            if (cap >= (size_t)NM_CSV_MAX_FILE) {
                nm_diag_error(d, name, 0, "file larger than %ld bytes", NM_CSV_MAX_FILE);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap = cap ? cap * 2 : first;
            nb = realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); nm_diag_error(d, name, 0, "out of memory"); return NULL; }
            if (n == 0)     /* a regular file's size: read whole */
                nm_mem_whole(nb, cap);
            else
                nm_mem_advise(nb + n, cap - n);
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        nm_diag_error(d, name, 0, "read error: %s", strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf ? buf : calloc(1, 1);
}

nm_status nm_csv_read_cols(nm_csv *t, const char *path, const char *name,
                           const nm_csv_opts *opts, const char *const *only, nm_diag *d)
{
    size_t len = 0;
    char *buf;

    memset(t, 0, sizeof(*t));
    if (!name)
        name = path;
    buf = slurp(path, &len, d, name);
    if (!buf)
        return NM_EIO;
    return parse_owned(t, buf, len, name, opts, only, d);
}

nm_status nm_csv_read(nm_csv *t, const char *path, const char *name,
                      const nm_csv_opts *opts, nm_diag *d)
{
    return nm_csv_read_cols(t, path, name, opts, NULL, d);
}

int nm_csv_col(const nm_csv *t, const char *name)
{
    size_t i;

    for (i = 0; i < t->header.n; i++)
        if (strcmp(t->header.f[i], name) == 0)
            return (int)i;
    return -1;
}

const char *nm_csv_get(const nm_csv_row *r, int col)
{
    if (col < 0 || (size_t)col >= r->n)
        return "";
    return r->f[col];
}

void nm_csv_destroy(nm_csv *t)
{
    arena_free(t);
    free(t->text);
    free(t->rows);
    free(t->name);
    memset(t, 0, sizeof(*t));
}
