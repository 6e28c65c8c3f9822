/* mem.c - huge-page advice for large arrays (see nm_mem.h). */
#include "nm_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void nm_mem_advise(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = (uintptr_t)p, lo, hi;

    if (!p || bytes < 2 * NM_MEM_HUGE)
        return;
    lo = (a + NM_MEM_HUGE - 1) & ~(uintptr_t)(NM_MEM_HUGE - 1);
    hi = (a + bytes) & ~(uintptr_t)(NM_MEM_HUGE - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);     /* advice: failure is harmless */
#else
    (void)p;
    (void)bytes;
#endif
}

void *nm_mem_alloc(size_t bytes)
{
    void *p = malloc(bytes);

    nm_mem_advise(p, bytes);
    return p;
}
