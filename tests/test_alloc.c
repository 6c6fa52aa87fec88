/* Allocation failure: make the 1st, 2nd, ... allocation of a parse and
 * of a conversion fail (pg__alloc_fail_after) and require a clean error
 * each time: NULL / PG_ERR_NOMEM with err filled, never a crash or a
 * half-built result.  Leaks on these paths are caught by `make asan`
 * (LeakSanitizer runs over the whole suite). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "test_util.h"

/* Every dialect and most node kinds, so most allocation sites are hit. */
static const char doc_text[] = "[Xen-devel] Xen 4.5 development update\n"
                               "\n"
                               "Prose before the first heading.\n"
                               "\n"
                               "= Timeline =\n"
                               "\n"
                               "* Feature Freeze: 10th September 2014\n"
                               "* Release: 10th December 2014   <== WE ARE HERE\n"
                               "\n"
                               "= Prognosis =\n"
                               "\n"
                               "The states are: none -> fair -> ok -> good -> done\n"
                               "\n"
                               "none - nothing yet\n"
                               "good - some last minute pieces\n"
                               "\n"
                               "= Open =\n"
                               "\n"
                               "== ARM ==\n"
                               "\n"
                               "*  ARM - Device assigment on ARM (good)\n"
                               "   Xen parts done. Linux at risk\n"
                               "  -  Julien Grall\n"
                               "  -  XEN-28\n"
                               "\n"
                               "*  Core scheduling (RFC v1)\n"
                               "  -  Juergen Gross\n"
                               "\n"
                               "== Keyed ==\n"
                               "\n"
                               "* PVH mode (w/ Linux)\n"
                               "  owner: mukesh@oracle\n"
                               "  status (Linux): 3rd draft patches posted.\n"
                               "  prognosis: Good\n"
                               " - sub item\n"
                               "\n"
                               "> *  Quoted item (fair)\n"
                               ">   -  Someone Else\n"
                               "\n"
                               "A reply comment.\n"
                               "\n"
                               "Arm:\n"
                               "  * [PATCH v5 00/13] Arm cache coloring [\n"
                               "https://lore.kernel.org/xen-devel/x/\n"
                               "]\n";

/* Upper bound on the allocations one small document may need: reaching it
 * without a success means a failure is not reported as failure. */
#define MAX_ALLOCS 100000L

static void reset(void) { pg__alloc_fail_after(-1); }

START_TEST(parse_fails_cleanly_at_every_allocation)
{
    long n;
    size_t nomem = 0;
    for (n = 0; n < MAX_ALLOCS; n++) {
        pg_error err = {0};
        memset(&err, 0, sizeof err);
        pg__alloc_fail_after(n);
        pg_doc *doc = pg_parse_text(doc_text, sizeof doc_text - 1, NULL, &err);
        reset();
        if (doc) {
            pg_doc_free(doc);
            break;
        }
        ck_assert_msg(err.code == PG_ERR_NOMEM, "allocation %ld failed: code %d (%s), want NOMEM",
                      n + 1, (int)err.code, err.message);
        ck_assert_msg(err.message[0] != '\0', "allocation %ld: empty message", n + 1);
        nomem++;
    }
    ck_assert_msg(n < MAX_ALLOCS, "parse never succeeded");
    /* The parse allocates at all (else this test proves nothing). */
    ck_assert_msg(nomem > 0, "no allocation of the parse could be failed");
    printf("alloc: parse survives failure of each of its %zu allocations\n", nomem);
}
END_TEST

typedef pg_status (*render_fn)(const pg_doc *, unsigned, pg_write_fn, void *, pg_error *);
typedef pg_doc *(*load_fn)(const char *, size_t, pg_error *);

/* Render with failures injected at every allocation; then load what the
 * renderer wrote with failures injected at every allocation. */
static void convert_fails_cleanly(render_fn render, load_fn load, const char *name)
{
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(doc_text, sizeof doc_text - 1, NULL, &err);
    ck_assert_msg(doc != NULL, "parse: %s", err.message);
    pg_buf out = {0};
    long n;
    for (n = 0; n < MAX_ALLOCS; n++) {
        out.len = 0;
        memset(&err, 0, sizeof err);
        pg__alloc_fail_after(n);
        pg_status st =
            render(doc, PG_RENDER_DEFAULT, tu_plain_sink, &out, &err); /* fails only as NOMEM */
        reset();
        if (st == PG_OK)
            break;
        ck_assert_msg(st == PG_ERR_NOMEM, "%s render, allocation %ld: %s (%s)", name, n + 1,
                      pg_status_name(st), err.message);
        ck_assert_int_eq(err.code, PG_ERR_NOMEM);
    }
    ck_assert_msg(n < MAX_ALLOCS, "%s render never succeeded", name);
    size_t render_fails = (size_t)n;

    for (n = 0; n < MAX_ALLOCS; n++) {
        memset(&err, 0, sizeof err);
        pg__alloc_fail_after(n);
        pg_doc *back = load(out.data, out.len, &err);
        reset();
        if (back) {
            pg_doc_free(back);
            break;
        }
        ck_assert_msg(err.code == PG_ERR_NOMEM, "%s load, allocation %ld: code %d (%s)", name,
                      n + 1, (int)err.code, err.message);
    }
    ck_assert_msg(n < MAX_ALLOCS, "%s load never succeeded", name);
    ck_assert_msg(n > 0, "%s load: no allocation could be failed", name);
    printf("alloc: %s: render survives %zu failed allocations, load %ld\n", name, render_fails, n);
    free(out.data);
    pg_doc_free(doc);
}

START_TEST(json_conversion_fails_cleanly)
{
    convert_fails_cleanly(pg_render_json, pg_load_json, "JSON");
}
END_TEST

START_TEST(yaml_conversion_fails_cleanly)
{
    convert_fails_cleanly(pg_render_yaml, pg_load_yaml, "YAML");
}
END_TEST

START_TEST(text_render_fails_cleanly)
{
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(doc_text, sizeof doc_text - 1, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    pg_buf out = {0};
    long n;
    for (n = 0; n < MAX_ALLOCS; n++) {
        out.len = 0;
        pg__alloc_fail_after(n);
        pg_status st = pg_render_text(doc, tu_plain_sink, &out, &err);
        reset();
        if (st == PG_OK)
            break;
        ck_assert_msg(st == PG_ERR_NOMEM, "text render, allocation %ld: %s", n + 1,
                      pg_status_name(st));
    }
    ck_assert_msg(n < MAX_ALLOCS, "text render never succeeded");
    /* After failures, a good run still gives back the input exactly. */
    ck_assert_uint_eq(out.len, sizeof doc_text - 1);
    ck_assert(memcmp(out.data, doc_text, out.len) == 0);
    free(out.data);
    pg_doc_free(doc);
}
END_TEST

/* The counter itself: the hook the tests above rely on. */
START_TEST(fail_after_counts_allocations)
{
    pg__alloc_fail_after(2);
    void *a = pg__malloc(8), *b = pg__malloc(8), *c = pg__malloc(8);
    reset();
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(c);
    pg__free(a);
    pg__free(b);
    void *d = pg__malloc(8);
    ck_assert_ptr_nonnull(d);
    pg__free(d);
}
END_TEST

extern Suite *alloc_suite(void);
Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("fail-nth");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fail_after_counts_allocations);
    tcase_add_test(tc, parse_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, text_render_fails_cleanly);
    tcase_add_test(tc, json_conversion_fails_cleanly);
    tcase_add_test(tc, yaml_conversion_fails_cleanly);
    suite_add_tcase(s, tc);
    return s;
}
