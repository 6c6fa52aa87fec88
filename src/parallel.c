/* parallel.c - run jobs on a few threads, the calling one included.  A
 * thread that cannot start leaves its jobs to the others: slower, never
 * different. */
#include "internal.h"

#include <pthread.h>

size_t pg__parallel_min_bytes = 1u << 20;

/* Threads take the next job until none is left: more jobs than threads
 * even out jobs that cost more than their share. */
typedef struct pool {
    pthread_mutex_t mu;
    void (*fn)(void *);
    char *jobs;
    size_t size, n, next;
} pool;

static void *drain(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i == p->n)
            return NULL;
        p->fn(p->jobs + i * p->size);
    }
}

void pg__run_jobs(void (*fn)(void *), void *jobs, size_t size, size_t n, unsigned threads)
{
    pool p = {.fn = fn, .jobs = jobs, .size = size, .n = n};
    pthread_mutex_init(&p.mu, NULL);
    pthread_t tid[PG_MAX_THREADS];
    size_t started = 0;
    if (threads > PG_MAX_THREADS)
        threads = PG_MAX_THREADS;
    for (size_t t = 1; t < threads && t < n; t++)
        if (pthread_create(&tid[started], NULL, drain, &p) == 0)
            started++;
    drain(&p); /* this thread works too, and alone if none could start */
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.mu);
}

size_t pg__parallel_jobs(unsigned threads, size_t bytes)
{
    size_t k = threads > PG_MAX_THREADS ? PG_MAX_THREADS : threads;
    size_t by_size = pg__parallel_min_bytes ? bytes / pg__parallel_min_bytes : k;
    if (by_size < k)
        k = by_size;
    return k ? k : 1;
}
