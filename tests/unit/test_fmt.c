/* test_fmt.c - nm_fmt_g, nm_fmt_fixed and nm_fmt_int against glibc's snprintf, the
 * reference they must equal byte for byte. */
#include "testutil.h"
#include "nm_fmt.h"
#include "nm_rng.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void check_one(const char *fmt, int prec, double x)
{
    char want[400], got[NM_FMT_BUFSIZE];
    size_t n;

    snprintf(want, sizeof(want), fmt, prec, x);
    n = fmt[3] == 'g' ? nm_fmt_g(got, x, prec) : nm_fmt_fixed(got, x, prec);
    if (strcmp(got, want) != 0 || n != strlen(want))
        fail_msg("%s (%d) of %a: got '%s' (%zu), snprintf '%s'", fmt, prec, x, got, n, want);
}

/* The formats the writers use (CSV %.15g, JSON %.17g, text %.4f), and a few
 * other precisions. */
static void check_g(double x)
{
    static const int gp[] = { 15, 17, 1, 6 };
    size_t i;

    for (i = 0; i < sizeof(gp) / sizeof(gp[0]); i++)
        check_one("%.*g", gp[i], x);
    check_one("%.*f", 4, x);
    check_one("%.*f", 0, x);
    check_one("%.*f", 9, x);
}

static void check_i(long long v)
{
    char want[64], got[NM_FMT_BUFSIZE];
    size_t n;

    snprintf(want, sizeof(want), "%lld", v);
    n = nm_fmt_int(got, v);
    if (strcmp(got, want) != 0 || n != strlen(want))
        fail_msg("%%lld of %lld: got '%s', snprintf '%s'", v, got, want);
}

/* What the report writes: shares and ratios of small counts. */
static void test_ratios(void **state)
{
    long a, b;

    (void)state;
    for (b = 1; b <= 120; b++)
        for (a = 0; a <= b; a++) {
            check_g((double)a / (double)b);
            check_g((double)b / (double)a);
        }
    for (a = 1; a <= 3000; a++) {
        check_g(1.0 / (double)a);
        check_g(100.0 * (double)a / 99991.0);
        check_g((double)a / 1e7);
    }
}

/* Any bit pattern: every exponent, subnormals, infinities, NaN, signs. */
static void test_random_bits(void **state)
{
    nm_rng r;
    long k;

    (void)state;
    nm_rng_seed(&r, 42);
    for (k = 0; k < 15000; k++) {
        uint64_t u = nm_rng_next(&r);
        double x;
        memcpy(&x, &u, sizeof(x));
        if (!isnan(x))
            check_g(x);
    }
    for (k = 0; k < 15000; k++)    /* the range reports use, densely */
        check_g(ldexp((double)(nm_rng_next(&r) >> 11), -53) * pow(10, (double)(k % 40) - 20));
}

/* Ties and their neighbours, powers of ten, 15- and 16-digit boundaries. */
static void test_edges(void **state)
{
    static const double fixed[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 0.25, 0.125, 1e-4, 9.99999999999999e-5,
                                    1e-5, 1e14, 1e15, 1e16, 999999999999999.0, 999999999999999.5,
                                    9999999999999995.0, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0,
                                    123456789012345.6, 123456789012345.5, 123456789012344.5, 12345678901234.25,
                                    12345678901234.75, 0.000123456789012345, 1e-18, 9e-19, 1.5e-17, 1.00000000000000050, 0.99999999999999995,
                                    DBL_MIN, DBL_MAX, DBL_TRUE_MIN, 1e-300, 1e300, 1e-301, 1e301,
                                    INFINITY, -INFINITY, NAN };
    size_t i;
    int e, k;

    (void)state;
    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        check_g(fixed[i]);
    for (e = -320; e <= 308; e++) {
        double p = pow(10, e);
        check_g(p);
        check_g(nextafter(p, 0));
        check_g(nextafter(p, INFINITY));
        check_g(-p);
    }
    for (e = -30; e <= 30; e++)         /* d.dddd5 x 10^e: ties at the 15th digit */
        for (k = 1; k < 1000; k += 7) {
            double t = (1.0 + (double)k * 1e-3 + 5e-15) * pow(10, e);
            check_g(t);
            check_g(nextafter(t, 0));
            check_g(nextafter(t, INFINITY));
        }
}

/* Where the first guess of the decimal exponent (from the binary exponent
 * and a rounded power of ten) can be one off: around every power of ten and
 * of two in the exact range, steps of a few ulps; and tenths, hundredths ..
 * (a / 10^k), whose doubles sit just off the decimal values. */
static void test_exponent_guess(void **state)
{
    int e, k, a;

    (void)state;
    for (e = -40; e <= 25; e++) {
        double p = pow(10, e), lo = p, hi = p;
        for (k = 0; k < 24; k++) {
            check_g(lo);
            check_g(hi);
            lo = nextafter(lo, 0);
            hi = nextafter(hi, INFINITY);
        }
        check_g(p * (1 - 1e-15));
        check_g(p * (1 + 1e-15));
        check_g(p * (1 - 5e-16));
        check_g(p * 0.9999999999999995);
    }
    for (e = -140; e <= 90; e++) {
        double p = ldexp(1, e);
        check_g(p);
        check_g(nextafter(p, 0));
        check_g(nextafter(p, INFINITY));
    }
    for (k = 0; k <= 22; k++)
        for (a = 1; a <= 999; a += (a < 100 ? 1 : 7))
            check_g((double)a / pow(10, k));
}

static void test_int(void **state)
{
    nm_rng r;
    long k;

    (void)state;
    check_i(0);
    check_i(-1);
    check_i(LLONG_MAX);
    check_i(LLONG_MIN);
    nm_rng_seed(&r, 7);
    for (k = 0; k < 200000; k++) {
        check_i((long long)nm_rng_next(&r));
        check_i((long long)(nm_rng_next(&r) >> (k % 64)) * (k % 2 ? -1 : 1));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratios),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_exponent_guess),
        cmocka_unit_test(test_int),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
