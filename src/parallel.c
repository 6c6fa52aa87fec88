/* parallel.c - run a few jobs at once: job 0 in the calling thread, each
 * other in a thread of its own.  A thread that cannot start runs its job
 * in the calling thread afterwards: slower, never different. */
#include "internal.h"

#include <pthread.h>

size_t pg__parallel_min_bytes = 1u << 20;

typedef struct task {
    void (*fn)(void *);
    void *job;
} task;

static void *trampoline(void *arg)
{
    task *t = arg;
    t->fn(t->job);
    return NULL;
}

void pg__run_jobs(void (*fn)(void *), void *jobs, size_t size, size_t n)
{
    pthread_t tid[PG_MAX_THREADS];
    task tasks[PG_MAX_THREADS];
    bool started[PG_MAX_THREADS] = {false};
    if (n > PG_MAX_THREADS)
        n = PG_MAX_THREADS;
    for (size_t k = 1; k < n; k++) {
        tasks[k].fn = fn;
        tasks[k].job = (char *)jobs + k * size;
        started[k] = pthread_create(&tid[k], NULL, trampoline, &tasks[k]) == 0;
    }
    fn(jobs);
    for (size_t k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            fn((char *)jobs + k * size);
    }
}

size_t pg__parallel_jobs(unsigned threads, size_t bytes)
{
    size_t k = threads > PG_MAX_THREADS ? PG_MAX_THREADS : threads;
    size_t by_size = pg__parallel_min_bytes ? bytes / pg__parallel_min_bytes : k;
    if (by_size < k)
        k = by_size;
    return k ? k : 1;
}
