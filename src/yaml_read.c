/*
 * yaml_read.c - pg_load_yaml: libyaml's parser (events, not its document
 * loader) builds the same tree (model.h) json_parse.c builds from JSON,
 * and model_read.c checks it.  So YAML and JSON go through one schema check.
 *
 * What the YAML side decides here:
 *   - exactly one document: an empty stream or a second document is an
 *     error naming its line;
 *   - plain scalars are typed by the YAML 1.2 core schema: `2` is an
 *     integer, `true` a boolean, `null`, `~` and nothing are null;
 *     quoted and block scalars are always strings; the tags !!str, !!int,
 *     !!bool, !!null, !!float, !!map, !!seq and "!" are understood,
 *     others are refused;
 *   - duplicate keys and non-scalar keys are refused, with their path;
 *   - aliases are expanded by sharing the anchored node, on a budget:
 *     every alias adds the size of what it stands for, so an alias bomb
 *     ("billion laughs") stops with PG_ERR_LIMIT after a few thousand
 *     events;
 *   - nesting deeper than PG_MODEL_MAX_DEPTH stops with PG_ERR_LIMIT (the
 *     walk keeps its own stack: no recursion on input depth).
 * Positions are libyaml's marks, 1-based; offset and column count
 * characters, as libyaml does.
 */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

/* What all aliases together may expand to. */
#define ALIAS_MAX_NODES (1u << 20)
#define ALIAS_MAX_BYTES (1u << 25)

typedef struct weight {
    size_t nodes, bytes;
} weight;

typedef struct anchor {
    char *name;
    pg_mnode node; /* shares its children with the anchored node */
    weight w;
} anchor;

typedef struct frame {
    bool map;        /* a mapping (else a sequence) being filled */
    const char *key; /* mapping: the key waiting for its value (arena) */
    size_t klen;
    yaml_mark_t key_mark;
    size_t index;
    size_t plen;  /* path length of this node */
    char *anchor; /* to register when the node ends */
    weight w;
} frame;

typedef struct reader {
    yaml_parser_t parser;
    const char *buf;
    size_t len;
    pg_error *err;
    frame *st;
    size_t depth, cap;
    anchor *anchors; /* open addressing, cap a power of two */
    size_t n_anchors, cap_anchors;
    weight aliased;
    pg_mbuild tree;
    pg_mnode root;
    weight root_w;
    char path[2048];
    size_t plen;
    /* Locate mode: find the mark of the node at target. */
    const char *target;
    size_t best;
    yaml_mark_t found;
    bool have_found;
} reader;

/* ------------------------------------------------------------ errors */

static bool fail_at(reader *r, pg_status code, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail_at(reader *r, pg_status code, yaml_mark_t m, const char *fmt, ...)
{
    if (r->err->code != PG_OK)
        return false;
    char msg[sizeof r->err->message], path[sizeof r->err->path];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->plen < sizeof path) {
        memcpy(path, r->path, r->plen + 1);
    } else {
        /* "..." and the path's end, its NUL included */
        memset(path, '.', 3);
        memcpy(path + 3, r->path + r->plen - (sizeof path - 4), sizeof path - 3);
    }
    pg__error(r->err, code, (uint32_t)m.line + 1, (uint32_t)m.column + 1, path, "%s", msg);
    r->err->offset = m.index;
    return false;
}

static bool nomem(reader *r)
{
    yaml_mark_t m = {0, 0, 0};
    return fail_at(r, PG_ERR_NOMEM, m, "out of memory");
}

static bool parser_error(reader *r)
{
    yaml_parser_t *p = &r->parser;
    r->plen = 0; /* as for JSON: a syntax error has a position, no path */
    r->path[0] = '\0';
    if (p->error == YAML_MEMORY_ERROR)
        return nomem(r);
    if (p->error == YAML_READER_ERROR) {
        /* problem_offset counts bytes; say where in lines and columns. */
        yaml_mark_t m = {p->problem_offset, 0, 0};
        uint32_t line, col;
        pg__model_position(r->buf, r->len, p->problem_offset, &line, &col);
        m.line = line - 1, m.column = col - 1;
        return fail_at(r, PG_ERR_SYNTAX, m, "YAML: %s (byte 0x%02x)",
                       p->problem ? p->problem : "cannot read the input",
                       (unsigned)(p->problem_value & 0xff));
    }
    if (p->context)
        return fail_at(r, PG_ERR_SYNTAX, p->problem_mark, "YAML syntax error: %s %s",
                       p->problem ? p->problem : "", p->context);
    return fail_at(r, PG_ERR_SYNTAX, p->problem_mark, "YAML syntax error: %s",
                   p->problem ? p->problem : "malformed input");
}

/* -------------------------------------------------------------- path */

static void path_push(reader *r, const char *s, size_t n)
{
    if (r->plen + 1 < sizeof r->path)
        r->path[r->plen++] = '/';
    for (size_t i = 0; i < n && r->plen + 3 < sizeof r->path; i++) {
        if (s[i] == '~' || s[i] == '/') {
            r->path[r->plen++] = '~';
            r->path[r->plen++] = s[i] == '~' ? '0' : '1';
        } else {
            r->path[r->plen++] = s[i];
        }
    }
    r->path[r->plen] = '\0';
}

/* Set the path of the node that starts now, from the open container. */
static void path_child(reader *r)
{
    if (r->depth == 0) {
        r->plen = 0;
        r->path[0] = '\0';
        return;
    }
    frame *f = &r->st[r->depth - 1];
    r->plen = f->plen;
    if (f->map) {
        path_push(r, f->key, f->klen);
    } else {
        /* Every element of a sequence passes here: no snprintf. */
        char num[PG_DECIMAL_MAX], *end = num + sizeof num;
        const char *d = pg__decimal(f->index, end);
        path_push(r, d, (size_t)(end - d));
    }
}

/* Locate mode: remember the deepest node on the way to the target. */
static bool visit(reader *r, yaml_mark_t m)
{
    if (!r->target)
        return true;
    size_t tl = strlen(r->target);
    if (r->plen <= tl && memcmp(r->path, r->target, r->plen) == 0 &&
        (r->plen == tl || r->target[r->plen] == '/') && (!r->have_found || r->plen >= r->best)) {
        r->have_found = true;
        r->best = r->plen;
        r->found = m;
        return r->plen != tl;
    }
    return true;
}

/* ----------------------------------------------------------- anchors */

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static anchor *anchor_slot(reader *r, const char *name)
{
    size_t mask = r->cap_anchors - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask)
        if (!r->anchors[i].name || strcmp(r->anchors[i].name, name) == 0)
            return &r->anchors[i];
}

static bool anchor_grow(reader *r)
{
    size_t cap = r->cap_anchors ? r->cap_anchors * 2 : 64;
    anchor *old = r->anchors;
    size_t oldcap = r->cap_anchors;
    r->anchors = pg__calloc(cap, sizeof *r->anchors);
    if (!r->anchors) {
        r->anchors = old;
        return false;
    }
    r->cap_anchors = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].name)
            *anchor_slot(r, old[i].name) = old[i];
    pg__free(old);
    return true;
}

/* A later anchor of the same name replaces the earlier one (YAML 1.2). */
static bool anchor_set(reader *r, char *name, const pg_mnode *node, weight w)
{
    if ((r->n_anchors + 1) * 2 > r->cap_anchors && !anchor_grow(r)) {
        pg__free(name);
        return nomem(r);
    }
    anchor *a = anchor_slot(r, name);
    if (a->name)
        pg__free(a->name);
    else
        r->n_anchors++;
    a->name = name;
    a->node = *node;
    a->w = w;
    return true;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pg__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ------------------------------------------------------------ scalars */

static bool is(const char *s, size_t n, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return true;
    return false;
}

static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const trues[] = {"true", "True", "TRUE", NULL};
static const char *const falses[] = {"false", "False", "FALSE", NULL};

/* YAML 1.2 core schema integers: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static int int_form(const char *s, size_t n)
{
    size_t i = 0;
    const char *digits = "0123456789";
    int base = 10;
    if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        base = s[1] == 'o' ? 8 : 16;
        digits = base == 8 ? "01234567" : "0123456789abcdefABCDEF";
        i = 2;
    } else if (n > 1 && (s[0] == '-' || s[0] == '+')) {
        i = 1;
    }
    if (i == n)
        return 0;
    for (; i < n; i++)
        if (!s[i] || !strchr(digits, s[i]))
            return 0;
    return base;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? or .inf/.nan */
static bool float_form(const char *s, size_t n)
{
    static const char *const special[] = {".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf",
                                          "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
                                          ".NaN",  ".NAN",  NULL};
    if (is(s, n, special))
        return true;
    size_t i = 0, d = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, d++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, d++;
    }
    if (d == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t e = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, e++;
        if (e == 0)
            return false;
    }
    return i == n;
}

static bool make_int(reader *r, const char *s, size_t n, int base, yaml_mark_t m, pg_mnode *out)
{
    char buf[80];
    if (n >= sizeof buf)
        return fail_at(r, PG_ERR_LIMIT, m, "integer too large");
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    long long v = strtoll(buf + (base == 10 ? 0 : 2), NULL, base);
    if (errno == ERANGE)
        return fail_at(r, PG_ERR_LIMIT, m, "integer too large");
    out->type = JSON_INTEGER;
    out->u.i = v;
    return true;
}

/* The model has no reals: a float only needs to be reported as one. */
static bool make_float(pg_mnode *out)
{
    out->type = JSON_REAL;
    return true;
}

static const char *short_tag(const char *tag)
{
    static const char prefix[] = "tag:yaml.org,2002:";
    if (tag && strncmp(tag, prefix, sizeof prefix - 1) == 0)
        return tag + sizeof prefix - 1;
    return tag;
}

static bool make_string(reader *r, const char *s, size_t n, yaml_mark_t m, pg_mnode *out)
{
    if (n > PG_MNODE_MAX)
        return fail_at(r, PG_ERR_LIMIT, m, "a string of more than %u bytes", PG_MNODE_MAX);
    out->type = JSON_STRING;
    out->n = (uint32_t)n;
    out->u.s = pg__mb_str(&r->tree, s, n);
    return out->u.s ? true : nomem(r);
}

static bool scalar_value(reader *r, const yaml_event_t *ev, pg_mnode *out)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = short_tag((const char *)ev->data.scalar.tag);
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    yaml_mark_t m = ev->start_mark;
    memset(out, 0, sizeof *out);
    /* Only these bytes can start a null, a boolean or a number. */
    if (!tag && plain && n && s[0] && !strchr("~nNtTfF0123456789+-.", s[0]))
        return make_string(r, s, n, m, out);
    if ((!tag && !plain) || (tag && (!strcmp(tag, "!") || !strcmp(tag, "str")))) {
        return make_string(r, s, n, m, out);
    } else if (!tag || !strcmp(tag, "null") || !strcmp(tag, "bool") || !strcmp(tag, "int") ||
               !strcmp(tag, "float")) {
        int base = int_form(s, n);
        if (is(s, n, nulls) && (!tag || !strcmp(tag, "null")))
            out->type = JSON_NULL;
        else if (is(s, n, trues) && (!tag || !strcmp(tag, "bool")))
            out->type = JSON_TRUE;
        else if (is(s, n, falses) && (!tag || !strcmp(tag, "bool")))
            out->type = JSON_FALSE;
        else if (base && (!tag || !strcmp(tag, "int")))
            return make_int(r, s, n, base, m, out);
        else if ((base || float_form(s, n)) && (!tag || !strcmp(tag, "float")))
            return make_float(out);
        else if (!tag)
            return make_string(r, s, n, m, out);
        else
            return fail_at(r, PG_ERR_SCHEMA, m, "the value does not fit its tag !!%s", tag);
        return true;
    }
    return fail_at(r, PG_ERR_SCHEMA, m, "unsupported YAML tag '%s'", tag);
}

/* ------------------------------------------------------------ building */

/* An anchored node is shared by its aliases, which a stream that gives
 * each section's nodes back cannot keep: such a stream gives up (and the
 * input is read again as a whole tree). */
static bool streamable(reader *r)
{
    if (!r->tree.stream)
        return true;
    pg__ms_give_up(r->tree.stream);
    return nomem(r);
}

/* Attach a finished node to the open container, or make it the root. */
static bool attach(reader *r, const pg_mnode *node, weight w)
{
    if (r->depth == 0) {
        r->root = *node;
        r->root_w = w;
        return true;
    }
    frame *f = &r->st[r->depth - 1];
    f->w.nodes += w.nodes;
    f->w.bytes += w.bytes;
    if (!f->map) {
        f->index++;
        return pg__mb_add(&r->tree, NULL, 0, node) == 1 ? true : nomem(r);
    }
    int rc = pg__mb_add(&r->tree, f->key, f->klen, node);
    if (rc == 0) {
        r->plen = f->plen;
        path_push(r, f->key, f->klen);
        return fail_at(r, PG_ERR_SCHEMA, f->key_mark, "duplicate key '%.*s'",
                       (int)(f->klen > 60 ? 60 : f->klen), f->key);
    }
    f->key = NULL;
    return rc == 1 ? true : nomem(r);
}

/* In an object waiting for a key, a scalar is that key. */
static bool wants_key(const reader *r)
{
    if (r->depth == 0)
        return false;
    const frame *f = &r->st[r->depth - 1];
    return f->map && !f->key;
}

static bool take_key(reader *r, const char *s, size_t n, yaml_mark_t m)
{
    frame *f = &r->st[r->depth - 1];
    f->key = pg__mb_key(&r->tree, s, n);
    if (!f->key)
        return nomem(r);
    f->klen = n;
    f->key_mark = m;
    r->plen = f->plen;
    path_push(r, s, n);
    return visit(r, m);
}

static bool open_node(reader *r, const yaml_event_t *ev, bool map)
{
    yaml_mark_t m = ev->start_mark;
    const char *tag =
        short_tag((const char *)(map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag));
    const char *anchor_name =
        (const char *)(map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
    if (tag && strcmp(tag, "!") && strcmp(tag, map ? "map" : "seq"))
        return fail_at(r, PG_ERR_SCHEMA, m, "unsupported YAML tag '%s'", tag);
    if (r->depth >= PG_MODEL_MAX_DEPTH)
        return fail_at(r, PG_ERR_LIMIT, m, "YAML nested deeper than %d levels", PG_MODEL_MAX_DEPTH);
    if (r->depth == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        frame *st = pg__realloc(r->st, cap * sizeof *st);
        if (!st)
            return nomem(r);
        r->st = st, r->cap = cap;
    }
    if (anchor_name && !streamable(r))
        return false;
    frame *f = &r->st[r->depth];
    memset(f, 0, sizeof *f);
    f->plen = r->plen;
    f->map = map;
    f->w.nodes = 1;
    const frame *parent = r->depth ? &r->st[r->depth - 1] : NULL;
    bool in_map = parent && parent->map;
    if (!pg__mb_open_at(&r->tree, map, in_map ? parent->key : NULL, in_map ? parent->klen : 0))
        return nomem(r);
    if (anchor_name && !(f->anchor = dup_str(anchor_name))) {
        pg_mnode dropped;
        pg__mb_close(&r->tree, &dropped);
        return nomem(r);
    }
    r->depth++;
    return true;
}

static bool close_node(reader *r)
{
    frame f = r->st[--r->depth];
    pg_mnode node;
    if (!pg__mb_close(&r->tree, &node)) {
        pg__free(f.anchor);
        return nomem(r);
    }
    if (f.anchor && !anchor_set(r, f.anchor, &node, f.w))
        return false;
    return attach(r, &node, f.w);
}

static bool on_scalar(reader *r, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    yaml_mark_t m = ev->start_mark;
    if (wants_key(r)) {
        /* Keys are names: taken as written, whatever their type. */
        return take_key(r, s, n, m);
    }
    pg_mnode v;
    if (!scalar_value(r, ev, &v))
        return false;
    weight w = {1, n};
    const char *a = (const char *)ev->data.scalar.anchor;
    if (a && !streamable(r))
        return false;
    if (a) {
        char *name = dup_str(a);
        if (!name || !anchor_set(r, name, &v, w))
            return name ? false : nomem(r);
    }
    return attach(r, &v, w);
}

static bool on_alias(reader *r, const yaml_event_t *ev)
{
    yaml_mark_t m = ev->start_mark;
    const char *name = (const char *)ev->data.alias.anchor;
    anchor *a = r->cap_anchors ? anchor_slot(r, name) : NULL;
    if (!a || !a->name)
        return fail_at(r, PG_ERR_SCHEMA, m, "unknown alias '*%s'", name);
    r->aliased.nodes += a->w.nodes;
    r->aliased.bytes += a->w.bytes;
    if (r->aliased.nodes > ALIAS_MAX_NODES || r->aliased.bytes > ALIAS_MAX_BYTES)
        return fail_at(r, PG_ERR_LIMIT, m, "aliases expand to more than %u nodes or %u bytes",
                       ALIAS_MAX_NODES, ALIAS_MAX_BYTES);
    if (wants_key(r)) {
        if (a->node.type != JSON_STRING)
            return fail_at(r, PG_ERR_SCHEMA, m, "a mapping key must be a string");
        return take_key(r, a->node.u.s, a->node.n, m);
    }
    return attach(r, &a->node, a->w);
}

/* One event of the root document's body. */
static bool on_event(reader *r, const yaml_event_t *ev)
{
    bool start = ev->type == YAML_SCALAR_EVENT || ev->type == YAML_ALIAS_EVENT ||
                 ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_SEQUENCE_START_EVENT;
    if (start && wants_key(r) && ev->type != YAML_SCALAR_EVENT && ev->type != YAML_ALIAS_EVENT) {
        r->plen = r->st[r->depth - 1].plen;
        r->path[r->plen] = '\0';
        return fail_at(r, PG_ERR_SCHEMA, ev->start_mark, "a mapping key must be a string, not a %s",
                       ev->type == YAML_MAPPING_START_EVENT ? "mapping" : "sequence");
    }
    if (start && !wants_key(r)) {
        path_child(r);
        if (!visit(r, ev->start_mark))
            return false;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return on_scalar(r, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(r, ev);
    case YAML_MAPPING_START_EVENT:
        return open_node(r, ev, true);
    case YAML_SEQUENCE_START_EVENT:
        return open_node(r, ev, false);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        return close_node(r);
    default:
        return true;
    }
}

/* The stream: exactly one document. */
static bool read_stream(reader *r)
{
    yaml_event_t ev;
    int docs = 0;
    for (;;) {
        if (!yaml_parser_parse(&r->parser, &ev))
            return parser_error(r);
        bool ok = true, done = false;
        if (ev.type == YAML_DOCUMENT_START_EVENT && docs++ > 0) {
            r->plen = 0;
            r->path[0] = '\0';
            ok = fail_at(r, PG_ERR_SCHEMA, ev.start_mark,
                         "a second YAML document starts here; the input must "
                         "hold exactly one");
        } else if (ev.type == YAML_STREAM_END_EVENT) {
            done = true;
            if (docs == 0)
                ok = fail_at(r, PG_ERR_SCHEMA, ev.start_mark, "no YAML document in the input");
        } else {
            ok = on_event(r, &ev);
        }
        yaml_event_delete(&ev);
        if (!ok || done)
            return ok;
    }
}

static void reader_free(reader *r)
{
    while (r->depth > 0) {
        frame *f = &r->st[--r->depth];
        pg__free(f->anchor);
    }
    pg__free(r->st);
    for (size_t i = 0; i < r->cap_anchors; i++)
        pg__free(r->anchors[i].name);
    pg__free(r->anchors);
    pg__mb_free(&r->tree);
    yaml_parser_delete(&r->parser);
    pg__free(r);
}

static reader *reader_new(const char *buf, size_t len, pg_error *err)
{
    reader *r = pg__calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (!yaml_parser_initialize(&r->parser)) {
        pg__free(r);
        return NULL;
    }
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)buf, len);
    r->buf = buf;
    r->len = len;
    r->err = err;
    r->root.type = JSON_NULL;
    return r;
}

typedef struct source {
    const char *buf;
    size_t len;
} source;

/* Position of a schema error: read the input again, watching for the
 * node at path (or the nearest node on the way to it). */
static void locate(void *ctx, const pg_mnode *node, const char *path, pg_error *err)
{
    const source *src = ctx;
    pg_error scratch = {0};
    (void)node;
    reader *r = reader_new(src->buf, src->len, &scratch);
    if (!r)
        return;
    r->target = path;
    read_stream(r);
    if (r->have_found) {
        err->line = (uint32_t)r->found.line + 1;
        err->column = (uint32_t)r->found.column + 1;
        err->offset = r->found.index;
    }
    reader_free(r);
}

bool pg__yaml_stream(const char *buf, size_t len, pg_mstream *s)
{
    pg_error scratch = {0};
    reader *r = reader_new(buf, len, &scratch);
    if (!r)
        return false;
    r->tree.stream = s;
    bool ok = read_stream(r);
    reader_free(r);
    return ok;
}

pg_doc *pg_load_yaml(const char *buf, size_t len, pg_error *err)
{
    pg__error_reset(err);
    pg_error local = {0};
    pg_doc *doc = NULL;
    source src = {buf ? buf : "", len};
    if (!buf && len) {
        pg__error(&local, PG_ERR_ARG, 0, 0, NULL, "pg_load_yaml: NULL input");
    } else {
        reader *r = reader_new(src.buf, len, &local);
        if (!r)
            pg__error(&local, PG_ERR_NOMEM, 0, 0, NULL, "out of memory");
        else if (read_stream(r)) {
            pg_mstrings strings = {NULL, 0, false, &r->tree.strs};
            doc = pg__model_to_doc(&r->root, &strings, locate, &src, &local, true);
        }
        if (r)
            reader_free(r);
    }
    if (!doc && err && err->code == PG_OK)
        *err = local;
    return doc;
}
