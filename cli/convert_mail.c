/*
 * convert_mail.c - "prognosis convert" on mail: one message (a draft, an
 * .eml) or an mbox archive (plain or gzip) to JSON Lines, a YAML stream,
 * or one file per update (--split DIR).
 *
 * The archive is read as a stream, message by message, and written as it
 * goes: memory follows the largest message.  Records, one per line (JSON)
 * or per document (YAML):
 *   - an update: the document as "convert" writes it, plus
 *     "message": {subject, from, date, message_id, in_reply_to, references}
 *   - a reply that answers an update seen before it:
 *     {"reply": {...headers...}, "update": "<the update's Message-ID>",
 *      "comments": [{"section", "item", "by", "date", "text": [...]}]}
 *     each comment being what the replier wrote under a quoted item.
 * Replies are separate records (not nested in the update) so nothing has
 * to wait for the end of the archive; join them on "update".
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "mail_cli.h"

#include <errno.h>
#include <jansson.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool cli_is_mail(const char *data, size_t len)
{
    return pg_mbox_detect(data, len) || pg_mail_detect(data, len);
}

typedef struct conv {
    const cli_input *in;
    cli_format to;
    const char *split_dir;
    bool single; /* one message, not an archive */
    FILE *out;   /* streaming output, NULL when buffered */
    pg_buf buf;  /* output for -o FILE */
    pcre2_code *re;
    pcre2_match_data *md;
    pg_threads *threads;
    size_t n_read, n_updates, n_replies, n_other, n_skipped;
    pg_buf skipped; /* the report lines, printed at the end */
    int failed;
    /* progress */
    bool tty;
    struct timespec t0, last;
    uint64_t bytes;
} conv;

/* ------------------------------------------------------------- output */

static int emit(conv *c, const char *p, size_t n)
{
    if (c->out)
        return cli_write_file(c->out, p, n);
    return pg_buf_write(&c->buf, p, n);
}

static json_t *jstr(pg_str s) { return s.ptr ? json_stringn(s.ptr, s.len) : json_null(); }

static json_t *headers_json(const pg_mail *m)
{
    const pg_mail_info *h = pg_mail_get(m);
    json_t *o = json_object();
    json_object_set_new(o, "subject", jstr(h->subject));
    json_object_set_new(o, "from", jstr(h->from));
    json_object_set_new(o, "date", jstr(h->date));
    json_object_set_new(o, "message_id", jstr(h->message_id));
    json_object_set_new(o, "in_reply_to", jstr(h->in_reply_to));
    json_t *refs = json_array();
    for (size_t i = 0; i < h->n_references; i++)
        json_array_append_new(refs, jstr(h->references[i]));
    json_object_set_new(o, "references", refs);
    return o;
}

/* YAML block form of a JSON value (strings double-quoted: a JSON string
 * is a valid YAML double-quoted scalar). */
static void yaml_value(pg_buf *b, json_t *v, int indent);

static void yaml_scalar(pg_buf *b, json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY);
    if (s)
        pg_buf_write(b, s, strlen(s));
    free(s);
}

static void pad(pg_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        pg_buf_write(b, " ", 1);
}

static void yaml_value(pg_buf *b, json_t *v, int indent)
{
    if (json_is_object(v)) {
        if (json_object_size(v) == 0) {
            pg_buf_write(b, " {}\n", 4);
            return;
        }
        pg_buf_write(b, "\n", 1);
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            pad(b, indent);
            pg_buf_write(b, k, strlen(k));
            pg_buf_write(b, ":", 1);
            yaml_value(b, x, indent + 2);
        }
    } else if (json_is_array(v)) {
        if (json_array_size(v) == 0) {
            pg_buf_write(b, " []\n", 4);
            return;
        }
        pg_buf_write(b, "\n", 1);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            pad(b, indent);
            pg_buf_write(b, "-", 1);
            if (json_is_object(x) && json_object_size(x)) {
                /* "- key: value" with the rest of the mapping aligned */
                const char *k;
                json_t *y;
                int first = 1;
                json_object_foreach(x, k, y)
                {
                    if (!first)
                        pad(b, indent + 2);
                    else
                        pg_buf_write(b, " ", 1);
                    first = 0;
                    pg_buf_write(b, k, strlen(k));
                    pg_buf_write(b, ":", 1);
                    yaml_value(b, y, indent + 4);
                }
            } else {
                yaml_value(b, x, indent + 2);
            }
        }
    } else {
        pg_buf_write(b, " ", 1);
        yaml_scalar(b, v);
        pg_buf_write(b, "\n", 1);
    }
}

/* A top-level mapping of extra keys, in YAML. */
static void yaml_keys(pg_buf *b, json_t *obj)
{
    const char *k;
    json_t *x;
    json_object_foreach(obj, k, x)
    {
        pg_buf_write(b, k, strlen(k));
        pg_buf_write(b, ":", 1);
        yaml_value(b, x, 2);
    }
}

/* The document in the target format with extra top-level keys: JSON is
 * spliced before the closing brace, YAML gets the keys appended to its
 * top-level mapping. */
static int render_with(conv *c, const pg_doc *doc, json_t *extra, unsigned flags, pg_buf *out)
{
    pg_error err = {0};
    pg_buf b = {0};
    pg_status st = c->to == FMT_YAML ? pg_render_yaml(doc, flags, pg_buf_write, &b, &err)
                                     : pg_render_json(doc, flags, pg_buf_write, &b, &err);
    if (st != PG_OK) {
        fprintf(stderr, "%s: %s\n", c->in->name, err.message);
        free(b.data);
        return -1;
    }
    if (c->to == FMT_YAML) {
        size_t n = b.len;
        const char *p = b.data ? b.data : "";
        if (n >= 4 && !memcmp(p, "---\n", 4)) {
            p += 4;
            n -= 4;
        }
        if (n >= 4 && !memcmp(p + n - 4, "...\n", 4))
            n -= 4;
        pg_buf_write(out, "---\n", 4);
        pg_buf_write(out, p, n);
        if (n && p[n - 1] != '\n')
            pg_buf_write(out, "\n", 1);
        yaml_keys(out, extra);
    } else {
        size_t n = b.len;
        while (n && (b.data[n - 1] == '\n' || b.data[n - 1] == ' '))
            n--;
        if (!n || b.data[n - 1] != '}') {
            fprintf(stderr, "%s: unexpected JSON from the renderer\n", c->in->name);
            free(b.data);
            return -1;
        }
        /* the body up to the closing brace, without the space before it */
        size_t body = n - 1;
        while (body && (b.data[body - 1] == '\n' || b.data[body - 1] == ' '))
            body--;
        bool compact = flags & PG_RENDER_COMPACT;
        bool empty = body && b.data[body - 1] == '{';
        pg_buf_write(out, b.data, body);
        const char *k;
        json_t *x;
        json_object_foreach(extra, k, x)
        {
            char *v = json_dumps(x, JSON_ENCODE_ANY | (compact ? JSON_COMPACT : JSON_INDENT(2)));
            json_t *key = json_string(k);
            char *ks = json_dumps(key, JSON_ENCODE_ANY);
            json_decref(key);
            pg_buf_write(out, empty ? "" : ",", empty ? 0 : 1);
            if (!compact)
                pg_buf_write(out, "\n  ", 3);
            empty = false;
            pg_buf_write(out, ks, strlen(ks));
            pg_buf_write(out, compact ? ":" : ": ", compact ? 1 : 2);
            /* nested lines one level in, as the renderer indents keys */
            for (const char *p = v; *p; p++) {
                pg_buf_write(out, p, 1);
                if (*p == '\n' && !compact)
                    pg_buf_write(out, "  ", 2);
            }
            free(v);
            free(ks);
        }
        pg_buf_write(out, compact ? "}\n" : "\n}\n", compact ? 2 : 3);
    }
    free(b.data);
    return 0;
}

/* "2019-07-01-xen-4-13-development-update.json": the date and a slug of
 * the subject (list tags dropped); -2, -3 ... when taken. */
static char *split_name(conv *c, const pg_mail *m)
{
    const pg_mail_info *h = pg_mail_get(m);
    char slug[64];
    size_t n = 0;
    bool dash = false;
    const char *s = h->subject.ptr ? h->subject.ptr : "";
    size_t len = h->subject.len;
    for (size_t i = 0; i < len && n < sizeof slug - 1; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '[') { /* "[Xen-devel] " and the like */
            const char *e = memchr(s + i, ']', len - i);
            if (e && strncmp(s + i, "[ANNOUNCE]", 10)) {
                i = (size_t)(e - s);
                continue;
            }
        }
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z')) {
            if (dash && n)
                slug[n++] = '-';
            dash = false;
            if (n < sizeof slug - 1)
                slug[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        } else {
            dash = true;
        }
    }
    slug[n] = '\0';
    const char *ext = c->to == FMT_YAML ? "yaml" : c->to == FMT_TEXT ? "txt" : "json";
    char date[16] = "undated";
    if (h->date.len >= 10)
        snprintf(date, sizeof date, "%.10s", h->date.ptr);
    size_t cap = strlen(c->split_dir) + sizeof slug + 48;
    char *path = malloc(cap);
    if (!path)
        return NULL;
    struct stat st;
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(path, cap, "%s/%s-%s.%s", c->split_dir, date, n ? slug : "update", ext);
        else
            snprintf(path, cap, "%s/%s-%s-%d.%s", c->split_dir, date, n ? slug : "update", k, ext);
        if (stat(path, &st) != 0)
            return path;
    }
    free(path);
    return NULL;
}

static int write_update(conv *c, const pg_doc *doc, const pg_mail *m)
{
    json_t *extra = json_object();
    json_object_set_new(extra, "message", headers_json(m));
    pg_buf b = {0};
    int rc = 0;
    if (c->to == FMT_TEXT) {
        pg_error err = {0};
        if (pg_render_text(doc, pg_buf_write, &b, &err) != PG_OK) {
            fprintf(stderr, "%s: %s\n", c->in->name, err.message);
            rc = -1;
        }
    } else {
        /* JSON Lines for archives; one message or one file: pretty */
        unsigned flags = PG_RENDER_DEFAULT | (c->split_dir || c->single ? 0 : PG_RENDER_COMPACT);
        rc = render_with(c, doc, extra, flags, &b);
    }
    json_decref(extra);
    if (rc == 0) {
        if (c->split_dir) {
            char *path = split_name(c, m);
            if (!path) {
                fprintf(stderr, "%s: no free file name in %s\n", c->in->name, c->split_dir);
                rc = -1;
            } else {
                rc = cli_write_atomic(path, b.data ? b.data : "", b.len);
                free(path);
            }
        } else {
            rc = emit(c, b.data ? b.data : "", b.len);
        }
    }
    free(b.data);
    return rc;
}

typedef struct cmt_ctx {
    json_t *list;
    const pg_mail_info *h;
} cmt_ctx;

static int add_comments(const pg_item *it, const pg_section *s, void *ctx)
{
    cmt_ctx *cc = ctx;
    const pg_str *paras;
    size_t n = pg_item_comments(it, &paras);
    if (n == 0)
        return 0;
    json_t *o = json_object();
    json_object_set_new(o, "section", s && s->title.ptr ? jstr(s->title) : json_null());
    json_object_set_new(o, "item", jstr(it->title));
    json_object_set_new(o, "by", jstr(cc->h->from_name.ptr ? cc->h->from_name : cc->h->from_addr));
    json_object_set_new(o, "date", jstr(cc->h->date));
    json_t *text = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(text, jstr(paras[i]));
    json_object_set_new(o, "text", text);
    json_array_append_new(cc->list, o);
    return 0;
}

static int write_reply(conv *c, const pg_doc *doc, const pg_mail *m, pg_str root)
{
    if (c->split_dir || c->to == FMT_TEXT)
        return 0; /* one file per update: replies are counted, not written */
    json_t *r = json_object();
    json_object_set_new(r, "reply", headers_json(m));
    json_object_set_new(r, "update", jstr(root));
    cmt_ctx cc = {json_array(), pg_mail_get(m)};
    pg_doc_walk(doc, NULL, add_comments, &cc);
    json_object_set_new(r, "comments", cc.list);
    pg_buf b = {0};
    if (c->to == FMT_YAML) {
        pg_buf_write(&b, "---\n", 4);
        yaml_keys(&b, r);
    } else {
        char *s = json_dumps(r, JSON_COMPACT);
        if (s) {
            pg_buf_write(&b, s, strlen(s));
            pg_buf_write(&b, "\n", 1);
        }
        free(s);
    }
    json_decref(r);
    int rc = emit(c, b.data ? b.data : "", b.len);
    free(b.data);
    return rc;
}

/* ------------------------------------------------------------ messages */

static void skip(conv *c, uint32_t line, uint64_t offset, const char *why)
{
    c->n_skipped++;
    char head[600];
    int n = snprintf(head, sizeof head, "%s:%u: skipped message (byte %llu): %s\n", c->in->name,
                     line, (unsigned long long)offset, why);
    if (n > 0)
        pg_buf_write(&c->skipped, head, (size_t)n < sizeof head ? (size_t)n : sizeof head - 1);
}

static bool subject_ok(conv *c, pg_str subj)
{
    if (!c->re)
        return true;
    return pcre2_match(c->re, (PCRE2_SPTR)(subj.ptr ? subj.ptr : ""), subj.len, 0, 0, c->md,
                       NULL) >= 0;
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(conv *c, bool final)
{
    if (!c->tty)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && seconds(&c->last, &now) < 0.2)
        return;
    c->last = now;
    double t = seconds(&c->t0, &now);
    fprintf(stderr, "\r\033[K%zu messages read, %zu updates found, %.1f MB/s", c->n_read,
            c->n_updates, t > 0 ? (double)c->bytes / 1e6 / t : 0.0);
    if (final)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static int one_message(conv *c, const char *data, size_t len, uint32_t line, uint64_t offset)
{
    c->n_read++;
    c->bytes += len;
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(data, len, line, &err);
    if (!m) {
        if (err.code == PG_ERR_NOMEM)
            return -1;
        skip(c, line, offset, err.message);
        return 0;
    }
    pg_str text = pg_mail_get(m)->text;
    pg_doc *doc = pg_parse_text(text.ptr, text.len, NULL, &err);
    if (!doc) {
        pg_mail_free(m);
        return -1;
    }
    pg_msg_kind kind;
    pg_str root;
    int rc = pg_threads_classify(c->threads, m, doc, subject_ok(c, pg_mail_get(m)->subject), &kind,
                                 &root);
    /* A lone message is converted whatever it holds: the user named it. */
    if (rc == 0 && c->single && kind != PG_MSG_UPDATE)
        kind = PG_MSG_UPDATE;
    if (rc == 0 && kind == PG_MSG_UPDATE) {
        c->n_updates++;
        rc = write_update(c, doc, m);
    } else if (rc == 0 && kind == PG_MSG_REPLY) {
        c->n_replies++;
        rc = write_reply(c, doc, m, root);
    } else if (rc == 0) {
        c->n_other++;
    }
    pg_doc_free(doc);
    pg_mail_free(m);
    progress(c, false);
    return rc;
}

static long read_stream(void *ctx, char *buf, size_t cap)
{
    FILE *f = ctx;
    size_t n = fread(buf, 1, cap, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

static int read_archive(conv *c)
{
    pg_error err = {0};
    pg_mbox *mb = c->in->stream ? pg_mbox_open(read_stream, c->in->stream, PG_MBOX_RD, &err)
                                : pg_mbox_open_mem(c->in->data, c->in->len, PG_MBOX_RD, &err);
    if (!mb) {
        cli_print_error(c->in->name, &err);
        return -1;
    }
    pg_mbox_msg msg;
    int rc;
    while ((rc = pg_mbox_next(mb, &msg, &err)) == 1) {
        if (msg.truncated) {
            c->n_read++;
            char why[200];
            snprintf(why, sizeof why, "message cut short: %s", msg.trunc_reason);
            skip(c, msg.line, msg.offset, why);
            continue;
        }
        if (one_message(c, msg.data, msg.len, msg.line + 1, msg.offset) < 0) {
            rc = -1;
            break;
        }
    }
    if (rc < 0 && err.code)
        cli_print_error(c->in->name, &err);
    pg_mbox_free(mb);
    return rc;
}

int cli_convert_mail(const cli_input *in, cli_format to, const char *out_path,
                     const char *split_dir, const char *subject_regex)
{
    cli_mail_init();
    conv c = {0};
    cli_atomic *atomic = NULL;
    c.in = in;
    c.to = to == FMT_AUTO ? FMT_JSON : to;
    c.split_dir = split_dir;
    c.single = !in->stream && !pg_mbox_detect(in->data, in->len);
    c.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    c.last = c.t0;
    int exit_code = EXIT_UNUSABLE;
    if (c.to == FMT_TEXT && !c.single && !split_dir) {
        fprintf(stderr, "prognosis convert: %s: --to text of an archive needs --split DIR\n",
                in->name);
        return EXIT_UNUSABLE;
    }
    if (subject_regex) {
        int ec;
        PCRE2_SIZE eo;
        c.re = pcre2_compile((PCRE2_SPTR)subject_regex, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
        if (!c.re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            fprintf(stderr, "prognosis convert: --subject: %s at offset %zu\n", (char *)msg,
                    (size_t)eo);
            return EXIT_UNUSABLE;
        }
        c.md = pcre2_match_data_create_from_pattern(c.re, NULL);
    }
    if (split_dir && mkdir(split_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "prognosis convert: %s: %s\n", split_dir, strerror(errno));
        goto out;
    }
    if (!split_dir && (!out_path || !strcmp(out_path, "-"))) {
        c.out = stdout;
    } else if (!split_dir) { /* -o FILE: streamed through a temporary file */
        if (!(atomic = cli_atomic_begin(out_path)))
            goto out;
        c.out = cli_atomic_file(atomic);
    }
    c.threads = pg_threads_new();
    if (!c.threads)
        goto out;
    int rc = c.single ? one_message(&c, in->data, in->len, 1, 0) : read_archive(&c);
    progress(&c, true);
    if (atomic) {
        if (cli_atomic_end(atomic, rc == 0) != 0)
            rc = -1;
        atomic = NULL;
        c.out = NULL;
    } else if (c.out && fflush(c.out) != 0) {
        rc = -1;
    }
    if (c.skipped.len)
        fwrite(c.skipped.data, 1, c.skipped.len, stderr);
    if (!c.single || c.n_skipped)
        fprintf(stderr,
                "%s: %zu message%s read: %zu update%s and %zu repl%s converted, "
                "%zu other, %zu skipped\n",
                in->name, c.n_read, c.n_read == 1 ? "" : "s", c.n_updates,
                c.n_updates == 1 ? "" : "s", c.n_replies, c.n_replies == 1 ? "y" : "ies", c.n_other,
                c.n_skipped);
    if (rc != 0)
        exit_code = EXIT_UNUSABLE;
    else if (c.n_skipped)
        exit_code = EXIT_FINDINGS;
    else
        exit_code = EXIT_CLEAN;
out:
    if (atomic) /* failed before anything was written: keep the original */
        cli_atomic_end(atomic, false);
    pg_threads_free(c.threads);
    if (c.md)
        pcre2_match_data_free(c.md);
    if (c.re)
        pcre2_code_free(c.re);
    free(c.buf.data);
    free(c.skipped.data);
    return exit_code;
}
