/*
 * lint_rules_structure.c - rules about sections and items: unknown-state,
 * missing-state, missing-owner, orphan-owner, orphan-note,
 * malformed-heading, malformed-item, done-outside-completed,
 * undone-in-completed, duplicate-item, empty-section.
 *
 * Quoted nodes (a reply quoting the update) are the original author's and
 * are left alone; the line rules still see their bytes.
 */
#include "lint_state.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct sec_flags {
    bool no_owner, no_state, completed;
} sec_flags;

/* Facts about the whole document's items that some findings depend on.
 * The walk is one pass: such a finding is made where its item is, its
 * strings in an arena of its fact's, with the fact noted (pend); at the
 * end (settle) the findings of a fact that turned out false are dropped
 * and their arena with them. */
typedef enum fact {
    IF_HEAD_CANON,  /* most item heads are written "*  " */
    IF_OWNER_CANON, /* most owner lines "  -  " */
    IF_NOTE_CANON,  /* most indented notes three spaces */
    IF_ANY_STATE,   /* some tracked item has a state */
    IF_ANY_OWNER,   /* some tracked item has an owner */
    IF_COMPLETED,   /* some section reads as completed (streamed: the
                       sections to come are not known yet) */
    N_FACTS
} fact;

typedef struct pending {
    size_t at; /* index in the findings */
    fact needs;
} pending;

/* What the walk knows of an item of the section at hand. */
typedef struct item_facts {
    char bullet; /* first byte of the head after quote and indent */
    bool tracked, canon, owned;
} item_facts;

/* A section being walked: what its subsections inherit. */
typedef struct frame {
    unsigned level;
    sec_flags f;
} frame;

typedef struct pg__lint_structure {
    pg__lint_ctx *c;
    bool any_state, any_owner, has_completed;
    bool streamed; /* has_completed is known only at the end */
    /* How the document writes bullets, owners and notes: malformed-item
     * judges against the canonical form only where most lines use it, so
     * an older dialect written consistently is not flagged line by line. */
    size_t head_canon, head_other, owner_canon, owner_other, note_canon, note_other;
    unsigned char *mark; /* per line: 1 item, 2 heading of a section with
                            items, 3 other heading */
    pg__lint_head_t head;
    pg_vec pending; /* of pending, in the order of the findings */
    pg_arena fact_strs[N_FACTS];
    item_facts *fa; /* the items of the section being checked */
    size_t fa_cap;
    pg_vec frames; /* of frame: the sections entered and not left */
} walk;

/* The finding about to be made stands only if the document has fact: its
 * message and fix go to the fact's arena until pend. */
static pg_arena *cond(walk *w, fact needs)
{
    pg_arena *was = w->c->strs;
    w->c->strs = &w->fact_strs[needs];
    return was;
}

/* Note finding f (NULL: none was made) as needing fact; was: what cond
 * returned. */
static void pend(walk *w, pg_arena *was, const pg_finding *f, fact needs)
{
    w->c->strs = was;
    if (!f)
        return;
    pending *p = pg__vec_push(&w->pending);
    if (!p) {
        w->c->nomem = true;
        return;
    }
    p->at = (size_t)(f - (const pg_finding *)w->c->findings.data);
    p->needs = needs;
}

static bool holds(const walk *w, fact k)
{
    switch (k) {
    case IF_HEAD_CANON:
        return w->head_canon > w->head_other;
    case IF_OWNER_CANON:
        return w->owner_canon > w->owner_other;
    case IF_NOTE_CANON:
        return w->note_canon > w->note_other;
    case IF_ANY_STATE:
        return w->any_state;
    case IF_ANY_OWNER:
        return w->any_owner;
    case IF_COMPLETED:
        return w->has_completed;
    case N_FACTS:
        break;
    }
    return true;
}

/* Drop the findings whose fact is false, keeping the others' order, and
 * their strings; the others' strings join the lint's.  Out of memory,
 * everything is kept (and goes with the result). */
static void settle(walk *w)
{
    for (int k = 0; k < N_FACTS; k++) {
        if (w->c->nomem || holds(w, (fact)k))
            pg__arena_adopt(w->c->strs, &w->fact_strs[k]);
        else
            pg__arena_free(&w->fact_strs[k]);
    }
    const pending *p = w->pending.data;
    size_t np = w->pending.len;
    if (!np || w->c->nomem)
        return;
    pg_finding *f = w->c->findings.data;
    size_t n = w->c->findings.len, out = p[0].at, k = 0;
    for (size_t i = p[0].at; i < n; i++) {
        bool keep = true;
        if (k < np && p[k].at == i)
            keep = holds(w, p[k++].needs);
        if (keep)
            f[out++] = f[i];
    }
    w->c->findings.len = out;
}

/* A timeline entry: the parser says so (a date), or the title reads
 * "Label: <date>" outside a Timeline section. */
static bool is_timeline(const pg_item *it)
{
    if (it->date.ptr)
        return true;
    const char *colon = it->title.len ? memchr(it->title.ptr, ':', it->title.len) : NULL;
    pg__date d;
    return colon &&
           pg__lint_parse_date(
               pg__str(colon + 1, it->title.len - (size_t)(colon + 1 - it->title.ptr)), &d);
}

/* Items the tracking rules judge. */
static bool tracked_item(const pg_item *it)
{
    return !is_timeline(it) && it->quote == 0 && it->dialect != PG_DIALECT_LIST;
}

/* ------------------------------------------------------------ states */

/* A "prognosis:" / "P:" line the parser kept as a plain field. */
static const pg_entry *state_field(const pg_item *it)
{
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        /* A state is a word or two ("Excellent", "not for 4.3"), not the
         * sentence a template explains the field with. */
        if (e->value.len > 24)
            continue;
        if ((e->kind == PG_ENTRY_FIELD || e->kind == PG_ENTRY_STATE) && e->value.len &&
            (pg__str_ieq(e->key, pg__str("prognosis", 9)) || pg__str_ieq(e->key, pg__str("P", 1))))
            return e;
    }
    return NULL;
}

/* want_state: 0 no state is expected, 1 one is, 2 one is when some
 * tracked item of the document has one. */
static void state_rules(walk *w, const pg_item *it, sec_flags f, int want_state)
{
    pg__lint_ctx *c = w->c;
    const pg_doc *doc = c->doc;
    pg__lint_head(c, it, &w->head);
    pg__lint_head_t *h = &w->head;
    size_t a = 0, b = 0;
    bool paren = it->dialect == PG_DIALECT_TRACKED && pg__lint_head_paren(h, &a, &b);
    const char *ws = paren ? h->text + a : NULL;
    size_t wn = paren ? b - a : 0;
    int rank = it->state.ptr ? pg_doc_state_rank(doc, it->state) : -1;
    const char *bad = NULL;
    size_t bn = 0;
    bool at_paren = false;

    if (it->state.ptr && rank >= 0) {
        pg_str st = pg_doc_scale_state(doc, (size_t)rank);
        /* Written "(Good)": on the scale only when folded. */
        if (!paren || wn != st.len || !memcmp(ws, st.ptr, wn))
            goto placement;
        for (size_t i = 0; i < wn; i++)
            if ((ws[i] | 0x20) != (st.ptr[i] | 0x20))
                goto placement;
        bad = ws, bn = wn, at_paren = true;
    } else if (it->state.ptr) {
        bad = it->state.ptr, bn = it->state.len;
        at_paren = paren && wn == bn;
    } else if (paren) {
        int how;
        if (pg__lint_suggest(doc, ws, wn, &how) >= 0 || pg__lint_state_word(ws, wn))
            bad = ws, bn = wn, at_paren = true;
    }
    if (!bad && !it->state.ptr) {
        /* Keyed and record dialects: "prognosis: Excellent", "P: maybe"
         * that the parser could not place on the scale. */
        const pg_entry *e = state_field(it);
        if (e) {
            pg_str l = pg__lint_line(c, e->line);
            uint32_t col = 1;
            for (size_t i = 0; i + e->value.len <= l.len; i++)
                if (!memcmp(l.ptr + i, e->value.ptr, e->value.len)) {
                    col = (uint32_t)i + 1;
                    break;
                }
            char scale[120], sugg[120] = "";
            pg__lint_scale_text(doc, scale, sizeof scale);
            int how;
            int sg = pg__lint_suggest(doc, e->value.ptr, e->value.len, &how);
            if (sg >= 0) {
                pg_str st = pg_doc_scale_state(doc, (size_t)sg);
                snprintf(sugg, sizeof sugg, "; did you mean `%.*s`?", (int)st.len, st.ptr);
            }
            pg__lint_add(c, "unknown-state", e->line, col, e->line, col + (uint32_t)e->value.len,
                         "state `%.*s` is not on the scale (%s)%s",
                         (int)(e->value.len > 60 ? 60 : e->value.len), e->value.ptr, scale, sugg);
            return;
        }
    }

    if (bad) {
        char scale[120], sugg[120] = "";
        pg__lint_scale_text(doc, scale, sizeof scale);
        int how = -1;
        int s = pg__lint_suggest(doc, bad, bn, &how);
        if (s >= 0) {
            pg_str st = pg_doc_scale_state(doc, (size_t)s);
            pg_str mean = pg_doc_scale_meaning(doc, (size_t)s);
            if (mean.ptr && mean.len)
                snprintf(sugg, sizeof sugg, "; did you mean `%.*s` (%.*s)?", (int)st.len, st.ptr,
                         (int)(mean.len > 50 ? 50 : mean.len), mean.ptr);
            else
                snprintf(sugg, sizeof sugg, "; did you mean `%.*s`?", (int)st.len, st.ptr);
        }
        pg_finding *fd;
        if (at_paren && !h->lines)
            at_paren = false; /* no source bytes to point at */
        if (at_paren && it->state.ptr && how == 0 && s >= 0)
            /* The parser read it (states match in any case): only the
             * spelling differs from the scale's. */
            fd = pg__lint_add_at(c, "unknown-state", h->off[a], h->off[b - 1] + 1,
                                 "state `%.*s` is spelt `%.*s` on the scale",
                                 (int)(bn > 60 ? 60 : bn), bad,
                                 (int)pg_doc_scale_state(doc, (size_t)s).len,
                                 pg_doc_scale_state(doc, (size_t)s).ptr);
        else if (at_paren)
            fd = pg__lint_add_at(c, "unknown-state", h->off[a], h->off[b - 1] + 1,
                                 "state `%.*s` is not on the scale (%s)%s",
                                 (int)(bn > 60 ? 60 : bn), bad, scale, sugg);
        else
            fd = pg__lint_add(c, "unknown-state", it->line, 1, 0, 0,
                              "state `%.*s` is not on the scale (%s)%s", (int)(bn > 60 ? 60 : bn),
                              bad, scale, sugg);
        /* Only a case-only spelling is safe to fix. */
        if (fd && how == 0 && at_paren && h->off[b - 1] - h->off[a] == bn - 1) {
            pg_str st = pg_doc_scale_state(doc, (size_t)s);
            pg__lint_fix(c, fd, h->off[a], bn, st.ptr, st.len);
        }
        return;
    }
    if (!it->state.ptr && !f.no_state && want_state && it->dialect != PG_DIALECT_LIST) {
        pg_str l = pg__lint_line(c, it->line);
        /* A fact that stays true once it is: no condition after that. */
        bool iff = want_state == 2 && !w->any_state;
        pg_arena *was = iff ? cond(w, IF_ANY_STATE) : NULL;
        pg_finding *fd =
            pg__lint_add(c, "missing-state", it->line, 1, it->line, (uint32_t)l.len + 1,
                         "item `%.*s` has no state", (int)(it->title.len > 60 ? 60 : it->title.len),
                         it->title.ptr);
        if (iff)
            pend(w, was, fd, IF_ANY_STATE);
    }
    return;

placement:;
    size_t top = pg_doc_scale_size(doc);
    if (top < 2)
        return;
    if (rank == (int)top - 1 && !f.completed && (w->has_completed || w->streamed)) {
        bool iff = !w->has_completed;
        pg_arena *was = iff ? cond(w, IF_COMPLETED) : NULL;
        pg_finding *fd = pg__lint_add(c, "done-outside-completed", it->line, 1, 0, 0,
                                      "item `%.*s` is %.*s but not in the Completed section",
                                      (int)(it->title.len > 60 ? 60 : it->title.len), it->title.ptr,
                                      (int)it->state.len, it->state.ptr);
        if (iff)
            pend(w, was, fd, IF_COMPLETED);
    }
    if (rank < (int)top - 1 && f.completed)
        pg__lint_add(c, "undone-in-completed", it->line, 1, 0, 0,
                     "item `%.*s` is in a completed section but its state is `%.*s`",
                     (int)(it->title.len > 60 ? 60 : it->title.len), it->title.ptr,
                     (int)it->state.len, it->state.ptr);
}

/* ---------------------------------------------------- malformed-item */

static size_t spaces(pg_str b, size_t i)
{
    size_t n = 0;
    while (i + n < b.len && b.ptr[i + n] == ' ')
        n++;
    return n;
}

static void body_of(pg__lint_ctx *c, uint32_t l, pg_str *b)
{
    pg_str all = pg__lint_line(c, l);
    size_t q = pg__lint_quote(all.ptr, all.len, NULL);
    *b = pg__str(all.ptr + q, all.len - q);
}

/* A spacing finding with its fix, standing if the document mostly
 * writes the form it asks for. */
static void spacing(walk *w, fact most, pg_str b, size_t n, const char *want, const char *what)
{
    pg__lint_ctx *c = w->c;
    size_t off = (size_t)(b.ptr - c->src.ptr);
    pg_arena *was = cond(w, most);
    pg_finding *f =
        pg__lint_add_at(c, "malformed-item", off, off + n, "%s: write `%s`", what, want);
    pg__lint_fix(c, f, off, n, want, strlen(want));
    pend(w, was, f, most);
}

/* How a tracked item writes its bullet, owners and notes: counted for
 * the document's habit, and each line off the canonical form reported
 * if that form turns out to be the habit.  b: the head line's body. */
static void item_layout(walk *w, const pg_item *it, pg_str b, bool canon)
{
    pg__lint_ctx *c = w->c;
    if (it->dialect != PG_DIALECT_TRACKED || it->quote)
        return;
    if (canon)
        w->head_canon++;
    else
        w->head_other++;
    size_t ind = spaces(b, 0);
    /* Deeper bullets are lists inside prose, not items of the update. */
    if (ind < 4 && ind < b.len && b.ptr[ind] == '*') {
        size_t sp = spaces(b, ind + 1);
        if ((ind || sp != 2) && ind + 1 + sp < b.len)
            spacing(w, IF_HEAD_CANON, b, ind + 1 + sp, "*  ", "item bullet spacing");
    }
    for (size_t i = 0; i < it->n_entries; i++) {
        const pg_entry *e = &it->entries[i];
        if (!e->line || e->line == it->line)
            continue;
        body_of(c, e->line, &b);
        size_t in = spaces(b, 0);
        if (in >= b.len)
            continue;
        if ((e->kind == PG_ENTRY_OWNER || e->kind == PG_ENTRY_REF) && b.ptr[in] == '-') {
            size_t sp = spaces(b, in + 1);
            if (in == 2 && sp == 2)
                w->owner_canon++;
            else
                w->owner_other++;
            if ((in != 2 || sp != 2) && in + 1 + sp < b.len)
                spacing(w, IF_OWNER_CANON, b, in + 1 + sp, "  -  ",
                        e->kind == PG_ENTRY_OWNER ? "owner line spacing"
                                                  : "reference line spacing");
        } else if (e->kind == PG_ENTRY_NOTE && in > 0) {
            if (in == 3)
                w->note_canon++;
            else
                w->note_other++;
            if (in != 3 && b.ptr[in] != '-' && b.ptr[in] != '*')
                spacing(w, IF_NOTE_CANON, b, in, "   ", "note indent");
        }
    }
}

/* ------------------------------------------------------------- walk */

/* Items at column 1 own the lines after them for the orphan rules (1);
 * nested list items (041's "    * x") only cover their own lines (4).
 * b: the head line's body. */
static void mark_lines(walk *w, const pg_item *it, pg_str b)
{
    unsigned char m = b.len && b.ptr[0] != ' ' ? 1 : 4;
    uint32_t e = it->end_line > it->line ? it->end_line : it->line;
    for (uint32_t l = it->line; l <= e && l <= w->c->n_lines; l++)
        w->mark[l] = m;
}

/* The section's items: marks, the document's facts, layout, and what
 * each is (fa[i]). */
static void read_items(walk *w, const pg_section *s, item_facts *fa)
{
    for (size_t i = 0; i < s->n_items; i++) {
        const pg_item *it = &s->items[i];
        pg_str b;
        body_of(w->c, it->line, &b);
        mark_lines(w, it, b);
        fa[i].tracked = tracked_item(it);
        if (!fa[i].tracked)
            continue;
        size_t in = spaces(b, 0);
        fa[i].bullet = in < b.len ? b.ptr[in] : ' ';
        /* "*  " at column 1 (after any quote prefix) */
        fa[i].canon =
            b.len > 3 && b.ptr[0] == '*' && b.ptr[1] == ' ' && b.ptr[2] == ' ' && b.ptr[3] != ' ';
        fa[i].owned = pg_item_count(it, PG_ENTRY_OWNER) > 0;
        if (it->state.ptr)
            w->any_state = true;
        if (fa[i].owned)
            w->any_owner = true;
        item_layout(w, it, b, fa[i].canon);
    }
}

/* Does s or a section below it read as completed (its title or an
 * ancestor's)?  Titles only: known before the items are walked. */
static bool any_completed(const pg_lint_config *cfg, const pg_section *s, bool completed)
{
    if (s->level > 0)
        completed |= pg__lint_title_matches(s->title, cfg->completed, cfg->n_completed);
    for (size_t i = 0; i < s->n_sections && !completed; i++)
        if (any_completed(cfg, &s->sections[i], completed))
            return true;
    return completed;
}

void pg__lint_structure_enter(walk *w, const pg_section *s, bool has_subsections)
{
    pg__lint_ctx *c = w->c;
    const pg_lint_config *cfg = c->cfg;
    /* The parent's frame by value: the push may move the stack. */
    bool parent = w->frames.len > 0;
    frame up = parent ? ((const frame *)w->frames.data)[w->frames.len - 1]
                      : (frame){0, {false, false, false}};
    sec_flags f = up.f;
    frame *mine = pg__vec_push(&w->frames);
    if (!mine) {
        c->nomem = true;
        return;
    }
    mine->level = s->level;
    if (s->level > 0) {
        f.no_owner |= pg__lint_title_matches(s->title, cfg->no_owner, cfg->n_no_owner);
        f.no_state |= pg__lint_title_matches(s->title, cfg->no_state, cfg->n_no_state);
        f.completed |= pg__lint_title_matches(s->title, cfg->completed, cfg->n_completed);
        if (s->line && s->line <= c->n_lines)
            w->mark[s->line] = s->n_items ? 2 : 3;
        if (f.completed)
            w->has_completed = true;
        if (!s->quote && parent && up.level > 0 && !s->label && s->level > up.level + 1)
            pg__lint_add(c, "malformed-heading", s->line, 1, 0, 0,
                         "heading level jumps from %u to %u (`%.*s`)", up.level, s->level,
                         (int)(s->title.len > 60 ? 60 : s->title.len), s->title.ptr);
        bool text = false;
        for (size_t i = 0; s->text.ptr && i < s->text.len; i++)
            if (s->text.ptr[i] != ' ' && s->text.ptr[i] != '\n' && s->text.ptr[i] != '\r' &&
                s->text.ptr[i] != '\t')
                text = true;
        if (!s->quote && !s->n_items && !s->n_sections && !has_subsections && !text)
            pg__lint_add(c, "empty-section", s->line, 1, 0, 0, "section `%.*s` is empty",
                         (int)(s->title.len > 60 ? 60 : s->title.len), s->title.ptr);
    }
    mine->f = f;
    /* The scratch is the section's until its subsections are walked. */
    if (s->n_items > w->fa_cap) {
        item_facts *more = pg__realloc(w->fa, s->n_items * sizeof *more);
        if (!more) {
            c->nomem = true;
            return;
        }
        w->fa = more;
        w->fa_cap = s->n_items;
    }
    item_facts *fa = w->fa;
    read_items(w, s, fa);
    /* A section is tracked when its items carry owners (states); an item
     * written in the canonical form with a state (owner) in a document
     * that tracks others is judged too.  Items are compared with those of
     * the same bullet: a "•" list of definitions next to "*" items is not
     * tracked because the "*" items are. */
    char bullets[8];
    bool b_owner[8] = {false}, b_state[8] = {false};
    size_t nb = 0;
    for (size_t i = 0; i < s->n_items; i++) {
        if (!fa[i].tracked)
            continue;
        size_t k = 0;
        while (k < nb && bullets[k] != fa[i].bullet)
            k++;
        if (k == nb && nb < 8)
            bullets[nb++] = fa[i].bullet;
        if (k < nb) {
            b_owner[k] |= fa[i].owned;
            b_state[k] |= s->items[i].state.ptr != NULL;
        }
    }
    for (size_t i = 0; i < s->n_items && !c->nomem; i++) {
        const pg_item *it = &s->items[i];
        if (!fa[i].tracked)
            continue;
        size_t k = 0;
        while (k < nb && bullets[k] != fa[i].bullet)
            k++;
        bool sec_owner = k < nb && b_owner[k], sec_state = k < nb && b_state[k];
        bool canon = fa[i].canon, owned = fa[i].owned;
        state_rules(w, it, f, sec_state ? 1 : owned && canon ? 2 : 0);
        if (!f.no_owner && it->dialect != PG_DIALECT_LIST && !owned &&
            (sec_owner || (it->state.ptr && canon))) {
            pg_str l = pg__lint_line(c, it->line);
            bool iff = !sec_owner && !w->any_owner;
            pg_arena *was = iff ? cond(w, IF_ANY_OWNER) : NULL;
            pg_finding *fd =
                pg__lint_add(c, "missing-owner", it->line, 1, it->line, (uint32_t)l.len + 1,
                             "item `%.*s` has no owner",
                             (int)(it->title.len > 60 ? 60 : it->title.len), it->title.ptr);
            if (iff)
                pend(w, was, fd, IF_ANY_OWNER);
        }
    }
}

void pg__lint_structure_leave(walk *w)
{
    if (w->frames.len)
        w->frames.len--;
}

static void check_section(walk *w, const pg_section *s)
{
    pg__lint_structure_enter(w, s, s->n_sections > 0);
    for (size_t i = 0; i < s->n_sections; i++)
        check_section(w, &s->sections[i]);
    pg__lint_structure_leave(w);
}

/* ------------------------------------------------------------ orphans */

static bool blank(pg_str b)
{
    for (size_t i = 0; i < b.len; i++)
        if (b.ptr[i] != ' ' && b.ptr[i] != '\t')
            return false;
    return true;
}

static bool owner_like(pg_str b)
{
    size_t in = spaces(b, 0);
    return in >= 1 && in <= 8 && in + 2 < b.len && b.ptr[in] == '-' && b.ptr[in + 1] == ' ' &&
           !blank(pg__str(b.ptr + in + 1, b.len - in - 1));
}

static bool note_like(pg_str b)
{
    size_t in = spaces(b, 0);
    return in >= 2 && in < b.len && !strchr("-*>=", b.ptr[in]);
}

static void orphans(walk *w)
{
    pg__lint_ctx *c = w->c;
    for (uint32_t l = 2; l <= c->n_lines && !c->nomem; l++) {
        if (w->mark[l])
            continue;
        pg_str all = pg__lint_line(c, l), b;
        unsigned d;
        size_t q = pg__lint_quote(all.ptr, all.len, &d);
        if (d)
            continue;
        b = pg__str(all.ptr + q, all.len - q);
        bool own = owner_like(b), note = !own && note_like(b);
        if (!own && !note)
            continue;
        uint32_t j = l - 1;
        bool gap = false;
        while (j >= 1) {
            pg_str pb;
            body_of(c, j, &pb);
            if (blank(pb))
                gap = true;
            else if (own && !w->mark[j] && owner_like(pb))
                ;
            else
                break;
            j--;
        }
        if (j < 1 || !(w->mark[j] == 2 || (w->mark[j] == 1 && gap)))
            continue;
        size_t in = spaces(b, 0);
        if (own)
            pg__lint_add(c, "orphan-owner", l, (uint32_t)(q + in + 1), l, (uint32_t)all.len + 1,
                         "owner line belongs to no item (blank line or heading above it)");
        else
            pg__lint_add(c, "orphan-note", l, (uint32_t)(q + in + 1), l, (uint32_t)all.len + 1,
                         "indented note belongs to no item (blank line or heading above it)");
    }
}

/* -------------------------------------------------------- headings */

static void heading_lines(pg__lint_ctx *c)
{
    for (uint32_t l = 1; l <= c->n_lines && !c->nomem; l++) {
        pg_str all = pg__lint_line(c, l);
        unsigned d;
        size_t q = pg__lint_quote(all.ptr, all.len, &d);
        pg_str b = pg__str(all.ptr + q, all.len - q);
        if (d || !b.len || b.ptr[0] != '=')
            continue;
        size_t e = b.len;
        while (e > 0 && (b.ptr[e - 1] == ' ' || b.ptr[e - 1] == '\t'))
            e--;
        size_t open = 0, close = 0;
        while (open < e && b.ptr[open] == '=')
            open++;
        while (close < e - open && b.ptr[e - 1 - close] == '=')
            close++;
        size_t ts = open, te = e - close;
        while (ts < te && b.ptr[ts] == ' ')
            ts++;
        while (te > ts && b.ptr[te - 1] == ' ')
            te--;
        if (ts == te || close == 0 || open > 6)
            continue; /* "=====" rules, "=> x" prose */
        const char *why = NULL;
        if (open != close)
            why = "unbalanced `=`";
        else if (ts - open != 1 || (e - close) - te != 1)
            why = "one space between `=` and the title";
        if (!why)
            continue;
        size_t off = (size_t)(b.ptr - c->src.ptr);
        pg_finding *f =
            pg__lint_add_at(c, "malformed-heading", off, off + e, "malformed heading: %s", why);
        char buf[512];
        size_t n = 0, tl = te - ts;
        if (!f || 2 * open + 2 + tl > sizeof buf)
            continue;
        memset(buf, '=', open);
        n = open;
        buf[n++] = ' ';
        memcpy(buf + n, b.ptr + ts, tl);
        n += tl;
        buf[n++] = ' ';
        memset(buf + n, '=', open);
        n += open;
        pg__lint_fix(c, f, off, e, buf, n);
    }
}

/* ---------------------------------------------------------- duplicates */

#define DUP_KEY 160

/* An item's identity: its normalised title, and its tag as " (tag)" (the
 * tag is part of it: "Persistent grants (Linux)" and "Persistent grants
 * (qemu)" are two items).  At most DUP_KEY bytes; returns the length. */
static size_t dup_key(const pg_item *it, char *t)
{
    size_t n = pg__lint_norm_title(it->title, t, DUP_KEY);
    if (it->tag.ptr && n + 3 < DUP_KEY) {
        t[n++] = ' ';
        t[n++] = '(';
        n += pg__lint_norm_title(it->tag, t + n, DUP_KEY - n - 1);
        t[n++] = ')';
    }
    return n;
}

/* A 64-bit hash of a key, eight bytes per step (a byte-wise FNV was a
 * multiply per byte, a million keys long). */
typedef struct hash_consts {
    uint64_t seed, start, step, end;
    unsigned step_shift, end_shift;
} hash_consts;

static uint64_t word_hash(const char *s, size_t n, const hash_consts *k)
{
    uint64_t h = ((uint64_t)n + k->seed) * k->start, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k->step;
        h ^= h >> k->step_shift;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * k->end;
    return h ^ (h >> k->end_shift);
}

static uint64_t key_hash(const char *s, size_t n)
{
    static const hash_consts k = {
        0, 0x9E3779B97F4A7C15u, 0xFF51AFD7ED558CCDu, 0xC4CEB9FE1A85EC53u, 32, 29};
    return word_hash(s, n, &k);
}

/* A tracked item with a non-empty key.  Keys are not kept (a 10^6-item
 * update would hold 160 bytes each): equal hashes rebuild them. */
typedef struct dup {
    uint64_t h;
    const pg_item *it;
    uint32_t group; /* index of the group's first item: lowest line, then
                       walk order */
} dup;

typedef struct dups {
    pg_vec v;      /* dup, in walk order */
    uint32_t *tab; /* open addressing: 1 + index of a group's dup, 0 empty */
    size_t mask;
} dups;

static void collect(const pg_section *s, pg_vec *v, bool *nomem)
{
    char t[DUP_KEY];
    for (size_t i = 0; i < s->n_items && !*nomem; i++) {
        const pg_item *it = &s->items[i];
        if (!tracked_item(it))
            continue;
        size_t n = dup_key(it, t);
        if (!n)
            continue; /* no title: nothing to match */
        dup *d = pg__vec_push(v);
        if (!d) {
            *nomem = true;
            return;
        }
        d->h = key_hash(t, n);
        d->it = it;
    }
    for (size_t i = 0; i < s->n_sections; i++)
        collect(&s->sections[i], v, nomem);
}

/* Put dup i in its group (an existing one with the same key, or its own),
 * keeping the group's first item the one with the lowest line. */
static void group(dups *g, uint32_t i)
{
    dup *d = g->v.data;
    char a[DUP_KEY], b[DUP_KEY];
    size_t an = 0;
    for (size_t k = (size_t)d[i].h & g->mask;; k = (k + 1) & g->mask) {
        uint32_t e = g->tab[k];
        if (!e) {
            g->tab[k] = i + 1;
            d[i].group = i;
            return;
        }
        uint32_t head = d[e - 1].group;
        if (d[head].h != d[i].h)
            continue;
        if (!an)
            an = dup_key(d[i].it, a);
        if (dup_key(d[head].it, b) != an || memcmp(a, b, an))
            continue; /* a hash collision */
        d[i].group = head;
        if (d[i].it->line < d[head].it->line) {
            /* The new first: the slot and the earlier members follow it
             * through head's entry. */
            d[head].group = i;
            d[i].group = i;
            g->tab[k] = i + 1;
        }
        return;
    }
}

static void duplicates(pg__lint_ctx *c)
{
    dups g = {0};
    g.v.elem = sizeof(dup);
    collect(pg_doc_root(c->doc), &g.v, &c->nomem);
    size_t n = g.v.len, cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (c->nomem || n >= UINT32_MAX || !(g.tab = pg__calloc(cap, sizeof *g.tab))) {
        c->nomem = true;
        pg__vec_free(&g.v);
        return;
    }
    g.mask = cap - 1;
    for (size_t i = 0; i < n; i++)
        group(&g, (uint32_t)i);
    dup *d = g.v.data;
    for (size_t i = 0; i < n && !c->nomem; i++) {
        uint32_t head = d[i].group;
        while (d[head].group != head)
            head = d[head].group; /* a first that was replaced */
        d[i].group = head;
        if (head == i)
            continue;
        const pg_item *it = d[i].it;
        pg__lint_add(c, "duplicate-item", it->line, 1, 0, 0, "item `%.*s` also appears at line %u",
                     (int)(it->title.len > 60 ? 60 : it->title.len), it->title.ptr,
                     d[head].it->line);
    }
    pg__free(g.tab);
    pg__vec_free(&g.v);
}

/* duplicate-item over the sections as a streamed lint meets them.  The
 * items come in line order, so each item's group, and the line of its
 * first item, are known when it comes: the finding is made at once, as
 * the tree's walk would make it.  The items are gone once their section
 * is linted, and a copy of every key would be most of the lint's memory:
 * a group is known by 96 bits of two hashes of its key instead (two keys
 * of a 10^6-item update share them with a chance of 10^-17). */
typedef struct dup_group {
    uint64_t h;
    uint32_t h2;   /* a second hash's low bits */
    uint32_t line; /* 0: the slot is empty (a text's lines start at 1) */
} dup_group;

struct pg__lint_dups {
    pg__lint_ctx *c;
    dup_group *tab;
    size_t mask, n;
};

/* The second hash: key_hash's word-wise steps with other constants and
 * seed (a byte-wise one was a multiply per byte, a million keys long). */
static uint32_t key_hash2(const char *s, size_t n)
{
    static const hash_consts k = {
        0x2545F4914F6CDD1Du, 0x87C37B91114253D5u, 0x4CF5AD432745937Fu, 0x9FB21C651E98DF25u, 31, 33};
    return (uint32_t)word_hash(s, n, &k);
}

pg__lint_dups *pg__lint_dups_open(pg__lint_ctx *c)
{
    /* Sized for an item every four lines (the generated update has one
     * every 4.3, the corpus fewer): no regrowth, each a pass over the
     * table at random.  A large table's pages are the kernel's zeros
     * until an item lands on them. */
    size_t cap = 1024;
    while (cap < c->n_lines / 2 && cap < ((size_t)1 << 30))
        cap *= 2;
    pg__lint_dups *d = pg__calloc(1, sizeof *d);
    if (d)
        d->tab = pg__calloc(cap, sizeof *d->tab);
    if (!d || !d->tab) {
        pg__free(d);
        c->nomem = true;
        return NULL;
    }
    d->c = c;
    d->mask = cap - 1;
    return d;
}

/* Twice the slots, the groups placed again. */
static bool dups_grow(pg__lint_dups *d)
{
    size_t cap = 2 * (d->mask + 1);
    dup_group *t = pg__calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i <= d->mask; i++) {
        if (!d->tab[i].line)
            continue;
        size_t k = (size_t)d->tab[i].h & (cap - 1);
        while (t[k].line)
            k = (k + 1) & (cap - 1);
        t[k] = d->tab[i];
    }
    pg__free(d->tab);
    d->tab = t;
    d->mask = cap - 1;
    return true;
}

void pg__lint_dups_items(pg__lint_dups *d, const pg_section *s)
{
    pg__lint_ctx *c = d->c;
    char t[DUP_KEY];
    for (size_t i = 0; i < s->n_items && !c->nomem; i++) {
        const pg_item *it = &s->items[i];
        if (!tracked_item(it))
            continue;
        size_t n = dup_key(it, t);
        if (!n)
            continue;
        /* At most three quarters full (linear probing stays short); a
         * text's items have lines (line 0 marks an empty slot). */
        if ((4 * (d->n + 1) > 3 * (d->mask + 1) && !dups_grow(d)) || !it->line) {
            c->nomem = true;
            return;
        }
        uint64_t h = key_hash(t, n);
        uint32_t h2 = key_hash2(t, n);
        size_t k = (size_t)h & d->mask;
        while (d->tab[k].line && (d->tab[k].h != h || d->tab[k].h2 != h2))
            k = (k + 1) & d->mask;
        dup_group *g = &d->tab[k];
        if (g->line) {
            pg__lint_add(c, "duplicate-item", it->line, 1, 0, 0,
                         "item `%.*s` also appears at line %u",
                         (int)(it->title.len > 60 ? 60 : it->title.len), it->title.ptr, g->line);
            continue;
        }
        g->h = h;
        g->h2 = h2;
        g->line = it->line;
        d->n++;
    }
}

void pg__lint_dups_close(pg__lint_dups *d)
{
    if (!d)
        return;
    pg__free(d->tab);
    pg__free(d);
}

walk *pg__lint_structure_open(pg__lint_ctx *c, bool streamed)
{
    walk *w = pg__calloc(1, sizeof *w);
    if (w)
        w->mark = pg__calloc(c->n_lines + 2, 1);
    if (!w || !w->mark) {
        pg__free(w);
        c->nomem = true;
        return NULL;
    }
    w->c = c;
    w->streamed = streamed;
    w->pending.elem = sizeof(pending);
    w->frames.elem = sizeof(frame);
    /* Walking a tree, every title is there to read first: no finding
     * waits on a Completed section. */
    if (!streamed)
        w->has_completed = any_completed(c->cfg, pg_doc_root(c->doc), false);
    return w;
}

void pg__lint_structure_close(walk *w)
{
    if (!w)
        return;
    settle(w);
    pg__vec_free(&w->pending);
    pg__vec_free(&w->frames);
    pg__free(w->fa);
    orphans(w);
    heading_lines(w->c);
    pg__free(w->mark);
    pg__free(w);
}

void pg__lint_rules_structure(pg__lint_ctx *c)
{
    walk *w = pg__lint_structure_open(c, false);
    if (!w)
        return;
    check_section(w, pg_doc_root(c->doc));
    pg__lint_structure_close(w);
}

void pg__lint_rules_duplicates(pg__lint_ctx *c) { duplicates(c); }
