/* nm_mem.h - internal: advice for the large arrays of a big load.
 *
 * Arrays of hundreds of megabytes (5 M memberships) cost a page fault per
 * 4 KiB when first written, and random lookups into tables of tens of
 * megabytes cost a TLB miss each. Where the kernel offers transparent huge
 * pages on request (the "madvise" setting), asking for them for such arrays
 * removes most of both: on xlarge, load plus selection graph 5-6 s -> 3-4 s.
 */
#ifndef NM_MEM_H
#define NM_MEM_H

#include <stddef.h>

#define NM_MEM_HUGE ((size_t)2 << 20)  /* a huge page; smaller arrays get no advice */
#define NM_MEM_PREFAULT_MIN ((size_t)8 << 20)  /* smaller arrays get no pre-fault hint */

/* Asks for huge pages for the 2 MiB-aligned part of p[0..bytes), best
 * before it is written. A hint: it changes no contents, cannot fail, and
 * does nothing for small arrays or where the system has no such pages.
 * O(1). */
void nm_mem_advise(void *p, size_t bytes);

/* malloc(bytes) with that advice. NULL when out of memory; free() it. */
void *nm_mem_alloc(size_t bytes);

/* Pre-faulting. A caller with a core to spare may register fn: the library
 * then calls it with the 2 MiB-aligned part of each large array it is about
 * to write whole (nm_mem_whole, nm_mem_alloc_whole), so that another thread
 * can fault the pages in meanwhile (madvise MADV_POPULATE_WRITE, which
 * changes no contents). The library starts no thread itself. fn may be
 * called from any thread that calls the library; NULL stops the calls. Set
 * it while no library call runs. */
typedef void (*nm_mem_prefault_fn)(void *arg, void *p, size_t bytes);
void nm_mem_set_prefault(nm_mem_prefault_fn fn, void *arg);

/* nm_mem_advise for p[0..bytes), an array about to be written whole, and
 * the pre-fault hint for it (arrays of 8 MiB or more). */
void nm_mem_whole(void *p, size_t bytes);

/* malloc(bytes) with nm_mem_whole. NULL when out of memory; free() it. */
void *nm_mem_alloc_whole(size_t bytes);

/* Makes room for at least need elements of elem bytes in the growing array
 * *pv of *cap elements: doubles it (from 64) as often as needed. Returns 0,
 * or -1 when out of memory (*pv and *cap unchanged). */
int nm_mem_grow(void *pv, size_t *cap, size_t need, size_t elem);

#endif
