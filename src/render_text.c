/* render_text.c - the text form.  For a parsed, unedited document every
 * node writes its raw bytes and the output is the input; a node whose raw
 * layout no longer says what its fields say is written canonically
 * (canon.c).  All output goes through one buffered sink. */
#include "text_part.h"

typedef struct out {
    const pg_doc *doc;
    pg_write_fn write;
    void *ctx;
    pg_buf buf;
    bool at_line_start; /* a raw piece may lack its final line end */
    bool failed;        /* stop writing: the sink refused or memory ran out */
    bool nomem;
    bool any; /* a byte went out (where a piece of a stream starts) */
    pg_buf scratch;
} out;

#define FLUSH_AT (64u * 1024u)

static void oom(out *o) { o->failed = o->nomem = true; }

static void flush(out *o)
{
    if (!o->failed && o->buf.len && o->write(o->ctx, o->buf.data, o->buf.len) != 0)
        o->failed = true;
    o->buf.len = 0;
}

static void emit(out *o, const char *s, size_t n)
{
    if (o->failed || n == 0)
        return;
    o->any = true;
    /* Never glue a node onto a line a previous raw piece left open. */
    if (!o->at_line_start && pg__buf_put(&o->buf, o->doc->eol.ptr, o->doc->eol.len))
        oom(o);
    if (pg__buf_put(&o->buf, s, n))
        oom(o);
    o->at_line_start = s[n - 1] == '\n' || s[n - 1] == '\r';
    if (o->buf.len >= FLUSH_AT)
        flush(o);
}

static void emit_scratch(out *o, int rc)
{
    if (rc)
        oom(o);
    else
        emit(o, o->scratch.data, o->scratch.len);
    o->scratch.len = 0;
}

/* One line of content and, when eol is set, the document's line end. */
static void line(out *o, const char *s, size_t n, bool eol)
{
    if ((n && pg__buf_put(&o->scratch, s, n)) ||
        (eol && pg__buf_put(&o->scratch, o->doc->eol.ptr, o->doc->eol.len)))
        oom(o);
    else
        emit(o, o->scratch.data, o->scratch.len);
    o->scratch.len = 0;
}

/* Prose: raw bytes while they still read as the text, else the text with
 * the document's line ends. */
static void text(out *o, pg_str t, pg_str raw, const char *dflt)
{
    if (!t.ptr)
        t = pg__cstr(dflt);
    if (raw.ptr && (!o->doc->verify_raw || pg__text_raw_ok(o->doc, t, raw))) {
        emit(o, raw.ptr, raw.len);
        return;
    }
    size_t a = 0;
    for (size_t k = 0; k <= t.len; k++) {
        if (k < t.len && t.ptr[k] != '\n')
            continue;
        if (k == t.len && k == a)
            break; /* no final line end: nothing after the last one */
        line(o, t.ptr + a, k - a, k < t.len);
        a = k + 1;
    }
}

static void item(out *o, const pg_item *it)
{
    if (it->head_raw.ptr && pg__item_head_raw_ok(o->doc, it)) {
        emit(o, it->head_raw.ptr, it->head_raw.len);
    } else {
        /* A changed state edits the raw head in place when it can. */
        int p = it->head_raw.ptr ? pg__item_head_patch(o->doc, it, &o->scratch) : 0;
        if (p == 0) {
            o->scratch.len = 0;
            p = pg__canon_item_head(o->doc, it, &o->scratch) == 0 ? 1 : -1;
        }
        emit_scratch(o, p < 0);
    }
    for (size_t i = 0; i < it->n_entries; i++)
        emit_scratch(o, pg__entry_line(o->doc, it, &it->entries[i], &o->scratch));
    text(o, it->text, it->text_raw, "\n");
}

static void section_head(out *o, const pg_section *s)
{
    if (s->level > 0) {
        if (s->head_raw.ptr && pg__section_head_raw_ok(o->doc, s))
            emit(o, s->head_raw.ptr, s->head_raw.len);
        else
            emit_scratch(o, pg__canon_section_head(o->doc, s, &o->scratch));
        text(o, s->text, s->text_raw, "\n");
    }
}

static void section(out *o, const pg_section *s)
{
    section_head(o, s);
    for (size_t i = 0; i < s->n_items && !o->failed; i++)
        item(o, &s->items[i]);
    for (size_t i = 0; i < s->n_sections && !o->failed; i++)
        section(o, &s->sections[i]);
}

static bool subject_raw_ok(const pg_doc *doc)
{
    pg_str r = doc->subject_raw;
    if (!r.ptr)
        return false;
    if (!doc->verify_raw)
        return true;
    size_t n = r.len;
    while (n && (r.ptr[n - 1] == '\n' || r.ptr[n - 1] == '\r'))
        n--;
    if (memchr(r.ptr, '\n', n) || memchr(r.ptr, '\r', n))
        return false;
    while (n && (r.ptr[n - 1] == ' ' || r.ptr[n - 1] == '\t'))
        n--;
    return pg__str_eq(pg__str(r.ptr, n), doc->subject);
}

/* The BOM, the subject and the document's own text. */
static void doc_head(out *o, const pg_doc *doc)
{
    if (doc->bom)
        emit(o, "\xEF\xBB\xBF", 3), o->at_line_start = true;
    if (doc->subject.ptr) {
        if (subject_raw_ok(doc)) {
            emit(o, doc->subject_raw.ptr, doc->subject_raw.len);
        } else {
            line(o, doc->subject.ptr, doc->subject.len, true);
        }
    }
    text(o, doc->root.text, doc->root.text_raw, doc->subject.ptr ? "\n" : "");
}

static pg_status finish(out *o, pg_error *err)
{
    flush(o);
    pg__free(o->buf.data);
    pg__free(o->scratch.data);
    if (o->nomem) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    if (o->failed) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "the output could not be written");
        return PG_ERR_IO;
    }
    return PG_OK;
}

pg_status pg__render_text_part(const pg_doc *doc, const pg_section *s, pg_text_part part,
                               pg_write_fn write, void *ctx, pg_text_ends *ends, pg_error *err)
{
    out o = {.doc = doc, .write = write, .ctx = ctx, .at_line_start = true};
    if (part == PG_TEXT_DOC_HEAD)
        doc_head(&o, doc);
    else if (part == PG_TEXT_SECTION_HEAD)
        section_head(&o, s);
    else
        for (size_t i = 0; i < s->n_items && !o.failed; i++)
            item(&o, &s->items[i]);
    ends->any = o.any;
    ends->open = !o.at_line_start;
    return finish(&o, err);
}

pg_status pg_render_text(const pg_doc *doc, pg_write_fn write, void *ctx, pg_error *err)
{
    pg__error_reset(err);
    if (!doc || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "NULL document or sink");
        return PG_ERR_ARG;
    }
    out o = {.doc = doc, .write = write, .ctx = ctx, .at_line_start = true};
    doc_head(&o, doc);
    section(&o, &doc->root);
    return finish(&o, err);
}

pg_status pg_item_canonical(const pg_doc *doc, const pg_item *it, pg_write_fn write, void *ctx)
{
    pg_buf b = {0};
    int rc = pg__canon_item_head(doc, it, &b);
    for (size_t i = 0; i < it->n_entries && !rc; i++)
        rc = pg__canon_entry(doc, it, &it->entries[i], &b);
    pg_status st = rc ? PG_ERR_NOMEM : PG_OK;
    if (!rc && b.len && write(ctx, b.data, b.len) != 0)
        st = PG_ERR_IO;
    pg__free(b.data);
    return st;
}
