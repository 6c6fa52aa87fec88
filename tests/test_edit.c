/* test_edit.c - guarantee 3 over the whole corpus: an edit in the data
 * changes exactly the line that carries it.  For every corpus file and
 * seed, through JSON: change the state of each item that has one (one
 * line differs), and add an owner to each item that has owners (one line
 * is added, nothing else moves). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Split into lines (line ends kept); returns the count. */
static size_t split(const char *s, size_t n, const char ***out)
{
    size_t cap = 64, k = 0;
    const char **v = malloc(cap * sizeof *v);
    for (size_t i = 0; i < n;) {
        if (k + 1 >= cap) {
            cap *= 2;
            v = realloc(v, cap * sizeof *v);
        }
        v[k++] = s + i;
        const char *nl = memchr(s + i, '\n', n - i);
        i = nl ? (size_t)(nl - s) + 1 : n;
    }
    v[k] = s + n;
    *out = v;
    return k;
}

/* Lines differing between a and b when b has the same count, or the number
 * of lines b adds (a must then be b with lines removed, in order). */
static long line_delta(const char *a, size_t an, const char *b, size_t bn, bool added)
{
    const char **la, **lb;
    size_t na = split(a, an, &la), nb = split(b, bn, &lb);
    long diff = 0;
    if (!added) {
        if (na != nb)
            diff = -1;
        for (size_t i = 0; i < na && diff >= 0; i++) {
            size_t xa = (size_t)(la[i + 1] - la[i]), xb = (size_t)(lb[i + 1] - lb[i]);
            diff += xa != xb || memcmp(la[i], lb[i], xa);
        }
    } else {
        size_t i = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t xb = (size_t)(lb[j + 1] - lb[j]);
            if (i < na && (size_t)(la[i + 1] - la[i]) == xb && !memcmp(la[i], lb[j], xb))
                i++;
            else
                diff++;
        }
        if (i != na)
            diff = -1;
    }
    free(la);
    free(lb);
    return diff;
}

typedef struct edit_ctx {
    json_t *root;
    size_t edits;
    int failures;
    const char *file;
    const char *text;
    size_t len;
} edit_ctx;

static char *render_back(json_t *root, size_t *n)
{
    char *js = json_dumps(root, JSON_INDENT(1));
    pg_error err = {0};
    pg_doc *doc = pg_load_json(js, strlen(js), &err);
    free(js);
    if (!doc)
        return NULL;
    pg_buf out = {0};
    pg_render_text(doc, pg_buf_write, &out, &err);
    pg_doc_free(doc);
    *n = out.len;
    return out.data ? out.data : calloc(1, 1);
}

static const char *other_state(const char *s) { return strcmp(s, "done") ? "done" : "none"; }

static void try_item(edit_ctx *c, json_t *item)
{
    json_t *state = json_object_get(item, "state");
    json_t *owners = json_object_get(item, "owners");
    if (json_is_string(state)) {
        char *old = strdup(json_string_value(state));
        json_object_set_new(item, "state", json_string(other_state(old)));
        size_t n;
        char *t = render_back(c->root, &n);
        long d = t ? line_delta(c->text, c->len, t, n, false) : -2;
        if (d != 1) {
            c->failures++;
            fprintf(stderr, "%s: state edit of '%s' changed %ld lines\n", c->file,
                    json_string_value(json_object_get(item, "title")), d);
        }
        c->edits++;
        free(t);
        json_object_set_new(item, "state", json_string(old));
        free(old);
    }
    if (json_is_array(owners) && json_array_size(owners) > 0) {
        json_array_append_new(owners, json_string("Added Owner"));
        size_t n;
        char *t = render_back(c->root, &n);
        long d = t ? line_delta(c->text, c->len, t, n, true) : -2;
        if (d != 1) {
            c->failures++;
            fprintf(stderr, "%s: adding an owner to '%s' changed %ld lines\n", c->file,
                    json_string_value(json_object_get(item, "title")), d);
        }
        c->edits++;
        free(t);
        json_array_remove(owners, json_array_size(owners) - 1);
    }
}

static void walk(edit_ctx *c, json_t *node)
{
    json_t *items = json_object_get(node, "items"), *v;
    size_t i;
    json_array_foreach(items, i, v) try_item(c, v);
    json_array_foreach(json_object_get(node, "sections"), i, v) walk(c, v);
}

/* Every edit of one corpus file's data, counted into the totals. */
typedef struct totals {
    size_t edits;
    int failures;
} totals;

static void edit_file(const char *path, const char *text, size_t len, void *ctx)
{
    totals *t = ctx;
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(text, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    pg_buf js = {0};
    if (pg_render_json(doc, PG_RENDER_DEFAULT, pg_buf_write, &js, &err) == PG_OK) {
        json_error_t je;
        json_t *root = json_loadb(js.data, js.len, 0, &je);
        ck_assert_ptr_nonnull(root);
        edit_ctx c = {root, 0, 0, path, text, len};
        walk(&c, root);
        t->edits += c.edits;
        t->failures += c.failures;
        json_decref(root);
    }
    free(js.data);
    pg_doc_free(doc);
}

START_TEST(edits_change_one_line)
{
    totals t = {0, 0};
    if (!tu_each_corpus_file("corpus edit test", edit_file, &t))
        return;
    ck_assert_msg(t.edits > 100, "only %zu edits tried", t.edits);
    ck_assert_msg(t.failures == 0, "%d of %zu edits changed more than their line", t.failures,
                  t.edits);
}
END_TEST

Suite *edit_suite(void)
{
    Suite *s = suite_create("edit");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, edits_change_one_line);
    suite_add_tcase(s, tc);
    return s;
}
