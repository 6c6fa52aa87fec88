/* Where a loaded document's strings live: a JSON document copies its
 * input's strings unless the caller lends the input
 * (pg_load_json_opts borrow_input), and a YAML document keeps the copies
 * its reader made.  Either way the document reads the same. */
#include "internal.h"
#include "test_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static bool inside(const char *p, const char *buf, size_t len)
{
    return p && (uintptr_t)p >= (uintptr_t)buf && (uintptr_t)p <= (uintptr_t)buf + len;
}

/* Does any item or section title of s point into buf? */
static bool points_into(const pg_section *s, const char *buf, size_t len)
{
    if (inside(s->title.ptr, buf, len))
        return true;
    for (size_t i = 0; i < s->n_items; i++)
        if (inside(s->items[i].title.ptr, buf, len))
            return true;
    for (size_t i = 0; i < s->n_sections; i++)
        if (points_into(&s->sections[i], buf, len))
            return true;
    return false;
}

/* Load data (JSON or YAML) from a private copy, render the text, spoil
 * the copy, render again: the same bytes unless the input was lent.
 * plain: some title is written without escapes (a lent load points at
 * it). */
static void check_one(const char *name, const char *data, size_t n, bool yaml, bool plain)
{
    char *copy = malloc(n + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, data, n);
    pg_error err;
    pg_doc *d = yaml ? pg_load_yaml(copy, n, &err) : pg_load_json(copy, n, &err);
    ck_assert_msg(d != NULL, "%s: %s", name, err.message);
    pg_buf t1 = tu_render_text(d, name);
    ck_assert_msg(!points_into(pg_doc_root(d), copy, n), "%s: a string points into the input",
                  name);
    memset(copy, '#', n);
    pg_buf t2 = tu_render_text(d, name);
    ck_assert_msg(tu_same_bytes(t1, t2), "%s: the text changed with the input", name);
    pg_doc_free(d);
    free(t2.data);

    if (!yaml) { /* lent: strings point into the input, same text */
        memcpy(copy, data, n);
        pg_load_options lend = {.borrow_input = true};
        d = pg_load_json_opts(copy, n, &lend, &err);
        ck_assert_msg(d != NULL, "%s: %s", name, err.message);
        pg_buf t3 = tu_render_text(d, name);
        ck_assert_msg(tu_same_bytes(t1, t3), "%s: lent input reads differently", name);
        if (plain && (pg_doc_root(d)->n_items || pg_doc_root(d)->n_sections))
            ck_assert_msg(points_into(pg_doc_root(d), copy, n), "%s: nothing borrowed", name);
        pg_doc_free(d);
        free(t3.data);
    }
    free(t1.data);
    free(copy);
}

static void text_file(const char *path, const char *buf, size_t len, void *ctx)
{
    size_t *count = ctx;
    pg_error err;
    pg_doc *d = pg_parse_text(buf, len, NULL, &err);
    ck_assert_ptr_nonnull(d);
    pg_buf js = {0}, ym = {0};
    if (pg_render_json(d, PG_RENDER_DEFAULT, pg_buf_write, &js, &err) == PG_OK &&
        pg_render_yaml(d, PG_RENDER_DEFAULT, pg_buf_write, &ym, &err) == PG_OK) {
        check_one(path, js.data, js.len, false, true);
        check_one(path, ym.data, ym.len, true, true);
        ++*count;
    }
    free(js.data);
    free(ym.data);
    pg_doc_free(d);
}

START_TEST(strings_outlive_or_borrow_the_input)
{
    size_t done = 0;
    tu_each_fixture("fixtures/convert", ".txt", text_file, &done);
    tu_each_corpus_file("loaded strings", text_file, &done);
    ck_assert_uint_gt(done, 10);
    /* Escapes are decoded into the document's own strings, lent or not. */
    const char *s = "{\"prognosis\":1,\"items\":[{\"title\":\"tab\\there \\u00e9\","
                    "\"state\":\"ok\",\"owners\":[\"Ann\"],\"notes\":[]}]}";
    check_one("escapes", s, strlen(s), false, false);
}
END_TEST

/* A failed allocation anywhere in a lent load ends cleanly. */
START_TEST(lent_load_alloc_failures)
{
    const char *s = "{\"prognosis\":1,\"subject\":\"S\",\"sections\":[{\"title\":\"ARM\","
                    "\"level\":2,\"sections\":[],\"items\":[{\"title\":\"IOMMU "
                    "\\\"support\\\"\",\"state\":\"good\","
                    "\"owners\":[\"Julien Grall\"],\"notes\":[\"a note\"]}]}]}";
    pg_load_options lend = {.borrow_input = true};
    for (long k = 0;; k++) {
        pg_error err = {0};
        pg__alloc_fail_after(k);
        pg_doc *d = pg_load_json_opts(s, strlen(s), &lend, &err);
        pg__alloc_fail_after(-1);
        if (d) {
            ck_assert_int_eq(pg_doc_root(d)->n_sections, 1);
            pg_doc_free(d);
            break;
        }
        ck_assert_int_eq(err.code, PG_ERR_NOMEM);
        ck_assert(k < 100000);
    }
}
END_TEST

Suite *load_strings_suite(void)
{
    Suite *s = suite_create("load_strings");
    TCase *tc = tcase_create("load_strings");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, strings_outlive_or_borrow_the_input);
    tcase_add_test(tc, lent_load_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
