/* parse_item.c - one item: its head line(s) and its body.
 *
 *   item      = head { entry }
 *   head      = bullet-line { continuation } [ here-line ]
 *             | "S:" record-line { continuation }
 *   entry     = ( dash-line | keyed-line | record-line | note-line
 *               | nested-bullet ) { continuation }
 *   continuation = a line after a soft break (the previous line ends in a
 *               space, RFC 3676) that starts unindented at the same depth
 *
 * The body ends at a blank line, a change of quote depth, or any line
 * that is no entry.  (grammar/prognosis.ebnf.) */
#include "parser.h"

bool pg__is_item_start(const pg_parser *p, size_t i)
{
    const pg_line *l = &p->lines[i];
    return l->kind == LK_BULLET || (l->kind == LK_RECORD && (l->flags & LF_RECORD_S));
}

static bool can_continue(const pg_parser *p, const pg_line *first, const pg_line *n)
{
    return (n->kind == LK_TEXT || n->kind == LK_LABEL) && pg__line_indent(p, n) == 0 &&
           pg__line_depth(p, n) == pg__line_depth(p, first) &&
           !(n->flags &
             (LF_SIGNATURE | LF_FOOTER | LF_SNIP | LF_ORIGINAL | LF_ATTRIBUTION | LF_HERE));
}

size_t pg__continuation_end(const pg_parser *p, size_t i)
{
    size_t j = i + 1;
    while (j < p->n_lines && (p->lines[j - 1].flags & LF_SOFT) &&
           can_continue(p, &p->lines[i], &p->lines[j]))
        j++;
    return j;
}

/* Lines are joined with one space unless the previous one already ends in
 * a space (a soft break keeps its space, as format=flowed without DelSp). */
pg_str pg__join_value(pg_parser *p, const char *v, size_t a, size_t b)
{
    const pg_line *la = &p->lines[a];
    const char *end = p->src + la->start + la->len;
    pg_str out = pg__str(v, (size_t)(end - v));
    if (b > a + 1) {
        size_t total = out.len;
        for (size_t k = a + 1; k < b; k++)
            total += pg__line_content_len(p, &p->lines[k]) + 1;
        char *buf = pg__arena_alloc_raw(&p->doc->arena, total + 1);
        if (!buf) {
            pg__parser_nomem(p);
            return pg__str("", 0);
        }
        memcpy(buf, v, out.len);
        size_t n = out.len;
        for (size_t k = a + 1; k < b; k++) {
            const pg_line *l = &p->lines[k];
            if (n && buf[n - 1] != ' ')
                buf[n++] = ' ';
            memcpy(buf + n, pg__line_content(p, l), pg__line_content_len(p, l));
            n += pg__line_content_len(p, l);
        }
        out = pg__str(buf, n);
    }
    while (out.len && (out.ptr[out.len - 1] == ' ' || out.ptr[out.len - 1] == '\t'))
        out.len--;
    return out;
}

static const char *skip_blanks(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

/* Tracking-list items wrap hard (no soft break): "[PATCH ...] title [" on
 * one line, the URL and "]" on the next.  Keep taking unindented lines
 * while a "[" is open or a "[PATCH" item has not shown its URL yet. */
static bool list_wants_more(pg_str t)
{
    int open = 0;
    bool url = false;
    for (size_t k = 0; k < t.len; k++) {
        if (t.ptr[k] == '[')
            open++;
        else if (t.ptr[k] == ']' && open > 0)
            open--;
        else if (t.ptr[k] == ':' && k + 2 < t.len && t.ptr[k + 1] == '/' && t.ptr[k + 2] == '/')
            url = true;
    }
    if (open > 0)
        return true;
    bool patch = false;
    for (size_t k = 1; t.len > 6 && t.ptr[0] == '[' && k + 5 <= t.len && k < 40 && t.ptr[k] != ']';
         k++)
        if (!memcmp(t.ptr + k, "PATCH", 5))
            patch = true;
    return patch && !url;
}

static size_t list_continuation(pg_parser *p, size_t i, size_t j, const char *v)
{
    const pg_line *h = &p->lines[i];
    for (int guard = 0; j < p->n_lines && guard < 8; guard++) {
        const pg_line *n = &p->lines[j];
        if (n->kind != LK_TEXT || pg__line_depth(p, n) != pg__line_depth(p, h) ||
            pg__line_indent(p, n) > pg__line_indent(p, h) ||
            (n->flags & (LF_SIGNATURE | LF_FOOTER | LF_SNIP | LF_ORIGINAL | LF_ATTRIBUTION)))
            break;
        pg_str so_far = pg__join_value(p, v, i, j);
        if (!list_wants_more(so_far))
            break;
        j = pg__continuation_end(p, j);
    }
    return j;
}

/* Cheap test before the REF pattern: a ticket ("XEN-28") has a '-', a URL
 * or "Link:" a ':', a bug number a digit.  Most owner lines have none. */
static bool may_be_ref(pg_str v)
{
    /* One load and test a byte: the loop runs over every owner name. */
    static const unsigned char ref_byte[256] = {
        ['-'] = 1, [':'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
        ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1};
    for (size_t i = 0; i < v.len; i++)
        if (ref_byte[(unsigned char)v.ptr[i]])
            return true;
    return false;
}

static pg_entry_kind record_kind(pg_parser *p, pg_str key, pg_str value)
{
    switch (key.ptr[0]) {
    case 'O':
        return PG_ENTRY_OWNER;
    case 'E':
        return PG_ENTRY_EMAIL;
    case 'J':
    case 'B':
        return PG_ENTRY_REF;
    case 'P':
        return pg_doc_state_rank(p->doc, value) >= 0 ? PG_ENTRY_STATE : PG_ENTRY_FIELD;
    case 'S':
        return PG_ENTRY_NOTE; /* S2: an extra line of the title */
    default:
        return PG_ENTRY_FIELD; /* V: and what may come */
    }
}

static pg_entry_kind keyed_kind(pg_parser *p, pg_str key, pg_str value)
{
    if (key.len >= 5 && pg__str_ieq(pg__str(key.ptr, 5), pg__cstr("owner")))
        return PG_ENTRY_OWNER;
    if (key.len == 4 && pg__str_ieq(key, pg__cstr("link")))
        return PG_ENTRY_REF;
    if (pg__str_ieq(key, pg__cstr("prognosis")) && pg_doc_state_rank(p->doc, value) >= 0)
        return PG_ENTRY_STATE;
    return PG_ENTRY_FIELD;
}

/* A bullet line's text after its bullet ("*" or U+2022), blanks skipped:
 * an item's head or a sub-item. */
static const char *bullet_text(const pg_parser *p, const pg_line *h)
{
    const char *c = pg__line_content(p, h);
    const char *end = c + pg__line_content_len(p, h);
    size_t in = pg__line_indent(p, h);
    return skip_blanks(c + in + ((unsigned char)c[in] == '*' ? 1 : 3), end);
}

/* Can line i be a body line of an item at depth whose bullet is at
 * head_indent?  (The classifier's kind says so; a key or record line's
 * captures are read again only by a parse that wants its value.) */
static bool body_line(const pg_parser *p, size_t i, bool records, uint32_t depth,
                      size_t head_indent)
{
    if (i >= p->n_lines)
        return false;
    const pg_line *l = &p->lines[i];
    if (pg__line_depth(p, l) != depth)
        return false;
    switch (l->kind) {
    case LK_RECORD:
        return records && !(l->flags & LF_RECORD_S);
    case LK_DASH:
    case LK_KEYED:
        return true;
    case LK_BULLET:
        return pg__line_indent(p, l) > head_indent;
    case LK_TEXT:
    case LK_LABEL:
        return pg__line_indent(p, l) != 0 && !(l->flags & (LF_SIGNATURE | LF_FOOTER));
    default:
        return false;
    }
}

size_t pg__parse_entry(pg_parser *p, size_t i, pg_dialect d, uint32_t depth, size_t head_indent,
                       pg_entry *e)
{
    memset(e, 0, sizeof *e);
    if (!body_line(p, i, d == PG_DIALECT_RECORDS, depth, head_indent))
        return i;
    const pg_line *l = &p->lines[i];
    const char *c = pg__line_content(p, l);
    const char *end = c + pg__line_content_len(p, l);
    size_t cn = pg__line_content_len(p, l);
    pg_str cap[3];
    const char *v = NULL;
    switch (l->kind) {
    case LK_RECORD:
        if (!pg__rematch(p, PG_PAT_RECORD, c, cn, cap, 2))
            return i;
        e->key = cap[0];
        v = skip_blanks(c + cap[0].len + 1, end);
        break;
    case LK_DASH: {
        const char *dash = c + pg__line_indent(p, l);
        v = skip_blanks(dash + 1, end);
        pg_str val = pg__trim(pg__str(v, (size_t)(end - v)));
        if (may_be_ref(val) && pg__match(&p->m, PG_PAT_REF, val.ptr, val.len, NULL, 0))
            e->kind = PG_ENTRY_REF;
        else if (val.len > 2 && val.ptr[0] == '<' && val.ptr[val.len - 1] == '>' &&
                 memchr(val.ptr, '@', val.len) && d != PG_DIALECT_KEYED) {
            e->kind = PG_ENTRY_EMAIL; /* "  -  <name@host>" */
            v++;
        } else if (d == PG_DIALECT_KEYED || pg__line_indent(p, l) < 2 || v == dash + 1)
            e->kind = PG_ENTRY_SUBITEM;
        else
            e->kind = PG_ENTRY_OWNER;
        break;
    }
    case LK_KEYED:
        if (!pg__rematch(p, PG_PAT_KEYED, c, cn, cap, 3))
            return i;
        e->key = cap[1];
        v = cap[2].ptr;
        break;
    case LK_BULLET:
        e->kind = PG_ENTRY_SUBITEM;
        v = bullet_text(p, l);
        break;
    case LK_TEXT:
    case LK_LABEL:
        e->kind = PG_ENTRY_NOTE;
        v = c + pg__line_indent(p, l);
        break;
    default:
        return i;
    }
    size_t j = pg__continuation_end(p, i);
    e->value = pg__join_value(p, v, i, j);
    if (l->kind == LK_DASH && e->kind == PG_ENTRY_EMAIL && e->value.len)
        e->value.len--; /* the closing ">" */
    if (l->kind == LK_RECORD)
        e->kind = record_kind(p, e->key, e->value);
    else if (l->kind == LK_KEYED)
        e->kind = keyed_kind(p, e->key, e->value);
    e->raw = pg__lines_raw(p, i, j);
    e->line = (uint32_t)i + 1;
    return j;
}

/* Key lines decide before a patch or URL does: they change how the
 * item's dash lines read (sub-items), which a reader of the data must
 * know from the dialect alone. */
static pg_dialect decide_dialect(const pg_item *it, bool records, bool keyed)
{
    if (records)
        return PG_DIALECT_RECORDS;
    if (keyed)
        return PG_DIALECT_KEYED;
    return it->patch.ptr || it->url.ptr ? PG_DIALECT_LIST : PG_DIALECT_TRACKED;
}

/* Where the head that starts at line i ends: its soft breaks, a list
 * item's continuation lines and a timeline entry's "<== WE ARE HERE".
 * v: the head's text after the bullet (NULL for a record). */
static size_t head_end(pg_parser *p, size_t i, const pg_head_ctx *ctx, const char *v, bool *here)
{
    const pg_line *h = &p->lines[i];
    size_t j = pg__continuation_end(p, i);
    *here = false;
    if (!v)
        return j;
    j = list_continuation(p, i, j, v);
    if (ctx->timeline && j < p->n_lines && (p->lines[j].flags & LF_HERE) &&
        pg__line_depth(p, &p->lines[j]) == pg__line_depth(p, h)) {
        *here = true;
        j++;
    }
    return j;
}

size_t pg__item_extent(pg_parser *p, size_t i, const pg_head_ctx *ctx)
{
    const pg_line *h = &p->lines[i];
    bool records = h->kind == LK_RECORD, here;
    size_t j = head_end(p, i, ctx, records ? NULL : bullet_text(p, h), &here);
    uint32_t depth = pg__line_depth(p, h);
    size_t indent = pg__line_indent(p, h);
    while (body_line(p, j, records, depth, indent))
        j = pg__continuation_end(p, j);
    return j;
}

size_t pg__parse_item(pg_parser *p, size_t i, const pg_head_ctx *ctx, pg_item *it)
{
    const pg_line *h = &p->lines[i];
    const char *c = pg__line_content(p, h);
    const char *end = c + pg__line_content_len(p, h);
    bool records = h->kind == LK_RECORD;
    it->quote = pg__line_depth(p, h);
    it->line = (uint32_t)i + 1;
    const char *v = records ? NULL : bullet_text(p, h);
    bool here;
    size_t j = head_end(p, i, ctx, v, &here);
    if (records) {
        it->title = pg__join_value(p, skip_blanks(c + 2, end), i, j);
    } else {
        /* The text is the head's lines before a "WE ARE HERE" line. */
        pg__parse_head_text(p, pg__join_value(p, v, i, j - here), ctx, it);
        it->here |= here; /* on a line of its own; in the head, the text says */
    }
    it->head_raw = pg__lines_raw(p, i, j);

    /* The parser's scratch vector: one allocation for all items, not one each. */
    pg_vec *ents = &p->ents;
    ents->elem = sizeof(pg_entry);
    ents->len = 0;
    pg_dialect d = records ? PG_DIALECT_RECORDS : PG_DIALECT_TRACKED;
    bool keyed = false;
    while (j < p->n_lines && !p->nomem) {
        pg_entry e;
        size_t k = pg__parse_entry(p, j, d, pg__line_depth(p, h), pg__line_indent(p, h), &e);
        if (k == j)
            break;
        /* "  Link: URL" is what the release generator writes under tracked
         * items: a reference, not a sign of the keyed dialect. */
        if (p->lines[j].kind == LK_KEYED && !records && e.kind != PG_ENTRY_REF) {
            keyed = true;
            d = PG_DIALECT_KEYED;
        }
        if (e.kind == PG_ENTRY_STATE && !it->state.ptr) {
            int r = pg_doc_state_rank(p->doc, e.value);
            it->state = pg_doc_scale_state(p->doc, (size_t)r);
        } else if (e.kind == PG_ENTRY_STATE) {
            e.kind = PG_ENTRY_FIELD; /* a second state line: keep it as data */
        }
        pg_entry *slot = pg__vec_push(ents);
        if (!slot) {
            pg__parser_nomem(p);
            break;
        }
        *slot = e;
        j = k;
    }
    /* In a keyed item a dash line is a sub-item wherever it stands (the
     * reader of JSON/YAML knows the dialect up front and must agree). */
    for (size_t k = 0; keyed && k < ents->len; k++) {
        pg_entry *e = (pg_entry *)ents->data + k;
        if (e->kind == PG_ENTRY_OWNER && p->lines[e->line - 1].kind == LK_DASH)
            e->kind = PG_ENTRY_SUBITEM;
    }
    it->end_line = (uint32_t)j;
    it->n_entries = ents->len;
    if (ents->len) {
        it->entries = pg__arena_alloc_raw(&p->doc->arena, ents->len * sizeof(pg_entry));
        if (it->entries)
            memcpy(it->entries, ents->data, ents->len * sizeof(pg_entry));
        else {
            it->n_entries = 0;
            pg__parser_nomem(p);
        }
    }
    it->dialect = decide_dialect(it, records, keyed);
    return j;
}
