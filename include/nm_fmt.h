/* nm_fmt.h - fast number formatting for the table writers.
 *
 * Writing millions of numbers through printf dominates a large CSV report
 * (the overlap table of 7.8 M rows on the large benchmark). These write
 * exactly the bytes snprintf writes for the same format, faster:
 *
 * nm_fmt_g15: "%.15g". The 15 significant digits are computed exactly in
 * 128-bit integers (x = m * 2^q, so x * 10^k = m * 5^k * 2^(q+k)) and rounded
 * half to even, as glibc rounds the exact binary value; no floating-point
 * rounding is involved, so the bytes are the same under valgrind (which
 * emulates x87 long double with 64-bit doubles). Values that do not fit
 * (zero, subnormals, below about 1e-18 or at least 1e15, inf, NaN) go
 * through snprintf. tests/unit/test_fmt.c checks millions of values
 * against glibc.
 * nm_fmt_int: "%lld".
 *
 * buf must hold NM_FMT_BUFSIZE bytes; both return the length written
 * (without the terminating NUL, which they write).
 */
#ifndef NM_FMT_H
#define NM_FMT_H

#include <stddef.h>

#define NM_FMT_BUFSIZE 32

size_t nm_fmt_g15(char *buf, double x);
size_t nm_fmt_int(char *buf, long long v);

#endif
