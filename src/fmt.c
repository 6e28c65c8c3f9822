/* fmt.c - "%.Ng", "%.Nf" and "%lld" without printf (see nm_fmt.h). */
#include "nm_fmt.h"

#include <math.h>
#include <stdint.h>
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

/* 5^k for 0 <= k <= 27 (5^27 < 2^63). */
static const unsigned long long pow5u[] = {
    1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL, 1953125ULL,
    9765625ULL, 48828125ULL, 244140625ULL, 1220703125ULL, 6103515625ULL, 30517578125ULL,
    152587890625ULL, 762939453125ULL, 3814697265625ULL, 19073486328125ULL, 95367431640625ULL,
    476837158203125ULL, 2384185791015625ULL, 11920928955078125ULL, 59604644775390625ULL,
    298023223876953125ULL, 1490116119384765625ULL, 7450580596923828125ULL
};

/* 10^e for POW10D_MIN <= e <= POW10D_MAX as doubles (rounded: a guess only). */
#define POW10D_MIN (-34)
#define POW10D_MAX 18
static const double pow10d[] = {
    1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22,
    1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9,
    1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
    1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
};

/* x = m * 2^q exactly (m < 2^53, the top bit set) for a finite normal
 * x > 0, from the bits of the double: what frexp and ldexp give, cheaper. */
static void decompose(double x, unsigned long long *m, int *q)
{
    uint64_t u;

    memcpy(&u, &x, sizeof(u));
    *m = (u & ((1ULL << 52) - 1)) | (1ULL << 52);
    *q = (int)((u >> 52) & 0x7ff) - 1075;
}

/* floor(x * 10^k) for x = m * 2^q > 0 and 0 <= k <= 32, and whether to
 * round it up (*up: above one half, or a tie and floor odd: glibc rounds the
 * exact binary value half to even), exactly: m * 5^k < 2^53 * 2^75 (one or
 * two products with a table's 5^k) and 2^(q + k) is a shift. -1 when the
 * floor would not fit 62 bits. */
static int scaled(unsigned long long m, int q, int k, unsigned long long *n, int *up)
{
    nm_u128 p = k <= 27 ? (nm_u128)m * pow5u[k] : (nm_u128)m * pow5u[27] * pow5u[k - 27];
    nm_u128 one, rem, h;
    int s = q + k;

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

/* floor(log10(x)) for x = m * 2^q, or one off near a power of ten: from the
 * binary exponent (log10(2) ~ 78913 / 2^18) and one comparison with a
 * rounded power of ten, no log10. The caller corrects it exactly. */
static int guess_exp10(double x, int q)
{
    int t = (q + 52) * 78913;
    int e = t >= 0 ? t / (1 << 18) : -((-t + (1 << 18) - 1) / (1 << 18));

    if (e + 1 >= POW10D_MIN && e + 1 <= POW10D_MAX && x >= pow10d[e + 1 - POW10D_MIN])
        e++;
    return e;
}

/* The prec significant digits of x > 0 (normal), rounded, as an integer in
 * [10^(prec-1), 10^prec), and the decimal exponent of the first digit; -1
 * when x is out of the exact range (the caller falls back to snprintf). The
 * exponent is x's own (the guess is corrected against the exact floor);
 * when rounding carries to 10^prec the result is one digit at the next
 * exponent, as printf's rounded X. */
static int sig_digits(double x, int prec, unsigned long long *n, int *exp10)
{
    unsigned long long m, lo = pow10u[prec - 1];
    int q, e, tries, up;

    decompose(x, &m, &q);
    e = guess_exp10(x, q);
    for (tries = 0; tries < 3; tries++) {
        int k = prec - 1 - e;
        if (k < 0 || k > 32 || scaled(m, q, k, n, &up) < 0)
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

/* The 8 decimal digits of v < 10^8, with leading zeros, two at a time
 * (two short dependency chains instead of one of 17 divisions). */
static inline void put8(char *p, unsigned v)
{
    static const char d2[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    unsigned hi = v / 10000, lo = v % 10000;

    memcpy(p, d2 + 2 * (size_t)(hi / 100), 2);
    memcpy(p + 2, d2 + 2 * (size_t)(hi % 100), 2);
    memcpy(p + 4, d2 + 2 * (size_t)(lo / 100), 2);
    memcpy(p + 6, d2 + 2 * (size_t)(lo % 100), 2);
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
    char t[24];
    const char *d;
    int e, nd;
    size_t sign = 0;

    if (prec < 1 || prec > NM_FMT_MAXPREC || !isfinite(x) || x == 0 || fabs(x) < 1e-300)
        return slow(buf, "%.*g", prec, x);
    if (x < 0) {
        buf[sign++] = '-';
        x = -x;
    }
    if (sig_digits(x, prec, &n, &e) < 0)
        return slow(buf, "%.*g", prec, sign ? -x : x);
    put8(t, (unsigned)(n / 10000000000000000ULL));   /* n < 10^17: 24 digits, the last prec of them */
    put8(t + 8, (unsigned)(n / 100000000ULL % 100000000ULL));
    put8(t + 16, (unsigned)(n % 100000000ULL));
    d = t + 24 - prec;
    for (nd = prec; nd > 1 && d[nd - 1] == '0'; nd--)
        ;
    return sign + layout(buf + sign, d, nd, e, prec);
}

size_t nm_fmt_fixed(char *buf, double x, int decimals)
{
    unsigned long long n, ip, fp;
    size_t len = 0;
    int i;

    if (decimals < 0 || decimals > 9 || !isfinite(x) || fabs(x) >= 1e15)
        return slow(buf, "%.*f", decimals, x);
    if (signbit(x))
        buf[len++] = '-';
    x = fabs(x);
    n = 0;
    if (x != 0) {
        unsigned long long m;
        int q, up;
        if (x < 1e-300)
            return slow(buf, "%.*f", decimals, len ? -x : x);
        decompose(x, &m, &q);
        if (scaled(m, q, decimals, &n, &up) < 0)
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
