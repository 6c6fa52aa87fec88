/*
 * lint_state.c - reading the state an author wrote (the trailing
 * parenthetical of an item head, soft breaks joined) and suggesting the
 * nearest state of the scale for one that is not on it.
 */
#include "lint_state.h"

#include <stdio.h>

static char lower(char ch) { return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch; }

static bool blank_body(const pg__lint_ctx *c, uint32_t l, unsigned *depth, pg_str *body)
{
    pg_str all = pg__lint_line(c, l);
    size_t q = pg__lint_quote(all.ptr, all.len, depth);
    *body = pg__str(all.ptr + q, all.len - q);
    for (size_t i = 0; i < body->len; i++)
        if (body->ptr[i] != ' ' && body->ptr[i] != '\t')
            return false;
    return true;
}

void pg__lint_head(const pg__lint_ctx *c, const pg_item *it, pg__lint_head_t *h)
{
    h->len = 0;
    h->lines = 0;
    uint32_t l = it->line;
    if (l < 1 || l > c->n_lines) {
        /* No source (a JSON/YAML document): the title as read. */
        for (size_t i = 0; i < it->title.len && h->len < PG_LINT_HEAD_MAX; i++) {
            h->text[h->len] = it->title.ptr[i];
            h->off[h->len++] = 0;
        }
        return;
    }
    while (l >= 1 && l <= c->n_lines) {
        unsigned d;
        pg_str b;
        blank_body(c, l, &d, &b);
        size_t base = (size_t)(b.ptr - c->src.ptr);
        /* One copy and one plain loop (which vectorises) for the line. */
        size_t k = b.len < PG_LINT_HEAD_MAX - h->len ? b.len : PG_LINT_HEAD_MAX - h->len;
        memcpy(h->text + h->len, b.ptr, k);
        for (size_t i = 0; i < k; i++)
            h->off[h->len + i] = base + i;
        h->len += k;
        h->lines++;
        /* Follow a soft break onto a line that is no body line. */
        if (!b.len || b.ptr[b.len - 1] != ' ' || l >= c->n_lines)
            break;
        unsigned d2;
        pg_str nb;
        if (blank_body(c, l + 1, &d2, &nb) || d2 != d || nb.ptr[0] == ' ' || nb.ptr[0] == '*' ||
            nb.ptr[0] == '\t' || nb.ptr[0] == '=' ||
            (nb.ptr[0] == '-' && (nb.len == 1 || nb.ptr[1] == ' ')))
            break;
        l++;
    }
}

bool pg__lint_head_paren(const pg__lint_head_t *h, size_t *a, size_t *b)
{
    size_t e = h->len;
    while (e > 0 && (h->text[e - 1] == ' ' || h->text[e - 1] == '\t'))
        e--;
    if (e < 3 || h->text[e - 1] != ')')
        return false;
    int depth = 0;
    for (size_t i = e; i-- > 0;) {
        if (h->text[i] == ')')
            depth++;
        else if (h->text[i] == '(' && --depth == 0) {
            *a = i + 1;
            *b = e - 1;
            return i > 0; /* a title before it */
        }
    }
    return false;
}

/* Optimal string alignment distance, ASCII case folded, capped: once
 * two rows in a row are all over cap no later row can come back under
 * (a transposition looks back two rows, and adds one), and cap + 1 is
 * returned. */
static size_t distance(const char *s, size_t n, const char *t, size_t m, size_t cap)
{
    if (n > 32 || m > 32)
        return cap + 1;
    char ls[32], lt[32];
    for (size_t i = 0; i < n; i++)
        ls[i] = lower(s[i]);
    for (size_t j = 0; j < m; j++)
        lt[j] = lower(t[j]);
    size_t d[34][34];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    bool over_before = false;
    for (size_t i = 1; i <= n; i++) {
        size_t row_min = d[i][0];
        for (size_t j = 1; j <= m; j++) {
            size_t cost = ls[i - 1] != lt[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ls[i - 1] == lt[j - 2] && ls[i - 2] == lt[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > cap && over_before)
            return cap + 1;
        over_before = row_min > cap;
    }
    return d[n][m];
}

static bool contains(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++) {
        size_t k = 0;
        while (k < w && lower(s[i + k]) == word[k])
            k++;
        if (k == w)
            return true;
    }
    return false;
}

static const char *const done_words[] = {"in master", "merged",     "committed", "applied",
                                         "upstream",  "in staging", "in tree",   "pushed",
                                         "completed", "finished",   "checked in"};
/* Words of the scales updates have used: written alone in the state
 * slot they are a state, even when not on this document's scale. */
static const char *const state_words[] = {"none",      "fair",     "ok",      "good",   "done",
                                          "excellent", "poor",     "unknown", "likely", "unlikely",
                                          "certain",   "possible", "blocked", "wip"};

bool pg__lint_state_word(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof state_words / sizeof *state_words; i++)
        if (strlen(state_words[i]) == n) {
            size_t k = 0;
            while (k < n && lower(s[k]) == state_words[i][k])
                k++;
            if (k == n)
                return true;
        }
    return false;
}

static const char *const partly_words[] = {"mostly", "partly", "partial", "except",
                                           "almost", "nearly", "some "};

/* The scale index a written state most likely means, -1 if none;
 * *how says why (0 case, 1 typo, 2 phrase). */
int pg__lint_suggest(const pg_doc *doc, const char *s, size_t n, int *how)
{
    size_t ns = pg_doc_scale_size(doc);
    /* A state written as on the scale, in any case: distance 0, and the
     * first such is the one the loop below would pick. */
    for (size_t i = 0; i < ns; i++)
        if (pg__str_ieq(pg__str(s, n), pg_doc_scale_state(doc, i))) {
            *how = 0;
            return (int)i;
        }
    /* A typo: one word of three letters or more, at most 1 edit away
     * (2 from five letters). The distance is at least the difference in
     * length: a tag such as "Linux, QEMU" skips every state. */
    if (n >= 3 && !memchr(s, ' ', n)) {
        size_t cap = n >= 5 ? 2 : 1;
        int best = -1;
        size_t bd = cap + 1;
        for (size_t i = 0; i < ns; i++) {
            pg_str st = pg_doc_scale_state(doc, i);
            size_t gap = n > st.len ? n - st.len : st.len - n;
            size_t dd = gap > cap ? cap + 1 : distance(s, n, st.ptr, st.len, cap);
            if (dd < bd)
                bd = dd, best = (int)i;
        }
        if (best >= 0) {
            *how = 1;
            return best;
        }
    }
    if (ns < 2)
        return -1;
    for (size_t i = 0; i < sizeof done_words / sizeof *done_words; i++)
        if (contains(s, n, done_words[i])) {
            *how = 2;
            for (size_t k = 0; k < sizeof partly_words / sizeof *partly_words; k++)
                if (contains(s, n, partly_words[k]))
                    return (int)ns - 2;
            return (int)ns - 1;
        }
    return -1;
}

size_t pg__lint_scale_text(const pg_doc *doc, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < pg_doc_scale_size(doc); i++) {
        pg_str st = pg_doc_scale_state(doc, i);
        int w = snprintf(out + o, cap - o, "%s%.*s", i ? " -> " : "", (int)st.len, st.ptr);
        if (w < 0 || (size_t)w >= cap - o) {
            out[o] = '\0';
            break;
        }
        o += (size_t)w;
    }
    return o;
}
