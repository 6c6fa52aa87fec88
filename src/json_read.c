/*
 * json_read.c - pg_load_json: jansson reads the text (duplicate keys
 * refused, NUL bytes in strings allowed, nesting limited by jansson to
 * JSON_PARSER_MAX_DEPTH), model_read.c checks the tree and builds the
 * document.  Positions come from jansson for syntax errors and from
 * json_locate.c for schema errors.
 */
#include "model.h"

#include <stdio.h>

typedef struct source {
    const char *buf;
    size_t len;
} source;

static void set_position(const source *src, size_t off, pg_error *err)
{
    err->offset = off;
    pg__model_position(src->buf, src->len, off, &err->line, &err->column);
}

static void locate(void *ctx, const json_t *node, const char *path, pg_error *err)
{
    const source *src = ctx;
    size_t off;
    (void)node;
    if (pg__json_locate(src->buf, src->len, path, &off))
        set_position(src, off, err);
}

static pg_status status_of(enum json_error_code c)
{
    switch (c) {
    case json_error_out_of_memory: return PG_ERR_NOMEM;
    case json_error_stack_overflow:
    case json_error_numeric_overflow: return PG_ERR_LIMIT;
    case json_error_duplicate_key: return PG_ERR_SCHEMA;
    default: return PG_ERR_SYNTAX;
    }
}

/* jansson's position is just past what it read; point at its last byte. */
static void syntax_error(const source *src, const json_error_t *je, pg_error *err)
{
    enum json_error_code c = json_error_code(je);
    pg_status st = status_of(c);
    char path[sizeof err->path] = "";
    size_t off = je->position > 0 ? (size_t)je->position - 1 : 0;
    /* A duplicate key: name it and point at its first byte. */
    if (c == json_error_duplicate_key)
        pg__json_path_at(src->buf, src->len, (size_t)je->position, path, sizeof path,
                         &off);
    const char *what = st == PG_ERR_LIMIT ? "JSON too large" : "JSON syntax error";
    if (c == json_error_stack_overflow)
        pg__error(err, st, 0, 0, path, "JSON nested deeper than %d levels",
                  JSON_PARSER_MAX_DEPTH);
    else if (c == json_error_duplicate_key)
        pg__error(err, st, 0, 0, path, "duplicate key '%s'",
                  strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
    else
        pg__error(err, st, 0, 0, path, "%s: %s", what, je->text);
    if (je->position >= 0 && (size_t)je->position <= src->len)
        set_position(src, off, err);
}

pg_doc *pg_load_json(const char *buf, size_t len, pg_error *err)
{
    pg_error local = {0};
    source src = {buf, len};
    pg_doc *doc = NULL;
    if (!buf && len) {
        pg__error(&local, PG_ERR_ARG, 0, 0, NULL, "pg_load_json: NULL input");
    } else {
        json_error_t je;
        json_t *root = json_loadb(buf ? buf : "", len,
                                  JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        if (!root) {
            syntax_error(&src, &je, &local);
        } else {
            doc = pg__model_to_doc(root, locate, &src, &local, false);
            json_decref(root);
        }
    }
    if (!doc && err && err->code == PG_OK)
        *err = local;
    return doc;
}
