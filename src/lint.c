/*
 * lint.c - the engine: index the source lines, run each rule group, fold
 * in the parser's own findings, sort and de-duplicate.  Rules live in
 * lint_rules_*.c; they only call pg__lint_add and pg__lint_fix.
 */
#include "bytescan.h"
#include "lint_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------ findings */

/* The table's id for rule (or rule itself) and its configured severity,
 * memoised by the literal's address. */
static const char *rule_of(pg__lint_ctx *c, const char *rule, pg_severity *sev)
{
    size_t n = sizeof c->memo / sizeof c->memo[0];
    size_t h = (size_t)(((uintptr_t)rule >> 3) % n);
    if (c->memo[h].key != rule) {
        const pg_lint_rule *r = pg_lint_rule_find(rule);
        c->memo[h].key = rule;
        c->memo[h].id = r ? r->id : rule;
        c->memo[h].sev = pg_lint_config_severity(c->cfg, rule);
    }
    *sev = c->memo[h].sev;
    return c->memo[h].id;
}

static pg_finding *add_v(pg__lint_ctx *c, const char *rule, uint32_t line, uint32_t col,
                         uint32_t end_line, uint32_t end_col, const char *fmt, va_list ap)
{
    pg_severity sev;
    const char *id = rule_of(c, rule, &sev);
    if (sev == PG_SEV_OFF || c->nomem)
        return NULL;
    pg_finding *f = pg__vec_push(&c->findings);
    if (!f) {
        c->nomem = true;
        return NULL;
    }
    f->diag.rule = id;
    f->diag.severity = sev;
    f->diag.line = line;
    f->diag.column = col ? col : 1;
    f->diag.end_line = end_line ? end_line : line;
    f->diag.end_column = end_col ? end_col : f->diag.column;
    if (line >= 1 && line <= c->n_lines)
        f->diag.offset = c->line_off[line] + (col ? col - 1 : 0);
    f->diag.message = pg__arena_message(c->strs, fmt, ap);
    if (!f->diag.message) {
        c->findings.len--;
        c->nomem = true;
        return NULL;
    }
    return f;
}

pg_finding *pg__lint_add(pg__lint_ctx *c, const char *rule, uint32_t line, uint32_t col,
                         uint32_t end_line, uint32_t end_col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pg_finding *f = add_v(c, rule, line, col, end_line, end_col, fmt, ap);
    va_end(ap);
    return f;
}

pg_finding *pg__lint_add_at(pg__lint_ctx *c, const char *rule, size_t off, size_t end,
                            const char *fmt, ...)
{
    uint32_t l, col, el, ec;
    pg__lint_pos(c, off, &l, &col);
    pg__lint_pos(c, end, &el, &ec);
    va_list ap;
    va_start(ap, fmt);
    pg_finding *f = add_v(c, rule, l, col, el, ec, fmt, ap);
    va_end(ap);
    if (f)
        f->diag.offset = off;
    return f;
}

int pg__lint_fix(pg__lint_ctx *c, pg_finding *f, size_t off, size_t len, const char *text, size_t n)
{
    if (!f)
        return 0;
    pg_str t = pg__arena_str(c->strs, n ? text : "", n);
    if (!t.ptr) {
        c->nomem = true;
        return -1;
    }
    f->fix.offset = off;
    f->fix.len = len;
    f->fix.text = (char *)t.ptr; /* the arena's own copy */
    f->fix.text_len = n;
    f->has_fix = true;
    return 0;
}

/* --------------------------------------------------------------- lines */

/* Does a line end at byte i?  "\n", "\r\n" (at its "\n") and a lone
 * "\r", as the parser splits lines. */
static bool line_end_at(pg_str s, size_t i)
{
    return s.ptr[i] == '\n' || (s.ptr[i] == '\r' && (i + 1 == s.len || s.ptr[i + 1] != '\n'));
}

/* Line ends of a source without CR: the offset past each "\n" into off
 * (when not NULL); returns how many. */
static size_t lf_ends(pg_str s, uint32_t *off) { return pg__line_ends(s.ptr, s.len, off); }

/* The same for any source: "\n", "\r\n" (at its "\n") and a lone "\r". */
static size_t any_ends(pg_str s, uint32_t *off)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        if (line_end_at(s, i)) {
            if (off)
                off[n] = (uint32_t)(i + 1);
            n++;
        }
    return n;
}

static int index_lines(pg__lint_ctx *c)
{
    bool cr = c->src.len && memchr(c->src.ptr, '\r', c->src.len);
    size_t (*ends)(pg_str, uint32_t *) = cr ? any_ends : lf_ends;
    if (c->src.len >= UINT32_MAX)
        return -1; /* no text is: the parser's limit */
    size_t e = ends(c->src, NULL), n = e;
    if (c->src.len && !line_end_at(c->src, c->src.len - 1))
        n++;
    c->line_off = pg__malloc((n + 2) * sizeof *c->line_off);
    if (!c->line_off)
        return -1;
    c->n_lines = n;
    c->line_off[0] = 0;
    c->line_off[1] = 0;
    ends(c->src, c->line_off + 2); /* line l + 1 starts past end l */
    c->line_off[n + 1] = (uint32_t)c->src.len;
    return 0;
}

pg_str pg__lint_line(const pg__lint_ctx *c, uint32_t line)
{
    if (line < 1 || line > c->n_lines)
        return pg__str("", 0);
    size_t a = c->line_off[line], b = c->line_off[line + 1];
    /* A slice ends in "\n", "\r\n", a lone "\r" or the end of input. */
    if (b > a && c->src.ptr[b - 1] == '\n')
        b--;
    if (b > a && c->src.ptr[b - 1] == '\r')
        b--;
    return pg__str(c->src.ptr + a, b - a);
}

void pg__lint_pos(const pg__lint_ctx *c, size_t off, uint32_t *line, uint32_t *col)
{
    size_t lo = 1, hi = c->n_lines;
    if (hi == 0) {
        *line = 1;
        *col = (uint32_t)off + 1;
        return;
    }
    while (lo < hi) { /* last line whose start <= off */
        size_t mid = (lo + hi + 1) / 2;
        if (c->line_off[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    *line = (uint32_t)lo;
    *col = (uint32_t)(off - c->line_off[lo] + 1);
}

size_t pg__lint_quote(const char *p, size_t n, unsigned *depth)
{
    size_t i = 0, end = 0;
    unsigned d = 0;
    for (;;) {
        size_t j = i;
        while (j < n && p[j] == ' ' && j - i < 3 && d > 0)
            j++; /* "> > " : spaces between markers */
        if (j < n && p[j] == '>') {
            d++;
            i = j + 1;
            if (i < n && p[i] == ' ')
                i++;
            end = i;
            continue;
        }
        break;
    }
    if (depth)
        *depth = d;
    return end;
}

size_t pg__lint_width(const char *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '\t')
            w = (w / 8 + 1) * 8;
        else if ((ch & 0xC0) != 0x80)
            w++;
    }
    return w;
}

/* --------------------------------------------------------- titles */

static char lower(char ch) { return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch; }

static bool is_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

bool pg__lint_title_matches(pg_str t, char *const *phrases, size_t n)
{
    size_t s = 0;
    while (s < t.len && (t.ptr[s] == ' ' || t.ptr[s] == '\t'))
        s++;
    for (size_t k = 0; k < n; k++) {
        size_t pl = strlen(phrases[k]);
        if (pl == 0 || t.len - s < pl)
            continue;
        size_t i = 0;
        while (i < pl && lower(t.ptr[s + i]) == lower(phrases[k][i]))
            i++;
        if (i == pl && (s + pl == t.len || !is_alnum(t.ptr[s + pl])))
            return true;
    }
    return false;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NORM_SWAR 1
/* Eight bytes at once, exact per byte (no carry crosses a byte): 0x80 in
 * each byte that is at most ' ' (whitespace and control bytes). */
static uint64_t low_bytes(uint64_t w)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Fu;
    return ~(((w & lo7) + 0x5F5F5F5F5F5F5F5Fu) | w | lo7);
}

/* 0x80 in each byte of x that is 0. */
static uint64_t zero_bytes(uint64_t x)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Fu;
    return ~(((x & lo7) + lo7) | x | lo7);
}

/* w with the bytes 'A'..'Z' lowered, as lower() does each. */
static uint64_t lower8(uint64_t w)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Fu, x = w & lo7;
    uint64_t up = (x + 0x3F3F3F3F3F3F3F3Fu) & ~(x + 0x2525252525252525u) & ~w & ~lo7;
    return w | up >> 2;
}
#endif

size_t pg__lint_norm_title(pg_str t, char *out, size_t cap)
{
    /* A million titles go through here for duplicate-item: text is
     * lowered eight bytes a step up to the next byte at most ' ' (the
     * word's end; the bytes stored past it are overwritten or lie past
     * the result); a run of whitespace is skipped at once and leaves
     * one space if text follows. */
    const unsigned char *p = (const unsigned char *)t.ptr;
    size_t o = 0, i = 0, n = t.len;
    while (i < n && o < cap) {
        unsigned char ch = p[i];
        if (ch > ' ' || (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')) {
#ifdef NORM_SWAR
            if (i + 8 <= n && o + 8 <= cap) {
                uint64_t w, low;
                memcpy(&w, p + i, 8);
                low = low_bytes(w);
                /* A lone space between text passes too: it is the one
                 * space it would become. */
                uint64_t sp = zero_bytes(w ^ 0x2020202020202020u), stop;
                stop = (low & ~sp) | (sp & (low >> 8 | 0x8000000000000000u));
                size_t k = stop ? (size_t)__builtin_ctzll(stop) >> 3 : 8;
                if (k) { /* 0: a control byte first, taken alone below */
                    w = lower8(w);
                    memcpy(out + o, &w, 8);
                    o += k;
                    i += k;
                    continue;
                }
            }
#endif
            out[o++] = lower((char)ch);
            i++;
            continue;
        }
        do
            i++;
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'));
        if (i < n && o > 0)
            out[o++] = ' ';
    }
    while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' '))
        o--;
    return o;
}

/* ------------------------------------------------------------- engine */

static int mark_item(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    pg__lint_ctx *c = ctx;
    uint32_t e = it->end_line > it->line ? it->end_line : it->line;
    for (uint32_t l = it->line; l >= 1 && l <= e && l <= c->n_lines; l++)
        c->in_item[l] = 1;
    return 0;
}

static int cmp_finding(const void *a, const void *b)
{
    const pg_finding *x = a, *y = b;
    if (x->diag.line != y->diag.line)
        return x->diag.line < y->diag.line ? -1 : 1;
    if (x->diag.column != y->diag.column)
        return x->diag.column < y->diag.column ? -1 : 1;
    int r = strcmp(x->diag.rule, y->diag.rule);
    if (r)
        return r;
    if (x->has_fix != y->has_fix)
        return x->has_fix ? -1 : 1;
    return strcmp(x->diag.message, y->diag.message);
}

/* Findings by position, ties in emission order: what a stable sort with
 * cmp_finding gives. */
static int cmp_finding_at(const void *a, const void *b)
{
    const pg_finding *x = *(const pg_finding *const *)a;
    const pg_finding *y = *(const pg_finding *const *)b;
    int r = cmp_finding(x, y);
    return r ? r : (x > y) - (x < y);
}

/* Order p[0, n) stably by cmp_finding: insertion for the few findings of
 * one line, qsort (ties by address) for a crowd (line 0 of a JSON doc). */
static void sort_bucket(pg_finding **p, size_t n)
{
    if (n > 16) {
        qsort(p, n, sizeof *p, cmp_finding_at);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        pg_finding *x = p[i];
        size_t j = i;
        for (; j > 0 && cmp_finding(p[j - 1], x) > 0; j--)
            p[j] = p[j - 1];
        p[j] = x;
    }
}

/* Put f[p[k]] at f[k] for every k, following the permutation's cycles:
 * each finding moves once and no second array is needed. */
static void permute(pg_finding *f, pg_finding **p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (p[k] == &f[k])
            continue;
        pg_finding tmp = f[k];
        size_t j = k;
        for (;;) {
            size_t s = (size_t)(p[j] - f);
            p[j] = &f[j];
            if (s == k) {
                f[j] = tmp;
                break;
            }
            f[j] = f[s];
            j = s;
        }
    }
}

/* Fill p with the findings in order of line, emission order within a
 * line (a counting sort).  Returns -1 on NOMEM. */
static int bucket_by_line(pg_finding *f, size_t n, uint32_t max, pg_finding **p)
{
    uint32_t *at = pg__calloc((size_t)max + 2, sizeof *at);
    if (!at)
        return -1;
    for (size_t i = 0; i < n; i++)
        at[f[i].diag.line + 1]++;
    for (size_t b = 1; b < (size_t)max + 2; b++)
        at[b] += at[b - 1]; /* at[b]: where line b's findings start */
    for (size_t i = 0; i < n; i++)
        p[at[f[i].diag.line]++] = &f[i];
    /* Now at[b] is where line b's end: order each line's few. */
    for (size_t b = 0, start = 0; b <= max; start = at[b], b++)
        sort_bucket(p + start, at[b] - start);
    pg__free(at);
    return 0;
}

/* The stable sort by cmp_finding, in about linear time: findings are
 * counted into buckets by line, then each line's few are ordered.  A
 * line number far beyond the findings' count (no such source) sorts
 * them all at once instead of making a huge table.  Returns -1 on NOMEM. */
static int sort_findings(pg_finding *f, size_t n)
{
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].diag.line > max)
            max = f[i].diag.line;
    pg_finding **p = pg__malloc(n * sizeof *p);
    if (!p)
        return -1;
    if ((size_t)max < 8 * n + 1024 && n < UINT32_MAX) {
        if (bucket_by_line(f, n, max, p) < 0) {
            pg__free(p);
            return -1;
        }
    } else {
        for (size_t i = 0; i < n; i++)
            p[i] = &f[i];
        sort_bucket(p, n);
    }
    permute(f, p, n);
    pg__free(p);
    return 0;
}

/* Position of a finding of ours, to look the parser's up by line. */
typedef struct line_ref {
    uint32_t line;
    uint32_t i;
} line_ref;

static int cmp_line_ref(const void *a, const void *b)
{
    const line_ref *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Our findings by line, or NULL on NOMEM. */
static line_ref *index_by_line(const pg__lint_ctx *c, size_t mine)
{
    line_ref *v = pg__malloc((mine ? mine : 1) * sizeof *v);
    if (!v)
        return NULL;
    const pg_finding *f = c->findings.data;
    for (size_t i = 0; i < mine; i++)
        v[i] = (line_ref){f[i].diag.line, (uint32_t)i};
    if (mine)
        qsort(v, mine, sizeof *v, cmp_line_ref);
    return v;
}

/* Did one of our findings report rule at line? */
static bool reported(const pg__lint_ctx *c, const line_ref *v, size_t n, uint32_t line,
                     const char *rule)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first entry at line or after */
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    const pg_finding *f = c->findings.data;
    for (; lo < n && v[lo].line == line; lo++)
        if (!strcmp(f[v[lo].i].diag.rule, rule))
            return true;
    return false;
}

/* The parser's grammar findings, under the configured severity.  Where a
 * rule of ours already reported the same thing on the same line (the
 * parser checks headings, orphans and UTF-8 too), ours wins: it may carry
 * a fix. */
static void add_parser_diags(pg__lint_ctx *c)
{
    size_t n = pg_doc_diag_count(c->doc), mine = c->findings.len;
    line_ref *byline = NULL; /* built for the first diag that needs it */
    for (size_t i = 0; i < n && !c->nomem; i++) {
        const pg_diag *d = pg_doc_diag(c->doc, i);
        const pg_lint_rule *r = pg_lint_rule_find(d->rule);
        /* Rules lint implements itself judge more carefully (context,
         * replies, dialects) than the parser's quick checks. */
        if (r && !pg__lint_parser_only(r))
            continue;
        pg_severity sev = r ? pg_lint_config_severity(c->cfg, d->rule) : d->severity;
        if (sev == PG_SEV_OFF)
            continue;
        if (mine && !byline && !(byline = index_by_line(c, mine))) {
            c->nomem = true;
            break;
        }
        if (mine && reported(c, byline, mine, d->line, d->rule))
            continue;
        pg_finding *f = pg__vec_push(&c->findings);
        if (!f) {
            c->nomem = true;
            break;
        }
        f->diag = *d;
        f->diag.severity = sev;
        /* A copy: the result may outlive the document. */
        if (!(f->diag.message = pg__arena_message_copy(c->strs, d->message))) {
            c->findings.len--;
            c->nomem = true;
        }
    }
    pg__free(byline);
}

static void store_free(pg_lint_store *s)
{
    if (s)
        pg__arena_free(&s->strs);
    pg__free(s);
}

void pg_lint_result_free(pg_lint_result *r)
{
    if (!r)
        return;
    store_free(r->store);
    pg__free(r->findings);
    r->findings = NULL;
    r->n = 0;
    r->store = NULL;
}

pg_status pg_lint_result_set_message(pg_lint_result *r, size_t i, const char *message,
                                     pg_error *err)
{
    pg__error_reset(err);
    if (!r || i >= r->n || !r->store || !message) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "pg_lint_result_set_message: bad argument");
        return PG_ERR_ARG;
    }
    const char *m = pg__arena_message_copy(&r->store->strs, message);
    if (!m) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    r->findings[i].diag.message = m;
    return PG_OK;
}

size_t pg_lint_result_count(const pg_lint_result *r, pg_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->n; i++)
        if (r->findings[i].diag.severity >= sev && r->findings[i].diag.severity != PG_SEV_OFF)
            n++;
    return n;
}

/* ------------------------------------------------------- rule families */

typedef struct family_job {
    pg__lint_ctx c; /* shares the document and indexes; own findings */
    pg_arena strs;  /* and their strings */
    void (*rules)(pg__lint_ctx *c);
} family_job;

static void family_run(void *v)
{
    family_job *j = v;
    j->rules(&j->c);
}

void pg__lint_fork(pg__lint_ctx *fam, const pg__lint_ctx *c, pg_arena *strs)
{
    *fam = *c;
    memset(&fam->findings, 0, sizeof fam->findings);
    fam->findings.elem = sizeof(pg_finding);
    memset(strs, 0, sizeof *strs);
    fam->strs = strs;
    fam->nomem = false;
}

void pg__lint_drop_lines(pg__lint_ctx *c)
{
    pg__free(c->line_off);
    pg__free(c->in_item);
    c->line_off = NULL;
    c->in_item = NULL;
}

void pg__lint_join(pg__lint_ctx *c, pg__lint_ctx *fams, size_t n)
{
    size_t total = c->findings.len;
    for (size_t i = 0; i < n; i++) {
        pg__arena_adopt(c->strs, fams[i].strs);
        total += fams[i].findings.len;
        c->nomem |= fams[i].nomem;
    }
    pg_vec *all = &c->findings;
    /* The first family's vector becomes the result when c has none yet;
     * the others are appended into room made once (no regrowth, each
     * freed as it goes). */
    size_t i = 0;
    if (!all->len && n && !c->nomem) {
        pg__vec_free(all);
        *all = fams[0].findings;
        memset(&fams[0].findings, 0, sizeof fams[0].findings);
        i = 1;
    }
    void *room = c->nomem || total <= all->cap || !total
                     ? all->data
                     : pg__realloc(all->data, total * all->elem);
    if (!room && total)
        c->nomem = true;
    else
        all->data = room, all->cap = total > all->cap ? total : all->cap;
    for (; i < n; i++) {
        pg_vec *v = &fams[i].findings;
        if (!c->nomem && v->len && all->data) { /* room for total, v's among them */
            memcpy((char *)all->data + all->len * all->elem, v->data, v->len * v->elem);
            all->len += v->len;
        }
        pg__vec_free(v);
    }
}

/* The families only read the document and add findings: on threads, each
 * collects its own, appended in the order one thread would have made
 * them (the sort keeps that order among findings at one place). */
static void run_families(pg__lint_ctx *c)
{
    static void (*const families[])(pg__lint_ctx *) = {
        pg__lint_rules_lines, pg__lint_rules_structure, pg__lint_rules_duplicates,
        pg__lint_rules_timeline, pg__lint_rules_history};
    enum {
        N = sizeof families / sizeof families[0]
    };
    if (c->cfg->threads < 2) {
        for (size_t i = 0; i < N; i++)
            families[i](c);
        pg__lint_drop_lines(c);
        return;
    }
    family_job jobs[N];
    for (size_t i = 0; i < N; i++) {
        pg__lint_fork(&jobs[i].c, c, &jobs[i].strs);
        jobs[i].rules = families[i];
    }
    pg__run_jobs(family_run, jobs, sizeof jobs[0], N, c->cfg->threads);
    pg__lint_drop_lines(c);
    pg__lint_ctx fams[N];
    for (size_t i = 0; i < N; i++)
        fams[i] = jobs[i].c;   /* strs still point at the jobs' arenas */
    pg__lint_join(c, fams, N); /* c has none yet: families are the first to add */
}

void pg__lint_mark_items(pg__lint_ctx *c, const pg_section *s)
{
    for (size_t i = 0; i < s->n_items; i++)
        mark_item(&s->items[i], s, c);
}

pg_status pg__lint_begin(pg__lint_ctx *c, const pg_doc *doc, const pg_lint_config *cfg,
                         const pg_lint_digest *const *previous, size_t n_prev,
                         pg_lint_store **store, pg_error *err)
{
    memset(c, 0, sizeof *c);
    *store = pg__calloc(1, sizeof **store);
    if (!*store)
        goto nomem;
    c->strs = &(*store)->strs;
    c->doc = doc;
    c->cfg = cfg;
    c->prev = previous;
    c->n_prev = n_prev;
    c->src = pg_doc_source(doc);
    if (!c->src.ptr)
        c->src = pg__str("", 0);
    c->findings.elem = sizeof(pg_finding);
    if (index_lines(c) < 0 || !(c->in_item = pg__calloc(c->n_lines + 2, 1))) {
        pg__free(c->line_off);
        c->line_off = NULL;
        goto nomem;
    }
    return PG_OK;
nomem:
    store_free(*store);
    *store = NULL;
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return PG_ERR_NOMEM;
}

pg_status pg__lint_end(pg__lint_ctx *c, pg_lint_store *store, pg_lint_result *out, pg_error *err)
{
    if (!c->nomem)
        add_parser_diags(c);
    pg__lint_drop_lines(c); /* when the families did not */
    pg_finding *f = c->findings.data;
    size_t n = c->findings.len;
    if (c->nomem || (n && sort_findings(f, n) < 0)) {
        pg__vec_free(&c->findings);
        store_free(store);
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    /* The same finding twice at one place is reported once (not in a
     * JSON/YAML document: without line numbers, findings about different
     * items share "line 0"). */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && f[i].diag.line > 0 && f[w - 1].diag.line == f[i].diag.line &&
            f[w - 1].diag.column == f[i].diag.column &&
            !strcmp(f[w - 1].diag.rule, f[i].diag.rule) &&
            !strcmp(f[w - 1].diag.message, f[i].diag.message))
            continue;
        if (w != i)
            f[w] = f[i];
        w++;
    }
    out->findings = f;
    out->n = w;
    out->store = store;
    return PG_OK;
}

pg_status pg__lint_open(bool args_ok, const char *who, pg_lint_result *out,
                        const pg_lint_config **cfg, pg_lint_config **own, pg_error *err)
{
    pg__error_reset(err);
    *own = NULL;
    if (!args_ok || !out) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "%s: bad argument", who);
        return PG_ERR_ARG;
    }
    out->findings = NULL;
    out->n = 0;
    out->store = NULL;
    if (!*cfg && !(*cfg = *own = pg_lint_config_new())) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    return PG_OK;
}

pg_status pg__lint_tree(const pg_doc *doc, const pg_lint_config *cfg,
                        const pg_lint_digest *const *previous, size_t n_prev, pg_lint_result *out,
                        pg_error *err)
{
    pg__lint_ctx c;
    pg_lint_store *store;
    pg_status st = pg__lint_begin(&c, doc, cfg, previous, n_prev, &store, err);
    if (st == PG_OK) {
        pg_doc_walk(doc, NULL, mark_item, &c);
        run_families(&c);
        st = pg__lint_end(&c, store, out, err);
    }
    return st;
}

pg_status pg_lint(const pg_doc *doc, const pg_lint_config *cfg, const pg_doc *const *previous,
                  size_t n_prev, pg_lint_result *out, pg_error *err)
{
    pg_lint_config *own;
    pg_status st = pg__lint_open(doc && (!n_prev || previous), "pg_lint", out, &cfg, &own, err);
    if (st != PG_OK)
        return st;
    /* The earlier versions as the history rules read them. */
    pg_lint_digest **dg = n_prev ? pg__calloc(n_prev, sizeof *dg) : NULL;
    if (n_prev && !dg) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        st = PG_ERR_NOMEM;
    }
    for (size_t i = 0; i < n_prev && st == PG_OK; i++)
        if (!previous[i]) {
            pg__error(err, PG_ERR_ARG, 0, 0, "", "pg_lint: bad argument");
            st = PG_ERR_ARG;
        } else if (!(dg[i] = pg_lint_digest_doc(previous[i], cfg, err))) {
            st = err && err->code ? err->code : PG_ERR_NOMEM;
        }
    if (st == PG_OK)
        st = pg__lint_tree(doc, cfg, (const pg_lint_digest *const *)dg, n_prev, out, err);
    for (size_t i = 0; dg && i < n_prev; i++)
        pg_lint_digest_free(dg[i]);
    pg__free(dg);
    pg_lint_config_free(own);
    return st;
}

/* ---------------------------------------------------------------- fixes */

static int cmp_fix(const void *a, const void *b)
{
    const pg_finding *x = *(const pg_finding *const *)a;
    const pg_finding *y = *(const pg_finding *const *)b;
    if (x->fix.offset != y->fix.offset)
        return x->fix.offset < y->fix.offset ? -1 : 1;
    return (x->fix.len > y->fix.len) - (x->fix.len < y->fix.len);
}

pg_status pg_lint_apply_fixes(const char *src, size_t len, const pg_lint_result *r,
                              pg_write_fn write, void *ctx, size_t *applied, pg_error *err)
{
    pg__error_reset(err);
    size_t nf = 0, used = 0;
    for (size_t i = 0; r && i < r->n; i++)
        nf += r->findings[i].has_fix;
    const pg_finding **fx = pg__malloc((nf ? nf : 1) * sizeof *fx);
    if (!fx) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    nf = 0;
    for (size_t i = 0; r && i < r->n; i++)
        if (r->findings[i].has_fix && r->findings[i].fix.offset <= len &&
            r->findings[i].fix.len <= len - r->findings[i].fix.offset)
            fx[nf++] = &r->findings[i];
    if (nf)
        qsort(fx, nf, sizeof *fx, cmp_fix);
    size_t pos = 0;
    pg_status st = PG_OK;
    for (size_t i = 0; i < nf && st == PG_OK; i++) {
        const pg_fix *x = &fx[i]->fix;
        /* Overlapping fixes wait for the next round (fmt repeats). */
        if (x->offset < pos ||
            (x->offset == pos && pos > 0 && x->len == 0 && used && fx[i - 1]->fix.offset == pos))
            continue;
        if (write(ctx, src + pos, x->offset - pos) || write(ctx, x->text, x->text_len))
            st = PG_ERR_IO;
        pos = x->offset + x->len;
        used++;
    }
    if (st == PG_OK && write(ctx, src + pos, len - pos))
        st = PG_ERR_IO;
    pg__free(fx);
    if (st != PG_OK)
        pg__error(err, st, 0, 0, "", "write failed");
    if (applied)
        *applied = used;
    return st;
}
