/* prefault.c - faulting in the load's large arrays on the spare core.
 *
 * The load runs mostly on one core (memberships.csv is parsed on a second
 * beside the other files), and on this kind of machine (a virtual machine
 * whose host backs memory on first touch) about half of it is the kernel
 * faulting in the fresh pages of its arrays: on the xlarge benchmark about
 * 1 s of a 2-2.5 s load. While it runs, a thread of ours takes the arrays
 * the library is about to write whole (nm_mem_set_prefault) and faults
 * their pages in with madvise(MADV_POPULATE_WRITE), from the end back, in
 * huge-page steps, meeting the loader, which writes from the start. The
 * advice changes no contents, so a range freed or reused meanwhile comes to
 * no harm (an unmapped one fails and is dropped); a kernel without it (before
 * Linux 5.14) refuses it and the loader faults its pages itself, as before.
 */
#include "cli.h"
#include "nm_mem.h"

#include <pthread.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PREFAULT_QUEUE 32   /* ranges waiting; more are dropped (a hint) */

static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    struct { char *p; size_t n; } q[PREFAULT_QUEUE];
    unsigned head, tail;    /* under lock */
    int stop;               /* under lock */
    int running;
} pf = { .lock = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* nm_mem_prefault_fn: queues the range for the thread. */
static void prefault_hint(void *arg, void *p, size_t bytes)
{
    (void)arg;
    pthread_mutex_lock(&pf.lock);
    if (pf.tail - pf.head < PREFAULT_QUEUE) {
        pf.q[pf.tail % PREFAULT_QUEUE].p = p;
        pf.q[pf.tail % PREFAULT_QUEUE].n = bytes;
        pf.tail++;
        pthread_cond_signal(&pf.cv);
    }
    pthread_mutex_unlock(&pf.lock);
}

static int stopping(void)
{
    int s;

    pthread_mutex_lock(&pf.lock);
    s = pf.stop;
    pthread_mutex_unlock(&pf.lock);
    return s;
}

/* One range, from its end back, a huge page at a time, until done, refused
 * or stopped. */
static void prefault_range(char *p, size_t n)
{
    while (n > 0 && !stopping()) {
        size_t step = n < NM_MEM_HUGE ? n : NM_MEM_HUGE;
        n -= step;
        if (madvise(p + n, step, MADV_POPULATE_WRITE) != 0)
            return;
    }
}

static void *prefault_loop(void *arg)
{
    (void)arg;
    for (;;) {
        char *p;
        size_t n;
        pthread_mutex_lock(&pf.lock);
        while (pf.head == pf.tail && !pf.stop)
            pthread_cond_wait(&pf.cv, &pf.lock);
        if (pf.stop) {
            pthread_mutex_unlock(&pf.lock);
            return NULL;
        }
        p = pf.q[pf.head % PREFAULT_QUEUE].p;
        n = pf.q[pf.head % PREFAULT_QUEUE].n;
        pf.head++;
        pthread_mutex_unlock(&pf.lock);
        prefault_range(p, n);
    }
}

int cli_prefault_start(void)
{
    if (pf.running || getenv("NESTMAP_NO_PREFAULT"))
        return 0;
    pf.head = pf.tail = 0;
    pf.stop = 0;
    if (pthread_create(&pf.thread, NULL, prefault_loop, NULL) != 0)
        return 0;
    pf.running = 1;
    nm_mem_set_prefault(prefault_hint, NULL);
    return 1;
}

void cli_prefault_stop(void)
{
    if (!pf.running)
        return;
    nm_mem_set_prefault(NULL, NULL);
    pthread_mutex_lock(&pf.lock);
    pf.stop = 1;
    pthread_cond_signal(&pf.cv);
    pthread_mutex_unlock(&pf.lock);
    pthread_join(pf.thread, NULL);
    pf.running = 0;
}
