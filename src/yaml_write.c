/*
 * yaml_write.c - pg_render_yaml: the model's events (model_write.c) as
 * libyaml emitter events, block style, for people to read and edit.  No
 * tree is built: the emitter writes as the walk goes.  A string YAML
 * cannot carry is found before the first byte goes out (model_write.c).
 *
 * libyaml chooses a legal style for each scalar; we only steer it:
 *   - a string of several lines asks for a literal block scalar ("|"),
 *     libyaml adds the chomping and indentation indicators and falls back
 *     to double quotes where a block scalar cannot carry the string
 *     (trailing spaces on a line, non-printable characters...);
 *   - a string with a line break other than LF (CR of CRLF documents,
 *     NEL, LS, PS) is double-quoted: block scalars normalise breaks;
 *   - a string a YAML reader would take for something else (null, yes,
 *     1.0, 0x1F, 2014-09-10, ~, the empty string) is quoted: the model's
 *     readers follow YAML 1.2, but other tools still speak YAML 1.1.
 */
#include "model.h"

#include <yaml.h>

typedef struct emit {
    yaml_emitter_t em;
    pg_write_fn write;
    void *ctx;
    bool io_failed;
} emit;

static int out_cb(void *data, unsigned char *buf, size_t size)
{
    emit *e = data;
    if (e->write(e->ctx, (const char *)buf, size) != 0) {
        e->io_failed = true;
        return 0;
    }
    return 1;
}

/* -------------------------------------------------- implicit typing */

static bool in(const char *s, size_t n, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return true;
    return false;
}

/* Would a YAML 1.1 or 1.2 reader resolve this plain scalar to a number,
 * date or time?  Deliberately broad: quoting a string is harmless. */
static bool numeric_like(const char *s, size_t n)
{
    static const char *const special[] = {".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf",
                                          "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
                                          ".NaN",  ".NAN",  NULL};
    if (in(s, n, special))
        return true;
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (!strchr("+-._:eExXoObBaAcCdDfF", c) || !c)
            return false;
    }
    if (!digit)
        return false;
    /* Starts like a number: a digit, or a sign or dot before one. */
    size_t i = 0;
    while (i < n && (s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    return i < n && s[i] >= '0' && s[i] <= '9';
}

static bool looks_typed(const char *s, size_t n)
{
    static const char *const words[] = {
        "~",  "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        "y",  "Y",    "yes",  "Yes",  "YES",  "n",    "N",    "no",    "No",    "NO",
        "on", "On",   "ON",   "off",  "Off",  "OFF",  "=",    "<<",    NULL};
    return n == 0 || in(s, n, words) || numeric_like(s, n);
}

/* A Unicode line break other than LF: CR, NEL (C2 85), LS/PS (E2 80 A8/9). */
static bool other_break(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            return true;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85)
            return true;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
            return true;
    }
    return false;
}

/* Several lines: a LF before the last byte. */
static bool multi_line(const char *s, size_t n)
{
    const char *nl = n > 1 ? memchr(s, '\n', n - 1) : NULL;
    return nl != NULL;
}

/* ------------------------------------------------------------ events */

static bool emit_event(emit *e, yaml_event_t *ev, int init_ok)
{
    return init_ok && yaml_emitter_emit(&e->em, ev);
}

static bool emit_scalar(emit *e, const char *s, size_t n, bool plain_ok, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(s ? s : ""), (int)n,
                                          plain_ok, 1, style);
    return emit_event(e, &ev, ok);
}

static bool emit_string(emit *e, const char *s, size_t n)
{
    if (n > INT32_MAX)
        return false;
    yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
    if (other_break(s, n) || (memchr(s, '\n', n) && !multi_line(s, n)))
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    else if (multi_line(s, n))
        style = YAML_LITERAL_SCALAR_STYLE;
    /* plain_implicit = 0 keeps libyaml from writing it plain. */
    return emit_scalar(e, s, n, !looks_typed(s, n), style);
}

/* The model's events (model_write.c) as emitter events. */
static bool on_begin_map(void *ctx)
{
    emit *e = ctx;
    yaml_event_t ev;
    return emit_event(
        e, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static bool on_end_map(void *ctx)
{
    yaml_event_t ev;
    return emit_event(ctx, &ev, yaml_mapping_end_event_initialize(&ev));
}

static bool on_begin_seq(void *ctx, bool empty)
{
    yaml_event_t ev;
    /* An empty sequence can only be written in flow style: "[]". */
    yaml_sequence_style_t style = empty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE;
    return emit_event(ctx, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, style));
}

static bool on_end_seq(void *ctx)
{
    yaml_event_t ev;
    return emit_event(ctx, &ev, yaml_sequence_end_event_initialize(&ev));
}

static bool on_string(void *ctx, const char *s, size_t n) { return emit_string(ctx, s, n); }

static bool on_integer(void *ctx, long long v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%lld", v);
    return emit_scalar(ctx, num, (size_t)n, true, YAML_PLAIN_SCALAR_STYLE);
}

static bool on_boolean(void *ctx, bool v)
{
    return v ? emit_scalar(ctx, "true", 4, true, YAML_PLAIN_SCALAR_STYLE)
             : emit_scalar(ctx, "false", 5, true, YAML_PLAIN_SCALAR_STYLE);
}

static bool on_null(void *ctx)
{
    return emit_scalar(ctx, "null", 4, true, YAML_PLAIN_SCALAR_STYLE);
}

/* Keys are strings like any other. */
static const pg_model_sink
    yaml_sink = {on_begin_map, on_end_map, on_begin_seq, on_end_seq, on_string,
                 on_string,    on_integer, on_boolean,   on_null,    NULL,
                 NULL,         NULL}; /* libyaml emits in order: one thread */

/* The document between the stream's start and end.  Returns what
 * pg__model_write returns (PG_ERR_IO: the emitter failed). */
static pg_status emit_doc(emit *e, pg_model_drive_fn drive, void *arg, pg_error *err)
{
    yaml_event_t ev;
    if (!emit_event(e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) ||
        /* implicit = 0: the stream starts with "---". */
        !emit_event(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0)))
        return PG_ERR_IO;
    pg_status st = drive(arg, &yaml_sink, e, err);
    if (st != PG_OK)
        return st;
    if (!emit_event(e, &ev, yaml_document_end_event_initialize(&ev, 1)) ||
        !emit_event(e, &ev, yaml_stream_end_event_initialize(&ev)) || !yaml_emitter_flush(&e->em))
        return PG_ERR_IO;
    return PG_OK;
}

pg_status pg__render_yaml_driven(pg_model_drive_fn drive, void *arg, pg_write_fn write, void *ctx,
                                 pg_error *err)
{
    emit *e = pg__calloc(1, sizeof *e);
    if (!e || !yaml_emitter_initialize(&e->em)) {
        pg__free(e);
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        return PG_ERR_NOMEM;
    }
    e->write = write;
    e->ctx = ctx;
    yaml_emitter_set_output(&e->em, out_cb, e);
    yaml_emitter_set_unicode(&e->em, 1);
    yaml_emitter_set_indent(&e->em, 2);
    yaml_emitter_set_width(&e->em, -1); /* never fold long lines */
    yaml_emitter_set_break(&e->em, YAML_LN_BREAK);
    pg_status st = emit_doc(e, drive, arg, err);
    if (st == PG_ERR_IO) {
        /* The emitter stopped: the output refused bytes, or libyaml could
         * not write a string. */
        if (e->io_failed) {
            pg__error(err, st, 0, 0, NULL, "the output refused bytes");
        } else if (e->em.error == YAML_MEMORY_ERROR) {
            st = PG_ERR_NOMEM;
            pg__error(err, st, 0, 0, NULL, "out of memory writing YAML");
        } else {
            st = PG_ERR_ENCODING;
            pg__error(err, st, 0, 0, NULL, "YAML cannot carry a string: %s",
                      e->em.problem ? e->em.problem : "emitter error");
        }
    }
    yaml_emitter_delete(&e->em);
    pg__free(e);
    return st;
}

pg_status pg_render_yaml(const pg_doc *doc, unsigned flags, pg_write_fn write, void *ctx,
                         pg_error *err)
{
    pg__error_reset(err);
    pg_error local = {0};
    if (!err)
        err = &local;
    if (!doc || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, NULL, "pg_render_yaml: no document or sink");
        return PG_ERR_ARG;
    }
    pg_model_doc d = {doc, flags, "YAML"};
    return pg__render_yaml_driven(pg__model_drive_doc, &d, write, ctx, err);
}
