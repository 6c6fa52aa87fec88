/* "prognosis mail": the message it writes matches the golden file, reads
 * back (through the mail reader and the parser) to the same document,
 * from text and from YAML, and Python's email parser accepts it. */
#include "prognosis.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#define FIX "fixtures/mailout/"
#define ARGS                                                                                       \
    "--from 'Release Manager <rm@example.org>' "                                                   \
    "--date 'Mon, 01 Jul 2019 13:35:34 +0200' --message-id x1@example.org "

/* The message's body read back gives the document the command was given:
 * the same text, byte for byte. */
static void check_reads_back(const char *eml, size_t elen, const char *want, size_t wlen)
{
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(eml, elen, 1, &err);
    ck_assert_msg(m != NULL, "%s", err.message);
    const pg_mail_info *h = pg_mail_get(m);
    ck_assert(h->flowed);
    pg_doc *doc = pg_parse_text(h->text.ptr, h->text.len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    pg_buf b = {0};
    ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &b, &err), PG_OK);
    ck_assert_msg(b.len == wlen && !memcmp(b.data, want, wlen),
                  "read back differs:\n--- got\n%.*s--- want\n%.*s", (int)b.len, b.data, (int)wlen,
                  want);
    free(b.data);
    pg_doc_free(doc);
    pg_mail_free(m);
}

START_TEST(mail_golden_and_back)
{
    pg_mail_init();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s mail " ARGS FIX "status.txt", tu_bin());
    size_t len, wl, sl;
    int st;
    char *out = tu_run_len(cmd, &len, &st);
    ck_assert_int_eq(st, 0);
    char *want = tu_read_file(FIX "expected.eml", &wl);
    ck_assert_ptr_nonnull(want);
    ck_assert_msg(len == wl && !memcmp(out, want, wl), "differs:\n%s", out);
    char *src = tu_read_file(FIX "status.txt", &sl);
    check_reads_back(out, len, src, sl);
    /* every owner's address in Bcc, once */
    ck_assert_ptr_nonnull(strstr(out, "Bcc: konrad.wilk@example.com,\n jgross@example.com\n"));
    free(out);
    free(want);

    /* From YAML too, when this build reads and writes it. */
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(src, sl, NULL, &err);
    pg_buf y = {0};
    if (pg_render_yaml(doc, PG_RENDER_DEFAULT, pg_buf_write, &y, &err) != PG_OK) {
        fprintf(stderr, "note: no YAML in this build; mail from YAML not tested\n");
    } else {
        char tmp[] = "/tmp/pg-mail-XXXXXX.yaml";
        int fd = mkstemps(tmp, 5);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, y.data, y.len), (ssize_t)y.len);
        close(fd);
        snprintf(cmd, sizeof cmd, "%s mail " ARGS "%s", tu_bin(), tmp);
        out = tu_run_len(cmd, &len, &st);
        unlink(tmp);
        ck_assert_int_eq(st, 0);
        check_reads_back(out, len, src, sl);
        free(out);
    }
    free(y.data);
    pg_doc_free(doc);
    free(src);
}
END_TEST

START_TEST(mail_python_accepts)
{
    if (system("python3 -c 'import email.policy' 2>/dev/null") != 0) {
        fprintf(stderr, "note: python3 absent; Python email parser check skipped\n");
        return;
    }
    char cmd[1400];
    /* Python's parser: no defects, the decoded Subject, text/plain flowed,
     * the Bcc addresses, and the body (unstuffed) is the document body. */
    snprintf(
        cmd, sizeof cmd,
        "%s mail " ARGS FIX "status.txt | python3 -c '\n"
        "import email, email.policy, sys\n"
        "m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)\n"
        "assert not m.defects, m.defects\n"
        "assert m[\"Subject\"] == \"Xen 9.9 Development Update f\\u00fcr M\\u00e4rz\", "
        "m[\"Subject\"]\n"
        "assert m.get_content_type() == \"text/plain\" and m.get_param(\"format\") == \"flowed\"\n"
        "assert [a.addr_spec for a in m[\"Bcc\"].addresses] == [\"konrad.wilk@example.com\", "
        "\"jgross@example.com\"]\n"
        "body = \"\".join(l[1:] if l.startswith(\" \") else l for l in "
        "m.get_content().splitlines(True))\n"
        "src = open(\"" FIX "status.txt\", encoding=\"utf-8\").read().split(\"\\n\", 2)[2]\n"
        "assert body == src, (body, src)\n"
        "'",
        tu_bin());
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(mail_needs_sender)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "env -u EMAIL %s mail " FIX "status.txt 2>/dev/null", tu_bin());
    size_t len;
    int st;
    free(tu_run_len(cmd, &len, &st));
    ck_assert_int_eq(st, 2);
}
END_TEST

Suite *mailout_suite(void)
{
    Suite *s = suite_create("mailout");
    TCase *t = tcase_create("mail");
    tcase_set_timeout(t, 30);
    tcase_add_test(t, mail_golden_and_back);
    tcase_add_test(t, mail_python_accepts);
    tcase_add_test(t, mail_needs_sender);
    suite_add_tcase(s, t);
    return s;
}
