/*
 * mbox.c - split an mbox archive into messages, as a stream.
 *
 * Layers, bottom up: raw bytes (a callback or a memory block), gzip
 * inflation when the archive starts with the gzip magic (zlib, member
 * after member), lines, messages.  Only the current message and one line
 * are ever held, so memory follows the largest message, not the archive.
 *
 * A message starts at a "From " line that follows a blank line (or the
 * start of the archive), or that has the shape of a real envelope line
 * ("From sender Mon Jul  1 11:35:34 2019") when a writer left out the
 * blank line.  Body lines quoted as ">From " (mboxrd: ">>From " too) lose
 * one '>'.
 */
#include "internal.h"

#include <stdio.h>
#include <zlib.h>

#define RAW_CHUNK 65536

struct pg_mbox {
    /* 8-byte fields first, then 4-byte ones, then the flags: only the
     * tail is padded. */
    /* source */
    pg_read_fn read;
    void *ctx;
    const char *mem;
    size_t mem_len, mem_pos;
    uint64_t raw_total;
    /* raw bytes read but not yet used */
    unsigned char *raw;
    size_t raw_len, raw_pos;
    /* gzip */
    z_stream z;
    /* decoded bytes, lines are cut from here */
    char *in;
    size_t in_len, in_pos, in_cap;
    const char *eof_reason;
    /* messages */
    pg_buf msg;
    pg_buf env[2]; /* [0] the message handed out, [1] the next one */
    uint64_t next_off;
    uint64_t off; /* offset of the next line */
    pg_mbox_format fmt;
    uint32_t next_line;
    uint32_t line; /* number of the next line */
    /* flags */
    bool raw_eof;                           /* source */
    bool gz, z_live, z_done;                /* gzip */
    bool eof;                               /* decoded bytes */
    bool have_next, started, done, last_nl; /* messages */
};

/* ------------------------------------------------------------- raw layer */

static int raw_fill(pg_mbox *mb)
{
    if (mb->raw_eof)
        return 0;
    if (mb->raw_pos == mb->raw_len)
        mb->raw_pos = mb->raw_len = 0;
    if (mb->mem) {
        /* Memory source: hand out the block in chunks so the gzip layer
         * and the line layer behave the same for both sources. */
        size_t n = mb->mem_len - mb->mem_pos;
        if (n == 0) {
            mb->raw_eof = true;
            return 0;
        }
        if (n > RAW_CHUNK - mb->raw_len)
            n = RAW_CHUNK - mb->raw_len;
        memcpy(mb->raw + mb->raw_len, mb->mem + mb->mem_pos, n);
        mb->mem_pos += n;
        mb->raw_len += n;
        mb->raw_total += n;
        return 1;
    }
    long got = mb->read(mb->ctx, (char *)mb->raw + mb->raw_len, RAW_CHUNK - mb->raw_len);
    if (got < 0) {
        mb->raw_eof = true;
        mb->eof_reason = "read error";
        return -1;
    }
    if (got == 0) {
        mb->raw_eof = true;
        return 0;
    }
    mb->raw_len += (size_t)got;
    mb->raw_total += (uint64_t)got;
    return 1;
}

/* Append decoded bytes to mb->in (which has room for at least one byte).
 * Returns bytes added, 0 at the end. */
static size_t decode_more(pg_mbox *mb)
{
    size_t room = mb->in_cap - mb->in_len;
    for (;;) {
        if (mb->raw_pos == mb->raw_len && raw_fill(mb) <= 0) {
            if (mb->gz && !mb->z_done && !mb->eof_reason)
                mb->eof_reason = "gzip data cut short";
            return 0;
        }
        if (!mb->gz) {
            size_t n = mb->raw_len - mb->raw_pos;
            if (n > room)
                n = room;
            memcpy(mb->in + mb->in_len, mb->raw + mb->raw_pos, n);
            mb->raw_pos += n;
            mb->in_len += n;
            return n;
        }
        if (mb->z_done) {
            /* Another gzip member follows (cat a.gz b.gz). */
            if (inflateReset(&mb->z) != Z_OK)
                return 0;
            mb->z_done = false;
        }
        mb->z.next_in = mb->raw + mb->raw_pos;
        mb->z.avail_in = (uInt)(mb->raw_len - mb->raw_pos);
        mb->z.next_out = (Bytef *)mb->in + mb->in_len;
        mb->z.avail_out = (uInt)room;
        int rc = inflate(&mb->z, Z_NO_FLUSH);
        mb->raw_pos = mb->raw_len - mb->z.avail_in;
        size_t made = room - mb->z.avail_out;
        mb->in_len += made;
        if (rc == Z_STREAM_END) {
            mb->z_done = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            mb->eof_reason = "corrupt gzip data";
            mb->raw_eof = true;
            mb->raw_pos = mb->raw_len;
            return made;
        }
        if (made)
            return made;
    }
}

/* ------------------------------------------------------------ line layer */

/* The next line (with its line end) or false at the end of input. */
static bool next_line(pg_mbox *mb, const char **p, size_t *n)
{
    size_t scan = mb->in_pos;
    for (;;) {
        const char *nl = memchr(mb->in + scan, '\n', mb->in_len - scan);
        if (nl || mb->eof) {
            size_t end = nl ? (size_t)(nl - mb->in) + 1 : mb->in_len;
            if (end == mb->in_pos)
                return false;
            *p = mb->in + mb->in_pos;
            *n = end - mb->in_pos;
            mb->in_pos = end;
            mb->last_nl = nl != NULL;
            return true;
        }
        /* Keep the partial line, make room, read more. */
        if (mb->in_pos > 0) {
            memmove(mb->in, mb->in + mb->in_pos, mb->in_len - mb->in_pos);
            mb->in_len -= mb->in_pos;
            mb->in_pos = 0;
        }
        scan = mb->in_len;
        if (mb->in_len == mb->in_cap) {
            size_t cap = mb->in_cap * 2;
            char *q = pg__realloc(mb->in, cap);
            if (!q) {
                mb->eof = true;
                mb->eof_reason = "out of memory";
                continue;
            }
            mb->in = q;
            mb->in_cap = cap;
        }
        if (decode_more(mb) == 0)
            mb->eof = true;
    }
}

/* ------------------------------------------------------- message layer */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "From sender Mon Jul  1 11:35:34 2019": a time hh:mm and a 4-digit
 * year after the sender. */
static bool envelope_like(const char *p, size_t n)
{
    bool time = false, year = false;
    for (size_t i = 5; i + 4 < n + 1; i++) {
        if (i + 5 <= n && is_digit(p[i]) && is_digit(p[i + 1]) && p[i + 2] == ':' &&
            is_digit(p[i + 3]) && is_digit(p[i + 4]))
            time = true;
        if (i + 4 <= n && (p[i - 1] == ' ') && is_digit(p[i]) && is_digit(p[i + 1]) &&
            is_digit(p[i + 2]) && is_digit(p[i + 3]) &&
            (i + 4 == n || p[i + 4] == '\n' || p[i + 4] == '\r' || p[i + 4] == ' '))
            year = true;
    }
    return time && year;
}

static bool is_from(const char *p, size_t n)
{
    return n >= 6 && !memcmp(p, "From ", 5) && p[5] != ' ' && p[5] != '\n' && p[5] != '\r';
}

static bool is_blank(const char *p, size_t n)
{
    return n == 0 || (n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' && p[1] == '\n');
}

/* Remove one '>' from ">From " (mboxo) or ">>...>From " (mboxrd). */
static size_t unquote_skip(const pg_mbox *mb, const char *p, size_t n)
{
    size_t k = 0;
    while (k < n && p[k] == '>')
        k++;
    if (k == 0 || n - k < 5 || memcmp(p + k, "From ", 5))
        return 0;
    if (mb->fmt == PG_MBOX_O && k != 1)
        return 0;
    return 1;
}

/* The blank line that ends each message of an mbox (before the next
 * From_ line, or at the end) is the separator's, not the message's. */
static void drop_separator(pg_buf *b)
{
    size_t l = b->len;
    if (l >= 2 && b->data[l - 1] == '\n' && b->data[l - 2] == '\r')
        b->len -= 2;
    else if (l >= 1 && b->data[l - 1] == '\n')
        b->len -= 1;
}

static int set_env(pg_mbox *mb, int which, const char *p, size_t n)
{
    pg_buf *b = &mb->env[which];
    b->len = 0;
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    return pg__buf_put(b, p + 5, n - 5);
}

static pg_mbox *mbox_new(pg_mbox_format fmt, pg_error *err)
{
    pg_mbox *mb = pg__calloc(1, sizeof *mb);
    if (mb) {
        mb->raw = pg__malloc(RAW_CHUNK);
        mb->in_cap = RAW_CHUNK;
        mb->in = pg__malloc(mb->in_cap);
    }
    if (!mb || !mb->raw || !mb->in) {
        pg_mbox_free(mb);
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return NULL;
    }
    mb->fmt = fmt;
    mb->line = 1;
    return mb;
}

/* Look at the first bytes: gzip magic switches on inflation. */
static pg_mbox *mbox_start(pg_mbox *mb, pg_error *err)
{
    while (mb->raw_len < 2 && raw_fill(mb) > 0)
        ;
    if (mb->raw_len >= 2 && mb->raw[0] == 0x1f && mb->raw[1] == 0x8b) {
        mb->gz = true;
        if (inflateInit2(&mb->z, 15 + 32) != Z_OK) {
            pg__error(err, PG_ERR_NOMEM, 0, 0, "", "cannot start zlib");
            pg_mbox_free(mb);
            return NULL;
        }
        mb->z_live = true;
    }
    return mb;
}

pg_mbox *pg_mbox_open(pg_read_fn read, void *ctx, pg_mbox_format fmt, pg_error *err)
{
    pg__error_reset(err);
    if (!read) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no reader");
        return NULL;
    }
    pg_mbox *mb = mbox_new(fmt, err);
    if (!mb)
        return NULL;
    mb->read = read;
    mb->ctx = ctx;
    return mbox_start(mb, err);
}

pg_mbox *pg_mbox_open_mem(const char *buf, size_t len, pg_mbox_format fmt, pg_error *err)
{
    pg__error_reset(err);
    if (!buf && len) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no input");
        return NULL;
    }
    pg_mbox *mb = mbox_new(fmt, err);
    if (!mb)
        return NULL;
    mb->mem = buf ? buf : "";
    mb->mem_len = len;
    return mbox_start(mb, err);
}

bool pg_mbox_detect(const char *buf, size_t len)
{
    if (len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b)
        return true;
    return len >= 5 && !memcmp(buf, "From ", 5);
}

int pg_mbox_next(pg_mbox *mb, pg_mbox_msg *msg, pg_error *err)
{
    pg__error_reset(err);
    if (!mb || !msg) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no archive");
        return -1;
    }
    memset(msg, 0, sizeof *msg);
    if (mb->done)
        return 0;
    const char *p;
    size_t n;
    if (!mb->started) {
        /* The archive must open with a From_ line (blank lines allowed). */
        for (;;) {
            if (!next_line(mb, &p, &n)) {
                mb->done = true;
                if (mb->eof_reason && mb->line == 1) {
                    pg__error(err, PG_ERR_SYNTAX, 0, 0, "", "%s", mb->eof_reason);
                    return -1;
                }
                return 0;
            }
            uint64_t off = mb->off;
            uint32_t line = mb->line;
            mb->off += n;
            mb->line++;
            if (is_blank(p, n))
                continue;
            if (!is_from(p, n)) {
                mb->done = true;
                pg__error(err, PG_ERR_SYNTAX, line, 1, "",
                          "not an mbox: the first line is not a \"From \" line");
                err->offset = off;
                return -1;
            }
            if (set_env(mb, 1, p, n) < 0)
                goto nomem;
            mb->next_off = off;
            mb->next_line = line;
            mb->have_next = true;
            break;
        }
        mb->started = true;
    }
    if (!mb->have_next) {
        mb->done = true;
        return 0;
    }
    /* The message whose From_ line we hold. */
    pg_buf t = mb->env[0];
    mb->env[0] = mb->env[1];
    mb->env[1] = t;
    msg->offset = mb->next_off;
    msg->line = mb->next_line;
    mb->have_next = false;
    mb->msg.len = 0;
    bool prev_blank = false;
    for (;;) {
        if (!next_line(mb, &p, &n)) {
            if (mb->eof_reason || !mb->last_nl) {
                msg->truncated = mb->msg.len > 0 || mb->eof_reason;
                msg->trunc_reason =
                    mb->eof_reason ? mb->eof_reason : "the archive ends in the middle of a line";
            } else if (prev_blank) {
                drop_separator(&mb->msg);
            }
            mb->done = true;
            break;
        }
        uint64_t off = mb->off;
        uint32_t line = mb->line;
        mb->off += n;
        mb->line++;
        if (is_from(p, n) && (prev_blank || envelope_like(p, n))) {
            if (set_env(mb, 1, p, n) < 0)
                goto nomem;
            mb->next_off = off;
            mb->next_line = line;
            mb->have_next = true;
            if (prev_blank)
                drop_separator(&mb->msg);
            break;
        }
        prev_blank = is_blank(p, n);
        size_t skip = unquote_skip(mb, p, n);
        if (pg__buf_put(&mb->msg, p + skip, n - skip) < 0)
            goto nomem;
    }
    msg->data = mb->msg.data ? mb->msg.data : "";
    msg->len = mb->msg.len;
    msg->envelope = pg__str(mb->env[0].data ? mb->env[0].data : "", mb->env[0].len);
    return 1;
nomem:
    mb->done = true;
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return -1;
}

uint64_t pg_mbox_bytes_read(const pg_mbox *mb) { return mb ? mb->raw_total : 0; }

void pg_mbox_free(pg_mbox *mb)
{
    if (!mb)
        return;
    if (mb->z_live)
        inflateEnd(&mb->z);
    pg__free(mb->raw);
    pg__free(mb->in);
    pg__free(mb->msg.data);
    pg__free(mb->env[0].data);
    pg__free(mb->env[1].data);
    pg__free(mb);
}
