/* test_yaml.c - pg_render_yaml / pg_load_yaml: block style for people,
 * quoting of strings that look like other types, block scalars that read
 * back exactly, the same schema errors as JSON, and hostile input (alias
 * bombs, deep nesting, several documents). */
#include "io_helpers.h"

#include <stdio.h>
#include <time.h>

static char *render_yaml(const pg_doc *d, unsigned flags)
{
    return io_render(pg_render_yaml, d, flags, NULL);
}

/* s with its line breaks as spaces: what a title or an owner can hold
 * (one line of the text; the reader refuses a line break there). */
static char *one_line_of(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    ck_assert_ptr_nonnull(o);
    for (size_t i = 0; i < n; i++)
        o[i] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
    o[n] = '\0';
    return o;
}

/* A one-item document whose text is s, and title and owner s on one line. */
static pg_doc *doc_with(const char *s, size_t n)
{
    pg_doc *d = pg__doc_new(NULL);
    d->root.items = pg__items_alloc(d, 1);
    d->root.n_items = 1;
    pg_item *it = &d->root.items[0];
    char *line = one_line_of(s, n);
    it->title = io_sn(d, line, n);
    it->text = io_sn(d, s, n);
    it->entries = pg__entries_alloc(d, 1);
    it->n_entries = 1;
    it->entries[0].kind = PG_ENTRY_OWNER;
    it->entries[0].value = io_sn(d, line, n);
    free(line);
    return d;
}

/* s survives render -> load in text, and on one line in title and owner. */
static void check_string(const char *s, size_t n)
{
    pg_doc *d = doc_with(s, n);
    size_t len;
    char *y = io_render(pg_render_yaml, d, PG_RENDER_DEFAULT, &len);
    pg_error err = {0};
    pg_doc *d2 = pg_load_yaml(y, len, &err);
    ck_assert_msg(d2 != NULL, "reload failed (%s at %u:%u) for:\n%s", err.message, err.line,
                  err.column, y);
    ck_assert_uint_eq(d2->root.n_items, 1);
    const pg_item *it = &d2->root.items[0];
    pg_str want = pg__str(s, n);
    char *line = one_line_of(s, n);
    pg_str want_line = pg__str(line, n);
    ck_assert_msg(pg__str_eq(it->title, want_line), "title changed:\n%s", y);
    /* One blank line is the default text: written as none, read as none. */
    pg_str text = it->text.ptr ? it->text : pg__cstr("\n");
    ck_assert_msg(pg__str_eq(text, want), "text changed:\n%s", y);
    ck_assert_uint_eq(it->n_entries, 1);
    ck_assert_msg(pg__str_eq(it->entries[0].value, want_line), "owner changed:\n%s", y);
    free(line);
    free(y);
    pg_doc_free(d2);
    pg_doc_free(d);
}

/* ------------------------------------------------------------ writing */

START_TEST(yaml_shape)
{
    pg_doc *d = io_sample_doc();
    char *s = render_yaml(d, PG_RENDER_DEFAULT);
    ck_assert_msg(!strncmp(s, "---\nprognosis: 1\nsubject: ", 26), "%.60s", s);
    ck_assert_ptr_null(strchr(s, '{')); /* block style throughout */
    ck_assert_ptr_nonnull(
        strstr(s, "\n  - title: Timeline\n") ? s : strstr(s, "\n- title: Timeline\n"));
    ck_assert_ptr_nonnull(strstr(s, "value: 'yes'\n")); /* would be a boolean */
    ck_assert_ptr_nonnull(strstr(s, "- 'null'\n"));     /* would be null */
    ck_assert_ptr_nonnull(strstr(s, "state: null\n"));  /* is null */
    ck_assert_ptr_nonnull(strstr(s, "here: true\n"));
    ck_assert_ptr_nonnull(strstr(s, "  text: |\n        > > text\n        > comment\n"));
    ck_assert_ptr_nonnull(strstr(s, "owners: []\n"));
    ck_assert_ptr_nonnull(strstr(s, "text: ''\n")); /* empty, not absent */
    ck_assert_ptr_nonnull(strstr(s, "      - Dong, Eddie\n"));
    ck_assert_ptr_nonnull(strstr(s, "head: \"*   Raw item   (fair)\\n\"\n"));
    ck_assert_ptr_null(strstr(s, "line:"));
    free(s);
    s = render_yaml(d, 0);
    ck_assert_ptr_null(strstr(s, "layout:"));
    free(s);
    s = render_yaml(d, PG_RENDER_LAYOUT | PG_RENDER_LINES);
    ck_assert_ptr_nonnull(strstr(s, "  line: 16\n"));
    free(s);
    pg_doc_free(d);
}
END_TEST

START_TEST(yaml_round_trip)
{
    pg_doc *d = io_sample_doc();
    unsigned flags[] = {PG_RENDER_DEFAULT, 0};
    for (size_t i = 0; i < 2; i++) {
        size_t n;
        char *y = io_render(pg_render_yaml, d, flags[i], &n);
        pg_doc *d2 = io_load(pg_load_yaml, y, n);
        char *y2 = render_yaml(d2, flags[i]);
        ck_assert_msg(!strcmp(y, y2), "YAML round trip differs:\n%s\n---- vs ----\n%s", y, y2);
        /* YAML and JSON carry the same data. */
        char *j1 = io_render(pg_render_json, d, flags[i], NULL);
        char *j2 = io_render(pg_render_json, d2, flags[i], NULL);
        ck_assert_str_eq(j1, j2);
        pg_doc *d3 = io_load(pg_load_json, j1, strlen(j1));
        char *y3 = render_yaml(d3, flags[i]);
        ck_assert_str_eq(y, y3);
        free(y), free(y2), free(y3), free(j1), free(j2);
        pg_doc_free(d2);
        pg_doc_free(d3);
    }
    pg_doc_free(d);
}
END_TEST

/* Strings a YAML reader would take for something else are quoted. */
static const char *const typed[] = {
    "yes",    "no",   "on",   "off",   "Yes",  "NO",         "y",     "n",     "true", "False",
    "null",   "Null", "~",    "",      "1.0",  "0x1F",       "0o17",  "017",   "1e3",  "-1",
    "+1",     ".5",   ".inf", "-.Inf", ".NaN", "2014-09-10", "12:30", "1_000", "=",    "<<",
    "- x",    ": x",  "#x",   "? x",   "&a",   "*a",         "!x",    "|",     ">",    "'q",
    "\"q",    "%x",   "@x",   "`x",    "[x",   "{x",         ", x",   "x: y",  "x #y", " lead",
    "trail ", "-",    "---",  "...",   "a\tb", "\t"};

START_TEST(yaml_quoting)
{
    const char *s = typed[_i];
    check_string(s, strlen(s));
    /* Written quoted (or as a block scalar): never a bare plain scalar. */
    pg_doc *d = doc_with(s, strlen(s));
    char *y = render_yaml(d, 0);
    char plain[80];
    snprintf(plain, sizeof plain, "- title: %s\n", s);
    ck_assert_msg(!strstr(y, plain), "written plain:\n%s", y);
    free(y);
    pg_doc_free(d);
}
END_TEST

/* Ordinary text stays plain and readable. */
START_TEST(yaml_plain_when_safe)
{
    const char *s[] = {
        "Julien Grall", "Dong, Eddie",    "10th September 2014",        "ARM - IOMMU support",
        "Xen 4.5",      "PATCH v5 00/13", "https://lore.kernel.org/x/", "none -> fair -> ok"};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        pg_doc *d = doc_with(s[i], strlen(s[i]));
        char *y = render_yaml(d, 0);
        char plain[80];
        snprintf(plain, sizeof plain, "- title: %s\n", s[i]);
        ck_assert_msg(strstr(y, plain), "not plain:\n%s", y);
        free(y);
        pg_doc_free(d);
    }
}
END_TEST

/* Multi-line strings: block scalars where they carry the string exactly,
 * double quotes where they cannot. */
static const struct block {
    const char *s;
    bool literal; /* expect a "|" block scalar */
} blocks[] = {
    {"a\nb\n", true},
    {"a\nb", true},
    {"a\nb\n\n", true},
    {"a\nb\n\n\n", true},
    {"\na\nb\n", true},
    {"\n\na\n", true},
    {"  lead\nb\n", true},
    {" \nb\n", false},
    {"a  \nb\n", false},
    {"a\nb ", false},
    {"a\n\n\nb", true},
    {"\ta\nb\n", false}, /* libyaml: a tab is not printable */
    {"a\r\nb\r\n", false},
    {"x\n", false},
    {"\n", false},
    {"\n\n", true},
    {"a\n  \nb\n", false},
    {"# not a comment\n- not a list\n", true},
    {"a\n---\nb\n", true},
    {"a\n...\nb\n", true},
    {"a\xe2\x80\xa8"
     "b\n",
     false},
    {"caf\xc3\xa9\nna\xc3\xafve\n", true},
    {"> > quoted\n> reply\n", true},
    {"a\n b\n  c\n", true},
    {"key: value\nother: x\n", true},
};

START_TEST(yaml_block_scalars)
{
    const struct block *b = &blocks[_i];
    check_string(b->s, strlen(b->s));
    pg_doc *d = doc_with(b->s, strlen(b->s));
    char *y = render_yaml(d, 0);
    bool literal = strstr(y, "text: |") != NULL;
    ck_assert_msg(literal == b->literal, "style (literal=%d) for:\n%s", literal, y);
    free(y);
    pg_doc_free(d);
}
END_TEST

/* Random strings over an alphabet of troublemakers all read back. */
START_TEST(yaml_random_strings)
{
    static const char *const alphabet[] = {"a", " ",  "\n",   "\t",       "#",       ":",  "-",
                                           "'", "\"", "\r",   "\xc3\xa9", "|",       "\\", "0",
                                           ".", "~",  "\x01", "\0",       "\xc2\x85"};
    unsigned seed = 12345;
    char buf[64];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, want = (seed = seed * 1103515245u + 12345u) >> 16 & 15;
        for (size_t k = 0; k < want; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *c = alphabet[(seed >> 16) % 19];
            size_t cl = (seed >> 16) % 19 == 17 ? 1 : strlen(c);
            memcpy(buf + n, c, cl);
            n += cl;
        }
        check_string(buf, n);
    }
}
END_TEST

START_TEST(yaml_nul_and_encoding)
{
    check_string("a\0b", 3);
    pg_doc *d = doc_with("a\0b", 3);
    char *y = render_yaml(d, 0);
    ck_assert_ptr_nonnull(strstr(y, "\"a\\0b\""));
    free(y);
    pg_doc_free(d);
    d = doc_with("bad \xff here", 10);
    d->root.items[0].line = 7;
    pg_buf b = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_render_yaml(d, 0, pg_buf_write, &b, &err), PG_ERR_ENCODING);
    ck_assert_uint_eq(err.line, 7);
    ck_assert_ptr_nonnull(strstr(err.message, "line 7"));
    ck_assert_ptr_nonnull(strstr(err.message, "YAML"));
    free(b.data);
    pg_doc_free(d);
}
END_TEST

/* ------------------------------------------------------------ reading */

#define Y_ITEM "items:\n- title: T\n  state: null\n  owners: []\n  notes: []\n"

static const struct ybad {
    const char *yaml;
    pg_status code;
    const char *path;
    const char *says;
    unsigned line;
} ybad[] = {
    {"", PG_ERR_SCHEMA, "", "no YAML document", 1},
    {"# only a comment\n", PG_ERR_SCHEMA, "", "no YAML document", 2},
    {"--- x\n", PG_ERR_SCHEMA, "", "expected a mapping, got string", 1},
    {"- a\n", PG_ERR_SCHEMA, "", "expected a mapping, got sequence", 1},
    {"prognosis: '1'\n", PG_ERR_SCHEMA, "/prognosis", "expected an integer, got string", 1},
    {"prognosis: 1.0\n", PG_ERR_SCHEMA, "/prognosis", "got float", 1},
    {"prognosis: 1\nsubjet: x\n", PG_ERR_SCHEMA, "/subjet", "did you mean 'subject'?", 2},
    {"prognosis: 1\nprognosis: 1\n", PG_ERR_SCHEMA, "/prognosis", "duplicate key 'prognosis'", 2},
    {"prognosis: 1\n" Y_ITEM "  title: U\n", PG_ERR_SCHEMA, "/items/0/title", "duplicate key", 7},
    {"prognosis: 1\n" Y_ITEM "  here: yes\n", PG_ERR_SCHEMA, "/items/0/here",
     "expected a boolean, got string", 7},
    {"prognosis: 1\n" Y_ITEM "  quote: 1.5\n", PG_ERR_SCHEMA, "/items/0/quote",
     "expected an integer, got float", 7},
    {"prognosis: 1\n" Y_ITEM "  quote: 99999999999999999999\n", PG_ERR_LIMIT, "/items/0/quote",
     "integer too large", 7},
    {"prognosis: 1\n" Y_ITEM "  date: 2014\n", PG_ERR_SCHEMA, "/items/0/date",
     "expected a string, got integer", 7},
    {"prognosis: 1\n" Y_ITEM "  owners2: []\n", PG_ERR_SCHEMA, "/items/0/owners2",
     "did you mean 'owners'?", 7},
    {"prognosis: 1\nitems:\n- title: T\n  owners: []\n  notes: []\n", PG_ERR_SCHEMA, "/items/0",
     "missing required key 'state'", 3},
    {"prognosis: 1\nitems:\n- title: T\n  state: null\n  owners: [a, [b]]\n  notes: []\n",
     PG_ERR_SCHEMA, "/items/0/owners/1", "expected a string, got sequence", 5},
    {"prognosis: 1\nsections:\n- title: S\n  level: '1'\n  items: []\n  sections: []\n",
     PG_ERR_SCHEMA, "/sections/0/level", "got string", 4},
    {"prognosis: 1\n? [a]\n: b\n", PG_ERR_SCHEMA, "", "a mapping key must be a string", 2},
    {"prognosis: !!str 1\n", PG_ERR_SCHEMA, "/prognosis", "expected an integer, got string", 1},
    {"prognosis: !custom 1\n", PG_ERR_SCHEMA, "/prognosis", "unsupported YAML tag '!custom'", 1},
    {"prognosis: !!int x\n", PG_ERR_SCHEMA, "/prognosis", "does not fit its tag", 1},
    {"prognosis: *nope\n", PG_ERR_SCHEMA, "/prognosis", "unknown alias '*nope'", 1},
    {"prognosis: 1\n---\nprognosis: 1\n", PG_ERR_SCHEMA, "", "a second YAML document", 2},
    {"prognosis: 1\n...\n--- 2\n", PG_ERR_SCHEMA, "", "a second YAML document", 3},
    {"prognosis: 1\n  subject: x\n", PG_ERR_SYNTAX, NULL, "YAML syntax error", 2},
    {"prognosis: [1\n", PG_ERR_SYNTAX, NULL, "YAML syntax error", 2},
    {"prognosis: 1\nsubject: \"\xff\"\n", PG_ERR_SYNTAX, NULL, "YAML", 2},
    {"prognosis: 1\nsubject: \"a\x01\"\n", PG_ERR_SYNTAX, NULL, "YAML", 2},
};

START_TEST(yaml_schema_errors)
{
    const struct ybad *b = &ybad[_i];
    pg_error err = io_load_fails(pg_load_yaml, b->yaml, b->code, b->path);
    ck_assert_msg(strstr(err.message, b->says), "'%s' does not say '%s'", err.message, b->says);
    ck_assert_msg(err.line == b->line, "line %u, want %u (%s)", err.line, b->line, err.message);
    ck_assert_uint_ge(err.column, 1);
}
END_TEST

START_TEST(yaml_types)
{
    const char *s = "prognosis: 0x1\n"
                    "subject: \"yes\"\n"
                    "bom: false\n"
                    "text: |\n  two\n  lines\n"
                    "items:\n"
                    "- title: null thing\n"
                    "  state: ~\n"
                    "  owners: [\"a\", 'b', c]\n"
                    "  notes: []\n"
                    "  quote: 0o10\n"
                    "  here: true\n"
                    "- title: !!str 123\n"
                    "  state:\n"
                    "  owners: []\n"
                    "  notes: [!!str yes]\n"
                    "  dialect: ! keyed\n"
                    "sections: !!seq\n"
                    "- !!map {title: S, level: 2, items: [], sections: []}\n";
    pg_doc *d = io_load(pg_load_yaml, s, strlen(s));
    ck_assert(pg__str_eq(d->subject, pg__cstr("yes")));
    ck_assert(pg__str_eq(d->root.text, pg__cstr("two\nlines\n")));
    ck_assert_uint_eq(d->root.n_items, 2);
    const pg_item *it = &d->root.items[0];
    ck_assert(pg__str_eq(it->title, pg__cstr("null thing")));
    ck_assert_ptr_null(it->state.ptr);
    ck_assert_uint_eq(it->quote, 8);
    ck_assert(it->here);
    ck_assert_uint_eq(pg_item_count(it, PG_ENTRY_OWNER), 3);
    it = &d->root.items[1];
    ck_assert(pg__str_eq(it->title, pg__cstr("123")));
    ck_assert_ptr_null(it->state.ptr);
    ck_assert(pg__str_eq(pg_item_entry(it, PG_ENTRY_NOTE, 0)->value, pg__cstr("yes")));
    ck_assert_int_eq(it->dialect, PG_DIALECT_KEYED);
    ck_assert_uint_eq(d->root.sections[0].level, 2);
    pg_doc_free(d);
}
END_TEST

/* Aliases expand (shared), within a budget. */
START_TEST(yaml_aliases)
{
    const char *s = "prognosis: 1\n"
                    "items:\n"
                    "- &item\n"
                    "  title: T\n"
                    "  state: &st ok\n"
                    "  owners: &o [Ann, Bob]\n"
                    "  notes: []\n"
                    "- *item\n"
                    "- title: U\n"
                    "  state: *st\n"
                    "  owners: *o\n"
                    "  notes: *o\n";
    pg_doc *d = io_load(pg_load_yaml, s, strlen(s));
    ck_assert_uint_eq(d->root.n_items, 3);
    ck_assert(pg__str_eq(d->root.items[1].title, pg__cstr("T")));
    ck_assert(pg__str_eq(d->root.items[2].state, pg__cstr("ok")));
    ck_assert_uint_eq(pg_item_count(&d->root.items[2], PG_ENTRY_OWNER), 2);
    ck_assert_uint_eq(pg_item_count(&d->root.items[2], PG_ENTRY_NOTE), 2);
    pg_doc_free(d);
    /* An error inside an aliased node is reported at the alias. */
    s = "prognosis: 1\nitems:\n- &i {title: 1, state: null, owners: [], notes: []}\n";
    io_load_fails(pg_load_yaml, s, PG_ERR_SCHEMA, "/items/0/title");
}
END_TEST

START_TEST(yaml_billion_laughs)
{
    const char *s =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    clock_t t0 = clock();
    pg_error err = io_load_fails(pg_load_yaml, s, PG_ERR_LIMIT, NULL);
    ck_assert_ptr_nonnull(strstr(err.message, "aliases expand"));
    ck_assert_uint_ge(err.line, 6);
    /* A long string aliased many times: the byte budget. */
    size_t big = 1 << 20;
    char *t = malloc(big + 4096);
    char *p = t + sprintf(t, "s: &s \"");
    memset(p, 'x', big);
    p += big;
    p += sprintf(p, "\"\nl: [");
    for (int k = 0; k < 200; k++)
        p += sprintf(p, "*s,");
    strcpy(p, "*s]\n");
    io_load_fails(pg_load_yaml, t, PG_ERR_LIMIT, NULL);
    free(t);
    ck_assert_msg(clock() - t0 < 5 * CLOCKS_PER_SEC, "too slow");
}
END_TEST

static char *repeat(const char *pre, const char *unit, size_t n, const char *post)
{
    size_t u = strlen(unit);
    char *s = malloc(strlen(pre) + u * n + strlen(post) + 1);
    char *p = s + sprintf(s, "%s", pre);
    for (size_t i = 0; i < n; i++)
        memcpy(p, unit, u), p += u;
    strcpy(p, post);
    return s;
}

START_TEST(yaml_deep_nesting)
{
    clock_t t0 = clock();
    const char *units[][2] = {{"[", "]"}, {"{a: ", "}"}, {"- ", ""}};
    for (size_t k = 0; k < 3; k++) {
        char *open = repeat("", units[k][0], 100000, "x");
        char *s = repeat(open, units[k][1], 100000, "\n");
        pg_error err = io_load_fails(pg_load_yaml, s, PG_ERR_LIMIT, NULL);
        ck_assert_ptr_nonnull(strstr(err.message, "nested deeper"));
        free(open);
        free(s);
    }
    /* Deep sections within the nesting limit: the section limit. */
    char *open =
        repeat("prognosis: 1\nsections: [", "{title: S, level: 1, items: [], sections: [", 150, "");
    char *s = repeat(open, "]}", 150, "]\n");
    pg_error err = io_load_fails(pg_load_yaml, s, PG_ERR_LIMIT, NULL);
    ck_assert_ptr_nonnull(strstr(err.message, "sections nested deeper"));
    free(open);
    free(s);
    ck_assert_msg(clock() - t0 < 5 * CLOCKS_PER_SEC, "too slow");
}
END_TEST

START_TEST(yaml_alloc_failures)
{
    pg_doc *d = io_sample_doc();
    size_t n;
    /* Without layout: pg__classify_entry cannot report a failed
     * allocation yet (it says "not a body line"). */
    char *s = io_render(pg_render_yaml, d, 0, &n);
    for (long k = 0;; k++) {
        pg_error err = {0};
        pg__alloc_fail_after(k);
        pg_doc *d2 = pg_load_yaml(s, n, &err);
        pg__alloc_fail_after(-1);
        if (d2) {
            pg_doc_free(d2);
            break;
        }
        ck_assert_msg(err.code == PG_ERR_NOMEM, "k=%ld: %s", k, err.message);
        ck_assert(k < 100000);
    }
    for (long k = 0;; k++) {
        pg_error err = {0};
        pg_buf b = {0};
        pg__alloc_fail_after(k);
        pg_status st = pg_render_yaml(d, PG_RENDER_DEFAULT, pg_buf_write, &b, &err);
        pg__alloc_fail_after(-1);
        free(b.data);
        if (st == PG_OK)
            break;
        ck_assert_msg(st == PG_ERR_NOMEM || st == PG_ERR_IO, "status %d", st);
        ck_assert(k < 100000);
    }
    free(s);
    pg_doc_free(d);
}
END_TEST

extern Suite *yaml_suite(void);
Suite *yaml_suite(void)
{
    Suite *s = suite_create("yaml");
    TCase *tc = tcase_create("yaml");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, yaml_shape);
    tcase_add_test(tc, yaml_round_trip);
    tcase_add_loop_test(tc, yaml_quoting, 0, (int)(sizeof typed / sizeof typed[0]));
    tcase_add_test(tc, yaml_plain_when_safe);
    tcase_add_loop_test(tc, yaml_block_scalars, 0, (int)(sizeof blocks / sizeof blocks[0]));
    tcase_add_test(tc, yaml_random_strings);
    tcase_add_test(tc, yaml_nul_and_encoding);
    tcase_add_loop_test(tc, yaml_schema_errors, 0, (int)(sizeof ybad / sizeof ybad[0]));
    tcase_add_test(tc, yaml_types);
    tcase_add_test(tc, yaml_aliases);
    tcase_add_test(tc, yaml_billion_laughs);
    tcase_add_test(tc, yaml_deep_nesting);
    tcase_add_test(tc, yaml_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
