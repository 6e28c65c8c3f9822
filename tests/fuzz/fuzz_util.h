/* fuzz_util.h - helpers shared by the libFuzzer harnesses: a private
 * temporary directory and writing input chunks into files there. */
#ifndef NM_FUZZ_UTIL_H
#define NM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A directory of our own, made once per process (several fuzzing jobs may
 * run at once), under $TMPDIR or /dev/shm when it exists. */
static const char *fz_dir(void)
{
    static char dir[256];

    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        if (!base)
            base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof(dir), "%s/nm-fuzz-XXXXXX", base);
        if (!mkdtemp(dir))
            abort();
    }
    return dir;
}

static void fz_path(char *buf, size_t n, const char *file)
{
    snprintf(buf, n, "%s/%s", fz_dir(), file);
}

/* Writes len bytes to dir/file, or removes dir/file when data is NULL. */
static void fz_write(const char *file, const uint8_t *data, size_t len)
{
    char path[512];
    FILE *f;

    fz_path(path, sizeof(path), file);
    if (!data) {
        unlink(path);
        return;
    }
    f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

/* Splits data at NUL bytes (which no valid CSV contains): chunk k of at most
 * max. Returns the number of chunks found. */
static size_t fz_split(const uint8_t *data, size_t size, const uint8_t **chunk, size_t *len,
                       size_t max)
{
    size_t n = 0, start = 0, i;

    for (i = 0; i <= size && n < max; i++) {
        if (i == size || data[i] == 0) {
            chunk[n] = data + start;
            len[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

#endif
