/*
 * lint_rules_lines.c - rules about physical lines, one pass over the
 * source: long-line, trailing-space, tab, invalid-utf8, wrapped-line.
 *
 * A line ending in a space followed by a non-blank line of the same quote
 * depth is a format=flowed soft break (RFC 3676): the two are one logical
 * line, so neither long-line nor trailing-space reports it.
 */
#include "bytescan.h"
#include "lint_internal.h"

typedef struct line_info {
    pg_str all;      /* the line without its end */
    size_t q;        /* quote prefix length */
    unsigned depth;  /* quote depth */
    pg_str body;     /* after the prefix */
    bool blank;      /* body is only whitespace */
    bool soft;       /* a soft break (set by the loop) */
    const char *tab; /* the line's first tab, NULL if none */
    bool ascii;      /* no byte >= 0x80 */
} line_info;

/* Whether s is all ASCII and where its first tab is, in one pass. */
static void scan_bytes(pg_str s, bool *ascii, const char **tab)
{
    bool high, tabs;
    pg__scan_high_tab(s.ptr, s.len, &high, &tabs);
    *ascii = !high;
    *tab = tabs ? memchr(s.ptr, '\t', s.len) : NULL;
}

static line_info info(const pg__lint_ctx *c, uint32_t l)
{
    line_info li;
    li.all = pg__lint_line(c, l);
    li.q = pg__lint_quote(li.all.ptr, li.all.len, &li.depth);
    li.body = pg__str(li.all.ptr + li.q, li.all.len - li.q);
    li.blank = true;
    for (size_t i = 0; i < li.body.len && li.blank; i++)
        if (li.body.ptr[i] != ' ' && li.body.ptr[i] != '\t')
            li.blank = false;
    li.soft = false;
    li.tab = NULL;
    li.ascii = true;
    scan_bytes(li.all, &li.ascii, &li.tab);
    return li;
}

static bool ends_space(pg_str s)
{
    return s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t');
}

static bool is_sig(pg_str s) { return s.len == 3 && !memcmp(s.ptr, "-- ", 3); }

/* Is a line a soft break: content, a trailing space, and a next line nx
 * (NULL after the last) that continues it (the parser's rule: same quote
 * depth, text at column 1 that starts no bullet, owner line or heading)? */
static bool soft_break(const line_info *li, const line_info *nx)
{
    if (li->blank || !ends_space(li->body) || is_sig(li->body) || !nx)
        return false;
    if (nx->blank || nx->depth != li->depth)
        return false;
    const char *b = nx->body.ptr;
    size_t n = nx->body.len;
    return b[0] != ' ' && b[0] != '\t' && b[0] != '*' && b[0] != '=' &&
           !(b[0] == '-' && (n == 1 || b[1] == ' '));
}

static void rule_utf8(pg__lint_ctx *c, uint32_t l, const line_info *li)
{
    if (li->ascii)
        return;
    size_t bad;
    if (pg__utf8_valid(li->all.ptr, li->all.len, &bad))
        return;
    size_t off = (size_t)(li->all.ptr - c->src.ptr) + bad;
    pg__lint_add_at(c, "invalid-utf8", off, off + 1, "byte 0x%02X is not UTF-8 (line %u)",
                    (unsigned char)li->all.ptr[bad], l);
}

static void rule_tab(pg__lint_ctx *c, const line_info *li)
{
    const char *t = li->tab;
    if (!t)
        return;
    size_t off = (size_t)(t - c->src.ptr);
    pg_finding *f = pg__lint_add_at(c, "tab", off, off + 1, "tab character; use spaces");
    if (!f)
        return;
    /* Fix: expand every tab of the line to the next multiple of 8. */
    char buf[2048];
    size_t o = 0, col = 0;
    for (size_t i = 0; i < li->all.len; i++) {
        char ch = li->all.ptr[i];
        if (o + 8 >= sizeof buf)
            return; /* too long to fix; the finding stays */
        if (ch == '\t') {
            do
                buf[o++] = ' ';
            while (++col % 8);
        } else {
            buf[o++] = ch;
            if (((unsigned char)ch & 0xC0) != 0x80)
                col++;
        }
    }
    pg__lint_fix(c, f, (size_t)(li->all.ptr - c->src.ptr), li->all.len, buf, o);
}

static void rule_trailing(pg__lint_ctx *c, const line_info *li)
{
    if (!ends_space(li->body) || is_sig(li->body) || li->soft)
        return;
    size_t e = li->body.len;
    while (e > 0 && (li->body.ptr[e - 1] == ' ' || li->body.ptr[e - 1] == '\t'))
        e--;
    size_t off = (size_t)(li->body.ptr - c->src.ptr) + e;
    size_t n = li->body.len - e;
    pg_finding *f = pg__lint_add_at(c, "trailing-space", off, off + n,
                                    li->blank ? "whitespace-only line"
                                              : "trailing whitespace (not a soft break)");
    pg__lint_fix(c, f, off, n, "", 0);
}

/* Where the text of a line starts: after indent, a bullet and its spaces. */
static size_t content_start(pg_str b)
{
    size_t i = 0;
    while (i < b.len && b.ptr[i] == ' ')
        i++;
    if (i + 1 < b.len && (b.ptr[i] == '*' || b.ptr[i] == '-') && b.ptr[i + 1] == ' ') {
        i++;
        while (i < b.len && b.ptr[i] == ' ')
            i++;
    }
    return i;
}

/* Would a line starting with s be read as something else than a
 * continuation (bullet, owner, heading, quote)? */
static bool risky_start(const char *s, size_t n)
{
    if (!n)
        return true;
    if (strchr("*-=>#+", s[0]))
        return true;
    if (s[0] >= '0' && s[0] <= '9') {
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < n && (s[i] == ')' || s[i] == '.'))
            return true;
    }
    return n >= 5 && !memcmp(s, "From ", 5);
}

static void rule_long(pg__lint_ctx *c, uint32_t l, const line_info *li)
{
    size_t limit = c->cfg->line_length;
    /* Without a tab no line is wider than its bytes. */
    if (!li->tab && li->all.len <= limit)
        return;
    size_t w = pg__lint_width(li->all.ptr, li->all.len);
    if (w <= limit || li->depth > 0 || li->soft)
        return;
    if (l == 1 && pg_doc_subject(c->doc).ptr)
        return; /* the Subject: a header, never wrapped */
    pg_str b = li->body;
    size_t i = content_start(b);
    while (i < b.len && b.ptr[i] != ' ')
        i++; /* keep the first word with the bullet */
    /* Candidate breaks: after a run of spaces inside the text; the width
     * is counted as we go (a 10 MB line stays linear). */
    size_t best = 0, first = 0;
    size_t col = pg__lint_width(li->all.ptr, li->q + i);
    for (; i < b.len; i++) {
        if (b.ptr[i] != ' ') {
            col +=
                ((unsigned char)b.ptr[i] & 0xC0) != 0x80 ? (b.ptr[i] == '\t' ? 8 - col % 8 : 1) : 0;
            continue;
        }
        size_t j = i;
        while (j < b.len && b.ptr[j] == ' ')
            j++;
        col += j - i;
        if (j == b.len)
            break;
        if (!risky_start(b.ptr + j, b.len - j)) {
            if (!first)
                first = j;
            if (col <= limit)
                best = j;
            else if (first)
                break; /* later breaks only get longer */
        }
        i = j - 1;
    }
    if (!first)
        return; /* one long word (a URL): a client cannot wrap it either */
    pg_finding *f =
        pg__lint_add(c, "long-line", l, (uint32_t)limit + 1, l, (uint32_t)li->all.len + 1,
                     "line is %zu columns, over %zu", w, limit);
    /* Only item lines get a soft break: breaking prose one word at a
     * time leaves ragged paragraphs, and reflowing them would rewrite
     * more than the line. */
    if (!f || !c->in_item[l])
        return;
    size_t at = best ? best : first;
    /* The fix inserts a line end (and the quote prefix) after the space:
     * a soft break. */
    pg_str eol = pg_doc_eol(c->doc);
    if (!eol.ptr || !eol.len)
        eol = pg__str("\n", 1);
    char buf[64];
    if (eol.len + li->q > sizeof buf)
        return;
    memcpy(buf, eol.ptr, eol.len);
    memcpy(buf + eol.len, li->all.ptr, li->q);
    pg__lint_fix(c, f, (size_t)(b.ptr - c->src.ptr) + at, 0, buf, eol.len + li->q);
}

/* The first word of a line's text (for "would it have fitted?"). */
static size_t first_word_width(pg_str b)
{
    size_t i = 0;
    while (i < b.len && b.ptr[i] == ' ')
        i++;
    size_t s = i;
    while (i < b.len && b.ptr[i] != ' ')
        i++;
    return pg__lint_width(b.ptr + s, i - s);
}

static void rule_wrapped(pg__lint_ctx *c, uint32_t l, const line_info *li, const line_info *prev)
{
    if (li->blank || prev->blank || prev->depth != li->depth || ends_space(prev->body))
        return;
    pg_str p = prev->body, b = li->body;
    /* The line above belongs to an item: a bullet or an indented line. */
    bool itemish = p.len > 1 && ((p.ptr[0] == '*' && p.ptr[1] == ' ') || p.ptr[0] == ' ');
    if (!itemish)
        return;
    size_t ind = 0;
    while (ind < b.len && b.ptr[ind] == ' ')
        ind++;
    if (ind >= content_start(p) || risky_start(b.ptr + ind, b.len - ind))
        return;
    /* A URL on its own line is how tracking lists write links. */
    if (b.len - ind >= 4 && !memcmp(b.ptr + ind, "http", 4))
        return;
    size_t pw = pg__lint_width(prev->all.ptr, prev->all.len);
    if (pw < 40 || pw + 1 + first_word_width(b) <= c->cfg->line_length)
        return; /* the word would have fitted: not a client's wrap */
    pg__lint_add(c, "wrapped-line", l, (uint32_t)(li->q + ind + 1), l, (uint32_t)li->all.len + 1,
                 "looks like the end of line %u, wrapped by a mail client "
                 "without a soft break",
                 l - 1);
}

void pg__lint_rules_lines_range(pg__lint_ctx *c, uint32_t from, uint32_t to)
{
    if (from < 1)
        from = 1;
    if (to > c->n_lines + 1)
        to = (uint32_t)c->n_lines + 1;
    if (from >= to)
        return;
    /* The line above (its blank, depth and text: the wrapped-line rule)
     * and the line at hand: a stretch judges its lines as the whole pass
     * would. */
    line_info prev = {0}, li, nx = info(c, from);
    if (from > 1)
        prev = info(c, from - 1);
    else
        prev.blank = true;
    /* Each line is read once: it is the next line of one step and the
     * line of the following one. */
    for (uint32_t l = from; l < to && !c->nomem; l++) {
        li = nx;
        if (l < c->n_lines)
            nx = info(c, l + 1);
        li.soft = soft_break(&li, l < c->n_lines ? &nx : NULL);
        rule_utf8(c, l, &li);
        rule_tab(c, &li);
        rule_trailing(c, &li);
        rule_long(c, l, &li);
        if (l > 1)
            rule_wrapped(c, l, &li, &prev);
        prev = li;
    }
}

void pg__lint_rules_lines(pg__lint_ctx *c) { pg__lint_rules_lines_range(c, 1, UINT32_MAX); }
