/*
 * merge.c - fold owners' replies into the next update.
 *
 * A reply quotes items of the update and writes under them.  For each
 * quoted item that has a comment (pg_item_comments) and matches an item
 * of the update by title, propose:
 *   - a new state, when the comment's first paragraph is short and names
 *     exactly one state of the scale ("This is done now." -> done);
 *   - a note carrying the comment's first paragraph (cut near 160 bytes),
 *     "(Name, YYYY-MM-DD) text".
 * The result is a new document: the update parsed afresh and edited
 * field by field, so the text renderer rewrites only the lines whose
 * fields changed (raw layout is re-checked, see pg__doc_set_verify_raw).
 */
#include "diff.h"

#include <stdio.h>

typedef struct target {
    pg_item *item;
    char *key;
    size_t key_len;
} target;

typedef struct targets {
    pg_vec v;
    int failed;
} targets;

static int collect(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    targets *t = ctx;
    if (it->quote)
        return 0;
    target *x = pg__vec_push(&t->v);
    if (!x || !(x->key = pg__norm_title(it->title, &x->key_len))) {
        t->failed = 1;
        return 1;
    }
    x->item = (pg_item *)it; /* the document is ours: we made it */
    return 0;
}

static pg_item *find_target(targets *t, pg_str title)
{
    size_t kl;
    char *k = pg__norm_title(title, &kl);
    if (!k)
        return NULL;
    target *x = t->v.data;
    pg_item *best = NULL;
    unsigned best_sim = 0;
    for (size_t i = 0; i < t->v.len; i++) {
        if (x[i].key_len == kl && !memcmp(x[i].key, k, kl)) {
            best = x[i].item;
            break;
        }
        unsigned sim = pg__title_similarity(x[i].key, x[i].key_len, k, kl);
        if (sim >= 85 && sim > best_sim) {
            best_sim = sim;
            best = x[i].item;
        }
    }
    pg__free(k);
    return best;
}

/* The one state of the scale a short paragraph names, or -1. */
static int state_named(const pg_doc *doc, pg_str para)
{
    if (para.len > 100)
        return -1;
    int found = -1;
    for (size_t i = 0; i < para.len;) {
        while (i < para.len && !((para.ptr[i] | 32) >= 'a' && (para.ptr[i] | 32) <= 'z'))
            i++;
        size_t j = i;
        while (j < para.len &&
               (((para.ptr[j] | 32) >= 'a' && (para.ptr[j] | 32) <= 'z') || para.ptr[j] == '-'))
            j++;
        if (j > i) {
            int r = pg_doc_state_rank(doc, pg__str(para.ptr + i, j - i));
            if (r >= 0) {
                if (found >= 0 && found != r)
                    return -1; /* two states named: not a clear answer */
                found = r;
            }
        }
        i = j;
    }
    return found;
}

static int set_state(pg_doc *doc, pg_item *it, int rank)
{
    pg_str st = pg_doc_scale_state(doc, (size_t)rank);
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_STATE) {
            it->entries[i].value = st;
            it->state = st;
            return 0;
        }
    it->state = st;
    return 0;
}

static int add_note(pg_doc *doc, pg_item *it, pg_str text)
{
    pg_entry *e = pg__entries_alloc(doc, it->n_entries + 1);
    if (!e)
        return -1;
    /* after the last note, else before the first entry that comes after
     * notes in this dialect's canonical order */
    size_t at = 0;
    int note_order = pg__entry_kind_order(it->dialect, PG_ENTRY_NOTE);
    for (size_t i = 0; i < it->n_entries; i++)
        if (pg__entry_kind_order(it->dialect, it->entries[i].kind) <= note_order)
            at = i + 1;
    if (at)
        memcpy(e, it->entries, at * sizeof *e);
    memset(&e[at], 0, sizeof *e);
    e[at].kind = PG_ENTRY_NOTE;
    e[at].value = text;
    e[at].line = it->line;
    if (it->n_entries > at)
        memcpy(e + at + 1, it->entries + at, (it->n_entries - at) * sizeof *e);
    it->entries = e;
    it->n_entries++;
    return 0;
}

/* The comment's first paragraph as one line (spaces collapsed), cut at a
 * word near NOTE_MAX bytes: a note, not the whole reply. */
#define NOTE_MAX 160
static pg_str one_line(pg_doc *doc, pg_str para, pg_str by, pg_str date)
{
    pg_buf b = {0};
    pg__buf_puts(&b, "(");
    pg__buf_put(&b, by.ptr ? by.ptr : "someone", by.ptr ? by.len : 7);
    if (date.len >= 10) {
        pg__buf_puts(&b, ", ");
        pg__buf_put(&b, date.ptr, 10);
    }
    pg__buf_puts(&b, ")");
    size_t head = b.len, last_space = 0;
    bool space = true, cut = false;
    for (size_t i = 0; i < para.len; i++) {
        char c = para.ptr[i];
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space) {
            if (b.len - head >= NOTE_MAX) {
                cut = true;
                break;
            }
            last_space = b.len;
            pg__buf_putc(&b, ' ');
        }
        space = false;
        pg__buf_putc(&b, c);
    }
    if (cut && last_space > head) {
        b.len = last_space;
        pg__buf_puts(&b, " ...");
    }
    pg_str s = pg__arena_str(&doc->arena, b.data ? b.data : "", b.len);
    pg__free(b.data);
    return s;
}

typedef struct merge_ctx {
    pg_doc *doc;
    targets *t;
    pg_str by, date;
    pg_vec *changes; /* pg_merge_change */
    int failed;
} merge_ctx;

static int merge_item(const pg_item *rit, const pg_section *s, void *vctx)
{
    (void)s;
    merge_ctx *c = vctx;
    const pg_str *paras;
    size_t n = pg_item_comments(rit, &paras);
    if (n == 0)
        return 0;
    pg_item *it = find_target(c->t, rit->title);
    /* timeline entries ("Release: ...") are dates, not work: a reply
     * quoting them talks about something else */
    if (!it || it->date.ptr || it->here)
        return 0;
    pg_merge_change *ch = pg__vec_push(c->changes);
    if (!ch) {
        c->failed = 1;
        return 1;
    }
    ch->title = it->title;
    ch->by = c->by;
    ch->date = c->date;
    ch->old_state = it->state;
    int r = state_named(c->doc, paras[0]);
    if (r >= 0 && pg_doc_state_rank(c->doc, it->state) != r) {
        set_state(c->doc, it, r);
        ch->new_state = it->state;
    }
    ch->note = one_line(c->doc, paras[0], c->by, c->date);
    if (!ch->note.ptr) {
        c->failed = 1;
        return 1;
    }
    /* merging the same reply twice adds nothing the second time */
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_NOTE && pg__str_eq(it->entries[i].value, ch->note)) {
            if (!ch->new_state.ptr)
                c->changes->len--;
            else
                ch->note = pg__str(NULL, 0);
            return 0;
        }
    if (add_note(c->doc, it, ch->note) < 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

struct pg_merge {
    pg_doc *doc;
    pg_vec changes;
};

pg_merge *pg_merge_new(const pg_doc *update, pg_error *err)
{
    pg__error_reset(err);
    pg_buf b = {0};
    pg_merge *m = pg__calloc(1, sizeof *m);
    if (!m)
        goto nomem;
    m->changes.elem = sizeof(pg_merge_change);
    if (pg_render_text(update, pg_buf_write, &b, err) != PG_OK)
        goto fail;
    m->doc = pg_parse_text(b.data ? b.data : "", b.len, NULL, err);
    pg__free(b.data);
    b.data = NULL;
    if (!m->doc)
        goto fail;
    /* Fields will be edited: make the renderer check raw layout again. */
    pg__doc_set_verify_raw(m->doc, true);
    return m;
nomem:
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
fail:
    pg__free(b.data);
    pg_merge_free(m);
    return NULL;
}

pg_status pg_merge_reply(pg_merge *m, const pg_doc *reply, pg_str by, pg_str date, pg_error *err)
{
    pg__error_reset(err);
    targets t = {{0}, 0};
    t.v.elem = sizeof(target);
    pg_doc_walk(m->doc, NULL, collect, &t);
    merge_ctx c = {m->doc,
                   &t,
                   pg__arena_str(&m->doc->arena, by.ptr, by.len),
                   pg__arena_str(&m->doc->arena, date.ptr, date.len),
                   &m->changes,
                   t.failed};
    if (!c.failed)
        pg_doc_walk(reply, NULL, merge_item, &c);
    target *x = t.v.data;
    for (size_t i = 0; i < t.v.len; i++)
        pg__free(x[i].key);
    pg__vec_free(&t.v);
    if (c.failed) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    return PG_OK;
}

const pg_doc *pg_merge_doc(const pg_merge *m) { return m ? m->doc : NULL; }
size_t pg_merge_count(const pg_merge *m) { return m ? m->changes.len : 0; }
const pg_merge_change *pg_merge_at(const pg_merge *m, size_t i)
{
    return m && i < m->changes.len ? (const pg_merge_change *)m->changes.data + i : NULL;
}

void pg_merge_free(pg_merge *m)
{
    if (!m)
        return;
    pg_doc_free(m->doc);
    pg__vec_free(&m->changes);
    pg__free(m);
}
