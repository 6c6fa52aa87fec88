/*
 * mail.c - one RFC 5322 message (a draft, an .eml, one message of an mbox)
 * read with GMime 3: the headers a status update needs and the text/plain
 * body decoded to UTF-8, plus a map from lines of the text we hand the
 * parser back to lines of the original file.
 *
 * GMime keeps process-wide state (charset tables, the iconv cache), so it
 * must be initialised once before any pg_mail_* call: pg_mail_init() does
 * it (the CLI calls it in main paths that read mail).  The library keeps
 * no state of its own.
 *
 * The text given to the parser is "Subject\n\nbody": the same shape as a
 * status update saved from a mail client, so the subject becomes the
 * document's subject.  The body is kept as sent: no re-flowing of
 * format=flowed (the text parser understands soft breaks); only the
 * RFC 3676 space-stuffing is undone.
 */
#include "internal.h"
#include "mail.h"

#include <gmime/gmime.h>
#include <stdio.h>

void pg_mail_init(void) { g_mime_init(); }
void pg_mail_shutdown(void) { g_mime_shutdown(); }

/* ------------------------------------------------------------ helpers */

/* Copy a NUL-terminated or counted string into the mail's string pool. */
static int pool_add(pg_mail *m, const char *p, size_t n, pg_str *out)
{
    if (!p) {
        out->ptr = NULL;
        out->len = 0;
        return 0;
    }
    char *c = pg__malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, p, n);
    c[n] = '\0';
    char **slot = pg__vec_push(&m->pool);
    if (!slot) {
        pg__free(c);
        return -1;
    }
    *slot = c;
    out->ptr = c;
    out->len = n;
    return 0;
}

static int pool_cstr(pg_mail *m, const char *s, pg_str *out)
{
    return pool_add(m, s, s ? strlen(s) : 0, out);
}

/* memmem is a GNU extension; this is the portable few lines of it. */
static const char *find_bytes(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0)
        return hay;
    for (const char *p = hay; hn >= nn;) {
        const char *q = memchr(p, needle[0], hn - nn + 1);
        if (!q)
            return NULL;
        if (!memcmp(q, needle, nn))
            return q;
        hn -= (size_t)(q - p) + 1;
        p = q + 1;
    }
    return NULL;
}

static size_t count_lines(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

/* End of the header block: offset of the first byte of the body, or
 * len + 1 when no blank line ends the headers. */
static size_t header_end(const char *p, size_t n, size_t *hdr_lines)
{
    size_t i = 0, lines = 0;
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - p) : n;
        size_t l = e - i;
        if (l > 0 && p[e - 1] == '\r')
            l--;
        if (l == 0) {
            *hdr_lines = lines;
            return nl ? e + 1 : n;
        }
        lines++;
        if (!nl)
            break;
        i = e + 1;
    }
    *hdr_lines = lines;
    return n + 1;
}

/* 1-based line (within the message) of the first header called name. */
static uint32_t header_line(const char *p, size_t n, const char *name)
{
    size_t nl_ = strlen(name), i = 0;
    uint32_t line = 1;
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - p) : n;
        if (e == i || (e == i + 1 && p[i] == '\r'))
            break;
        if (e - i > nl_ && p[i + nl_] == ':' &&
            pg__str_ieq(pg__str(p + i, nl_), pg__str(name, nl_)))
            return line;
        if (!nl)
            break;
        i = e + 1;
        line++;
    }
    return 0;
}

bool pg_mail_detect(const char *buf, size_t len)
{
    /* "Name: value" lines (continuations allowed) up to a blank line or
     * the end of the input, the names RFC 5322 field names (printable
     * ASCII without ':' or space), one of them a field every message
     * has (From, Subject, Date, Message-ID, Received, Return-Path). */
    size_t i = 0, fields = 0;
    bool seen_from_or_subject = false, subject_only = false;
    if (len >= 5 && !memcmp(buf, "From ", 5))
        return false; /* an mbox, not one message */
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        size_t l = e - i;
        if (l > 0 && buf[e - 1] == '\r')
            l--;
        if (l == 0)
            break;
        if (buf[i] == ' ' || buf[i] == '\t') {
            if (fields == 0)
                return false;
        } else {
            size_t k = 0;
            while (k < l && buf[i + k] > ' ' && buf[i + k] < 127 && buf[i + k] != ':')
                k++;
            if (k == 0 || k >= l || buf[i + k] != ':')
                return false;
            pg_str name = pg__str(buf + i, k);
            if (pg__str_ieq(name, pg__cstr("From")) || pg__str_ieq(name, pg__cstr("Subject")) ||
                pg__str_ieq(name, pg__cstr("Received")) ||
                pg__str_ieq(name, pg__cstr("Return-Path")) ||
                pg__str_ieq(name, pg__cstr("Message-ID")) || pg__str_ieq(name, pg__cstr("Date")))
                seen_from_or_subject = true;
            subject_only = fields == 0 && pg__str_ieq(name, pg__cstr("Subject"));
            fields++;
        }
        if (!nl)
            break;
        i = e + 1;
    }
    /* A lone "Subject:" (a draft the editor began) is enough; other single
     * "key: value" lines are a keyed status update's, not mail. */
    return seen_from_or_subject && (fields >= 2 || subject_only);
}

/* ------------------------------------------------------ finding the body */

/* The text/plain part a reader sees: the signed content of
 * multipart/signed, the text/plain alternative, the first text/plain of a
 * multipart/mixed (later ones are list footers and attachments). */
static GMimePart *find_text_part(GMimeObject *obj, int depth)
{
    if (!obj || depth > 16)
        return NULL;
    if (GMIME_IS_MULTIPART_SIGNED(obj))
        return find_text_part(
            g_mime_multipart_get_part(GMIME_MULTIPART(obj), GMIME_MULTIPART_SIGNED_CONTENT),
            depth + 1);
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; i++) {
            GMimePart *p = find_text_part(g_mime_multipart_get_part(mp, i), depth + 1);
            if (p)
                return p;
        }
        return NULL;
    }
    if (GMIME_IS_PART(obj)) {
        GMimeContentType *ct = g_mime_object_get_content_type(obj);
        const char *disp = g_mime_object_get_disposition(obj);
        if (disp && !g_ascii_strcasecmp(disp, "attachment"))
            return NULL;
        if (!ct || g_mime_content_type_is_type(ct, "text", "plain"))
            return GMIME_PART(obj);
    }
    return NULL;
}

static GByteArray *stream_bytes(GMimeStream *s)
{
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
}

/* Is the encoded base64 text well formed (alphabet, padding, length)? */
static bool base64_ok(const unsigned char *p, size_t n, const char **why)
{
    size_t sig = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad || !(g_ascii_isalnum(c) || c == '+' || c == '/')) {
            *why = pad ? "data after '=' padding" : "a byte outside the base64 alphabet";
            return false;
        }
        sig++;
    }
    if ((sig + pad) % 4 != 0 || pad > 2) {
        *why = "length is not a multiple of 4 (cut short?)";
        return false;
    }
    return true;
}

static bool is_utf8_name(const char *cs)
{
    return !cs || !g_ascii_strcasecmp(cs, "utf-8") || !g_ascii_strcasecmp(cs, "utf8") ||
           !g_ascii_strcasecmp(cs, "us-ascii") || !g_ascii_strcasecmp(cs, "ascii");
}

/* Multipart bodies must close their boundary: a missing "--B--" means the
 * message was cut. */
static const char *multipart_unclosed(GMimeObject *obj, const char *raw, size_t n, int depth)
{
    if (!GMIME_IS_MULTIPART(obj) || depth > 16)
        return NULL;
    GMimeMultipart *mp = GMIME_MULTIPART(obj);
    const char *b = g_mime_multipart_get_boundary(mp);
    if (b) {
        size_t bl = strlen(b);
        bool found = false;
        for (const char *p = raw; p && p + bl + 4 <= raw + n;) {
            p = find_bytes(p, (size_t)(raw + n - p), b, bl);
            if (!p)
                break;
            if (p >= raw + 2 && p[-1] == '-' && p[-2] == '-' && p + bl + 2 <= raw + n &&
                p[bl] == '-' && p[bl + 1] == '-') {
                found = true;
                break;
            }
            p += bl;
        }
        if (!found)
            return b;
    }
    int cnt = g_mime_multipart_get_count(mp);
    for (int i = 0; i < cnt; i++) {
        const char *u = multipart_unclosed(g_mime_multipart_get_part(mp, i), raw, n, depth + 1);
        if (u)
            return u;
    }
    return NULL;
}

/* ------------------------------------------------------------- parsing */

static int fill_headers(pg_mail *m, GMimeMessage *msg)
{
    pg_mail_info *h = &m->info;
    if (pool_cstr(m, g_mime_message_get_subject(msg), &h->subject) < 0)
        return -1;
    InternetAddressList *from = g_mime_message_get_from(msg);
    if (from && internet_address_list_length(from) > 0) {
        char *s = internet_address_list_to_string(from, NULL, FALSE);
        int rc = pool_cstr(m, s, &h->from);
        g_free(s);
        if (rc < 0)
            return -1;
        InternetAddress *ia = internet_address_list_get_address(from, 0);
        const char *name = internet_address_get_name(ia);
        if (pool_cstr(m, name && *name ? name : NULL, &h->from_name) < 0)
            return -1;
        if (INTERNET_ADDRESS_IS_MAILBOX(ia) &&
            pool_cstr(m, internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)),
                      &h->from_addr) < 0)
            return -1;
    }
    GDateTime *dt = g_mime_message_get_date(msg);
    if (dt) {
        char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
        int rc = pool_cstr(m, s, &h->date);
        g_free(s);
        if (rc < 0)
            return -1;
        h->time = g_date_time_to_unix(dt);
    }
    if (pool_cstr(m, g_mime_message_get_message_id(msg), &h->message_id) < 0)
        return -1;
    const char *irt = g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To");
    if (irt) {
        char *id = g_mime_utils_decode_message_id(irt);
        int rc = pool_cstr(m, id, &h->in_reply_to);
        g_free(id);
        if (rc < 0)
            return -1;
    }
    const char *refs = g_mime_object_get_header(GMIME_OBJECT(msg), "References");
    if (refs) {
        GMimeReferences *r = g_mime_references_parse(NULL, refs);
        int n = r ? g_mime_references_length(r) : 0;
        if (n > 0) {
            m->refs = pg__calloc((size_t)n, sizeof *m->refs);
            if (!m->refs) {
                g_mime_references_free(r);
                return -1;
            }
            for (int i = 0; i < n; i++)
                if (pool_cstr(m, g_mime_references_get_message_id(r, i), &m->refs[i]) < 0) {
                    g_mime_references_free(r);
                    return -1;
                }
            h->references = m->refs;
            h->n_references = (size_t)n;
        }
        if (r)
            g_mime_references_free(r);
    }
    return 0;
}

/* Decode the text part to UTF-8; sets m->info.body. Returns NULL or a
 * reason the message cannot be read. */
static const char *decode_body(pg_mail *m, GMimePart *part, const char *raw, size_t n,
                               size_t body_off, int *nomem)
{
    pg_mail_info *h = &m->info;
    GMimeObject *obj = GMIME_OBJECT(part);
    GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
    h->encoding = g_mime_content_encoding_to_string(enc);
    if (!h->encoding)
        h->encoding = "7bit";
    const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
    if (pool_cstr(m, cs, &h->charset) < 0)
        goto nomem;
    const char *fmt = g_mime_object_get_content_type_parameter(obj, "format");
    const char *delsp = g_mime_object_get_content_type_parameter(obj, "delsp");
    h->flowed = fmt && !g_ascii_strcasecmp(fmt, "flowed");
    h->delsp = h->flowed && delsp && !g_ascii_strcasecmp(delsp, "yes");

    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    if (!dw) {
        h->body = pg__str("", 0);
        return NULL;
    }
    if (enc == GMIME_CONTENT_ENCODING_BASE64) {
        GMimeStream *src = g_mime_data_wrapper_get_stream(dw);
        GMimeStream *copy = g_mime_stream_mem_new();
        g_mime_stream_reset(src);
        g_mime_stream_write_to_stream(src, copy);
        g_mime_stream_reset(src);
        GByteArray *ba = stream_bytes(copy);
        const char *why = NULL;
        bool ok = base64_ok(ba->data, ba->len, &why);
        g_object_unref(copy);
        if (!ok) {
            snprintf(m->why, sizeof m->why, "broken base64 body: %s", why);
            return m->why;
        }
    }
    GMimeStream *out = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(dw, out);
    GByteArray *ba = stream_bytes(out);
    const char *data = (const char *)ba->data;
    size_t dlen = ba->len;
    char *conv = NULL;
    if (!is_utf8_name(cs)) {
        iconv_t cd = g_mime_iconv_open("UTF-8", cs);
        /* iconv's failure value (iconv_t)-1, compared as an integer: no
         * integer-to-pointer cast */
        if ((intptr_t)cd == -1) {
            g_object_unref(out);
            snprintf(m->why, sizeof m->why, "unknown charset '%.80s'", cs);
            return m->why;
        }
        conv = g_mime_iconv_strndup(cd, data, dlen);
        g_mime_iconv_close(cd);
        if (!conv) {
            g_object_unref(out);
            snprintf(m->why, sizeof m->why, "body is not valid %.80s", cs);
            return m->why;
        }
        data = conv;
        dlen = strlen(conv);
    }
    /* A body not transfer-encoded (and not converted) appears verbatim in
     * the message: its lines map 1:1 onto the original file. */
    if (!conv && enc != GMIME_CONTENT_ENCODING_BASE64 &&
        enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE && enc != GMIME_CONTENT_ENCODING_UUENCODE &&
        body_off <= n && dlen > 0) {
        const char *at = find_bytes(raw + body_off, n - body_off, data, dlen);
        if (at)
            m->body_line = 1 + (uint32_t)count_lines(raw, (size_t)(at - raw));
    }
    /* RFC 3676 4.4: a flowed sender stuffs a space before lines that
     * start with a space, "From " or '>'; the reader takes it off. */
    char *unstuffed = NULL;
    if (h->flowed && dlen > 0) {
        unstuffed = g_malloc(dlen);
        size_t o = 0;
        for (size_t i = 0; i < dlen;) {
            const char *nl = memchr(data + i, '\n', dlen - i);
            size_t e = nl ? (size_t)(nl - data) + 1 : dlen;
            size_t from = data[i] == ' ' ? i + 1 : i;
            memcpy(unstuffed + o, data + from, e - from);
            o += e - from;
            i = e;
        }
        data = unstuffed;
        dlen = o;
    }
    int rc = pool_add(m, data, dlen, &h->body);
    g_free(unstuffed);
    g_free(conv);
    g_object_unref(out);
    if (rc < 0)
        goto nomem;
    return NULL;
nomem:
    *nomem = 1;
    return "out of memory";
}

static int build_text(pg_mail *m)
{
    pg_mail_info *h = &m->info;
    pg_buf b = {0};
    if (h->subject.ptr && h->subject.len) {
        /* A folded subject that kept a line break would become two lines. */
        for (size_t i = 0; i < h->subject.len; i++) {
            char c = h->subject.ptr[i];
            if (pg__buf_putc(&b, c == '\n' || c == '\r' ? ' ' : c) < 0)
                goto fail;
        }
        if (pg__buf_puts(&b, "\n\n") < 0)
            goto fail;
        m->text_prefix = 2;
    }
    if (pg__buf_put(&b, h->body.ptr ? h->body.ptr : "", h->body.len) < 0)
        goto fail;
    int rc = pool_add(m, b.data ? b.data : "", b.len, &h->text);
    pg__free(b.data);
    return rc;
fail:
    pg__free(b.data);
    return -1;
}

pg_mail *pg_mail_parse(const char *buf, size_t len, uint32_t first_line, pg_error *err)
{
    pg__error_reset(err);
    if (!buf && len) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no input");
        return NULL;
    }
    if (first_line == 0)
        first_line = 1;
    pg_mail *m = pg__calloc(1, sizeof *m);
    if (!m) {
        pg__error(err, PG_ERR_NOMEM, first_line, 0, "", "out of memory");
        return NULL;
    }
    m->pool.elem = sizeof(char *);
    m->first_line = first_line;
    size_t hdr_lines = 0;
    size_t body_off = header_end(buf, len, &hdr_lines);
    if (body_off > len) {
        pg__error(err, PG_ERR_SYNTAX, first_line, 0, "",
                  "message cut short: its headers never end (no blank line)");
        pg_mail_free(m);
        return NULL;
    }
    m->subject_line = header_line(buf, len, "Subject");
    m->sep_line = (uint32_t)hdr_lines + 1;

    GMimeStream *st = g_mime_stream_mem_new_with_buffer(buf ? buf : "", len);
    GMimeParser *parser = g_mime_parser_new_with_stream(st);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeParserOptions *po = g_mime_parser_options_new();
    g_mime_parser_options_set_rfc2047_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(po, GMIME_RFC_COMPLIANCE_LOOSE);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, po);
    g_object_unref(parser);
    g_mime_parser_options_free(po);
    const char *why = NULL;
    int nomem = 0;
    if (!msg) {
        why = "not a mail message";
    } else if (fill_headers(m, msg) < 0) {
        nomem = 1;
    } else {
        GMimeObject *top = g_mime_message_get_mime_part(msg);
        const char *unclosed = multipart_unclosed(top, buf, len, 0);
        GMimePart *part = find_text_part(top, 0);
        if (unclosed) {
            snprintf(m->why, sizeof m->why,
                     "message cut short: multipart boundary '%.60s' never closed", unclosed);
            why = m->why;
        } else if (!part) {
            why = "no text/plain part";
        } else {
            why = decode_body(m, part, buf, len, body_off, &nomem);
        }
    }
    if (msg)
        g_object_unref(msg);
    g_object_unref(st);
    if (!why && !nomem && build_text(m) < 0)
        nomem = 1;
    if (nomem) {
        pg__error(err, PG_ERR_NOMEM, first_line, 0, "", "out of memory");
        pg_mail_free(m);
        return NULL;
    }
    if (why) {
        pg__error(err, PG_ERR_ENCODING, first_line, 0, "", "%s", why);
        pg_mail_free(m);
        return NULL;
    }
    return m;
}

const pg_mail_info *pg_mail_get(const pg_mail *m) { return m ? &m->info : NULL; }

uint32_t pg_mail_line(const pg_mail *m, uint32_t text_line)
{
    if (!m)
        return text_line;
    uint32_t base = m->first_line - 1;
    if (m->text_prefix) {
        if (text_line == 1)
            return base + (m->subject_line ? m->subject_line : 1);
        if (text_line == 2)
            return base + m->sep_line;
        text_line -= 2;
    }
    if (text_line == 0 || !m->body_line)
        return m->first_line;
    return base + m->body_line + text_line - 1;
}

bool pg_mail_is_reply(const pg_mail *m)
{
    /* "Re: x", "[list] Re: x", "AW:", "SV:" ... An In-Reply-To alone does
     * not make a reply: a follow-up update is often threaded to the last
     * one with the same subject. */
    pg_str s = m->info.subject;
    size_t i = 0;
    for (;;) {
        while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t'))
            i++;
        if (i < s.len && s.ptr[i] == '[') {
            const char *c = memchr(s.ptr + i, ']', s.len - i);
            if (!c)
                break;
            i = (size_t)(c - s.ptr) + 1;
            continue;
        }
        break;
    }
    static const char *const pre[] = {"re:", "aw:", "sv:", "antw:", "odp:"};
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++) {
        size_t l = strlen(pre[k]);
        if (s.len - i >= l && pg__str_ieq(pg__str(s.ptr + i, l), pg__str(pre[k], l)))
            return true;
    }
    return false;
}

void pg_mail_free(pg_mail *m)
{
    if (!m)
        return;
    char **p = m->pool.data;
    for (size_t i = 0; i < m->pool.len; i++)
        pg__free(p[i]);
    pg__vec_free(&m->pool);
    pg__free(m->refs);
    pg__free(m);
}
