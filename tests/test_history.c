/* Archives as data, diff and history: updates found and replies linked in
 * the fixture archives and in the corpus sample mbox; item pairing
 * (added, removed, renamed, moved, state moves, owners); history rows over
 * the 4.13 series; the SVG chart; the diff/history commands' output
 * against fixtures/diff/ golden files. */
#include "prognosis.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "test_util.h"

static const char *corpus_dir(void)
{
    const char *e = getenv("PG_CORPUS");
    return e && *e ? e : "../shared/corpus";
}

static pg_doc *parse(const char *s)
{
    pg_error err = {0};
    pg_doc *d = pg_parse_text(s, strlen(s), NULL, &err);
    ck_assert_ptr_nonnull(d);
    return d;
}

static void setup(void) { pg_mail_init(); }

/* ------------------------------------------------------------ archives */

START_TEST(archive_fixture_threads)
{
    size_t len;
    char *in = tu_read_file("fixtures/mbox/mboxo/archive.mbox", &len);
    ck_assert_ptr_nonnull(in);
    pg_error err = {0};
    pg_archive *ar = pg_archive_read_mbox(in, len, NULL, &err);
    ck_assert_ptr_nonnull(ar);
    ck_assert_uint_eq(pg_archive_messages_read(ar), 3);
    ck_assert_uint_eq(pg_archive_count(ar), 2);
    ck_assert_uint_eq(pg_archive_skip_count(ar), 0);
    ck_assert_str_eq(pg_mail_get(pg_archive_mail(ar, 0))->subject.ptr, "Update 1");
    ck_assert_uint_eq(pg_archive_reply_count(ar, 0), 1);
    ck_assert_uint_eq(pg_archive_reply_count(ar, 1), 0);
    ck_assert_str_eq(pg_mail_get(pg_archive_reply_mail(ar, 0, 0))->message_id.ptr,
                     "m2@example.org");
    /* the reply's comment under the quoted item */
    const pg_doc *r = pg_archive_reply_doc(ar, 0, 0);
    const pg_section *root = pg_doc_root(r);
    ck_assert_uint_ge(root->n_items, 1);
    const pg_str *paras;
    ck_assert_uint_eq(pg_item_comments(&root->items[0], &paras), 1);
    ck_assert_uint_eq(paras[0].len, 5);
    ck_assert(!memcmp(paras[0].ptr, "Done.", 5));
    pg_archive_free(ar);

    /* --subject narrows: the reply then answers no update */
    pg_archive_options o = {0};
    o.subject_regex = "^Update 2$";
    ar = pg_archive_read_mbox(in, len, &o, &err);
    ck_assert_uint_eq(pg_archive_count(ar), 1);
    ck_assert_uint_eq(pg_archive_other_count(ar), 2);
    pg_archive_free(ar);
    o.subject_regex = "(unclosed";
    ck_assert_ptr_null(pg_archive_read_mbox(in, len, &o, &err));
    ck_assert_int_eq(err.code, PG_ERR_ARG);
    free(in);

    in = tu_read_file("fixtures/mbox/truncated/archive.mbox", &len);
    memset(&err, 0, sizeof err);
    ar = pg_archive_read_mbox(in, len, NULL, &err);
    ck_assert_ptr_nonnull(ar);
    ck_assert_uint_eq(pg_archive_messages_read(ar), 2);
    ck_assert_uint_eq(pg_archive_count(ar), 1);
    ck_assert_uint_eq(pg_archive_skip_count(ar), 1);
    ck_assert_uint_eq(pg_archive_skip_at(ar, 0)->line, 15);
    ck_assert_ptr_nonnull(strstr(pg_archive_skip_at(ar, 0)->reason, "cut short"));
    pg_archive_free(ar);
    free(in);
}
END_TEST

/* Which corpus files are updates, from the corpus's own INDEX.tsv. */
static size_t corpus_updates(char names[][128], size_t max)
{
    char path[512];
    size_t len, n = 0;
    snprintf(path, sizeof path, "%s/INDEX.tsv", corpus_dir());
    char *idx = tu_read_file(path, &len);
    if (!idx)
        return 0;
    for (char *line = strtok(idx, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        /* file, source, date, author, kind */
        char *f[5] = {line};
        size_t k = 1;
        for (char *p = tab; p && k < 5; p = strchr(p + 1, '\t'))
            f[k++] = p + 1;
        if (k < 5 || strncmp(f[4], "update\t", 7))
            continue;
        size_t fl = (size_t)(tab - line);
        if (fl > 4 && n < max) {
            snprintf(names[n], 128, "%.*s.eml", (int)(fl - 4), line);
            snprintf(path, sizeof path, "%s/raw/%s", corpus_dir(), names[n]);
            FILE *e = fopen(path, "rb");
            if (e) {
                fclose(e);
                n++;
            }
        }
    }
    free(idx);
    return n;
}

START_TEST(archive_corpus_sample)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/raw/xen-devel-sample.mbox", corpus_dir());
    char *in = tu_read_file(path, &len);
    if (!in) {
        fprintf(stderr, "note: %s absent, archive test skipped\n", path);
        return;
    }
    char want[64][128];
    size_t n_want = corpus_updates(want, 64);
    ck_assert_uint_ge(n_want, 1);
    pg_error err = {0};
    pg_archive *ar = pg_archive_read_mbox(in, len, NULL, &err);
    ck_assert_ptr_nonnull(ar);
    ck_assert_uint_eq(pg_archive_skip_count(ar), 0);
    /* every update found, and only those */
    ck_assert_uint_eq(pg_archive_count(ar), n_want);
    for (size_t k = 0; k < n_want; k++) {
        snprintf(path, sizeof path, "%s/raw/%s", corpus_dir(), want[k]);
        size_t el;
        char *eml = tu_read_file(path, &el);
        pg_mail *m = pg_mail_parse(eml, el, 1, &err);
        ck_assert_ptr_nonnull(m);
        bool found = false;
        for (size_t i = 0; i < pg_archive_count(ar) && !found; i++)
            found = !strcmp(pg_mail_get(pg_archive_mail(ar, i))->message_id.ptr,
                            pg_mail_get(m)->message_id.ptr);
        ck_assert_msg(found, "update %s not found", want[k]);
        pg_mail_free(m);
        free(eml);
    }
    /* in date order, and every other message is a reply linked to one */
    size_t replies = 0;
    for (size_t i = 0; i < pg_archive_count(ar); i++) {
        if (i)
            ck_assert_int_le(pg_mail_get(pg_archive_mail(ar, i - 1))->time,
                             pg_mail_get(pg_archive_mail(ar, i))->time);
        replies += pg_archive_reply_count(ar, i);
        for (size_t j = 0; j < pg_archive_reply_count(ar, i); j++)
            ck_assert(pg_mail_is_reply(pg_archive_reply_mail(ar, i, j)));
    }
    ck_assert_uint_eq(pg_archive_other_count(ar), 0);
    ck_assert_uint_eq(replies + pg_archive_count(ar), pg_archive_messages_read(ar));
    pg_archive_free(ar);

    /* the same archive gzip-compressed */
    z_stream z = {0};
    deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&z, len);
    char *gz = malloc(cap);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)gz;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    ar = pg_archive_read_mbox(gz, z.total_out, NULL, &err);
    deflateEnd(&z);
    ck_assert_uint_eq(pg_archive_count(ar), n_want);
    pg_archive_free(ar);
    free(gz);
    free(in);
}
END_TEST

/* ---------------------------------------------------------------- diff */

START_TEST(diff_pairs)
{
    pg_doc *a = parse("S\n\n== A ==\n\n*  Alpha feature (fair)\n  -  Ann\n\n"
                      "*  Beta (ok)\n  -  Bob\n\n*  Item 2 (ok)\n  -  X\n");
    pg_doc *b = parse("S\n\n== A ==\n\n*  Alpha features (ok)\n  -  Ann\n  -  Cy\n\n"
                      "*  Item 9 (ok)\n  -  X\n\n== B ==\n\n*  Beta (fair)\n");
    pg_error err = {0};
    pg_diff *d = pg_diff_docs(a, b, &err);
    ck_assert_ptr_nonnull(d);
    int renamed = 0, added = 0, removed = 0, moved = 0;
    for (size_t i = 0; i < pg_diff_count(d); i++) {
        const pg_item_change *c = pg_diff_at(d, i);
        if (!c->old_item) {
            added++;
            ck_assert(!memcmp(c->new_item->title.ptr, "Item 9", 6));
        } else if (!c->new_item) {
            removed++;
            ck_assert(!memcmp(c->old_item->title.ptr, "Item 2", 6));
        } else if (c->renamed) {
            renamed++;
            ck_assert(c->state_changed);
            ck_assert_int_eq(c->progress, 1);
            ck_assert_uint_eq(c->n_owners_added, 1);
            ck_assert(!memcmp(c->owners_added[0].ptr, "Cy", 2));
            ck_assert_uint_eq(c->n_owners_dropped, 0);
        } else if (c->moved) {
            moved++;
            ck_assert_int_eq(c->progress, -1);
            ck_assert_uint_eq(c->n_owners_dropped, 1);
        }
    }
    ck_assert_int_eq(renamed, 1);
    ck_assert_int_eq(added, 1);
    ck_assert_int_eq(removed, 1);
    ck_assert_int_eq(moved, 1);
    pg_diff_free(d);
    /* a document against itself: nothing changed */
    d = pg_diff_docs(a, a, &err);
    for (size_t i = 0; i < pg_diff_count(d); i++)
        ck_assert(!pg_diff_at(d, i)->changed);
    ck_assert_uint_eq(pg_diff_count(d), 3);
    pg_diff_free(d);
    pg_doc_free(a);
    pg_doc_free(b);
}
END_TEST

/* The diff command against fixtures/diff/<case>/expected.{txt,md,json}. */
START_TEST(diff_golden)
{
    static const char *const fmts[][2] = {{"text", "txt"}, {"markdown", "md"}, {"json", "json"}};
    for (size_t f = 0; f < 3; f++) {
        char cmd[600], path[200];
        snprintf(cmd, sizeof cmd,
                 "%s diff --format %s fixtures/diff/basic/old.txt fixtures/diff/basic/new.txt",
                 tu_bin(), fmts[f][0]);
        int st;
        char *got = tu_run(cmd, &st);
        ck_assert_int_eq(st, 1); /* differences found */
        snprintf(path, sizeof path, "fixtures/diff/basic/expected.%s", fmts[f][1]);
        size_t wl;
        char *want = tu_read_file(path, &wl);
        ck_assert_ptr_nonnull(want);
        ck_assert_msg(!strcmp(got, want), "%s differs:\n--- got\n%s--- want\n%s", fmts[f][0], got,
                      want);
        free(got);
        free(want);
    }
    int st;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "%s diff fixtures/diff/basic/old.txt fixtures/diff/basic/old.txt",
             tu_bin());
    free(tu_run(cmd, &st));
    ck_assert_int_eq(st, 0);
}
END_TEST

/* ------------------------------------------------------------- history */

static const pg_history_row *find_row(const pg_history *h, const char *title)
{
    for (size_t i = 0; i < pg_history_rows(h); i++) {
        const pg_history_row *r = pg_history_row_at(h, i);
        if (r->title.len == strlen(title) && !memcmp(r->title.ptr, title, r->title.len))
            return r;
    }
    return NULL;
}

/* Issue 6, "done means": over the 4.13 series (009, 011, 015, 018) the
 * Per-cpu tasklet is unchanged in the first three and gone from the
 * fourth. */
START_TEST(history_413_series)
{
    static const char *const files[] = {
        "009-xen413-devupdate-2019-07-01.txt", "011-xen413-devupdate-2019-08-01.txt",
        "015-xen413-devupdate-2019-09-06.txt", "018-xen413-devupdate-2019-09-28.txt"};
    pg_doc *docs[4];
    char *bufs[4];
    for (int i = 0; i < 4; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", corpus_dir(), files[i]);
        bufs[i] = tu_read_file(path, &len);
        if (!bufs[i]) {
            fprintf(stderr, "note: %s absent, 4.13 history not tested\n", path);
            for (int k = 0; k < i; k++) {
                pg_doc_free(docs[k]);
                free(bufs[k]);
            }
            return;
        }
        pg_error err = {0};
        docs[i] = pg_parse_text(bufs[i], len, NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
    }
    pg_error err = {0};
    pg_history *h = pg_history_build((const pg_doc *const *)docs, 4, &err);
    ck_assert_ptr_nonnull(h);
    const pg_history_row *r = find_row(h, "Per-cpu tasklet");
    ck_assert_ptr_nonnull(r);
    for (int i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(r->items[i]);
        if (i) {
            const pg_item *p = r->items[i - 1], *c = r->items[i];
            ck_assert(p->state.ptr == NULL ? c->state.ptr == NULL
                                           : c->state.len == p->state.len &&
                                                 !memcmp(c->state.ptr, p->state.ptr, p->state.len));
            ck_assert_uint_eq(pg_item_count(c, PG_ENTRY_OWNER), pg_item_count(p, PG_ENTRY_OWNER));
        }
    }
    ck_assert_ptr_null(r->items[3]);
    pg_history_free(h);

    /* the command says the same: "-" three times, then "gone" */
    char cmd[2048];
    int n = snprintf(cmd, sizeof cmd, "%s history --format csv", tu_bin());
    for (int i = 0; i < 4; i++)
        n += snprintf(cmd + n, sizeof cmd - (size_t)n, " %s/%s", corpus_dir(), files[i]);
    int st;
    char *out = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(out, "\nPer-cpu tasklet,Hypervisor,-,-,-,gone\r\n") != NULL, "%s", out);
    free(out);
    for (int i = 0; i < 4; i++) {
        pg_doc_free(docs[i]);
        free(bufs[i]);
    }
}
END_TEST

/* The same from the archive: its 4.13 updates, picked by --subject. */
START_TEST(history_from_archive)
{
    char path[512], cmd[1024];
    snprintf(path, sizeof path, "%s/raw/xen-devel-sample.mbox", corpus_dir());
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "note: %s absent, archive history not tested\n", path);
        return;
    }
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s history --format csv --subject '4\\.13 Development' %s", tu_bin(),
             path);
    int st;
    char *out = tu_run(cmd, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(!strncmp(out, "item,section,2019-07-01,2019-08-01,2019-09-06,2019-09-28\r\n", 58),
                  "%s", out);
    ck_assert_msg(strstr(out, "\nPer-cpu tasklet,Hypervisor,-,-,-,gone\r\n") != NULL, "%s", out);
    free(out);
}
END_TEST

START_TEST(history_counts_and_svg)
{
    pg_doc *docs[3] = {
        parse("S\n\n== A ==\n\n*  One (fair)\n\n*  Two (none)\n\n*  Three\n"),
        parse("S\n\n== A ==\n\n*  One (ok)\n\n*  Two (fair)\n\n*  Three\n\n*  Four (done)\n"),
        parse("S & <co>\n\n== A ==\n\n*  One (done)\n\n*  Four (done)\n"),
    };
    pg_error err = {0};
    pg_history *h = pg_history_build((const pg_doc *const *)docs, 3, &err);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(pg_history_rows(h), 4);
    size_t ns = pg_history_states(h);
    ck_assert_uint_eq(ns, 6); /* none fair ok good done + no state */
    ck_assert_str_eq(pg_history_state_name(h, ns - 1).ptr, "no state");
    /* counts by rank on the scale; items without a state last */
    ck_assert_uint_eq(pg_history_count(h, 0, 1), 1); /* fair */
    ck_assert_uint_eq(pg_history_count(h, 0, 0), 1); /* none */
    ck_assert_uint_eq(pg_history_count(h, 0, ns - 1), 1);
    ck_assert_uint_eq(pg_history_count(h, 1, 4), 1); /* done */
    ck_assert_uint_eq(pg_history_count(h, 2, 4), 2);
    /* Two and Three are gone in the last update */
    ck_assert_ptr_null(find_row(h, "Two")->items[2]);
    ck_assert_ptr_nonnull(find_row(h, "Four")->items[1]);
    pg_buf b = {0};
    const char *labels[] = {"a&b", "<2>", NULL};
    ck_assert_int_eq(pg_history_svg(h, labels, "T & <t>", pg_buf_write, &b, &err), PG_OK);
    pg_buf_write(&b, "", 1);
    ck_assert(!strncmp(b.data, "<?xml", 5));
    ck_assert_ptr_nonnull(strstr(b.data, "</svg>\n"));
    ck_assert_ptr_nonnull(strstr(b.data, ">T &amp; &lt;t&gt;</text>"));
    ck_assert_ptr_nonnull(strstr(b.data, ">a&amp;b</text>"));
    ck_assert_ptr_nonnull(strstr(b.data, ">#3</text>"));
    size_t polys = 0;
    for (const char *p = b.data; (p = strstr(p, "<polygon")); p++)
        polys++;
    ck_assert_uint_eq(polys, ns);
    free(b.data);
    pg_history_free(h);
    for (int i = 0; i < 3; i++)
        pg_doc_free(docs[i]);
}
END_TEST

Suite *history_suite(void)
{
    Suite *s = suite_create("history");
    TCase *t = tcase_create("archive");
    tcase_add_unchecked_fixture(t, setup, NULL);
    tcase_add_test(t, archive_fixture_threads);
    tcase_add_test(t, archive_corpus_sample);
    suite_add_tcase(s, t);
    t = tcase_create("diff");
    tcase_add_test(t, diff_pairs);
    tcase_add_test(t, diff_golden);
    suite_add_tcase(s, t);
    t = tcase_create("history");
    tcase_set_timeout(t, 30);
    tcase_add_test(t, history_413_series);
    tcase_add_test(t, history_from_archive);
    tcase_add_test(t, history_counts_and_svg);
    suite_add_tcase(s, t);
    return s;
}
