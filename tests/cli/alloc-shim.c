/* alloc-shim.c - an LD_PRELOAD shim for the CLI test of running out of
 * memory inside igraph: every malloc, calloc or realloc of at least
 * $NM_SHIM_IGRAPH_BYTES bytes called from libigraph fails with ENOMEM; the
 * rest, and everything when the variable is unset, go to glibc's allocator.
 * Built by t_report.sh; not for valgrind or a sanitizer, which replace
 * malloc themselves. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);

static size_t limit(void)
{
    static size_t lim;
    static int known;

    if (!known) {
        const char *e = getenv("NM_SHIM_IGRAPH_BYTES");
        lim = e ? (size_t)strtoull(e, NULL, 10) : (size_t)-1;
        known = 1;
    }
    return lim;
}

/* Whether a request of n bytes made from code at caller is refused. */
static int refuse(size_t n, const void *caller)
{
    Dl_info info;

    if (n < limit() || !dladdr(caller, &info) || !info.dli_fname
        || !strstr(info.dli_fname, "libigraph"))
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return refuse(n, __builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (size && n <= (size_t)-1 / size && refuse(n * size, __builtin_return_address(0)))
        return NULL;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return refuse(n, __builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}
