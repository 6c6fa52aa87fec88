/* "prognosis convert" on mail: JSON Lines from the corpus sample archive
 * (every update found, every reply linked), a truncated archive (the bad
 * message reported and skipped, exit 1), gzip archives, --split DIR,
 * a YAML stream.  The JSON/YAML parts need the JSON/YAML writers: when
 * this build has none they are skipped with a note. */
#include "prognosis.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test_util.h"

static const char *corpus_dir(void)
{
    const char *e = getenv("PG_CORPUS");
    return e && *e ? e : "../shared/corpus";
}

/* Does this build write JSON?  (The writers may not have landed.) */
static bool have_json(void)
{
    pg_error err = {0};
    pg_doc *d = pg_parse_text("S\n", 2, NULL, &err);
    pg_buf b = {0};
    bool ok = pg_render_json(d, 0, pg_buf_write, &b, &err) == PG_OK;
    free(b.data);
    pg_doc_free(d);
    if (!ok)
        fprintf(stderr, "note: no JSON/YAML writer in this build; convert of mail skipped\n");
    return ok;
}

START_TEST(convert_corpus_archive)
{
    char path[512], cmd[800];
    snprintf(path, sizeof path, "%s/raw/xen-devel-sample.mbox", corpus_dir());
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "note: %s absent, not tested\n", path);
        return;
    }
    if (!have_json())
        return;
    snprintf(cmd, sizeof cmd, "%s convert --to json %s 2>/dev/null", tu_bin(), path);
    int st;
    char *out = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    /* records: updates carry "message", replies "reply" + "update" */
    size_t updates = 0, replies = 0, n_ids = 0;
    char ids[64][200];
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t je;
        json_t *r = json_loads(line, 0, &je);
        ck_assert_msg(r != NULL, "bad JSON line: %s", je.text);
        json_t *m = json_object_get(r, "message");
        if (m) {
            updates++;
            ck_assert_int_eq(json_integer_value(json_object_get(r, "prognosis")), 1);
            const char *id = json_string_value(json_object_get(m, "message_id"));
            ck_assert_ptr_nonnull(id);
            ck_assert_ptr_nonnull(json_string_value(json_object_get(m, "date")));
            if (n_ids < 64)
                snprintf(ids[n_ids++], 200, "%s", id);
        } else {
            replies++;
            const char *u = json_string_value(json_object_get(r, "update"));
            ck_assert_ptr_nonnull(u);
            bool known = false;
            for (size_t i = 0; i < n_ids && !known; i++)
                known = !strcmp(ids[i], u);
            ck_assert_msg(known, "reply linked to an update not written before it: %s", u);
            json_t *c;
            size_t i;
            json_array_foreach(json_object_get(r, "comments"), i, c)
            {
                ck_assert_ptr_nonnull(json_string_value(json_object_get(c, "item")));
                ck_assert_ptr_nonnull(json_string_value(json_object_get(c, "by")));
                ck_assert_uint_ge(json_array_size(json_object_get(c, "text")), 1);
            }
        }
        json_decref(r);
    }
    /* the corpus index: 22 messages, 7 of them updates */
    size_t ilen, rows = 0;
    snprintf(path, sizeof path, "%s/raw/INDEX.tsv", corpus_dir());
    char *idx = tu_read_file(path, &ilen);
    for (size_t i = 0; idx && i < ilen; i++)
        rows += idx[i] == '\n';
    free(idx);
    ck_assert_uint_eq(updates + replies, rows - 1);
    ck_assert_uint_ge(updates, 7);
    free(out);
}
END_TEST

START_TEST(convert_truncated_and_gzip)
{
    if (!have_json())
        return;
    char cmd[800];
    int st;
    snprintf(cmd, sizeof cmd,
             "%s convert --to json fixtures/mbox/truncated/archive.mbox 2>&1 >/dev/null", tu_bin());
    char *err = tu_run(cmd, &st);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(err, "archive.mbox:15: skipped message (byte 298): message cut short") !=
                      NULL,
                  "%s", err);
    ck_assert_msg(
        strstr(err, "2 messages read: 1 update and 0 replies converted, 0 other, 1 skipped") !=
            NULL,
        "%s", err);
    free(err);

    /* gzip: the same records as the plain archive */
    size_t len;
    char *in = tu_read_file("fixtures/mbox/mboxo/archive.mbox", &len);
    char gzpath[] = "/tmp/pg-conv-XXXXXX.mbox.gz";
    int fd = mkstemps(gzpath, 8);
    ck_assert_int_ge(fd, 0);
    gzFile g = gzdopen(fd, "wb");
    ck_assert_int_eq(gzwrite(g, in, (unsigned)len), (int)len);
    gzclose(g);
    snprintf(cmd, sizeof cmd, "%s convert --to json fixtures/mbox/mboxo/archive.mbox 2>/dev/null",
             tu_bin());
    char *plain = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    snprintf(cmd, sizeof cmd, "%s convert --to json %s 2>/dev/null", tu_bin(), gzpath);
    char *zipped = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_str_eq(zipped, plain);
    /* 2 updates + 1 reply */
    size_t lines = 0;
    for (char *p = plain; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 3);
    free(plain);
    free(zipped);
    unlink(gzpath);

    /* YAML: a stream of three documents */
    snprintf(cmd, sizeof cmd, "%s convert --to yaml fixtures/mbox/mboxo/archive.mbox 2>/dev/null",
             tu_bin());
    char *y = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    size_t docs = 0;
    for (char *p = y; (p = strstr(p, "---\n")); p += 4)
        docs += p == y || p[-1] == '\n';
    ck_assert_uint_eq(docs, 3);
    ck_assert_ptr_nonnull(strstr(y, "\nmessage:\n  subject: \"Update 1\"\n"));
    ck_assert_ptr_nonnull(strstr(y, "\nupdate: \"m1@example.org\"\n"));
    free(y);
    free(in);
}
END_TEST

/* --split DIR --to text: one file per update, named from date and
 * subject, holding the update as sent. */
START_TEST(convert_split)
{
    char dir[] = "/tmp/pg-split-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[800];
    int st;
    snprintf(cmd, sizeof cmd,
             "%s convert --to text --split %s fixtures/mbox/mboxo/archive.mbox 2>/dev/null",
             tu_bin(), dir);
    free(tu_run(cmd, &st));
    ck_assert_int_eq(st, 0);
    char path[600];
    size_t len;
    snprintf(path, sizeof path, "%s/2019-07-01-update-1.txt", dir);
    char *one = tu_read_file(path, &len);
    ck_assert_msg(one != NULL, "%s missing", path);
    ck_assert(!strncmp(one, "Update 1\n\n== Hypervisor ==\n", 27));
    ck_assert_ptr_nonnull(strstr(one, "\nFrom the archive: nothing new.\n"));
    unlink(path);
    free(one);
    snprintf(path, sizeof path, "%s/2019-07-01-update-2.txt", dir);
    char *two = tu_read_file(path, &len);
    ck_assert_msg(two != NULL, "%s missing", path);
    ck_assert(!strncmp(two, "Update 2\n\n", 10));
    unlink(path);
    free(two);
    ck_assert_int_eq(rmdir(dir), 0); /* nothing else was written */
}
END_TEST

Suite *convert_mail_suite(void)
{
    Suite *s = suite_create("convert_mail");
    TCase *t = tcase_create("convert");
    tcase_set_timeout(t, 30);
    tcase_add_test(t, convert_corpus_archive);
    tcase_add_test(t, convert_truncated_and_gzip);
    tcase_add_test(t, convert_split);
    suite_add_tcase(s, t);
    return s;
}
