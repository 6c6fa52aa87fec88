/* parse.c - the driver: split and classify lines (step one, here), then
 * group them into subject, sections, items and prose (step two, group.c).
 *
 * (grammar/prognosis.ebnf has the whole grammar.)  Every input byte ends
 * up in exactly one node: the subject, a heading, an item head or body
 * line, or the prose ("text") that follows a node. */
#include "bytescan.h"
#include "parser.h"

#include <stdlib.h>

void pg__parser_nomem(pg_parser *p)
{
    if (!p->nomem)
        pg__error(p->err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    p->nomem = true;
}

void pg__parser_diag(pg_parser *p, const char *rule, pg_severity sev, uint32_t line, uint32_t col,
                     uint32_t end_col, size_t offset, const char *fmt, ...)
{
    if (!p->diags || p->nomem)
        return;
    pg_diag *d = pg__vec_push(p->diags);
    if (!d) {
        pg__parser_nomem(p);
        return;
    }
    d->rule = rule;
    d->severity = sev;
    d->line = d->end_line = line;
    d->column = col;
    d->end_column = end_col > col ? end_col : col + 1;
    d->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    d->message = pg__arena_message(p->msgs, fmt, ap);
    va_end(ap);
    if (!d->message) {
        p->diags->len--;
        pg__parser_nomem(p);
    }
}

bool pg__rematch(pg_parser *p, enum pg_pattern_id id, const char *s, size_t n, pg_str *caps,
                 int ncap)
{
    if (pg__match(&p->m, id, s, n, caps, ncap))
        return true;
    pg__parser_nomem(p);
    return false;
}

pg_str pg__lines_raw(const pg_parser *p, size_t a, size_t b)
{
    if (a >= b)
        return pg__str(p->src + (a < p->n_lines ? p->lines[a].start : p->n), 0);
    const pg_line *last = &p->lines[b - 1];
    size_t end = last->start + last->len + pg__line_eol_len(last);
    return pg__str(p->src + p->lines[a].start, end - p->lines[a].start);
}

/* ------------------------------------------------------------ step one */

/* A line that is not plain ASCII: its NUL and UTF-8 are looked at once,
 * for the line's flags and the diagnostics both. */
static void odd_line(pg_parser *p, size_t idx, pg_line *l)
{
    const char *s = p->src + l->start;
    const char *nul = memchr(s, '\0', l->len);
    if (nul) {
        size_t at = (size_t)(nul - s);
        l->flags |= LF_NUL;
        pg__parser_diag(p, "nul-byte", PG_SEV_ERROR, (uint32_t)idx + 1, (uint32_t)at + 1,
                        (uint32_t)at + 2, l->start + at, "NUL byte in the text");
    }
    size_t bad;
    if (!pg__utf8_valid(s, l->len, &bad)) {
        l->flags |= LF_BAD_UTF8;
        p->bad_utf8 = true;
        pg__parser_diag(p, "invalid-utf8", PG_SEV_ERROR, (uint32_t)idx + 1, (uint32_t)bad + 1,
                        (uint32_t)bad + 2, l->start + bad, "invalid UTF-8 (byte 0x%02X)",
                        (unsigned char)s[bad]);
    }
}

/* Store a line's depth, prefix length and indent: in the line itself when
 * they fit, else in the wide table (only hostile input gets there). */
static pg_status pack_line(pg_parser *p, pg_line *l, size_t idx, uint32_t depth, uint32_t qlen,
                           size_t indent)
{
    if (depth <= UINT8_MAX && qlen <= UINT16_MAX && indent <= UINT8_MAX) {
        l->q.n.depth = (uint8_t)depth;
        l->q.n.qlen = (uint16_t)qlen;
        l->q.n.indent = (uint8_t)indent;
        return PG_OK;
    }
    p->wide.elem = sizeof(pg_line_wide);
    pg_line_wide *w = pg__vec_push(&p->wide);
    if (!w) {
        pg__parser_nomem(p);
        return PG_ERR_NOMEM;
    }
    w->depth = depth;
    w->qlen = qlen;
    w->indent = (uint32_t)indent; /* under the 4 GiB input limit */
    w->line = (uint32_t)idx;
    l->q.w = (uint32_t)(p->wide.len - 1);
    l->flags |= LF_WIDE;
    return PG_OK;
}

/* How many lines src[from..to) holds: line ends ("\n", "\r\n", and a
 * lone "\r" when cr), plus an unterminated last line at the end of input. */
static size_t count_lines(const pg_parser *p, size_t from, size_t to, bool cr)
{
    size_t count = pg__count_byte(p->src + from, to - from, '\n');
    for (const char *q = p->src + from, *end = p->src + to;
         cr && q < end && (q = memchr(q, '\r', (size_t)(end - q))) != NULL; q++)
        count += (q + 1 == p->src + p->n) || q[1] != '\n';
    if (to == p->n && to > from && p->src[to - 1] != '\n' && !(cr && p->src[to - 1] == '\r'))
        count++;
    return count;
}

/* Split src[from..to) into p->lines[base..] and classify each line while
 * it is hot.  `to` is the end of the input or just after a "\n".  *found
 * gets the number of lines. */
static pg_status split_range(pg_parser *p, size_t from, size_t to, size_t base, bool cr,
                             size_t *found)
{
    size_t pos = from, n = base;
    while (pos < to) {
        pg_line *l = &p->lines[n];
        const char *s = p->src + pos;
        size_t rest = to - pos;
        bool clean; /* ASCII without NUL up to the "\n" */
        size_t len = pg__scan_line(s, rest, &clean);
        /* The first "\n" or "\r" ends the line (a lone CR counts). */
        const char *r = cr ? memchr(s, '\r', len) : NULL;
        if (r)
            len = (size_t)(r - s);
        l->start = (uint32_t)pos;
        if (len == rest)
            l->eol = 0;
        else if (s[len] == '\n')
            l->eol = 1;
        else if (len + 1 < rest && s[len + 1] == '\n')
            l->eol = 2;
        else
            l->eol = 3;
        l->len = (uint32_t)len;
        l->flags = 0;
        pos += len + pg__line_eol_len(l);
        uint32_t depth, qlen;
        pg__quote_prefix(s, l->len, &depth, &qlen);
        size_t indent = pg__classify(&p->m, s + qlen, l->len - qlen, l);
        if (pack_line(p, l, n, depth, qlen, indent) != PG_OK)
            return PG_ERR_NOMEM;
        p->n_lf += l->eol == 1;
        p->n_crlf += l->eol == 2;
        if ((l->flags & (LF_SCALE_DECL | LF_LAST_UPDATED)) || (l->kind == LK_TEXT && !indent)) {
            uint32_t *slot = pg__vec_push(&p->prose);
            if (!slot) {
                pg__parser_nomem(p);
                return PG_ERR_NOMEM;
            }
            *slot = (uint32_t)n;
        }
        if (!clean)
            odd_line(p, n, l);
        n++;
    }
    *found = n - base;
    return p->nomem ? PG_ERR_NOMEM : PG_OK;
}

/* ------------------------------------------- step one, several threads */

void pg__parser_fork(pg_parser *t, const pg_parser *p, pg_vec *diags, pg_arena *msgs, pg_error *err)
{
    *t = *p;
    t->msgs = msgs;
    memset(&t->ents, 0, sizeof t->ents);
    t->m.limit_hits = 0;
    t->m.nomem = false;
    t->nomem = false;
    t->err = err;
    diags->elem = sizeof(pg_diag);
    t->diags = p->diags ? diags : NULL;
}

void pg__parser_fold(pg_parser *p, const pg_parser *from, const pg_vec *diags)
{
    if (from->nomem)
        pg__parser_nomem(p);
    for (size_t i = 0; i < diags->len && !p->nomem; i++) {
        pg_diag *d = pg__vec_push(p->diags);
        if (!d)
            pg__parser_nomem(p);
        else
            *d = ((const pg_diag *)diags->data)[i];
    }
    p->m.limit_hits += from->m.limit_hits;
    p->m.nomem |= from->m.nomem;
    pg__arena_adopt(p->msgs, from->msgs); /* the messages the diagnostics point to */
}

/* A stretch of the input split by one thread into its part of the shared
 * line table, with its own matcher, side tables and diagnostics. */
typedef struct split_job {
    pg_parser p;
    pg_vec diags;
    pg_arena msgs;
    pg_error err;
    size_t from, to, base, count, found;
    bool cr, own_matcher;
    pg_status st;
} split_job;

static void count_job(void *v)
{
    split_job *j = v;
    /* Whether this stretch has a CR at all: the split only looks for one
     * per line where one can be. */
    j->cr = memchr(j->p.src + j->from, '\r', j->to - j->from) != NULL;
    j->count = count_lines(&j->p, j->from, j->to, j->cr);
}

static void split_job_run(void *v)
{
    split_job *j = v;
    j->st = split_range(&j->p, j->from, j->to, j->base, j->cr, &j->found);
}

/* Fold a job's results into p, in input order. */
static void split_merge(pg_parser *p, split_job *j)
{
    pg__parser_fold(p, &j->p, &j->diags);
    size_t off = p->wide.len;
    p->wide.elem = sizeof(pg_line_wide);
    for (size_t i = 0; i < j->p.wide.len && !p->nomem; i++) {
        pg_line_wide *w = pg__vec_push(&p->wide), *src = (pg_line_wide *)j->p.wide.data + i;
        if (!w) {
            pg__parser_nomem(p);
            break;
        }
        *w = *src;
        p->lines[src->line].q.w = (uint32_t)(off + i);
    }
    for (size_t i = 0; i < j->p.prose.len && !p->nomem; i++) {
        uint32_t *slot = pg__vec_push(&p->prose);
        if (!slot)
            pg__parser_nomem(p);
        else
            *slot = ((uint32_t *)j->p.prose.data)[i];
    }
    p->n_lf += j->p.n_lf;
    p->n_crlf += j->p.n_crlf;
    p->bad_utf8 |= j->p.bad_utf8;
}

static void split_job_free(split_job *j)
{
    if (j->own_matcher)
        pg__matcher_free(&j->p.m);
    pg__vec_free(&j->diags);
    pg__arena_free(&j->msgs); /* empty once folded */
    pg__vec_free(&j->p.wide);
    pg__vec_free(&j->p.prose);
}

/* Cut [from, n) at line ends into k stretches of about equal size; returns
 * how many it made (fewer when the lines are too long to cut). */
static size_t cut(const pg_parser *p, size_t from, size_t k, size_t *at)
{
    size_t made = 0, prev = from;
    at[made++] = from;
    for (size_t i = 1; i < k; i++) {
        size_t want = from + (p->n - from) / k * i;
        if (want < prev)
            continue;
        const char *nl = memchr(p->src + want, '\n', p->n - want);
        if (!nl || (size_t)(nl - p->src) + 1 >= p->n)
            break;
        prev = (size_t)(nl - p->src) + 1;
        at[made++] = prev;
    }
    at[made] = p->n;
    return made;
}

static pg_status split_parallel(pg_parser *p, size_t from, size_t k)
{
    size_t at[PG_MAX_JOBS + 1];
    size_t threads = k;
    k = cut(p, from, k * PG_JOBS_PER_THREAD, at);
    split_job jobs[PG_MAX_JOBS];
    memset(jobs, 0, sizeof jobs);
    pg_status st = PG_OK;
    for (size_t i = 0; i < k; i++) {
        split_job *j = &jobs[i];
        pg__parser_fork(&j->p, p, &j->diags, &j->msgs, &j->err);
        /* The side tables and counts a split fills are its own too. */
        memset(&j->p.wide, 0, sizeof j->p.wide);
        memset(&j->p.prose, 0, sizeof j->p.prose);
        j->p.prose.elem = sizeof(uint32_t);
        j->p.n_lf = j->p.n_crlf = 0;
        j->p.bad_utf8 = false;
        j->from = at[i];
        j->to = at[i + 1];
        if (i > 0) { /* match data is per thread */
            if (pg__matcher_init(&j->p.m, &j->err) != PG_OK)
                st = PG_ERR_NOMEM;
            else
                j->own_matcher = true;
        }
    }
    if (st == PG_OK) {
        pg__run_jobs(count_job, jobs, sizeof jobs[0], k, (unsigned)threads);
        size_t total = 0;
        for (size_t i = 0; i < k; i++) {
            jobs[i].base = total;
            total += jobs[i].count;
        }
        p->lines = total + 1 <= SIZE_MAX / sizeof(pg_line)
                       ? pg__malloc((total + 1) * sizeof(pg_line))
                       : NULL;
        if (!p->lines)
            st = PG_ERR_NOMEM;
        for (size_t i = 0; i < k && st == PG_OK; i++)
            jobs[i].p.lines = p->lines;
    }
    if (st == PG_OK) {
        pg__run_jobs(split_job_run, jobs, sizeof jobs[0], k, (unsigned)threads);
        for (size_t i = 0; i < k; i++) {
            split_merge(p, &jobs[i]);
            if (jobs[i].found != jobs[i].count && !p->nomem)
                st = PG_ERR_LIMIT; /* counted and split disagree: a bug; go serial */
        }
        p->n_lines = jobs[k - 1].base + jobs[k - 1].found;
    }
    for (size_t i = 0; i < k; i++)
        split_job_free(&jobs[i]);
    if (st == PG_ERR_NOMEM || p->nomem) {
        pg__parser_nomem(p);
        return PG_ERR_NOMEM;
    }
    return st;
}

pg_status pg__split_lines(pg_parser *p, size_t from)
{
    if (p->n >= UINT32_MAX) { /* line offsets are 32-bit */
        pg__error(p->err, PG_ERR_LIMIT, 0, 0, "", "text of %zu bytes is over the 4 GiB limit",
                  p->n);
        return PG_ERR_LIMIT;
    }
    size_t k = pg__parallel_jobs(p->threads, p->n - from);
    if (k > 1) {
        size_t diags = p->diags ? p->diags->len : 0;
        int hits = p->m.limit_hits;
        pg_status st = split_parallel(p, from, k);
        if (st != PG_ERR_LIMIT)
            return st;
        /* Start again on one thread, from a clean state. */
        pg__free(p->lines);
        p->lines = NULL;
        p->n_lines = p->n_lf = p->n_crlf = 0;
        p->wide.len = p->prose.len = 0;
        p->bad_utf8 = false;
        p->m.limit_hits = hits;
        if (p->diags)
            p->diags->len = diags;
    }
    /* Count line ends first: one exact allocation, no regrowth. */
    bool cr = from < p->n && memchr(p->src + from, '\r', p->n - from) != NULL;
    size_t count = count_lines(p, from, p->n, cr) + 1;
    p->lines = count <= SIZE_MAX / sizeof(pg_line)
                   ? pg__malloc(count * sizeof(pg_line)) /* each field is set below */
                   : NULL;
    if (!p->lines) {
        pg__parser_nomem(p);
        return PG_ERR_NOMEM;
    }
    pg_status st = split_range(p, from, p->n, 0, cr, &p->n_lines);
    return st;
}

/* The scale a document declares ("The states are: a -> b -> c") must be
 * known before items are read; its definition lines may precede it. */
static void find_scale(pg_parser *p)
{
    const uint32_t *idx = p->prose.data;
    for (int pass = 0; pass < 2 && !p->nomem; pass++) {
        for (size_t k = 0; k < p->prose.len; k++) {
            const pg_line *l = &p->lines[idx[k]];
            if (pass == 0 ? !(l->flags & LF_SCALE_DECL)
                          : !((l->flags & LF_LAST_UPDATED) ||
                              (l->kind == LK_TEXT && !pg__line_indent(p, l))))
                continue;
            if (pg__prose_fact(p->doc, &p->m, pg__line_content(p, l), pg__line_content_len(p, l),
                               pass) != 0)
                pg__parser_nomem(p);
        }
    }
}

/* ---------------------------------------------------------- entry points */

pg_status pg__parser_open(pg_parser *p, pg_doc *doc, const char *src, size_t n, pg_error *err)
{
    memset(p, 0, sizeof *p);
    p->doc = doc;
    p->msgs = &doc->msgs;
    p->src = src;
    p->n = n;
    p->err = err;
    p->keep_items = true;
    p->prose.elem = sizeof(uint32_t);
    return pg__matcher_init(&p->m, err);
}

void pg__parser_close(pg_parser *p)
{
    pg__matcher_free(&p->m);
    pg__vec_free(&p->ents);
    pg__vec_free(&p->wide);
    pg__vec_free(&p->prose);
    pg__free(p->lines);
    p->lines = NULL;
}

static void choose_eol(pg_parser *p)
{
    p->doc->eol = p->n_crlf > p->n_lf ? pg__cstr("\r\n") : pg__cstr("\n");
}

pg_doc *pg_parse_text(const char *buf, size_t len, const pg_parse_options *opts, pg_error *err)
{
    return pg__parse_text_hooked(buf, len, opts, NULL, err);
}

pg_doc *pg__parse_text_hooked(const char *buf, size_t len, const pg_parse_options *opts,
                              const pg_top_hook *hook, pg_error *err)
{
    pg__error_reset(err);
    if (!buf && len) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "NULL buffer with non-zero length");
        return NULL;
    }
    if (len >= UINT32_MAX) {
        pg__error(err, PG_ERR_LIMIT, 0, 0, "", "input of %zu bytes is over the 4 GiB limit", len);
        return NULL;
    }
    pg_doc *doc = pg__doc_new(opts);
    if (!doc) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return NULL;
    }
    doc->source = opts && opts->borrow_input ? pg__str(buf ? buf : "", len)
                                             : pg__arena_str(&doc->arena, buf ? buf : "", len);
    if (!doc->source.ptr) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        pg_doc_free(doc);
        return NULL;
    }
    pg_parser p;
    pg_vec diags = {.elem = sizeof(pg_diag)};
    if (pg__parser_open(&p, doc, doc->source.ptr, len, err) != PG_OK) {
        pg_doc_free(doc);
        return NULL;
    }
    p.diags = &diags;
    p.keep_items = !(opts && opts->diagnostics_only);
    p.threads = opts ? opts->threads : 0;
    size_t from = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        doc->bom = true;
        from = 3;
    }
    if (pg__split_lines(&p, from) == PG_OK) {
        doc->source_utf8 = !p.bad_utf8;
        choose_eol(&p);
        find_scale(&p);
        if (hook && !p.nomem && hook->start(hook->ctx, doc))
            p.hook = hook;
        pg__group(&p, opts && opts->subject_from_header);
    }
    if (p.m.nomem && !p.nomem)
        pg__parser_nomem(&p); /* a line read without its pattern would be wrong */
    if (!p.nomem && p.m.limit_hits)
        pg__parser_diag(&p, "match-limit", PG_SEV_WARNING, 1, 1, 1, 0,
                        "%d line(s) hit the pattern match limit and were read as prose",
                        p.m.limit_hits);
    pg__parser_close(&p);
    if (!p.nomem) {
        doc->diags = pg__freeze(&p, &diags, 0, &doc->n_diags);
    }
    pg__vec_free(&diags);
    /* Once root's head went out, its items have their comments and a
     * writer may be reading them: deriving them again would race it. */
    bool ok = !p.nomem && (p.root_sent || pg__doc_finish(doc, err) == PG_OK);
    if (p.hook)
        p.hook->end(p.hook->ctx, ok); /* nothing reads the document after this */
    if (!ok) {
        pg_doc_free(doc);
        return NULL;
    }
    return doc;
}
