/* Mail and mbox reading: golden cases in fixtures/mail/ (one message ->
 * the text the parser reads, or the reason it is skipped) and
 * fixtures/mbox/ (an archive -> its messages, unquoted, with positions),
 * the same archives gzip-compressed at test time, and the real raw mails
 * of ../shared/corpus/raw where they exist. */
#include "internal.h" /* pg__alloc_fail_after */

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "test_util.h"

/* The shared corpus, relative to the repo root; PG_CORPUS overrides it
 * (a worktree that does not sit next to shared/). */
static const char *corpus_dir(void)
{
    const char *e = getenv("PG_CORPUS");
    return e && *e ? e : "../shared/corpus";
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of dir (caller frees each and the array). */
static size_t list_dir(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(v, n, sizeof *v, name_cmp);
    *out = v;
    return n;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void setup(void) { pg_mail_init(); }

/* ------------------------------------------------------ single messages */

START_TEST(mail_golden)
{
    char **cases;
    size_t n = list_dir("fixtures/mail", &cases);
    ck_assert_uint_ge(n, 10);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        size_t len, elen;
        snprintf(path, sizeof path, "fixtures/mail/%s/message.eml", cases[i]);
        char *in = tu_read_file(path, &len);
        ck_assert_msg(in != NULL, "%s missing", path);
        ck_assert_msg(pg_mail_detect(in, len), "%s: not detected as mail", cases[i]);
        pg_error err = {0};
        pg_mail *m = pg_mail_parse(in, len, 1, &err);
        snprintf(path, sizeof path, "fixtures/mail/%s/expected.txt", cases[i]);
        char *want = tu_read_file(path, &elen);
        if (want) {
            ck_assert_msg(m != NULL, "%s: %s", cases[i], err.message);
            pg_str t = pg_mail_get(m)->text;
            ck_assert_msg(t.len == elen && !memcmp(t.ptr, want, elen),
                          "%s: text differs:\n--- got\n%.*s--- want\n%s", cases[i], (int)t.len,
                          t.ptr, want);
        } else {
            snprintf(path, sizeof path, "fixtures/mail/%s/expected-error.txt", cases[i]);
            want = tu_read_file(path, &elen);
            ck_assert_msg(want != NULL, "%s: no expected.txt or expected-error.txt", cases[i]);
            ck_assert_msg(m == NULL, "%s: should be refused", cases[i]);
            want[strcspn(want, "\n")] = '\0';
            ck_assert_str_eq(err.message, want);
            ck_assert_int_eq(err.line, 1);
        }
        pg_mail_free(m);
        free(want);
        free(in);
    }
    free_list(cases, n);
}
END_TEST

START_TEST(mail_headers)
{
    size_t len;
    char *in = tu_read_file("fixtures/mail/rfc2047/message.eml", &len);
    ck_assert_ptr_nonnull(in);
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(in, len, 1, &err);
    ck_assert_ptr_nonnull(m);
    const pg_mail_info *h = pg_mail_get(m);
    ck_assert_str_eq(h->subject.ptr, "Re: Xen 4.13 Entwicklungsstand f\xc3\xbcr M\xc3\xa4rz");
    ck_assert_str_eq(h->from_name.ptr, "Roger Pau Monn\xc3\xa9");
    ck_assert_str_eq(h->from_addr.ptr, "roger@example.org");
    ck_assert_str_eq(h->date.ptr, "2019-08-02T11:04:49+02:00");
    ck_assert_int_eq(h->time, 1564736689);
    ck_assert_str_eq(h->message_id.ptr, "reply1@example.org");
    ck_assert_str_eq(h->in_reply_to.ptr, "upd1@example.org");
    ck_assert_uint_eq(h->n_references, 2);
    ck_assert_str_eq(h->references[0].ptr, "upd0@example.org");
    ck_assert_str_eq(h->references[1].ptr, "upd1@example.org");
    ck_assert(pg_mail_is_reply(m));
    pg_mail_free(m);
    free(in);

    in = tu_read_file("fixtures/mail/flowed-delsp/message.eml", &len);
    m = pg_mail_parse(in, len, 1, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert(pg_mail_get(m)->flowed && pg_mail_get(m)->delsp);
    ck_assert(!pg_mail_is_reply(m));
    pg_mail_free(m);
    free(in);
}
END_TEST

/* Lines of the text the parser reads map back to the file: the subject to
 * its header, an 8bit body line to itself, an encoded body to the start. */
START_TEST(mail_line_map)
{
    size_t len;
    char *in = tu_read_file("fixtures/mail/plain-8bit/message.eml", &len);
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(in, len, 1, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(pg_mail_line(m, 1), 3); /* Subject: is header line 3 */
    /* Every body line k of the text is the same bytes as file line map(k). */
    pg_str t = pg_mail_get(m)->text;
    uint32_t line = 1;
    const char *p = t.ptr, *end = t.ptr + t.len;
    for (; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = (size_t)(nl - p);
        if (line >= 3) {
            uint32_t fl = pg_mail_line(m, line);
            const char *q = in;
            for (uint32_t k = 1; k < fl; k++)
                q = strchr(q, '\n') + 1;
            ck_assert_msg(!strncmp(q, p, l) && q[l] == '\n', "text line %u -> file line %u", line,
                          fl);
        }
        p = nl + 1;
    }
    pg_mail_free(m);
    /* In an archive the message starts further down. */
    m = pg_mail_parse(in, len, 101, &err);
    ck_assert_uint_eq(pg_mail_line(m, 1), 103);
    ck_assert_uint_eq(pg_mail_line(m, 3), 101 + 9);
    pg_mail_free(m);
    free(in);

    in = tu_read_file("fixtures/mail/qp/message.eml", &len);
    m = pg_mail_parse(in, len, 40, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(pg_mail_line(m, 5), 40);
    pg_mail_free(m);
    free(in);
}
END_TEST

/* The parser's diagnostics on a mail body point, through the map, at the
 * very line of the file they are about. */
START_TEST(mail_diag_lines)
{
    size_t len;
    char *in = tu_read_file("fixtures/mail/diagnostics/message.eml", &len);
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(in, len, 1, &err);
    ck_assert_ptr_nonnull(m);
    pg_str t = pg_mail_get(m)->text;
    pg_doc *doc = pg_parse_text(t.ptr, t.len, NULL, &err);
    ck_assert_uint_ge(pg_doc_diag_count(doc), 2);
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++) {
        const pg_diag *d = pg_doc_diag(doc, i);
        uint32_t fl = pg_mail_line(m, d->line);
        /* the text's line d->line and the file's line fl are the same bytes */
        const char *a = t.ptr, *b = in;
        for (uint32_t k = 1; k < d->line; k++)
            a = strchr(a, '\n') + 1;
        for (uint32_t k = 1; k < fl; k++)
            b = strchr(b, '\n') + 1;
        size_t al = strcspn(a, "\n"), bl = strcspn(b, "\n");
        ck_assert_msg(al == bl && !memcmp(a, b, al), "%s: text line %u is file line %u", d->rule,
                      d->line, fl);
        ck_assert_uint_gt(fl, d->line);
    }
    pg_doc_free(doc);
    pg_mail_free(m);
    free(in);
}
END_TEST

START_TEST(mail_detect)
{
    static const char eml[] = "Received: from x\n\tby y\nFrom: a@b\nSubject: s\n\nbody\n";
    ck_assert(pg_mail_detect(eml, sizeof eml - 1));
    static const char draft[] = "Subject: s\nTo: x@y\n\nbody\n";
    ck_assert(pg_mail_detect(draft, sizeof draft - 1));
    static const char update[] = "Xen 4.13 Development Update\n\n= Timeline =\n";
    ck_assert(!pg_mail_detect(update, sizeof update - 1));
    static const char lone[] = "Subject: Xen 4.19 status\n\n* Item (ok)\n";
    ck_assert(pg_mail_detect(lone, sizeof lone - 1));
    static const char reply[] = "Re: [Xen-devel] Xen 4.13 Development Update\n\n> *  x\n";
    ck_assert(!pg_mail_detect(reply, sizeof reply - 1));
    static const char keyed[] = "owner: Jane\nstatus: ok\n\n";
    ck_assert(!pg_mail_detect(keyed, sizeof keyed - 1));
    static const char mbox[] = "From a@b Mon Jul  1 11:35:34 2019\nFrom: a@b\n\n";
    ck_assert(!pg_mail_detect(mbox, sizeof mbox - 1));
    ck_assert(pg_mbox_detect(mbox, sizeof mbox - 1));
    ck_assert(!pg_mbox_detect(eml, sizeof eml - 1));
}
END_TEST

/* ------------------------------------------------------------- archives */

typedef struct chunked {
    const char *p;
    size_t len, pos, step;
} chunked;

/* A reader that hands out a few bytes at a time: lines and gzip blocks
 * straddle every buffer boundary. */
static long chunk_read(void *ctx, char *buf, size_t cap)
{
    chunked *c = ctx;
    size_t n = c->len - c->pos;
    if (n > c->step)
        n = c->step;
    if (n > cap)
        n = cap;
    memcpy(buf, c->p + c->pos, n);
    c->pos += n;
    return (long)n;
}

/* The archive as "=== line L offset O[ truncated: why]\n" + message. */
static char *dump_mbox(pg_mbox *mb, size_t *len)
{
    pg_buf b = {0};
    pg_mbox_msg m;
    pg_error err = {0};
    int rc;
    while ((rc = pg_mbox_next(mb, &m, &err)) == 1) {
        char head[200];
        snprintf(head, sizeof head, "=== line %u offset %llu%s%s\n", m.line,
                 (unsigned long long)m.offset, m.truncated ? " truncated: " : "",
                 m.truncated ? m.trunc_reason : "");
        pg_buf_write(&b, head, strlen(head));
        pg_buf_write(&b, m.data, m.len);
    }
    ck_assert_msg(rc == 0, "mbox error: %s", err.message);
    pg_buf_write(&b, "", 0);
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static char *gzip_mem(const char *p, size_t n, size_t *out_len)
{
    z_stream z = {0};
    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, n) + 64;
    char *out = malloc(cap);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}

static void check_dump(const char *name, const char *how, pg_mbox *mb, const char *want,
                       size_t wlen)
{
    ck_assert_msg(mb != NULL, "%s (%s): cannot open", name, how);
    size_t glen;
    char *got = dump_mbox(mb, &glen);
    ck_assert_msg(glen == wlen && !memcmp(got, want, wlen),
                  "%s (%s) differs:\n--- got\n%s--- want\n%s", name, how, got, want);
    free(got);
    pg_mbox_free(mb);
}

START_TEST(mbox_golden)
{
    char **cases;
    size_t n = list_dir("fixtures/mbox", &cases);
    ck_assert_uint_ge(n, 4);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        size_t len, wlen, zlen;
        snprintf(path, sizeof path, "fixtures/mbox/%s/archive.mbox", cases[i]);
        char *in = tu_read_file(path, &len);
        snprintf(path, sizeof path, "fixtures/mbox/%s/expected.txt", cases[i]);
        char *want = tu_read_file(path, &wlen);
        ck_assert_msg(in && want, "%s: fixture incomplete", cases[i]);
        pg_error err = {0};
        check_dump(cases[i], "memory", pg_mbox_open_mem(in, len, PG_MBOX_RD, &err), want, wlen);
        chunked c = {in, len, 0, 7};
        check_dump(cases[i], "7-byte reads", pg_mbox_open(chunk_read, &c, PG_MBOX_RD, &err), want,
                   wlen);
        /* The same archive gzip-compressed: the same messages, the same
         * (uncompressed) positions. */
        char *gz = gzip_mem(in, len, &zlen);
        ck_assert(pg_mbox_detect(gz, zlen));
        check_dump(cases[i], "gzip", pg_mbox_open_mem(gz, zlen, PG_MBOX_RD, &err), want, wlen);
        chunked cz = {gz, zlen, 0, 5};
        check_dump(cases[i], "gzip, 5-byte reads", pg_mbox_open(chunk_read, &cz, PG_MBOX_RD, &err),
                   want, wlen);
        free(gz);
        free(in);
        free(want);
    }
    free_list(cases, n);
}
END_TEST

/* mboxo leaves ">>From " alone; mboxrd takes one '>' off. */
START_TEST(mbox_o_vs_rd)
{
    static const char a[] = "From x Mon Jul  1 11:35:34 2019\nSubject: s\n\n>From a\n>>From b\n";
    pg_error err = {0};
    pg_mbox_msg m;
    pg_mbox *mb = pg_mbox_open_mem(a, sizeof a - 1, PG_MBOX_O, &err);
    ck_assert_int_eq(pg_mbox_next(mb, &m, &err), 1);
    ck_assert_uint_eq(m.len, strlen("Subject: s\n\nFrom a\n>>From b\n"));
    ck_assert(!memcmp(m.data, "Subject: s\n\nFrom a\n>>From b\n", m.len));
    ck_assert_str_eq(m.envelope.ptr, "x Mon Jul  1 11:35:34 2019");
    ck_assert_int_eq(pg_mbox_next(mb, &m, &err), 0);
    pg_mbox_free(mb);
    mb = pg_mbox_open_mem(a, sizeof a - 1, PG_MBOX_RD, &err);
    ck_assert_int_eq(pg_mbox_next(mb, &m, &err), 1);
    ck_assert(!memcmp(m.data, "Subject: s\n\nFrom a\n>From b\n", m.len));
    pg_mbox_free(mb);
}
END_TEST

/* An archive with CRLF line ends splits the same way. */
START_TEST(mbox_crlf)
{
    size_t len;
    char *in = tu_read_file("fixtures/mbox/mboxo/archive.mbox", &len);
    char *crlf = malloc(2 * len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = in[i];
    }
    pg_error err = {0};
    pg_mbox *mb = pg_mbox_open_mem(crlf, n, PG_MBOX_RD, &err);
    pg_mbox_msg m;
    int k = 0;
    while (pg_mbox_next(mb, &m, &err) == 1) {
        k++;
        ck_assert(!m.truncated);
        ck_assert(m.len >= 2 && m.data[m.len - 1] == '\n' && m.data[m.len - 2] == '\r');
        ck_assert(m.len < 4 || memcmp(m.data + m.len - 4, "\r\n\r\n", 4));
        if (k == 1) {
            char *z = strndup(m.data, m.len); /* the message is not NUL-terminated */
            ck_assert_ptr_nonnull(strstr(z, "\r\nFrom the archive"));
            free(z);
        }
    }
    ck_assert_int_eq(k, 3);
    pg_mbox_free(mb);
    free(crlf);
    free(in);
}
END_TEST

START_TEST(mbox_not_an_mbox)
{
    static const char a[] = "\nSubject: s\n\nbody\n";
    pg_error err = {0};
    pg_mbox_msg m;
    pg_mbox *mb = pg_mbox_open_mem(a, sizeof a - 1, PG_MBOX_RD, &err);
    ck_assert_int_eq(pg_mbox_next(mb, &m, &err), -1);
    ck_assert_int_eq(err.code, PG_ERR_SYNTAX);
    ck_assert_int_eq(err.line, 2);
    pg_mbox_free(mb);
    /* gzip that breaks off: what came before is still read. */
    size_t len, zlen;
    char *in = tu_read_file("fixtures/mbox/mboxo/archive.mbox", &len);
    char *gz = gzip_mem(in, len, &zlen);
    memset(&err, 0, sizeof err);
    mb = pg_mbox_open_mem(gz, zlen * 2 / 3, PG_MBOX_RD, &err);
    int rc, k = 0, cut = 0;
    while ((rc = pg_mbox_next(mb, &m, &err)) == 1) {
        k++;
        cut += m.truncated;
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_ge(k, 1);
    ck_assert_int_eq(cut, 1);
    ck_assert_str_eq(m.trunc_reason ? m.trunc_reason : "gzip data cut short",
                     "gzip data cut short");
    pg_mbox_free(mb);
    free(gz);
    free(in);
}
END_TEST

/* ------------------------------------------------------- the real corpus */

START_TEST(corpus_raw_messages)
{
    char **names;
    struct stat st;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/raw", corpus_dir());
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "note: %s absent, real raw mails not tested\n", dir);
        return;
    }
    size_t n = list_dir(dir, &names), eml = 0, compared = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        if (nl < 5 || strcmp(names[i] + nl - 4, ".eml"))
            continue;
        eml++;
        char path[600];
        size_t len, tlen;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *in = tu_read_file(path, &len);
        ck_assert(pg_mail_detect(in, len));
        pg_error err = {0};
        pg_mail *m = pg_mail_parse(in, len, 1, &err);
        ck_assert_msg(m != NULL, "%s: %s", names[i], err.message);
        const pg_mail_info *h = pg_mail_get(m);
        ck_assert_msg(h->subject.len && h->from_addr.len && h->date.len && h->message_id.len,
                      "%s: headers missing", names[i]);
        /* The corpus keeps the same mails decoded, Subject first: our
         * reading must give exactly those bytes. */
        snprintf(path, sizeof path, "%s/%.*s.txt", corpus_dir(), (int)(nl - 4), names[i]);
        char *txt = tu_read_file(path, &tlen);
        if (txt) {
            compared++;
            ck_assert_msg(tlen == h->text.len && !memcmp(txt, h->text.ptr, tlen),
                          "%s: decoded text differs from the corpus copy", names[i]);
        }
        free(txt);
        pg_mail_free(m);
        free(in);
    }
    ck_assert_uint_ge(eml, 1);
    ck_assert_uint_ge(compared, 1);
    free_list(names, n);
}
END_TEST

START_TEST(corpus_sample_mbox)
{
    size_t len;
    char path[512];
    snprintf(path, sizeof path, "%s/raw/xen-devel-sample.mbox", corpus_dir());
    char *in = tu_read_file(path, &len);
    if (!in) {
        fprintf(stderr, "note: %s absent, not tested\n", path);
        return;
    }
    /* Every message of the archive is one of the raw .eml files (INDEX.tsv lists
     * them), and each reads cleanly. */
    size_t ilen, rows = 0;
    snprintf(path, sizeof path, "%s/raw/INDEX.tsv", corpus_dir());
    char *index = tu_read_file(path, &ilen);
    for (size_t i = 0; index && i < ilen; i++)
        rows += index[i] == '\n';
    pg_error err = {0};
    pg_mbox *mb = pg_mbox_open_mem(in, len, PG_MBOX_RD, &err);
    pg_mbox_msg m;
    size_t k = 0;
    int rc;
    while ((rc = pg_mbox_next(mb, &m, &err)) == 1) {
        k++;
        ck_assert(!m.truncated);
        pg_mail *ml = pg_mail_parse(m.data, m.len, m.line + 1, &err);
        ck_assert_msg(ml != NULL, "message at line %u: %s", m.line, err.message);
        pg_mail_free(ml);
    }
    ck_assert_int_eq(rc, 0);
    if (index)
        ck_assert_uint_eq(k, rows - 1);
    free(index);
    pg_mbox_free(mb);
    free(in);
}
END_TEST

/* Fail the 1st, 2nd, ... allocation of the library: every call returns
 * NULL with PG_ERR_NOMEM (or succeeds once enough succeed), never
 * crashes or leaks (ASan run). */
START_TEST(alloc_failures)
{
    size_t len, alen;
    char *in = tu_read_file("fixtures/mail/multipart-signed/message.eml", &len);
    char *ar = tu_read_file("fixtures/mbox/mboxo/archive.mbox", &alen);
    ck_assert(in && ar);
    bool mail_ok = false, arch_ok = false;
    for (long n = 0; n < 400 && !(mail_ok && arch_ok); n++) {
        pg_error err = {0};
        pg__alloc_fail_after(n);
        pg_mail *m = mail_ok ? NULL : pg_mail_parse(in, len, 1, &err);
        pg__alloc_fail_after(-1);
        if (!mail_ok) {
            if (m)
                mail_ok = true;
            else
                ck_assert_int_eq(err.code, PG_ERR_NOMEM);
        }
        pg_mail_free(m);
        memset(&err, 0, sizeof err);
        pg__alloc_fail_after(n);
        pg_archive *a = arch_ok ? NULL : pg_archive_read_mbox(ar, alen, NULL, &err);
        pg__alloc_fail_after(-1);
        if (!arch_ok) {
            if (a) {
                arch_ok = true;
                ck_assert_uint_eq(pg_archive_count(a), 2);
            } else {
                ck_assert_int_eq(err.code, PG_ERR_NOMEM);
            }
        }
        pg_archive_free(a);
    }
    ck_assert(mail_ok && arch_ok);
    free(in);
    free(ar);
}
END_TEST

Suite *mail_suite(void)
{
    Suite *s = suite_create("mail");
    TCase *t = tcase_create("message");
    tcase_add_unchecked_fixture(t, setup, NULL);
    tcase_add_test(t, mail_golden);
    tcase_add_test(t, mail_headers);
    tcase_add_test(t, mail_line_map);
    tcase_add_test(t, mail_diag_lines);
    tcase_add_test(t, mail_detect);
    suite_add_tcase(s, t);
    t = tcase_create("mbox");
    tcase_add_unchecked_fixture(t, setup, NULL);
    tcase_add_test(t, mbox_golden);
    tcase_add_test(t, mbox_o_vs_rd);
    tcase_add_test(t, mbox_not_an_mbox);
    tcase_add_test(t, mbox_crlf);
    tcase_add_test(t, alloc_failures);
    suite_add_tcase(s, t);
    t = tcase_create("corpus");
    tcase_add_unchecked_fixture(t, setup, NULL);
    tcase_add_test(t, corpus_raw_messages);
    tcase_add_test(t, corpus_sample_mbox);
    suite_add_tcase(s, t);
    return s;
}
