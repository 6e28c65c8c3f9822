/* nm_atomic.h - output files written atomically: to a temporary file in the
 * same directory, renamed into place only when complete. An error or a
 * signal leaves any previous file untouched. A symbolic link is followed
 * (its target is replaced, the link stays). A path that exists and is not
 * a regular file or a directory (/dev/null, /dev/stdout, a FIFO) is written
 * in place, as renaming over it would replace it. */
#ifndef NM_ATOMIC_H
#define NM_ATOMIC_H

#include <stdio.h>
#include "nm_diag.h"

typedef struct {
    FILE *fp;           /* write here */
    char *path;         /* final name; NULL for stdout */
    char *tmp;          /* temporary name; NULL when written in place */
} nm_atomic;

/* Opens path for writing ("-" or NULL = stdout). Returns NM_OK or NM_EIO. */
nm_status nm_atomic_open(nm_atomic *a, const char *path, nm_diag *d);
/* Flushes, syncs, closes and renames into place. Returns NM_OK or NM_EIO
 * (then the temporary file is removed). */
nm_status nm_atomic_commit(nm_atomic *a, nm_diag *d);
/* Closes and removes the temporary file. */
void nm_atomic_abort(nm_atomic *a);
/* The temporary file name of the output being written, or NULL: for a signal
 * handler that must remove it (unlink is async-signal-safe). */
const char *nm_atomic_pending(void);

#endif
