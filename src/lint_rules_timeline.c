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

typedef struct overdue {
    pg__lint_ctx *c;
    const tl_entry *passed;
    pg__date today;
} overdue;

static void overdue_items(overdue *o, const pg_section *s, bool exempt)
{
    pg__lint_ctx *c = o->c;
    const pg_lint_config *cfg = c->cfg;
    if (s->level > 0)
        exempt |= pg__lint_title_matches(s->title, cfg->no_state, cfg->n_no_state);
    for (size_t i = 0; i < s->n_items && !exempt; i++) {
        const pg_item *it = &s->items[i];
        if (it->date.ptr || it->quote || !it->state.ptr ||
            pg_doc_state_rank(c->doc, it->state) != 0)
            continue;
        const pg_item *m = o->passed->it;
        pg__lint_add(c, "overdue-item", it->line, 1, 0, 0,
                     "item `%.*s` is still `%.*s` but `%.*s` (%.*s) has passed",
                     (int)(it->title.len > 50 ? 50 : it->title.len), it->title.ptr,
                     (int)it->state.len, it->state.ptr,
                     (int)(m->title.len > 40 ? 40 : m->title.len), m->title.ptr,
                     (int)(m->date.len > 40 ? 40 : m->date.len), m->date.ptr);
    }
    for (size_t i = 0; i < s->n_sections; i++)
        overdue_items(o, &s->sections[i], exempt);
}

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

static void walk_sections(pg__lint_ctx *c, const pg_section *s, tl_entry *all, size_t *n_all)
{
    tl_entry e[TL_MAX];
    size_t n = collect(s, e, 0);
    if (n) {
        order_rules(c, e, n);
        for (size_t i = 0; i < n && *n_all < TL_MAX; i++)
            all[(*n_all)++] = e[i];
    }
    for (size_t i = 0; i < s->n_sections; i++)
        walk_sections(c, &s->sections[i], all, n_all);
}

void pg__lint_rules_timeline(pg__lint_ctx *c)
{
    tl_entry all[TL_MAX];
    size_t n = 0;
    walk_sections(c, pg_doc_root(c->doc), all, &n);
    pg__date today;
    if (!n || pg_lint_config_severity(c->cfg, "overdue-item") == PG_SEV_OFF ||
        !find_today(c, &today))
        return;
    const tl_entry *passed = NULL;
    for (size_t i = 0; i < n; i++)
        if (all[i].d.y && pg__lint_date_cmp(all[i].d, today) < 0 &&
            (!passed || pg__lint_date_cmp(all[i].d, passed->d) > 0))
            passed = &all[i];
    if (!passed)
        return;
    overdue o = {c, passed, today};
    overdue_items(&o, pg_doc_root(c->doc), false);
}
