/* test_parse.c - the parser on real mail and on hostile edges: what a
 * person reads must come out, and text -> tree -> text is the identity. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* pg__alloc_count */
#include "test_util.h"

static int count_item(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)it, (void)s;
    ++*(size_t *)ctx;
    return 0;
}

static pg_doc *parse(const char *s, size_t n)
{
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(s, n, NULL, &err);
    ck_assert_msg(doc != NULL, "parse failed: %s", err.message);
    return doc;
}

static bool str_is(pg_str s, const char *want)
{
    return s.ptr && s.len == strlen(want) && !memcmp(s.ptr, want, s.len);
}

/* Find an item by title anywhere in the tree. */
typedef struct {
    const char *title;
    const pg_item *found;
    const pg_section *in;
} finder;
static int find_item(const pg_item *it, const pg_section *s, void *ctx)
{
    finder *f = ctx;
    if (str_is(it->title, f->title)) {
        f->found = it;
        f->in = s;
        return 1;
    }
    return 0;
}
static const pg_item *item_named(const pg_doc *doc, const char *title, const pg_section **in)
{
    finder f = {title, NULL, NULL};
    pg_doc_walk(doc, NULL, find_item, &f);
    if (in)
        *in = f.in;
    return f.found;
}

/* Every corpus file and both seeds: parse and write back identically. */
static void roundtrip_file(const char *path, const char *buf, size_t len, void *ctx)
{
    const char *why = tu_text_roundtrip(buf, len);
    if (why) {
        fprintf(stderr, "%s: %s\n", path, why);
        ++*(int *)ctx;
    }
}

START_TEST(corpus_roundtrip)
{
    int failures = 0;
    tu_each_corpus_file("corpus round trip", roundtrip_file, &failures);
    ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(seed_xen45_items)
{
    size_t len;
    char *buf = tu_read_file("../shared/seeds/003_75bd3043f37915df.txt", &len);
    if (!buf) {
        fprintf(stderr, "note: seed 003 not found; skipped\n");
        return;
    }
    pg_doc *doc = parse(buf, len);
    ck_assert(str_is(pg_doc_subject(doc), "[Xen-devel] Xen 4.5 development update"));
    ck_assert(pg_doc_scale_declared(doc));
    ck_assert_uint_eq(pg_doc_scale_size(doc), 5);
    ck_assert(
        str_is(pg_doc_scale_meaning(doc, 1), "still working on it, patches are prototypes or RFC"));

    const pg_section *sec;
    const pg_item *remus = item_named(doc, "Remus in Xen", &sec);
    ck_assert_ptr_nonnull(remus);
    ck_assert(str_is(remus->state, "ok"));
    ck_assert(str_is(sec->title, "lib{xc,xl} and toolstack"));
    ck_assert_uint_eq(pg_item_count(remus, PG_ENTRY_OWNER), 3);
    ck_assert(str_is(pg_item_entry(remus, PG_ENTRY_OWNER, 2)->value, "Dong, Eddie"));

    /* A soft break inside the title: one item, state fair. */
    const pg_item *var = item_named(
        doc, "Rearrange and cleanup installation destination directories (/var -> var/lib/xen)",
        NULL);
    ck_assert_ptr_nonnull(var);
    ck_assert(str_is(var->state, "fair"));

    /* "(Xen 4.4)" is a release tag, "(none)" the state. */
    const pg_item *ht = item_named(doc, "HT enabled, virtualization overhead is high", NULL);
    ck_assert_ptr_nonnull(ht);
    ck_assert(str_is(ht->state, "none"));
    ck_assert(str_is(ht->tag, "Xen 4.4"));
    ck_assert_int_eq(ht->tag_kind, PG_TAG_RELEASE);

    /* UTF-8 owner name survives. */
    const pg_item *pvh = item_named(doc, "PVH FreeBSD dom0", NULL);
    ck_assert(str_is(pg_item_entry(pvh, PG_ENTRY_OWNER, 0)->value, "Roger Pau Monn\xC3\xA9"));

    /* Up for grabs: no owners, mostly no state; "(in master)" is no state. */
    const pg_item *pod = item_named(doc, "PoD fixes", &sec);
    ck_assert(str_is(sec->title, "Up for grabs"));
    ck_assert_uint_eq(pg_item_count(pod, PG_ENTRY_OWNER), 0);
    ck_assert_ptr_null(pod->state.ptr);
    const pg_item *dbe =
        item_named(doc, "Data breakpoint Extension support (new-feat) (in master)", &sec);
    ck_assert_ptr_nonnull(dbe);
    ck_assert_ptr_null(dbe->state.ptr);
    ck_assert(str_is(sec->title, "Completed"));

    /* Timeline entries. */
    const pg_item *ff = item_named(doc, "Feature Freeze", &sec);
    ck_assert(str_is(ff->date, "10th September 2014"));
    ck_assert(str_is(sec->title, "Timeline"));
    pg_doc_free(doc);
    free(buf);
}
END_TEST

START_TEST(seed_reply_comments)
{
    size_t len;
    char *buf = tu_read_file("../shared/seeds/000_0d15365fce9177f4.txt", &len);
    if (!buf) {
        fprintf(stderr, "note: seed 000 not found; skipped\n");
        return;
    }
    pg_doc *doc = parse(buf, len);
    const pg_item *pvh = item_named(doc, "PVH mode (w/ Linux)", NULL);
    ck_assert_ptr_nonnull(pvh);
    ck_assert_uint_eq(pvh->quote, 1);
    ck_assert_int_eq(pvh->dialect, PG_DIALECT_KEYED);
    ck_assert(str_is(pvh->state, "good"));
    ck_assert(str_is(pg_item_entry(pvh, PG_ENTRY_OWNER, 0)->value, "mukesh@oracle"));
    ck_assert(str_is(pg_item_entry(pvh, PG_ENTRY_FIELD, 0)->key, "status (Linux)"));
    const pg_str *c;
    ck_assert_uint_eq(pg_item_comments(pvh, &c), 1);
    ck_assert(c[0].len > 20 && !memcmp(c[0].ptr, "The Linux side is good.", 23));
    const pg_item *blk = item_named(doc, "Multi-page blk rings", NULL);
    ck_assert_int_eq(blk->tag_kind, PG_TAG_SCOPE);
    ck_assert_uint_eq(pg_item_count(blk, PG_ENTRY_SUBITEM), 2);
    ck_assert_ptr_null(blk->state.ptr); /* "prognosis: UNKNOWN" is no state */
    pg_doc_free(doc);
    free(buf);
}
END_TEST

/* Input edges: each parses, reports what it must, and round-trips. */
static void edge(const char *s, size_t n, const char *rule)
{
    pg_doc *doc = parse(s, n);
    bool seen = rule == NULL;
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++)
        if (rule && !strcmp(pg_doc_diag(doc, i)->rule, rule))
            seen = true;
    ck_assert_msg(seen, "expected a %s finding", rule);
    pg_doc_free(doc);
    const char *why = tu_text_roundtrip(s, n);
    ck_assert_msg(why == NULL, "round trip: %s", why);
}

/* Literal inputs: the length comes from the literal (NULs included). */
#define EDGE(lit, rule) edge(lit, sizeof(lit) - 1, rule)

START_TEST(edges)
{
    EDGE("", NULL);
    EDGE("\xEF\xBB\xBF", NULL);
    EDGE("\xEF\xBB\xBFSubject\n\n*  A (ok)\n", NULL);
    EDGE("*  A (ok)\r\n  -  Bob\r\n\r\n*  B\n", NULL); /* mixed CRLF/LF */
    EDGE("*  A (ok)\r  -  Bob\r", NULL);               /* CR only */
    EDGE("*  A (ok)\n  -  Bob", NULL);                 /* no final newline */
    EDGE("*  A\0B (ok)\n", "nul-byte");
    EDGE("*  A \xC3 (ok)\n", "invalid-utf8");       /* truncated */
    EDGE("*  \xC0\xAF (ok)\n", "invalid-utf8");     /* overlong */
    EDGE("*  \xED\xA0\x80 (ok)\n", "invalid-utf8"); /* surrogate */
    EDGE("*  A (ok)\n\t-\tBob\n", NULL);            /* tabs */
    EDGE("==ARM==\n", "malformed-heading");
    EDGE("== ARM =\n", "malformed-heading");
    EDGE("*  A (ok)\n\n  -  Bob\n", "orphan-owner");
    /* binary garbage */
    char bin[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (char)(x >> 16);
    }
    edge(bin, sizeof bin, "invalid-utf8");
}
END_TEST

START_TEST(long_line)
{
    size_t n = 10u << 20;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, 'x', n);
    memcpy(s, "*  ", 3);
    s[n] = '\n';
    edge(s, n + 1, NULL);
    /* Backtracking bait for the trailing-URL and here-marker patterns. */
    for (size_t i = 3; i < n; i++)
        s[i] = "<=[ http://"[i % 11];
    edge(s, n + 1, NULL);
    free(s);
}
END_TEST

START_TEST(crlf_document)
{
    const char *s = "Subject\r\n\r\n= Open =\r\n\r\n*  A (good)\r\n  -  Ann\r\n\r\nfooter\n";
    pg_doc *doc = parse(s, strlen(s));
    ck_assert(str_is(pg_doc_eol(doc), "\r\n"));
    const pg_item *a = item_named(doc, "A", NULL);
    ck_assert(str_is(a->state, "good"));
    pg_doc_free(doc);
    ck_assert_ptr_null(tu_text_roundtrip(s, strlen(s)));
}
END_TEST

/* A diagnostics-only parse (what `check` runs) finds exactly the
 * diagnostics of a full parse and keeps no item. */
static void same_diags(const char *what, const char *buf, size_t len)
{
    pg_error err = {0};
    pg_parse_options o = {.diagnostics_only = true};
    pg_doc *full = parse(buf, len);
    pg_doc *lean = pg_parse_text(buf, len, &o, &err);
    ck_assert_msg(lean != NULL, "%s: %s", what, err.message);
    ck_assert_msg(pg_doc_diag_count(full) == pg_doc_diag_count(lean), "%s: %zu diagnostics, %zu",
                  what, pg_doc_diag_count(full), pg_doc_diag_count(lean));
    for (size_t i = 0; i < pg_doc_diag_count(full); i++) {
        const pg_diag *a = pg_doc_diag(full, i), *b = pg_doc_diag(lean, i);
        ck_assert_msg(!strcmp(a->rule, b->rule) && a->line == b->line && a->column == b->column &&
                          !strcmp(a->message, b->message),
                      "%s: diagnostic %zu: %s at %u:%u, %s at %u:%u", what, i, a->rule, a->line,
                      a->column, b->rule, b->line, b->column);
    }
    size_t items = 0;
    pg_doc_walk(lean, NULL, count_item, &items);
    ck_assert_msg(items == 0, "%s: %zu items kept", what, items);
    pg_doc_free(full);
    pg_doc_free(lean);
}

static void same_diags_file(const char *path, const char *buf, size_t len, void *ctx)
{
    (void)ctx;
    same_diags(path, buf, len);
}

START_TEST(diagnostics_only)
{
    /* Where each item ends decides the orphan findings after it: items
     * of every dialect and shape, each followed by a line that is an
     * orphan only if the item ended before it. */
    static const char *const cases[] = {
        "==ARM==\n\n*  A (ok)\n  -  Bob\n\n  -  orphan\n",
        "Subject\n\n= Open =\n\n*  A \xC3 (ok)\n  key: v\n   note\n\nprose after\n== B =\n*  C\n",
        "*  A (ok)\r\n  -  Bob\r\n\n*  B (bad state)\n",
        "= Timeline =\n* Freeze: 1st May\n  <== WE ARE HERE\n  -  Ann\n* Release: 2nd June  <== WE "
        "ARE "
        "HERE\n  -  Bob\n",
        "S: Record one\nO: Ann\nP: ok\nS: Record two\nV: x\n  -  dash\nS2: more\n",
        "*  Keyed (v2)\n  owner: Ann\n  status: fine\n  -  sub\n  prognosis: ok\n\n  owner: x\n",
        "*  [PATCH v3] a list item whose title\ngoes on here [http://x/y]\n  -  Ann\n    * "
        "deeper\n  "
        "*  sub\n*  next\n-- \nsig\n  -  not owned\n",
        "*  Soft broken \n   title (ok)\n  -  Owner \n  name\n   a note \n   going on\n\n  stray\n",
        "> *  Quoted (ok)\n>   -  Ann\n  -  unquoted\n> \n>>  -  deeper\n",
        "*  A\n____\n  -  after a footer rule\n*  B\nLabel:\n  -  under a label\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        same_diags("case", cases[i], strlen(cases[i]));
    static const char nul[] = "*  A\0B (ok)\n  -  Bob\n";
    same_diags("NUL case", nul, sizeof nul - 1);
    tu_each_fixture("fixtures", ".txt", same_diags_file, NULL);
    tu_each_corpus_file("diagnostics-only corpus part", same_diags_file, NULL);
}
END_TEST

/* A diagnostics-only parse gives each item's space back: the block an
 * item opens is kept for the next one, not freed and allocated again, so
 * the allocations do not grow with the items. */
START_TEST(diagnostics_only_no_allocation_per_item)
{
    enum {
        ITEMS = 100000
    };
    size_t cap = (size_t)ITEMS * 48 + 64, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)snprintf(s + n, cap - n, "== Area ==\n\n");
    for (int i = 0; i < ITEMS; i++)
        n += (size_t)snprintf(s + n, cap - n, "*  Item %d (ok)\n  -  Owner %d\n  note\n\n", i, i);
    pg_parse_options o = {.diagnostics_only = true};
    pg_error err = {0};
    pg__alloc_fail_after(-1); /* counts from here */
    pg_doc *doc = pg_parse_text(s, n, &o, &err);
    long allocs = pg__alloc_count();
    ck_assert_msg(doc != NULL, "%s", err.message);
    ck_assert_msg(allocs < ITEMS / 100, "%ld allocations for %d items", allocs, ITEMS);
    pg_doc_free(doc);
    free(s);
}
END_TEST

/* Quote depths, prefixes and indents too large for a line record's
 * packed fields (over 255 markers, a 64 KiB prefix, 300 blanks) read the
 * same as small ones: the parser keeps them in its side table. */
static void wide_item(unsigned depth, unsigned indent)
{
    size_t cap = 2 * depth * 3 + indent + 64, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    for (int line = 0; line < 2; line++) {
        for (unsigned d = 0; d < depth; d++) {
            s[n++] = '>';
            s[n++] = ' ';
        }
        const char *body = line ? "-  Bob\n" : "*  Wide (ok)\n";
        if (line) {
            memset(s + n, ' ', indent);
            n += indent;
        }
        memcpy(s + n, body, strlen(body));
        n += strlen(body);
    }
    pg_doc *doc = parse(s, n);
    const pg_item *it = item_named(doc, "Wide", NULL);
    ck_assert_msg(it != NULL, "depth %u indent %u: no item", depth, indent);
    ck_assert_uint_eq(it->quote, depth);
    ck_assert(str_is(it->state, "ok"));
    ck_assert_uint_eq(it->n_entries, 1);
    ck_assert_int_eq(it->entries[0].kind, PG_ENTRY_OWNER);
    ck_assert(str_is(it->entries[0].value, "Bob"));
    pg_doc_free(doc);
    ck_assert_ptr_null(tu_text_roundtrip(s, n));
    free(s);
}

START_TEST(wide_lines)
{
    wide_item(3, 2);       /* packed */
    wide_item(300, 2);     /* depth over 255 */
    wide_item(3, 300);     /* indent over 255 */
    wide_item(40000, 300); /* prefix over 64 KiB */
}
END_TEST

/* Inputs that once failed a round trip through JSON or YAML. */
START_TEST(data_roundtrip_regressions)
{
    static const char *const cases[] = {
        /* CRLF document, one bare-LF blank line after an item */
        "S\r\n\r\n*  A (ok)\r\n  -  B\r\n\n*  C (ok)\r\n  -  D\r\n",
        /* timeline entry without a colon, then a marker line */
        "Subject\n\n= Timeline =\n\n* Last posting date September 13th, 2019\n"
        "---> We are here\n* Release: November 7th, 2019\n",
        /* empty records title */
        "S:\nO: Bob\n\nEOF\n",
        /* no final newline after an owner */
        "*  A (ok)\n  -  Bob",
        /* keyed items (found by fuzzing): a dash line before the first key
         * line, a state in the head with an empty key line */
        "* o\n  - c\n status:",
        "* p(fair)\n owner:",
        "* x (fair)\n prognosis:\n",
        "* p (fair)\n owner:\n",
        /* a tracking-list item with keyed lines, the state on one of them */
        "  * [PATCH] x\n  status: a\n  prognosis: ok\n",
        "  * [PATCH] x\n  status: a\n  -  b\n  prognosis: ok\n",
        /* a records item with key lines of the other dialects */
        "S: x\nO: a\n  prognosis: Excellent\n  Link: http://b.example/1\nP: ok\n",
        /* the state in the head, then a non-canonical state line: a field
         * (found by fuzzing) */
        "*  SMAP (done)\n  owner: mukesh\n prognosis: ok\n",
        /* the first scale declaration is a note under an item, a second
         * one is prose: the reader must take the first, as the parser does */
        "S\n\n*  A (done)\n\tThe states are: none -> fair -> ok -> good -> done\n\n"
        "The states are: x -> y\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i]);
        ck_assert_msg(tu_text_roundtrip(cases[i], n) == NULL, "case %zu: text", i);
        const char *j = tu_data_roundtrip(cases[i], n, false);
        ck_assert_msg(j == NULL, "case %zu via JSON: %s", i, j);
        const char *y = tu_data_roundtrip(cases[i], n, true);
        ck_assert_msg(y == NULL, "case %zu via YAML: %s", i, y);
    }
}
END_TEST

Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_roundtrip);
    tcase_add_test(tc, seed_xen45_items);
    tcase_add_test(tc, seed_reply_comments);
    tcase_add_test(tc, edges);
    tcase_add_test(tc, long_line);
    tcase_add_test(tc, crlf_document);
    tcase_add_test(tc, wide_lines);
    tcase_add_test(tc, diagnostics_only);
    tcase_add_test(tc, diagnostics_only_no_allocation_per_item);
    tcase_add_test(tc, data_roundtrip_regressions);
    suite_add_tcase(s, tc);
    return s;
}
