/* strmap.h - internal: a string-to-index hash map (open addressing, linear
 * probing, FNV-1a hashed). Keys are borrowed, not copied: they must outlive
 * the map. A slot is 32 bytes, one cache line's half: the key pointer, a
 * 32-bit hash tag, the value and, for keys of up to 14 bytes (ids mostly),
 * a copy of the key, so that a lookup usually touches one slot and no key
 * string. Load factor at most 1/2; O(1) expected per operation. */
#ifndef NM_STRMAP_H
#define NM_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#define NM_STRMAP_INLINE 15     /* bytes of inl, the NUL included */

typedef struct {
    const char *key;    /* NULL: empty slot */
    uint32_t tag;       /* high half of the key's hash */
    int val;
    char inl[NM_STRMAP_INLINE]; /* the key when short */
    char small;         /* inl holds the key */
} nm_strmap_slot;

typedef struct {
    nm_strmap_slot *slots;
    size_t cap;     /* power of two, 0 when empty */
    size_t n;
} nm_strmap;

void nm_strmap_init(nm_strmap *m);
void nm_strmap_destroy(nm_strmap *m);
/* Returns the value for key, or -1. */
int nm_strmap_get(const nm_strmap *m, const char *key);
/* Returns the stored key equal to key (the pointer given to put), or NULL. */
const char *nm_strmap_key(const nm_strmap *m, const char *key);
/* Sets key to val (val >= 0). Returns 0, or -1 when out of memory. */
int nm_strmap_put(nm_strmap *m, const char *key, int val);
/* Hints that key will be looked up soon: fetches its first slot into the
 * cache (loaders call it a few rows ahead). No effect on the map. */
void nm_strmap_prefetch(const nm_strmap *m, const char *key);
/* Makes room for n keys in all without growing again. Returns 0 or -1. */
int nm_strmap_reserve(nm_strmap *m, size_t n);

#endif
