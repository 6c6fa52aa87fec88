/*
 * lint_rules_timeline.c - timeline-order, date-without-year, overdue-item.
 *
 * Timeline entries are items with a date ("* Feature Freeze: 10th
 * September 2014").  A date without a year takes the year of the entry
 * before it (the next one's for leading entries), rolling over when the
 * month goes back: "10th December 2014" then "10th January" is 2015.
 */
#include "lint_internal.h"

#include <stdio.h>

typedef struct tl_entry {
    const pg_item *it;
    pg__date d;
    bool yearless;
} tl_entry;

#define TL_MAX 256

static int md_cmp(pg__date a, pg__date b)
{
    a.y = b.y = 0;
    return pg__lint_date_cmp(a, b);
}

static void infer_years(tl_entry *e, size_t n)
{
    int last = 0;
    pg__date prev = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (!e[i].d.y && last)
            e[i].d.y = md_cmp(e[i].d, prev) < 0 ? last + 1 : last;
        if (e[i].d.y) {
            last = e[i].d.y;
            prev = e[i].d;
        }
    }
    for (size_t i = n; i-- > 0;) /* leading entries: from the next one */
        if (!e[i].d.y && i + 1 < n && e[i + 1].d.y)
            e[i].d.y = md_cmp(e[i].d, e[i + 1].d) > 0 ? e[i + 1].d.y - 1 : e[i + 1].d.y;
}

/* Column of the date within the item's first line. */
static uint32_t date_col(pg__lint_ctx *c, const pg_item *it)
{
    pg_str l = pg__lint_line(c, it->line);
    for (size_t i = 0; it->date.len && i + it->date.len <= l.len; i++)
        if (!memcmp(l.ptr + i, it->date.ptr, it->date.len))
            return (uint32_t)i + 1;
    return 1;
}

static size_t collect(const pg_section *s, tl_entry *e, size_t n)
{
    for (size_t i = 0; i < s->n_items && n < TL_MAX; i++) {
        const pg_item *it = &s->items[i];
        if (!it->date.ptr || it->quote)
            continue;
        pg__date d;
        if (!pg__lint_parse_date(it->date, &d))
            continue;
        e[n].it = it;
        e[n].d = d;
        e[n].yearless = d.y == 0;
        n++;
    }
    return n;
}

static void order_rules(pg__lint_ctx *c, tl_entry *e, size_t n)
{
    infer_years(e, n);
    for (size_t i = 0; i < n; i++) {
        const pg_item *it = e[i].it;
        uint32_t col = date_col(c, it);
        if (e[i].yearless) {
            if (e[i].d.y)
                pg__lint_add(c, "date-without-year", it->line, col, it->line,
                             col + (uint32_t)it->date.len,
                             "date `%.*s` has no year (read as %04d-%02d-%02d)",
                             (int)(it->date.len > 60 ? 60 : it->date.len), it->date.ptr, e[i].d.y,
                             e[i].d.m, e[i].d.d);
            else
                pg__lint_add(c, "date-without-year", it->line, col, it->line,
                             col + (uint32_t)it->date.len, "date `%.*s` has no year",
                             (int)(it->date.len > 60 ? 60 : it->date.len), it->date.ptr);
        }
        if (i > 0 && e[i].d.y && e[i - 1].d.y && pg__lint_date_cmp(e[i].d, e[i - 1].d) < 0)
            pg__lint_add(c, "timeline-order", it->line, col, it->line, col + (uint32_t)it->date.len,
                         "`%.*s` comes before the date of the entry above it (line %u)",
                         (int)(it->date.len > 60 ? 60 : it->date.len), it->date.ptr,
                         e[i - 1].it->line);
    }
}

/* --------------------------------------------------------- overdue */

/* An item still at the scale's first state: overdue once some timeline
 * entry has passed, which is known only when every section has been
 * seen.  It keeps what its message shows (a streamed lint frees the
 * item with its section). */
typedef struct candidate {
    uint32_t line;
    pg_str title, state;
} candidate;

/* The timeline entry a message names (its item may be gone). */
typedef struct milestone {
    pg__date d;
    pg_str title, date;
} milestone;

struct pg__lint_timeline {
    pg__lint_ctx *c;
    milestone all[TL_MAX];
    size_t n_all;
    bool want_overdue;
    pg_vec exempt;     /* of bool: per section entered, no-state by title */
    pg_vec candidates; /* of candidate, in walk order */
    pg_arena strs;     /* their strings */
};

/* Today: --today, else the mail's Date: header, else Last updated:,
 * else the clock the caller gave. */
static bool find_today(pg__lint_ctx *c, pg__date *t)
{
    const int *g = c->cfg->today;
    if (g[0] && g[1] && g[2]) {
        *t = (pg__date){g[0], g[1], g[2]};
        return true;
    }
    for (uint32_t l = 1; l <= c->n_lines && l <= 60; l++) {
        pg_str s = pg__lint_line(c, l);
        if (s.len > 5 && !memcmp(s.ptr, "Date:", 5) &&
            pg__lint_parse_date(pg__str(s.ptr + 5, s.len - 5), t) && t->y)
            return true;
    }
    pg_str lu = pg_doc_last_updated(c->doc);
    if (lu.ptr && pg__lint_parse_date(lu, t) && t->y)
        return true;
    g = c->cfg->clock;
    if (g[0] && g[1] && g[2]) {
        *t = (pg__date){g[0], g[1], g[2]};
        return true;
    }
    return false;
}

pg__lint_timeline *pg__lint_timeline_open(pg__lint_ctx *c)
{
    pg__lint_timeline *t = pg__calloc(1, sizeof *t);
    if (!t) {
        c->nomem = true;
        return NULL;
    }
    t->c = c;
    t->want_overdue = pg_lint_config_severity(c->cfg, "overdue-item") != PG_SEV_OFF;
    t->exempt.elem = sizeof(bool);
    t->candidates.elem = sizeof(candidate);
    return t;
}

static pg_str keep(pg__lint_timeline *t, pg_str s, size_t max)
{
    pg_str k = pg__arena_str(&t->strs, s.ptr ? s.ptr : "", s.len > max ? max : s.len);
    if (!k.ptr)
        t->c->nomem = true;
    return k;
}

void pg__lint_timeline_enter(pg__lint_timeline *t, const pg_section *s)
{
    pg__lint_ctx *c = t->c;
    tl_entry e[TL_MAX];
    size_t n = collect(s, e, 0);
    if (n) {
        order_rules(c, e, n);
        for (size_t i = 0; i < n && t->n_all < TL_MAX; i++) {
            milestone *m = &t->all[t->n_all++];
            m->d = e[i].d;
            m->title = keep(t, e[i].it->title, 40);
            m->date = keep(t, e[i].it->date, 40);
        }
    }
    const pg_lint_config *cfg = c->cfg;
    bool exempt = t->exempt.len && ((const bool *)t->exempt.data)[t->exempt.len - 1];
    if (s->level > 0)
        exempt |= pg__lint_title_matches(s->title, cfg->no_state, cfg->n_no_state);
    bool *slot = pg__vec_push(&t->exempt);
    if (!slot) {
        c->nomem = true;
        return;
    }
    *slot = exempt;
    for (size_t i = 0; i < s->n_items && !exempt && t->want_overdue && !c->nomem; i++) {
        const pg_item *it = &s->items[i];
        if (it->date.ptr || it->quote || !it->state.ptr ||
            pg_doc_state_rank(c->doc, it->state) != 0)
            continue;
        candidate *k = pg__vec_push(&t->candidates);
        if (!k) {
            c->nomem = true;
            return;
        }
        k->line = it->line;
        k->title = keep(t, it->title, 50);
        k->state = keep(t, it->state, SIZE_MAX);
    }
}

void pg__lint_timeline_leave(pg__lint_timeline *t)
{
    if (t->exempt.len)
        t->exempt.len--;
}

void pg__lint_timeline_close(pg__lint_timeline *t)
{
    if (!t)
        return;
    pg__lint_ctx *c = t->c;
    pg__date today;
    const milestone *passed = NULL;
    if (t->n_all && t->want_overdue && !c->nomem && find_today(c, &today))
        for (size_t i = 0; i < t->n_all; i++)
            if (t->all[i].d.y && pg__lint_date_cmp(t->all[i].d, today) < 0 &&
                (!passed || pg__lint_date_cmp(t->all[i].d, passed->d) > 0))
                passed = &t->all[i];
    const candidate *k = t->candidates.data;
    for (size_t i = 0; passed && i < t->candidates.len && !c->nomem; i++)
        pg__lint_add(c, "overdue-item", k[i].line, 1, 0, 0,
                     "item `%.*s` is still `%.*s` but `%.*s` (%.*s) has passed",
                     (int)k[i].title.len, k[i].title.ptr, (int)k[i].state.len, k[i].state.ptr,
                     (int)passed->title.len, passed->title.ptr, (int)passed->date.len,
                     passed->date.ptr);
    pg__vec_free(&t->exempt);
    pg__vec_free(&t->candidates);
    pg__arena_free(&t->strs);
    pg__free(t);
}

static void walk_sections(pg__lint_timeline *t, const pg_section *s)
{
    pg__lint_timeline_enter(t, s);
    for (size_t i = 0; i < s->n_sections; i++)
        walk_sections(t, &s->sections[i]);
    pg__lint_timeline_leave(t);
}

void pg__lint_rules_timeline(pg__lint_ctx *c)
{
    pg__lint_timeline *t = pg__lint_timeline_open(c);
    if (!t)
        return;
    walk_sections(t, pg_doc_root(c->doc));
    pg__lint_timeline_close(t);
}
