/* strmap.c - string-to-index hash map (see strmap.h). */
#include "nm_strmap.h"

#include <stdint.h>
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
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    memset(m, 0, sizeof(*m));
}

static size_t slot(const nm_strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);

    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

int nm_strmap_get(const nm_strmap *m, const char *key)
{
    size_t i;

    if (m->cap == 0)
        return -1;
    i = slot(m, key, hash(key));
    return m->keys[i] ? m->vals[i] : -1;
}

static int grow(nm_strmap *m)
{
    nm_strmap big;
    size_t i;

    big.cap = m->cap ? m->cap * 2 : 64;
    big.n = 0;
    big.keys = calloc(big.cap, sizeof(*big.keys));
    big.vals = calloc(big.cap, sizeof(*big.vals));
    big.hashes = calloc(big.cap, sizeof(*big.hashes));
    if (!big.keys || !big.vals || !big.hashes) {
        free(big.keys);
        free(big.vals);
        free(big.hashes);
        return -1;
    }
    for (i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot(&big, m->keys[i], m->hashes[i]);
            big.keys[j] = m->keys[i];
            big.vals[j] = m->vals[i];
            big.hashes[j] = m->hashes[i];
            big.n++;
        }
    }
    nm_strmap_destroy(m);
    *m = big;
    return 0;
}

int nm_strmap_put(nm_strmap *m, const char *key, int val)
{
    uint64_t h = hash(key);
    size_t i;

    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    i = slot(m, key, h);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->hashes[i] = h;
        m->n++;
    }
    m->vals[i] = val;
    return 0;
}
