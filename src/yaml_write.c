/*
 * yaml_write.c - pg_render_yaml: the model tree (model_write.c) through
 * libyaml's emitter, block style, for people to read and edit.
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
    static const char *const special[] = {
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
        "-.INF", ".nan", ".NaN", ".NAN", NULL};
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
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
        "FALSE", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF", "=", "<<", NULL};
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

static bool emit_scalar(emit *e, const char *s, size_t n, bool plain_ok,
                        yaml_scalar_style_t style)
{
    yaml_event_t ev;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL,
                                          (yaml_char_t *)(s ? s : ""), (int)n,
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

static bool emit_node(emit *e, const json_t *v);

static bool emit_mapping(emit *e, const json_t *o)
{
    yaml_event_t ev;
    if (!emit_event(e, &ev, yaml_mapping_start_event_initialize(
                                &ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)))
        return false;
    const char *key;
    size_t klen;
    json_t *v;
    json_object_keylen_foreach((json_t *)o, key, klen, v)
    {
        if (!emit_string(e, key, klen) || !emit_node(e, v))
            return false;
    }
    return emit_event(e, &ev, yaml_mapping_end_event_initialize(&ev));
}

static bool emit_sequence(emit *e, const json_t *a)
{
    yaml_event_t ev;
    /* An empty sequence can only be written in flow style: "[]". */
    yaml_sequence_style_t style = json_array_size(a) ? YAML_BLOCK_SEQUENCE_STYLE
                                                     : YAML_FLOW_SEQUENCE_STYLE;
    if (!emit_event(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL,
                                                                 1, style)))
        return false;
    for (size_t i = 0; i < json_array_size(a); i++)
        if (!emit_node(e, json_array_get(a, i)))
            return false;
    return emit_event(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

static bool emit_node(emit *e, const json_t *v)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: return emit_mapping(e, v);
    case JSON_ARRAY: return emit_sequence(e, v);
    case JSON_STRING: return emit_string(e, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        return emit_scalar(e, num, strlen(num), true, YAML_PLAIN_SCALAR_STYLE);
    case JSON_TRUE: return emit_scalar(e, "true", 4, true, YAML_PLAIN_SCALAR_STYLE);
    case JSON_FALSE: return emit_scalar(e, "false", 5, true, YAML_PLAIN_SCALAR_STYLE);
    case JSON_NULL: return emit_scalar(e, "null", 4, true, YAML_PLAIN_SCALAR_STYLE);
    case JSON_REAL: break; /* the model has no reals */
    }
    return false;
}

static bool emit_doc(emit *e, const json_t *root)
{
    yaml_event_t ev;
    return emit_event(e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) &&
           /* implicit = 0: the stream starts with "---". */
           emit_event(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0)) &&
           emit_node(e, root) &&
           emit_event(e, &ev, yaml_document_end_event_initialize(&ev, 1)) &&
           emit_event(e, &ev, yaml_stream_end_event_initialize(&ev)) &&
           yaml_emitter_flush(&e->em);
}

pg_status pg_render_yaml(const pg_doc *doc, unsigned flags, pg_write_fn write,
                         void *ctx, pg_error *err)
{
    pg_error local = {0};
    if (!err)
        err = &local;
    if (!doc || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, NULL, "pg_render_yaml: no document or sink");
        return PG_ERR_ARG;
    }
    json_t *root = pg__model_from_doc(doc, flags, "YAML", err);
    if (!root)
        return err->code ? err->code : PG_ERR_NOMEM;
    emit *e = pg__calloc(1, sizeof *e);
    if (!e || !yaml_emitter_initialize(&e->em)) {
        pg__free(e);
        json_decref(root);
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
    bool ok = emit_doc(e, root);
    pg_status st = PG_OK;
    if (!ok) {
        if (e->io_failed) {
            st = PG_ERR_IO;
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
    json_decref(root);
    return st;
}
