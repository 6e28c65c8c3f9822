/* nm_overlap.h - overlap and containment between institutions (Aggarwal
 * 1998; Alter & Meunier 2009; definitions in docs/metrics.md).
 *
 * For member sets A and B: shared = |A ∩ B|, jaccard = shared / |A ∪ B|,
 * contain_a = shared / |A|, contain_b = shared / |B|; relation identical
 * (A = B), nested (A ⊂ B or B ⊂ A), overlapping, or disjoint (shared = 0).
 * The family is laminar when every pair is nested, identical or disjoint.
 * The containment order has A below B when A ⊂ B strictly; its Hasse edges
 * join A to each minimal B above it (identical sets are both listed as upper
 * ends and never joined to each other).
 */
#ifndef NM_OVERLAP_H
#define NM_OVERLAP_H

#include "nm_graph.h"
#include "nm_pair.h"

typedef enum { NM_REL_DISJOINT, NM_REL_OVERLAPPING, NM_REL_NESTED, NM_REL_IDENTICAL } nm_relation;

typedef struct {            /* 8 bytes: tens of millions of pairs on large data */
    int b;                  /* the later institution (local index); a is where the pair is */
    int shared;             /* |A ∩ B| >= 1 (relation and order follow from it and the sizes) */
} nm_overlap_pair;

typedef struct {
    nm_overlap_pair *pairs; /* pairs with shared >= 1, sorted by (a, b), a < b: */
    size_t *first;          /* [ninsts + 1]: a's pairs are pairs[first[a] .. first[a + 1]) */
    size_t npairs;          /* == first[ninsts] */
    int ninsts;
    long disjoint;          /* pairs with shared == 0 */
    long nrel[4];           /* pairs of each nm_relation (nrel[NM_REL_DISJOINT] == disjoint) */
    int laminar;
    int (*hasse)[2];        /* [k][0] lower, [k][1] upper (local indices), sorted */
    size_t nhasse;
    int *isize;             /* |I| of each institution (not stored per pair) */
} nm_overlap;

/* The institution a of pair k < npairs (a binary search of first). */
int nm_overlap_pair_a(const nm_overlap *ov, size_t k);

/* shared / |A ∪ B|, shared / |A|, shared / |B| of pair p of institution a
 * (p among a's pairs; computed, not stored). */
static inline double nm_overlap_jaccard(const nm_overlap *ov, int a, const nm_overlap_pair *p)
{
    return (double)p->shared / (double)(ov->isize[a] + ov->isize[p->b] - p->shared);
}
static inline double nm_overlap_contain_a(const nm_overlap *ov, int a, const nm_overlap_pair *p)
{
    return (double)p->shared / ov->isize[a];
}
static inline double nm_overlap_contain_b(const nm_overlap *ov, const nm_overlap_pair *p)
{
    return (double)p->shared / ov->isize[p->b];
}
/* The relation of member sets A and B (|A| = na, |B| = nb, both >= 1) that
 * share `shared` members, and their order: 1 when A ⊂ B strictly, -1 when
 * B ⊂ A strictly, 0 otherwise. */
static inline nm_relation nm_relation_of(int shared, int na, int nb)
{
    return shared == 0 ? NM_REL_DISJOINT
         : shared == na && shared == nb ? NM_REL_IDENTICAL
         : shared == na || shared == nb ? NM_REL_NESTED : NM_REL_OVERLAPPING;
}
static inline int nm_order_of(int shared, int na, int nb)
{
    return shared == na && na < nb ? 1 : shared == nb && nb < na ? -1 : 0;
}
/* The same of pair p of institution a. */
static inline nm_relation nm_overlap_rel(const nm_overlap *ov, int a, const nm_overlap_pair *p)
{
    return nm_relation_of(p->shared, ov->isize[a], ov->isize[p->b]);
}
static inline int nm_overlap_order(const nm_overlap *ov, int a, const nm_overlap_pair *p)
{
    return nm_order_of(p->shared, ov->isize[a], ov->isize[p->b]);
}

/* Computes overlap for every pair of institutions of g: the pairs sharing a
 * member are found through the state adjacency lists (never an I x I scan),
 * disjoint pairs are only counted. Time O(sum of squared state degrees +
 * sorting each institution's partners + strict 3-chains for the Hasse
 * edges); memory O(I + pairs sharing): the pair array is reserved once at
 * its bound min(sum over states of d(d-1)/2, I(I-1)/2) with huge-page advice
 * (only the pages written cost memory) and trimmed to the pairs found, and
 * the nested pairs are kept aside so that the Hasse edges never rescan all
 * pairs. Returns NM_OK, or NM_ENOMEM with a
 * message in d (ov is then empty). The caller frees ov with
 * nm_overlap_destroy (also safe on a zeroed ov). Matches Python sets (see
 * docs/metrics/overlap-nesting.md). */
nm_status nm_overlap_compute(const nm_graph *g, nm_overlap *ov, nm_diag *d);
/* Same, the pairs found in rounds of two parts that exec runs (see
 * nm_pair.h; NULL: in one piece) when their counting steps (one per
 * membership of a state and later institution of it) reach
 * NM_OVERLAP_SPLIT_WORK. A round is cut into chunks of about equal
 * estimated work, which the parts take in turn (an atomic counter) into
 * lists of their own, copied into the result in chunk order: the same
 * result whoever runs the parts, and in whatever order. */
#define NM_OVERLAP_SPLIT_WORK (1L << 22)
/* The search's counting steps: Σ over states of d(d + 1) / 2 (one per
 * membership of a state and institution of it from there on). O(states). */
long nm_overlap_work(const nm_graph *g);
nm_status nm_overlap_compute_exec(const nm_graph *g, nm_overlap *ov, nm_pair_exec exec, void *user,
                                  nm_diag *d);
void nm_overlap_destroy(nm_overlap *ov);

const char *nm_relation_name(nm_relation r);

#endif
