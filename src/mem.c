/* mem.c - huge-page advice for large arrays (see nm_mem.h). */
#include "nm_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The 2 MiB-aligned part of p[0..bytes) in *lo .. *hi; 0 when it is empty. */
static int huge_part(const void *p, size_t bytes, uintptr_t *lo, uintptr_t *hi)
{
    uintptr_t a = (uintptr_t)p;

    *lo = (a + NM_MEM_HUGE - 1) & ~(uintptr_t)(NM_MEM_HUGE - 1);
    *hi = (a + bytes) & ~(uintptr_t)(NM_MEM_HUGE - 1);
    return p && *hi > *lo;
}

void nm_mem_advise(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    uintptr_t lo, hi;

    if (bytes >= 2 * NM_MEM_HUGE && huge_part(p, bytes, &lo, &hi))
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);     /* advice: failure is harmless */
#else
    (void)p;
    (void)bytes;
#endif
}

static nm_mem_prefault_fn prefault;
static void *prefault_arg;

void nm_mem_set_prefault(nm_mem_prefault_fn fn, void *arg)
{
    prefault = fn;
    prefault_arg = arg;
}

void nm_mem_whole(void *p, size_t bytes)
{
    uintptr_t lo, hi;

    nm_mem_advise(p, bytes);
    if (prefault && bytes >= NM_MEM_PREFAULT_MIN && huge_part(p, bytes, &lo, &hi))
        prefault(prefault_arg, (void *)lo, hi - lo);
}

void *nm_mem_alloc_whole(size_t bytes)
{
    void *p = malloc(bytes);

    nm_mem_whole(p, bytes);
    return p;
}

void *nm_mem_alloc(size_t bytes)
{
    void *p = malloc(bytes);

    nm_mem_advise(p, bytes);
    return p;
}

/* *pv is read and written through memcpy: it is a T *, not a void *. */
int nm_mem_grow(void *pv, size_t *cap, size_t need, size_t elem)
{
    void *v, *nv;
    size_t ncap = *cap ? *cap : 64;

    if (need <= *cap)
        return 0;
    if (need > SIZE_MAX / elem)
        return -1;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 / elem ? need : 2 * ncap;
    memcpy(&v, pv, sizeof(v));
    if (!(nv = realloc(v, ncap * elem)))
        return -1;
    memcpy(pv, &nv, sizeof(nv));
    *cap = ncap;
    return 0;
}
