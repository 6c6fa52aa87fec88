/* "prognosis merge": a reply's comments under quoted items become notes,
 * a short comment naming one state moves the item; shown as a diff
 * (golden), written with -w, and the library's account of each change. */
#include "prognosis.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#define FIX "fixtures/merge/basic/"

static const pg_item *item_named(const pg_doc *d, const char *title)
{
    const pg_section *root = pg_doc_root(d);
    for (size_t s = 0; s < root->n_sections; s++)
        for (size_t i = 0; i < root->sections[s].n_items; i++) {
            const pg_item *it = &root->sections[s].items[i];
            if (it->title.len == strlen(title) && !memcmp(it->title.ptr, title, it->title.len))
                return it;
        }
    return NULL;
}

START_TEST(merge_library)
{
    pg_mail_init();
    size_t ul, rl;
    char *u = tu_read_file(FIX "update.txt", &ul), *r = tu_read_file(FIX "reply.eml", &rl);
    pg_error err = {0};
    pg_doc *update = pg_parse_text(u, ul, NULL, &err);
    pg_mail *m = pg_mail_parse(r, rl, 1, &err);
    ck_assert_ptr_nonnull(m);
    const pg_mail_info *h = pg_mail_get(m);
    pg_doc *reply = pg_parse_text(h->text.ptr, h->text.len, NULL, &err);
    pg_merge *mg = pg_merge_new(update, &err);
    ck_assert_ptr_nonnull(mg);
    ck_assert_int_eq(pg_merge_reply(mg, reply, h->from_name, h->date, &err), PG_OK);
    ck_assert_uint_eq(pg_merge_count(mg), 2);
    const pg_merge_change *c = pg_merge_at(mg, 0);
    ck_assert(!memcmp(c->title.ptr, "Core scheduling", 15));
    ck_assert(c->old_state.len == 2 && !memcmp(c->old_state.ptr, "ok", 2));
    ck_assert(c->new_state.len == 4 && !memcmp(c->new_state.ptr, "done", 4));
    c = pg_merge_at(mg, 1);
    ck_assert_ptr_null(c->new_state.ptr); /* "review is ongoing": no state named */
    ck_assert_ptr_nonnull(strstr(c->note.ptr, "Paul posted v8"));

    /* the merged document, written and read again, says so */
    pg_buf b = {0};
    ck_assert_int_eq(pg_render_text(pg_merge_doc(mg), pg_buf_write, &b, &err), PG_OK);
    pg_doc *again = pg_parse_text(b.data, b.len, NULL, &err);
    const pg_item *it = item_named(again, "Core scheduling");
    ck_assert_ptr_nonnull(it);
    ck_assert(it->state.len == 4 && !memcmp(it->state.ptr, "done", 4));
    ck_assert_uint_eq(pg_item_count(it, PG_ENTRY_NOTE), 1);
    ck_assert_uint_eq(pg_item_count(it, PG_ENTRY_OWNER), 1);
    it = item_named(again, "PV-IOMMU");
    ck_assert(it->state.len == 4 && !memcmp(it->state.ptr, "fair", 4));
    ck_assert_uint_eq(pg_item_count(it, PG_ENTRY_NOTE), 1);
    /* untouched items keep their bytes */
    ck_assert_ptr_nonnull(
        strstr(b.data, "*  Per-cpu tasklet (fair)\n  -  Konrad Rzeszutek Wilk\n"));
    free(b.data);
    pg_doc_free(again);
    pg_merge_free(mg);
    pg_doc_free(reply);
    pg_doc_free(update);
    pg_mail_free(m);
    free(u);
    free(r);
}
END_TEST

START_TEST(merge_command)
{
    char cmd[600];
    int st;
    snprintf(cmd, sizeof cmd, "%s merge " FIX "update.txt " FIX "reply.eml 2>/dev/null", tu_bin());
    char *out = tu_run(cmd, &st);
    ck_assert_int_eq(st, 1);
    size_t wl;
    char *want = tu_read_file(FIX "expected.diff", &wl);
    ck_assert_ptr_nonnull(want);
    ck_assert_msg(!strcmp(out, want), "differs:\n%s", out);
    free(out);
    free(want);

    /* -w on a copy: the file now holds the merged update */
    char tmp[] = "/tmp/pg-merge-XXXXXX.txt";
    int fd = mkstemps(tmp, 4);
    size_t ul;
    char *u = tu_read_file(FIX "update.txt", &ul);
    ck_assert_int_eq(write(fd, u, ul), (ssize_t)ul);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s merge -w %s " FIX "reply.eml >/dev/null 2>&1", tu_bin(), tmp);
    free(tu_run(cmd, &st));
    ck_assert_int_eq(st, 1);
    size_t nl;
    char *now = tu_read_file(tmp, &nl);
    ck_assert_ptr_nonnull(strstr(now, "*  Core scheduling (done)\n"));
    ck_assert_ptr_nonnull(strstr(now, "This is done now."));
    free(now);
    /* merging the same reply again proposes nothing: exit 0 */
    snprintf(cmd, sizeof cmd, "%s merge %s " FIX "reply.eml 2>/dev/null", tu_bin(), tmp);
    out = tu_run(cmd, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(u);
    unlink(tmp);

    /* a reply without comments changes nothing: exit 0 */
    snprintf(cmd, sizeof cmd, "%s merge " FIX "update.txt " FIX "update.txt 2>/dev/null", tu_bin());
    free(tu_run(cmd, &st));
    ck_assert_int_eq(st, 0);
}
END_TEST

Suite *merge_suite(void)
{
    Suite *s = suite_create("merge");
    TCase *t = tcase_create("merge");
    tcase_set_timeout(t, 30);
    tcase_add_test(t, merge_library);
    tcase_add_test(t, merge_command);
    suite_add_tcase(s, t);
    return s;
}
