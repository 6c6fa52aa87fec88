/* group.c - step two of parsing: group the classified lines into the
 * subject, sections, items and prose (parse.c splits and classifies).
 *
 *   document = [ subject ] text { node }
 *   node     = heading text | label text | item text
 *
 * A large document is grouped by several threads, each from a heading
 * on; their top sections are then hung where that heading would have
 * put them (see group_parallel). */
#include "parser.h"

/* Open sections nest, so their children sit on two shared stacks: a
 * section's items are items[items_from..] while it is on top, and closing
 * it moves them into the arena and pops them (no vector per section). */
typedef struct open_section {
    pg_section s;      /* items/sections filled when closed */
    size_t items_from;
    size_t sections_from;
    size_t n_seen;     /* items parsed into it (kept or not) */
    bool timeline;
} open_section;

typedef struct grouper {
    pg_parser *p;
    pg_vec stack;      /* of open_section; [0] is the root */
    pg_vec items;      /* of pg_item, for all open sections */
    pg_vec sections;   /* of pg_section, for all open sections */
    bool last_is_item; /* the prose that follows belongs to the last item */
} grouper;

static open_section *top(grouper *g)
{
    return (open_section *)g->stack.data + (g->stack.len - 1);
}

/* Copy v[from..] into the arena as a plain array and pop it off v. */
void *pg__freeze(pg_parser *p, pg_vec *v, size_t from, size_t *count)
{
    *count = v->len - from;
    if (!*count)
        return NULL;
    void *a = pg__arena_alloc_raw(&p->doc->arena, *count * v->elem);
    if (!a) {
        *count = 0;
        pg__parser_nomem(p);
    } else {
        memcpy(a, (char *)v->data + from * v->elem, *count * v->elem);
    }
    v->len = from;
    return a;
}

static size_t top_items(grouper *g)
{
    return top(g)->n_seen;
}

static void close_top(grouper *g)
{
    open_section *o = top(g);
    o->s.items = pg__freeze(g->p, &g->items, o->items_from, &o->s.n_items);
    o->s.sections = pg__freeze(g->p, &g->sections, o->sections_from, &o->s.n_sections);
    pg_section done = o->s;
    g->stack.len--;
    if (g->stack.len == 0) {
        g->p->doc->root = done;
        return;
    }
    pg_section *slot = pg__vec_push(&g->sections);
    if (!slot)
        pg__parser_nomem(g->p);
    else
        *slot = done;
}

/* The prose of lines [a, b): "\n" line ends in text, the exact bytes in
 * raw when they differ (other line ends than the document's). */
static void set_text(pg_parser *p, size_t a, size_t b, pg_str *text, pg_str *raw)
{
    pg_str r = pg__lines_raw(p, a, b);
    uint8_t want = p->doc->eol.len == 2 ? 2 : 1;
    bool same = true, lf = true;
    for (size_t i = a; i < b; i++) {
        uint8_t e = p->lines[i].eol;
        if (e && e != want)
            same = false;
        if (e && e != 1)
            lf = false;
    }
    if (lf) { /* already "\n": no copy; raw only when the document's eol differs */
        *text = r;
        *raw = same ? pg__str(NULL, 0) : r;
        return;
    }
    char *t = pg__arena_alloc_raw(&p->doc->arena, r.len + 1);
    if (!t) {
        pg__parser_nomem(p);
        return;
    }
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        const pg_line *l = &p->lines[i];
        memcpy(t + k, p->src + l->start, l->len);
        k += l->len;
        if (l->eol)
            t[k++] = '\n';
    }
    *text = pg__str(t, k);
    *raw = same ? pg__str(NULL, 0) : r;
}

static void flush_text(grouper *g, size_t a, size_t b)
{
    open_section *o = top(g);
    if (g->last_is_item && top_items(g)) {
        if (!g->p->keep_items || g->items.len == o->items_from)
            return; /* the item is gone (diagnostics only) or was never stored (no memory) */
        pg_item *it = (pg_item *)g->items.data + (g->items.len - 1);
        set_text(g->p, a, b, &it->text, &it->text_raw);
    } else {
        set_text(g->p, a, b, &o->s.text, &o->s.text_raw);
    }
}

static bool is_timeline_title(pg_str t)
{
    static const char *const words[] = {"timeline", "schedule", "time line", "dates"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w]);
        for (size_t i = 0; i + k <= t.len; i++)
            if (pg__str_ieq(pg__str(t.ptr + i, k), pg__str(words[w], k)))
                return true;
    }
    return false;
}

static void open_section_node(grouper *g, size_t i, pg_str title, unsigned level, bool label)
{
    pg_parser *p = g->p;
    while (g->stack.len > 1 && top(g)->s.level >= level)
        close_top(g);
    open_section *o = pg__vec_push(&g->stack);
    if (!o) {
        pg__parser_nomem(p);
        return;
    }
    o->items_from = g->items.len;
    o->sections_from = g->sections.len;
    o->s.title = title;
    o->s.level = level;
    o->s.label = label;
    o->s.quote = pg__line_depth(p, &p->lines[i]);
    o->s.head_raw = pg__lines_raw(p, i, i + 1);
    o->s.line = (uint32_t)i + 1;
    o->timeline = is_timeline_title(title);
    g->last_is_item = false;
}

static void heading(grouper *g, size_t i)
{
    pg_parser *p = g->p;
    const pg_line *l = &p->lines[i];
    const char *c = pg__line_content(p, l);
    size_t cn = pg__line_content_len(p, l);
    pg_str cap[3];
    pg__match(&p->m, PG_PAT_HEADING, c, cn, cap, 3);
    unsigned level = (unsigned)cap[0].len;
    /* Strict form: "== Title ==", one space each side, same count. */
    bool strict = cap[2].len == level && cn > level && c[level] == ' ' &&
                  cap[1].ptr == c + level + 1 && cap[2].ptr == cap[1].ptr + cap[1].len + 1;
    if (p->diags && !strict)
        pg__doc_diag(p->doc, p->diags, "malformed-heading", PG_SEV_WARNING, (uint32_t)i + 1,
                     (uint32_t)pg__line_qlen(p, l) + 1, (uint32_t)l->len + 1, l->start,
                     "heading should read '%.*s %.*s %.*s'", (int)(level > 10 ? 10 : level),
                     "==========", (int)cap[1].len, cap[1].ptr, (int)(level > 10 ? 10 : level),
                     "==========");
    open_section_node(g, i, cap[1], level, false);
}

/* "Arm:" is a section label when it stands after a blank line (or a
 * heading) and the next non-blank line is an item. */
static bool is_label(const pg_parser *p, size_t i)
{
    const pg_line *l = &p->lines[i];
    if (l->kind != LK_LABEL)
        return false;
    if (i > 0 && p->lines[i - 1].kind != LK_BLANK && p->lines[i - 1].kind != LK_HEADING)
        return false;
    size_t j = i + 1;
    while (j < p->n_lines && p->lines[j].kind == LK_BLANK)
        j++;
    return j < p->n_lines && p->lines[j].kind == LK_BULLET && pg__line_depth(p, &p->lines[j]) == pg__line_depth(p, l);
}

static void label(grouper *g, size_t i)
{
    pg_parser *p = g->p;
    const pg_line *l = &p->lines[i];
    pg_str cap[1];
    pg__match(&p->m, PG_PAT_LABEL, pg__line_content(p, l), pg__line_content_len(p, l), cap, 1);
    /* A label sits one level below the innermost real heading. */
    unsigned base = 0;
    for (size_t k = g->stack.len; k-- > 1;) {
        open_section *o = (open_section *)g->stack.data + k;
        if (!o->s.label) {
            base = o->s.level;
            break;
        }
    }
    open_section_node(g, i, cap[0], base + 1, true);
}

static void item(grouper *g, size_t *i)
{
    pg_parser *p = g->p;
    open_section *o = top(g);
    pg_item it;
    memset(&it, 0, sizeof it);
    pg_head_ctx ctx = {.timeline = o->timeline};
    o->n_seen++;
    g->last_is_item = true;
    if (!p->keep_items) { /* parse it for its diagnostics, then forget it */
        pg_arena_mark m = pg__arena_mark(&p->doc->arena);
        *i = pg__parse_item(p, *i, &ctx, &it);
        pg__arena_release(&p->doc->arena, m);
        return;
    }
    size_t next = pg__parse_item(p, *i, &ctx, &it);
    pg_item *slot = pg__vec_push(&g->items);
    if (!slot)
        pg__parser_nomem(p);
    else
        *slot = it;
    *i = next;
}

/* A subject is a first line that is no structure and stands before a
 * blank line (or alone). */
static size_t subject(pg_parser *p, bool from_header)
{
    if (p->n_lines == 0)
        return 0;
    const pg_line *l = &p->lines[0];
    if (l->kind != LK_TEXT || pg__line_depth(p, l) || pg__line_indent(p, l) ||
        (l->flags & (LF_SIGNATURE | LF_FOOTER | LF_SCALE_DECL | LF_LAST_UPDATED | LF_SNIP |
                     LF_ATTRIBUTION | LF_ORIGINAL)))
        return 0;
    if (!from_header && p->n_lines > 1 && p->lines[1].kind != LK_BLANK)
        return 0;
    pg_str c = pg__str(p->src + l->start, l->len);
    while (c.len && (c.ptr[c.len - 1] == ' ' || c.ptr[c.len - 1] == '\t'))
        c.len--;
    p->doc->subject = c;
    p->doc->subject_raw = pg__lines_raw(p, 0, 1);
    return 1;
}

void pg__group(pg_parser *p, bool subject_from_header)
{
    grouper g = {.p = p,
                 .stack = {.elem = sizeof(open_section)},
                 .items = {.elem = sizeof(pg_item)},
                 .sections = {.elem = sizeof(pg_section)}};
    if (!pg__vec_push(&g.stack)) {
        pg__parser_nomem(p);
        return;
    }
    size_t i = subject(p, subject_from_header);
    size_t text_start = i;
    while (i < p->n_lines && !p->nomem) {
        const pg_line *l = &p->lines[i];
        if (l->kind == LK_HEADING) {
            flush_text(&g, text_start, i);
            heading(&g, i++);
        } else if (l->kind == LK_LABEL && is_label(p, i)) {
            flush_text(&g, text_start, i);
            label(&g, i++);
        } else if (pg__is_item_start(p, i)) {
            flush_text(&g, text_start, i);
            item(&g, &i);
        } else {
            if (p->diags && (l->kind == LK_DASH || l->kind == LK_KEYED) &&
                (g.last_is_item || top_items(&g)))
                pg__doc_diag(p->doc, p->diags, l->kind == LK_DASH ? "orphan-owner" : "orphan-note",
                             PG_SEV_WARNING, (uint32_t)i + 1, (uint32_t)(pg__line_qlen(p, l) + pg__line_indent(p, l)) + 1,
                             (uint32_t)l->len + 1, l->start,
                             "this line belongs to no item (a blank line separates it "
                             "from the item above)");
            i++;
            continue;
        }
        text_start = i;
    }
    flush_text(&g, text_start, p->n_lines);
    while (g.stack.len)
        close_top(&g);
    pg__vec_free(&g.stack);
    pg__vec_free(&g.items);
    pg__vec_free(&g.sections);
}

