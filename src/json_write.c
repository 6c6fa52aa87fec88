/*
 * json_write.c - pg_render_json: the model tree (model_write.c) dumped by
 * jansson: indent 2 (or one line with PG_RENDER_COMPACT), UTF-8 written
 * as is, a final newline.
 */
#include "model.h"

typedef struct sink {
    pg_write_fn write;
    void *ctx;
    bool failed;
} sink;

static int dump_cb(const char *buf, size_t size, void *data)
{
    sink *s = data;
    if (s->write(s->ctx, buf, size) != 0) {
        s->failed = true;
        return -1;
    }
    return 0;
}

pg_status pg_render_json(const pg_doc *doc, unsigned flags, pg_write_fn write,
                         void *ctx, pg_error *err)
{
    pg_error local = {0};
    if (!err)
        err = &local;
    if (!doc || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, NULL, "pg_render_json: no document or sink");
        return PG_ERR_ARG;
    }
    json_t *root = pg__model_from_doc(doc, flags, "JSON", err);
    if (!root)
        return err->code ? err->code : PG_ERR_NOMEM;
    sink s = {write, ctx, false};
    size_t jflags = (flags & PG_RENDER_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
    int rc = json_dump_callback(root, dump_cb, &s, jflags);
    json_decref(root);
    if (rc == 0 && write(ctx, "\n", 1) != 0)
        s.failed = true, rc = -1;
    if (rc == 0)
        return PG_OK;
    if (s.failed) {
        pg__error(err, PG_ERR_IO, 0, 0, NULL, "the output refused bytes");
        return PG_ERR_IO;
    }
    pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory writing JSON");
    return PG_ERR_NOMEM;
}
