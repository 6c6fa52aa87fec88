/*
 * convert.c - text straight to JSON or YAML, section by section.
 *
 * The parser gives every section an arena of its own and hands it over
 * (group.c, pg_top_hook): a section with subsections as its head (text
 * and items) when the first of them opens and its tail when it closes,
 * any other section whole when it closes.  A writer thread renders them
 * in order and frees each arena, while the parser reads on.  So a
 * conversion holds the input, its line table, the heads of the open
 * sections and what is in flight (a bounded queue), never the whole tree,
 * and the grouping and the writing share the time instead of adding up.
 * The bytes are those of pg_parse_text and pg_render_json/yaml: the walk
 * is the same one, in pieces (model_write.c).
 */
#include "model.h"
#include "parser.h"

#include <pthread.h>

/* Pieces parsed but not yet written: enough for the writer to take long
 * runs of sections and render them on threads like the tree's lists, few
 * enough (by count and by their arenas' bytes) to keep memory bounded. */
#define QUEUE_SECTIONS 1024
#define QUEUE_BYTES    (48u << 20)

typedef enum piece {
    PIECE_WHOLE,
    PIECE_HEAD,
    PIECE_TAIL,
    PIECE_DROP /* an arena to free, not to write (the parse failed) */
} piece;

typedef struct queued {
    piece kind;
    pg_section s;
    pg_arena arena; /* WHOLE and TAIL: the section's, freed once written */
} queued;

typedef struct conv {
    bool yaml;
    unsigned flags;
    pg_write_fn write;
    void *wctx;
    pg_doc *doc; /* while it is parsed: the writer reads its scale, eol ... */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* either side waits on it; woken only when waiting */
    bool writer_waits, parser_waits;
    queued q[QUEUE_SECTIONS]; /* a ring */
    size_t q_first, q_len, q_bytes;
    queued run[QUEUE_SECTIONS]; /* the writer's: what it took */
    pg_section secs[QUEUE_SECTIONS];
    pg_section head; /* root's text and items, before the first section */
    bool have_head;
    bool parsed; /* the parse ended (parse_ok: the tail may be written) */
    bool parse_ok;
    bool failed;  /* the writer stopped */
    bool started; /* the writer thread runs */
    pthread_t thread;
    pg_status st; /* the writer's */
    pg_error werr;
    size_t handed; /* sections the parser handed over */
} conv;

/* Test hook: how many sections the last conversion on this thread wrote
 * as they were parsed (0: it went through the whole tree). */
static _Thread_local size_t last_handed;
size_t pg__convert_last_streamed(void) { return last_handed; }

/* The writer's next pieces into c->run: a head or a tail alone, or every
 * whole section queued in a row.  Returns how many (0: the parse ended). */
static size_t take(conv *c)
{
    pthread_mutex_lock(&c->mu);
    while (!c->q_len && !c->parsed) {
        c->writer_waits = true;
        pthread_cond_wait(&c->cv, &c->mu);
        c->writer_waits = false;
    }
    size_t k = 0;
    while (c->q_len) {
        const queued *q = &c->q[c->q_first];
        if (k && (q->kind != PIECE_WHOLE || c->run[0].kind != PIECE_WHOLE))
            break;
        c->run[k++] = *q;
        c->q_first = (c->q_first + 1) % QUEUE_SECTIONS;
        c->q_len--;
        c->q_bytes -= q->arena.total;
    }
    if (k && c->parser_waits)
        pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return k;
}

static void writer_failed(conv *c)
{
    pthread_mutex_lock(&c->mu);
    c->failed = true;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

/* The writer's walk: head, each section as it comes, tail. */
static pg_status drive(void *arg, const pg_model_sink *sink, void *ctx, pg_error *err)
{
    conv *c = arg;
    pg__model_stream *s =
        pg__model_stream_new(c->doc, c->flags, c->yaml ? "YAML" : "JSON", sink, ctx, err);
    pthread_mutex_lock(&c->mu);
    while (!c->have_head && !c->parsed)
        pthread_cond_wait(&c->cv, &c->mu);
    /* No head: the document has no section at all, and its root, now
     * complete (the parse is over), is the whole of it. */
    bool sections = c->have_head, parse_ok = c->parse_ok;
    const pg_section *root = sections ? &c->head : pg_doc_root(c->doc);
    pthread_mutex_unlock(&c->mu);
    bool ok = s && (sections || parse_ok) && pg__model_stream_head(s, root, !sections);
    if (!ok)
        writer_failed(c);
    for (size_t k; (k = take(c));) {
        piece kind = c->run[0].kind;
        for (size_t i = 0; i < k; i++)
            c->secs[i] = c->run[i].s;
        if (kind == PIECE_DROP)
            ok = false; /* the parse failed: nothing more is written */
        else if (ok && !(ok = kind == PIECE_HEAD   ? pg__model_stream_section_head(s, &c->secs[0])
                              : kind == PIECE_TAIL ? pg__model_stream_section_tail(s, &c->secs[0])
                                                   : pg__model_stream_sections(s, c->secs, k)))
            writer_failed(c);
        for (size_t i = 0; i < k; i++)
            pg__arena_free(&c->run[i].arena);
    }
    pthread_mutex_lock(&c->mu);
    parse_ok = c->parse_ok;
    pthread_mutex_unlock(&c->mu);
    /* A parse that failed has its own error: end without the tail. */
    ok = ok && parse_ok && pg__model_stream_tail(s);
    return s ? pg__model_stream_free(s, ok) : PG_ERR_NOMEM;
}

static void *writer_main(void *arg)
{
    conv *c = arg;
    c->st = c->yaml ? pg__render_yaml_driven(drive, c, c->write, c->wctx, &c->werr)
                    : pg__render_json_driven(c->flags, drive, c, c->write, c->wctx, &c->werr);
    if (c->st != PG_OK)
        writer_failed(c);
    return NULL;
}

/* ------------------------------------------------------ the parser's hook */

static bool on_start(void *ctx, pg_doc *doc)
{
    conv *c = ctx;
    if (!pg__model_stream_ready(doc)) /* a string to check first: render the tree */
        return false;
    c->doc = doc;
    c->started = pthread_create(&c->thread, NULL, writer_main, c) == 0;
    return c->started;
}

/* Queue a piece for the writer, waiting for room. */
static bool put(conv *c, piece kind, const pg_section *s, pg_arena *arena)
{
    size_t bytes = arena ? arena->total : 0;
    pthread_mutex_lock(&c->mu);
    while (!c->failed &&
           (c->q_len == QUEUE_SECTIONS || (c->q_len && c->q_bytes + bytes > QUEUE_BYTES))) {
        c->parser_waits = true;
        pthread_cond_wait(&c->cv, &c->mu);
        c->parser_waits = false;
    }
    bool go = !c->failed;
    if (go) {
        queued *q = &c->q[(c->q_first + c->q_len) % QUEUE_SECTIONS];
        q->kind = kind;
        q->s = *s;
        memset(&q->arena, 0, sizeof q->arena);
        if (arena) { /* taken: the writer frees it */
            q->arena = *arena;
            memset(arena, 0, sizeof *arena);
        }
        c->q_len++;
        c->q_bytes += bytes;
        c->handed += kind == PIECE_WHOLE || kind == PIECE_TAIL;
        if (c->writer_waits)
            pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
    return go;
}

static void on_end(void *ctx, bool ok)
{
    conv *c = ctx;
    pthread_mutex_lock(&c->mu);
    c->parsed = true;
    c->parse_ok = ok;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
}

static bool on_head(void *ctx, const pg_section *s, bool root)
{
    conv *c = ctx;
    if (!root)
        return put(c, PIECE_HEAD, s, NULL);
    pthread_mutex_lock(&c->mu);
    c->head = *s;
    c->have_head = true;
    bool go = !c->failed;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return go;
}

static bool on_section(void *ctx, const pg_section *s, pg_arena *arena, bool tail)
{
    return put(ctx, tail ? PIECE_TAIL : PIECE_WHOLE, s, arena);
}

/* The writer may still be reading the head of the section this arena
 * holds: it frees the arena in turn (unless it stopped: then it reads
 * no more, and the parser frees it). */
static void on_drop(void *ctx, pg_arena *arena)
{
    static const pg_section none;
    put(ctx, PIECE_DROP, &none, arena);
}

static pg_status convert(const char *buf, size_t len, const pg_parse_options *opts, bool yaml,
                         unsigned flags, pg_write_fn write, void *ctx, pg_error *err)
{
    pg__error_reset(err);
    pg_error local = {0};
    if (!err)
        err = &local;
    if (!write || (!buf && len)) {
        pg__error(err, PG_ERR_ARG, 0, 0, NULL, "pg_convert_text: no input or sink");
        return PG_ERR_ARG;
    }
    conv *c = pg__calloc(1, sizeof *c);
    if (!c) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return PG_ERR_NOMEM;
    }
    c->yaml = yaml;
    c->flags = flags;
    c->write = write;
    c->wctx = ctx;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    const pg_top_hook hook = {on_start, on_end, on_head, on_section, on_drop, c};
    pg_doc *doc = pg__parse_text_hooked(buf, len, opts, &hook, err);
    pg_status st;
    if (c->started) { /* the writer is done (on_end) */
        st = !doc ? (err->code ? err->code : PG_ERR_NOMEM) : c->st;
        if (doc && st != PG_OK)
            *err = c->werr;
    } else if (!doc) {
        st = err->code ? err->code : PG_ERR_NOMEM;
    } else {
        st = yaml ? pg_render_yaml(doc, flags, write, ctx, err)
                  : pg_render_json(doc, flags, write, ctx, err);
    }
    pg_doc_free(doc);
    last_handed = c->handed;
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    pg__free(c);
    return st;
}

pg_status pg_convert_text_json(const char *buf, size_t len, const pg_parse_options *opts,
                               unsigned flags, pg_write_fn write, void *ctx, pg_error *err)
{
    return convert(buf, len, opts, false, flags, write, ctx, err);
}

pg_status pg_convert_text_yaml(const char *buf, size_t len, const pg_parse_options *opts,
                               unsigned flags, pg_write_fn write, void *ctx, pg_error *err)
{
    return convert(buf, len, opts, true, flags, write, ctx, err);
}
