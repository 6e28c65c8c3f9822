/* nm_fmt.h - fast number formatting for the table writers.
 *
 * Writing millions of numbers through printf dominates a large report (the
 * overlap table of 7.8 M rows on the large benchmark). These write exactly
 * the bytes snprintf writes for the same format, about ten times faster:
 *
 * nm_fmt_g: "%.*g" with precision prec (1..NM_FMT_MAXPREC).
 * nm_fmt_fixed: "%.*f" with 0..9 decimals.
 * nm_fmt_int: "%lld".
 *
 * The digits are computed exactly in 128-bit integers (x = m * 2^q, so
 * x * 10^k = m * 5^k * 2^(q+k)) and rounded half to even, as glibc rounds
 * the exact binary value; no floating-point rounding is involved, so the
 * bytes are the same under valgrind (which emulates x87 long double with
 * 64-bit doubles). Values outside the exact range (zero for %g, subnormals,
 * tiny or huge magnitudes, inf, NaN) go through snprintf.
 * tests/unit/test_fmt.c checks millions of values against glibc.
 *
 * buf must hold NM_FMT_BUFSIZE bytes; each returns the length written
 * (without the terminating NUL, which it writes).
 */
#ifndef NM_FMT_H
#define NM_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NM_FMT_BUFSIZE 336     /* "%.9f" of -DBL_MAX fits */
#define NM_FMT_MAXPREC 17

size_t nm_fmt_g(char *buf, double x, int prec);
size_t nm_fmt_fixed(char *buf, double x, int decimals);
size_t nm_fmt_int(char *buf, long long v);

/* A memo of one format's bytes for numbers, by their bits: the large
 * tables repeat few distinct values (the overlap table's ratios of small
 * counts), and a double always gives the same bytes. Direct-mapped: a
 * miss formats the number and takes its slot. NM_FMT_MEMO slots, zeroed
 * before the first use; one memo serves one format (fn and arg). */
#define NM_FMT_MEMO 4096        /* slots; a power of two */

typedef struct {
    uint64_t key;
    unsigned char len;          /* 0: empty (no format writes nothing) */
    char s[39];
} nm_fmt_slot;

typedef size_t (*nm_fmt_fn)(char *buf, double x, size_t arg);

/* fn(buf, x, arg) from memo, or computed into buf (NM_FMT_BUFSIZE bytes)
 * and kept there: returns where the bytes are (memo's slot, valid until
 * the next call, or buf), their length in *len. Inline: the writers call
 * it for every number of tables of tens of millions of rows. */
static inline const char *nm_fmt_memo(nm_fmt_slot *memo, double x, char *buf, nm_fmt_fn fn,
                                      size_t arg, size_t *len)
{
    uint64_t u;
    nm_fmt_slot *e;
    size_t n;

    memcpy(&u, &x, sizeof(u));
    e = &memo[(u * 0x9E3779B97F4A7C15ULL) >> (64 - 12)];     /* 12 bits: NM_FMT_MEMO */
    if (e->len && e->key == u) {
        *len = e->len;
        return e->s;
    }
    n = fn(buf, x, arg);
    if (n < sizeof(e->s)) {
        e->key = u;
        e->len = (unsigned char)n;
        memcpy(e->s, buf, n);
    }
    *len = n;
    return buf;
}

#endif
