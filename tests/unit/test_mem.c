/* test_mem.c - nm_mem_grow keeps the contents and doubles from 64. */
#include "testutil.h"
#include "nm_mem.h"

#include <stdlib.h>

static void test_grow(void **state)
{
    int *v = NULL;
    size_t cap = 0, i;

    (void)state;
    assert_int_equal(nm_mem_grow(&v, &cap, 1, sizeof(*v)), 0);
    assert_int_equal(cap, 64);
    for (i = 0; i < 1000; i++) {
        int *before = v;
        size_t had = cap;
        assert_int_equal(nm_mem_grow(&v, &cap, i + 1, sizeof(*v)), 0);
        assert_true(cap >= i + 1);
        if (had >= i + 1)               /* room already: nothing moves */
            assert_true(v == before && cap == had);
        v[i] = (int)i * 7;
    }
    assert_int_equal(cap, 1024);        /* 64 doubled four times */
    for (i = 0; i < 1000; i++)
        assert_int_equal(v[i], (int)i * 7);
    assert_int_equal(nm_mem_grow(&v, &cap, 5000, sizeof(*v)), 0);
    assert_int_equal(cap, 8192);        /* several doublings at once */
    for (i = 0; i < 1000; i++)
        assert_int_equal(v[i], (int)i * 7);
    free(v);
}

/* A request that cannot be met leaves the array as it was. */
static void test_grow_fails(void **state)
{
    char *v = NULL;
    size_t cap = 0;

    (void)state;
    assert_int_equal(nm_mem_grow(&v, &cap, 10, 1), 0);
    v[0] = 'x';
    assert_int_equal(nm_mem_grow(&v, &cap, (size_t)1 << 62, 4), -1);
    assert_int_equal(cap, 64);
    assert_int_equal(v[0], 'x');
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_grow_fails),
    };

    return cmocka_run_group_tests(tests, 0, 0);
}
