/*
 * model_write.c - a document as the model of grammar/MODEL.md, sent as
 * events (pg_model_sink) in output order.
 *
 * Keys go in the order MODEL.md gives; optional keys are left out when
 * they hold their default, and layout is carried only where the canonical
 * writer would not give the same bytes, so the model of a clean document
 * is clean.  Nothing is built: the walk only needs, before opening an
 * array or the layout mapping, to know whether anything goes in it.  The
 * first string that is not valid UTF-8 stops the walk, so the error names
 * the same string as long as the order of the output does not change.
 */
#include "model.h"

typedef struct walk {
    const pg_doc *doc;
    unsigned flags;
    const char *fmt;
    pg_error *err;
    const pg_model_sink *sink;
    void *ctx;
    pg_status st;
    bool checked;     /* doc_valid() said every string of the document is UTF-8 */
    pg_buf line;      /* scratch for pg__entry_line */
    unsigned threads; /* > 1: long lists render on threads (JSON) */
} walk;

static bool nomem(walk *w)
{
    pg__error(w->err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
    w->st = PG_ERR_NOMEM;
    return false;
}

/* A callback refused: the writer behind the sink says why. */
static bool sunk(walk *w, bool ok)
{
    if (!ok && w->st == PG_OK)
        w->st = PG_ERR_IO;
    return ok;
}

static bool key_n(walk *w, const char *k, size_t n) { return sunk(w, w->sink->key(w->ctx, k, n)); }
/* Keys are literals: strlen folds to a constant at each call. */
#define key(w, k) key_n(w, k, strlen(k))

static bool begin_map(walk *w) { return sunk(w, w->sink->begin_map(w->ctx)); }
static bool end_map(walk *w) { return sunk(w, w->sink->end_map(w->ctx)); }
static bool begin_seq(walk *w, size_t n) { return sunk(w, w->sink->begin_seq(w->ctx, n == 0)); }
static bool end_seq(walk *w) { return sunk(w, w->sink->end_seq(w->ctx)); }

/* ASCII only?  Eight bytes at a time: most strings are. */
static bool ascii(const char *s, size_t n)
{
    uint64_t acc = 0, w;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return (acc & 0x8080808080808080u) == 0;
}

/* Can the format carry s?  line is where s starts in the text; what
 * names it. */
static bool str_valid(walk *w, pg_str s, uint32_t line, const char *what)
{
    size_t bad = 0;
    if (!ascii(s.ptr, s.len) && !pg__utf8_valid(s.ptr, s.len, &bad)) {
        for (size_t i = 0; i < bad; i++)
            line += line && s.ptr[i] == '\n';
        pg__error(w->err, PG_ERR_ENCODING, line, 0, NULL,
                  "line %u: %s is not valid UTF-8 (byte %zu of it); %s "
                  "cannot carry it",
                  (unsigned)line, what, bad + 1, w->fmt);
        w->st = PG_ERR_ENCODING;
        return false;
    }
    return true;
}

/* A string of the document (checked already when w->checked). */
static bool str(walk *w, pg_str s, uint32_t line, const char *what)
{
    if (!s.ptr)
        s = pg__str("", 0);
    if (!w->checked && !str_valid(w, s, line, what))
        return false;
    return sunk(w, w->sink->string(w->ctx, s.ptr, s.len));
}

static bool put_str(walk *w, const char *k, pg_str s, uint32_t line, const char *what)
{
    return key(w, k) && str(w, s, line, what);
}

static bool put_int(walk *w, const char *k, long long n)
{
    return key(w, k) && sunk(w, w->sink->integer(w->ctx, n));
}

static bool put_true(walk *w, const char *k)
{
    return key(w, k) && sunk(w, w->sink->boolean(w->ctx, true));
}

/* One array per entry kind, values only (fields get {key, value}). */
static bool entries_of(walk *w, const pg_item *it, pg_entry_kind k, size_t n)
{
    static const char *const what[PG_ENTRY__COUNT] = {
        [PG_ENTRY_NOTE] = "a note",        [PG_ENTRY_OWNER] = "an owner",
        [PG_ENTRY_EMAIL] = "an email",     [PG_ENTRY_REF] = "a reference",
        [PG_ENTRY_SUBITEM] = "a sub-item", [PG_ENTRY_STATE] = "a state"};
    if (!begin_seq(w, n))
        return false;
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        if (e->kind != k)
            continue;
        if (k == PG_ENTRY_FIELD) {
            if (!begin_map(w) || !put_str(w, "key", e->key, e->line, "a field key") ||
                !put_str(w, "value", e->value, e->line, "a field value") || !end_map(w))
                return false;
        } else if (!str(w, e->value, e->line, what[k])) {
            return false;
        }
    }
    return end_seq(w);
}

static bool put_entries(walk *w, const pg_item *it, const size_t *count, const char *k,
                        pg_entry_kind kind, bool always)
{
    size_t n = count[kind];
    if (!always && n == 0)
        return true;
    return key(w, k) && entries_of(w, it, kind, n);
}

static bool put_comments(walk *w, const pg_item *it)
{
    const pg_str *c = NULL;
    size_t n = pg_item_comments(it, &c);
    if (n == 0)
        return true;
    if (!key(w, "comments") || !begin_seq(w, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!str(w, c[i], it->end_line + 1, "a comment"))
            return false;
    return end_seq(w);
}

/* layout.lines: what pg_render_text writes for each body entry. */
static bool layout_lines(walk *w, const pg_item *it)
{
    if (!key(w, "lines") || !begin_seq(w, it->n_entries))
        return false;
    for (size_t i = 0; i < it->n_entries; i++) {
        w->line.len = 0;
        if (pg__entry_line(w->doc, it, &it->entries[i], &w->line) < 0)
            return nomem(w);
        /* Made here, not a string of the document: always checked. */
        pg_str s = pg__str(w->line.data ? w->line.data : "", w->line.len);
        if (!str_valid(w, s, it->entries[i].line, "an item line") ||
            !sunk(w, w->sink->string(w->ctx, s.ptr, s.len)))
            return false;
    }
    return end_seq(w);
}

/* The reader makes the state line from the item's state; a line that
 * spells it differently ("prognosis: Good" for good) needs its layout. */
static bool body_needs_layout(const pg_doc *doc, const pg_item *it, pg_buf *scratch)
{
    if (!pg__item_body_is_canonical(doc, it, scratch))
        return true;
    /* ...and so does a state line where the dialect puts the state in the
     * head (a tracking-list item with a "prognosis:" line): the reader
     * learns of that line only from layout.lines. */
    bool line_dialect = it->dialect == PG_DIALECT_KEYED || it->dialect == PG_DIALECT_RECORDS;
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_STATE &&
            (!line_dialect || !pg__str_eq(it->entries[i].value, it->state)))
            return true;
    return false;
}

static bool item_layout(walk *w, const pg_item *it)
{
    if (!(w->flags & PG_RENDER_LAYOUT))
        return true;
    bool head = it->head_raw.ptr && !pg__item_head_is_canonical(w->doc, it, &w->line);
    bool lines = it->n_entries && body_needs_layout(w->doc, it, &w->line);
    bool text = it->text_raw.ptr && !pg__text_raw_is_canonical(w->doc, it->text, it->text_raw);
    if (!head && !lines && !text)
        return true;
    return key(w, "layout") && begin_map(w) &&
           (!head || put_str(w, "head", it->head_raw, it->line, "an item head")) &&
           (!lines || layout_lines(w, it)) &&
           (!text ||
            put_str(w, "text", it->text_raw, it->end_line + 1, "the text after an item")) &&
           end_map(w);
}

static bool item_tag(walk *w, const pg_item *it)
{
    const char *kind = pg__tag_kind_name(it->tag_kind);
    return key(w, "tag") && begin_map(w) &&
           (!kind || put_str(w, "kind", pg__cstr(kind), it->line, "a tag kind")) &&
           put_str(w, "text", it->tag, it->line, "a tag") && end_map(w);
}

static bool item(walk *w, const pg_item *it)
{
    uint32_t ln = it->line;
    size_t count[PG_ENTRY__COUNT] = {0};
    for (size_t i = 0; i < it->n_entries; i++)
        if ((unsigned)it->entries[i].kind < PG_ENTRY__COUNT)
            count[it->entries[i].kind]++;
    if (!begin_map(w) || !put_str(w, "title", it->title, ln, "an item title"))
        return false;
    if (it->state.ptr ? !put_str(w, "state", it->state, ln, "a state")
                      : !(key(w, "state") && sunk(w, w->sink->null(w->ctx))))
        return false;
    if (!put_entries(w, it, count, "owners", PG_ENTRY_OWNER, true) ||
        !put_entries(w, it, count, "notes", PG_ENTRY_NOTE, true))
        return false;
    if (it->tag.ptr && !item_tag(w, it))
        return false;
    if (!put_entries(w, it, count, "emails", PG_ENTRY_EMAIL, false) ||
        !put_entries(w, it, count, "refs", PG_ENTRY_REF, false) ||
        !put_entries(w, it, count, "subitems", PG_ENTRY_SUBITEM, false) ||
        !put_entries(w, it, count, "fields", PG_ENTRY_FIELD, false))
        return false;
    if (it->date.ptr && !put_str(w, "date", it->date, ln, "a date"))
        return false;
    if (it->here && !put_true(w, "here"))
        return false;
    if (it->patch.ptr && !put_str(w, "patch", it->patch, ln, "a patch tag"))
        return false;
    if (it->url.ptr && !put_str(w, "url", it->url, ln, "a URL"))
        return false;
    if (it->dialect != PG_DIALECT_TRACKED &&
        !put_str(w, "dialect", pg__cstr(pg__dialect_name(it->dialect)), ln, "a dialect"))
        return false;
    if (it->quote && !put_int(w, "quote", it->quote))
        return false;
    if (it->text.ptr && !pg__str_eq(it->text, pg__cstr("\n")) &&
        !put_str(w, "text", it->text, it->end_line + 1, "the text after an item"))
        return false;
    if (!put_comments(w, it) || !item_layout(w, it))
        return false;
    if ((w->flags & PG_RENDER_LINES) && !put_int(w, "line", it->line))
        return false;
    return end_map(w);
}

static bool section(walk *w, const pg_section *s);

/* ------------------------------------------- long lists, several threads */

/* Below this many elements a list is not worth the threads. */
#define PAR_MIN_ELEMENTS 256

typedef struct par_env {
    const walk *w;
    const pg_section *s;
    bool items; /* s->items, else s->sections */
} par_env;

static bool render_range(void *env, size_t a, size_t b, void *child, pg_error *err)
{
    const par_env *e = env;
    walk cw = *e->w;
    cw.ctx = child;
    cw.err = err;
    cw.st = PG_OK;
    memset(&cw.line, 0, sizeof cw.line);
    cw.threads = 0; /* no threads within threads */
    bool ok = true;
    for (size_t i = a; i < b && ok; i++)
        ok = e->items ? item(&cw, &e->s->items[i]) : section(&cw, &e->s->sections[i]);
    pg__free(cw.line.data);
    /* The child writes into memory: a refused write is memory running out. */
    if (!ok && !err->code)
        pg__error(err, cw.st != PG_OK && cw.st != PG_ERR_IO ? cw.st : PG_ERR_NOMEM, 0, 0, NULL,
                  "out of memory");
    return ok;
}

/* The elements of a list whose sequence is open: on threads when the
 * list is long and the sink can fork, else in order here. */
static bool elements(walk *w, const pg_section *s, bool items, size_t n)
{
    if (w->threads > 1 && n >= PAR_MIN_ELEMENTS && w->sink->fork) {
        par_env e = {w, s, items};
        pg_status st = pg__model_par_list(w->sink, w->ctx, n, w->threads, render_range, &e, w->err);
        if (st != PG_OK)
            w->st = st;
        return st == PG_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (!(items ? item(w, &s->items[i]) : section(w, &s->sections[i])))
            return false;
    return true;
}

static bool items(walk *w, const pg_section *s)
{
    return key(w, "items") && begin_seq(w, s->n_items) && elements(w, s, true, s->n_items) &&
           end_seq(w);
}

/* The text under a heading starts on the line after it.  Left out when
 * it is what the text writer puts for none: one blank line (nothing
 * before the first item of a document without a subject). */
static bool put_text(walk *w, const pg_section *s, uint32_t ln, const char *dflt)
{
    if (!s->text.ptr || pg__str_eq(s->text, pg__cstr(dflt)))
        return true;
    return put_str(w, "text", s->text, ln, "prose");
}

static bool text_needs_layout(const walk *w, const pg_section *s)
{
    return s->text_raw.ptr && !pg__text_raw_is_canonical(w->doc, s->text, s->text_raw);
}

/* A section up to its subsections' elements (opened; empty or not). */
static bool section_head(walk *w, const pg_section *s, bool no_sections)
{
    uint32_t ln = s->line;
    if (!begin_map(w) || !put_str(w, "title", s->title, ln, "a heading") ||
        !put_int(w, "level", s->level))
        return false;
    if (s->label && !put_true(w, "label"))
        return false;
    if (s->quote && !put_int(w, "quote", s->quote))
        return false;
    return put_text(w, s, ln + 1, "\n") && items(w, s) && key(w, "sections") &&
           begin_seq(w, no_sections ? 0 : 1);
}

/* After the subsections' elements. */
static bool section_tail(walk *w, const pg_section *s)
{
    uint32_t ln = s->line;
    if (!end_seq(w))
        return false;
    if (w->flags & PG_RENDER_LAYOUT) {
        bool head = s->head_raw.ptr && !pg__section_head_is_canonical(w->doc, s, &w->line);
        bool text = text_needs_layout(w, s);
        if ((head || text) &&
            !(key(w, "layout") && begin_map(w) &&
              (!head || put_str(w, "head", s->head_raw, ln, "a heading")) &&
              (!text || put_str(w, "text", s->text_raw, ln + 1, "prose")) && end_map(w)))
            return false;
    }
    if ((w->flags & PG_RENDER_LINES) && !put_int(w, "line", s->line))
        return false;
    return end_map(w);
}

static bool section(walk *w, const pg_section *s)
{
    return section_head(w, s, s->n_sections == 0) && elements(w, s, false, s->n_sections) &&
           section_tail(w, s);
}

static bool scale(walk *w)
{
    size_t n = pg_doc_scale_size(w->doc);
    if (!key(w, "scale") || !begin_seq(w, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        pg_str m = pg_doc_scale_meaning(w->doc, i);
        if (!begin_map(w) ||
            !put_str(w, "state", pg_doc_scale_state(w->doc, i), 0, "a state of the scale") ||
            (m.ptr && !put_str(w, "meaning", m, 0, "the meaning of a state")) || !end_map(w))
            return false;
    }
    return end_seq(w);
}

static bool doc_layout(walk *w, uint32_t text_line)
{
    const pg_doc *d = w->doc;
    if (!(w->flags & PG_RENDER_LAYOUT))
        return true;
    bool subject = d->subject_raw.ptr && !pg__subject_is_canonical(d);
    bool text = text_needs_layout(w, &d->root);
    if (!subject && !text)
        return true;
    return key(w, "layout") && begin_map(w) &&
           (!subject || put_str(w, "subject", d->subject_raw, 1, "the subject")) &&
           (!text || put_str(w, "text", d->root.text_raw, text_line, "prose")) && end_map(w);
}

/* Where the document's own text starts: after the subject and its blank. */
static uint32_t doc_text_line(const pg_doc *doc) { return pg_doc_subject(doc).ptr ? 2 : 1; }

/* Everything before the sections' elements: the document's keys, root's
 * text and items (root may be a view of them: the document's own root is
 * not there yet while a conversion streams), and the opened "sections". */
static bool doc_head(walk *w, const pg_section *root, bool no_sections)
{
    const pg_doc *doc = w->doc;
    pg_str subject = pg_doc_subject(doc), eol = pg_doc_eol(doc);
    pg_str updated = pg_doc_last_updated(doc);
    if (!begin_map(w) || !put_int(w, "prognosis", PG_SCHEMA_VERSION))
        return false;
    if (subject.ptr && !put_str(w, "subject", subject, 1, "the subject"))
        return false;
    if (!scale(w))
        return false;
    if (updated.ptr && !put_str(w, "last_updated", updated, 0, "the Last updated line"))
        return false;
    if (eol.ptr && !pg__str_eq(eol, pg__cstr("\n")) && !put_str(w, "eol", eol, 0, "the line end"))
        return false;
    if (pg_doc_bom(doc) && !put_true(w, "bom"))
        return false;
    return put_text(w, root, doc_text_line(doc), subject.ptr ? "\n" : "") && items(w, root) &&
           key(w, "sections") && begin_seq(w, no_sections ? 0 : 1);
}

/* After the sections' elements. */
static bool doc_tail(walk *w)
{
    return end_seq(w) && doc_layout(w, doc_text_line(w->doc)) && end_map(w);
}

static bool document(walk *w)
{
    const pg_section *root = pg_doc_root(w->doc);
    return doc_head(w, root, root->n_sections == 0) && elements(w, root, false, root->n_sections) &&
           doc_tail(w);
}

/* ------------------------------------------------- nothing on error */

/* Is every string of the document that the walk may write valid UTF-8?
 * (More strings than it writes: raw layout it may not need.) */
static bool valid(pg_str s)
{
    return !s.ptr || ascii(s.ptr, s.len) || pg__utf8_valid(s.ptr, s.len, NULL);
}

static bool item_valid(const pg_item *it)
{
    if (!valid(it->title) || !valid(it->state) || !valid(it->tag) || !valid(it->date) ||
        !valid(it->patch) || !valid(it->url) || !valid(it->head_raw) || !valid(it->text) ||
        !valid(it->text_raw))
        return false;
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        if (!valid(e->key) || !valid(e->value) || !valid(e->raw))
            return false;
    }
    for (size_t i = 0; i < it->n_comments; i++)
        if (!valid(it->comments[i]))
            return false;
    return true;
}

static bool section_valid(const pg_section *s)
{
    if (!valid(s->title) || !valid(s->head_raw) || !valid(s->text) || !valid(s->text_raw))
        return false;
    for (size_t i = 0; i < s->n_items; i++)
        if (!item_valid(&s->items[i]))
            return false;
    for (size_t i = 0; i < s->n_sections; i++)
        if (!section_valid(&s->sections[i]))
            return false;
    return true;
}

/* The strings that need not come from the text: the scale may be the
 * caller's (pg_parse_options.default_scale). */
static bool scale_valid(const pg_doc *doc)
{
    for (size_t i = 0; i < pg_doc_scale_size(doc); i++)
        if (!valid(pg_doc_scale_state(doc, i)) || !valid(pg_doc_scale_meaning(doc, i)))
            return false;
    return valid(pg_doc_eol(doc));
}

static bool doc_valid(const pg_doc *doc)
{
    if (!scale_valid(doc))
        return false;
    if (doc->source_utf8) /* the parser looked at every line already */
        return true;
    if (!valid(pg_doc_subject(doc)) || !valid(doc->subject_raw) || !valid(pg_doc_last_updated(doc)))
        return false;
    return section_valid(pg_doc_root(doc));
}

static bool drop_map(void *ctx)
{
    (void)ctx;
    return true;
}
static bool drop_seq(void *ctx, bool empty)
{
    (void)ctx, (void)empty;
    return true;
}
static bool drop_str(void *ctx, const char *s, size_t n)
{
    (void)ctx, (void)s, (void)n;
    return true;
}
static bool drop_int(void *ctx, long long v)
{
    (void)ctx, (void)v;
    return true;
}
static bool drop_bool(void *ctx, bool v)
{
    (void)ctx, (void)v;
    return true;
}

static const pg_model_sink nowhere = {drop_map, drop_map,  drop_seq, drop_map, drop_str, drop_str,
                                      drop_int, drop_bool, drop_map, NULL,     NULL,     NULL};

static walk walk_start(const pg_doc *doc, unsigned flags, const char *fmt,
                       const pg_model_sink *sink, void *ctx, bool checked, pg_error *err)
{
    return (walk){doc, flags, fmt, err, sink, ctx, PG_OK, checked, {0}, (flags >> 8) & 15u};
}

/* What a walk ends with: PG_OK when every step went, else the error it
 * set, or PG_ERR_IO when a callback refused. */
static pg_status walk_end(walk *w, bool ok)
{
    pg__free(w->line.data);
    w->line.data = NULL;
    return ok ? PG_OK : w->st != PG_OK ? w->st : PG_ERR_IO;
}

static pg_status run(const pg_doc *doc, unsigned flags, const char *fmt, const pg_model_sink *sink,
                     void *ctx, bool checked, pg_error *err)
{
    walk w = walk_start(doc, flags, fmt, sink, ctx, checked, err);
    return walk_end(&w, document(&w));
}

/* A string the format cannot carry must stop the output before its first
 * byte, as when the writers built a tree first: a quick look at every
 * string, and only when it finds a bad one, a dry run of the walk for the
 * error it would give. */
pg_status pg__model_write(const pg_doc *doc, unsigned flags, const char *fmt,
                          const pg_model_sink *sink, void *ctx, pg_error *err)
{
    bool checked = doc_valid(doc);
    if (!checked) {
        pg_status st = run(doc, flags, fmt, &nowhere, NULL, false, err);
        if (st != PG_OK)
            return st;
    }
    return run(doc, flags, fmt, sink, ctx, checked, err);
}

pg_status pg__model_drive_doc(void *arg, const pg_model_sink *sink, void *ctx, pg_error *err)
{
    const pg_model_doc *d = arg;
    return pg__model_write(d->doc, d->flags, d->fmt, sink, ctx, err);
}

/* ------------------------------------------------ writing while parsing */

struct pg__model_stream {
    walk w;
};

/* Before grouping, only what the split found can say: every line valid
 * (so every string cut from them is) and the scale. */
bool pg__model_stream_ready(const pg_doc *doc) { return doc->source_utf8 && scale_valid(doc); }

pg__model_stream *pg__model_stream_new(const pg_doc *doc, unsigned flags, const char *fmt,
                                       const pg_model_sink *sink, void *ctx, pg_error *err)
{
    pg__model_stream *s = pg__calloc(1, sizeof *s);
    if (!s) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return NULL;
    }
    s->w = walk_start(doc, flags, fmt, sink, ctx, true, err);
    return s;
}

bool pg__model_stream_head(pg__model_stream *s, const pg_section *root, bool no_sections)
{
    return doc_head(&s->w, root, no_sections);
}

bool pg__model_stream_sections(pg__model_stream *s, const pg_section *secs, size_t n)
{
    pg_section run = {0}; /* a parent to hold them: elements() reads its list */
    run.sections = (pg_section *)secs;
    run.n_sections = n;
    return elements(&s->w, &run, false, n);
}

bool pg__model_stream_section_head(pg__model_stream *s, const pg_section *sec)
{
    return section_head(&s->w, sec, false);
}

bool pg__model_stream_section_tail(pg__model_stream *s, const pg_section *sec)
{
    return section_tail(&s->w, sec);
}

bool pg__model_stream_tail(pg__model_stream *s) { return doc_tail(&s->w); }

pg_status pg__model_stream_free(pg__model_stream *s, bool ok)
{
    pg_status st = walk_end(&s->w, ok);
    pg__free(s);
    return st;
}
