/* order.c - stable linear-time ordering of index pairs (see nm_order.h). */
#include "nm_order.h"
#include "nm_mem.h"

#include <stdlib.h>
#include <string.h>

/* One stable counting-sort pass of in[] by key[in[k]] into out[]. */
static int pass(size_t n, const int *key, int nkey, const size_t *in, size_t *out)
{
    size_t *start = calloc((size_t)nkey + 1, sizeof(*start)), k;
    int v;

    if (!start)
        return -1;
    for (k = 0; k < n; k++)
        start[key[in[k]] + 1]++;
    for (v = 0; v < nkey; v++)
        start[v + 1] += start[v];
    for (k = 0; k < n; k++)
        out[start[key[in[k]]]++] = in[k];
    free(start);
    return 0;
}

int nm_order_pairs(size_t n, const int *a, int na, const int *b, int nb, size_t *order)
{
    size_t *tmp = nm_mem_alloc((n + 1) * sizeof(*tmp)), k;
    int rc;

    if (!tmp)
        return -1;
    for (k = 0; k < n; k++)
        tmp[k] = k;
    /* least significant key first: by b, then stably by a */
    rc = pass(n, b, nb, tmp, order) == 0 && pass(n, a, na, order, tmp) == 0 ? 0 : -1;
    if (rc == 0)
        memcpy(order, tmp, n * sizeof(*order));
    free(tmp);
    return rc;
}
