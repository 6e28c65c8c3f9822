/* direct-shim.c - an LD_PRELOAD shim for the CLI test of the O_DIRECT
 * fallback: on a descriptor with O_DIRECT set, the first write() writes
 * 4096 bytes (a short write) and every later one fails with EINVAL, as a
 * file system that takes the flag but not the writes would. Each refusal
 * appends a line to the file named by $NM_SHIM_LOG. With $NM_SHIM_INTRUDE
 * set, the first such write instead writes one line to descriptor 1 first,
 * as another process sharing standard output would, and is then let
 * through whole. Built by t_report.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

ssize_t write(int fd, const void *b, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    static int calls;
    int fl = fcntl(fd, F_GETFL);

    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fl >= 0 && (fl & O_DIRECT)) {
        const char *log = getenv("NM_SHIM_LOG");
        FILE *f;
        if (calls == 0 && getenv("NM_SHIM_INTRUDE")) {
            calls++;
            (void)real(1, "intruder\n", 9);
            return real(fd, b, n);
        }
        if (calls++ == 0 && n > 4096)
            return real(fd, b, 4096);
        if (log && (f = fopen(log, "a"))) {
            fputs("refused\n", f);
            fclose(f);
        }
        errno = EINVAL;
        return -1;
    }
    return real(fd, b, n);
}
