/* nm_pair.h - work in two parts, and who runs them.
 *
 * A few long computations (the null model's trades and NODF evaluations,
 * the shortest paths of a large component, the search for overlapping
 * institution pairs) can be cut into two parts that touch disjoint data. The library starts
 * no thread: the caller may pass an nm_pair_exec that runs the parts at the
 * same time, in threads of its own (the CLI's is in src/cli/pairs.c). The
 * results never depend on who runs which part, or in what order.
 */
#ifndef NM_PAIR_H
#define NM_PAIR_H

/* One part (0 or 1) of a two-part computation on arg. */
typedef void (*nm_pair_fn)(void *arg, int part);

/* Runs fn(arg, 0) and fn(arg, 1) and returns when both have returned, at
 * once when it can. user is the executor's own state. Returns 1 when the
 * parts ran at the same time, 0 when one after the other (no second thread
 * was free): the caller may then do the rest of its work in one piece. */
typedef int (*nm_pair_exec)(void *user, nm_pair_fn fn, void *arg);

#endif
