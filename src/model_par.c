/* model_par.c - a long list of the model rendered on several threads:
 * the list is cut into chunks, each chunk is rendered by a forked sink
 * into a buffer of its own, and the buffers are spliced into the output
 * in order as they complete.  Workers stay at most a window of chunks
 * ahead of the writer, so memory follows the window, not the list. */
#include "model.h"

#include <pthread.h>

#define WINDOW_PER_THREAD 4

typedef struct chunk {
    size_t a, b;
    pg_buf *out; /* slot i % window: reused once the chunk before is spliced */
    pg_error err;
    int state; /* 0 waiting, 1 taken, 2 done, 3 failed */
} chunk;

typedef struct run {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const pg_model_sink *sink;
    void *ctx;
    pg_model_render_fn render;
    void *env;
    chunk *c;
    pg_buf *slots; /* one buffer per chunk in flight, kept warm */
    size_t n, next, written, window;
    bool stop;
} run;

static void render_chunk(run *r, size_t i)
{
    chunk *c = &r->c[i];
    c->out = &r->slots[i % r->window];
    c->out->len = 0;
    void *child = r->sink->fork(r->ctx, i == 0, c->out);
    bool ok = child != NULL;
    if (!ok)
        pg__error(&c->err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
    if (ok)
        ok = r->render(r->env, c->a, c->b, child, &c->err);
    if (child && !r->sink->finish(child) && ok) {
        pg__error(&c->err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        ok = false;
    }
    if (!ok && !c->err.code)
        pg__error(&c->err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
    pthread_mutex_lock(&r->mu);
    c->state = ok ? 2 : 3;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* Under the lock: a chunk to render now, or n. */
static size_t take(run *r)
{
    if (r->stop || r->next >= r->n || r->next >= r->written + r->window)
        return r->n;
    r->c[r->next].state = 1;
    return r->next++;
}

static void *worker(void *arg)
{
    run *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        size_t i = take(r);
        if (i == r->n) {
            if (r->stop || r->next >= r->n)
                break;
            pthread_cond_wait(&r->cv, &r->mu);
            continue;
        }
        pthread_mutex_unlock(&r->mu);
        render_chunk(r, i);
        pthread_mutex_lock(&r->mu);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

pg_status pg__model_par_list(const pg_model_sink *sink, void *ctx, size_t n, unsigned threads,
                             pg_model_render_fn render, void *env, pg_error *err)
{
    if (threads > PG_MAX_THREADS)
        threads = PG_MAX_THREADS;
    size_t per = n / ((size_t)threads * 64); /* small chunks: buffers stay warm */
    if (per < 8)
        per = 8;
    run r = {.sink = sink,
             .ctx = ctx,
             .render = render,
             .env = env,
             .window = (size_t)threads * WINDOW_PER_THREAD};
    r.n = (n + per - 1) / per;
    r.c = pg__calloc(r.n, sizeof *r.c);
    r.slots = pg__calloc(r.window, sizeof *r.slots);
    if (!r.c || !r.slots) {
        pg__free(r.c);
        pg__free(r.slots);
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return PG_ERR_NOMEM;
    }
    for (size_t i = 0; i < r.n; i++) {
        r.c[i].a = i * per;
        r.c[i].b = i + 1 == r.n ? n : (i + 1) * per;
    }
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    pthread_t tid[PG_MAX_THREADS];
    size_t started = 0;
    for (unsigned t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, worker, &r) == 0)
            started++;
    /* This thread writes chunks in order, and renders while it waits. */
    pg_status st = PG_OK;
    pthread_mutex_lock(&r.mu);
    while (r.written < r.n) {
        chunk *c = &r.c[r.written];
        if (c->state < 2) {
            size_t i = take(&r);
            if (i == r.n) {
                pthread_cond_wait(&r.cv, &r.mu);
                continue;
            }
            pthread_mutex_unlock(&r.mu);
            render_chunk(&r, i);
            pthread_mutex_lock(&r.mu);
            continue;
        }
        pthread_mutex_unlock(&r.mu);
        if (c->state == 3) {
            *err = c->err;
            st = c->err.code ? c->err.code : PG_ERR_NOMEM;
        } else if (!sink->splice(ctx, c->out->data, c->out->len)) {
            st = PG_ERR_IO; /* the writer behind the sink says why */
        }
        pthread_mutex_lock(&r.mu);
        if (st != PG_OK) {
            r.stop = true;
            break;
        }
        r.written++;
        pthread_cond_broadcast(&r.cv);
    }
    r.stop = true;
    pthread_cond_broadcast(&r.cv);
    pthread_mutex_unlock(&r.mu);
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (size_t i = 0; i < r.window; i++)
        pg__free(r.slots[i].data);
    pg__free(r.slots);
    pg__free(r.c);
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
    return st;
}
