/*
 * json_read.c - pg_load_json: json_parse.c reads the text to a tree when
 * it is plain JSON, jansson when it is not (duplicate keys refused, NUL
 * bytes in strings allowed, nesting limited by jansson to
 * JSON_PARSER_MAX_DEPTH), so syntax errors are jansson's; model_read.c
 * checks the tree and builds the document.  Positions come from jansson
 * for syntax errors and from json_locate.c for schema errors.
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

static void locate(void *ctx, const pg_mnode *node, const char *path, pg_error *err)
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
    case json_error_out_of_memory:
        return PG_ERR_NOMEM;
    case json_error_stack_overflow:
    case json_error_numeric_overflow:
        return PG_ERR_LIMIT;
    case json_error_duplicate_key:
        return PG_ERR_SCHEMA;
    default:
        return PG_ERR_SYNTAX;
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
        pg__json_path_at(src->buf, src->len, (size_t)je->position, path, sizeof path, &off);
    const char *what = st == PG_ERR_LIMIT ? "JSON too large" : "JSON syntax error";
    if (c == json_error_stack_overflow)
        pg__error(err, st, 0, 0, path, "JSON nested deeper than %d levels", JSON_PARSER_MAX_DEPTH);
    else if (c == json_error_duplicate_key)
        pg__error(err, st, 0, 0, path, "duplicate key '%s'",
                  strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
    else
        pg__error(err, st, 0, 0, path, "%s: %s", what, je->text);
    if (je->position >= 0 && (size_t)je->position <= src->len)
        set_position(src, off, err);
}

/* jansson's tree as ours (for the corners json_parse.c leaves to it);
 * jansson has limited the depth. */
static bool from_jansson(pg_mbuild *b, const json_t *j, pg_mnode *out)
{
    memset(out, 0, sizeof *out);
    out->type = json_typeof(j);
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        const char *k;
        size_t kn;
        json_t *v;
        if (!pg__mb_open(b, true))
            return false;
        json_object_keylen_foreach((json_t *)j, k, kn, v)
        {
            pg_mnode m;
            const char *kc = pg__mb_key(b, k, kn);
            if (!kc || !from_jansson(b, v, &m) || pg__mb_add(b, kc, kn, &m) != 1)
                return false;
        }
        return pg__mb_close(b, out);
    }
    case JSON_ARRAY:
        if (!pg__mb_open(b, false))
            return false;
        for (size_t i = 0; i < json_array_size(j); i++) {
            pg_mnode m;
            if (!from_jansson(b, json_array_get(j, i), &m) || pg__mb_add(b, NULL, 0, &m) != 1)
                return false;
        }
        return pg__mb_close(b, out);
    case JSON_STRING:
        if (json_string_length(j) > PG_MNODE_MAX)
            return false;
        out->n = (uint32_t)json_string_length(j);
        out->u.s = pg__mb_str(b, json_string_value(j), out->n);
        return out->u.s != NULL;
    case JSON_INTEGER:
        out->u.i = json_integer_value(j);
        return true;
    default:
        return true;
    }
}

/* The tree of the text: json_parse.c for the common case, else jansson
 * (its errors and positions). */
static bool read_tree(const source *src, pg_mbuild *b, pg_mnode *root, pg_error *err)
{
    int rc = pg__json_parse(src->buf, src->len, b, root);
    if (rc == 1)
        return true;
    pg__mb_free(b);
    if (rc < 0) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return false;
    }
    json_error_t je;
    json_t *j = json_loadb(src->buf, src->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!j) {
        syntax_error(src, &je, err);
        return false;
    }
    bool ok = from_jansson(b, j, root);
    json_decref(j);
    if (!ok)
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
    return ok;
}

pg_doc *pg_load_json(const char *buf, size_t len, pg_error *err)
{
    return pg_load_json_opts(buf, len, NULL, err);
}

pg_doc *pg_load_json_opts(const char *buf, size_t len, const pg_load_options *opts, pg_error *err)
{
    pg__error_reset(err);
    pg_error local = {0};
    source src = {buf ? buf : "", len};
    pg_doc *doc = NULL;
    if (!buf && len) {
        pg__error(&local, PG_ERR_ARG, 0, 0, NULL, "pg_load_json: NULL input");
    } else {
        pg_mbuild b = {0};
        pg_mnode root;
        pg_mstrings strings = {src.buf, len, opts && opts->borrow_input, &b.strs};
        if (read_tree(&src, &b, &root, &local))
            doc = pg__model_to_doc(&root, &strings, locate, &src, &local, false);
        pg__mb_free(&b);
    }
    if (!doc && err && err->code == PG_OK)
        *err = local;
    return doc;
}
