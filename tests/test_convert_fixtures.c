/* test_convert_fixtures.c - the golden cases of fixtures/convert/.
 *
 * Each case is a directory holding either
 *   input.txt + expected.json + expected.yaml
 *       text -> JSON and text -> YAML must give the expected bytes, and
 *       each expected file must convert back to input.txt byte for byte;
 * or
 *   input.json / input.yaml + error
 *       loading must fail with exactly "LINE:COLUMN PATH: MESSAGE\n".
 * A mismatch prints a diff.  PG_UPDATE_FIXTURES=1 rewrites the expected
 * files from the current output (review them with git diff). */
#include "test_util.h"

#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CONVERT "fixtures/convert"

typedef pg_status (*render_fn)(const pg_doc *, unsigned, pg_write_fn, void *, pg_error *);
typedef pg_doc *(*load_fn)(const char *, size_t, pg_error *);

static bool updating(void)
{
    const char *u = getenv("PG_UPDATE_FIXTURES");
    return u && *u && strcmp(u, "0");
}

static void write_file(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    fclose(f);
}

/* got must equal the file at path (or replaces it when updating). */
static bool same_as_file(const char *path, const char *got, size_t gn)
{
    size_t wn = 0;
    char *want = tu_read_file(path, &wn);
    if (updating() && (!want || wn != gn || memcmp(want, got, gn))) {
        write_file(path, got, gn);
        fprintf(stderr, "updated %s\n", path);
        free(want);
        return true;
    }
    bool ok = want && wn == gn && memcmp(want, got, gn) == 0;
    if (!want)
        fprintf(stderr, "%s: missing\n", path);
    else if (!ok)
        tu_show_diff(path, want, wn, got, gn);
    free(want);
    return ok;
}

/* text -> format against expected.EXT, then expected.EXT -> text. */
static int check_format(const char *dir, const char *in, size_t n, const char *ext,
                        render_fn render, load_fn load)
{
    char path[512];
    int fails = 0;
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(in, n, NULL, &err);
    ck_assert_msg(doc != NULL, "%s: parse failed: %s", dir, err.message);
    pg_buf out = {0};
    pg_status st = render(doc, PG_RENDER_DEFAULT, pg_buf_write, &out, &err);
    ck_assert_msg(st == PG_OK, "%s: %s render failed: %s", dir, ext, err.message);
    snprintf(path, sizeof path, "%s/expected.%s", dir, ext);
    fails += !same_as_file(path, out.data ? out.data : "", out.len);
    pg_doc_free(doc);
    free(out.data);

    size_t en = 0;
    char *expected = tu_read_file(path, &en);
    if (!expected)
        return fails + 1;
    memset(&err, 0, sizeof err);
    doc = load(expected, en, &err);
    if (!doc) {
        fprintf(stderr, "%s: does not load: %u:%u %s: %s\n", path, err.line, err.column, err.path,
                err.message);
        free(expected);
        return fails + 1;
    }
    pg_buf text = {0};
    ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &text, &err), PG_OK);
    if (text.len != n || (n && memcmp(text.data, in, n))) {
        char name[600];
        snprintf(name, sizeof name, "%s -> text", path);
        tu_show_diff(name, in, n, text.data ? text.data : "", text.len);
        fails++;
    }
    free(text.data);
    free(expected);
    pg_doc_free(doc);
    return fails;
}

static int check_error_case(const char *dir, const char *file, load_fn load)
{
    char path[512];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *in = tu_read_file(path, &n);
    ck_assert_ptr_nonnull(in);
    pg_error err = {0};
    pg_doc *doc = load(in, n, &err);
    free(in);
    if (doc) {
        pg_doc_free(doc);
        fprintf(stderr, "%s: loads, but should fail\n", path);
        return 1;
    }
    char got[600];
    int gn =
        snprintf(got, sizeof got, "%u:%u %s: %s\n", err.line, err.column, err.path, err.message);
    snprintf(path, sizeof path, "%s/error", dir);
    return !same_as_file(path, got, (size_t)gn);
}

static int run_case(const char *dir)
{
    char path[512];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/input.txt", dir);
    char *in = tu_read_file(path, &n);
    if (in) {
        int fails = check_format(dir, in, n, "json", pg_render_json, pg_load_json) +
                    check_format(dir, in, n, "yaml", pg_render_yaml, pg_load_yaml);
        free(in);
        return fails;
    }
    snprintf(path, sizeof path, "%s/input.json", dir);
    if ((in = tu_read_file(path, &n))) {
        free(in);
        return check_error_case(dir, "input.json", pg_load_json);
    }
    snprintf(path, sizeof path, "%s/input.yaml", dir);
    if ((in = tu_read_file(path, &n))) {
        free(in);
        return check_error_case(dir, "input.yaml", pg_load_yaml);
    }
    fprintf(stderr, "%s: no input.txt, input.json or input.yaml\n", dir);
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(convert_fixtures)
{
    DIR *d = opendir(DIR_CONVERT);
    ck_assert_msg(d != NULL, "%s missing (run from the repository root)", DIR_CONVERT);
    char *names[512];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < 512)
        if (e->d_name[0] != '.')
            names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    int fails = 0;
    for (size_t i = 0; i < count; i++) {
        char dir[400];
        snprintf(dir, sizeof dir, "%s/%s", DIR_CONVERT, names[i]);
        int f = run_case(dir);
        if (f)
            fprintf(stderr, "FAIL %s\n", dir);
        fails += f;
        free(names[i]);
    }
    ck_assert_msg(count >= 10, "only %zu cases in %s", count, DIR_CONVERT);
    ck_assert_msg(fails == 0, "%d mismatches in %s (diffs above)", fails, DIR_CONVERT);
}
END_TEST

/* ---------------------------------------------------------------- edits
 * Guarantee 3: an edit in the data changes exactly the line that carries
 * it.  Edit fixtures/convert/tracked/expected.json, convert to text and
 * compare line by line with input.txt. */

static size_t count_lines(const char *s, size_t n, const char **lines, size_t max)
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n && k < max; i++)
        if (i == n ? i > a : s[i] == '\n') {
            lines[k++] = s + a;
            a = i + 1;
        }
    return k;
}

static size_t line_len(const char *l)
{
    const char *e = strchr(l, '\n');
    return e ? (size_t)(e - l) : strlen(l);
}

/* Text of the edited JSON; the edit is done by fn on the parsed tree. */
static char *edited_text(void (*fn)(json_t *), const char *fmt_out)
{
    json_error_t je;
    json_t *j = json_load_file(DIR_CONVERT "/tracked/expected.json", 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    fn(j);
    char *s = json_dumps(j, JSON_INDENT(2));
    json_decref(j);
    pg_error err = {0};
    pg_doc *doc = pg_load_json(s, strlen(s), &err);
    ck_assert_msg(doc != NULL, "%s %s", err.path, err.message);
    free(s);
    if (fmt_out) {
        /* Through YAML once more: the same edit must survive it. */
        pg_buf y = {0};
        ck_assert_int_eq(pg_render_yaml(doc, PG_RENDER_DEFAULT, pg_buf_write, &y, &err), PG_OK);
        pg_doc_free(doc);
        doc = pg_load_yaml(y.data, y.len, &err);
        ck_assert_msg(doc != NULL, "%s %s", err.path, err.message);
        free(y.data);
    }
    pg_buf t = {0};
    ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &t, &err), PG_OK);
    pg_doc_free(doc);
    pg_buf_write(&t, "", 1);
    return t.data;
}

static json_t *item_at(json_t *j, size_t sec, size_t sub, size_t item)
{
    json_t *s = json_array_get(json_object_get(j, "sections"), sec);
    s = json_array_get(json_object_get(s, "sections"), sub);
    json_t *it = json_array_get(json_object_get(s, "items"), item);
    ck_assert_ptr_nonnull(it);
    return it;
}

static void set_state(json_t *j)
{
    json_t *it = item_at(j, 2, 0, 1);
    ck_assert_str_eq(json_string_value(json_object_get(it, "title")), "Remus in Xen");
    json_object_set_new(it, "state", json_string("good"));
}

static void add_owner(json_t *j)
{
    json_t *it = item_at(j, 2, 0, 2); /* Migration v2: has layout lines */
    json_array_append_new(json_object_get(it, "owners"), json_string("New Owner"));
}

static void drop_note(json_t *j)
{
    json_t *it = item_at(j, 2, 0, 0);
    json_array_clear(json_object_get(it, "notes"));
}

START_TEST(convert_edits)
{
    size_t n;
    char *orig = tu_read_file(DIR_CONVERT "/tracked/input.txt", &n);
    ck_assert_ptr_nonnull(orig);
    static const char *lines_a[256], *lines_b[256];
    size_t na = count_lines(orig, n, lines_a, 256);
    static const struct {
        void (*fn)(json_t *);
        int delta;       /* lines added (+1), removed (-1) or 0 */
        const char *was; /* the one line that changed, or NULL */
        const char *is;
    } edits[] = {
        {set_state, 0, "*  Remus in Xen (ok)", "*  Remus in Xen (good)"},
        {add_owner, 1, NULL, "  -  New Owner"},
        {drop_note, -1, "   Xen parts done. Linux at risk", NULL},
    };
    for (size_t e = 0; e < 3; e++)
        for (int via_yaml = 0; via_yaml < 2; via_yaml++) {
            char *t = edited_text(edits[e].fn, via_yaml ? "yaml" : NULL);
            size_t nb = count_lines(t, strlen(t), lines_b, 256);
            ck_assert_uint_eq(nb, na + (size_t)(long)edits[e].delta);
            /* Skip the common head and tail; what is left is the edit. */
            size_t h = 0, tl = 0;
            while (h < na && h < nb && line_len(lines_a[h]) == line_len(lines_b[h]) &&
                   !memcmp(lines_a[h], lines_b[h], line_len(lines_a[h])))
                h++;
            while (
                tl < na - h && tl < nb - h &&
                line_len(lines_a[na - 1 - tl]) == line_len(lines_b[nb - 1 - tl]) &&
                !memcmp(lines_a[na - 1 - tl], lines_b[nb - 1 - tl], line_len(lines_a[na - 1 - tl])))
                tl++;
            size_t ca = na - h - tl, cb = nb - h - tl;
            ck_assert_msg(ca == (edits[e].was ? 1u : 0u) && cb == (edits[e].is ? 1u : 0u),
                          "edit %zu changed %zu lines into %zu:\n%s", e, ca, cb, t);
            if (edits[e].was)
                ck_assert(line_len(lines_a[h]) == strlen(edits[e].was) &&
                          !memcmp(lines_a[h], edits[e].was, strlen(edits[e].was)));
            if (edits[e].is)
                ck_assert_msg(line_len(lines_b[h]) == strlen(edits[e].is) &&
                                  !memcmp(lines_b[h], edits[e].is, strlen(edits[e].is)),
                              "new line: %.*s", (int)line_len(lines_b[h]), lines_b[h]);
            free(t);
        }
    free(orig);
}
END_TEST

extern Suite *convert_fixtures_suite(void);
Suite *convert_fixtures_suite(void)
{
    Suite *s = suite_create("convert_fixtures");
    TCase *tc = tcase_create("convert_fixtures");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, convert_fixtures);
    tcase_add_test(tc, convert_edits);
    suite_add_tcase(s, tc);
    return s;
}
