/* canon.c - the canonical form of each node, and whether a node's raw
 * layout still says what its fields say.
 *
 * Canonical form (grammar/prognosis.ebnf, "canonical"):
 *   heading   "== Title =="                 label  "Title:"
 *   tracked   "*  Title (tag) (state)"      notes  "   text"
 *             owners/refs "  -  Name"       sub-items " - text"
 *   keyed     "* Title (tag)"  "  owner: x"  "  key: value"  "  prognosis: x"
 *   records   "S: Title" "O: x" "E: x" "P: x" "J: x" "S2: x"
 *   list      "* [PATCH ...] Title [URL]"
 *   timeline  "* Title: date" ["  <== WE ARE HERE"]
 * Quoted nodes start with ">" per depth and a space.  One node is one
 * line: the canonical writer never wraps, so an edit to a node changes
 * exactly one line (guarantee 3).  Wrapping long lines with soft breaks is
 * a fix `prognosis fmt` applies. */
#include "parser.h"

static int put(pg_buf *b, const char *s, size_t n) { return pg__buf_put(b, s, n); }
static int puts_(pg_buf *b, const char *s) { return pg__buf_puts(b, s); }
static int putstr(pg_buf *b, pg_str s) { return s.ptr ? pg__buf_put(b, s.ptr, s.len) : 0; }

static int prefix(pg_buf *b, unsigned depth)
{
    for (unsigned i = 0; i < depth; i++)
        if (pg__buf_putc(b, '>'))
            return -1;
    return depth ? pg__buf_putc(b, ' ') : 0;
}

/* Write one line (already prefixed), with the document's line end.  A
 * trailing blank would read back as a soft break: never write one. */
/* End a line written into out since start: trailing blanks dropped (the
 * text form cannot keep them), then the document's line end. */
static int line_end(const pg_doc *doc, pg_buf *out, size_t start)
{
    while (out->len > start && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t'))
        out->len--;
    return putstr(out, doc->eol) ? -1 : 0;
}

static bool has_state_entry(const pg_item *it)
{
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_STATE)
            return true;
    return false;
}

int pg__canon_item_head(const pg_doc *doc, const pg_item *it, pg_buf *out)
{
    /* Written straight into out after the quote prefix: no buffer of its own. */
    int rc = prefix(out, it->quote);
    size_t start = out->len;
    if (it->date.ptr) {
        rc |= puts_(out, "* ") | putstr(out, it->title) | puts_(out, ": ") | putstr(out, it->date);
        if (it->here)
            rc |= puts_(out, "  <== WE ARE HERE");
    } else if (it->dialect == PG_DIALECT_RECORDS) {
        rc |= puts_(out, "S: ") | putstr(out, it->title);
    } else {
        rc |= puts_(out, it->dialect == PG_DIALECT_TRACKED ? "*  " : "* ");
        if (it->patch.ptr)
            rc |= puts_(out, "[") | putstr(out, it->patch) | puts_(out, "] ");
        rc |= putstr(out, it->title);
        if (it->tag.ptr)
            rc |= puts_(out, " (") | putstr(out, it->tag) | puts_(out, ")");
        /* A keyed item's state belongs on its "prognosis:" line; one
         * written in the head is layout the data carries (layout.head). */
        if (it->state.ptr && !has_state_entry(it) && it->dialect != PG_DIALECT_KEYED)
            rc |= puts_(out, " (") | putstr(out, it->state) | puts_(out, ")");
        if (it->url.ptr)
            rc |= puts_(out, " [") | putstr(out, it->url) | puts_(out, "]");
    }
    if (!rc)
        rc = line_end(doc, out, start);
    return rc ? -1 : 0;
}

static bool is_record_key(pg_str k)
{
    static const char *const keys[] = {"S2", "O", "E", "P", "B", "J", "V"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (pg__str_eq(k, pg__cstr(keys[i])))
            return true;
    return false;
}

/* The value a STATE entry writes: its own spelling while it still names
 * the item's state, else the state itself. */
static pg_str state_value(const pg_doc *doc, const pg_item *it, const pg_entry *e)
{
    if (e->value.ptr && it->state.ptr &&
        pg_doc_state_rank(doc, e->value) == pg_doc_state_rank(doc, it->state))
        return e->value;
    return it->state.ptr ? it->state : e->value;
}

int pg__canon_entry(const pg_doc *doc, const pg_item *it, const pg_entry *e, pg_buf *out)
{
    /* Written straight into out after the quote prefix: no buffer of its own. */
    int rc = prefix(out, it->quote);
    size_t start = out->len;
    pg_str v = e->kind == PG_ENTRY_STATE ? state_value(doc, it, e) : e->value;
    /* A records item writes record lines ("O: x"); a key line it carries
     * from elsewhere ("  prognosis: Excellent", "  Link: URL") keeps the
     * key-line form, the only one that reads back as that key. */
    bool record_line =
        e->kind != PG_ENTRY_SUBITEM &&
        (!e->key.ptr || !e->key.len || is_record_key(e->key) ||
         (e->kind != PG_ENTRY_FIELD && e->kind != PG_ENTRY_REF && e->kind != PG_ENTRY_STATE));
    if (it->dialect == PG_DIALECT_RECORDS && record_line) {
        const char *k = e->kind == PG_ENTRY_NOTE    ? "S2"
                        : e->kind == PG_ENTRY_OWNER ? "O"
                        : e->kind == PG_ENTRY_EMAIL ? "E"
                        : e->kind == PG_ENTRY_STATE ? "P"
                        : e->kind == PG_ENTRY_REF   ? "J"
                                                    : "V";
        if (e->key.ptr && e->key.len && (e->kind == PG_ENTRY_FIELD || e->kind == PG_ENTRY_REF))
            rc |= putstr(out, e->key);
        else
            rc |= puts_(out, k);
        rc |= puts_(out, ": ") | putstr(out, v);
    } else {
        bool keyed = it->dialect == PG_DIALECT_KEYED;
        switch (e->kind) {
        case PG_ENTRY_NOTE:
            rc |= puts_(out, keyed ? "  " : "   ") | putstr(out, v);
            break;
        case PG_ENTRY_OWNER:
            rc |= puts_(out, keyed ? "  owner: " : "  -  ") | putstr(out, v);
            break;
        case PG_ENTRY_EMAIL:
            rc |= puts_(out, "  -  <") | putstr(out, v) | puts_(out, ">");
            break;
        case PG_ENTRY_REF:
            rc |= puts_(out, "  -  ") | putstr(out, v);
            break;
        case PG_ENTRY_SUBITEM:
            rc |= puts_(out, " - ") | putstr(out, v);
            break;
        case PG_ENTRY_FIELD:
        case PG_ENTRY_STATE:
        default:
            rc |= puts_(out, "  ");
            if (e->key.ptr && e->key.len)
                rc |= putstr(out, e->key);
            else
                rc |= puts_(out, e->kind == PG_ENTRY_STATE ? "prognosis" : "status");
            rc |= puts_(out, ": ") | putstr(out, v);
            break;
        }
    }
    if (!rc)
        rc = line_end(doc, out, start);
    return rc ? -1 : 0;
}

int pg__canon_section_head(const pg_doc *doc, const pg_section *s, pg_buf *out)
{
    int rc = prefix(out, s->quote);
    if (s->label) {
        rc |= putstr(out, s->title) | puts_(out, ":");
    } else {
        for (unsigned i = 0; i < s->level && !rc; i++)
            rc |= pg__buf_putc(out, '=');
        rc |= puts_(out, " ") | putstr(out, s->title) | puts_(out, " ");
        for (unsigned i = 0; i < s->level && !rc; i++)
            rc |= pg__buf_putc(out, '=');
    }
    rc |= putstr(out, doc->eol);
    return rc ? -1 : 0;
}

/* ------------------------------------------------ raw layout still valid? */

/* A throw-away parser over raw bytes, sharing the document's scale. */
typedef struct snippet {
    pg_doc tmp;
    pg_parser p;
    pg_error err;
    bool ok;
} snippet;

static bool snippet_open(snippet *sn, const pg_doc *doc, pg_str raw)
{
    memset(sn, 0, sizeof *sn);
    sn->tmp = *doc;
    memset(&sn->tmp.arena, 0, sizeof sn->tmp.arena);
    if (pg__parser_open(&sn->p, &sn->tmp, raw.ptr, raw.len, &sn->err) != PG_OK)
        return false;
    if (pg__split_lines(&sn->p, 0) != PG_OK || sn->p.n_lines == 0) {
        pg__parser_close(&sn->p);
        pg__arena_free(&sn->tmp.arena);
        return false;
    }
    sn->ok = true;
    return true;
}

static void snippet_close(snippet *sn)
{
    if (!sn->ok)
        return;
    pg__parser_close(&sn->p);
    pg__arena_free(&sn->tmp.arena);
}

static bool same(pg_str a, pg_str b) { return pg__str_eq(a, b); }

/* Open a snippet over a raw head and read it as an item head into *got
 * (zeroed when the raw starts no item).  False when the snippet could not
 * be opened; otherwise the caller closes it. */
static bool snippet_head(snippet *sn, const pg_doc *doc, pg_str raw, bool timeline, pg_item *got)
{
    memset(got, 0, sizeof *got);
    if (!raw.ptr || !snippet_open(sn, doc, raw))
        return false;
    if (pg__is_item_start(&sn->p, 0)) {
        pg_head_ctx ctx = {.timeline = timeline};
        pg__parse_item(&sn->p, 0, &ctx, got);
    }
    return true;
}

/* The fields a head line carries other than its state. */
static bool same_head(const pg_item *got, const pg_item *it)
{
    return got->head_raw.len == it->head_raw.len && same(got->title, it->title) &&
           same(got->tag, it->tag) && (!it->tag.ptr || got->tag_kind == it->tag_kind) &&
           same(got->date, it->date) && got->here == it->here && same(got->patch, it->patch) &&
           same(got->url, it->url) && got->quote == it->quote &&
           (got->dialect == PG_DIALECT_RECORDS) == (it->dialect == PG_DIALECT_RECORDS);
}

bool pg__item_head_raw_ok(const pg_doc *doc, const pg_item *it)
{
    if (!it->head_raw.ptr)
        return false;
    if (!doc->verify_raw)
        return true;
    snippet sn;
    pg_item got;
    if (!snippet_head(&sn, doc, it->head_raw, it->date.ptr != NULL || it->here, &got))
        return false;
    /* The head carries the state unless a state line of the body does. */
    pg_str want_state = has_state_entry(it) ? pg__str(NULL, 0) : it->state;
    bool ok = same_head(&got, it) && same(got.state, want_state);
    snippet_close(&sn);
    return ok;
}

bool pg__head_raw_has_state(const pg_doc *doc, pg_str raw, bool timeline)
{
    snippet sn;
    pg_item got;
    if (!snippet_head(&sn, doc, raw, timeline, &got))
        return false;
    snippet_close(&sn);
    return got.state.ptr != NULL;
}

/* Patch a raw head whose only change is the state: replace the text of
 * its "(state)" in place, add " (state)" at the end of its last line, or
 * remove it, so a head that spans several lines (soft breaks) still
 * changes on exactly one line.  Returns 1 when out holds the patched
 * head, 0 when the raw cannot be patched, -1 on NOMEM. */
int pg__item_head_patch(const pg_doc *doc, const pg_item *it, pg_buf *out)
{
    if (!it->head_raw.ptr || has_state_entry(it) || it->date.ptr)
        return 0;
    snippet sn;
    pg_item got;
    if (!snippet_head(&sn, doc, it->head_raw, it->here, &got))
        return sn.err.code == PG_ERR_NOMEM ? -1 : 0;
    int rc = 0;
    pg_str raw = it->head_raw;
    if (same_head(&got, it) && got.dialect != PG_DIALECT_RECORDS) {
        /* Where the old "(state)" sits: its last occurrence, any case. */
        size_t at = raw.len, n = got.state.len + 2;
        for (size_t k = raw.len; got.state.ptr && k-- > 0;)
            if (raw.ptr[k] == '(' && raw.len - k >= n && raw.ptr[k + n - 1] == ')' &&
                pg__str_ieq(pg__str(raw.ptr + k + 1, got.state.len), got.state)) {
                at = k;
                break;
            }
        size_t end = raw.len; /* end of the last line's content */
        while (end && (raw.ptr[end - 1] == '\n' || raw.ptr[end - 1] == '\r'))
            end--;
        int e = 0;
        if (got.state.ptr && at < raw.len && it->state.ptr) {
            e = put(out, raw.ptr, at + 1) || putstr(out, it->state) ||
                put(out, raw.ptr + at + n - 1, raw.len - at - n + 1);
            rc = 1;
        } else if (got.state.ptr && at < raw.len) {
            size_t from = at;
            while (from && (raw.ptr[from - 1] == ' ' || raw.ptr[from - 1] == '\t'))
                from--;
            e = put(out, raw.ptr, from) || put(out, raw.ptr + at + n, raw.len - at - n);
            rc = 1;
        } else if (!got.state.ptr && it->state.ptr) {
            e = put(out, raw.ptr, end) || puts_(out, " (") || putstr(out, it->state) ||
                puts_(out, ")") || put(out, raw.ptr + end, raw.len - end);
            rc = 1;
        }
        if (e)
            rc = -1;
    }
    snippet_close(&sn);
    return rc;
}

int pg__classify_entry(const pg_doc *doc, pg_dialect d, pg_str raw, pg_entry *out)
{
    snippet sn;
    if (!raw.ptr)
        return 0;
    if (!snippet_open(&sn, doc, raw))
        return sn.err.code == PG_ERR_NOMEM || sn.p.nomem ? -1 : 0;
    pg_entry e;
    uint32_t depth = pg__line_depth(&sn.p, &sn.p.lines[0]);
    size_t end = pg__parse_entry(&sn.p, 0, d, depth, 0, &e);
    if (sn.p.m.nomem || sn.p.nomem) {
        snippet_close(&sn);
        return -1;
    }
    bool ok = end == sn.p.n_lines && end > 0;
    if (ok) {
        /* Values live in the snippet's arena: compare before closing, or
         * point them back into raw when they are plain slices of it. */
        *out = e;
        out->raw = raw;
        bool inside = e.value.ptr >= raw.ptr && e.value.ptr + e.value.len <= raw.ptr + raw.len;
        if (!inside)
            out->value = pg__str(NULL, 0);
    }
    snippet_close(&sn);
    return ok ? 1 : 0;
}

/* Is the item's state known to a reader before entry e?  Then a state
 * line at e reads as a field, as the parser reads a second state line.
 * The head carries the state when no body line does; else the STATE
 * entry must come before e (known only when e is one of it's entries). */
static bool state_before(const pg_item *it, const pg_entry *e)
{
    if (!it->state.ptr)
        return false;
    if (!has_state_entry(it))
        return true;
    if (e < it->entries || e >= it->entries + it->n_entries)
        return false;
    for (const pg_entry *x = it->entries; x < e; x++)
        if (x->kind == PG_ENTRY_STATE)
            return true;
    return false;
}

bool pg__entry_raw_ok(const pg_doc *doc, const pg_item *it, const pg_entry *e)
{
    return pg__entry_raw_fits(doc, it, e, e->raw.ptr && doc->verify_raw && state_before(it, e));
}

bool pg__entry_raw_fits(const pg_doc *doc, const pg_item *it, const pg_entry *e, bool state_placed)
{
    if (!e->raw.ptr)
        return false;
    if (!doc->verify_raw)
        return true;
    snippet sn;
    if (!snippet_open(&sn, doc, e->raw))
        return false;
    pg_entry got;
    bool ok = false;
    if (pg__line_depth(&sn.p, &sn.p.lines[0]) == it->quote) {
        size_t end = pg__parse_entry(&sn.p, 0, it->dialect, it->quote, 0, &got);
        if (got.kind == PG_ENTRY_STATE && e->kind == PG_ENTRY_FIELD && state_placed)
            got.kind = PG_ENTRY_FIELD;
        ok = end == sn.p.n_lines && end > 0 && got.kind == e->kind;
        if (ok && e->kind == PG_ENTRY_STATE)
            ok = pg_doc_state_rank(doc, got.value) == pg_doc_state_rank(doc, it->state) &&
                 it->state.ptr;
        else if (ok)
            ok = same(got.value, e->value) &&
                 (e->kind != PG_ENTRY_FIELD || pg__str_eq(got.key, e->key));
    }
    snippet_close(&sn);
    return ok;
}

bool pg__section_head_raw_ok(const pg_doc *doc, const pg_section *s)
{
    if (!s->head_raw.ptr)
        return false;
    if (!doc->verify_raw)
        return true;
    snippet sn;
    if (!snippet_open(&sn, doc, s->head_raw))
        return false;
    const pg_line *l = &sn.p.lines[0];
    bool ok = sn.p.n_lines == 1 && pg__line_depth(&sn.p, l) == s->quote;
    pg_str cap[3];
    const char *c = pg__line_content(&sn.p, l);
    size_t cn = pg__line_content_len(&sn.p, l);
    if (ok && s->label)
        ok = l->kind == LK_LABEL && pg__match(&sn.p.m, PG_PAT_LABEL, c, cn, cap, 1) &&
             same(cap[0], s->title);
    else if (ok)
        ok = l->kind == LK_HEADING && pg__match(&sn.p.m, PG_PAT_HEADING, c, cn, cap, 3) &&
             cap[0].len == s->level && same(cap[1], s->title);
    snippet_close(&sn);
    return ok;
}

/* raw with its line ends made "\n" equals text. */
bool pg__text_raw_ok(const pg_doc *doc, pg_str text, pg_str raw)
{
    (void)doc;
    if (!raw.ptr || !text.ptr)
        return false;
    size_t i = 0, k = 0;
    while (i < raw.len) {
        char c = raw.ptr[i++];
        if (c == '\r') {
            if (i < raw.len && raw.ptr[i] == '\n')
                i++;
            c = '\n';
        }
        if (k >= text.len || text.ptr[k++] != c)
            return false;
    }
    return k == text.len;
}

/* ---------------------------------------------- is the layout canonical? */

static bool buf_equals(const pg_buf *b, pg_str s)
{
    return s.ptr && b->len == s.len && (s.len == 0 || memcmp(b->data, s.ptr, s.len) == 0);
}

/* The three checks below write the canonical form into the caller's
 * scratch buffer (reused across a whole document: no allocation per node)
 * and compare. */
bool pg__item_head_is_canonical(const pg_doc *doc, const pg_item *it, pg_buf *scratch)
{
    if (!it->head_raw.ptr)
        return true;
    scratch->len = 0;
    return pg__canon_item_head(doc, it, scratch) == 0 && buf_equals(scratch, it->head_raw);
}

bool pg__item_body_is_canonical(const pg_doc *doc, const pg_item *it, pg_buf *scratch)
{
    int last = -1;
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        int o = pg__entry_kind_order(it->dialect, e->kind);
        if (o < last)
            return false;
        last = o;
        if (e->raw.ptr) {
            scratch->len = 0;
            if (pg__canon_entry(doc, it, e, scratch) != 0 || !buf_equals(scratch, e->raw))
                return false;
        }
    }
    return true;
}

bool pg__section_head_is_canonical(const pg_doc *doc, const pg_section *s, pg_buf *scratch)
{
    if (!s->head_raw.ptr)
        return true;
    scratch->len = 0;
    return pg__canon_section_head(doc, s, scratch) == 0 && buf_equals(scratch, s->head_raw);
}

/* Canonical prose: text with each "\n" written as the document's eol. */
bool pg__text_raw_is_canonical(const pg_doc *doc, pg_str text, pg_str raw)
{
    if (!raw.ptr)
        return true;
    size_t i = 0;
    for (size_t k = 0; k < text.len; k++) {
        if (text.ptr[k] == '\n') {
            if (raw.len - i < doc->eol.len || memcmp(raw.ptr + i, doc->eol.ptr, doc->eol.len))
                return false;
            i += doc->eol.len;
        } else if (i >= raw.len || raw.ptr[i++] != text.ptr[k]) {
            return false;
        }
    }
    return i == raw.len;
}

bool pg__subject_is_canonical(const pg_doc *doc)
{
    if (!doc->subject_raw.ptr)
        return true;
    pg_str r = doc->subject_raw;
    return r.len == doc->subject.len + doc->eol.len &&
           !memcmp(r.ptr, doc->subject.ptr, doc->subject.len) &&
           !memcmp(r.ptr + doc->subject.len, doc->eol.ptr, doc->eol.len);
}

int pg__entry_line(const pg_doc *doc, const pg_item *it, const pg_entry *e, pg_buf *out)
{
    if (e->raw.ptr && pg__entry_raw_ok(doc, it, e))
        return pg__buf_put(out, e->raw.ptr, e->raw.len);
    return pg__canon_entry(doc, it, e, out);
}
