/* pairs.c - a second thread for the library's two-part work (nm_pair_exec).
 *
 * A thread whose own work is done calls cli_pairs_help and waits there to
 * run the second part of whatever the other thread hands over through
 * cli_pairs_exec, until every thread has called cli_pairs_help. When no
 * thread is waiting, cli_pairs_exec runs both parts itself: the library's
 * results do not depend on who runs which part.
 *
 * The parts are short (the null model's batches take tens to hundreds of
 * microseconds), so both sides spin a little on the state before sleeping
 * on the condition variable: a wake-up costs about as much as a part.
 */
#include "cli.h"

enum { IDLE, POSTED, TAKEN, DONE };
#define SPINS 20000             /* about 0.1-1 ms of polling before sleeping */

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

void cli_pairs_init(cli_pairs *p, int threads)
{
    memset(p, 0, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cv, NULL);
    atomic_init(&p->state, IDLE);
    atomic_init(&p->active, threads);
}

void cli_pairs_destroy(cli_pairs *p)
{
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cv);
}

/* Spins until the state is `want` or `active` drops to 0, at most SPINS
 * times; no lock held. */
static void spin_for(cli_pairs *p, int want)
{
    int i;

    for (i = 0; i < SPINS && atomic_load(&p->state) != want && atomic_load(&p->active) > 0; i++)
        relax();
}

int cli_pairs_exec(void *user, nm_pair_fn fn, void *arg)
{
    cli_pairs *p = user;

    pthread_mutex_lock(&p->lock);
    if (p->waiting == 0 || atomic_load(&p->state) != IDLE) {
        pthread_mutex_unlock(&p->lock);
        fn(arg, 0);
        fn(arg, 1);
        return 0;
    }
    p->fn = fn;
    p->arg = arg;
    atomic_store(&p->state, POSTED);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->lock);
    fn(arg, 0);
    spin_for(p, DONE);
    pthread_mutex_lock(&p->lock);
    while (atomic_load(&p->state) != DONE)
        pthread_cond_wait(&p->cv, &p->lock);
    atomic_store(&p->state, IDLE);
    pthread_mutex_unlock(&p->lock);
    return 1;
}

typedef struct {
    nm_pair_fn fn;
    void *arg;
} part_one;

static void *run_part_one(void *arg)
{
    part_one *p = arg;

    p->fn(p->arg, 1);
    return NULL;
}

int cli_thread_exec(void *user, nm_pair_fn fn, void *arg)
{
    part_one p = { fn, arg };
    pthread_t th;

    (void)user;
    if (pthread_create(&th, NULL, run_part_one, &p) != 0) {
        fn(arg, 0);
        fn(arg, 1);
        return 0;
    }
    fn(arg, 0);
    pthread_join(th, NULL);
    return 1;
}

void cli_pairs_help(cli_pairs *p)
{
    pthread_mutex_lock(&p->lock);
    if (atomic_fetch_sub(&p->active, 1) == 1)
        pthread_cond_broadcast(&p->cv);
    while (atomic_load(&p->active) > 0) {
        if (atomic_load(&p->state) == POSTED) {
            nm_pair_fn fn = p->fn;
            void *arg = p->arg;
            atomic_store(&p->state, TAKEN);
            pthread_mutex_unlock(&p->lock);
            fn(arg, 1);
            pthread_mutex_lock(&p->lock);
            atomic_store(&p->state, DONE);
            pthread_cond_broadcast(&p->cv);
            continue;
        }
        p->waiting++;
        pthread_mutex_unlock(&p->lock);
        spin_for(p, POSTED);
        pthread_mutex_lock(&p->lock);
        if (atomic_load(&p->state) != POSTED && atomic_load(&p->active) > 0)
            pthread_cond_wait(&p->cv, &p->lock);
        p->waiting--;
    }
    pthread_mutex_unlock(&p->lock);
}
