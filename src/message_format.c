/*
 * message_format.c - the printf subset diagnostics are written with
 * (%s, %.*s, %d, %u, %zu, %%), formatted without vsnprintf: lint makes a
 * message per finding, and on a large update with many findings
 * vsnprintf's general machinery was a tenth of the lint.  Any other
 * conversion sends the whole format to vsnprintf, so the bytes are
 * always what vsnprintf writes.
 */
#include "internal.h"

#include <stdio.h>

/* Does fmt use only the conversions below? */
static bool plain_format(const char *fmt)
{
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%' || *p == 's' || *p == 'd' || *p == 'u')
            p++;
        else if (p[0] == '.' && p[1] == '*' && p[2] == 's')
            p += 3;
        else if (p[0] == 'z' && p[1] == 'u')
            p += 2;
        else
            return false;
    }
    return true;
}

typedef struct out {
    char *buf;
    size_t cap, n; /* n: bytes the whole message takes (may pass cap) */
} out;

static void put(out *o, const char *s, size_t len)
{
    if (o->n < o->cap) {
        size_t room = o->cap - o->n;
        memcpy(o->buf + o->n, s, len < room ? len : room);
    }
    o->n += len;
}

static void put_unsigned(out *o, unsigned long long v, bool minus)
{
    char t[PG_DECIMAL_MAX + 1], *end = t + sizeof t;
    char *d = pg__decimal(v, end);
    if (minus)
        *--d = '-';
    put(o, d, (size_t)(end - d));
}

size_t pg__format_message(char *buf, size_t cap, const char *fmt, va_list ap)
{
    if (!plain_format(fmt)) {
        int n = vsnprintf(buf, cap, fmt, ap);
        if (n < 0) {
            if (cap)
                buf[0] = '\0';
            return 0;
        }
        return (size_t)n;
    }
    out o = {buf, cap ? cap - 1 : 0, 0}; /* room for the NUL */
    for (const char *p = fmt; *p;) {
        const char *pc = strchr(p, '%');
        if (!pc) {
            put(&o, p, strlen(p));
            break;
        }
        put(&o, p, (size_t)(pc - p));
        p = pc + 1;
        if (*p == '%') {
            put(&o, "%", 1);
            p++;
        } else if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            put(&o, s, strlen(s));
            p++;
        } else if (*p == '.') { /* ".*s": at most prec bytes, up to a NUL */
            int prec = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            put(&o, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec));
            p += 3;
        } else if (*p == 'd') {
            int v = va_arg(ap, int);
            put_unsigned(&o, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
            p++;
        } else if (*p == 'u') {
            put_unsigned(&o, va_arg(ap, unsigned), false);
            p++;
        } else { /* "zu" */
            put_unsigned(&o, va_arg(ap, size_t), false);
            p += 2;
        }
    }
    if (cap)
        buf[o.n < o.cap ? o.n : o.cap] = '\0';
    return o.n;
}
