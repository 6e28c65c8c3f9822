/* table_out.c - writing a large CSV, text or JSON table on two cores.
 *
 * Formatting the rows is most of the time a large report takes to write
 * (the overlap table of 49 million rows on the xlarge benchmark), and
 * writing them to a file most of the rest. Pieces of up to CHUNK rows (see
 * piece_rows) are formatted into memory by two threads, and written in order by a third
 * while the next ones are formatted, so the output is the bytes
 * nm_table_write_csv, nm_table_write_text or nm_table_write_json writes (text
 * measures its column widths first, each half of the rows in one thread). A piece that cannot be
 * formatted into memory is written directly instead; when that fails too
 * the caller is told. Into a regular file (-o, or standard output
 * redirected to one) the writer goes around the page cache (O_DIRECT; see
 * "writing around the page cache" below).
 */
#include "cli.h"
#include "nm_table.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define CHUNK 262144    /* rows of a piece: about 22 MB of CSV for the overlap table */
#define PIECES_MIN 65536    /* a table of fewer rows is written whole, in one thread */
#define PIECE_SMALL 32768   /* at most, below 4 CHUNK rows: three in flight stay small */

/* Rows of a piece of a table of nrows rows, or 0 when it is written whole:
 * CHUNK, or below 4 CHUNK rows an eighth of the table, at most PIECE_SMALL
 * rows (the per-state tables of a large report, often written last, when
 * nothing else is left to run on the other core; and the pieces in flight
 * hold a few megabytes, not three eighths of the table: 80 MiB instead of
 * 27 for the medium benchmark's JSON report with eighths alone);
 * NESTMAP_TEST_PIECE_ROWS (the tests set it small to take this path on
 * small data) pieces any table of 4 pieces or more. */
static size_t piece_rows(size_t nrows)
{
    const char *e = getenv("NESTMAP_TEST_PIECE_ROWS");
    long n = e ? strtol(e, NULL, 10) : 0;
    size_t eighth = (nrows + 7) / 8;

    if (n > 0)
        return nrows >= 4 * (size_t)n ? (size_t)n : 0;
    if (nrows < PIECES_MIN)
        return 0;
    return nrows >= 4 * (size_t)CHUNK ? CHUNK : eighth < PIECE_SMALL ? eighth : PIECE_SMALL;
}

/* Text column widths and numeric flags, for the text pieces. */
typedef struct {
    size_t *w;
    int *num;
} text_cols;

/* The format of the pieces: text with its columns, JSON with its layout,
 * else CSV. */
typedef struct {
    const text_cols *text;
    int json;
    size_t flags;           /* JSON: jansson's flags and the table's depth */
    int depth;
} piece_fmt;

typedef struct {
    const nm_table *t;
    const piece_fmt *fmt;
    size_t from, to;
    char *buf;          /* its bytes: len of cap (kept from piece to piece) */
    size_t len, cap;
    int nomem;
} piece;

/* Rows [from, to) of p's table in its format into out. */
static int piece_rows_to(const piece *p, FILE *out)
{
    const piece_fmt *f = p->fmt;

    if (f->text)
        return nm_table_write_text_rows(p->t, out, p->from, p->to, f->text->w, f->text->num);
    if (f->json)
        return nm_table_write_json_rows(p->t, out, f->flags, f->depth, p->from, p->to);
    return nm_table_write_csv_rows(p->t, out, p->from, p->to);
}

/* A stream that appends to p->buf (fopencookie: unlike open_memstream it
 * neither zeroes nor copies more than doubling needs). */
static ssize_t piece_write(void *cookie, const char *b, size_t n)
{
    piece *p = cookie;

    if (p->len + n > p->cap) {
        size_t cap = p->cap ? 2 * p->cap : (size_t)1 << 24;
        char *nb;
        while (cap < p->len + n)
            cap *= 2;
        if (!(nb = realloc(p->buf, cap))) {
            p->nomem = 1;
            return -1;
        }
        p->buf = nb;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, b, n);
    p->len += n;
    return (ssize_t)n;
}

/* Formats rows [p->from, p->to) into p->buf (p->len bytes); on failure
 * p->len is (size_t)-1. The buffer is kept for the next piece. */
static void *format_piece(void *arg)
{
    static const cookie_io_functions_t io = { NULL, piece_write, NULL, NULL };
    piece *p = arg;
    FILE *m = fopencookie(p, "w", io);
    int bad;

    p->len = 0;
    p->nomem = 0;
    if (!m) {
        p->len = (size_t)-1;
        return NULL;
    }
    bad = piece_rows_to(p, m) < 0 || ferror(m);
    if (fclose(m) != 0 || bad || p->nomem)
        p->len = (size_t)-1;
    return NULL;
}

/* The piece's bytes into f, or, when it could not be formatted into memory,
 * its rows written directly. Returns 0, or -1 when its rows could not be
 * written for want of memory. */
static int put_piece(const piece *p, FILE *f)
{
    if (p->from >= p->to)
        return 0;
    if (p->len != (size_t)-1) {
        fwrite(p->buf, 1, p->len, f);
        return 0;
    }
    return piece_rows_to(p, f);
}

/* Every row of t in pieces of k rows (k >= 1), in the format fmt, two
 * pieces at a time in this thread and a second one, each pair written when
 * both are done: the way when no writer thread can be had. */
static int write_pairs(const nm_table *t, const piece_fmt *fmt, size_t k, FILE *f)
{
    piece a = { t, fmt, 0, 0, NULL, 0, 0, 0 }, b = { t, fmt, 0, 0, NULL, 0, 0, 0 };
    size_t r;
    int rc = 0;

    for (r = 0; r < t->nrows && rc == 0; r += 2 * k) {
        pthread_t th;
        int two;

        a.from = r;
        a.to = b.from = r + k < t->nrows ? r + k : t->nrows;
        b.to = b.from + k < t->nrows ? b.from + k : t->nrows;
        two = b.from < b.to && pthread_create(&th, NULL, format_piece, &b) == 0;
        format_piece(&a);
        if (two)
            pthread_join(th, NULL);
        else if (b.from < b.to)
            format_piece(&b);
        rc = put_piece(&a, f) < 0 || put_piece(&b, f) < 0 ? -1 : 0;
    }
    free(a.buf);
    free(b.buf);
    return rc;
}

/* ---- writing around the page cache ----
 *
 * Copying gigabytes into the page cache costs the kernel more than
 * formatting them (xlarge's CSV report: 10 s of 43 s of CPU). When the
 * output is a file of our own (-o: a regular file on a descriptor above
 * stderr, which no other process shares, so that its O_DIRECT flag affects
 * nobody else), the writer gathers the pieces' bytes in an aligned buffer
 * and writes it with O_DIRECT, which hands the pages to the disk without
 * that copy. The bytes before the first block boundary and after the last
 * are written as usual. A file system that refuses O_DIRECT (tmpfs, some
 * network ones) gets the usual writes. Standard output redirected to a
 * regular file (not in append mode) is opened a second time through
 * /proc/self/fd, a description of our own that starts at the shared offset
 * and whose flag affects nobody else; the shared offset is moved past what
 * it wrote when it closes, as if the bytes had gone through standard
 * output. NESTMAP_NO_DIRECT=1 turns it off (documented in the man page). */
#define DIRECT_ALIGN 4096
#define DIRECT_BUF ((size_t)8 << 20)

typedef struct {
    FILE *f;
    int fd;                 /* -1: write through f */
    int shared;             /* >= 0: fd is our own description of this one */
    off_t start;            /* the shared offset when fd was opened */
    int on;                 /* O_DIRECT is set on fd */
    int refused;            /* a write with it failed with EINVAL: not tried again */
    int err;                /* a write failed: errno in errnum */
    int errnum;
    size_t pre;             /* bytes to write as usual before the first boundary */
    char *buf;              /* DIRECT_BUF bytes, aligned */
    size_t len;
} sink;

static void sink_fail(sink *s)
{
    if (!s->err) {
        s->err = 1;
        s->errnum = errno;
    }
}

/* Writes b[0..n); returns 0, or -1 (errno set) with *done bytes written. */
static int write_part(int fd, const char *b, size_t n, size_t *done)
{
    *done = 0;
    while (*done < n) {
        ssize_t w = write(fd, b + *done, n - *done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        *done += (size_t)w;
    }
    return 0;
}

static int write_all(int fd, const char *b, size_t n)
{
    size_t done;

    return write_part(fd, b, n, &done);
}

/* A description of our own of standard output's regular file (fd <=
 * STDERR_FILENO, not in append mode), at its offset off; -1 when there is
 * none. */
static int reopen_own(int fd, off_t off)
{
    char path[64];
    int fl = fcntl(fd, F_GETFL), nfd;

    if (fl < 0 || (fl & O_APPEND) || (fl & O_ACCMODE) == O_RDONLY)
        return -1;
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    if ((nfd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
        return -1;
    if (lseek(nfd, off, SEEK_SET) != off) {
        close(nfd);
        return -1;
    }
    return nfd;
}

static void sink_open(sink *s, FILE *f)
{
    struct stat st;
    const char *e = getenv("NESTMAP_NO_DIRECT");
    off_t off;
    void *buf;
    int fd = fileno(f), own = -1;

    memset(s, 0, sizeof(*s));
    s->f = f;
    s->fd = -1;
    s->shared = -1;
    if ((e && *e == '1') || fflush(f) != 0 || fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)
        || (off = lseek(fd, 0, SEEK_CUR)) < 0
        || (fd <= STDERR_FILENO && (own = reopen_own(fd, off)) < 0))
        return;
    if (posix_memalign(&buf, DIRECT_ALIGN, DIRECT_BUF) != 0) {
        if (own >= 0)
            close(own);
        return;
    }
    s->buf = buf;
    s->fd = own >= 0 ? own : fd;
    s->shared = own >= 0 ? fd : -1;
    s->start = off;
    s->pre = (size_t)((DIRECT_ALIGN - off % DIRECT_ALIGN) % DIRECT_ALIGN);
}

static void set_direct(sink *s, int on)
{
    int fl = fcntl(s->fd, F_GETFL);

    if (fl >= 0 && fcntl(s->fd, F_SETFL, on ? fl | O_DIRECT : fl & ~O_DIRECT) == 0)
        s->on = on;
}

/* Writes the whole blocks of the buffer (O_DIRECT when the file system
 * takes it) and keeps the rest at its start. */
static void sink_blocks(sink *s)
{
    size_t n = s->len - s->len % DIRECT_ALIGN, done;

    if (n == 0 || s->err)
        return;
    if (!s->on && !s->refused)
        set_direct(s, 1);
    if (write_part(s->fd, s->buf, n, &done) < 0) {
        if (!s->on || errno != EINVAL) {
            sink_fail(s);
            return;
        }
        s->refused = 1;         /* the usual writes from here on, after what went */
        set_direct(s, 0);
        if (s->on || write_all(s->fd, s->buf + done, n - done) < 0) {
            sink_fail(s);
            return;
        }
    }
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
}

static void sink_put(sink *s, const char *b, size_t n)
{
    if (s->fd < 0) {
        fwrite(b, 1, n, s->f);
        return;
    }
    if (s->pre > 0) {
        size_t k = n < s->pre ? n : s->pre;
        if (write_all(s->fd, b, k) < 0)
            sink_fail(s);
        s->pre -= k;
        b += k;
        n -= k;
    }
    while (n > 0 && !s->err) {
        size_t k = DIRECT_BUF - s->len < n ? DIRECT_BUF - s->len : n;
        memcpy(s->buf + s->len, b, k);
        s->len += k;
        b += k;
        n -= k;
        if (s->len == DIRECT_BUF)
            sink_blocks(s);
    }
}

/* Writes what is left and goes back to the usual writes through f.
 * Returns 0, or -1 when a write failed (errno in s->errnum). */
static int sink_close(sink *s)
{
    if (s->fd >= 0) {
        sink_blocks(s);
        if (s->on)
            set_direct(s, 0);
        if (!s->err && write_all(s->fd, s->buf, s->len) < 0)
            sink_fail(s);
        if (s->shared >= 0) {       /* standard output goes on after our bytes */
            off_t end = lseek(s->fd, 0, SEEK_CUR);
            if (lseek(s->shared, 0, SEEK_CUR) != s->start) {
                errno = EBUSY;      /* another process wrote there meanwhile */
                sink_fail(s);
            }
            if (end < 0 || lseek(s->shared, end, SEEK_SET) != end)
                sink_fail(s);
            close(s->fd);
        }
        free(s->buf);
        s->buf = NULL;
        s->fd = -1;
        s->shared = -1;
    }
    return s->err ? -1 : 0;
}

/* The pieces in flight: piece i is formatted into slot i % SLOTS by one of
 * two threads, which take pieces in order, and written from there by a
 * third, in order, while later pieces are formatted: writing a large output
 * to a file costs the kernel about as much as formatting it. */
#define SLOTS 3
enum { FREE, BUSY, READY };

typedef struct {
    const nm_table *t;
    size_t k, npieces;
    sink out;
    piece slot[SLOTS];
    int state[SLOTS];
    size_t next;            /* the next piece to format */
    int rc;                 /* -1: a piece could not be written; stop */
    pthread_mutex_t lock;
    pthread_cond_t cv;
} pipeline;

/* Formats pieces in order until none is left (either formatting thread). */
static void *format_loop(void *arg)
{
    pipeline *pl = arg;

    pthread_mutex_lock(&pl->lock);
    while (pl->next < pl->npieces && pl->rc == 0) {
        size_t i = pl->next;
        piece *p = &pl->slot[i % SLOTS];
        if (pl->state[i % SLOTS] != FREE) {     /* piece i - SLOTS not written yet */
            pthread_cond_wait(&pl->cv, &pl->lock);
            continue;
        }
        pl->next++;
        pl->state[i % SLOTS] = BUSY;
        pthread_mutex_unlock(&pl->lock);
        p->from = i * pl->k;
        p->to = p->from + pl->k < pl->t->nrows ? p->from + pl->k : pl->t->nrows;
        format_piece(p);
        pthread_mutex_lock(&pl->lock);
        pl->state[i % SLOTS] = READY;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->lock);
    return NULL;
}

/* put_piece through the sink: 0, -1 (no memory for the rows) or -2 (a
 * write failed). */
static int put_piece_sink(const piece *p, sink *s)
{
    int rc;

    if (p->from >= p->to)
        return 0;
    if (p->len != (size_t)-1) {
        sink_put(s, p->buf, p->len);
        return s->err ? -2 : 0;
    }
    if (sink_close(s) < 0)          /* the rows go through the stream */
        return -2;
    rc = piece_rows_to(p, s->f);
    sink_open(s, s->f);
    return rc < 0 ? -1 : 0;
}

/* Writes the pieces in order as they are formatted. */
static void *write_loop(void *arg)
{
    pipeline *pl = arg;
    size_t i;

    for (i = 0; i < pl->npieces; i++) {
        int s = (int)(i % SLOTS), r, bad;
        pthread_mutex_lock(&pl->lock);
        while (pl->state[s] != READY)
            pthread_cond_wait(&pl->cv, &pl->lock);
        pthread_mutex_unlock(&pl->lock);
        r = put_piece_sink(&pl->slot[s], &pl->out);
        bad = r < 0;
        pthread_mutex_lock(&pl->lock);
        pl->state[s] = FREE;
        if (bad)
            pl->rc = r;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->lock);
        if (bad)
            break;
    }
    return NULL;
}

/* Every row of t in pieces of k rows (k >= 1), in the format fmt. */
static int write_pieces(const nm_table *t, const piece_fmt *fmt, size_t k, FILE *f)
{
    pipeline pl;
    pthread_t fmt2, wr;
    int s, rc;

    memset(&pl, 0, sizeof(pl));
    pl.t = t;
    pl.k = k;
    pl.npieces = (t->nrows + k - 1) / k;
    sink_open(&pl.out, f);
    for (s = 0; s < SLOTS; s++) {
        pl.slot[s].t = t;
        pl.slot[s].fmt = fmt;
    }
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.cv, NULL);
    if (pthread_create(&wr, NULL, write_loop, &pl) != 0) {
        rc = write_pairs(t, fmt, k, f);
    } else {
        int two = pthread_create(&fmt2, NULL, format_loop, &pl) == 0;
        format_loop(&pl);
        if (two)
            pthread_join(fmt2, NULL);
        pthread_join(wr, NULL);
        rc = pl.rc;
    }
    if (sink_close(&pl.out) < 0 || rc == -2) {
        rc = -2;
        errno = pl.out.errnum;
    }
    for (s = 0; s < SLOTS; s++)
        free(pl.slot[s].buf);
    pthread_mutex_destroy(&pl.lock);
    pthread_cond_destroy(&pl.cv);
    return rc;
}

int cli_write_csv(const nm_table *t, FILE *f)
{
    static const piece_fmt csv = { NULL, 0, 0, 0 };
    size_t k = piece_rows(t->nrows);

    if (k == 0) {
        nm_table_write_csv(t, f);
        return 0;
    }
    nm_table_write_csv_header(t, f);
    return write_pieces(t, &csv, k, f);
}

int cli_write_json(const nm_table *t, FILE *f, size_t flags, int depth)
{
    piece_fmt json = { NULL, 1, flags, depth };
    size_t k = piece_rows(t->nrows);

    if (k == CHUNK)         /* indented JSON rows are four times CSV's: pieces of the same bytes */
        k = CHUNK / 4;

    if (t->shape != NM_TABLE_ARRAY || k == 0)
        return nm_table_write_json(t, f, flags, depth);
    return write_pieces(t, &json, k, f);
}

/* The widths of rows [from, to) (a thread's half of the measuring). */
typedef struct {
    const nm_table *t;
    size_t from, to;
    text_cols c;
    int rc;
} half;

static void *measure_half(void *arg)
{
    half *h = arg;

    h->rc = nm_table_text_widths(h->t, h->from, h->to, h->c.w, h->c.num);
    return NULL;
}

static void half_free(half *h)
{
    free(h->c.w);
    free(h->c.num);
}

static int half_init(half *h, const nm_table *t, size_t from, size_t to)
{
    size_t c;

    h->t = t;
    h->from = from;
    h->to = to;
    h->rc = -1;
    h->c.w = calloc(t->ncols + 1, sizeof(size_t));
    h->c.num = malloc((t->ncols + 1) * sizeof(int));
    if (!h->c.w || !h->c.num)
        return -1;
    for (c = 0; c < t->ncols; c++)
        h->c.num[c] = 1;
    return 0;
}

int cli_write_text(const nm_table *t, FILE *f)
{
    size_t k = piece_rows(t->nrows), c;
    half a, b;
    pthread_t th;
    int two, rc = -1;

    if (t->shape != NM_TABLE_ARRAY || k == 0) {
        nm_table_write_text(t, f);
        return 0;
    }
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    if (half_init(&a, t, 0, t->nrows / 2) == 0 && half_init(&b, t, t->nrows / 2, t->nrows) == 0) {
        two = pthread_create(&th, NULL, measure_half, &b) == 0;
        measure_half(&a);
        if (two)
            pthread_join(th, NULL);
        else
            measure_half(&b);
        for (c = 0; c < t->ncols; c++) {
            a.c.w[c] = a.c.w[c] > b.c.w[c] ? a.c.w[c] : b.c.w[c];
            a.c.num[c] &= b.c.num[c];
        }
        piece_fmt text = { &a.c, 0, 0, 0 };
        rc = a.rc < 0 || b.rc < 0 || nm_table_write_text_head(t, f, a.c.w, a.c.num) < 0
             ? -1 : write_pieces(t, &text, k, f);
        if (rc == 0)
            nm_table_write_text_tail(t, f);
    }
    half_free(&a);
    half_free(&b);
    return rc;
}
