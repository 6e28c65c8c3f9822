/* fmt.c - "%.Ng", "%.Nf" and "%lld" without printf (see nm_fmt.h). */
#include "nm_fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 nm_u128;

static const unsigned long long pow10u[] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL
};

static size_t slow(char *buf, const char *fmt, int prec, double x)
{
    int n = snprintf(buf, NM_FMT_BUFSIZE, fmt, prec, x);

    return n > 0 && n < NM_FMT_BUFSIZE ? (size_t)n : 0;
}

/* floor(x * 10^k) for x = m * 2^q > 0 and 0 <= k <= 32, and whether to
 * round it up (*up: above one half, or a tie and floor odd: glibc rounds the
 * exact binary value half to even), exactly: m * 5^k < 2^53 * 2^75 and
 * 2^(q + k) is a shift. -1 when the floor would not fit 62 bits. */
static int scaled(unsigned long long m, int q, int k, unsigned long long *n, int *up)
{
    nm_u128 p = m, one, rem, h;
    int s = q + k, i;

    for (i = 0; i < k; i++)
        p *= 5;
    *up = 0;
    if (s >= 0) {
        if (s > 61 || p >= ((nm_u128)1 << (62 - s)))
            return -1;
        *n = (unsigned long long)(p << s);
        return 0;
    }
    if (-s > 126 || (p >> -s) >= ((nm_u128)1 << 62))
        return -1;
    one = (nm_u128)1 << -s;
    rem = p & (one - 1);
    h = one >> 1;
    *n = (unsigned long long)(p >> -s);
    *up = rem > h || (rem == h && (*n & 1));
    return 0;
}

/* The prec significant digits of x > 0 (normal), rounded, as an integer in
 * [10^(prec-1), 10^prec), and the decimal exponent of the first digit; -1
 * when x is out of the exact range (the caller falls back to snprintf). The
 * exponent is x's own (from the floor); when rounding carries to 10^prec the
 * result is one digit at the next exponent, as printf's rounded X. */
static int sig_digits(double x, int prec, unsigned long long *n, int *exp10)
{
    int ex, e = (int)floor(log10(x)), tries, up;
    unsigned long long m = (unsigned long long)ldexp(frexp(x, &ex), 53), lo = pow10u[prec - 1];

    for (tries = 0; tries < 3; tries++) {
        int k = prec - 1 - e;
        if (k < 0 || k > 32 || scaled(m, ex - 53, k, n, &up) < 0)
            return -1;
        if (*n < lo) {
            e--;
            continue;
        }
        if (*n >= lo * 10) {
            e++;
            continue;
        }
        if (up && ++*n == lo * 10) {
            *n = lo;
            e++;
        }
        *exp10 = e;
        return 0;
    }
    return -1;
}

/* %g's layout of nd digits d with exponent e: fixed when -4 <= e < prec,
 * else d.ddde+XX (trailing zeros already removed). */
static size_t layout(char *buf, const char *d, int nd, int e, int prec)
{
    size_t len = 0;
    int i;

    if (e >= -4 && e < prec) {
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

size_t nm_fmt_g(char *buf, double x, int prec)
{
    unsigned long long n;
    char d[NM_FMT_MAXPREC];
    int e, nd, i;
    size_t sign = 0;

    if (prec < 1 || prec > NM_FMT_MAXPREC || !isfinite(x) || x == 0 || fabs(x) < 1e-300)
        return slow(buf, "%.*g", prec, x);
    if (x < 0) {
        buf[sign++] = '-';
        x = -x;
    }
    if (sig_digits(x, prec, &n, &e) < 0)
        return slow(buf, "%.*g", prec, sign ? -x : x);
    for (i = prec - 1; i >= 0; i--, n /= 10)
        d[i] = (char)('0' + n % 10);
    for (nd = prec; nd > 1 && d[nd - 1] == '0'; nd--)
        ;
    return sign + layout(buf + sign, d, nd, e, prec);
}

size_t nm_fmt_fixed(char *buf, double x, int decimals)
{
    unsigned long long n, ip, fp;
    size_t len = 0;
    int ex, i;

    if (decimals < 0 || decimals > 9 || !isfinite(x) || fabs(x) >= 1e15)
        return slow(buf, "%.*f", decimals, x);
    if (signbit(x))
        buf[len++] = '-';
    x = fabs(x);
    n = 0;
    if (x != 0) {
        unsigned long long m = (unsigned long long)ldexp(frexp(x, &ex), 53);
        int up;
        if (x < 1e-300 || scaled(m, ex - 53, decimals, &n, &up) < 0)
            return slow(buf, "%.*f", decimals, len ? -x : x);
        n += (unsigned long long)up;
    }
    ip = n / pow10u[decimals];
    fp = n % pow10u[decimals];
    len += nm_fmt_int(buf + len, (long long)ip);
    if (decimals) {
        buf[len++] = '.';
        for (i = decimals - 1; i >= 0; i--, fp /= 10)
            buf[len + (size_t)i] = (char)('0' + fp % 10);
        len += (size_t)decimals;
    }
    buf[len] = '\0';
    return len;
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
