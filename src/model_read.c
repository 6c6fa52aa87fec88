/*
 * model_read.c - check a model tree against the schema and build the
 * document from it.  The one place that knows what JSON and YAML input
 * may say (grammar/MODEL.md, grammar/prognosis.schema.json).
 *
 * Every mismatch stops the walk with PG_ERR_SCHEMA (PG_ERR_LIMIT for
 * sizes), err->path set to the JSON pointer of the node and a message
 * that says why: "expected string, got integer", "missing required key
 * 'title'", "unknown key 'titel' (did you mean 'title'?)".  Unknown keys
 * are errors: a misspelt key silently dropped would lose data.
 *
 * Derived keys (scale, last_updated, comments, line) are read-only: they
 * are checked for type and otherwise ignored, since the text a document
 * renders to determines them.
 */
#include "model.h"

#include <stdio.h>

typedef struct pg_mwalk {
    pg_doc *doc;
    pg_error *err;
    pg_model_locate_fn locate;
    void *lctx;
    bool yaml;
    const pg_mstrings *strings; /* where values live (copy or point) */
    unsigned depth;             /* section nesting */
    size_t plen;
    char path[2048];
} walk;

/* ------------------------------------------------------------ the tree */

/* Like jansson's getters: NULL or 0 for a node of another type. */
static const pg_mnode *m_get(const pg_mnode *o, const char *key)
{
    return o && o->type == JSON_OBJECT ? pg__m_get(o, key) : NULL;
}

static size_t m_size(const pg_mnode *a) { return a && a->type == JSON_ARRAY ? a->n : 0; }

static const pg_mnode *m_at(const pg_mnode *a, size_t i)
{
    return i < m_size(a) ? &a->u.at[i] : NULL;
}

/* ------------------------------------------------------------ the path */

/* Append "/" and the key, escaped as RFC 6901 says ("~0", "~1"). */
static size_t push_key(walk *w, const char *key, size_t n)
{
    size_t old = w->plen;
    if (w->plen + 1 < sizeof w->path)
        w->path[w->plen++] = '/';
    for (size_t i = 0; i < n && w->plen + 3 < sizeof w->path; i++) {
        if (key[i] == '~' || key[i] == '/') {
            w->path[w->plen++] = '~';
            w->path[w->plen++] = key[i] == '~' ? '0' : '1';
        } else {
            w->path[w->plen++] = key[i];
        }
    }
    w->path[w->plen] = '\0';
    return old;
}

/* Every element passes here: no snprintf. */
static size_t push_index(walk *w, size_t i)
{
    char num[PG_DECIMAL_MAX], *end = num + sizeof num;
    const char *d = pg__decimal(i, end);
    return push_key(w, d, (size_t)(end - d));
}

static void pop(walk *w, size_t old)
{
    w->plen = old;
    w->path[old] = '\0';
}

/* ------------------------------------------------------------ failures */

/* A path too long for pg_error keeps its end, the informative part. */
static void show_path(const walk *w, char *out, size_t cap)
{
    if (w->plen < cap) {
        memcpy(out, w->path, w->plen + 1);
    } else {
        /* "..." and the path's end, its NUL included */
        memset(out, '.', 3);
        memcpy(out + 3, w->path + w->plen - (cap - 4), cap - 3);
    }
}

static bool fail(walk *w, pg_status code, const pg_mnode *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(walk *w, pg_status code, const pg_mnode *node, const char *fmt, ...)
{
    if (w->err->code != PG_OK)
        return false;
    char msg[sizeof w->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char shown[sizeof w->err->path];
    show_path(w, shown, sizeof shown);
    pg__error(w->err, code, 0, 0, shown, "%s", msg);
    if (w->locate && code != PG_ERR_NOMEM)
        w->locate(w->lctx, node, w->path, w->err);
    return false;
}

/* Returns false itself: fail() is variadic, which the analyzer does not
 * follow, and the callers' `ok = p ? true : nomem(w)` must read as false. */
static bool nomem(walk *w)
{
    fail(w, PG_ERR_NOMEM, NULL, "out of memory");
    return false;
}

static const char *type_name(const walk *w, const pg_mnode *v)
{
    switch (v->type) {
    case JSON_OBJECT:
        return w->yaml ? "mapping" : "object";
    case JSON_ARRAY:
        return w->yaml ? "sequence" : "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return w->yaml ? "float" : "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "value";
}

static bool want(walk *w, const pg_mnode *v, json_type t)
{
    if (v->type == t || (t == JSON_TRUE && v->type == JSON_FALSE))
        return true;
    const char *names[] = {[JSON_OBJECT] = w->yaml ? "a mapping" : "an object",
                           [JSON_ARRAY] = w->yaml ? "a sequence" : "an array",
                           [JSON_STRING] = "a string",
                           [JSON_INTEGER] = "an integer",
                           [JSON_REAL] = "a number",
                           [JSON_TRUE] = "a boolean",
                           [JSON_FALSE] = "a boolean",
                           [JSON_NULL] = "null"};
    return fail(w, PG_ERR_SCHEMA, v, "expected %s, got %s", names[t], type_name(w, v));
}

/* --------------------------------------------------------- unknown keys */

/* Edit distance, for "did you mean"; keys are short. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[33];
    if (na > 32 || nb > 32)
        return 99;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* key as it can be shown in a message: printable ASCII, shortened. */
static void printable(const char *key, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap; i++)
        out[o++] = (key[i] >= 0x20 && key[i] < 0x7f) ? key[i] : '?';
    if (o + 4 >= cap && n > o)
        memcpy(out + o, "...", 3), o += 3;
    out[o] = '\0';
}

static bool known_key(const char *const *keys, const char *key, size_t n)
{
    for (size_t k = 0; keys[k]; k++)
        if (n && keys[k][0] == key[0] && strlen(keys[k]) == n && memcmp(keys[k], key, n) == 0)
            return true;
    return false;
}

static bool unknown_key(walk *w, const pg_mnode *v, const char *const *keys, const char *key,
                        size_t n)
{
    char shown[48], list[160] = "";
    const char *hint = NULL;
    size_t best = 3;
    printable(key, n, shown, sizeof shown);
    for (size_t k = 0; keys[k]; k++) {
        size_t d = distance(key, n, keys[k], strlen(keys[k]));
        if (d < best && d < strlen(keys[k]))
            best = d, hint = keys[k];
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", keys[k]);
    }
    if (hint)
        return fail(w, PG_ERR_SCHEMA, v, "unknown key '%s' (did you mean '%s'?)", shown, hint);
    return fail(w, PG_ERR_SCHEMA, v, "unknown key '%s' (allowed: %s)", shown, list);
}

/* The node at w's path must be an object with only these keys. */
static bool object_with(walk *w, const pg_mnode *o, const char *const *keys)
{
    if (!want(w, o, JSON_OBJECT))
        return false;
    for (size_t i = 0; i < o->n; i++) {
        const char *key = o->u.members[i].key;
        size_t n = o->u.members[i].klen;
        const pg_mnode *v = &o->u.members[i].value;
        if (!known_key(keys, key, n)) {
            size_t old = push_key(w, key, n);
            unknown_key(w, v, keys, key, n);
            pop(w, old);
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------- members */

/* *out = o[key]; false (reported) when required and missing. */
static bool member(walk *w, const pg_mnode *o, const char *key, bool required, const pg_mnode **out)
{
    *out = m_get(o, key);
    if (!*out && required)
        return fail(w, PG_ERR_SCHEMA, o, "missing required key '%s'", key);
    return true;
}

/* A string value for the document: the tree's own when it will live as
 * long (an input the caller lends, the strings the document adopts),
 * else a copy. */
static bool copy_str(walk *w, const pg_mnode *v, pg_str *out)
{
    const pg_mstrings *s = w->strings;
    uintptr_t p = (uintptr_t)v->u.s, in = (uintptr_t)s->input;
    bool in_input = s->input && p >= in && p <= in + s->len;
    if (in_input ? s->borrow_input : s->strs != NULL) {
        *out = pg__str(v->u.s, v->n);
        return true;
    }
    *out = pg__arena_str(&w->doc->arena, v->u.s, v->n);
    return out->ptr ? true : nomem(w);
}

/* Strings that are one line of the text (titles, states, owners, notes
 * ...) cannot hold a line break: the text would read it back as two
 * lines, and the data would not survive the way back. */
static bool one_line(walk *w, const pg_mnode *v)
{
    if (!memchr(v->u.s, '\n', v->n) && !memchr(v->u.s, '\r', v->n))
        return true;
    return fail(w, PG_ERR_SCHEMA, v, "a line break in a string that is one line of the text");
}

/* A string member; with nullable, null leaves *out absent; a NULL out
 * only checks the type (read-only keys).  line: one line of the text. */
static bool get_str_as(walk *w, const pg_mnode *o, const char *key, bool required, bool nullable,
                       bool line, pg_str *out)
{
    const pg_mnode *v;
    if (!member(w, o, key, required, &v))
        return false;
    if (!v || (nullable && (v->type == JSON_NULL)))
        return true;
    size_t old = push_key(w, key, strlen(key));
    bool ok = true;
    if (!(v->type == JSON_STRING))
        ok = nullable
                 ? fail(w, PG_ERR_SCHEMA, v, "expected a string or null, got %s", type_name(w, v))
                 : want(w, v, JSON_STRING);
    else
        ok = (!line || one_line(w, v)) && (!out || copy_str(w, v, out));
    pop(w, old);
    return ok;
}

/* Text, layout: any string. */
static bool get_str(walk *w, const pg_mnode *o, const char *key, bool required, bool nullable,
                    pg_str *out)
{
    return get_str_as(w, o, key, required, nullable, false, out);
}

/* One line of the text. */
static bool get_line(walk *w, const pg_mnode *o, const char *key, bool required, bool nullable,
                     pg_str *out)
{
    return get_str_as(w, o, key, required, nullable, true, out);
}

static bool get_bool(walk *w, const pg_mnode *o, const char *key, bool *out)
{
    const pg_mnode *v = m_get(o, key);
    if (!v)
        return true;
    size_t old = push_key(w, key, strlen(key));
    bool ok = want(w, v, JSON_TRUE);
    pop(w, old);
    *out = (v->type == JSON_TRUE);
    return ok;
}

static bool get_uint(walk *w, const pg_mnode *o, const char *key, bool required, long long min,
                     long long max, unsigned *out)
{
    const pg_mnode *v;
    if (!member(w, o, key, required, &v))
        return false;
    if (!v)
        return true;
    size_t old = push_key(w, key, strlen(key));
    bool ok = want(w, v, JSON_INTEGER);
    long long n = ok ? v->u.i : 0;
    if (ok && n < min)
        ok = fail(w, PG_ERR_SCHEMA, v, "'%s' must be at least %lld, got %lld", key, (long long)min,
                  (long long)n);
    if (ok && n > max)
        ok = fail(w, PG_ERR_LIMIT, v, "'%s' is %lld; the limit is %lld", key, (long long)n,
                  (long long)max);
    pop(w, old);
    if (ok)
        *out = (unsigned)n;
    return ok;
}

/* The node at w's path must be an array of at most PG_MODEL_MAX_COUNT. */
static bool array(walk *w, const pg_mnode *v)
{
    if (!want(w, v, JSON_ARRAY))
        return false;
    if (m_size(v) > PG_MODEL_MAX_COUNT)
        return fail(w, PG_ERR_LIMIT, v, "%zu elements; the limit is %u", m_size(v),
                    PG_MODEL_MAX_COUNT);
    return true;
}

/* An array member whose elements are strings (line: each one line of the
 * text); *out NULL when absent. */
static bool get_strings_as(walk *w, const pg_mnode *o, const char *key, bool required, bool line,
                           const pg_mnode **out)
{
    if (!member(w, o, key, required, out) || !*out)
        return !w->err->code;
    size_t old = push_key(w, key, strlen(key));
    bool ok = array(w, *out);
    for (size_t i = 0; ok && i < m_size(*out); i++) {
        size_t o2 = push_index(w, i);
        ok = want(w, m_at(*out, i), JSON_STRING) && (!line || one_line(w, m_at(*out, i)));
        pop(w, o2);
    }
    pop(w, old);
    return ok;
}

static bool get_strings(walk *w, const pg_mnode *o, const char *key, bool required,
                        const pg_mnode **out)
{
    return get_strings_as(w, o, key, required, false, out);
}

static bool get_lines(walk *w, const pg_mnode *o, const char *key, bool required,
                      const pg_mnode **out)
{
    return get_strings_as(w, o, key, required, true, out);
}

/* ------------------------------------------------------------- entries */

static const char *const field_keys[] = {"key", "value", NULL};

static bool check_fields(walk *w, const pg_mnode *arr)
{
    size_t old = push_key(w, "fields", 6);
    bool ok = array(w, arr);
    for (size_t i = 0; ok && i < m_size(arr); i++) {
        const pg_mnode *f = m_at(arr, i);
        size_t o2 = push_index(w, i);
        ok = object_with(w, f, field_keys) && get_line(w, f, "key", true, false, NULL) &&
             get_line(w, f, "value", true, false, NULL);
        pop(w, o2);
    }
    pop(w, old);
    return ok;
}

/* The arrays of one item, by entry kind (STATE has none). */
typedef struct sources {
    const pg_mnode *arr[PG_ENTRY__COUNT];
} sources;

/* A field must be one the text can carry: its line ("  status (Linux): x",
 * "V: x") must read back as that field.  A key the grammar does not know
 * ("statuy") would come back as a note: refuse it, naming the place. */
static bool field_writable(walk *w, const pg_item *it, const pg_entry *e, const pg_mnode *node,
                           size_t i)
{
    pg_buf b = {0};
    pg_entry got;
    int c = pg__canon_entry(w->doc, it, e, &b) == 0
                ? pg__classify_entry(w->doc, it->dialect, pg__str(b.data, b.len), &got)
                : -1;
    /* got.key points into b: compare before freeing it. */
    /* A state line after the item's state reads as a field (a second
     * "P: ok"): STATE with the same key is fine too. */
    bool same = c == 1 && (got.kind == PG_ENTRY_FIELD || got.kind == PG_ENTRY_STATE) &&
                pg__str_eq(got.key, e->key);
    pg__free(b.data);
    if (c < 0)
        return nomem(w);
    if (same)
        return true;
    size_t old = push_key(w, "fields", 6);
    size_t o2 = push_index(w, i);
    size_t o3 = push_key(w, "key", 3);
    fail(w, PG_ERR_SCHEMA, m_get(node, "key"),
         "field key '%.*s' cannot be written as a key line of a %s item (keys: owner, status, "
         "prognosis, link, eta, with an optional (qualifier); records: S2 O E P B J V)",
         (int)(e->key.len > 40 ? 40 : e->key.len), e->key.ptr, pg__dialect_name(it->dialect));
    pop(w, o3);
    pop(w, o2);
    pop(w, old);
    return false;
}

static bool add_entries(walk *w, pg_item *it, pg_entry_kind k, const pg_mnode *arr)
{
    for (size_t i = 0; arr && i < m_size(arr); i++) {
        pg_entry *e = &it->entries[it->n_entries++];
        const pg_mnode *v = m_at(arr, i);
        e->kind = k;
        if (k == PG_ENTRY_FIELD) {
            if (!copy_str(w, m_get(v, "key"), &e->key) ||
                !copy_str(w, m_get(v, "value"), &e->value))
                return false;
            if (!field_writable(w, it, e, v, i))
                return false;
        } else if (!copy_str(w, v, &e->value)) {
            return false;
        }
    }
    return true;
}

/* Entries in the canonical order of kinds for the item's dialect; the
 * keyed and records dialects carry the state on a line of its own. */
/* Does one of layout.lines read as a state line ("prognosis: ok")? */
static bool layout_has_state_line(walk *w, const pg_item *it, const pg_mnode *lines)
{
    for (size_t i = 0; i < m_size(lines); i++) {
        const pg_mnode *l = m_at(lines, i);
        pg_entry e;
        if (l->type == JSON_STRING &&
            pg__classify_entry(w->doc, it->dialect, pg__str(l->u.s, l->n), &e) == 1 &&
            e.kind == PG_ENTRY_STATE)
            return true;
    }
    return false;
}

static bool build_entries(walk *w, pg_item *it, const sources *src, pg_str head,
                          const pg_mnode *lines)
{
    /* The state is written on a line of its own ("prognosis: ok", "P: ok")
     * in the keyed and records dialects, unless layout.head carries it; in
     * the others only when the source had such a line (layout.lines). */
    bool line_dialect = it->dialect == PG_DIALECT_KEYED || it->dialect == PG_DIALECT_RECORDS;
    bool head_has =
        head.ptr && pg__head_raw_has_state(w->doc, head, it->date.ptr != NULL || it->here);
    bool state_line = it->state.ptr && !head_has &&
                      (line_dialect || (lines && layout_has_state_line(w, it, lines)));
    size_t n = state_line;
    for (int k = 0; k < PG_ENTRY__COUNT; k++)
        n += src->arr[k] ? m_size(src->arr[k]) : 0;
    if (n == 0)
        return true;
    if (n > PG_MODEL_MAX_COUNT)
        return fail(w, PG_ERR_LIMIT, NULL, "an item with %zu lines; the limit is %u", n,
                    PG_MODEL_MAX_COUNT);
    it->entries = pg__entries_alloc(w->doc, n);
    if (!it->entries)
        return nomem(w);
    pg_entry_kind order[PG_ENTRY__COUNT];
    for (int k = 0; k < PG_ENTRY__COUNT; k++) {
        int j = k;
        while (j > 0 && pg__entry_kind_order(it->dialect, order[j - 1]) >
                            pg__entry_kind_order(it->dialect, (pg_entry_kind)k)) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = (pg_entry_kind)k;
    }
    for (int i = 0; i < PG_ENTRY__COUNT; i++) {
        pg_entry_kind k = order[i];
        if (k == PG_ENTRY_STATE && state_line) {
            pg_entry *e = &it->entries[it->n_entries++];
            e->kind = PG_ENTRY_STATE;
            e->key = pg__cstr(it->dialect == PG_DIALECT_RECORDS ? "P" : "prognosis");
            e->value = it->state;
        } else if (!add_entries(w, it, k, src->arr[k])) {
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------- item */

static const char *const item_keys[] = {"title",  "state",    "owners",   "notes",   "tag",
                                        "emails", "refs",     "subitems", "fields",  "date",
                                        "here",   "patch",    "url",      "dialect", "quote",
                                        "text",   "comments", "layout",   "line",    NULL};
static const char *const tag_keys[] = {"kind", "text", NULL};
static const char *const item_layout_keys[] = {"head", "lines", "text", NULL};

static bool read_tag(walk *w, const pg_mnode *o, pg_item *it)
{
    const pg_mnode *tag = m_get(o, "tag");
    if (!tag)
        return true;
    size_t old = push_key(w, "tag", 3);
    pg_str kind = {0};
    bool ok = object_with(w, tag, tag_keys) && get_str(w, tag, "kind", true, false, &kind) &&
              get_line(w, tag, "text", true, false, &it->tag);
    if (ok && !pg__tag_kind_from_name(kind, &it->tag_kind)) {
        size_t o2 = push_key(w, "kind", 4);
        char shown[48];
        printable(kind.ptr, kind.len, shown, sizeof shown);
        ok = fail(w, PG_ERR_SCHEMA, m_get(tag, "kind"),
                  "unknown tag kind '%s' (expected version, release or scope)", shown);
        pop(w, o2);
    }
    pop(w, old);
    return ok;
}

static bool read_dialect(walk *w, const pg_mnode *o, pg_item *it)
{
    pg_str name = {0};
    if (!get_str(w, o, "dialect", false, false, &name))
        return false;
    if (!name.ptr || pg__dialect_from_name(name, &it->dialect))
        return true;
    size_t old = push_key(w, "dialect", 7);
    char shown[48];
    printable(name.ptr, name.len, shown, sizeof shown);
    fail(w, PG_ERR_SCHEMA, m_get(o, "dialect"),
         "unknown dialect '%s' (expected tracked, keyed, records or list)", shown);
    pop(w, old);
    return false;
}

/* An error from the core names no place, or one relative to the item
 * ("layout/lines/3"): make it a full path and find its position.  w's
 * path is the item's. */
static void anchor_error(walk *w, pg_error *e, const pg_mnode *node)
{
    size_t old = w->plen, rl = strlen(e->path);
    if (e->path[0] == '/' && rl < sizeof w->path) {
        memcpy(w->path, e->path, rl + 1);
        w->plen = rl;
    } else if (e->path[0] != '/') {
        if (rl && w->plen + rl + 2 < sizeof w->path) {
            w->path[w->plen++] = '/';
            memcpy(w->path + w->plen, e->path, rl);
            w->plen += rl;
            w->path[w->plen] = '\0';
        }
        show_path(w, e->path, sizeof e->path);
    }
    if (w->locate && e->line == 0)
        w->locate(w->lctx, node, w->path, e);
    pop(w, old);
}

/* layout.lines goes to pg__item_apply_layout once every field is set. */
static bool read_item_layout(walk *w, const pg_mnode *o, pg_item *it)
{
    const pg_mnode *lay = m_get(o, "layout"), *lines = NULL;
    if (!lay)
        return true;
    size_t old = push_key(w, "layout", 6);
    bool ok = object_with(w, lay, item_layout_keys) &&
              get_str(w, lay, "head", false, false, &it->head_raw) &&
              get_str(w, lay, "text", false, false, &it->text_raw) &&
              get_strings(w, lay, "lines", false, &lines);
    if (ok && lines) {
        size_t n = m_size(lines);
        pg_str *raw = n ? pg__arena_alloc(&w->doc->arena, n * sizeof *raw) : NULL;
        if (n && !raw)
            ok = nomem(w);
        for (size_t i = 0; ok && i < n; i++)
            ok = copy_str(w, m_at(lines, i), &raw[i]);
        pg_status st = ok ? pg__item_apply_layout(w->doc, it, raw, n, w->err) : PG_OK;
        if (st != PG_OK) {
            pop(w, old);
            if (w->err->code == PG_OK && st == PG_ERR_NOMEM)
                return nomem(w);
            if (w->err->code == PG_OK) {
                size_t o2 = push_key(w, "layout", 6);
                push_key(w, "lines", 5);
                fail(w, st, lines, "layout lines do not fit the item");
                pop(w, o2);
            } else if (w->err->code != PG_ERR_NOMEM) {
                anchor_error(w, w->err, lines);
            }
            return false;
        }
    }
    pop(w, old);
    return ok;
}

static bool read_item(walk *w, const pg_mnode *o, pg_item *it)
{
    sources src = {{0}};
    const pg_mnode *ignored;
    unsigned line = 0;
    bool ok = object_with(w, o, item_keys) && get_line(w, o, "title", true, false, &it->title) &&
              get_line(w, o, "state", true, true, &it->state) &&
              get_lines(w, o, "owners", true, &src.arr[PG_ENTRY_OWNER]) &&
              get_lines(w, o, "notes", true, &src.arr[PG_ENTRY_NOTE]) && read_tag(w, o, it) &&
              get_lines(w, o, "emails", false, &src.arr[PG_ENTRY_EMAIL]) &&
              get_lines(w, o, "refs", false, &src.arr[PG_ENTRY_REF]) &&
              get_lines(w, o, "subitems", false, &src.arr[PG_ENTRY_SUBITEM]);
    if (ok && (src.arr[PG_ENTRY_FIELD] = m_get(o, "fields")))
        ok = check_fields(w, src.arr[PG_ENTRY_FIELD]);
    ok = ok && get_line(w, o, "date", false, false, &it->date) &&
         get_bool(w, o, "here", &it->here) && get_line(w, o, "patch", false, false, &it->patch) &&
         get_line(w, o, "url", false, false, &it->url) && read_dialect(w, o, it) &&
         get_uint(w, o, "quote", false, 0, PG_MODEL_MAX_QUOTE, &it->quote) &&
         get_str(w, o, "text", false, false, &it->text) &&
         get_strings(w, o, "comments", false, &ignored) &&
         get_uint(w, o, "line", false, 0, UINT32_MAX, &line);
    if (ok && it->state.ptr && it->state.len == 0) {
        size_t old = push_key(w, "state", 5);
        ok = fail(w, PG_ERR_SCHEMA, m_get(o, "state"),
                  "a state cannot be empty (use null for none)");
        pop(w, old);
    }
    /* Where the state is written depends on the layout: peek at it. */
    pg_str head = {0};
    const pg_mnode *lay = ok ? m_get(o, "layout") : NULL, *lines = NULL;
    if (lay && lay->type == JSON_OBJECT) {
        size_t old = push_key(w, "layout", 6);
        ok = get_str(w, lay, "head", false, false, &head) &&
             get_strings(w, lay, "lines", false, &lines);
        pop(w, old);
    }
    return ok && build_entries(w, it, &src, head, lines) && read_item_layout(w, o, it);
}

static bool read_item_array(walk *w, const pg_mnode *arr, pg_section *s);

static bool read_items(walk *w, const pg_mnode *o, bool required, pg_section *s)
{
    const pg_mnode *arr;
    if (!member(w, o, "items", required, &arr))
        return false;
    if (!arr)
        return true;
    size_t old = push_key(w, "items", 5);
    bool ok = read_item_array(w, arr, s);
    pop(w, old);
    return ok;
}

static bool read_item_array(walk *w, const pg_mnode *arr, pg_section *s)
{
    bool ok = array(w, arr);
    size_t n = ok ? m_size(arr) : 0;
    if (n) {
        s->items = pg__items_alloc(w->doc, n);
        ok = s->items ? true : nomem(w);
    }
    for (size_t i = 0; ok && i < n; i++) {
        size_t o2 = push_index(w, i);
        ok = read_item(w, m_at(arr, i), &s->items[i]);
        s->n_items += ok;
        pop(w, o2);
    }
    return ok;
}

/* ------------------------------------------------------------ sections */

static const char *const section_keys[] = {"title", "level",    "label",  "quote", "text",
                                           "items", "sections", "layout", "line",  NULL};
static const char *const section_layout_keys[] = {"head", "text", NULL};

static bool read_sections(walk *w, const pg_mnode *o, bool required, pg_section *s);

static bool read_section(walk *w, const pg_mnode *o, pg_section *s)
{
    const pg_mnode *lay = NULL;
    unsigned line = 0;
    bool ok = object_with(w, o, section_keys) && get_line(w, o, "title", true, false, &s->title) &&
              get_uint(w, o, "level", true, 1, PG_MODEL_MAX_LEVEL, &s->level) &&
              get_bool(w, o, "label", &s->label) &&
              get_uint(w, o, "quote", false, 0, PG_MODEL_MAX_QUOTE, &s->quote) &&
              get_str(w, o, "text", false, false, &s->text) &&
              get_uint(w, o, "line", false, 0, UINT32_MAX, &line) &&
              member(w, o, "items", true, &lay) && member(w, o, "sections", true, &lay);
    if (ok && (lay = m_get(o, "layout"))) {
        size_t old = push_key(w, "layout", 6);
        ok = object_with(w, lay, section_layout_keys) &&
             get_str(w, lay, "head", false, false, &s->head_raw) &&
             get_str(w, lay, "text", false, false, &s->text_raw);
        pop(w, old);
    }
    return ok && read_items(w, o, true, s) && read_sections(w, o, true, s);
}

static bool read_sections(walk *w, const pg_mnode *o, bool required, pg_section *s)
{
    const pg_mnode *arr;
    if (!member(w, o, "sections", required, &arr))
        return false;
    if (!arr)
        return true;
    size_t old = push_key(w, "sections", 8);
    bool ok = array(w, arr);
    size_t n = ok ? m_size(arr) : 0;
    if (n && w->depth >= PG_MODEL_MAX_SECTION_DEPTH)
        ok = fail(w, PG_ERR_LIMIT, arr, "sections nested deeper than %d",
                  PG_MODEL_MAX_SECTION_DEPTH);
    if (ok && n) {
        s->sections = pg__sections_alloc(w->doc, n);
        ok = s->sections ? true : nomem(w);
    }
    w->depth++;
    for (size_t i = 0; ok && i < n; i++) {
        size_t o2 = push_index(w, i);
        ok = read_section(w, m_at(arr, i), &s->sections[i]);
        s->n_sections += ok;
        pop(w, o2);
    }
    w->depth--;
    pop(w, old);
    return ok;
}

/* ------------------------------------------------------------ document */

static const char *const doc_keys[] = {"prognosis", "subject", "scale",   "last_updated",
                                       "eol",       "bom",     "text",    "items",
                                       "sections",  "layout",  "message", NULL};
static const char *const message_keys[] = {"subject",     "from",       "date", "message_id",
                                           "in_reply_to", "references", NULL};

/* Read-only: the headers of the mail an update came in (convert of an
 * archive writes them); checked for shape, not used. */
static bool check_message(walk *w, const pg_mnode *o)
{
    const pg_mnode *m = m_get(o, "message");
    if (!m)
        return true;
    size_t old = push_key(w, "message", 7);
    bool ok = object_with(w, m, message_keys);
    for (size_t i = 0; ok && message_keys[i]; i++) {
        const pg_mnode *v = m_get(m, message_keys[i]);
        if (!v || v->type == JSON_NULL)
            continue;
        const pg_mnode *refs;
        if (!strcmp(message_keys[i], "references"))
            ok = get_strings(w, m, "references", false, &refs);
        else
            ok = get_str(w, m, message_keys[i], false, false, NULL);
    }
    pop(w, old);
    return ok;
}
static const char *const doc_layout_keys[] = {"subject", "text", NULL};
static const char *const scale_keys[] = {"state", "meaning", NULL};

static bool read_version(walk *w, const pg_mnode *o)
{
    const pg_mnode *v;
    if (!member(w, o, "prognosis", true, &v))
        return false;
    size_t old = push_key(w, "prognosis", 9);
    bool ok = want(w, v, JSON_INTEGER);
    if (ok && v->u.i != PG_SCHEMA_VERSION)
        ok = fail(w, PG_ERR_SCHEMA, v,
                  "data model version %lld is not supported (this build reads %d)",
                  (long long)v->u.i, PG_SCHEMA_VERSION);
    pop(w, old);
    return ok;
}

/* Read-only: checked, not used (the text determines the scale). */
static bool check_scale(walk *w, const pg_mnode *o)
{
    const pg_mnode *arr = m_get(o, "scale");
    if (!arr)
        return true;
    size_t old = push_key(w, "scale", 5);
    bool ok = array(w, arr);
    for (size_t i = 0; ok && i < m_size(arr); i++) {
        const pg_mnode *st = m_at(arr, i);
        size_t o2 = push_index(w, i);
        ok = object_with(w, st, scale_keys) && get_str(w, st, "state", true, false, NULL) &&
             get_str(w, st, "meaning", false, false, NULL);
        pop(w, o2);
    }
    pop(w, old);
    return ok;
}

static bool read_eol(walk *w, const pg_mnode *o)
{
    pg_str eol = {0};
    if (!get_str(w, o, "eol", false, false, &eol))
        return false;
    if (!eol.ptr || pg__str_eq(eol, pg__cstr("\n"))) {
        w->doc->eol = pg__cstr("\n");
        return true;
    }
    if (pg__str_eq(eol, pg__cstr("\r\n"))) {
        w->doc->eol = pg__cstr("\r\n");
        return true;
    }
    size_t old = push_key(w, "eol", 3);
    fail(w, PG_ERR_SCHEMA, m_get(o, "eol"), "eol must be \"\\n\" or \"\\r\\n\"");
    pop(w, old);
    return false;
}

static bool read_doc(walk *w, const pg_mnode *o)
{
    pg_doc *d = w->doc;
    const pg_mnode *lay;
    bool ok = object_with(w, o, doc_keys) && read_version(w, o) &&
              get_line(w, o, "subject", false, false, &d->subject) && check_scale(w, o) &&
              get_str(w, o, "last_updated", false, false, NULL) && check_message(w, o) &&
              read_eol(w, o) && get_bool(w, o, "bom", &d->bom) &&
              get_str(w, o, "text", false, false, &d->root.text);
    if (ok && (lay = m_get(o, "layout"))) {
        size_t old = push_key(w, "layout", 6);
        ok = object_with(w, lay, doc_layout_keys) &&
             get_str(w, lay, "subject", false, false, &d->subject_raw) &&
             get_str(w, lay, "text", false, false, &d->root.text_raw);
        pop(w, old);
    }
    return ok && read_items(w, o, false, &d->root) && read_sections(w, o, false, &d->root);
}

static bool data_scale(walk *w, const pg_mnode *o)
{
    const pg_mnode *arr = m_get(o, "scale");
    size_t n = m_size(arr);
    if (n < 2)
        return true;
    pg_str states[PG_MAX_SCALE];
    size_t k = 0;
    for (size_t i = 0; i < n && k < PG_MAX_SCALE; i++) {
        const pg_mnode *st = m_get(m_at(arr, i), "state");
        if (st && st->type == JSON_STRING && st->n)
            states[k++] = pg__str(st->u.s, st->n);
    }
    if (k >= 2 && pg__doc_set_scale(w->doc, states, k, false) != 0)
        return nomem(w);
    return true;
}

pg_doc *pg__model_to_doc(const pg_mnode *root, const pg_mstrings *strings,
                         pg_model_locate_fn locate, void *ctx, pg_error *err, bool yaml)
{
    walk *w = pg__calloc(1, sizeof *w);
    if (!w) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return NULL;
    }
    w->err = err;
    w->locate = locate;
    w->lctx = ctx;
    w->yaml = yaml;
    w->strings = strings;
    w->doc = pg__doc_new(NULL);
    pg_doc *doc = w->doc;
    if (!doc) {
        nomem(w);
    } else {
        /* Layout from outside is checked against the fields when the text
         * is written; the scale, last update and comments are derived
         * from the prose as for a parsed text. */
        pg__doc_set_verify_raw(doc, true);
        bool ok = read_doc(w, root) && pg__doc_finish(doc, err) == PG_OK;
        /* A scale the text does not declare (the document was parsed with
         * a configured one) comes from the data's "scale". */
        if (ok && !doc->scale_declared)
            ok = data_scale(w, root);
        if (ok && pg__doc_validate_states(doc, err) != PG_OK) {
            anchor_error(w, err, NULL);
            ok = false;
        }
        if (!ok) {
            pg_doc_free(doc);
            doc = NULL;
        } else if (strings->strs) {
            pg__arena_adopt(&doc->arena, strings->strs); /* its strings point there */
        }
    }
    pg__free(w);
    return doc;
}

/* ---------------------------------------------------------- in pieces */

pg_mwalk *pg__mwalk_new(pg_doc *doc, const pg_mstrings *strings, bool yaml, pg_error *err)
{
    walk *w = pg__calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->doc = doc;
    w->err = err;
    w->yaml = yaml;
    w->strings = strings;
    return w;
}

void pg__mwalk_free(pg_mwalk *w) { pg__free(w); }

bool pg__mwalk_context(pg_mwalk *w, const pg_mnode *root, pg_doc *render)
{
    if (!want(w, root, JSON_OBJECT) || !read_eol(w, root) || !check_scale(w, root))
        return false;
    pg_doc *own = w->doc;
    w->doc = render;
    bool ok = data_scale(w, root);
    w->doc = own;
    return ok;
}

bool pg__mwalk_items(pg_mwalk *w, const pg_mnode *arr, pg_section *s)
{
    return read_item_array(w, arr, s);
}

bool pg__mwalk_section(pg_mwalk *w, const pg_mnode *o, pg_section *s)
{
    return read_section(w, o, s);
}

bool pg__mwalk_doc(pg_mwalk *w, const pg_mnode *root) { return read_doc(w, root); }

void pg__model_position(const char *buf, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1;
    size_t start = 0;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n')
            l++, start = i + 1;
    *line = l;
    *col = (uint32_t)(off - start + 1);
}
