/* atomic.c - outputs renamed into place when complete (see nm_atomic.h). */
#include "nm_atomic.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t have_pending;
static char pending[4096];

const char *nm_atomic_pending(void)
{
    return have_pending ? pending : NULL;
}

/* An existing path that is not a regular file (a device such as /dev/null
 * or /dev/stdout, a FIFO) is opened as it is: a rename would replace it. */
static nm_status open_in_place(nm_atomic *a, const char *path, nm_diag *d)
{
    if (!(a->path = strdup(path)))
        return NM_ENOMEM;
    if (!(a->fp = fopen(path, "w"))) {
        nm_diag_error(d, path, 0, "cannot write: %s", strerror(errno));
        free(a->path);
        memset(a, 0, sizeof(*a));
        return NM_EIO;
    }
    return NM_OK;
}

nm_status nm_atomic_open(nm_atomic *a, const char *path, nm_diag *d)
{
    const char *slash;
    char *real = NULL;
    size_t dirlen;
    struct stat st;
    int fd;

    memset(a, 0, sizeof(*a));
    if (!path || strcmp(path, "-") == 0) {
        a->fp = stdout;
        return NM_OK;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return open_in_place(a, path, d);
    /* a symbolic link to a file: replace the file, keep the link */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) != NULL)
        path = real;
    slash = strrchr(path, '/');
    dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    a->path = strdup(path);
    a->tmp = malloc(strlen(path) + 32);
    free(real);
    if (!a->path || !a->tmp) {
        free(a->path); free(a->tmp);
        memset(a, 0, sizeof(*a));
        return NM_ENOMEM;
    }
    path = a->path;
    memcpy(a->tmp, path, dirlen);
    sprintf(a->tmp + dirlen, ".%s.tmp.XXXXXX", path + dirlen);
    fd = mkstemp(a->tmp);
    if (fd < 0 || !(a->fp = fdopen(fd, "w"))) {
        nm_diag_error(d, path, 0, "cannot write: %s", strerror(errno));
        if (fd >= 0) { close(fd); unlink(a->tmp); }
        free(a->path); free(a->tmp);
        memset(a, 0, sizeof(*a));
        return NM_EIO;
    }
    (void)fchmod(fd, 0644);
    if (strlen(a->tmp) < sizeof(pending)) {
        memcpy(pending, a->tmp, strlen(a->tmp) + 1);
        have_pending = 1;
    }
    return NM_OK;
}

/* Closes an output opened in place. */
static nm_status commit_in_place(nm_atomic *a, nm_diag *d)
{
    int bad = fflush(a->fp) != 0 || ferror(a->fp);

    bad = (fclose(a->fp) != 0) || bad;
    if (bad)
        nm_diag_error(d, a->path, 0, "cannot write: %s", strerror(errno));
    free(a->path);
    memset(a, 0, sizeof(*a));
    return bad ? NM_EIO : NM_OK;
}

nm_status nm_atomic_commit(nm_atomic *a, nm_diag *d)
{
    int bad;

    if (!a->path) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            nm_diag_error(d, "standard output", 0, "write error: %s", strerror(errno));
            return NM_EIO;
        }
        return NM_OK;
    }
    if (!a->tmp)
        return commit_in_place(a, d);
    bad = fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0;   /* ferror: an
                                   earlier write may have failed with nothing left to flush */
    bad = (fclose(a->fp) != 0) || bad;
    a->fp = NULL;
    if (bad || rename(a->tmp, a->path) != 0) {
        nm_diag_error(d, a->path, 0, "cannot write: %s", strerror(errno));
        unlink(a->tmp);
        have_pending = 0;
        free(a->path); free(a->tmp);
        return NM_EIO;
    }
    have_pending = 0;
    free(a->path); free(a->tmp);
    memset(a, 0, sizeof(*a));
    return NM_OK;
}

void nm_atomic_abort(nm_atomic *a)
{
    if (a->path && !a->tmp) {
        if (a->fp)
            fclose(a->fp);
        free(a->path);
    } else if (a->path) {
        if (a->fp)
            fclose(a->fp);
        unlink(a->tmp);
        have_pending = 0;
        free(a->path); free(a->tmp);
    }
    memset(a, 0, sizeof(*a));
}
