/*
 * lint_digest.c - an update reduced to what the history rules compare:
 * each tracked item's matching key (its normalised title), the first 60
 * bytes of its title (what a message quotes), its state and tag, its
 * section and line, and whether that section needs no state; and the
 * sections' titles and lines (where a dropped item is reported).
 *
 * The history rules held every version's whole tree (pg_item is 200
 * bytes, and the text is copied) to read these few fields: a digest
 * keeps them in one arena, built from a tree or while a text is parsed
 * (the parser hands each section over and forgets it), so `lint
 * --previous` holds the versions' digests and streams the document.
 */
#include "lint_internal.h"
#include "parser.h"

#include <stdlib.h>

/* What a message quotes of a title: messages cut it there. */
#define TITLE_QUOTED 60

void pg__digest_init(pg_lint_digest *d, const pg_lint_config *cfg)
{
    memset(d, 0, sizeof *d);
    d->items.elem = sizeof(pg__hitem);
    d->sections.elem = sizeof(pg__hsection);
    d->closed.elem = 1;
    d->cfg = cfg;
}

void pg__digest_clear(pg_lint_digest *d)
{
    pg__vec_free(&d->items);
    pg__vec_free(&d->sections);
    pg__vec_free(&d->closed);
    pg__arena_free(&d->strs);
}

/* A copy in the digest's arena; false on NOMEM (a NULL string stays). */
static bool keep(pg_lint_digest *d, pg_str s, pg_str *out)
{
    *out = pg__arena_str(&d->strs, s.ptr, s.len);
    return !s.ptr || out->ptr;
}

void pg__digest_enter(pg_lint_digest *d, const pg_section *s)
{
    if (d->nomem)
        return;
    size_t depth = d->closed.len;
    bool closed = depth && ((const unsigned char *)d->closed.data)[depth - 1];
    closed |=
        s->level > 0 && pg__lint_title_matches(s->title, d->cfg->no_state, d->cfg->n_no_state);
    unsigned char *top = pg__vec_push(&d->closed);
    pg_str section = {NULL, 0};
    if (!top || !keep(d, s->title, &section)) {
        d->nomem = true;
        return;
    }
    *top = closed;
    if (s->level > 0) {
        pg__hsection *hs = pg__vec_push(&d->sections);
        if (!hs) {
            d->nomem = true;
            return;
        }
        hs->title = section;
        hs->line = s->line;
    }
    for (size_t i = 0; i < s->n_items; i++) {
        const pg_item *it = &s->items[i];
        if (it->date.ptr || it->quote)
            continue; /* timeline entries and quoted replies */
        char key[160];
        pg__hitem *h = pg__vec_push(&d->items);
        size_t tn = it->title.len < TITLE_QUOTED ? it->title.len : TITLE_QUOTED;
        pg_str parts[4] = {pg__str(key, pg__lint_norm_title(it->title, key, sizeof key)),
                           pg__str(it->title.ptr, tn), it->state, it->tag};
        /* The item's strings in one piece: the arena rounds each
         * allocation up to 16 bytes. */
        size_t total = 0;
        for (int k = 0; k < 4; k++)
            total += parts[k].len;
        char *o = h ? pg__arena_alloc_raw(&d->strs, total) : NULL;
        if (!o) {
            d->nomem = true;
            return;
        }
        pg_str *to[4] = {&h->key, &h->title, &h->state, &h->tag};
        for (int k = 0; k < 4; k++) {
            *to[k] = pg__str(parts[k].ptr ? o : NULL, parts[k].len);
            if (parts[k].len)
                memcpy(o, parts[k].ptr, parts[k].len);
            o += parts[k].len;
        }
        h->section = section;
        h->line = it->line;
        h->order = (uint32_t)(d->items.len - 1);
        h->closed = closed;
    }
}

void pg__digest_leave(pg_lint_digest *d)
{
    if (d->closed.len)
        d->closed.len--;
}

void pg__digest_tree(pg_lint_digest *d, const pg_section *s)
{
    pg__digest_enter(d, s);
    for (size_t i = 0; i < s->n_sections && !d->nomem; i++)
        pg__digest_tree(d, &s->sections[i]);
    pg__digest_leave(d);
}

int pg__hitem_cmp(const void *a, const void *b)
{
    const pg__hitem *x = a, *y = b;
    size_t m = x->key.len < y->key.len ? x->key.len : y->key.len;
    int r = m ? memcmp(x->key.ptr, y->key.ptr, m) : 0;
    if (r)
        return r;
    return (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

/* By key, then document order: the first of a repeated title is the one
 * a lookup finds, whichever way the digest was built. */
static int cmp_sorted(const void *a, const void *b)
{
    int r = pg__hitem_cmp(a, b);
    if (r)
        return r;
    const pg__hitem *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

bool pg__digest_finish(pg_lint_digest *d)
{
    pg__vec_free(&d->closed);
    if (d->nomem)
        return false;
    if (d->items.len > 1)
        qsort(d->items.data, d->items.len, sizeof(pg__hitem), cmp_sorted);
    /* Kept while the document is linted: the growth's slack given back. */
    if (d->items.len && d->items.len < d->items.cap) {
        void *fit = pg__realloc(d->items.data, d->items.len * sizeof(pg__hitem));
        if (fit)
            d->items.data = fit, d->items.cap = d->items.len;
    }
    d->cfg = NULL; /* the caller's: not kept past the build */
    return true;
}

const pg__hitem *pg__digest_find(const pg_lint_digest *d, const pg__hitem *key, size_t nth)
{
    const pg__hitem *v = d->items.data;
    size_t lo = 0, hi = d->items.len;
    while (lo < hi) { /* the first whose key is not below */
        size_t mid = lo + (hi - lo) / 2;
        if (pg__hitem_cmp(&v[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return nth < d->items.len - lo && !pg__hitem_cmp(&v[lo + nth], key) ? &v[lo + nth] : NULL;
}

uint32_t pg__digest_section_line(const pg_lint_digest *d, pg_str title)
{
    const pg__hsection *v = d->sections.data;
    for (size_t i = 0; i < d->sections.len; i++)
        if (pg__str_ieq(v[i].title, title))
            return v[i].line;
    return 0;
}

/* ------------------------------------------------------------- public */

static pg_lint_digest *digest_new(const pg_lint_config **cfg, pg_lint_config **own, pg_error *err)
{
    *own = NULL;
    pg_lint_digest *d = pg__malloc(sizeof *d);
    if (d && !*cfg && !(*cfg = *own = pg_lint_config_new())) {
        pg__free(d);
        d = NULL;
    }
    if (!d)
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    else
        pg__digest_init(d, *cfg);
    return d;
}

/* The build's end: the digest, or NULL with err said. */
static pg_lint_digest *digest_done(pg_lint_digest *d, pg_lint_config *own, pg_error *err)
{
    pg_lint_config_free(own);
    if (pg__digest_finish(d))
        return d;
    pg_lint_digest_free(d);
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return NULL;
}

pg_lint_digest *pg_lint_digest_doc(const pg_doc *doc, const pg_lint_config *cfg, pg_error *err)
{
    pg__error_reset(err);
    if (!doc) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "pg_lint_digest_doc: bad argument");
        return NULL;
    }
    pg_lint_config *own;
    pg_lint_digest *d = digest_new(&cfg, &own, err);
    if (!d)
        return NULL;
    pg__digest_tree(d, pg_doc_root(doc));
    return digest_done(d, own, err);
}

void pg_lint_digest_free(pg_lint_digest *d)
{
    if (!d)
        return;
    pg__digest_clear(d);
    pg__free(d);
}

/* A text's digest as it is parsed: each section is taken in as the
 * parser hands it over, then dropped (as lint_stream.c does). */
typedef struct streamed {
    pg_lint_digest *d;
    pg_doc *doc;
    bool started, root_seen;
} streamed;

static bool on_start(void *ctx, pg_doc *doc)
{
    streamed *x = ctx;
    x->doc = doc;
    x->started = true;
    return true;
}

static bool on_head(void *ctx, const pg_section *s, bool root)
{
    streamed *x = ctx;
    x->root_seen |= root;
    pg__digest_enter(x->d, s);
    return !x->d->nomem;
}

static bool on_section(void *ctx, const pg_section *s, pg_arena *arena, bool tail)
{
    streamed *x = ctx;
    if (!tail) /* a tail's items went out with its head */
        pg__digest_enter(x->d, s);
    pg__digest_leave(x->d);
    pg__arena_free(arena);
    return !x->d->nomem;
}

static void on_drop(void *ctx, pg_arena *arena)
{
    (void)ctx;
    pg__arena_free(arena);
}

static void on_end(void *ctx, bool ok)
{
    streamed *x = ctx;
    if (!ok)
        return;
    /* The root, complete now: its items, unless its head went out. */
    if (!x->root_seen)
        pg__digest_enter(x->d, pg_doc_root(x->doc));
    pg__digest_leave(x->d);
}

pg_lint_digest *pg_lint_digest_text(const char *buf, size_t len, const pg_parse_options *opts,
                                    const pg_lint_config *cfg, pg_error *err)
{
    pg__error_reset(err);
    if (!buf && len) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "pg_lint_digest_text: bad argument");
        return NULL;
    }
    pg_lint_config *own;
    pg_lint_digest *d = digest_new(&cfg, &own, err);
    if (!d)
        return NULL;
    pg_parse_options o = {0};
    if (opts)
        o = *opts;
    o.diagnostics_only = false; /* the items are what it reads */
    streamed x = {d, NULL, false, false};
    const pg_top_hook hook = {on_start, on_end, on_head, on_section, on_drop, &x};
    pg_doc *doc = pg__parse_text_hooked(buf, len, &o, &hook, err);
    if (!doc) {
        pg_lint_config_free(own);
        pg_lint_digest_free(d);
        return NULL;
    }
    if (!x.started) /* the parser kept the tree */
        pg__digest_tree(d, pg_doc_root(doc));
    pg_doc_free(doc);
    return digest_done(d, own, err);
}
