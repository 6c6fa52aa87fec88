/* test_util.c - see test_util.h. */
#include "test_util.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, r;
    char *b = malloc(cap);
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = n;
    }
    return b;
}

const char *tu_bin(void)
{
    const char *b = getenv("PG_BIN");
    return b && *b ? b : "build/prognosis";
}

char *tu_run_len(const char *cmd, size_t *len, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p) {
        *status = -1;
        *len = 0;
        return calloc(1, 1);
    }
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap);
    while (b && (got = fread(b + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    if (b)
        b[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    *len = n;
    return b;
}

char *tu_run(const char *cmd, int *status)
{
    size_t len;
    return tu_run_len(cmd, &len, status);
}

bool tu_dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tu_text_roundtrip(const char *buf, size_t len)
{
    static char msg[320];
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    if (!doc) {
        snprintf(msg, sizeof msg, "parse failed: %s", err.message);
        return msg;
    }
    pg_buf out = {0};
    pg_status st = pg_render_text(doc, pg_buf_write, &out, &err);
    pg_doc_free(doc);
    const char *res = NULL;
    if (st != PG_OK) {
        snprintf(msg, sizeof msg, "render failed: %s", err.message);
        res = msg;
    } else if (out.len != len || (len && memcmp(out.data, buf, len))) {
        size_t i = 0;
        while (i < len && i < out.len && out.data[i] == buf[i])
            i++;
        snprintf(msg, sizeof msg, "output differs at byte %zu (lengths %zu vs %zu)", i, len,
                 out.len);
        res = msg;
    }
    free(out.data);
    return res;
}

void tu_show_diff(const char *name, const char *want, size_t wn, const char *got, size_t gn)
{
    size_t line = 1, i = 0;
    while (i < wn && i < gn && want[i] == got[i]) {
        if (want[i] == '\n')
            line++;
        i++;
    }
    size_t ws = i, gs = i;
    while (ws > 0 && want[ws - 1] != '\n')
        ws--;
    while (gs > 0 && got[gs - 1] != '\n')
        gs--;
    const char *we = memchr(want + ws, '\n', wn - ws), *ge = memchr(got + gs, '\n', gn - gs);
    fprintf(stderr, "--- %s: first difference at line %zu\n-%.*s\n+%.*s\n", name, line,
            (int)((we ? (size_t)(we - want) : wn) - ws), want + ws,
            (int)((ge ? (size_t)(ge - got) : gn) - gs), got + gs);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t tu_corpus_files(char ***paths)
{
    const char *dirs[] = {"../shared/corpus", "../shared/seeds"};
    size_t n = 0, cap = 64;
    char **p = malloc(cap * sizeof *p);
    for (size_t d = 0; d < 2 && p; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t l = strlen(e->d_name);
            if (l < 5 || strcmp(e->d_name + l - 4, ".txt") || e->d_name[0] < '0' ||
                e->d_name[0] > '9')
                continue;
            if (n == cap) {
                char **np = realloc(p, cap * 2 * sizeof *p);
                if (!np)
                    break;
                p = np;
                cap *= 2;
            }
            size_t pl = strlen(dirs[d]) + l + 2;
            p[n] = malloc(pl);
            if (p[n])
                snprintf(p[n++], pl, "%s/%s", dirs[d], e->d_name);
        }
        closedir(dir);
    }
    if (p)
        qsort(p, n, sizeof *p, cmp);
    *paths = p;
    return n;
}

void tu_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

const char *tu_data_roundtrip(const char *buf, size_t len, bool yaml)
{
    static char msg[320];
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    if (!doc)
        return "parse failed";
    pg_buf data = {0}, text = {0};
    pg_status st = yaml ? pg_render_yaml(doc, PG_RENDER_DEFAULT, pg_buf_write, &data, &err)
                        : pg_render_json(doc, PG_RENDER_DEFAULT, pg_buf_write, &data, &err);
    pg_doc_free(doc);
    const char *res = NULL;
    pg_doc *back = st == PG_OK ? (yaml ? pg_load_yaml(data.data, data.len, &err)
                                       : pg_load_json(data.data, data.len, &err))
                               : NULL;
    if (!back) {
        snprintf(msg, sizeof msg, "%s failed: %s", st == PG_OK ? "load" : "render", err.message);
        res = msg;
    } else if (pg_render_text(back, pg_buf_write, &text, &err) != PG_OK) {
        res = "text render failed";
    } else if (text.len != len || (len && memcmp(text.data, buf, len))) {
        tu_show_diff(yaml ? "via YAML" : "via JSON", buf, len, text.data ? text.data : "",
                     text.len);
        res = "text differs after the round trip";
    }
    pg_doc_free(back);
    free(data.data);
    free(text.data);
    return res;
}

int tu_refuse_after(void *ctx, const char *data, size_t len)
{
    (void)data;
    size_t *left = ctx;
    if (len > *left)
        return -1;
    *left -= len;
    return 0;
}

pg_buf tu_render_text(const pg_doc *doc, const char *what)
{
    pg_buf b = {0};
    pg_error err = {0};
    ck_assert_msg(pg_render_text(doc, pg_buf_write, &b, &err) == PG_OK, "%s: text: %s", what,
                  err.message);
    return b;
}

bool tu_same_bytes(pg_buf a, pg_buf b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

int tu_plain_sink(void *ctx, const char *data, size_t len)
{
    pg_buf *b = ctx;
    if (b->len + len > b->cap) {
        size_t cap = (b->len + len) * 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

size_t tu_each_fixture(const char *dir, const char *name, tu_file_fn fn, void *ctx)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, nl = strlen(name);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t l = strlen(e->d_name);
        if (S_ISDIR(st.st_mode)) {
            n += tu_each_fixture(path, name, fn, ctx);
        } else if (name[0] == '.' ? l >= nl && !strcmp(e->d_name + l - nl, name)
                                  : !strcmp(e->d_name, name)) {
            size_t len;
            char *buf = tu_read_file(path, &len);
            ck_assert_msg(buf != NULL, "cannot read %s", path);
            fn(path, buf, len, ctx);
            free(buf);
            n++;
        }
    }
    closedir(d);
    return n;
}

size_t tu_each_corpus_file(const char *what, tu_file_fn fn, void *ctx)
{
    char **paths = NULL;
    size_t n = tu_corpus_files(&paths);
    if (n == 0)
        fprintf(stderr, "note: ../shared/corpus and ../shared/seeds not found; %s skipped\n", what);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *buf = tu_read_file(paths[i], &len);
        ck_assert_msg(buf != NULL, "cannot read %s", paths[i]);
        fn(paths[i], buf, len, ctx);
        free(buf);
    }
    tu_free_paths(paths, n);
    return n;
}
