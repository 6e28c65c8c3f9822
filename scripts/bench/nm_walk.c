/* nm_walk.c - how much one walk of the membership lists costs when it sums
 * values for one source and when it sums them for 4 or 8 sources at once
 * (the values of a node for the sources side by side, one cache line for
 * 8 doubles). The sampled shortest paths walk the lists once or twice per
 * source; this measures what a search of several sources per walk could
 * save. Not part of the report or of make check.
 *
 *   cc -std=c11 -O2 -D_GNU_SOURCE -Iinclude $(pkg-config --cflags igraph) \
 *      scripts/bench/nm_walk.c build/libnestmap.a \
 *      $(pkg-config --libs igraph libgvc libcgraph jansson) -lcsv -lm -lpthread -o nm_walk
 *   ./nm_walk DATASET_DIR [ROUNDS]
 *
 * Prints the best of ROUNDS (15) for: the states summing doubles of their
 * institutions (as the backward pass does) with 1, 4 and 8 values an entry,
 * and the institutions summing 16-bit counts of their states (as the
 * forward pass does) with 1 and 8. The 4- and 8-wide walks need AVX2 and
 * AVX-512F and are skipped without them. */
#include "nm_dataset.h"
#include "nm_graph.h"

#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void pull1(const int *off, const int *adj, int n, const double *c, double *out)
{
    int w, k;

    for (w = 0; w < n; w++) {
        double s = 0;
        for (k = off[w]; k < off[w + 1]; k++)
            s += c[adj[k]];
        out[w] = s;
    }
}

__attribute__((target("avx2")))
static void pull4(const int *off, const int *adj, int n, const double *c, double *out)
{
    int w, k;

    for (w = 0; w < n; w++) {
        __m256d s = _mm256_setzero_pd();
        for (k = off[w]; k < off[w + 1]; k++)
            s = _mm256_add_pd(s, _mm256_load_pd(c + 8 * (size_t)adj[k]));
        _mm256_store_pd(out + 8 * (size_t)w, s);
    }
}

__attribute__((target("avx512f")))
static void pull8(const int *off, const int *adj, int n, const double *c, double *out)
{
    int w, k;

    for (w = 0; w < n; w++) {
        __m512d s = _mm512_setzero_pd();
        for (k = off[w]; k < off[w + 1]; k++)
            s = _mm512_add_pd(s, _mm512_load_pd(c + 8 * (size_t)adj[k]));
        _mm512_store_pd(out + 8 * (size_t)w, s);
    }
}

static void count1(const int *off, const int *adj, int n, const uint16_t *c, uint64_t *out)
{
    int i, k;

    for (i = 0; i < n; i++) {
        uint64_t s = 0;
        for (k = off[i]; k < off[i + 1]; k++)
            s += c[adj[k]];
        out[i] = s;
    }
}

__attribute__((target("avx512f")))
static void count8(const int *off, const int *adj, int n, const uint16_t *c, uint64_t *out)
{
    int i, k;

    for (i = 0; i < n; i++) {
        __m512i s = _mm512_setzero_si512();
        for (k = off[i]; k < off[i + 1]; k++)
            s = _mm512_add_epi64(s, _mm512_cvtepu16_epi64(
                                        _mm_loadu_si128((const __m128i *)(c + 8 * (size_t)adj[k]))));
        _mm512_storeu_si512(out + 8 * (size_t)i, s);
    }
}

typedef void (*pull_fn)(const int *, const int *, int, const double *, double *);
typedef void (*count_fn)(const int *, const int *, int, const uint16_t *, uint64_t *);

static double best_pull(pull_fn f, const nm_graph *g, const double *c, double *out, int rounds)
{
    double best = 1e30;
    int r;

    for (r = 0; r < rounds; r++) {
        double t = now();
        f(g->s_off, g->s_adj, g->nstates, c, out);
        t = now() - t;
        best = t < best ? t : best;
    }
    return best;
}

static double best_count(count_fn f, const nm_graph *g, const uint16_t *c, uint64_t *out, int rounds)
{
    double best = 1e30;
    int r;

    for (r = 0; r < rounds; r++) {
        double t = now();
        f(g->i_off, g->i_adj, g->ninsts, c, out);
        t = now() - t;
        best = t < best ? t : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    nm_load_opts lo;
    nm_dataset ds;
    nm_filter f;
    nm_graph g;
    nm_diag d;
    int rounds = argc > 2 ? atoi(argv[2]) : 15, ns, ni, i, j, avx2, avx512;
    double *c1, *c8, *o1, *o8;
    uint16_t *s1, *s8;
    uint64_t *u1, *u8;

    if (argc < 2 || rounds < 1) {
        fprintf(stderr, "usage: nm_walk DATASET_DIR [ROUNDS]\n");
        return 2;
    }
    memset(&lo, 0, sizeof(lo));
    nm_diag_init(&d);
    nm_filter_init(&f);
    if (nm_dataset_load(&ds, argv[1], &lo, &d) != NM_OK || nm_graph_build_lists(&g, &ds, &f, &d) != NM_OK) {
        fprintf(stderr, "nm_walk: %s: %s\n", argv[1], d.kept ? d.text[0] : "cannot load");
        return 1;
    }
    ns = g.nstates;
    ni = g.ninsts;
    c1 = malloc((size_t)ni * sizeof(double));
    c8 = aligned_alloc(64, (size_t)ni * 64);
    o1 = malloc((size_t)ns * sizeof(double));
    o8 = aligned_alloc(64, (size_t)ns * 64);
    s1 = malloc((size_t)ns * sizeof(uint16_t));
    s8 = aligned_alloc(64, (size_t)ns * 16);
    u1 = malloc((size_t)ni * sizeof(uint64_t));
    u8 = aligned_alloc(64, (size_t)ni * 64);
    if (!c1 || !c8 || !o1 || !o8 || !s1 || !s8 || !u1 || !u8) {
        fprintf(stderr, "nm_walk: out of memory\n");
        return 1;
    }
    for (i = 0; i < ni; i++) {
        c1[i] = 1.0 / (i + 1);
        for (j = 0; j < 8; j++)
            c8[8 * (size_t)i + j] = 1.0 / (i + j + 1);
    }
    for (i = 0; i < ns; i++) {
        s1[i] = (uint16_t)(i % 7);
        for (j = 0; j < 8; j++)
            s8[8 * (size_t)i + j] = (uint16_t)((i + j) % 7);
    }
    avx2 = __builtin_cpu_supports("avx2");
    avx512 = __builtin_cpu_supports("avx512f");
    printf("states' lists (%d entries), sums of doubles: 1 source %.2f ms", g.s_off[ns],
           1e3 * best_pull(pull1, &g, c1, o1, rounds));
    if (avx2)
        printf(", 4 sources %.2f ms", 1e3 * best_pull(pull4, &g, c8, o8, rounds));
    if (avx512)
        printf(", 8 sources %.2f ms", 1e3 * best_pull(pull8, &g, c8, o8, rounds));
    printf("\ninstitutions' lists (%d entries), sums of 16-bit counts: 1 source %.2f ms", g.i_off[ni],
           1e3 * best_count(count1, &g, s1, u1, rounds));
    if (avx512)
        printf(", 8 sources %.2f ms", 1e3 * best_count(count8, &g, s8, u8, rounds));
    printf("\n(check %g %g)\n", o1[ns / 2] + o8[8 * (size_t)(ns / 2)], (double)(u1[ni / 2] + u8[8 * (size_t)(ni / 2)]));
    free(c1); free(c8); free(o1); free(o8); free(s1); free(s8); free(u1); free(u8);
    nm_graph_destroy(&g);
    nm_dataset_destroy(&ds);
    return 0;
}
