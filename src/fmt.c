/* fmt.c - "%.15g" and "%lld" without printf (see nm_fmt.h). */
#include "nm_fmt.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PREC 15

static size_t slow_g15(char *buf, double x)
{
    int n = snprintf(buf, NM_FMT_BUFSIZE, "%.*g", PREC, x);

    return n > 0 ? (size_t)n : 0;
}

__extension__ typedef unsigned __int128 nm_u128;

/* floor(x * 10^k) for x = m * 2^q and 0 <= k <= 32, exactly, with how the
 * discarded part compares to one half (-1 below, 0 a tie, 1 above); -1 when
 * it does not fit 128 bits. m * 5^k < 2^53 * 2^75, and 2^(q + k) is a shift. */
static int scaled(unsigned long long m, int q, int k, unsigned long long *n, int *half)
{
    nm_u128 p = m;
    int s = q + k, i;

    for (i = 0; i < k; i++)
        p *= 5;
    if (s >= 0)     /* only for x >= 2^38 or so with k > 0: never in range */
        return -1;
    if (-s >= 127)
        return -1;
    {
        nm_u128 one = (nm_u128)1 << -s, rem = p & (one - 1), h = one >> 1;
        if ((p >> -s) >= ((nm_u128)1 << 63))
            return -1;
        *n = (unsigned long long)(p >> -s);
        *half = rem < h ? -1 : rem == h ? 0 : 1;
    }
    return 0;
}

/* The 15 significant digits of x > 0 rounded to nearest (ties to even, as
 * glibc does for the exact binary value), as an integer in [1e14, 1e15), and
 * the decimal exponent of the first digit; -1 when x is out of the exact
 * range (the caller falls back to snprintf). */
static int digits15(double x, unsigned long long *n, int *exp10)
{
    int ex, e = (int)floor(log10(x)), tries, half;
    unsigned long long m = (unsigned long long)ldexp(frexp(x, &ex), 53);

    for (tries = 0; tries < 3; tries++) {
        int k = PREC - 1 - e;
        if (k < 0 || k > 32 || scaled(m, ex - 53, k, n, &half) < 0)
            return -1;
        if (*n < 100000000000000ULL) {
            e--;
            continue;
        }
        if (*n >= 1000000000000000ULL) {
            e++;
            continue;
        }
        if (half > 0 || (half == 0 && (*n & 1)))
            ++*n;
        if (*n == 1000000000000000ULL) {
            *n = 100000000000000ULL;
            e++;
        }
        *exp10 = e;
        return 0;
    }
    return -1;
}

/* %g with trailing zeros removed: fixed when -4 <= e < 15, else d.ddde+XX. */
static size_t layout(char *buf, const char *d, int nd, int e)
{
    size_t len = 0;
    int i;

    if (e >= -4 && e < PREC) {
        if (e < 0) {
            buf[len++] = '0';
            buf[len++] = '.';
            for (i = -1; i > e; i--)
                buf[len++] = '0';
            memcpy(buf + len, d, (size_t)nd);
            len += (size_t)nd;
        } else {
            for (i = 0; i <= e; i++)
                buf[len++] = i < nd ? d[i] : '0';
            if (nd > e + 1) {
                buf[len++] = '.';
                memcpy(buf + len, d + e + 1, (size_t)(nd - e - 1));
                len += (size_t)(nd - e - 1);
            }
        }
    } else {
        unsigned ae = (unsigned)(e < 0 ? -e : e);
        buf[len++] = d[0];
        if (nd > 1) {
            buf[len++] = '.';
            memcpy(buf + len, d + 1, (size_t)(nd - 1));
            len += (size_t)(nd - 1);
        }
        buf[len++] = 'e';
        buf[len++] = e < 0 ? '-' : '+';
        if (ae >= 100)
            buf[len++] = (char)('0' + ae / 100);
        buf[len++] = (char)('0' + ae / 10 % 10);
        buf[len++] = (char)('0' + ae % 10);
    }
    buf[len] = '\0';
    return len;
}

size_t nm_fmt_g15(char *buf, double x)
{
    unsigned long long n;
    char d[PREC];
    int e, nd, i;
    size_t sign = 0;

    if (!isfinite(x) || x == 0)
        return slow_g15(buf, x);
    if (x < 0) {
        buf[0] = '-';
        sign = 1;
        x = -x;
    }
    if (x < DBL_MIN || digits15(x, &n, &e) < 0)
        return slow_g15(buf, sign ? -x : x);
    for (i = PREC - 1; i >= 0; i--, n /= 10)
        d[i] = (char)('0' + n % 10);
    for (nd = PREC; nd > 1 && d[nd - 1] == '0'; nd--)
        ;
    return sign + layout(buf + sign, d, nd, e);
}

size_t nm_fmt_int(char *buf, long long v)
{
    char tmp[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    size_t n = 0, len = 0;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}
