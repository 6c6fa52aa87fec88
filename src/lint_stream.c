/*
 * lint_stream.c - lint text while it is parsed, section by section.
 *
 * pg_parse_text then pg_lint holds the whole tree (pg_item is 200 bytes,
 * pg_entry 56: three times the text) only for the rules to walk it once.
 * Here the parser hands every section over as it closes (group.c,
 * pg_top_hook, as for the JSON/YAML conversion) and the families that
 * walk sections (structure, duplicates, timeline) take it in then, so a
 * lint holds the input, the line tables, the findings and what the rules
 * must remember across sections (the document's habits, one key per
 * duplicate group, the items that may turn out overdue), never the tree.
 * A thread of its own runs the structure rules, the costliest, so the
 * parser's grouping and the rules share the time instead of adding up;
 * the parser's thread, which waits for them most of the time, takes the
 * duplicates and the timeline as it hands each section over, and marks
 * its items' lines, so the line rules can run as soon as the parse is
 * over while the rules' thread catches up.
 * The findings are those of the tree's lint, in the same order
 * (tests/test_lint_stream.c, fuzz_text).
 */
#include "lint_internal.h"
#include "parser.h"

#include <pthread.h>

enum {
    FAM_LINES,
    FAM_LINES2, /* the second half of the lines, on a thread of its own */
    FAM_STRUCTURE,
    FAM_DUPS,
    FAM_TIMELINE,
    FAM_HISTORY, /* at the end, over the digests */
    N_FAMS
};

/* Sections handed over and not yet linted: bounded by count and by their
 * arenas' bytes, so a parser ahead of the rules waits (the rules are the
 * slower side: the queue is mostly full, and its bytes are the lint's
 * memory); woken when half of it is gone, not at every piece. */
#define QUEUE_PIECES 1024
#define QUEUE_BYTES  (4u << 20)

typedef struct piece {
    pg_section s;
    bool enter, leave; /* a head enters, a tail leaves, a whole does both */
    bool has_subsections;
    pg_arena arena; /* a whole's or a tail's: freed once linted */
} piece;

typedef struct streamed {
    const pg_lint_config *cfg;
    const pg_lint_digest *const *prev; /* the history rules' versions */
    size_t n_prev;
    pg_lint_digest cur; /* this document's digest, built as it streams */
    pg_lint_result *out;
    pg_error lerr; /* the lint's own error (the parser has err) */
    pg_status st;
    bool begun;
    bool root_seen; /* root's head came: its items were linted then */
    pg__lint_ctx c;
    pg_lint_store *store;
    pg__lint_ctx fam[N_FAMS];
    pg_arena strs[N_FAMS];
    pg__lint_structure *sw;
    pg__lint_dups *dups;
    pg__lint_timeline *tl;
    /* The rules' thread and what it takes from the parser. */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* either side waits on it */
    bool rules_wait, parser_wait;
    piece q[QUEUE_PIECES]; /* a ring */
    size_t q_first, q_len, q_bytes;
    bool parsed; /* nothing more comes: the rules' thread ends them */
    bool thread_on;
    pthread_t thread;
    size_t handed; /* sections linted as they closed (tests) */
} streamed;

/* Test hook: how many sections the last pg_lint_text on this thread
 * linted as they closed (0: it linted the tree). */
static _Thread_local size_t last_handed;
size_t pg__lint_last_streamed(void) { return last_handed; }

static bool nomem(const streamed *x)
{
    for (int i = 0; i < N_FAMS; i++)
        if (x->fam[i].nomem)
            return true;
    return x->c.nomem;
}

/* The parser's side of a piece (its thread's flags only). */
static bool near_nomem(const streamed *x)
{
    return x->c.nomem || x->fam[FAM_DUPS].nomem || x->fam[FAM_TIMELINE].nomem || x->cur.nomem;
}

static void near_side(streamed *x, const pg_section *s, bool enter_it, bool leave_it)
{
    if (enter_it) {
        pg__lint_mark_items(&x->c, s);
        if (!near_nomem(x)) {
            pg__lint_dups_items(x->dups, s);
            pg__lint_timeline_enter(x->tl, s);
            if (x->n_prev)
                pg__digest_enter(&x->cur, s);
        }
    }
    if (leave_it && x->tl)
        pg__lint_timeline_leave(x->tl);
    if (leave_it && x->n_prev)
        pg__digest_leave(&x->cur);
}

/* The rules' side: the structure rules.  has_subsections: it is left
 * later. */
static void far_side(streamed *x, const pg_section *s, bool enter_it, bool leave_it,
                     bool has_subsections)
{
    if (x->fam[FAM_STRUCTURE].nomem)
        return;
    if (enter_it)
        pg__lint_structure_enter(x->sw, s, has_subsections);
    if (leave_it)
        pg__lint_structure_leave(x->sw);
}

/* The rules' thread: each piece in order, then the ends of the rules
 * that need the whole document. */
static void *rules_main(void *arg)
{
    streamed *x = arg;
    for (;;) {
        pthread_mutex_lock(&x->mu);
        while (!x->q_len && !x->parsed) {
            x->rules_wait = true;
            pthread_cond_wait(&x->cv, &x->mu);
            x->rules_wait = false;
        }
        if (!x->q_len) {
            pthread_mutex_unlock(&x->mu);
            break;
        }
        piece k = x->q[x->q_first];
        x->q_first = (x->q_first + 1) % QUEUE_PIECES;
        x->q_len--;
        x->q_bytes -= k.arena.total;
        if (x->parser_wait && x->q_len <= QUEUE_PIECES / 2 && x->q_bytes <= QUEUE_BYTES / 2)
            pthread_cond_broadcast(&x->cv);
        pthread_mutex_unlock(&x->mu);
        far_side(x, &k.s, k.enter, k.leave, k.has_subsections);
        pg__arena_free(&k.arena);
    }
    pg__lint_structure_close(x->sw);
    x->sw = NULL;
    return NULL;
}

/* Queue a piece, waiting for room (arena: taken).  False when the
 * rules ran out of memory: the parse may stop. */
static bool put(streamed *x, const pg_section *s, bool enter_it, bool leave_it, bool subs,
                pg_arena *arena)
{
    near_side(x, s, enter_it, leave_it);
    x->handed += leave_it && s->level > 0;
    if (!x->thread_on) { /* one thread: lint it now */
        far_side(x, s, enter_it, leave_it, subs);
        if (arena)
            pg__arena_free(arena);
        return !nomem(x);
    }
    size_t bytes = arena ? arena->total : 0;
    pthread_mutex_lock(&x->mu);
    while (x->q_len == QUEUE_PIECES || (x->q_len && x->q_bytes + bytes > QUEUE_BYTES)) {
        x->parser_wait = true;
        pthread_cond_wait(&x->cv, &x->mu);
        x->parser_wait = false;
    }
    piece *k = &x->q[(x->q_first + x->q_len) % QUEUE_PIECES];
    k->s = *s;
    k->enter = enter_it;
    k->leave = leave_it;
    k->has_subsections = subs;
    memset(&k->arena, 0, sizeof k->arena);
    if (arena) {
        k->arena = *arena;
        memset(arena, 0, sizeof *arena);
    }
    x->q_len++;
    x->q_bytes += bytes;
    if (x->rules_wait)
        pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    /* The structure rules' flag is their thread's: it stops linting once
     * it is set, and the parse ends when this side's is. */
    return !near_nomem(x);
}

/* The parse is over: the rules' thread ends once the queue is empty. */
static void finish_rules(streamed *x)
{
    pthread_mutex_lock(&x->mu);
    x->parsed = true;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
}

static bool on_start(void *ctx, pg_doc *doc)
{
    streamed *x = ctx;
    if (pg__lint_begin(&x->c, doc, x->cfg, x->prev, x->n_prev, &x->store, &x->lerr) != PG_OK)
        return false; /* the tree's lint then, which says so */
    x->begun = true;
    for (int i = 0; i < N_FAMS; i++)
        pg__lint_fork(&x->fam[i], &x->c, &x->strs[i]);
    x->sw = pg__lint_structure_open(&x->fam[FAM_STRUCTURE], true);
    x->dups = pg__lint_dups_open(&x->fam[FAM_DUPS]);
    x->tl = pg__lint_timeline_open(&x->fam[FAM_TIMELINE]);
    if (!x->sw || !x->dups || !x->tl)
        x->c.nomem = true;
    /* No thread (one asked for, or none to be had): put lints each
     * piece as it comes, on the parser's. */
    x->thread_on =
        !x->c.nomem && x->cfg->threads > 1 && pthread_create(&x->thread, NULL, rules_main, x) == 0;
    return true;
}

static bool on_head(void *ctx, const pg_section *s, bool root)
{
    streamed *x = ctx;
    x->root_seen |= root;
    return put(x, s, true, false, true, NULL);
}

static bool on_section(void *ctx, const pg_section *s, pg_arena *arena, bool tail)
{
    /* A tail's items went out with its head. */
    return put(ctx, s, !tail, true, false, arena);
}

/* The parse failed: a section it will not hand over, whose head may be
 * queued, freed in turn. */
static void on_drop(void *ctx, pg_arena *arena)
{
    static const pg_section none;
    put(ctx, &none, false, false, false, arena);
}

typedef struct lines_job {
    pg__lint_ctx *c;
    uint32_t from, to;
} lines_job;

static void lines_run(void *v)
{
    const lines_job *j = v;
    pg__lint_rules_lines_range(j->c, j->from, j->to);
}

static void lines_rules(streamed *x)
{
    uint32_t n = (uint32_t)x->c.n_lines, mid = n / 2 + 1;
    if (x->cfg->threads < 2 || n < 8192) {
        pg__lint_rules_lines(&x->fam[FAM_LINES]);
        return;
    }
    lines_job jobs[2] = {{&x->fam[FAM_LINES], 1, mid}, {&x->fam[FAM_LINES2], mid, n + 1}};
    pg__run_jobs(lines_run, jobs, sizeof jobs[0], 2, 2);
}

static void on_end(void *ctx, bool ok)
{
    streamed *x = ctx;
    /* No section at all: the root, complete now, is the document; a
     * root whose head went out is left. */
    const pg_section *root = pg_doc_root(x->c.doc);
    if (ok)
        put(x, root, !x->root_seen, true, root->n_sections > 0, NULL);
    finish_rules(x);
    if (!x->thread_on)
        rules_main(x); /* the queue is empty: ends the structure rules */
    /* Every item is marked: the line rules run while the rules' thread
     * catches up, in two halves side by side (they were the end's long
     * tail: a pass over every line). */
    if (ok && !near_nomem(x))
        lines_rules(x);
    /* The history rules, once this document's digest is whole. */
    if (ok && x->n_prev && !near_nomem(x)) {
        if (pg__digest_finish(&x->cur)) {
            x->fam[FAM_HISTORY].cur = &x->cur;
            pg__lint_rules_history(&x->fam[FAM_HISTORY]);
        } else {
            x->fam[FAM_HISTORY].nomem = true;
        }
    }
    pg__digest_clear(&x->cur);
    pg__lint_dups_close(x->dups);
    pg__lint_timeline_close(x->tl);
    x->dups = NULL;
    x->tl = NULL;
    if (x->thread_on)
        pthread_join(x->thread, NULL);
    if (!ok || nomem(x)) { /* a failed parse has its own error */
        for (int i = 0; i < N_FAMS; i++) {
            pg__vec_free(&x->fam[i].findings);
            pg__arena_free(&x->strs[i]);
        }
        x->c.nomem = true;
        x->st = pg__lint_end(&x->c, x->store, x->out, &x->lerr); /* frees, says NOMEM */
        return;
    }
    pg__lint_drop_lines(&x->c);
    pg__lint_join(&x->c, x->fam, N_FAMS);
    x->st = pg__lint_end(&x->c, x->store, x->out, &x->lerr);
}

static bool digests_ok(const pg_lint_digest *const *previous, size_t n_prev)
{
    if (n_prev && !previous)
        return false;
    for (size_t i = 0; i < n_prev; i++)
        if (!previous[i])
            return false;
    return true;
}

pg_status pg_lint_text_history(const char *buf, size_t len, const pg_parse_options *opts,
                               const pg_lint_config *cfg, const pg_lint_digest *const *previous,
                               size_t n_prev, pg_lint_result *out, pg_error *err)
{
    pg_lint_config *own;
    pg_status st = pg__lint_open((buf || !len) && digests_ok(previous, n_prev),
                                 "pg_lint_text_history", out, &cfg, &own, err);
    if (st != PG_OK)
        return st;
    /* Every item is kept until its section is linted. */
    pg_parse_options o = {0};
    if (opts)
        o = *opts;
    o.diagnostics_only = false;
    streamed *x = pg__calloc(1, sizeof *x);
    if (!x) {
        pg_lint_config_free(own);
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    x->cfg = cfg;
    x->prev = previous;
    x->n_prev = n_prev;
    pg__digest_init(&x->cur, cfg);
    x->out = out;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    const pg_top_hook hook = {on_start, on_end, on_head, on_section, on_drop, x};
    pg_error perr = {0};
    pg_doc *doc = pg__parse_text_hooked(buf, len, &o, &hook, &perr);
    if (!doc) {
        st = perr.code ? perr.code : PG_ERR_NOMEM;
        if (err)
            *err = perr;
    } else if (x->begun) {
        st = x->st;
        if (st != PG_OK && err)
            *err = x->lerr;
    } else { /* the stream could not start: the tree is there */
        st = pg__lint_tree(doc, cfg, previous, n_prev, out, err);
    }
    pg_doc_free(doc);
    pg_lint_config_free(own);
    last_handed = x->handed;
    pthread_cond_destroy(&x->cv);
    pthread_mutex_destroy(&x->mu);
    pg__digest_clear(&x->cur); /* when the stream did not start */
    pg__free(x);
    return st;
}

pg_status pg_lint_text(const char *buf, size_t len, const pg_parse_options *opts,
                       const pg_lint_config *cfg, pg_lint_result *out, pg_error *err)
{
    return pg_lint_text_history(buf, len, opts, cfg, NULL, 0, out, err);
}
