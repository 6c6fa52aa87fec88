/*
 * json_parse.c - JSON text to the readers' tree (model.h), fast and
 * strict: one pass, no recursion, strings without escapes left in the
 * input.  It reads only what jansson reads to the same tree (RFC 8259,
 * UTF-8, no duplicate keys, NUL allowed in strings but not in keys) and
 * gives up on everything else - errors and rare corners alike (numbers
 * strtoll/strtod cannot hold, nesting near jansson's limit) - so that
 * jansson reads those and every error keeps jansson's words and place.
 */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

typedef struct parser {
    const char *s;
    size_t len, i;
    pg_mbuild *b;
    /* object keys waiting for their value, one per open container */
    struct {
        const char *key;
        size_t klen;
    } * keys;
    size_t cap_keys;
} parser;

enum {
    GIVE_UP = 0,
    DONE = 1,
    NOMEM = -1
};

static void ws(parser *p)
{
    while (p->i < p->len) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        p->i++;
    }
}

/* Decode the escaped string s[0..n) (between the quotes) among the
 * tree's string values (the few escaped keys go there too). */
static int unescape(parser *p, const char *s, size_t n, const char **out, size_t *olen)
{
    /* Every escape is at least as long as what it stands for. */
    char *d = pg__arena_alloc(&p->b->strs, n + 1);
    if (!d)
        return NOMEM;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t run = i;
        while (i < n && s[i] != '\\')
            i++;
        if (!pg__utf8_valid(s + run, i - run, NULL))
            return GIVE_UP;
        memcpy(d + o, s + run, i - run);
        o += i - run;
        if (i == n)
            break;
        char c = s[i + 1]; /* the scan made sure an escape has its byte */
        i += 2;
        const char *esc = c ? strchr("\"\\/bfnrt", c) : NULL;
        if (esc) {
            d[o++] = "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"];
            continue;
        }
        unsigned cp, lo;
        if (c != 'u' || n - i < 4 || !pg__hex4(s + i, &cp))
            return GIVE_UP;
        i += 4;
        if (cp >= 0xDC00 && cp < 0xE000)
            return GIVE_UP;
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u' || !pg__hex4(s + i + 2, &lo) ||
                lo < 0xDC00 || lo >= 0xE000)
                return GIVE_UP;
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        o += pg__utf8_put(d + o, cp);
    }
    *out = d;
    *olen = o;
    return DONE;
}

/* A string at p->i (its opening quote). */
static int string(parser *p, const char **out, size_t *olen)
{
    size_t start = ++p->i;
    bool escaped = false, ascii = true;
    for (;;) {
        if (p->i >= p->len)
            return GIVE_UP;
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"')
            break;
        if (c < 0x20)
            return GIVE_UP;
        if (c == '\\') {
            escaped = true;
            p->i++;
            if (p->i >= p->len || (unsigned char)p->s[p->i] < 0x20)
                return GIVE_UP;
        } else if (c >= 0x80) {
            ascii = false;
        }
        p->i++;
    }
    const char *s = p->s + start;
    size_t n = p->i - start;
    p->i++;
    if (escaped)
        return unescape(p, s, n, out, olen);
    if (n > PG_MNODE_MAX || (!ascii && !pg__utf8_valid(s, n, NULL)))
        return GIVE_UP;
    *out = s;
    *olen = n;
    return DONE;
}

static bool digits(parser *p)
{
    size_t start = p->i;
    while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9')
        p->i++;
    return p->i > start;
}

/* A number as jansson lexes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(parser *p, pg_mnode *v)
{
    size_t start = p->i;
    bool real = false;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i < p->len && p->s[p->i] == '0')
        p->i++;
    else if (!digits(p))
        return GIVE_UP;
    if (p->i < p->len && p->s[p->i] == '.') {
        p->i++;
        real = true;
        if (!digits(p))
            return GIVE_UP;
    }
    if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        real = true;
        if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (!digits(p))
            return GIVE_UP;
    }
    char buf[40];
    size_t n = p->i - start;
    if (n >= sizeof buf)
        return GIVE_UP; /* jansson decides what a long number is */
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    errno = 0;
    if (real) {
        double d = strtod(buf, NULL);
        if (isinf(d) || isnan(d))
            return GIVE_UP;
        v->type = JSON_REAL;
    } else {
        long long x = strtoll(buf, NULL, 10);
        if (errno == ERANGE)
            return GIVE_UP;
        v->type = JSON_INTEGER;
        v->u.i = x;
    }
    return DONE;
}

static bool literal(parser *p, const char *word, size_t n)
{
    if (p->len - p->i < n || memcmp(p->s + p->i, word, n) != 0)
        return false;
    p->i += n;
    return true;
}

/* A scalar at p->i. */
static int scalar(parser *p, pg_mnode *v)
{
    memset(v, 0, sizeof *v);
    char c = p->s[p->i];
    if (c == '"') {
        size_t n = 0;
        int rc = string(p, &v->u.s, &n);
        v->type = JSON_STRING;
        v->n = (uint32_t)n; /* string() checked it */
        return rc;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(p, v);
    if (c == 't' && literal(p, "true", 4))
        return v->type = JSON_TRUE, DONE;
    if (c == 'f' && literal(p, "false", 5))
        return v->type = JSON_FALSE, DONE;
    if (c == 'n' && literal(p, "null", 4))
        return v->type = JSON_NULL, DONE;
    return GIVE_UP;
}

/* Opens a container at p->i; *closed when it is empty ("{}", "[]"). */
static int open_container(parser *p, bool obj, bool *closed)
{
    /* jansson stops at JSON_PARSER_MAX_DEPTH: leave the edge to it. */
    if (p->b->depth + 2 >= JSON_PARSER_MAX_DEPTH)
        return GIVE_UP;
    pg_mbuild *b = p->b;
    bool in_obj = p->keys && b->depth && b->open[b->depth - 1].obj; /* keys: for the analyzer */
    if (!pg__mb_open_at(b, obj, in_obj ? p->keys[b->depth - 1].key : NULL,
                        in_obj ? p->keys[b->depth - 1].klen : 0))
        return NOMEM;
    /* The first container always allocates (depth is now 1 > 0); !p->keys
     * says so where the analyzer can see it (pg__mb_open is elsewhere). */
    if (!p->keys || p->b->depth > p->cap_keys) {
        size_t cap = p->cap_keys ? p->cap_keys * 2 : 32;
        void *k = pg__realloc(p->keys, cap * sizeof *p->keys);
        if (!k)
            return NOMEM;
        p->keys = k, p->cap_keys = cap;
    }
    p->i++;
    ws(p);
    *closed = p->i < p->len && p->s[p->i] == (obj ? '}' : ']');
    if (*closed)
        p->i++;
    return DONE;
}

/* An object key and its colon, at p->i. */
static int key(parser *p)
{
    const char *k;
    size_t n;
    if (p->i >= p->len || p->s[p->i] != '"')
        return GIVE_UP;
    int rc = string(p, &k, &n);
    if (rc != DONE)
        return rc;
    if (memchr(k, '\0', n)) /* jansson refuses NUL in keys */
        return GIVE_UP;
    ws(p);
    if (p->i >= p->len || p->s[p->i] != ':')
        return GIVE_UP;
    p->i++;
    p->keys[p->b->depth - 1].key = k;
    p->keys[p->b->depth - 1].klen = n;
    return DONE;
}

static int parse(parser *p, pg_mnode *out)
{
    pg_mbuild *b = p->b;
    pg_mnode v;
    int rc;
    ws(p);
    if (p->i >= p->len || (p->s[p->i] != '{' && p->s[p->i] != '['))
        return GIVE_UP; /* jansson wants an object or array */
    for (;;) {
        /* A value starts at p->i. */
        ws(p);
        if (p->i >= p->len)
            return GIVE_UP;
        char c = p->s[p->i];
        if (c == '{' || c == '[') {
            bool closed;
            if ((rc = open_container(p, c == '{', &closed)) != DONE)
                return rc;
            if (!closed) {
                if (c == '{' && (rc = key(p)) != DONE)
                    return rc;
                continue;
            }
            if (!pg__mb_close(b, &v))
                return NOMEM;
        } else if ((rc = scalar(p, &v)) != DONE) {
            return rc;
        }
        /* v is complete: add it to its container, close what ends. */
        for (;;) {
            if (b->depth == 0) {
                ws(p);
                if (p->i != p->len)
                    return GIVE_UP;
                *out = v;
                return DONE;
            }
            bool obj = b->open[b->depth - 1].obj;
            const char *k = obj ? p->keys[b->depth - 1].key : NULL;
            size_t kn = obj ? p->keys[b->depth - 1].klen : 0;
            if ((rc = pg__mb_add(b, k, kn, &v)) != 1)
                return rc < 0 ? NOMEM : GIVE_UP;
            ws(p);
            if (p->i >= p->len)
                return GIVE_UP;
            if (p->s[p->i] == ',') {
                p->i++;
                if (obj) {
                    ws(p);
                    if ((rc = key(p)) != DONE)
                        return rc;
                }
                break;
            }
            if (p->s[p->i] != (obj ? '}' : ']'))
                return GIVE_UP;
            p->i++;
            if (!pg__mb_close(b, &v))
                return NOMEM;
        }
    }
}

int pg__json_parse(const char *buf, size_t len, pg_mbuild *b, pg_mnode *out)
{
    parser p = {buf, len, 0, b, NULL, 0};
    int rc = parse(&p, out);
    pg__free(p.keys);
    return rc;
}
