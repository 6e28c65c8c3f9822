/* test_mem.c - nm_mem_grow keeps the contents and doubles from 64. */
#include "testutil.h"
#include "nm_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* The pre-fault hook records its calls. */
static struct {
    int calls;
    char *p;
    size_t n;
} seen;

static void record(void *arg, void *p, size_t bytes)
{
    assert_ptr_equal(arg, &seen);
    seen.calls++;
    seen.p = p;
    seen.n = bytes;
}

/* nm_mem_alloc_whole and nm_mem_whole hand the hook the 2 MiB-aligned part
 * of an array of 8 MiB or more, once; smaller arrays, nm_mem_alloc and a
 * cleared hook hand it nothing. */
static void test_prefault(void **state)
{
    size_t big = ((size_t)16 << 20) + 12345;
    char *p, *q;

    (void)state;
    memset(&seen, 0, sizeof(seen));
    nm_mem_set_prefault(record, &seen);
    p = nm_mem_alloc_whole(big);
    assert_non_null(p);
    assert_int_equal(seen.calls, 1);
    assert_true(seen.p >= p && seen.p + seen.n <= p + big);
    assert_int_equal((size_t)(uintptr_t)seen.p % NM_MEM_HUGE, 0);
    assert_int_equal(seen.n % NM_MEM_HUGE, 0);
    assert_true(seen.n >= big - 2 * NM_MEM_HUGE);
    nm_mem_whole(p, NM_MEM_PREFAULT_MIN - 1);   /* too small */
    q = nm_mem_alloc(big);                      /* not written whole */
    assert_non_null(q);
    assert_int_equal(seen.calls, 1);
    nm_mem_whole(q, big);
    assert_int_equal(seen.calls, 2);
    nm_mem_set_prefault(NULL, NULL);
    nm_mem_whole(q, big);
    free(nm_mem_alloc_whole(big));
    assert_int_equal(seen.calls, 2);
    free(p);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_grow_fails),
        cmocka_unit_test(test_prefault),
    };

    return cmocka_run_group_tests(tests, 0, 0);
}
