/*
 * model_write.c - a document as the model tree of grammar/MODEL.md.
 *
 * Keys go in the order MODEL.md gives (jansson keeps insertion order);
 * optional keys are left out when they hold their default, and layout is
 * carried only where the canonical writer would not give the same bytes,
 * so the tree of a clean document is clean.
 */
#include "model.h"

#include <stdio.h>

typedef struct build {
    const pg_doc *doc;
    unsigned flags;
    const char *fmt;
    pg_error *err;
    pg_buf line; /* scratch for pg__entry_line */
} build;

static json_t *nomem(build *b)
{
    pg__error(b->err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return NULL;
}

/* A string node.  line is where s starts in the text; what names it. */
static json_t *str_node(build *b, pg_str s, uint32_t line, const char *what)
{
    size_t bad = 0;
    if (!s.ptr)
        s = pg__str("", 0);
    if (!pg__utf8_valid(s.ptr, s.len, &bad)) {
        for (size_t i = 0; i < bad; i++)
            line += line && s.ptr[i] == '\n';
        pg__error(b->err, PG_ERR_ENCODING, line, 0, NULL,
                  "line %u: %s is not valid UTF-8 (byte %zu of it); %s "
                  "cannot carry it",
                  (unsigned)line, what, bad + 1, b->fmt);
        return NULL;
    }
    json_t *v = json_stringn_nocheck(s.ptr, s.len);
    return v ? v : nomem(b);
}

/* Steals v; fails when v is NULL (its error is already set). */
static bool put(build *b, json_t *obj, const char *key, json_t *v)
{
    if (!v)
        return false;
    if (json_object_set_new_nocheck(obj, key, v) < 0) {
        nomem(b);
        return false;
    }
    return true;
}

static bool append(build *b, json_t *arr, json_t *v)
{
    if (!v)
        return false;
    if (json_array_append_new(arr, v) < 0) {
        nomem(b);
        return false;
    }
    return true;
}

static bool put_str(build *b, json_t *obj, const char *key, pg_str s,
                    uint32_t line, const char *what)
{
    return put(b, obj, key, str_node(b, s, line, what));
}

static bool put_int(build *b, json_t *obj, const char *key, json_int_t n)
{
    json_t *v = json_integer(n);
    return v ? put(b, obj, key, v) : (nomem(b), false);
}

static bool put_true(build *b, json_t *obj, const char *key)
{
    json_t *v = json_true();
    return put(b, obj, key, v);
}

/* One array per entry kind, values only (fields get {key, value}). */
static json_t *entries_of(build *b, const pg_item *it, pg_entry_kind k)
{
    json_t *arr = json_array();
    if (!arr)
        return nomem(b);
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        if (e->kind != k)
            continue;
        json_t *v;
        if (k == PG_ENTRY_FIELD) {
            v = json_object();
            if (!v) {
                json_decref(arr);
                return nomem(b);
            }
            if (!put_str(b, v, "key", e->key, e->line, "a field key") ||
                !put_str(b, v, "value", e->value, e->line, "a field value")) {
                json_decref(v);
                json_decref(arr);
                return NULL;
            }
        } else {
            static const char *const what[PG_ENTRY__COUNT] = {
                [PG_ENTRY_NOTE] = "a note", [PG_ENTRY_OWNER] = "an owner",
                [PG_ENTRY_EMAIL] = "an email", [PG_ENTRY_REF] = "a reference",
                [PG_ENTRY_SUBITEM] = "a sub-item", [PG_ENTRY_STATE] = "a state"};
            v = str_node(b, e->value, e->line, what[k]);
        }
        if (!append(b, arr, v)) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static bool put_entries(build *b, json_t *obj, const pg_item *it,
                        const char *key, pg_entry_kind k, bool always)
{
    if (!always && pg_item_count(it, k) == 0)
        return true;
    return put(b, obj, key, entries_of(b, it, k));
}

static bool put_comments(build *b, json_t *obj, const pg_item *it)
{
    const pg_str *c = NULL;
    size_t n = pg_item_comments(it, &c);
    if (n == 0)
        return true;
    json_t *arr = json_array();
    if (!arr)
        return nomem(b), false;
    for (size_t i = 0; i < n; i++)
        if (!append(b, arr, str_node(b, c[i], it->end_line + 1, "a comment"))) {
            json_decref(arr);
            return false;
        }
    return put(b, obj, "comments", arr);
}

/* layout.lines: what pg_render_text writes for each body entry. */
static json_t *layout_lines(build *b, const pg_item *it)
{
    json_t *arr = json_array();
    if (!arr)
        return nomem(b);
    for (size_t i = 0; i < it->n_entries; i++) {
        b->line.len = 0;
        if (pg__entry_line(b->doc, it, &it->entries[i], &b->line) < 0) {
            json_decref(arr);
            return nomem(b);
        }
        pg_str s = pg__str(b->line.data ? b->line.data : "", b->line.len);
        if (!append(b, arr, str_node(b, s, it->entries[i].line, "an item line"))) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* Adds "layout" to obj when it has any member; takes lay. */
static bool put_layout(build *b, json_t *obj, json_t *lay)
{
    if (json_object_size(lay) == 0) {
        json_decref(lay);
        return true;
    }
    return put(b, obj, "layout", lay);
}

/* The reader makes the state line from the item's state; a line that
 * spells it differently ("prognosis: Good" for good) needs its layout. */
static bool body_needs_layout(const pg_doc *doc, const pg_item *it)
{
    if (!pg__item_body_is_canonical(doc, it))
        return true;
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_STATE &&
            !pg__str_eq(it->entries[i].value, it->state))
            return true;
    return false;
}

static bool item_layout(build *b, json_t *obj, const pg_item *it)
{
    if (!(b->flags & PG_RENDER_LAYOUT))
        return true;
    json_t *lay = json_object();
    if (!lay)
        return nomem(b), false;
    bool ok = true;
    if (it->head_raw.ptr && !pg__item_head_is_canonical(b->doc, it))
        ok = put_str(b, lay, "head", it->head_raw, it->line, "an item head");
    if (ok && it->n_entries && body_needs_layout(b->doc, it))
        ok = put(b, lay, "lines", layout_lines(b, it));
    if (ok && it->text_raw.ptr &&
        !pg__text_raw_is_canonical(b->doc, it->text, it->text_raw))
        ok = put_str(b, lay, "text", it->text_raw, it->end_line + 1,
                     "the text after an item");
    if (!ok) {
        json_decref(lay);
        return false;
    }
    return put_layout(b, obj, lay);
}

static json_t *item_node(build *b, const pg_item *it)
{
    json_t *o = json_object();
    if (!o)
        return nomem(b);
    uint32_t ln = it->line;
    bool ok = put_str(b, o, "title", it->title, ln, "an item title");
    if (ok)
        ok = it->state.ptr ? put_str(b, o, "state", it->state, ln, "a state")
                           : put(b, o, "state", json_null());
    ok = ok && put_entries(b, o, it, "owners", PG_ENTRY_OWNER, true) &&
         put_entries(b, o, it, "notes", PG_ENTRY_NOTE, true);
    if (ok && it->tag.ptr) {
        json_t *tag = json_object();
        const char *kind = pg__tag_kind_name(it->tag_kind);
        ok = tag != NULL;
        if (!ok)
            nomem(b);
        if (ok && kind)
            ok = put_str(b, tag, "kind", pg__cstr(kind), ln, "a tag kind");
        ok = ok && put_str(b, tag, "text", it->tag, ln, "a tag");
        if (ok)
            ok = put(b, o, "tag", tag);
        else
            json_decref(tag);
    }
    ok = ok && put_entries(b, o, it, "emails", PG_ENTRY_EMAIL, false) &&
         put_entries(b, o, it, "refs", PG_ENTRY_REF, false) &&
         put_entries(b, o, it, "subitems", PG_ENTRY_SUBITEM, false) &&
         put_entries(b, o, it, "fields", PG_ENTRY_FIELD, false);
    if (ok && it->date.ptr)
        ok = put_str(b, o, "date", it->date, ln, "a date");
    if (ok && it->here)
        ok = put_true(b, o, "here");
    if (ok && it->patch.ptr)
        ok = put_str(b, o, "patch", it->patch, ln, "a patch tag");
    if (ok && it->url.ptr)
        ok = put_str(b, o, "url", it->url, ln, "a URL");
    if (ok && it->dialect != PG_DIALECT_TRACKED)
        ok = put_str(b, o, "dialect", pg__cstr(pg__dialect_name(it->dialect)),
                     ln, "a dialect");
    if (ok && it->quote)
        ok = put_int(b, o, "quote", it->quote);
    if (ok && it->text.ptr && !pg__str_eq(it->text, pg__cstr("\n")))
        ok = put_str(b, o, "text", it->text, it->end_line + 1,
                     "the text after an item");
    ok = ok && put_comments(b, o, it) && item_layout(b, o, it);
    if (ok && (b->flags & PG_RENDER_LINES))
        ok = put_int(b, o, "line", it->line);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *items_node(build *b, const pg_section *s)
{
    json_t *arr = json_array();
    if (!arr)
        return nomem(b);
    for (size_t i = 0; i < s->n_items; i++)
        if (!append(b, arr, item_node(b, &s->items[i]))) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

static json_t *section_node(build *b, const pg_section *s);

static json_t *sections_node(build *b, const pg_section *s)
{
    json_t *arr = json_array();
    if (!arr)
        return nomem(b);
    for (size_t i = 0; i < s->n_sections; i++)
        if (!append(b, arr, section_node(b, &s->sections[i]))) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

/* The text under a heading starts on the line after it.  Left out when
 * it is what the text writer puts for none: one blank line (nothing
 * before the first item of a document without a subject). */
static bool put_text(build *b, json_t *o, const pg_section *s, uint32_t ln,
                     const char *dflt)
{
    if (!s->text.ptr || pg__str_eq(s->text, pg__cstr(dflt)))
        return true;
    return put_str(b, o, "text", s->text, ln, "prose");
}

static bool text_layout(build *b, json_t *lay, const pg_section *s, uint32_t ln)
{
    if (!s->text_raw.ptr || pg__text_raw_is_canonical(b->doc, s->text, s->text_raw))
        return true;
    return put_str(b, lay, "text", s->text_raw, ln, "prose");
}

static json_t *section_node(build *b, const pg_section *s)
{
    json_t *o = json_object();
    if (!o)
        return nomem(b);
    uint32_t ln = s->line;
    bool ok = put_str(b, o, "title", s->title, ln, "a heading") &&
              put_int(b, o, "level", s->level);
    if (ok && s->label)
        ok = put_true(b, o, "label");
    if (ok && s->quote)
        ok = put_int(b, o, "quote", s->quote);
    ok = ok && put_text(b, o, s, ln + 1, "\n") && put(b, o, "items", items_node(b, s)) &&
         put(b, o, "sections", sections_node(b, s));
    if (ok && (b->flags & PG_RENDER_LAYOUT)) {
        json_t *lay = json_object();
        ok = lay != NULL;
        if (!ok)
            nomem(b);
        if (ok && s->head_raw.ptr && !pg__section_head_is_canonical(b->doc, s))
            ok = put_str(b, lay, "head", s->head_raw, ln, "a heading");
        ok = ok && text_layout(b, lay, s, ln + 1);
        if (ok)
            ok = put_layout(b, o, lay);
        else
            json_decref(lay);
    }
    if (ok && (b->flags & PG_RENDER_LINES))
        ok = put_int(b, o, "line", s->line);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *scale_node(build *b)
{
    json_t *arr = json_array();
    if (!arr)
        return nomem(b);
    size_t n = pg_doc_scale_size(b->doc);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        pg_str m = pg_doc_scale_meaning(b->doc, i);
        bool ok = o != NULL;
        if (!ok)
            nomem(b);
        ok = ok && put_str(b, o, "state", pg_doc_scale_state(b->doc, i), 0,
                           "a state of the scale");
        if (ok && m.ptr)
            ok = put_str(b, o, "meaning", m, 0, "the meaning of a state");
        if (!ok) {
            json_decref(o);
            json_decref(arr);
            return NULL;
        }
        if (!append(b, arr, o)) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static bool doc_layout(build *b, json_t *o)
{
    const pg_doc *d = b->doc;
    if (!(b->flags & PG_RENDER_LAYOUT))
        return true;
    json_t *lay = json_object();
    if (!lay)
        return nomem(b), false;
    bool ok = true;
    if (d->subject_raw.ptr && !pg__subject_is_canonical(d))
        ok = put_str(b, lay, "subject", d->subject_raw, 1, "the subject");
    ok = ok && text_layout(b, lay, &d->root, d->subject.ptr ? 2 : 1);
    if (!ok) {
        json_decref(lay);
        return false;
    }
    return put_layout(b, o, lay);
}

json_t *pg__model_from_doc(const pg_doc *doc, unsigned flags, const char *fmt,
                           pg_error *err)
{
    build b = {doc, flags, fmt, err, {0}};
    json_t *o = json_object();
    if (!o)
        return nomem(&b);
    pg_str subject = pg_doc_subject(doc), eol = pg_doc_eol(doc);
    pg_str updated = pg_doc_last_updated(doc);
    const pg_section *root = pg_doc_root(doc);
    bool ok = put_int(&b, o, "prognosis", PG_SCHEMA_VERSION);
    if (ok && subject.ptr)
        ok = put_str(&b, o, "subject", subject, 1, "the subject");
    ok = ok && put(&b, o, "scale", scale_node(&b));
    if (ok && updated.ptr)
        ok = put_str(&b, o, "last_updated", updated, 0, "the Last updated line");
    if (ok && eol.ptr && !pg__str_eq(eol, pg__cstr("\n")))
        ok = put_str(&b, o, "eol", eol, 0, "the line end");
    if (ok && pg_doc_bom(doc))
        ok = put_true(&b, o, "bom");
    ok = ok && put_text(&b, o, root, subject.ptr ? 2 : 1, subject.ptr ? "\n" : "") &&
         put(&b, o, "items", items_node(&b, root)) &&
         put(&b, o, "sections", sections_node(&b, root)) && doc_layout(&b, o);
    pg__free(b.line.data);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
