/*
 * prognosis.h - parse, check and convert plain-text status updates
 * (the Xen "development update" family of formats).
 *
 * One installed header, one prefix (pg_ / PG_).
 *
 * Ownership in one sentence: a pg_doc owns every string reachable from it;
 * pointers into a document stay valid until pg_doc_free().  Functions that
 * return a new object say so ("caller frees with ...").  No function prints,
 * exits or keeps global state; errors come back through a caller-owned
 * pg_error.  Every input is (pointer, length); NUL bytes are data.
 *
 * The data model is documented in grammar/prognosis.schema.json and the
 * text grammar in grammar/prognosis.ebnf; the comments here only say how
 * the C structs map onto them.
 */
#ifndef PROGNOSIS_H
#define PROGNOSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(PG_NO_VISIBILITY)
#define PG_API __attribute__((visibility("default")))
#else
#define PG_API
#endif

#define PG_VERSION_STRING "0.1.0"
/* Version of the JSON/YAML data model; written as "prognosis" in output. */
#define PG_SCHEMA_VERSION 1

/* ------------------------------------------------------------------ */
/* Strings                                                              */

/* A byte slice.  ptr == NULL means "absent" (distinct from "" which is
 * ptr != NULL, len == 0).  Not NUL-terminated. */
typedef struct pg_str {
    const char *ptr;
    size_t len;
} pg_str;

/* ------------------------------------------------------------------ */
/* Errors and diagnostics                                               */

typedef enum pg_status {
    PG_OK = 0,
    PG_ERR_NOMEM,    /* allocation failed */
    PG_ERR_SYNTAX,   /* JSON/YAML not well formed */
    PG_ERR_SCHEMA,   /* JSON/YAML well formed but not our data model */
    PG_ERR_LIMIT,    /* a safety limit was hit (depth, size, aliases) */
    PG_ERR_ENCODING, /* bytes the target format cannot carry */
    PG_ERR_IO,       /* a sink refused bytes */
    PG_ERR_ARG       /* bad argument from the caller */
} pg_status;

/* Every call that takes one resets it, and fills it when it fails (within
 * one call the first error wins).  line/column are 1-based
 * (0 = unknown), column counts bytes.  path names the place in a JSON/YAML
 * document ("/sections/0/items/3/owners"), empty for text. */
typedef struct pg_error {
    pg_status code;
    uint32_t line;
    uint32_t column;
    size_t offset;
    char path[160];
    char message[240];
} pg_error;

typedef enum pg_severity {
    PG_SEV_OFF = 0,
    PG_SEV_INFO,
    PG_SEV_WARNING,
    PG_SEV_ERROR
} pg_severity;

/* A finding about the input text: what the parser saw that the strict
 * grammar does not allow.  rule is a static kebab-case id. */
typedef struct pg_diag {
    const char *rule;
    /* UTF-8 (input bytes a message quotes that are not UTF-8 are written
     * U+FFFD), at most PG_DIAG_MESSAGE_MAX bytes, cut at a character
     * boundary; owned by the document or lint result that holds it. */
    const char *message;
    pg_severity severity;
    uint32_t line, column;         /* 1-based start */
    uint32_t end_line, end_column; /* 1-based, exclusive column */
    size_t offset;                 /* byte offset of the start */
} pg_diag;
#define PG_DIAG_MESSAGE_MAX 199

/* ------------------------------------------------------------------ */
/* The tree                                                             */

/* Which way of writing items an item uses.  All map to the same fields. */
typedef enum pg_dialect {
    PG_DIALECT_TRACKED = 0, /* "*  Title (state)" + "  -  Owner" (Xen 4.5-4.14) */
    PG_DIALECT_KEYED,       /* "* Title" + "  owner: x" / "  status: y" (4.2-4.3) */
    PG_DIALECT_RECORDS,     /* "S: Title" / "O: Owner" / "P: state" stanzas */
    PG_DIALECT_LIST         /* "* [PATCH vN ...] title [URL]" (4.17 on) */
} pg_dialect;

/* What a non-state trailing parenthetical of a title is. */
typedef enum pg_tag_kind {
    PG_TAG_NONE = 0,
    PG_TAG_VERSION, /* (v7), (RFC v1), (RFC), (v2, v1, v1), (v7 (design docs)) */
    PG_TAG_RELEASE, /* (Xen 4.4), (4.2) */
    PG_TAG_SCOPE    /* (external), (Linux), (Xen & Linux), (partial) */
} pg_tag_kind;

/* One line (possibly soft-wrapped over several physical lines) of an
 * item's body, in source order.  The JSON/YAML arrays owners, notes,
 * emails, refs, subitems and fields are these entries grouped by kind. */
typedef enum pg_entry_kind {
    PG_ENTRY_NOTE = 0, /* indented free text; S2: records */
    PG_ENTRY_OWNER,    /* "  -  Name", "  owner: x", "O: x" */
    PG_ENTRY_EMAIL,    /* "E: x" */
    PG_ENTRY_REF,      /* "  -  XEN-28", a URL, "J:"/"B:" records, "Link: ..." */
    PG_ENTRY_SUBITEM,  /* " - sub item" (keyed dialect), nested bullets */
    PG_ENTRY_FIELD,    /* "  status (Linux): x", other "key: value" / records */
    PG_ENTRY_STATE,    /* "  prognosis: Good" / "P: ok" carrying the state */
    PG_ENTRY__COUNT
} pg_entry_kind;

typedef struct pg_entry {
    pg_str key;         /* FIELD/STATE: the key as written ("status (Linux)", "P") */
    pg_str value;       /* the logical text, soft breaks joined */
    pg_str raw;         /* exact source bytes incl. quote prefix and line ends;
                     ptr NULL = write canonically */
    pg_entry_kind kind; /* after the strings: no padding (56 bytes a node) */
    uint32_t line;
} pg_entry;

typedef struct pg_item {
    pg_str title; /* never absent */
    pg_str state; /* a state of the scale, lower case; absent = none */
    pg_str tag;   /* non-state parenthetical, absent = none */
    pg_str date;  /* timeline entries: "10th September 2014" */
    pg_tag_kind tag_kind;
    bool here;    /* timeline entries: the "WE ARE HERE" marker */
    pg_str patch; /* tracking lists: "PATCH v5 00/13" */
    pg_str url;   /* tracking lists: the series URL */
    pg_dialect dialect;
    unsigned quote;  /* quote depth of the item's own lines (0 = unquoted) */
    pg_str head_raw; /* exact bytes of the head line(s); absent = canonical */
    pg_entry *entries;
    size_t n_entries;
    pg_str text;      /* prose after the item up to the next item/heading,
                         verbatim with "\n" line ends; absent = one blank line */
    pg_str text_raw;  /* exact bytes of that prose when they differ from text */
    pg_str *comments; /* derived from text: the replier's paragraphs */
    size_t n_comments;
    uint32_t line;     /* first line of the head */
    uint32_t end_line; /* last line of the body */
} pg_item;

typedef struct pg_section pg_section;
struct pg_section {
    pg_str title;
    unsigned level; /* 1 for "= T =", 2 for "== T ==" ...; 0 = document root */
    bool label;     /* written "Arm:" rather than "== Arm ==" */
    unsigned quote;
    pg_str head_raw;
    pg_str text; /* prose between the heading and the first item */
    pg_str text_raw;
    pg_item *items;
    size_t n_items;
    pg_section *sections;
    size_t n_sections;
    uint32_t line;
};

typedef struct pg_doc pg_doc; /* opaque; see the accessors below */

/* ------------------------------------------------------------------ */
/* Parsing                                                              */

typedef struct pg_parse_options {
    /* States of the scale, lowest first, used when the document declares
     * none ("The states are: a -> b -> c").  NULL = the Xen scale
     * none -> fair -> ok -> good -> done. */
    const char *const *default_scale;
    size_t n_default_scale;
    /* Treat line 1 as a Subject even when it is not followed by a blank
     * line (set by the mail reader). */
    bool subject_from_header;
    /* Do not copy the input: the caller keeps buf alive and unchanged
     * until pg_doc_free() (saves one copy of a large input). */
    bool borrow_input;
    /* Keep only what a check needs: the diagnostics, subject, scale and
     * sections; every item is parsed (its diagnostics are found) and
     * dropped at once, so sections have no items and memory stays near
     * the input's size.  For pre-send checks of large inputs. */
    bool diagnostics_only;
    /* Split and group a large input on up to this many threads (each
     * takes at least 1 MiB of it); 0 or 1: the calling thread only.  The
     * document is the same whichever number is given. */
    unsigned threads;
} pg_parse_options;

/* Parse a status update in its text form.  Never fails on content: every
 * byte sequence gives a document (invalid UTF-8, NUL bytes and the like
 * become diagnostics).  Returns NULL only on allocation failure or a bad
 * argument, with err filled.  The input is copied; caller frees the result
 * with pg_doc_free().  opts may be NULL. */
PG_API pg_doc *pg_parse_text(const char *buf, size_t len, const pg_parse_options *opts,
                             pg_error *err);

/* Load the JSON / YAML form of the data model.  Returns NULL with err
 * filled (line, column and the JSON-pointer path of the offending node)
 * when the input is not well formed or does not fit the schema.  Caller
 * frees with pg_doc_free(). */
PG_API pg_doc *pg_load_json(const char *buf, size_t len, pg_error *err);
PG_API pg_doc *pg_load_yaml(const char *buf, size_t len, pg_error *err);

typedef struct pg_load_options {
    /* Do not copy the strings of the input: the caller keeps buf alive
     * and unchanged until pg_doc_free() (as pg_parse_options.borrow_input;
     * a large input's strings are the bulk of its document). */
    bool borrow_input;
} pg_load_options;

/* pg_load_json with options (NULL: pg_load_json's defaults).  A YAML
 * document never points into its input (libyaml hands every scalar
 * over as a copy, which the document keeps). */
PG_API pg_doc *pg_load_json_opts(const char *buf, size_t len, const pg_load_options *opts,
                                 pg_error *err);

PG_API void pg_doc_free(pg_doc *doc);

/* ------------------------------------------------------------------ */
/* Accessors (the document owns everything returned)                    */

PG_API const pg_section *pg_doc_root(const pg_doc *doc);
PG_API pg_str pg_doc_subject(const pg_doc *doc);
/* The effective scale: declared by the document, else the default. */
PG_API size_t pg_doc_scale_size(const pg_doc *doc);
PG_API pg_str pg_doc_scale_state(const pg_doc *doc, size_t i);
/* Meaning of a state from the document's definition lines, absent if none. */
PG_API pg_str pg_doc_scale_meaning(const pg_doc *doc, size_t i);
PG_API bool pg_doc_scale_declared(const pg_doc *doc);
/* Position of state on the scale (0-based), -1 when not on it.  The
 * comparison ignores ASCII case. */
PG_API int pg_doc_state_rank(const pg_doc *doc, pg_str state);
/* The "Last updated: ..." value, absent if the document has none. */
PG_API pg_str pg_doc_last_updated(const pg_doc *doc);
/* Dominant line end ("\n" or "\r\n") and whether a BOM preceded the text. */
PG_API pg_str pg_doc_eol(const pg_doc *doc);
PG_API bool pg_doc_bom(const pg_doc *doc);
/* The original input (text documents only; absent for JSON/YAML). */
PG_API pg_str pg_doc_source(const pg_doc *doc);

/* Findings of the strict grammar, in source order. */
PG_API size_t pg_doc_diag_count(const pg_doc *doc);
PG_API const pg_diag *pg_doc_diag(const pg_doc *doc, size_t i);

/* Comments a replier wrote after a quoted item: the lines of item->text
 * quoted less deeply than the item, as paragraphs with quote markers
 * removed (also in item->comments).  Returns the number of paragraphs. */
PG_API size_t pg_item_comments(const pg_item *item, const pg_str **out);

/* Entries of one kind: count and i-th. */
PG_API size_t pg_item_count(const pg_item *item, pg_entry_kind kind);
PG_API const pg_entry *pg_item_entry(const pg_item *item, pg_entry_kind kind, size_t i);

/* Depth-first walk over every section (root included) and item. */
typedef int (*pg_section_fn)(const pg_section *s, const pg_section *parent, void *ctx);
typedef int (*pg_item_fn)(const pg_item *it, const pg_section *s, void *ctx);
/* Calls sfn for each section before its items, ifn for each item; stops
 * and returns the first non-zero value a callback returns. */
PG_API int pg_doc_walk(const pg_doc *doc, pg_section_fn sfn, pg_item_fn ifn, void *ctx);

/* ------------------------------------------------------------------ */
/* Output                                                               */

/* Where renderers write.  write returns 0 on success, non-zero to stop
 * (the renderer then returns PG_ERR_IO). */
typedef int (*pg_write_fn)(void *ctx, const char *buf, size_t len);

/* A growable buffer sink: pg_buf b = {0}; pg_render_text(doc, pg_buf_write,
 * &b, &err); ... free(b.data). */
typedef struct pg_buf {
    char *data;
    size_t len, cap;
} pg_buf;
PG_API int pg_buf_write(void *buf, const char *data, size_t len);

/* Text: for a parsed, unedited document this gives back the input byte
 * for byte.  Nodes whose raw layout no longer matches their fields (or
 * have none) are written in the canonical form of the grammar. */
PG_API pg_status pg_render_text(const pg_doc *doc, pg_write_fn write, void *ctx, pg_error *err);

enum {
    PG_RENDER_LAYOUT = 1u << 0,  /* JSON/YAML: carry raw layout (default on) */
    PG_RENDER_LINES = 1u << 1,   /* JSON/YAML: add "line" numbers */
    PG_RENDER_COMPACT = 1u << 2, /* JSON: one line */
};
/* JSON: long lists of sections and items are rendered on up to n threads
 * (1..8); the bytes are those of one thread. */
#define PG_RENDER_THREADS(n) (((unsigned)(n)&15u) << 8)
#define PG_RENDER_DEFAULT    PG_RENDER_LAYOUT

/* The JSON / YAML form of the data model (grammar/MODEL.md), streamed to
 * write.  Every string is checked first: one that the format cannot carry
 * (invalid UTF-8) gives PG_ERR_ENCODING naming its line, and nothing is
 * written.  A sink that refuses gives PG_ERR_IO (output may be partial). */

PG_API pg_status pg_render_json(const pg_doc *doc, unsigned flags, pg_write_fn write, void *ctx,
                                pg_error *err);
PG_API pg_status pg_render_yaml(const pg_doc *doc, unsigned flags, pg_write_fn write, void *ctx,
                                pg_error *err);

/* Text straight to JSON or YAML, for inputs too large to hold as a tree:
 * every top-level section is written as the parser closes it (on a second
 * thread, while the parser reads on) and then dropped, so memory follows
 * the input, its line table and the largest section, not the whole tree.
 * The bytes are those of pg_parse_text(buf, len, opts) followed by
 * pg_render_json / pg_render_yaml with flags; a text with a line that is
 * not valid UTF-8 is converted exactly that way, through the whole tree.
 * A parse that runs out of memory or a sink that refuses ends the output
 * where it stands, with the error. */
PG_API pg_status pg_convert_text_json(const char *buf, size_t len, const pg_parse_options *opts,
                                      unsigned flags, pg_write_fn write, void *ctx, pg_error *err);
PG_API pg_status pg_convert_text_yaml(const char *buf, size_t len, const pg_parse_options *opts,
                                      unsigned flags, pg_write_fn write, void *ctx, pg_error *err);

/* JSON or YAML straight to text, for inputs too large to hold as a tree:
 * each section is checked and written as text as soon as it is read, and
 * its tree dropped, so memory follows the input, the text and the largest
 * section.  The bytes, or the error, are those of pg_load_json_opts (with
 * borrow_input) / pg_load_yaml followed by pg_render_text; nothing is
 * written before the whole input has been read and checked (an input the
 * section-by-section read cannot take exactly, such as YAML with anchors,
 * is converted through the whole tree).  A sink that refuses gives
 * PG_ERR_IO (output may be partial). */
PG_API pg_status pg_convert_json_text(const char *buf, size_t len, pg_write_fn write, void *ctx,
                                      pg_error *err);
PG_API pg_status pg_convert_yaml_text(const char *buf, size_t len, pg_write_fn write, void *ctx,
                                      pg_error *err);

/* The canonical text of one node, as pg_render_text would write it with
 * no raw layout (used to decide whether raw layout must be carried). */
PG_API pg_status pg_item_canonical(const pg_doc *doc, const pg_item *item, pg_write_fn write,
                                   void *ctx);

/* ------------------------------------------------------------------ */
/* Mail (src/mail.c, src/mbox.c, src/archive.c)                         */

/* The mail reader uses GMime, which keeps process-wide state: call
 * pg_mail_init() once per process before any pg_mail_* / pg_mbox_* /
 * pg_archive_* call, pg_mail_shutdown() at the end (optional).  Nothing
 * else in the library needs it; the library keeps no state of its own. */
PG_API void pg_mail_init(void);
PG_API void pg_mail_shutdown(void);

/* Does the input start with RFC 5322 header lines ("Name: value" up to a
 * blank line, with From/Subject/Date/Received/Message-ID among them)?
 * False for an mbox (which starts with "From "). */
PG_API bool pg_mail_detect(const char *buf, size_t len);

typedef struct pg_mail pg_mail; /* one message, opaque */

/* What the reader took from a message.  The mail owns every string. */
typedef struct pg_mail_info {
    pg_str subject;   /* RFC 2047 decoded, unfolded */
    pg_str from;      /* "Name <addr>", decoded */
    pg_str from_name; /* display name, absent when none */
    pg_str from_addr;
    pg_str date;              /* ISO 8601 with offset, absent when none */
    int64_t time;             /* Unix time of date, 0 when none */
    pg_str message_id;        /* without <> */
    pg_str in_reply_to;       /* without <> */
    const pg_str *references; /* without <>, oldest first */
    size_t n_references;
    pg_str body;          /* the text/plain part, decoded to UTF-8, as sent */
    pg_str text;          /* "Subject\n\n" + body: what pg_parse_text reads */
    const char *encoding; /* transfer encoding of the body ("base64" ...) */
    pg_str charset;       /* as declared, absent when none */
    bool flowed, delsp;   /* format=flowed / DelSp=yes (kept, not re-flowed) */
} pg_mail_info;

/* Read one message.  first_line is the line of its first header in the
 * file it came from (1 for a lone .eml).  Returns NULL with err filled
 * (err->line = first_line) when the message cannot be read: cut short,
 * broken base64, an unknown charset, no text/plain part.  Caller frees
 * with pg_mail_free(). */
PG_API pg_mail *pg_mail_parse(const char *buf, size_t len, uint32_t first_line, pg_error *err);
PG_API const pg_mail_info *pg_mail_get(const pg_mail *m);
/* Map a line of info->text to a line of the original file: the subject
 * maps to its header line, body lines to their own lines when the body is
 * not transfer-encoded, else to the message's first line. */
PG_API uint32_t pg_mail_line(const pg_mail *m, uint32_t text_line);
/* Is the message a reply by its Subject ("Re:", "[list] Re:", "AW:")? */
PG_API bool pg_mail_is_reply(const pg_mail *m);
PG_API void pg_mail_free(pg_mail *m);

/* mbox archives, read as a stream: memory is bounded by the largest
 * message, not the archive.  Both mboxrd (">From " lines lose one '>')
 * and mboxo are read; gzip-compressed archives are inflated on the fly. */
typedef struct pg_mbox pg_mbox;
/* Source of archive bytes: fill buf with up to cap bytes, return how many
 * (0 = end of input, -1 = read error). */
typedef long (*pg_read_fn)(void *ctx, char *buf, size_t cap);

typedef enum pg_mbox_format {
    PG_MBOX_RD = 0, /* unquote ">From ", ">>From " ... by one '>' */
    PG_MBOX_O       /* unquote only ">From " (mboxo's ambiguous quoting) */
} pg_mbox_format;

PG_API pg_mbox *pg_mbox_open(pg_read_fn read, void *ctx, pg_mbox_format fmt, pg_error *err);
/* The archive already in memory (not copied: keep buf alive). */
PG_API pg_mbox *pg_mbox_open_mem(const char *buf, size_t len, pg_mbox_format fmt, pg_error *err);
/* Is this the start of an mbox (a "From " line) or of gzip data? */
PG_API bool pg_mbox_detect(const char *buf, size_t len);

typedef struct pg_mbox_msg {
    const char *data; /* the message after its From_ line, unquoted;
                          valid until the next pg_mbox_next/free */
    size_t len;
    pg_str envelope;          /* the From_ line after "From " */
    uint64_t offset;          /* byte offset of the From_ line (uncompressed) */
    uint32_t line;            /* line of the From_ line; headers start at line+1 */
    bool truncated;           /* the archive ended (or broke) inside it */
    const char *trunc_reason; /* static text when truncated */
} pg_mbox_msg;

/* Next message: 1 = msg filled, 0 = end of archive, -1 = error (err
 * filled: read error, corrupt gzip before any message, not an mbox). */
PG_API int pg_mbox_next(pg_mbox *mb, pg_mbox_msg *msg, pg_error *err);
/* Bytes consumed from the source so far (compressed bytes for gzip). */
PG_API uint64_t pg_mbox_bytes_read(const pg_mbox *mb);
PG_API void pg_mbox_free(pg_mbox *mb);

/* Threads: Message-ID -> the update a message answers, kept small (ids
 * only) so an archive can be converted as a stream. */
typedef struct pg_threads pg_threads;
PG_API pg_threads *pg_threads_new(void);
/* Record message m.  An update starts a thread; any other message joins
 * the thread of the nearest ancestor it names (In-Reply-To, then
 * References newest first) when that ancestor was recorded before.
 * Returns 1 when m answers a known update (*root_id = that update's
 * Message-ID, valid while t lives), 0 when not, -1 on NOMEM. */
PG_API int pg_threads_add(pg_threads *t, const pg_mail *m, bool is_update, pg_str *root_id);
/* Was an update recorded under exactly m's subject (a follow-up in the
 * same series)? */
PG_API bool pg_threads_series(const pg_threads *t, const pg_mail *m);

typedef enum pg_msg_kind {
    PG_MSG_OTHER = 0,
    PG_MSG_UPDATE,
    PG_MSG_REPLY
} pg_msg_kind;
/* Decide what m (with its parsed body) is, and record it.  An update:
 * not a reply by its Subject, and its body holds unquoted headings or
 * items (pg_doc_is_update) or it continues a recorded update's subject;
 * may_be_update = false (e.g. --subject did not match) rules that out.
 * A reply: answers a recorded update (*root_id = its Message-ID).
 * Returns 0, or -1 on NOMEM. */
PG_API int pg_threads_classify(pg_threads *t, const pg_mail *m, const pg_doc *doc,
                               bool may_be_update, pg_msg_kind *kind, pg_str *root_id);
PG_API void pg_threads_free(pg_threads *t);

/* An archive as data: every status update of an mbox (or of a list of
 * messages) parsed, in date order, with the replies that answer them.
 * This is what history, diff and lint --history read. */
typedef struct pg_archive pg_archive;

/* A message that was read but not converted, and why. */
typedef struct pg_archive_skip {
    uint64_t offset;
    uint32_t line; /* line of its From_ line in the archive */
    char reason[240];
} pg_archive_skip;

typedef struct pg_archive_options {
    const char *subject_regex; /* PCRE2; NULL = every message */
    const pg_parse_options *parse;
    pg_mbox_format format;
} pg_archive_options;

/* Read a whole mbox (plain or gzip) from memory.  NULL with err filled
 * only when the input is no mbox at all, the regex does not compile, or
 * memory runs out; bad messages are skipped and listed. */
PG_API pg_archive *pg_archive_read_mbox(const char *buf, size_t len, const pg_archive_options *opts,
                                        pg_error *err);
/* Same from a stream. */
PG_API pg_archive *pg_archive_read_stream(pg_read_fn read, void *ctx,
                                          const pg_archive_options *opts, pg_error *err);
/* Add one message (an .eml) to an archive (created when *ar is NULL).
 * Returns 1 when it was kept, 0 when skipped (listed), -1 on NOMEM. */
PG_API int pg_archive_add_message(pg_archive **ar, const char *buf, size_t len,
                                  const pg_archive_options *opts, pg_error *err);
/* Put updates in date order (stable) and link replies to updates. Called
 * by the read functions; call it after adding messages by hand.  On
 * PG_ERR_NOMEM the archive lists no updates. */
PG_API pg_status pg_archive_finish(pg_archive *ar);

/* Messages read / converted (updates + replies kept). */
PG_API size_t pg_archive_messages_read(const pg_archive *ar);
PG_API size_t pg_archive_skip_count(const pg_archive *ar);
PG_API const pg_archive_skip *pg_archive_skip_at(const pg_archive *ar, size_t i);

/* Status updates, oldest first. */
PG_API size_t pg_archive_count(const pg_archive *ar);
PG_API const pg_doc *pg_archive_doc(const pg_archive *ar, size_t i);
PG_API const pg_mail *pg_archive_mail(const pg_archive *ar, size_t i);
/* Replies linked (In-Reply-To, References) to update i, oldest first. */
PG_API size_t pg_archive_reply_count(const pg_archive *ar, size_t i);
PG_API const pg_doc *pg_archive_reply_doc(const pg_archive *ar, size_t i, size_t j);
PG_API const pg_mail *pg_archive_reply_mail(const pg_archive *ar, size_t i, size_t j);
/* Messages that are neither updates nor linked replies. */
PG_API size_t pg_archive_other_count(const pg_archive *ar);
/* Does doc look like a status update (unquoted items or headings)? */
PG_API bool pg_doc_is_update(const pg_doc *doc);
PG_API void pg_archive_free(pg_archive *ar);

/* ------------------------------------------------------------------ */
/* Diff and history (src/diff.c, src/history.c, src/history_svg.c)       */

/* One item of either update: paired (both set), added (old NULL) or
 * removed (new NULL).  Pairs are found by title: the same title in a
 * section of the same name, then anywhere, then by likeness (a rename). */
typedef struct pg_item_change {
    const pg_item *old_item, *new_item;
    const pg_section *old_section, *new_section;
    bool changed; /* anything below, or added/removed */
    bool renamed; /* paired by likeness, titles differ */
    bool moved;   /* now under a section of another name */
    bool state_changed;
    int progress;        /* +1 up the scale, -1 down, 0 same/unknown */
    unsigned similarity; /* 0..100: how alike the titles are */
    const pg_str *owners_added;
    size_t n_owners_added;
    const pg_str *owners_dropped;
    size_t n_owners_dropped;
} pg_item_change;

typedef struct pg_diff pg_diff;
/* Compare two documents.  The diff points into both: keep them alive.
 * Entries come in the new document's order, removed items where they
 * stood.  Caller frees with pg_diff_free(). */
PG_API pg_diff *pg_diff_docs(const pg_doc *old_doc, const pg_doc *new_doc, pg_error *err);
PG_API size_t pg_diff_count(const pg_diff *d);
PG_API const pg_item_change *pg_diff_at(const pg_diff *d, size_t i);
PG_API void pg_diff_free(pg_diff *d);

/* Each item's life over a series of updates (oldest first): one row per
 * item, followed through renames; an item that comes back after a gap
 * under the same title keeps its row. */
typedef struct pg_history pg_history;
typedef struct pg_history_row {
    pg_str title;                /* as in the latest update holding it */
    pg_str section;              /* its section's title there */
    const pg_item *const *items; /* [n_docs]: the item in each, NULL absent */
} pg_history_row;

PG_API pg_history *pg_history_build(const pg_doc *const *docs, size_t n_docs, pg_error *err);
PG_API size_t pg_history_docs(const pg_history *h);
PG_API size_t pg_history_rows(const pg_history *h);
PG_API const pg_history_row *pg_history_row_at(const pg_history *h, size_t i);
/* The states counted by the chart: the scale of the latest update, then
 * "no state" (items without a state, or off the scale) last.  Timeline
 * entries and quoted items are not counted.  count(doc, k) = how many items
 * of update doc stood in state k. */
PG_API size_t pg_history_states(const pg_history *h);
PG_API pg_str pg_history_state_name(const pg_history *h, size_t k);
PG_API size_t pg_history_count(const pg_history *h, size_t doc, size_t k);
/* A stacked-area chart of those counts as SVG; labels[doc] names each
 * update on the x axis (may be NULL). */
PG_API pg_status pg_history_svg(const pg_history *h, const char *const *labels, const char *title,
                                pg_write_fn write, void *ctx, pg_error *err);
PG_API void pg_history_free(pg_history *h);

/* ------------------------------------------------------------------ */
/* Merge (src/merge.c): fold owners' replies into the next update        */

/* What one reply proposes for one item of the update. */
typedef struct pg_merge_change {
    pg_str title;     /* the item of the update */
    pg_str old_state; /* its state before (absent = none) */
    pg_str new_state; /* the state the reply names, absent = unchanged */
    pg_str note;      /* the note added: "(Name, YYYY-MM-DD) comment" */
    pg_str by, date;  /* the replier and the reply's date */
} pg_merge_change;

typedef struct pg_merge pg_merge;
/* Start from a copy of update (re-read from its text form; the merge owns
 * it).  Caller frees with pg_merge_free(). */
PG_API pg_merge *pg_merge_new(const pg_doc *update, pg_error *err);
/* Fold one reply in: for each item the reply quotes and comments on (and
 * the update holds, by title), a note with the comment, and the state the
 * comment names when its first paragraph is short and names exactly one
 * state of the scale.  by/date say who wrote it and when. */
PG_API pg_status pg_merge_reply(pg_merge *m, const pg_doc *reply, pg_str by, pg_str date,
                                pg_error *err);
/* The edited update: rendering it as text rewrites only the changed lines. */
PG_API const pg_doc *pg_merge_doc(const pg_merge *m);
PG_API size_t pg_merge_count(const pg_merge *m);
PG_API const pg_merge_change *pg_merge_at(const pg_merge *m, size_t i);
PG_API void pg_merge_free(pg_merge *m);

/* Human-readable name of a status code. */
PG_API const char *pg_status_name(pg_status s);

/* ------------------------------------------------------------------ */
/* Lint                                                                 */
/*
 * Rules that judge a parsed update the way a careful release manager
 * would, plus the writers of their findings.  Nothing here prints: the
 * findings come back in a pg_lint_result the caller frees.
 */

/* One rule of the table (static; pg_lint_rule_count() entries). */
typedef struct pg_lint_rule {
    const char *id;          /* stable kebab-case id */
    pg_severity severity;    /* default */
    bool fixable;            /* has a safe automatic fix (fmt, lint --fix) */
    bool history;            /* needs earlier updates (--previous) */
    const char *summary;     /* one line */
    const char *explanation; /* several paragraphs, for --explain */
} pg_lint_rule;

PG_API size_t pg_lint_rule_count(void);
PG_API const pg_lint_rule *pg_lint_rule_at(size_t i);
/* NULL when no rule has that id. */
PG_API const pg_lint_rule *pg_lint_rule_find(const char *id);

/* Effective settings (opaque; the config owns its strings). */
typedef struct pg_lint_config pg_lint_config;

/* The defaults.  Caller frees with pg_lint_config_free(). */
PG_API pg_lint_config *pg_lint_config_new(void);
PG_API void pg_lint_config_free(pg_lint_config *cfg);
/* Read a .prognosis.yaml over the current settings.  On error err says the
 * line, column and key (path) that is wrong; cfg is then unchanged. */
PG_API pg_status pg_lint_config_load_yaml(pg_lint_config *cfg, const char *buf, size_t len,
                                          pg_error *err);
/* Write the effective settings as YAML (the format load_yaml reads). */
PG_API pg_status pg_lint_config_write_yaml(const pg_lint_config *cfg, pg_write_fn write, void *ctx,
                                           pg_error *err);
/* Severity of a rule id (parser ids included); PG_SEV_OFF = not run. */
PG_API pg_severity pg_lint_config_severity(const pg_lint_config *cfg, const char *rule);
PG_API pg_status pg_lint_config_set_severity(pg_lint_config *cfg, const char *rule, pg_severity s);
/* The scale to parse with when a document declares none (NULL = Xen's). */
PG_API const char *const *pg_lint_config_scale(const pg_lint_config *cfg, size_t *n);
/* "Today" for overdue-item: the one given (--today) wins; else the
 * document's Date: header, else its Last updated: line, else the clock
 * value given here.  Dates as y, m (1-12), d; 0 = unknown. */
PG_API void pg_lint_config_set_today(pg_lint_config *cfg, int y, int m, int d);
PG_API void pg_lint_config_set_clock(pg_lint_config *cfg, int y, int m, int d);
/* Run the rule families (lines, structure, duplicates, timeline, history) on threads
 * of their own when n > 1 (default 1); the findings are the same. */
PG_API void pg_lint_config_set_threads(pg_lint_config *cfg, unsigned n);

/* A safe automatic fix: replace len bytes at offset by text (owned by
 * the lint result). */
typedef struct pg_fix {
    size_t offset, len;
    char *text;
    size_t text_len;
} pg_fix;

typedef struct pg_finding {
    pg_diag diag; /* rule, severity, position, message */
    pg_fix fix;   /* fix.text == NULL and fix.len == 0: no fix */
    bool has_fix;
} pg_finding;

typedef struct pg_lint_store pg_lint_store; /* private */
typedef struct pg_lint_result {
    pg_finding *findings; /* sorted by line, column, rule */
    size_t n;
    pg_lint_store *store; /* the findings' messages and fix texts */
} pg_lint_result;

/* Lint doc (with the parser's own findings folded in).  previous are
 * earlier updates of the same document, oldest first (may be 0).  cfg
 * may be NULL (defaults).  Fills out; caller frees with
 * pg_lint_result_free(). */
PG_API pg_status pg_lint(const pg_doc *doc, const pg_lint_config *cfg,
                         const pg_doc *const *previous, size_t n_prev, pg_lint_result *out,
                         pg_error *err);
/* Parse text and lint it in one go, section by section as the parser
 * closes them, never holding the document's tree: the findings are
 * those of pg_parse_text(buf, len, opts) then pg_lint(doc, cfg, NULL, 0),
 * in the same order, at half the memory (duplicate-item tells items
 * apart by 96 bits of hashes of their keys, not the keys: two items of a
 * 10^6-item update are taken for one with a chance of 10^-17).  The
 * history rules: pg_lint_text_history below.  opts as
 * for pg_parse_text (its diagnostics_only is ignored); cfg may be NULL
 * (defaults).  A failed parse gives the parser's error. */
PG_API pg_status pg_lint_text(const char *buf, size_t len, const pg_parse_options *opts,
                              const pg_lint_config *cfg, pg_lint_result *out, pg_error *err);

/* An earlier update reduced to what the history rules (stale-item,
 * state-regressed, item-dropped) compare: each tracked item's title,
 * state, tag, section and line, in a fraction of its tree's memory.
 * cfg is the one the lint will use (its no-state sections say which
 * items are open); NULL: the defaults.  From a document, or from text
 * parsed section by section without holding its tree.  NULL on error,
 * with err filled; free with pg_lint_digest_free(). */
typedef struct pg_lint_digest pg_lint_digest;
PG_API pg_lint_digest *pg_lint_digest_doc(const pg_doc *doc, const pg_lint_config *cfg,
                                          pg_error *err);
PG_API pg_lint_digest *pg_lint_digest_text(const char *buf, size_t len,
                                           const pg_parse_options *opts, const pg_lint_config *cfg,
                                           pg_error *err);
PG_API void pg_lint_digest_free(pg_lint_digest *d);
/* pg_lint_text with the history rules: previous are digests of earlier
 * updates, oldest first (may be 0), made with the same cfg.  The
 * findings are those of pg_lint(doc, cfg, their documents, n_prev), and
 * neither the document's tree nor theirs is held. */
PG_API pg_status pg_lint_text_history(const char *buf, size_t len, const pg_parse_options *opts,
                                      const pg_lint_config *cfg,
                                      const pg_lint_digest *const *previous, size_t n_prev,
                                      pg_lint_result *out, pg_error *err);
PG_API void pg_lint_result_free(pg_lint_result *r);
/* Count findings at or above sev. */
PG_API size_t pg_lint_result_count(const pg_lint_result *r, pg_severity sev);
/* Replace finding i's message by a copy of message (cut as any message
 * is), e.g. to renumber lines for the file a body came from. */
PG_API pg_status pg_lint_result_set_message(pg_lint_result *r, size_t i, const char *message,
                                            pg_error *err);

/* Apply the non-overlapping fixes of r to src (the document's source) and
 * write the result.  *applied (may be NULL) gets how many were used. */
PG_API pg_status pg_lint_apply_fixes(const char *src, size_t len, const pg_lint_result *r,
                                     pg_write_fn write, void *ctx, size_t *applied, pg_error *err);

/* fmt: the canonical text of buf (parse, fix everything fixable, repeat
 * until stable).  changed (may be NULL) says whether it differs. */
PG_API pg_status pg_fmt(const char *buf, size_t len, const pg_lint_config *cfg, pg_write_fn write,
                        void *ctx, bool *changed, pg_error *err);

/* Reports over several files.  src may be NULL (no snippets). */
typedef struct pg_report_file {
    const char *name;
    const pg_lint_result *result;
} pg_report_file;

PG_API pg_status pg_report_json(const pg_report_file *files, size_t n, pg_write_fn write, void *ctx,
                                pg_error *err);
PG_API pg_status pg_report_sarif(const pg_report_file *files, size_t n, pg_write_fn write,
                                 void *ctx, pg_error *err);
PG_API pg_status pg_report_github(const pg_report_file *files, size_t n, pg_write_fn write,
                                  void *ctx, pg_error *err);
PG_API const char *pg_lint_severity_name(pg_severity s);
/* "error" | "warning" | "info" | "off" -> severity; false if none. */
PG_API bool pg_lint_severity_parse(const char *s, pg_severity *out);

#ifdef __cplusplus
}
#endif
#endif /* PROGNOSIS_H */
