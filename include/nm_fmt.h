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

#define NM_FMT_BUFSIZE 336     /* "%.9f" of -DBL_MAX fits */
#define NM_FMT_MAXPREC 17

size_t nm_fmt_g(char *buf, double x, int prec);
size_t nm_fmt_fixed(char *buf, double x, int decimals);
size_t nm_fmt_int(char *buf, long long v);

#endif
