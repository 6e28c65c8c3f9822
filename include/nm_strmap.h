/* strmap.h - internal: a string-to-index hash map (open addressing).
 * Keys are borrowed, not copied: they must outlive the map. */
#ifndef NM_STRMAP_H
#define NM_STRMAP_H

#include <stddef.h>

typedef struct {
    const char **keys;
    int *vals;
    unsigned long long *hashes;     /* of each key: most mismatches end without strcmp */
    size_t cap;     /* power of two, 0 when empty */
    size_t n;
} nm_strmap;

void nm_strmap_init(nm_strmap *m);
void nm_strmap_destroy(nm_strmap *m);
/* Returns the value for key, or -1. */
int nm_strmap_get(const nm_strmap *m, const char *key);
/* Sets key to val (val >= 0). Returns 0, or -1 when out of memory. */
int nm_strmap_put(nm_strmap *m, const char *key, int val);

#endif
