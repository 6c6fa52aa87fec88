/* util.c - small shared helpers: errors, buffers, UTF-8, comparisons. */
#include "internal.h"

#include <stdio.h>

void pg__error(pg_error *err, pg_status code, uint32_t line, uint32_t col, const char *path,
               const char *fmt, ...)
{
    if (!err || err->code != PG_OK) /* the first error wins */
        return;
    err->code = code;
    err->line = line;
    err->column = col;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

const char *pg_status_name(pg_status s)
{
    switch (s) {
    case PG_OK:
        return "ok";
    case PG_ERR_NOMEM:
        return "out of memory";
    case PG_ERR_SYNTAX:
        return "syntax error";
    case PG_ERR_SCHEMA:
        return "does not fit the data model";
    case PG_ERR_LIMIT:
        return "limit exceeded";
    case PG_ERR_ENCODING:
        return "encoding error";
    case PG_ERR_IO:
        return "write failed";
    case PG_ERR_ARG:
        return "bad argument";
    }
    return "unknown error";
}

bool pg__has_ci(pg_str s, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        /* The first byte decides most positions without a call. */
        if (c == (unsigned char)w[0] && pg__str_ieq(pg__str(s.ptr + i, n), pg__str(w, n)))
            return true;
    }
    return n == 0;
}

bool pg__str_ieq(pg_str a, pg_str b)
{
    if (!a.ptr || !b.ptr)
        return a.ptr == b.ptr;
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return false;
    }
    return true;
}

/* Strict UTF-8 (RFC 3629): no overlongs, no surrogates, max U+10FFFF. */
char *pg__decimal(unsigned long long v, char *end)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

bool pg__utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Eight ASCII bytes a step: most of any text is (a message, a
         * line with one name in UTF-8). */
        uint64_t w;
        if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080u))) {
            i += 8;
            continue;
        }
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c == 0xE0) {
            need = 2;
            lo = 0xA0;
        } else if (c == 0xED) {
            need = 2;
            hi = 0x9F;
        } /* no surrogates */
        else if (c >= 0xE1 && c <= 0xEF)
            need = 2;
        else if (c == 0xF0) {
            need = 3;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3)
            need = 3;
        else if (c == 0xF4) {
            need = 3;
            hi = 0x8F;
        } else
            goto fail;
        if (need >= n - i) /* truncated sequence */
            goto fail;
        if (p[i + 1] < lo || p[i + 1] > hi)
            goto fail;
        for (size_t k = 2; k <= need; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                goto fail;
        i += need + 1;
    }
    return true;
fail:
    if (bad)
        *bad = i;
    return false;
}

size_t pg__utf8_repair(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < n) {
        size_t bad = n - i;
        pg__utf8_valid(s + i, n - i, &bad);
        /* The valid run, whole characters only. */
        size_t run = bad < cap - o ? bad : cap - o;
        while (run < bad && run > 0 && ((unsigned char)s[i + run] & 0xC0) == 0x80)
            run--;
        memcpy(out + o, s + i, run);
        o += run;
        if (run < bad || i + bad == n || cap - o < 3)
            break;
        static const char replacement[3] = {'\xEF', '\xBF', '\xBD'}; /* U+FFFD */
        memcpy(out + o, replacement, sizeof replacement);
        o += sizeof replacement;
        i += bad + 1;
    }
    return o;
}

int pg_buf_write(void *ctx, const char *data, size_t len) { return pg__buf_put(ctx, data, len); }

int pg__buf_reserve(pg_buf *b, size_t n)
{
    if (n < b->cap - b->len)
        return 0;
    if (n > SIZE_MAX - 1 - b->len)
        return -1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n + 1) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *d = pg__realloc(b->data, cap);
    if (!d)
        return -1;
    b->data = d;
    b->cap = cap;
    return 0;
}

/* pg__buf_put's way out when the bytes do not fit (internal.h has the
 * inline part). */
int pg__buf_put_grow(pg_buf *b, const char *p, size_t n)
{
    if (n == 0)
        return 0;
    if (pg__buf_reserve(b, n))
        return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool pg__hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return false;
        v = v << 4 | (unsigned)h;
    }
    *out = v;
    return true;
}

size_t pg__utf8_put(char *d, unsigned cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | cp >> 6), d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12), d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18), d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
