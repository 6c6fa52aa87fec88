/*
 * model.h - the JSON/YAML data model (grammar/MODEL.md): events for the
 * writers, a jansson tree for the readers.
 *
 * Both formats go through one model: the writers share one walk of the
 * document (model_write.c) that sends the model as events to a JSON or
 * YAML sink; the readers turn their input into a jansson tree (jansson's
 * parser, or libyaml events) and one walker (model_read.c) checks it
 * against the schema and builds the document.  So JSON and YAML cannot
 * disagree about what the model is.
 */
#ifndef PG_MODEL_H
#define PG_MODEL_H

#include "internal.h"

#include <jansson.h>

/* Nesting of arrays/objects the YAML reader builds (jansson's own parser
 * stops at JSON_PARSER_MAX_DEPTH).  The model itself needs about
 * 2 * PG_MODEL_MAX_SECTION_DEPTH + 8. */
#define PG_MODEL_MAX_DEPTH         512
#define PG_MODEL_MAX_SECTION_DEPTH 100
/* Elements of any one array (items, entries, layout lines). */
#define PG_MODEL_MAX_COUNT (1u << 22)
#define PG_MODEL_MAX_LEVEL 65535u
#define PG_MODEL_MAX_QUOTE (1u << 20)

/* Events of a model tree in output order: the writers turn them into
 * JSON text or libyaml emitter events as they come, so no tree of the
 * whole output is ever built.  Strings are valid UTF-8 (checked by the
 * walk).  A callback returns false to stop (its writer knows why). */
typedef struct pg_model_sink {
    bool (*begin_map)(void *ctx);
    bool (*end_map)(void *ctx);
    /* empty: no element follows (YAML can only write that as "[]") */
    bool (*begin_seq)(void *ctx, bool empty);
    bool (*end_seq)(void *ctx);
    /* k: one of the model's key names (a literal of model_write.c,
     * lower-case ASCII): a writer may put it out unescaped. */
    bool (*key)(void *ctx, const char *k, size_t n);
    bool (*string)(void *ctx, const char *s, size_t n);
    bool (*integer)(void *ctx, long long v);
    bool (*boolean)(void *ctx, bool v);
    bool (*null)(void *ctx);
    /* Optional (NULL: the walk stays on one thread).  fork: a sink that
     * goes on from ctx's place inside an open sequence (first: no element
     * of this list before it; ctx knows whether the sequence had others),
     * writing into out; finish: flush and free it (false when
     * out ran out of memory); splice: write what forks made, in order. */
    void *(*fork)(void *ctx, bool first, pg_buf *out);
    bool (*finish)(void *child);
    bool (*splice)(void *ctx, const char *s, size_t n);
} pg_model_sink;

/* Render elements [a, b) of a list into the forked sink child; false on
 * failure with err set. */
typedef bool (*pg_model_render_fn)(void *env, size_t a, size_t b, void *child, pg_error *err);
/* Render a list of n elements (its sequence already open in ctx) on up to
 * threads threads, in chunks spliced into ctx in order (model_par.c). */
pg_status pg__model_par_list(const pg_model_sink *sink, void *ctx, size_t n, unsigned threads,
                             pg_model_render_fn render, void *env, pg_error *err);

/* Walk a document as the model of grammar/MODEL.md, calling sink.  fmt
 * ("JSON"/"YAML") only names the target in error messages: a string that
 * is not valid UTF-8 gives PG_ERR_ENCODING naming the line it came from.
 * Returns PG_OK; the error it set (ENCODING, NOMEM); or PG_ERR_IO, with
 * err untouched, when a callback returned false. */
pg_status pg__model_write(const pg_doc *doc, unsigned flags, const char *fmt,
                          const pg_model_sink *sink, void *ctx, pg_error *err);

/* The same walk in pieces, for a conversion that writes each section as
 * the parser closes it (convert.c): head (the document's keys, root's
 * text and items, the opened "sections"), the sections (whole, or a head
 * and later a tail around their subsections), tail.  Only for a text
 * whose lines are all valid UTF-8 and a valid scale
 * (pg__model_stream_ready, asked before grouping): nothing can stop it
 * half-way but memory or the sink.  free returns what the walk returns
 * (see pg__model_write); ok: every piece returned true. */
typedef struct pg__model_stream pg__model_stream;
bool pg__model_stream_ready(const pg_doc *doc);
pg__model_stream *pg__model_stream_new(const pg_doc *doc, unsigned flags, const char *fmt,
                                       const pg_model_sink *sink, void *ctx, pg_error *err);
bool pg__model_stream_head(pg__model_stream *s, const pg_section *root, bool no_sections);
/* n whole sections in a row (on threads when there are many and the
 * render flags ask for them, as the whole tree's lists are). */
bool pg__model_stream_sections(pg__model_stream *s, const pg_section *secs, size_t n);
/* A section whose subsections come as they close: its head (its keys,
 * text and items, the opened "sections"), then, after them, its tail. */
bool pg__model_stream_section_head(pg__model_stream *s, const pg_section *sec);
bool pg__model_stream_section_tail(pg__model_stream *s, const pg_section *sec);
bool pg__model_stream_tail(pg__model_stream *s);
pg_status pg__model_stream_free(pg__model_stream *s, bool ok);

/* A writer (JSON or YAML) around a walk: drive sends the model's events
 * to sink/ctx and returns what pg__model_write would. */
typedef pg_status (*pg_model_drive_fn)(void *arg, const pg_model_sink *sink, void *ctx,
                                       pg_error *err);
/* The drive of a whole document: arg is a pg_model_doc. */
typedef struct pg_model_doc {
    const pg_doc *doc;
    unsigned flags;
    const char *fmt;
} pg_model_doc;
pg_status pg__model_drive_doc(void *arg, const pg_model_sink *sink, void *ctx, pg_error *err);
pg_status pg__render_json_driven(unsigned flags, pg_model_drive_fn drive, void *arg,
                                 pg_write_fn write, void *ctx, pg_error *err);
pg_status pg__render_yaml_driven(pg_model_drive_fn drive, void *arg, pg_write_fn write, void *ctx,
                                 pg_error *err);

/* ------------------------------------------------------- the input tree */
/* What the readers build from JSON or YAML and model_read.c checks: a
 * tree in one arena (no allocation per node, one free), types named by
 * jansson's json_type.  Objects keep their members in input order. */
typedef struct pg_mmember pg_mmember;
typedef struct pg_mnode { /* 16 bytes: the tree can be as large as its input */
    json_type type;
    uint32_t n; /* string: bytes; array/object: elements (PG_MNODE_MAX) */
    union {
        const char *s;       /* string (not NUL-terminated, may hold NUL) */
        long long i;         /* integer */
        struct pg_mnode *at; /* array: n elements */
        pg_mmember *members; /* object: n members */
    } u;
} pg_mnode;

struct pg_mmember {
    pg_mnode value;
    const char *key;
    uint32_t klen;
};

#define PG_MNODE_MAX UINT32_MAX

/* The value of key in object o, NULL when absent. */
const pg_mnode *pg__m_get(const pg_mnode *o, const char *key);

/* Builds a tree bottom-up: open a container, add its elements (finished
 * nodes, copied), close it to get its node.  Strings and keys must live
 * as long as the tree: the input, or pg__mb_str's copy. */
/* Where a container sits in the model, for a read that hands pieces on
 * as they are complete (model_stream.c); PG_MR_NONE without a stream. */
typedef enum pg_mrole {
    PG_MR_NONE,
    PG_MR_ROOT,     /* the document object */
    PG_MR_ITEMS,    /* "items" array of the document or a section */
    PG_MR_SECTIONS, /* "sections" array of the document or a section */
    PG_MR_SECTION   /* an element of a "sections" array */
} pg_mrole;

typedef struct pg_mframe {
    size_t base; /* first element in pend */
    bool obj;
    uint8_t role;    /* pg_mrole */
    uint32_t *index; /* objects of many members: hash of their keys */
    size_t icap;
    /* Streamed containers: the arenas as they were when it opened (given
     * back when it closes), its first piece of output, elements seen. */
    pg_arena_mark m_arena, m_strs;
    size_t piece, count;
} pg_mframe;

#define PG_MB_KEYS 128

typedef struct pg_mstream pg_mstream;

typedef struct pg_mbuild {
    pg_arena arena;     /* nodes: freed with the tree */
    pg_arena strs;      /* string values: the document takes them over */
    pg_arena keys;      /* the keys the cache below holds */
    pg_mstream *stream; /* NULL: build the whole tree */
    /* Keys copied once each (YAML's: every scalar is a fresh copy, and
     * the model repeats a few dozen keys millions of times). */
    struct {
        const char *key;
        size_t n;
    } cache[PG_MB_KEYS];
    pg_mmember *pend; /* elements of the open containers */
    size_t npend, cap;
    pg_mframe *open;
    size_t depth, cap_open;
} pg_mbuild;

void pg__mb_free(pg_mbuild *b); /* the tree goes with it */
bool pg__mb_open(pg_mbuild *b, bool obj);
/* The same for the value of key in the open object (NULL: an element or
 * the root), which a stream needs to know where the container sits. */
bool pg__mb_open_at(pg_mbuild *b, bool obj, const char *key, size_t klen);
/* Adds v (with key in an object).  1 added, 0 the object already has
 * that key, -1 out of memory (or more than PG_MNODE_MAX elements). */
int pg__mb_add(pg_mbuild *b, const char *key, size_t klen, const pg_mnode *v);
bool pg__mb_close(pg_mbuild *b, pg_mnode *out);
/* A copy of string value s for the tree (in b->strs); NULL when memory
 * ran out. */
const char *pg__mb_str(pg_mbuild *b, const char *s, size_t n);
/* The same for a key (in b->arena: the document needs no keys). */
const char *pg__mb_key(pg_mbuild *b, const char *k, size_t n);

/* The stream's side of the builder (model_stream.c): open is called
 * once f (a container with a role) is on the stack, close with its
 * finished node, which it may replace by a stub (a section and its items
 * are gone once written).  false: stop (the stream knows why). */
bool pg__ms_open(pg_mstream *s, pg_mbuild *b, pg_mframe *f);
bool pg__ms_close(pg_mstream *s, pg_mbuild *b, pg_mframe *f, pg_mnode *node);
/* The reader met what a stream does not take (YAML anchors): give up. */
void pg__ms_give_up(pg_mstream *s);

/* JSON text as a tree, for the common case only: 1 when buf is JSON that
 * jansson (with JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL) reads to the same
 * tree; 0 when it is anything else (an error, or a corner such as a huge
 * number): the caller asks jansson, whose messages the errors keep; -1
 * when memory ran out. */
int pg__json_parse(const char *buf, size_t len, pg_mbuild *b, pg_mnode *out);

/* Fills err's line/column/offset for the node at path (a JSON pointer,
 * "" = root) of the input the tree was read from. */
typedef void (*pg_model_locate_fn)(void *ctx, const pg_mnode *node, const char *path,
                                   pg_error *err);

/* Where the tree's string values live, so that the document points at
 * them rather than copying: a value inside input[0, len] is copied
 * unless borrow_input; any other is in strs, which the document adopts
 * when it is built. */
typedef struct pg_mstrings {
    const char *input;
    size_t len;
    bool borrow_input;
    pg_arena *strs;
} pg_mstrings;

/* Check a model tree against the schema and build the document.  On a
 * mismatch: NULL, err->path names the node and locate (may be NULL) adds
 * its position.  yaml only changes the words of messages ("mapping"). */
pg_doc *pg__model_to_doc(const pg_mnode *root, const pg_mstrings *strings,
                         pg_model_locate_fn locate, void *ctx, pg_error *err, bool yaml);

/* The schema check in pieces, for a stream (model_stream.c): doc is the
 * document the walk fills (its scale must be the default one, as the
 * whole walk's is); pieces point at the tree's strings (strings->strs
 * set).  Errors are reported as the whole walk would, but need not be
 * the first the whole walk would meet: a stream that fails reads the
 * input again the whole way for its error. */
typedef struct pg_mwalk pg_mwalk;
pg_mwalk *pg__mwalk_new(pg_doc *doc, const pg_mstrings *strings, bool yaml, pg_error *err);
void pg__mwalk_free(pg_mwalk *w);
/* The document's keys that every piece depends on, from root's members
 * so far: "eol" (into the walk's document) and "scale" (checked, and the
 * data's scale given to render, as a whole read would when the text
 * declares none). */
bool pg__mwalk_context(pg_mwalk *w, const pg_mnode *root, pg_doc *render);
/* An "items" array into s->items. */
bool pg__mwalk_items(pg_mwalk *w, const pg_mnode *arr, pg_section *s);
/* A section or the document whose "items" and "sections" are stubs
 * (empty arrays): every other key checked and read. */
bool pg__mwalk_section(pg_mwalk *w, const pg_mnode *o, pg_section *s);
bool pg__mwalk_doc(pg_mwalk *w, const pg_mnode *root);

/* YAML into a tree that s takes piece by piece: true when the whole
 * input was read (s knows whether it is all there). */
bool pg__yaml_stream(const char *buf, size_t len, pg_mstream *s);

/* pg_convert_json_text / pg_convert_yaml_text; *streamed: the section
 * by section read took the input (else the whole tree did). */
pg_status pg__convert_data_text(const char *buf, size_t len, bool yaml, pg_write_fn write,
                                void *ctx, pg_error *err, bool *streamed);

/* Line/column (1-based, column in bytes) of byte offset off in buf. */
void pg__model_position(const char *buf, size_t len, size_t off, uint32_t *line, uint32_t *col);

/* Position of the value at a JSON pointer in JSON text (any valid JSON);
 * false when the path is not found. */
bool pg__json_locate(const char *buf, size_t len, const char *path, size_t *offset);
/* JSON pointer of the last key or value that starts before offset, and
 * where it starts (for errors jansson reports by position only, like
 * duplicate keys). */
bool pg__json_path_at(const char *buf, size_t len, size_t offset, char *path, size_t path_size,
                      size_t *at);

#endif
