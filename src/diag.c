/* diag.c - diagnostics collected for the caller (see nm_diag.h). */
#include "nm_diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nm_diag_init(nm_diag *d)
{
    memset(d, 0, sizeof(*d));
}

static void add(char text[][NM_DIAG_LEN], int *kept, const char *file, long line,
                const char *fmt, va_list ap)
{
    char *buf;
    int off = 0;

    if (*kept >= NM_DIAG_MAX)
        return;
    buf = text[(*kept)++];
    if (file && line > 0)
        off = snprintf(buf, NM_DIAG_LEN, "%s:%ld: ", file, line);
    else if (file)
        off = snprintf(buf, NM_DIAG_LEN, "%s: ", file);
    if (off < 0 || off >= NM_DIAG_LEN)
        off = 0;
    vsnprintf(buf + off, (size_t)(NM_DIAG_LEN - off), fmt, ap);
}

void nm_diag_error(nm_diag *d, const char *file, long line, const char *fmt, ...)
{
    va_list ap;

    if (!d)
        return;
    d->errors++;
    va_start(ap, fmt);
    add(d->text, &d->kept, file, line, fmt, ap);
    va_end(ap);
}

void nm_diag_warn(nm_diag *d, const char *file, long line, const char *fmt, ...)
{
    va_list ap;

    if (!d)
        return;
    d->warnings++;
    va_start(ap, fmt);
    add(d->wtext, &d->wkept, file, line, fmt, ap);
    va_end(ap);
}

void nm_diag_append(nm_diag *d, const nm_diag *from)
{
    int i;

    if (!d)
        return;
    for (i = 0; i < from->kept && d->kept < NM_DIAG_MAX; i++)
        memcpy(d->text[d->kept++], from->text[i], NM_DIAG_LEN);
    for (i = 0; i < from->wkept && d->wkept < NM_DIAG_MAX; i++)
        memcpy(d->wtext[d->wkept++], from->wtext[i], NM_DIAG_LEN);
    d->errors += from->errors;
    d->warnings += from->warnings;
}

const char *nm_strstatus(nm_status s)
{
    switch (s) {
    case NM_OK: return "ok";
    case NM_EDATA: return "bad data";
    case NM_EIO: return "input/output error";
    case NM_ENOMEM: return "out of memory";
    case NM_EUSAGE: return "bad argument";
    case NM_EINTR: return "interrupted";
    case NM_ELIMIT: return "resource limit exceeded";
    }
    return "unknown error";
}

const char *nm_diag_quote(char *buf, size_t n, const char *s)
{
    size_t i = 0;

    if (n == 0)
        return buf;
    for (; *s && i + 1 < n; s++)
        buf[i++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
    buf[i] = '\0';
    if (*s && n > 4)
        memcpy(buf + n - 4, "...", 4);
    return buf;
}
