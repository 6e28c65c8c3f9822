/* nm_diag.h - diagnostics: the messages a library call leaves for its caller.
 *
 * The library never prints and never exits. A function that can fail takes a
 * caller-owned nm_diag, appends "file:line: message" errors (and warnings) to
 * it, and returns a status code. The CLI prints them.
 */
#ifndef NM_DIAG_H
#define NM_DIAG_H

#include <stddef.h>

/* Status codes returned by every nestmap function that can fail. */
typedef enum {
    NM_OK = 0,
    NM_EDATA = 1,   /* bad input data: see the diagnostic */
    NM_EIO = 2,     /* a file could not be read or written */
    NM_ENOMEM = 3,  /* out of memory */
    NM_EUSAGE = 4,  /* a bad argument from the caller (e.g. an unknown filter value) */
    NM_EINTR = 5,   /* interrupted */
    NM_ELIMIT = 6   /* the request exceeds a resource bound */
} nm_status;

#define NM_DIAG_MAX 20      /* messages kept; the total is still counted */
#define NM_DIAG_LEN 512     /* bytes per message, including file and line */

typedef struct {
    char text[NM_DIAG_MAX][NM_DIAG_LEN];
    int kept;               /* messages stored in text[] */
    int errors;             /* errors reported, including those not kept */
    char wtext[NM_DIAG_MAX][NM_DIAG_LEN];
    int wkept;
    int warnings;           /* warnings reported, including those not kept */
} nm_diag;

/* Empties d. Call before first use. */
void nm_diag_init(nm_diag *d);

/* Appends an error "file:line: msg" (line 0 omits the line, file NULL omits
 * both). Never fails: past NM_DIAG_MAX only the count grows. d may be NULL. */
void nm_diag_error(nm_diag *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Same for a warning: something the user should know that is not fatal. */
void nm_diag_warn(nm_diag *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Appends the messages and counts of from to d, as if they had been
 * reported to d in the same order. d may be NULL. */
void nm_diag_append(nm_diag *d, const nm_diag *from);

/* Human name of a status code ("bad data", "out of memory", ...). */
const char *nm_strstatus(nm_status s);

/* Copies at most n-1 bytes of s into buf with control characters shown as
 * '?' and a trailing "..." when cut, for echoing bad input in messages. */
const char *nm_diag_quote(char *buf, size_t n, const char *s);

#endif
