/*
 * model_stream.c - JSON/YAML to text without the whole tree: the
 * readers' builder hands over each "items" array and each section (an
 * element of a "sections" array, at any depth) as it closes; it is
 * checked by the schema walk's own functions, written as text into a
 * store of pieces, and its nodes, strings and document part given back.
 * Memory follows the largest section and the text, not the tree.
 *
 * The text is written out only once the whole input has been read and
 * checked, for three reasons: a section's heading and text depend on its
 * "layout", which the writers put after its subsections (and the
 * document's after everything); an error late in the input must give
 * the whole read's message and no output; and whatever a stream cannot
 * do exactly (below) is done by the whole read instead, with nothing
 * written yet.  The pieces are in output order: the document's head,
 * its items, then for each section in order of opening its head and its
 * items; a piece is filled when its part closes.
 *
 * Anything unusual makes the stream give up and the input be read again
 * as a whole tree (pg_load_json / pg_load_yaml, then pg_render_text), so
 * that the bytes, or the error, are exactly those:
 *   - any error at all (syntax, schema, limits, memory): the whole read
 *     finds the one it reports first;
 *   - "eol" or "scale" of the document after its first item or section
 *     (every piece is written with them);
 *   - a scale the prose declares ("The states are: ...") that is not the
 *     data's "scale" (or the default one when the data has none): the
 *     text is written with the final scale, which only the whole prose
 *     can tell;
 *   - YAML anchors (aliases share nodes across sections);
 *   - JSON that json_parse.c leaves to jansson.
 */
#include "lines.h"
#include "model.h"
#include "text_part.h"

#define STORE_BLOCK (1u << 20)
#define OUT_CHUNK   (64u * 1024u)

typedef struct piece {
    size_t start, len;
    pg_text_ends ends;
} piece;

struct pg_mstream {
    bool failed;  /* gave up: the whole read takes over */
    bool started; /* the document's context is fixed */
    bool done;    /* the document closed, every piece written */
    size_t n0;    /* the document's members when the context was fixed */
    size_t sections_open;
    pg_error err; /* what a piece met (the whole read reports) */
    pg_doc *wdoc; /* what the walk fills: the default scale, the eol */
    pg_doc *rdoc; /* what the text is written with: the final scale */
    pg_doc *scan; /* scratch for the prose's scale declarations */
    pg_mstrings strings;
    pg_mwalk *walk;
    pg_matcher m;
    bool have_m;
    pg_buf line; /* an entry's line, for the declarations */
    piece *pieces;
    size_t n_pieces, cap_pieces;
    char **blocks; /* the text, STORE_BLOCK bytes a block */
    size_t n_blocks, cap_blocks, total;
};

static bool give_up(pg_mstream *s)
{
    s->failed = true;
    return false;
}

void pg__ms_give_up(pg_mstream *s) { give_up(s); }

/* ------------------------------------------------------------ the store */

static int store_write(void *ctx, const char *p, size_t n)
{
    pg_mstream *s = ctx;
    while (n) {
        size_t at = s->total % STORE_BLOCK;
        if (at == 0 && s->total / STORE_BLOCK == s->n_blocks) {
            if (s->n_blocks == s->cap_blocks) {
                size_t cap = s->cap_blocks ? s->cap_blocks * 2 : 64;
                char **b = pg__realloc(s->blocks, cap * sizeof *b);
                if (!b)
                    return -1;
                s->blocks = b, s->cap_blocks = cap;
            }
            if (!(s->blocks[s->n_blocks] = pg__malloc(STORE_BLOCK)))
                return -1;
            s->n_blocks++;
        }
        size_t k = STORE_BLOCK - at < n ? STORE_BLOCK - at : n;
        memcpy(s->blocks[s->total / STORE_BLOCK] + at, p, k);
        s->total += k, p += k, n -= k;
    }
    return 0;
}

static bool new_pieces(pg_mstream *s, size_t n, size_t *first)
{
    if (s->n_pieces + n > s->cap_pieces) {
        size_t cap = s->cap_pieces ? s->cap_pieces * 2 : 256;
        piece *p = pg__realloc(s->pieces, cap * sizeof *p);
        if (!p)
            return give_up(s);
        s->pieces = p, s->cap_pieces = cap;
    }
    *first = s->n_pieces;
    for (size_t i = 0; i < n; i++)
        s->pieces[s->n_pieces++] = (piece){0};
    return true;
}

static bool render(pg_mstream *s, size_t at, const pg_section *sec, pg_text_part part)
{
    piece *p = &s->pieces[at];
    p->start = s->total;
    pg_status st = pg__render_text_part(s->rdoc, sec, part, store_write, s, &p->ends, &s->err);
    p->len = s->total - p->start;
    return st == PG_OK ? true : give_up(s);
}

/* --------------------------------------------------- what the prose says */

/* A line of prose as pg__doc_finish reads it for a scale declaration:
 * one that declares a scale other than the one the text is written with
 * sends the input to the whole read. */
static bool scan_line(pg_mstream *s, const char *p, size_t n)
{
    uint32_t depth, q;
    pg__quote_prefix(p, n, &depth, &q);
    const char *c = p + q;
    size_t cn = n - q, i = 0;
    while (i < cn && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (i == cn || (c[i] | 32) != 't') /* the pattern's first letter */
        return true;
    s->scan->scale_declared = false;
    if (pg__prose_fact(s->scan, &s->m, c, cn, 0) != 0)
        return give_up(s);
    if (!s->scan->scale_declared)
        return true;
    if (s->scan->n_scale != s->rdoc->n_scale)
        return give_up(s);
    for (size_t k = 0; k < s->scan->n_scale; k++)
        if (!pg__str_eq(s->scan->scale[k], s->rdoc->scale[k]))
            return give_up(s);
    return true;
}

/* Lines as derive.c splits a "\n"-separated text. */
static bool scan_text(pg_mstream *s, pg_str t)
{
    size_t i = 0;
    while (t.ptr && i < t.len) {
        const char *nl = memchr(t.ptr + i, '\n', t.len - i);
        size_t e = nl ? (size_t)(nl - t.ptr) : t.len;
        if (!scan_line(s, t.ptr + i, e - i))
            return false;
        i = e + 1;
    }
    return true;
}

/* Each item's lines as pg__doc_finish reads them (with the walk's
 * document: the whole read's scale while it looks is the default one),
 * and its state on the final scale (pg__doc_validate_states). */
static bool check_items(pg_mstream *s, const pg_section *sec)
{
    for (size_t i = 0; i < sec->n_items; i++) {
        const pg_item *it = &sec->items[i];
        if (it->state.ptr && pg_doc_state_rank(s->rdoc, it->state) < 0)
            return give_up(s);
        for (size_t k = 0; k < it->n_entries; k++) {
            s->line.len = 0;
            if (pg__entry_line(s->wdoc, it, &it->entries[k], &s->line) < 0)
                return give_up(s);
            if (!scan_text(s, pg__str(s->line.data ? s->line.data : "", s->line.len)))
                return false;
        }
        if (!scan_text(s, it->text))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------- pieces */

/* The document's members so far (the first container below it, if any,
 * starts where they end). */
static pg_mnode root_so_far(const pg_mbuild *b)
{
    size_t end = b->depth > 1 ? b->open[1].base : b->npend;
    pg_mnode r = {.type = JSON_OBJECT, .n = (uint32_t)(end - b->open[0].base)};
    r.u.members = b->pend ? b->pend + b->open[0].base : NULL; /* none pending yet */
    return r;
}

/* Fix what every piece is written with, from the document's keys so far. */
static bool start(pg_mstream *s, const pg_mnode *root)
{
    if (s->started)
        return true;
    if (!pg__mwalk_context(s->walk, root, s->rdoc))
        return give_up(s);
    s->rdoc->eol = s->wdoc->eol;
    s->n0 = root->n;
    s->started = true;
    return true;
}

bool pg__ms_open(pg_mstream *s, pg_mbuild *b, pg_mframe *f)
{
    if (s->failed)
        return false;
    if (f->role == PG_MR_ROOT) {
        s->strings.strs = &b->strs;
        return new_pieces(s, 2, &f->piece);
    }
    pg_mnode root = root_so_far(b);
    if (f->role == PG_MR_SECTIONS)
        return true;
    if (!start(s, &root))
        return false;
    if (f->role == PG_MR_ITEMS) {
        f->piece = f[-1].piece + 1;
        return true;
    }
    if (s->sections_open >= PG_MODEL_MAX_SECTION_DEPTH)
        return give_up(s);
    s->sections_open++;
    return new_pieces(s, 2, &f->piece);
}

static bool close_items(pg_mstream *s, const pg_mnode *arr, size_t at)
{
    pg_arena_mark m = pg__arena_mark(&s->wdoc->arena);
    pg_section sec = {0};
    bool ok = pg__mwalk_items(s->walk, arr, &sec)
                  ? check_items(s, &sec) && render(s, at, &sec, PG_TEXT_ITEMS)
                  : give_up(s);
    pg__arena_release(&s->wdoc->arena, m);
    return ok;
}

static bool close_section(pg_mstream *s, const pg_mnode *o, size_t at)
{
    pg_arena_mark m = pg__arena_mark(&s->wdoc->arena);
    pg_section sec = {0};
    bool ok = pg__mwalk_section(s->walk, o, &sec)
                  ? scan_text(s, sec.text) && render(s, at, &sec, PG_TEXT_SECTION_HEAD)
                  : give_up(s);
    pg__arena_release(&s->wdoc->arena, m);
    s->sections_open--;
    return ok;
}

static bool close_doc(pg_mstream *s, const pg_mnode *root)
{
    if (!start(s, root))
        return false;
    /* Keys the pieces were written without. */
    for (size_t i = s->n0; i < root->n; i++) {
        const pg_mmember *m = &root->u.members[i];
        if ((m->klen == 3 && !memcmp(m->key, "eol", 3)) ||
            (m->klen == 5 && !memcmp(m->key, "scale", 5)))
            return give_up(s);
    }
    if (!pg__mwalk_doc(s->walk, root) || !scan_text(s, s->wdoc->root.text))
        return give_up(s);
    pg_doc *w = s->wdoc, *r = s->rdoc;
    r->subject = w->subject, r->subject_raw = w->subject_raw, r->bom = w->bom;
    r->root.text = w->root.text, r->root.text_raw = w->root.text_raw;
    if (!render(s, 0, &r->root, PG_TEXT_DOC_HEAD))
        return false;
    s->done = true;
    return true;
}

bool pg__ms_close(pg_mstream *s, pg_mbuild *b, pg_mframe *f, pg_mnode *node)
{
    if (s->failed)
        return false;
    bool ok = true;
    switch ((pg_mrole)f->role) {
    case PG_MR_ITEMS:
        ok = close_items(s, node, f->piece);
        break;
    case PG_MR_SECTIONS:
        ok = f->count <= PG_MODEL_MAX_COUNT || give_up(s);
        break;
    case PG_MR_SECTION:
        ok = close_section(s, node, f->piece);
        break;
    case PG_MR_ROOT:
        return close_doc(s, node);
    case PG_MR_NONE:
        return true;
    }
    /* Written: its nodes and strings go back, a stub stays. */
    pg__arena_release(&b->arena, f->m_arena);
    pg__arena_release(&b->strs, f->m_strs);
    bool obj = node->type == JSON_OBJECT;
    memset(node, 0, sizeof *node);
    node->type = obj ? JSON_OBJECT : JSON_ARRAY;
    return ok;
}

/* ------------------------------------------------------------ the whole */

static void stream_free(pg_mstream *s)
{
    if (!s)
        return;
    pg_doc_free(s->wdoc);
    pg_doc_free(s->rdoc);
    pg_doc_free(s->scan);
    pg__mwalk_free(s->walk);
    if (s->have_m)
        pg__matcher_free(&s->m);
    pg__free(s->line.data);
    pg__free(s->pieces);
    for (size_t i = 0; i < s->n_blocks; i++)
        pg__free(s->blocks[i]);
    pg__free(s->blocks);
    pg__free(s);
}

static pg_mstream *stream_new(const char *buf, size_t len, bool yaml)
{
    pg_mstream *s = pg__calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->strings = (pg_mstrings){yaml ? NULL : buf, yaml ? 0 : len, true, NULL};
    s->wdoc = pg__doc_new(NULL);
    s->rdoc = pg__doc_new(NULL);
    s->scan = pg__doc_new(NULL);
    if (s->wdoc && s->rdoc && s->scan) {
        pg__doc_set_verify_raw(s->wdoc, true);
        pg__doc_set_verify_raw(s->rdoc, true);
        s->walk = pg__mwalk_new(s->wdoc, &s->strings, yaml, &s->err);
        s->have_m = pg__matcher_init(&s->m, &s->err) == PG_OK;
    }
    if (!s->walk || !s->have_m) {
        stream_free(s);
        return NULL;
    }
    return s;
}

/* The pieces in order, each after the line end a piece before it left
 * open (as the one writer would have put it). */
static pg_status write_out(pg_mstream *s, pg_write_fn write, void *ctx, pg_error *err)
{
    pg_buf out = {0};
    bool open = false, failed = false, nomem = false;
    for (size_t i = 0; i < s->n_pieces && !failed; i++) {
        const piece *p = &s->pieces[i];
        if (!p->ends.any)
            continue;
        if (open && pg__buf_put(&out, s->rdoc->eol.ptr, s->rdoc->eol.len))
            failed = nomem = true;
        for (size_t at = p->start, end = p->start + p->len; at < end && !failed;) {
            size_t off = at % STORE_BLOCK, k = STORE_BLOCK - off;
            if (k > end - at)
                k = end - at;
            if (pg__buf_put(&out, s->blocks[at / STORE_BLOCK] + off, k))
                failed = nomem = true;
            at += k;
            if (!failed && out.len >= OUT_CHUNK) {
                failed = write(ctx, out.data, out.len) != 0;
                out.len = 0;
            }
        }
        open = p->ends.open;
    }
    if (!failed && out.len)
        failed = write(ctx, out.data, out.len) != 0;
    pg__free(out.data);
    if (nomem) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    if (failed) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "the output could not be written");
        return PG_ERR_IO;
    }
    return PG_OK;
}

static bool json_stream(const char *buf, size_t len, pg_mstream *s)
{
    pg_mbuild b = {0};
    b.stream = s;
    pg_mnode root;
    int rc = pg__json_parse(buf, len, &b, &root);
    pg__mb_free(&b);
    return rc == 1;
}

/* What the CLI did before: the whole tree, then the text. */
static pg_status whole(const char *buf, size_t len, bool yaml, pg_write_fn write, void *ctx,
                       pg_error *err)
{
    pg_error local = {0};
    pg_load_options lend = {.borrow_input = true};
    pg_doc *doc =
        yaml ? pg_load_yaml(buf, len, &local) : pg_load_json_opts(buf, len, &lend, &local);
    if (!doc) {
        if (err)
            *err = local;
        return local.code;
    }
    pg_status st = pg_render_text(doc, write, ctx, err);
    pg_doc_free(doc);
    return st;
}

pg_status pg__convert_data_text(const char *buf, size_t len, bool yaml, pg_write_fn write,
                                void *ctx, pg_error *err, bool *streamed)
{
    pg__error_reset(err);
    *streamed = false;
    if ((!buf && len) || !write)
        return whole(buf, len, yaml, write, ctx, err);
    pg_mstream *s = stream_new(buf ? buf : "", len, yaml);
    bool ok =
        s &&
        (yaml ? pg__yaml_stream(buf ? buf : "", len, s) : json_stream(buf ? buf : "", len, s)) &&
        s->done && !s->failed;
    if (!ok) {
        stream_free(s);
        return whole(buf, len, yaml, write, ctx, err);
    }
    *streamed = true;
    pg_error local = {0};
    pg_status st = write_out(s, write, ctx, &local);
    stream_free(s);
    if (err && st != PG_OK)
        *err = local;
    return st;
}

pg_status pg_convert_json_text(const char *buf, size_t len, pg_write_fn write, void *ctx,
                               pg_error *err)
{
    bool streamed;
    return pg__convert_data_text(buf, len, false, write, ctx, err, &streamed);
}

pg_status pg_convert_yaml_text(const char *buf, size_t len, pg_write_fn write, void *ctx,
                               pg_error *err)
{
    bool streamed;
    return pg__convert_data_text(buf, len, true, write, ctx, err, &streamed);
}
