/* csv.c - CSV tables with line numbers, on top of libcsv (see nm_csv.h). */
#include "nm_csv.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    nm_csv *t;
    nm_diag *d;
    nm_csv_row cur;     /* record being assembled */
    size_t curcap;
    long line;          /* physical line being fed */
    long start;         /* line the current record started on, 0 = none */
    int have_header;
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
        cap = c && c->cap < (1u << 20) ? c->cap * 2 : c ? c->cap : 16384;
        if (cap < n)
            cap = n;
        if (!(c = malloc(sizeof(*c) + cap)))
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

static void on_field(void *s, size_t len, void *data)
{
    parse_state *p = data;
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
    }
    if (p->cur.n == p->curcap) {
        size_t ncap = p->curcap ? p->curcap * 2 : 16;
        char **nf = realloc(p->cur.f, ncap * sizeof(*nf));
        if (!nf) { p->oom = 1; return; }
        p->cur.f = nf;
        p->curcap = ncap;
    }
    copy = arena_alloc(p->t, len + 1);
    if (!copy) { p->oom = 1; return; }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    p->cur.f[p->cur.n++] = copy;
}

static int row_is_blank(const nm_csv_row *r)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (r->f[i][0])
            return 0;
    return 1;
}

/* Moves the record being assembled into the table (its field list copied
 * into the arena; the assembly list is reused for the next record). */
static void take_row(parse_state *p)
{
    nm_csv *t = p->t;
    nm_csv_row row = p->cur;

    row.line = p->start ? p->start : p->line;
    p->cur.n = 0;
    p->start = 0;
    if (p->have_header && row_is_blank(&row))
        return;
    if (!(row.f = arena_alloc(t, (row.n ? row.n : 1) * sizeof(char *)))) {
        p->oom = 1;
        return;
    }
    if (row.n)
        memcpy(row.f, p->cur.f, row.n * sizeof(char *));
    if (!p->have_header) {
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
        t->rows = nr;
        t->cap = ncap;
    }
    if (row.n != t->header.n)
        nm_diag_error(p->d, t->name, row.line, "expected %zu fields as in the header, found %zu",
                      t->header.n, row.n);
    t->rows[t->nrows++] = row;
}

static void on_row(int c, void *data)
{
    parse_state *p = data;

    (void)c;
    if (p->oom || p->limit) {
        p->cur.n = 0;
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

static int feed(struct csv_parser *cp, parse_state *p, const char *buf, size_t len,
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
        if (cp->pstate == 0 && p->cur.n == 0)
            p->start = p->line;
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

nm_status nm_csv_parse(nm_csv *t, const char *buf, size_t len, const char *name,
                       const nm_csv_opts *opts, nm_diag *d)
{
    nm_csv_opts o = { 0, 0, 0, 0 };
    struct csv_parser cp;
    parse_state p;
    int errors0 = d ? d->errors : 0, rc;

    memset(t, 0, sizeof(*t));
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
    rc = feed(&cp, &p, buf, len, &o);
    if (rc == 0 && csv_fini(&cp, on_field, on_row, &p) != 0) {
        nm_diag_error(d, t->name, p.start ? p.start : p.line,
                      "unterminated quoted field (a quote opened here is never closed)");
        rc = -1;
    }
    csv_free(&cp);
    free(p.cur.f);
    if (p.oom) {
        nm_csv_destroy(t);
        return NM_ENOMEM;
    }
    if (rc == 0 && t->header.n == 0) {
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

static char *slurp(const char *path, size_t *len, nm_diag *d, const char *name)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f) {
        nm_diag_error(d, name, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
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
            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); nm_diag_error(d, name, 0, "out of memory"); return NULL; }
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

nm_status nm_csv_read(nm_csv *t, const char *path, const char *name,
                      const nm_csv_opts *opts, nm_diag *d)
{
    size_t len = 0;
    char *buf;
    nm_status st;

    memset(t, 0, sizeof(*t));
    if (!name)
        name = path;
    buf = slurp(path, &len, d, name);
    if (!buf)
        return NM_EIO;
    st = nm_csv_parse(t, buf, len, name, opts, d);
    free(buf);
    return st;
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
    free(t->rows);
    free(t->name);
    memset(t, 0, sizeof(*t));
}
