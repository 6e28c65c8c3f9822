/* rng.c - seeded portable random numbers (see nm_rng.h). */
#include "nm_rng.h"

/* ---- xoshiro256** (Blackman & Vigna 2018), seeded by splitmix64 ---- */

uint64_t nm_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void nm_rng_seed(nm_rng *r, uint64_t seed)
{
    nm_rng_seed_n(r, 1, seed);
}

void nm_rng_seed_n(nm_rng *r, int n, uint64_t seed)
{
    int i, k;

    for (k = 0; k < n; k++)
        for (i = 0; i < 4; i++)
            r[k].s[i] = nm_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t nm_rng_next(nm_rng *r)
{
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* The 128-bit product x * n as high and low words. */
static uint64_t mul128(uint64_t x, uint64_t n, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__)
    __extension__ unsigned __int128 m = (unsigned __int128)x * n;

    *lo = (uint64_t)m;
    return (uint64_t)(m >> 64);
#else
    uint64_t xl = x & 0xffffffffu, xh = x >> 32, nl = n & 0xffffffffu, nh = n >> 32;
    uint64_t ll = xl * nl, lh = xl * nh, hl = xh * nl, hh = xh * nh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

    *lo = (mid << 32) | (ll & 0xffffffffu);
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* Lemire (2019), "Fast random integer generation in an interval": the high
 * word of x * n, rejecting the 2^64 mod n low words that would bias it, x
 * drawn from next(st). The result depends only on the 64-bit stream, so it
 * is the same everywhere. Static with constant next: inlined in both. */
static uint64_t lemire(uint64_t (*next)(void *), void *st, uint64_t n)
{
    uint64_t lo, hi = mul128(next(st), n, &lo);

    if (lo < n) {
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold)
            hi = mul128(next(st), n, &lo);
    }
    return hi;
}

static uint64_t next_xoshiro(void *st) { return nm_rng_next(st); }
static uint64_t next_splitmix(void *st) { return nm_splitmix64(st); }

uint64_t nm_rng_below(nm_rng *r, uint64_t n)
{
    return lemire(next_xoshiro, r, n);
}

uint64_t nm_splitmix_lemire(uint64_t *st, uint64_t n)
{
    return lemire(next_splitmix, st, n);
}

/* Uniform in [0, n) from the splitmix64 stream, by rejecting the biased top
 * range. */
uint64_t nm_splitmix_below(uint64_t *st, uint64_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n, x;

    do
        x = nm_splitmix64(st);
    while (x >= lim);
    return x % n;
}

double nm_splitmix_unit(uint64_t *st)
{
    return (double)(nm_splitmix64(st) >> 11) * 0x1.0p-53;
}
