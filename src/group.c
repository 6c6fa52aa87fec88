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
    pg_section s; /* items/sections filled when closed */
    size_t items_from;
    size_t sections_from;
    size_t n_seen; /* items parsed into it (kept or not) */
    bool timeline;
    /* While a conversion streams (p->hook): its nodes are in an arena of
     * its own (outer keeps the one it replaced), and its head may have
     * gone out with its items. */
    bool own_arena, head_sent;
    pg_arena outer;
} open_section;

typedef struct grouper {
    pg_parser *p;
    pg_vec stack;      /* of open_section; [0] is the root */
    pg_vec items;      /* of pg_item, for all open sections */
    pg_vec sections;   /* of pg_section, for all open sections */
    bool last_is_item; /* the prose that follows belongs to the last item */
} grouper;

static open_section *top(grouper *g) { return (open_section *)g->stack.data + (g->stack.len - 1); }

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

static size_t top_items(grouper *g) { return top(g)->n_seen; }

/* A section closed while a conversion streams: the document's arena as
 * it was before the section opened, and the section (its comments
 * derived when whole) with its own arena to the hook, not to its parent. */
static void hand_over(grouper *g, pg_section *done, pg_arena outer, bool tail)
{
    pg_parser *p = g->p;
    if (!tail && !p->nomem && !p->stop && pg__comments_section(p->doc, &p->m, done) != 0)
        pg__parser_nomem(p);
    pg_arena mine = p->doc->arena;
    p->doc->arena = outer;
    if (p->nomem || p->stop) {
        p->stop = true;
        p->hook->drop(p->hook->ctx, &mine); /* its head may be queued */
    } else if (!p->hook->section(p->hook->ctx, done, &mine, tail)) {
        p->stop = true;
    }
    pg__arena_free(&mine); /* empty when the hook took it */
}

static void close_top(grouper *g)
{
    open_section *o = top(g);
    if (!o->head_sent) /* else they went out with its head */
        o->s.items = pg__freeze(g->p, &g->items, o->items_from, &o->s.n_items);
    o->s.sections = pg__freeze(g->p, &g->sections, o->sections_from, &o->s.n_sections);
    pg_section done = o->s;
    bool own = o->own_arena, tail = o->head_sent;
    pg_arena outer = o->outer;
    g->stack.len--;
    if (g->stack.len == 0) {
        g->p->doc->root = done;
        return;
    }
    if (own) {
        hand_over(g, &done, outer, tail);
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
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (pg__has_ci(t, words[w]))
            return true;
    return false;
}

/* What a heading of this level closes: the open sections at or below it. */
static void close_to(grouper *g, unsigned level)
{
    while (g->stack.len > 1 && top(g)->s.level >= level)
        close_top(g);
}

/* A new open section on top, its children to come on the shared stacks. */
static open_section *push_section(grouper *g)
{
    open_section *o = pg__vec_push(&g->stack);
    if (!o) {
        pg__parser_nomem(g->p);
        return NULL;
    }
    o->items_from = g->items.len;
    o->sections_from = g->sections.len;
    return o;
}

/* The top section's first subsection opens: its text and items are
 * complete (everything after nests in subsections), so its head goes out
 * (the items frozen into its arena, their comments derived). */
static void send_head(grouper *g)
{
    pg_parser *p = g->p;
    open_section *o = top(g);
    o->s.items = pg__freeze(p, &g->items, o->items_from, &o->s.n_items);
    o->head_sent = true;
    pg_section view = o->s;
    view.sections = NULL;
    view.n_sections = 0;
    if (p->nomem || pg__comments_section(p->doc, &p->m, &view) != 0)
        pg__parser_nomem(p);
    else if (!p->hook->head(p->hook->ctx, &view, g->stack.len == 1))
        p->stop = true;
    p->root_sent |= g->stack.len == 1;
}

static void open_section_node(grouper *g, size_t i, pg_str title, unsigned level, bool label)
{
    pg_parser *p = g->p;
    close_to(g, level);
    if (p->hook) {
        if (!top(g)->head_sent)
            send_head(g);
        if (p->nomem || p->stop)
            return;
    }
    open_section *o = push_section(g);
    if (!o)
        return;
    if (p->hook) { /* its nodes in an arena of its own, handed over with it */
        o->outer = p->doc->arena;
        memset(&p->doc->arena, 0, sizeof p->doc->arena);
        o->own_arena = true;
    }
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
    if (!pg__rematch(p, PG_PAT_HEADING, c, cn, cap, 3))
        return;
    unsigned level = (unsigned)cap[0].len;
    /* Strict form: "== Title ==", one space each side, same count. */
    bool strict = cap[2].len == level && cn > level && c[level] == ' ' &&
                  cap[1].ptr == c + level + 1 && cap[2].ptr == cap[1].ptr + cap[1].len + 1;
    if (p->diags && !strict)
        pg__parser_diag(p, "malformed-heading", PG_SEV_WARNING, (uint32_t)i + 1,
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
    return j < p->n_lines && p->lines[j].kind == LK_BULLET &&
           pg__line_depth(p, &p->lines[j]) == pg__line_depth(p, l);
}

static void label(grouper *g, size_t i)
{
    pg_parser *p = g->p;
    const pg_line *l = &p->lines[i];
    pg_str cap[1];
    if (!pg__rematch(p, PG_PAT_LABEL, pg__line_content(p, l), pg__line_content_len(p, l), cap, 1))
        return;
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
    if (!p->keep_items) { /* diagnostics only: where it ends is all that counts */
        pg_arena_mark m = pg__arena_mark(&p->doc->arena); /* a joined head's copy */
        *i = pg__item_extent(p, *i, &ctx);
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

static bool grouper_init(grouper *g, pg_parser *p)
{
    memset(g, 0, sizeof *g);
    g->p = p;
    g->stack.elem = sizeof(open_section);
    g->items.elem = sizeof(pg_item);
    g->sections.elem = sizeof(pg_section);
    if (pg__vec_push(&g->stack))
        return true;
    pg__parser_nomem(p);
    return false;
}

static void grouper_close(grouper *g)
{
    while (g->stack.len)
        close_top(g);
    pg__vec_free(&g->stack);
    pg__vec_free(&g->items);
    pg__vec_free(&g->sections);
}

/* Group lines [i, end); the prose since text_start, up to end, goes to
 * the last node (as the heading at end would do). */
static void walk(grouper *g, size_t i, size_t end, size_t text_start)
{
    pg_parser *p = g->p;
    while (i < end && !p->nomem && !p->stop) {
        const pg_line *l = &p->lines[i];
        if (l->kind == LK_HEADING) {
            flush_text(g, text_start, i);
            heading(g, i++);
        } else if (l->kind == LK_LABEL && is_label(p, i)) {
            flush_text(g, text_start, i);
            label(g, i++);
        } else if (pg__is_item_start(p, i)) {
            flush_text(g, text_start, i);
            item(g, &i);
        } else {
            if (p->diags && (l->kind == LK_DASH || l->kind == LK_KEYED) &&
                (g->last_is_item || top_items(g)))
                pg__parser_diag(p, l->kind == LK_DASH ? "orphan-owner" : "orphan-note",
                                PG_SEV_WARNING, (uint32_t)i + 1,
                                (uint32_t)(pg__line_qlen(p, l) + pg__line_indent(p, l)) + 1,
                                (uint32_t)l->len + 1, l->start,
                                "this line belongs to no item (a blank line separates it "
                                "from the item above)");
            i++;
            continue;
        }
        text_start = i;
    }
    flush_text(g, text_start, end);
}

/* ------------------------------------------------------ several threads
 *
 * Job 0 groups from the top to the first cut; job k from the heading at
 * its cut to the next, under a root of its own.  Everything job k opens
 * nests under that heading until a heading of the same or a higher level
 * closes it, so its root holds the sections the real stack would close
 * into the sections job 0 left open: merging closes those the way each
 * heading would have, then hangs the section in place. */

typedef struct group_job {
    pg_parser p; /* own matcher, scratch and diagnostics */
    pg_doc doc;  /* the document's scale and eol; own arena and root */
    grouper g;
    pg_vec diags;
    pg_arena msgs;
    pg_error err;
    size_t from, to;
    bool first, subject_from_header, ready;
} group_job;

static void group_job_run(void *v)
{
    group_job *j = v;
    if (!j->ready || !grouper_init(&j->g, &j->p))
        return;
    size_t i = j->first ? subject(&j->p, j->subject_from_header) : j->from;
    walk(&j->g, i, j->to, i); /* its open sections stay open for the merge */
}

/* A heading at or after line `want` (not the first lines: the subject). */
static size_t cut_at(const pg_parser *p, size_t want, size_t after)
{
    for (size_t i = want > after ? want : after + 1; i < p->n_lines; i++)
        if (p->lines[i].kind == LK_HEADING)
            return i;
    return 0;
}

/* Append v[from..to) of job vector w to g's vector v. */
static void take(pg_parser *p, pg_vec *v, const pg_vec *w, size_t from, size_t to)
{
    for (size_t i = from; i < to && !p->nomem; i++) {
        void *slot = pg__vec_push(v);
        if (!slot)
            pg__parser_nomem(p);
        else
            memcpy(slot, (const char *)w->data + i * w->elem, w->elem);
    }
}

/* Hang job j's work into g as if g had read its lines: the sections it
 * closed under its own root, then the sections it left open, with their
 * items and closed children, on g's stack. */
static void merge_job(grouper *g, group_job *j)
{
    pg_parser *p = g->p;
    if (!j->ready || !j->g.stack.len)
        pg__parser_nomem(p);
    pg__parser_fold(p, &j->p, &j->diags);
    pg__arena_adopt(&p->doc->arena, &j->doc.arena);
    if (p->nomem)
        return;
    const open_section *open = j->g.stack.data;
    size_t depth = j->g.stack.len;
    for (size_t o = 0; o < depth && !p->nomem; o++) {
        /* open[0] is the job's root: only its closed children count. */
        size_t s_end = o + 1 < depth ? open[o + 1].sections_from : j->g.sections.len;
        size_t i_end = o + 1 < depth ? open[o + 1].items_from : j->g.items.len;
        if (o == 0) {
            for (size_t k = open[0].sections_from; k < s_end && !p->nomem; k++) {
                close_to(g, ((const pg_section *)j->g.sections.data)[k].level);
                take(p, &g->sections, &j->g.sections, k, k + 1);
            }
            continue;
        }
        if (o == 1) /* what its heading closed */
            close_to(g, open[1].s.level);
        open_section *mine = push_section(g);
        if (!mine)
            break;
        size_t items_from = mine->items_from, sections_from = mine->sections_from;
        *mine = open[o];
        mine->items_from = items_from;
        mine->sections_from = sections_from;
        take(p, &g->items, &j->g.items, open[o].items_from, i_end);
        take(p, &g->sections, &j->g.sections, open[o].sections_from, s_end);
    }
    g->last_is_item = j->g.last_is_item;
}

static void group_parallel(pg_parser *p, bool subject_from_header, size_t k)
{
    group_job jobs[PG_MAX_JOBS];
    memset(jobs, 0, sizeof jobs);
    size_t threads = k;
    k *= PG_JOBS_PER_THREAD;
    size_t n = 0, from = 0;
    for (size_t c = 0; c < k; c++) {
        size_t at = c ? cut_at(p, p->n_lines / k * c, from + 1) : 0;
        if (c && !at)
            break;
        if (n)
            jobs[n - 1].to = at;
        jobs[n].from = from = at;
        jobs[n].to = p->n_lines;
        n++;
    }
    for (size_t c = 0; c < n; c++) {
        group_job *j = &jobs[c];
        j->first = c == 0;
        j->subject_from_header = subject_from_header;
        pg__parser_fork(&j->p, p, &j->diags, &j->msgs, &j->err); /* reads p's line tables */
        if (c == 0) {
            j->p.doc = p->doc; /* job 0 builds the document itself */
            j->ready = true;
        } else {
            j->doc = *p->doc;
            memset(&j->doc.arena, 0, sizeof j->doc.arena);
            memset(&j->doc.root, 0, sizeof j->doc.root);
            j->p.doc = &j->doc;
            j->ready = pg__matcher_init(&j->p.m, &j->err) == PG_OK;
        }
    }
    pg__run_jobs(group_job_run, jobs, sizeof jobs[0], n, (unsigned)threads);
    /* Job 0's grouper carries on in the parser itself. */
    grouper *g = &jobs[0].g;
    g->p = p;
    pg__parser_fold(p, &jobs[0].p, &jobs[0].diags);
    for (size_t c = 1; c < n; c++)
        merge_job(g, &jobs[c]);
    if (jobs[0].ready && g->stack.data)
        grouper_close(g);
    for (size_t c = 0; c < n; c++) {
        pg__vec_free(&jobs[c].diags);
        pg__arena_free(&jobs[c].msgs); /* empty once folded */
        pg__vec_free(&jobs[c].p.ents);
        if (c) {
            pg__vec_free(&jobs[c].g.stack);
            pg__vec_free(&jobs[c].g.items);
            pg__vec_free(&jobs[c].g.sections);
            pg__matcher_free(&jobs[c].p.m);
            pg__arena_free(&jobs[c].doc.arena); /* empty unless the merge stopped */
        }
    }
}

void pg__group(pg_parser *p, bool subject_from_header)
{
    size_t k = pg__parallel_jobs(p->threads, p->n);
    if (k > 1 && p->n_lines > 2 * k && !p->hook) {
        group_parallel(p, subject_from_header, k);
        return;
    }
    grouper g;
    if (!grouper_init(&g, p))
        return;
    size_t i = subject(p, subject_from_header);
    walk(&g, i, p->n_lines, i);
    grouper_close(&g);
}
