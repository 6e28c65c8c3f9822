/* strmap.c - string-to-index hash map (see strmap.h). */
#include "nm_strmap.h"
#include "nm_mem.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;    /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 33;                           /* spread into the low bits we index by */
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

void nm_strmap_init(nm_strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void nm_strmap_destroy(nm_strmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

static int same_key(const nm_strmap_slot *s, const char *key)
{
    return strcmp(s->small ? s->inl : s->key, key) == 0;
}

/* The slot holding key, or the empty slot where it would go. */
static nm_strmap_slot *slot(const nm_strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    uint32_t tag = (uint32_t)(h >> 32);

    while (m->slots[i].key && (m->slots[i].tag != tag || !same_key(&m->slots[i], key)))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

void nm_strmap_prefetch(const nm_strmap *m, const char *key)
{
    if (m->cap)
        __builtin_prefetch(&m->slots[(size_t)hash(key) & (m->cap - 1)]);
}

int nm_strmap_get(const nm_strmap *m, const char *key)
{
    const nm_strmap_slot *s;

    if (m->cap == 0)
        return -1;
    s = slot(m, key, hash(key));
    return s->key ? s->val : -1;
}

const char *nm_strmap_key(const nm_strmap *m, const char *key)
{
    return m->cap ? slot(m, key, hash(key))->key : NULL;
}

/* Zeroed room for cap slots, cache-line aligned: a slot never straddles
 * two lines (cap >= 64). A table of megabytes is read at random: huge pages
 * save a TLB miss per lookup (nm_mem.h). */
static nm_strmap_slot *alloc_slots(size_t cap)
{
    size_t bytes = cap * sizeof(nm_strmap_slot);
    nm_strmap_slot *p = aligned_alloc(64, bytes);

    nm_mem_advise(p, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

/* Rehashes into cap slots (a power of two above 2 n). */
static int rehash(nm_strmap *m, size_t cap)
{
    nm_strmap big = { alloc_slots(cap), cap, 0 };
    size_t i;

    if (!big.slots)
        return -1;
    for (i = 0; i < m->cap; i++) {
        const nm_strmap_slot *s = &m->slots[i];
        if (s->key) {
            /* the tag alone cannot give the index back: hash the key again */
            *slot(&big, s->key, hash(s->key)) = *s;
            big.n++;
        }
    }
    nm_strmap_destroy(m);
    *m = big;
    return 0;
}

int nm_strmap_reserve(nm_strmap *m, size_t n)
{
    size_t cap = m->cap ? m->cap : 64;

    while (n * 2 > cap)
        cap *= 2;
    return cap == m->cap ? 0 : rehash(m, cap);
}

int nm_strmap_put(nm_strmap *m, const char *key, int val)
{
    uint64_t h = hash(key);
    nm_strmap_slot *s;

    if ((m->n + 1) * 2 > m->cap && rehash(m, m->cap ? m->cap * 2 : 64) < 0)
        return -1;
    s = slot(m, key, h);
    if (!s->key) {
        size_t len = strlen(key);
        s->key = key;
        s->tag = (uint32_t)(h >> 32);
        if ((s->small = len < NM_STRMAP_INLINE))
            memcpy(s->inl, key, len + 1);
        m->n++;
    }
    s->val = val;
    return 0;
}
