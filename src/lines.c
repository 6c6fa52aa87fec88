/* lines.c - compile the grammar's line patterns once and classify lines:
 * the first non-blank byte picks the candidate patterns, so most lines
 * meet one regex or none. */
#include "lines.h"

#include <pthread.h>

static pcre2_code *codes[PG_PAT__COUNT];
static bool jitted[PG_PAT__COUNT]; /* JIT code exists: call it directly */
static uint32_t max_caps;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready; /* written under init_lock; read after taking it */

/* Limits that turn regex backtracking bait into a non-match, not a hang. */
#define PG_MATCH_LIMIT 100000u
#define PG_DEPTH_LIMIT 1000u

static void *pcre_malloc(PCRE2_SIZE n, void *ud)
{
    (void)ud;
    return pg__malloc(n);
}
static void pcre_free(void *p, void *ud)
{
    (void)ud;
    pg__free(p);
}

static pg_status compile_all(pg_error *err)
{
    pthread_mutex_lock(&init_lock);
    pg_status st = PG_OK;
    if (!ready) {
        /* PG_NO_JIT: the interpreter only.  JIT code may read a few bytes
         * past the end of a subject (by design, never across a page), which
         * valgrind's memcheck reports: make valgrind sets it. */
        const char *no_jit = getenv("PG_NO_JIT");
        bool jit = !no_jit || !*no_jit || !strcmp(no_jit, "0");
        for (int i = 0; i < PG_PAT__COUNT && st == PG_OK; i++) {
            if (codes[i])
                continue;
            int ec;
            PCRE2_SIZE eo;
            codes[i] = pcre2_compile((PCRE2_SPTR)pg_pattern_src[i], PCRE2_ZERO_TERMINATED, 0, &ec,
                                     &eo, NULL);
            if (!codes[i]) {
                PCRE2_UCHAR msg[120];
                pcre2_get_error_message(ec, msg, sizeof msg);
                /* A bad pattern is a build bug; running out of memory is not. */
                st = ec == PCRE2_ERROR_NOMEMORY ? PG_ERR_NOMEM : PG_ERR_ARG;
                pg__error(err, st, 0, 0, "", "pattern %s: %s at %zu", pg_pattern_names[i],
                          (const char *)msg, (size_t)eo);
                break;
            }
            /* Best effort: without JIT the interpreter runs the pattern. */
            jitted[i] = jit && pcre2_jit_compile(codes[i], PCRE2_JIT_COMPLETE) == 0;
            uint32_t c = 0;
            pcre2_pattern_info(codes[i], PCRE2_INFO_CAPTURECOUNT, &c);
            if (c > max_caps)
                max_caps = c;
        }
        ready = st == PG_OK;
    }
    pthread_mutex_unlock(&init_lock);
    return st;
}

pg_status pg__matcher_init(pg_matcher *m, pg_error *err)
{
    memset(m, 0, sizeof *m);
    pg_status st = compile_all(err);
    if (st != PG_OK)
        return st;
    pcre2_general_context *gc = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
    if (!gc)
        goto nomem;
    m->md = pcre2_match_data_create(max_caps + 1, gc);
    m->mc = pcre2_match_context_create(gc);
    pcre2_general_context_free(gc);
    if (!m->md || !m->mc)
        goto nomem;
    pcre2_set_match_limit(m->mc, PG_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mc, PG_DEPTH_LIMIT);
    return PG_OK;
nomem:
    pg__matcher_free(m);
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return PG_ERR_NOMEM;
}

void pg__matcher_free(pg_matcher *m)
{
    if (m->md)
        pcre2_match_data_free(m->md);
    if (m->mc)
        pcre2_match_context_free(m->mc);
    m->md = NULL;
    m->mc = NULL;
}

bool pg__match(pg_matcher *m, enum pg_pattern_id id, const char *s, size_t n, pg_str *caps,
               int ncap)
{
    /* pcre2_jit_match skips the interpreter's option checks: most lines
     * meet a pattern, so the per-call cost matters. */
    int rc = jitted[id]
                 ? pcre2_jit_match(codes[id], (PCRE2_SPTR)(s ? s : ""), n, 0, 0, m->md, m->mc)
                 : pcre2_match(codes[id], (PCRE2_SPTR)(s ? s : ""), n, 0, 0, m->md, m->mc);
    if (rc < 0) {
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
            rc == PCRE2_ERROR_JIT_STACKLIMIT)
            m->limit_hits++;
        else if (rc == PCRE2_ERROR_NOMEMORY || rc == PCRE2_ERROR_HEAPLIMIT)
            m->nomem = true;
        return false;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    for (int i = 0; i < ncap; i++) {
        int g = i + 1;
        if (g < rc && ov[2 * g] != PCRE2_UNSET) {
            caps[i].ptr = s + ov[2 * g];
            caps[i].len = ov[2 * g + 1] - ov[2 * g];
        } else {
            caps[i].ptr = NULL;
            caps[i].len = 0;
        }
    }
    return true;
}

/* quote-prefix = 1*( ">" [ " " ] ), where a space is part of the prefix
 * only when another ">" follows it or it is the single space after the
 * last marker. */
void pg__quote_prefix(const char *s, size_t n, uint32_t *depth, uint32_t *qlen)
{
    uint32_t d = 0;
    size_t i = 0;
    while (i < n && s[i] == '>') {
        d++;
        i++;
        if (i < n && s[i] == ' ') {
            if (i + 1 < n && s[i + 1] == '>')
                i++;
            else {
                i++;
                break;
            }
        }
    }
    *depth = d;
    *qlen = (uint32_t)i;
}

static bool contains_ci(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++) {
        size_t k = 0;
        while (k < w && (s[i + k] | 32) == word[k])
            k++;
        if (k == w)
            return true;
    }
    return false;
}

/* PCRE2's \s in byte mode with its default (C locale) tables. */
static bool pcre_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* ^([ \t]*)(\*|\xE2\x80\xA2)([ \t]+)(\S.*)$ */
bool pg__meets_bullet(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == '*')
        i++;
    else if (n - i >= 3 && !memcmp(s + i, "\xE2\x80\xA2", 3))
        i += 3;
    else
        return false;
    size_t k = i;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    /* "." stops at nothing here: a line's content holds no "\n". */
    return k > i && k < n && !pcre_space((unsigned char)s[k]);
}

/* ^([ \t]+)-([ \t]*)(\S.*?)[ \t]*$ */
bool pg__meets_dash(const char *s, size_t n, size_t i)
{
    if (i == 0 || i >= n || s[i] != '-')
        return false;
    size_t k = i + 1;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k < n && !pcre_space((unsigned char)s[k]);
}

size_t pg__classify(pg_matcher *m, const char *s, size_t n, pg_line *l)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    l->kind = LK_TEXT;
    if (i == n) {
        l->kind = LK_BLANK;
        return i;
    }
    if (s[n - 1] == ' ' && !(n == 3 && s[0] == '-' && s[1] == '-'))
        l->flags |= LF_SOFT;
    unsigned char c = (unsigned char)s[i];
    pg_str cap[4];
    switch (c) {
    case '=':
        if (i == 0 && pg__match(m, PG_PAT_HEADING, s, n, cap, 3) && cap[1].len)
            l->kind = LK_HEADING;
        return i;
    case '*':
    case 0xE2: /* U+2022 bullet */
        if (pg__meets_bullet(s, n, i))
            l->kind = LK_BULLET;
        return i;
    case '-':
        if (pg__meets_dash(s, n, i))
            l->kind = LK_DASH;
        else if (n == 3 && s[0] == '-' && s[1] == '-' && s[2] == ' ')
            l->flags |= LF_SIGNATURE;
        else if (pg__match(m, PG_PAT_ORIGINAL, s, n, NULL, 0))
            l->flags |= LF_ORIGINAL;
        else if (pg__match(m, PG_PAT_SNIP, s, n, NULL, 0))
            l->flags |= LF_SNIP;
        else if (contains_ci(s, n, "we are here") && pg__match(m, PG_PAT_HERE_LINE, s, n, NULL, 0))
            l->flags |= LF_HERE;
        return i;
    case '_':
        if (pg__match(m, PG_PAT_FOOTER_RULE, s, n, NULL, 0))
            l->flags |= LF_FOOTER;
        return i;
    case '[':
    case '<':
    case '.':
    case '(':
        if (pg__match(m, PG_PAT_SNIP, s, n, NULL, 0))
            l->flags |= LF_SNIP;
        else if (contains_ci(s, n, "we are here") && pg__match(m, PG_PAT_HERE_LINE, s, n, NULL, 0))
            l->flags |= LF_HERE;
        return i;
    default:
        break;
    }
    if (i > 0) {
        /* Indented: a keyed-dialect line or a note. */
        if ((c | 32) >= 'a' && (c | 32) <= 'z' && memchr(s + i, ':', n - i) &&
            pg__match(m, PG_PAT_KEYED, s, n, cap, 3))
            l->kind = LK_KEYED;
        else if ((c | 32) == 't' && pg__match(m, PG_PAT_SCALE_DECL, s, n, cap, 1))
            l->flags |= LF_SCALE_DECL;
        return i;
    }
    if (n >= 2 && (s[1] == ':' || (s[1] == '2' && n >= 3 && s[2] == ':')) &&
        pg__match(m, PG_PAT_RECORD, s, n, cap, 2)) {
        l->kind = LK_RECORD;
        if (s[0] == 'S' && s[1] == ':')
            l->flags |= LF_RECORD_S;
        return i;
    }
    if (s[n - 1] == ':' || s[n - 1] == ' ' || s[n - 1] == '\t') {
        if (pg__match(m, PG_PAT_LABEL, s, n, cap, 1)) {
            l->kind = LK_LABEL;
            return i;
        }
        if (pg__match(m, PG_PAT_ATTRIBUTION, s, n, NULL, 0)) {
            l->flags |= LF_ATTRIBUTION;
            return i;
        }
    }
    if ((c == 'T' || c == 't') && pg__match(m, PG_PAT_SCALE_DECL, s, n, cap, 1))
        l->flags |= LF_SCALE_DECL;
    else if ((c == 'L' || c == 'l') && pg__match(m, PG_PAT_LAST_UPDATED, s, n, cap, 1))
        l->flags |= LF_LAST_UPDATED;
    else if ((c == 'W' || c == 'w') && pg__match(m, PG_PAT_HERE_LINE, s, n, NULL, 0))
        l->flags |= LF_HERE;
    return i;
}
