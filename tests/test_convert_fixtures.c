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
        fprintf(stderr, "%s: does not load: %u:%u %s: %s\n", path, err.line, err.column,
                err.path, err.message);
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
    int gn = snprintf(got, sizeof got, "%u:%u %s: %s\n", err.line, err.column, err.path,
                      err.message);
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

extern Suite *convert_fixtures_suite(void);
Suite *convert_fixtures_suite(void)
{
    Suite *s = suite_create("convert_fixtures");
    TCase *tc = tcase_create("convert_fixtures");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, convert_fixtures);
    suite_add_tcase(s, tc);
    return s;
}
