/* nm_order.h - ordering index pairs in linear time. */
#ifndef NM_ORDER_H
#define NM_ORDER_H

#include <stddef.h>

/* Writes to order[0..n) the permutation that sorts the pairs (a[k], b[k]) by
 * a, then b, keeping equal pairs in their input order (stable). Keys are in
 * 0..na-1 and 0..nb-1. Two counting-sort passes: O(n + na + nb) time and
 * memory. Returns 0, or -1 when out of memory. */
int nm_order_pairs(size_t n, const int *a, int na, const int *b, int nb, size_t *order);

#endif
