/* test_json.c - pg_render_json / pg_load_json: output shape, round trips,
 * every kind of schema error with its path, limits and encodings. */
#include "io_helpers.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

static char *render_json(const pg_doc *d, unsigned flags)
{
    return io_render(pg_render_json, d, flags, NULL);
}

/* ------------------------------------------------------------ writing */

START_TEST(json_shape)
{
    pg_doc *d = io_sample_doc();
    char *s = render_json(d, PG_RENDER_DEFAULT);
    const char *head = "{\n  \"prognosis\": 1,\n  \"subject\": ";
    ck_assert_msg(!strncmp(s, head, strlen(head)), "%.80s", s);
    ck_assert(s[strlen(s) - 1] == '\n' && s[strlen(s) - 2] == '}');
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    ck_assert_ptr_nonnull(j);
    /* Key order of the document. */
    const char *want[] = {"prognosis", "subject", "scale", "text", "items", "sections", "layout"};
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        ck_assert_msg(i < 7 && !strcmp(key, want[i]), "key %zu is %s", i, key);
        i++;
    }
    ck_assert_uint_eq(i, 7);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "scale")), 5);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_array_get(json_object_get(j, "scale"), 0), "state")),
        "none");
    json_t *arm = json_array_get(
        json_object_get(json_array_get(json_object_get(j, "sections"), 1), "sections"), 0);
    json_t *it0 = json_array_get(json_object_get(arm, "items"), 0);
    /* Item key order; defaults left out. */
    const char *want_item[] = {"title", "state", "owners", "notes", "refs"};
    i = 0;
    json_object_foreach(it0, key, v)
    {
        ck_assert_msg(i < 5 && !strcmp(key, want_item[i]), "item key %zu is %s", i, key);
        i++;
    }
    ck_assert_uint_eq(i, 5);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(it0, "owners"), 1)),
                     "Dong, Eddie");
    /* The keyed item: the state line is not listed, dialect is. */
    json_t *it1 = json_array_get(json_object_get(arm, "items"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(it1, "dialect")), "keyed");
    ck_assert_str_eq(json_string_value(json_object_get(it1, "state")), "ok");
    ck_assert_uint_eq(json_array_size(json_object_get(it1, "notes")), 0);
    json_t *f = json_array_get(json_object_get(it1, "fields"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(it1, "fields")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(f, "key")), "status (Linux)");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(it1, "tag"), "kind")),
                     "scope");
    /* state null is written, not left out. */
    json_t *it2 = json_array_get(json_object_get(arm, "items"), 2);
    ck_assert(json_is_null(json_object_get(it2, "state")));
    ck_assert_int_eq(json_integer_value(json_object_get(it2, "quote")), 2);
    /* Layout only where raw bytes are carried. */
    ck_assert_ptr_null(json_object_get(it0, "layout"));
    json_t *lab = json_array_get(json_object_get(arm, "sections"), 0);
    json_t *lay = json_object_get(lab, "layout");
    ck_assert_str_eq(json_string_value(json_object_get(lay, "head")), "> Arm:  \n");
    ck_assert_str_eq(json_string_value(json_object_get(lay, "text")), "prose\r\n");
    json_t *raw = json_array_get(json_object_get(lab, "items"), 0);
    json_t *lines = json_object_get(json_object_get(raw, "layout"), "lines");
    ck_assert_uint_eq(json_array_size(lines), 2);
    ck_assert(!strcmp(json_string_value(json_array_get(lines, 0)), "  -  A B  \n") ||
              !strcmp(json_string_value(json_array_get(lines, 1)), "  -  A B  \n"));
    ck_assert_ptr_null(json_object_get(j, "eol"));
    ck_assert_ptr_null(json_object_get(j, "bom"));
    ck_assert_ptr_null(json_object_get(it0, "line"));
    json_decref(j);
    free(s);
    pg_doc_free(d);
}
END_TEST

START_TEST(json_flags)
{
    pg_doc *d = io_sample_doc();
    d->eol = pg__cstr("\r\n");
    d->bom = true;
    char *plain = render_json(d, 0);
    ck_assert_ptr_null(strstr(plain, "\"layout\""));
    ck_assert_ptr_nonnull(strstr(plain, "\"eol\": \"\\r\\n\",\n  \"bom\": true"));
    char *lines = render_json(d, PG_RENDER_LAYOUT | PG_RENDER_LINES);
    ck_assert_ptr_nonnull(strstr(lines, "\"line\": 16"));
    char *compact = render_json(d, PG_RENDER_COMPACT);
    ck_assert_ptr_eq(strchr(compact, '\n'), compact + strlen(compact) - 1);
    ck_assert(!strncmp(compact, "{\"prognosis\":1,", 15));
    free(plain);
    free(lines);
    free(compact);
    pg_doc_free(d);
}
END_TEST

START_TEST(json_round_trip)
{
    pg_doc *d = io_sample_doc();
    unsigned flags[] = {PG_RENDER_DEFAULT, 0, PG_RENDER_LAYOUT | PG_RENDER_LINES,
                        PG_RENDER_COMPACT};
    for (size_t i = 0; i < 4; i++) {
        size_t n;
        char *a = io_render(pg_render_json, d, flags[i], &n);
        pg_doc *d2 = io_load(pg_load_json, a, n);
        /* Line numbers are read-only: they do not come back. */
        if (flags[i] & PG_RENDER_LINES) {
            free(a);
            a = render_json(d, flags[i] & ~PG_RENDER_LINES);
        }
        char *b = render_json(d2, flags[i] & ~PG_RENDER_LINES);
        if (strcmp(a, b)) {
            FILE *f = fopen("/tmp/rt_a.json", "w");
            fputs(a, f);
            fclose(f);
            f = fopen("/tmp/rt_b.json", "w");
            fputs(b, f);
            fclose(f);
        }
        ck_assert_msg(!strcmp(a, b), "round trip differs (flags %u)", flags[i]);
        /* Absent and empty stay apart. */
        ck_assert_ptr_nonnull(d2->root.sections[0].items[1].text.ptr);
        ck_assert_uint_eq(d2->root.sections[0].items[1].text.len, 0);
        ck_assert_ptr_null(d2->root.sections[0].items[0].text.ptr);
        if (flags[i] & PG_RENDER_LAYOUT) {
            const pg_section *lab = &d2->root.sections[1].sections[0].sections[0];
            ck_assert(pg__str_eq(lab->head_raw, pg__cstr("> Arm:  \n")));
            ck_assert(pg__str_eq(lab->items[0].head_raw, pg__cstr("*   Raw item   (fair)\n")));
            ck_assert(pg__str_eq(d2->subject_raw, d->subject_raw));
        }
        /* The keyed item gets its state line back. */
        const pg_item *k = &d2->root.sections[1].sections[0].items[1];
        ck_assert_uint_eq(k->n_entries, 4);
        ck_assert_uint_eq(pg_item_count(k, PG_ENTRY_STATE), 1);
        ck_assert(pg__str_eq(pg_item_entry(k, PG_ENTRY_STATE, 0)->value, pg__cstr("ok")));
        free(a);
        free(b);
        pg_doc_free(d2);
    }
    pg_doc_free(d);
}
END_TEST

START_TEST(json_nul_bytes)
{
    pg_doc *d = io_sample_doc();
    d->root.sections[0].items[0].title = io_sn(d, "a\0b", 3);
    size_t n;
    char *s = io_render(pg_render_json, d, 0, &n);
    ck_assert_ptr_nonnull(strstr(s, "\"a\\u0000b\""));
    pg_doc *d2 = io_load(pg_load_json, s, n);
    pg_str t = d2->root.sections[0].items[0].title;
    ck_assert_uint_eq(t.len, 3);
    ck_assert(!memcmp(t.ptr, "a\0b", 3));
    free(s);
    pg_doc_free(d2);
    pg_doc_free(d);
}
END_TEST

START_TEST(json_invalid_utf8)
{
    pg_doc *d = io_sample_doc();
    pg_item *it = &d->root.sections[1].sections[0].items[0];
    it->entries[1].value = io_s(d, "Julien \xff Grall");
    pg_buf b = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_render_json(d, 0, pg_buf_write, &b, &err), PG_ERR_ENCODING);
    ck_assert_uint_eq(err.line, it->entries[1].line);
    char want[32];
    snprintf(want, sizeof want, "line %u", (unsigned)it->entries[1].line);
    ck_assert_msg(strstr(err.message, want), "%s", err.message);
    free(b.data);
    /* In a multi-line raw string: the line it is on. */
    it = &d->root.sections[1].sections[0].sections[0].items[0];
    it->text_raw = io_s(d, "ok\r\nbad \xc3\x28\r\n");
    it->end_line = 50;
    memset(&err, 0, sizeof err);
    b = (pg_buf){0};
    d->root.sections[1].sections[0].items[0].entries[1].value = io_s(d, "fine");
    ck_assert_int_eq(pg_render_json(d, PG_RENDER_LAYOUT, pg_buf_write, &b, &err), PG_ERR_ENCODING);
    ck_assert_uint_eq(err.line, 52);
    free(b.data);
    pg_doc_free(d);
}
END_TEST

static int refuse(void *ctx, const char *buf, size_t len)
{
    (void)buf, (void)len;
    return --*(int *)ctx < 0;
}

static int count_writes(void *ctx, const char *buf, size_t len)
{
    (void)buf, (void)len;
    ++*(int *)ctx;
    return 0;
}

/* The writer buffers its output: refuse each of the writes it makes. */
static void refuse_each_write(const pg_doc *d)
{
    int writes = 0;
    ck_assert_int_eq(pg_render_json(d, 0, count_writes, &writes, NULL), PG_OK);
    ck_assert_int_gt(writes, 0);
    for (int after = 0; after < writes; after++) {
        int budget = after;
        pg_error err = {0};
        ck_assert_int_eq(pg_render_json(d, 0, refuse, &budget, &err), PG_ERR_IO);
        ck_assert_str_eq(err.message, "the output refused bytes");
    }
}

START_TEST(json_sink_refuses)
{
    pg_doc *d = io_sample_doc();
    refuse_each_write(d);
    pg_doc_free(d);
    /* Output of several buffers: a refusal in the middle stops it too. */
    pg_buf text = {0};
    ck_assert_int_eq(pg__buf_puts(&text, "= S =\n\n"), 0);
    for (int i = 0; i < 3000; i++) {
        char item[96];
        snprintf(item, sizeof item, "*  Item %d (ok)\n  -  Owner %d\n\n", i, i);
        ck_assert_int_eq(pg__buf_puts(&text, item), 0);
    }
    d = pg_parse_text(text.data, text.len, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    int writes = 0;
    ck_assert_int_eq(pg_render_json(d, 0, count_writes, &writes, NULL), PG_OK);
    ck_assert_int_gt(writes, 2);
    refuse_each_write(d);
    pg_doc_free(d);
    pg__free(text.data);
}
END_TEST

/* -------------------------------------------------------- schema errors */

#define DOC(items)  "{\"prognosis\":1,\"items\":[" items "]}"
#define ITEM(extra) "{\"title\":\"T\",\"state\":null,\"owners\":[],\"notes\":[]" extra "}"
#define SEC(extra)  "{\"title\":\"S\",\"level\":1,\"items\":[],\"sections\":[]" extra "}"

static const struct bad {
    const char *json;
    pg_status code;
    const char *path;
    const char *says;
} bad[] = {
    {"{}", PG_ERR_SCHEMA, "", "missing required key 'prognosis'"},
    {"[]", PG_ERR_SCHEMA, "", "expected an object, got array"},
    {"{\"prognosis\":\"1\"}", PG_ERR_SCHEMA, "/prognosis", "expected an integer, got string"},
    {"{\"prognosis\":1.0}", PG_ERR_SCHEMA, "/prognosis", "got number"},
    {"{\"prognosis\":2}", PG_ERR_SCHEMA, "/prognosis", "version 2 is not supported"},
    {"{\"prognosis\":1,\"subjet\":\"x\"}", PG_ERR_SCHEMA, "/subjet", "did you mean 'subject'?"},
    {"{\"prognosis\":1,\"a/b~\":1}", PG_ERR_SCHEMA, "/a~1b~0", "unknown key 'a/b~'"},
    {"{\"prognosis\":1,\"subject\":null}", PG_ERR_SCHEMA, "/subject",
     "expected a string, got null"},
    {"{\"prognosis\":1,\"bom\":1}", PG_ERR_SCHEMA, "/bom", "expected a boolean, got integer"},
    {"{\"prognosis\":1,\"eol\":\"\\r\"}", PG_ERR_SCHEMA, "/eol", "eol must be"},
    {"{\"prognosis\":1,\"scale\":[{\"state\":1}]}", PG_ERR_SCHEMA, "/scale/0/state",
     "expected a string"},
    {"{\"prognosis\":1,\"scale\":{}}", PG_ERR_SCHEMA, "/scale", "expected an array, got object"},
    {"{\"prognosis\":1,\"last_updated\":[]}", PG_ERR_SCHEMA, "/last_updated", "got array"},
    {"{\"prognosis\":1,\"layout\":{\"head\":\"x\"}}", PG_ERR_SCHEMA, "/layout/head",
     "unknown key 'head'"},
    {"{\"prognosis\":1,\"layout\":{\"text\":3}}", PG_ERR_SCHEMA, "/layout/text",
     "expected a string"},
    {"{\"prognosis\":1,\"items\":{}}", PG_ERR_SCHEMA, "/items", "expected an array"},
    {DOC("1"), PG_ERR_SCHEMA, "/items/0", "expected an object, got integer"},
    {DOC("{\"state\":null,\"owners\":[],\"notes\":[]}"), PG_ERR_SCHEMA, "/items/0",
     "missing required key 'title'"},
    {DOC("{\"title\":\"T\",\"owners\":[],\"notes\":[]}"), PG_ERR_SCHEMA, "/items/0",
     "missing required key 'state'"},
    {DOC("{\"title\":\"T\",\"state\":null,\"notes\":[]}"), PG_ERR_SCHEMA, "/items/0",
     "missing required key 'owners'"},
    {DOC("{\"title\":\"T\",\"state\":null,\"owners\":[]}"), PG_ERR_SCHEMA, "/items/0",
     "missing required key 'notes'"},
    {DOC(ITEM(",\"titel\":\"x\"")), PG_ERR_SCHEMA, "/items/0/titel", "did you mean 'title'?"},
    {DOC(ITEM(",\"owner\":[]")), PG_ERR_SCHEMA, "/items/0/owner", "did you mean 'owners'?"},
    {DOC("{\"title\":7,\"state\":null,\"owners\":[],\"notes\":[]}"), PG_ERR_SCHEMA,
     "/items/0/title", "expected a string, got integer"},
    {DOC("{\"title\":\"T\",\"state\":false,\"owners\":[],\"notes\":[]}"), PG_ERR_SCHEMA,
     "/items/0/state", "expected a string or null, got boolean"},
    {DOC("{\"title\":\"T\",\"state\":\"\",\"owners\":[],\"notes\":[]}"), PG_ERR_SCHEMA,
     "/items/0/state", "cannot be empty"},
    {DOC("{\"title\":\"T\",\"state\":null,\"owners\":\"me\",\"notes\":[]}"), PG_ERR_SCHEMA,
     "/items/0/owners", "expected an array, got string"},
    {DOC("{\"title\":\"T\",\"state\":null,\"owners\":[\"a\",2],\"notes\":[]}"), PG_ERR_SCHEMA,
     "/items/0/owners/1", "expected a string, got integer"},
    {DOC(ITEM(",\"emails\":[null]")), PG_ERR_SCHEMA, "/items/0/emails/0", "got null"},
    {DOC(ITEM(",\"refs\":{}")), PG_ERR_SCHEMA, "/items/0/refs", "expected an array"},
    {DOC(ITEM(",\"subitems\":[[]]")), PG_ERR_SCHEMA, "/items/0/subitems/0", "got array"},
    {DOC(ITEM(",\"fields\":[{\"key\":\"k\"}]")), PG_ERR_SCHEMA, "/items/0/fields/0",
     "missing required key 'value'"},
    {DOC(ITEM(",\"fields\":[{\"key\":1,\"value\":\"v\"}]")), PG_ERR_SCHEMA, "/items/0/fields/0/key",
     "expected a string"},
    {DOC(ITEM(",\"fields\":[{\"key\":\"k\",\"value\":\"v\",\"x\":1}]")), PG_ERR_SCHEMA,
     "/items/0/fields/0/x", "unknown key 'x'"},
    {DOC(ITEM(",\"fields\":[\"k: v\"]")), PG_ERR_SCHEMA, "/items/0/fields/0",
     "expected an object, got string"},
    {DOC(ITEM(",\"tag\":\"v7\"")), PG_ERR_SCHEMA, "/items/0/tag", "expected an object"},
    {DOC(ITEM(",\"tag\":{\"text\":\"v7\"}")), PG_ERR_SCHEMA, "/items/0/tag",
     "missing required key 'kind'"},
    {DOC(ITEM(",\"tag\":{\"kind\":\"colour\",\"text\":\"v7\"}")), PG_ERR_SCHEMA,
     "/items/0/tag/kind", "unknown tag kind 'colour'"},
    {DOC(ITEM(",\"date\":5")), PG_ERR_SCHEMA, "/items/0/date", "expected a string"},
    {DOC(ITEM(",\"here\":\"yes\"")), PG_ERR_SCHEMA, "/items/0/here",
     "expected a boolean, got string"},
    {DOC(ITEM(",\"patch\":[]")), PG_ERR_SCHEMA, "/items/0/patch", "expected a string"},
    {DOC(ITEM(",\"url\":{}")), PG_ERR_SCHEMA, "/items/0/url", "expected a string"},
    {DOC(ITEM(",\"dialect\":\"fancy\"")), PG_ERR_SCHEMA, "/items/0/dialect",
     "unknown dialect 'fancy'"},
    {DOC(ITEM(",\"quote\":-1")), PG_ERR_SCHEMA, "/items/0/quote", "at least 0"},
    {DOC(ITEM(",\"quote\":\"1\"")), PG_ERR_SCHEMA, "/items/0/quote", "expected an integer"},
    {DOC(ITEM(",\"quote\":99999999999")), PG_ERR_LIMIT, "/items/0/quote", "limit"},
    {DOC(ITEM(",\"text\":true")), PG_ERR_SCHEMA, "/items/0/text", "expected a string"},
    {DOC(ITEM(",\"comments\":\"c\"")), PG_ERR_SCHEMA, "/items/0/comments", "expected an array"},
    {DOC(ITEM(",\"line\":\"3\"")), PG_ERR_SCHEMA, "/items/0/line", "expected an integer"},
    {DOC(ITEM(",\"layout\":[]")), PG_ERR_SCHEMA, "/items/0/layout", "expected an object"},
    {DOC(ITEM(",\"layout\":{\"line\":[]}")), PG_ERR_SCHEMA, "/items/0/layout/line",
     "did you mean 'lines'?"},
    {DOC(ITEM(",\"layout\":{\"lines\":[1]}")), PG_ERR_SCHEMA, "/items/0/layout/lines/0",
     "expected a string"},
    {DOC(ITEM(",\"layout\":{\"head\":null}")), PG_ERR_SCHEMA, "/items/0/layout/head", "got null"},
    {"{\"prognosis\":1,\"sections\":[{}]}", PG_ERR_SCHEMA, "/sections/0",
     "missing required key 'title'"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"items\":[],\"sections\":[]}]}",
     PG_ERR_SCHEMA, "/sections/0", "missing required key 'level'"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"level\":1,\"sections\":[]}]}",
     PG_ERR_SCHEMA, "/sections/0", "missing required key 'items'"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"level\":1,\"items\":[]}]}", PG_ERR_SCHEMA,
     "/sections/0", "missing required key 'sections'"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"level\":0,\"items\":[],\"sections\":[]}"
     "]}",
     PG_ERR_SCHEMA, "/sections/0/level", "at least 1"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"level\":\"2\",\"items\":[],"
     "\"sections\":[]}]}",
     PG_ERR_SCHEMA, "/sections/0/level", "expected an integer, got string"},
    {"{\"prognosis\":1,\"sections\":[" SEC(",\"label\":1") "]}", PG_ERR_SCHEMA, "/sections/0/label",
     "expected a boolean"},
    {"{\"prognosis\":1,\"sections\":[" SEC(",\"level \":1") "]}", PG_ERR_SCHEMA,
     "/sections/0/level ", "did you mean 'level'?"},
    {"{\"prognosis\":1,\"sections\":[" SEC(",\"layout\":{\"lines\":[]}") "]}", PG_ERR_SCHEMA,
     "/sections/0/layout/lines", "unknown key 'lines'"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"S\",\"level\":1,\"items\":[],\"sections\":"
     "[" SEC("") "," SEC("") "]},{\"title\":\"S\",\"level\":1,\"sections\":[],\"items\":[" ITEM(
         ",\"here\":0") "]}]}",
     PG_ERR_SCHEMA, "/sections/1/items/0/here", "expected a boolean"},
    /* Not JSON at all, or not the JSON we take. */
    {"", PG_ERR_SYNTAX, "", "JSON syntax error"},
    {"{\"prognosis\":1,}", PG_ERR_SYNTAX, "", "JSON syntax error"},
    {"{\"prognosis\":1} x", PG_ERR_SYNTAX, "", "end of file expected"},
    {"{\"prognosis\":1,\"subject\":\"\xff\"}", PG_ERR_SYNTAX, "", "unable to decode byte 0xff"},
    {"{\"prognosis\":1,\"prognosis\":1}", PG_ERR_SCHEMA, "/prognosis", "duplicate key"},
    {DOC(ITEM(",\"title\":\"again\"")), PG_ERR_SCHEMA, "/items/0/title", "duplicate key"},
    {"{\"prognosis\":99999999999999999999999}", PG_ERR_LIMIT, "", "too big"},
    {"{\"prognosis\":1e999}", PG_ERR_LIMIT, "", "overflow"},
};

START_TEST(json_schema_errors)
{
    const struct bad *b = &bad[_i];
    pg_error err = io_load_fails(pg_load_json, b->json, b->code, b->path);
    ck_assert_msg(strstr(err.message, b->says), "'%s' does not say '%s'", err.message, b->says);
    ck_assert_msg(err.line >= 1 && err.column >= 1, "no position for %s", b->json);
}
END_TEST

/* Positions of schema errors: the line of the offending key. */
START_TEST(json_error_position)
{
    const char *s = "{\n  \"prognosis\": 1,\n  \"items\": [\n    {\"title\": \"a\", "
                    "\"state\": null, \"owners\": [], \"notes\": []},\n"
                    "    {\"title\": \"b\", \"state\": null, \"owners\": [],\n"
                    "     \"notes\": [\"x\", 42]}\n  ]\n}\n";
    pg_error err = io_load_fails(pg_load_json, s, PG_ERR_SCHEMA, "/items/1/notes/1");
    ck_assert_uint_eq(err.line, 6);
    ck_assert_uint_eq(err.column, 21);
    const char *dup = "{\"prognosis\": 1,\n\"subject\": \"a\",\n\"subject\": \"b\"}";
    err = io_load_fails(pg_load_json, dup, PG_ERR_SCHEMA, "/subject");
    ck_assert_uint_eq(err.line, 3);
    ck_assert_uint_eq(err.column, 1);
    ck_assert_str_eq(err.message, "duplicate key 'subject'");
    err = io_load_fails(pg_load_json, "{\"prognosis\": 1,\n  \"x\" 1}", PG_ERR_SYNTAX, NULL);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_uint_eq(err.column, 7);
    /* Keys with escapes are found too. */
    err =
        io_load_fails(pg_load_json, "{\"prognosis\":1,\n\"\\u0074ext\":1}", PG_ERR_SCHEMA, "/text");
    ck_assert_uint_eq(err.line, 2);
}
END_TEST

static char *nested(const char *open, const char *close, size_t depth, const char *pre,
                    const char *post)
{
    size_t no = strlen(open), nc = strlen(close);
    char *s = malloc(strlen(pre) + strlen(post) + depth * (no + nc) + 1);
    char *p = s;
    p += sprintf(p, "%s", pre);
    for (size_t i = 0; i < depth; i++)
        memcpy(p, open, no), p += no;
    for (size_t i = 0; i < depth; i++)
        memcpy(p, close, nc), p += nc;
    strcpy(p, post);
    return s;
}

START_TEST(json_deep_nesting)
{
    clock_t t0 = clock();
    char *s = nested("[", "]", 100000, "", "");
    pg_error err = io_load_fails(pg_load_json, s, PG_ERR_LIMIT, NULL);
    ck_assert_ptr_nonnull(strstr(err.message, "nested"));
    free(s);
    s = nested("{\"a\":", "}", 100000, "{\"prognosis\":1,\"x\":", "}");
    io_load_fails(pg_load_json, s, PG_ERR_LIMIT, NULL);
    free(s);
    /* Deep but within jansson's limit: our own section limit. */
    const char *sec = "{\"title\":\"S\",\"level\":1,\"items\":[],\"sections\":[";
    s = nested(sec, "]}", 150, "{\"prognosis\":1,\"sections\":[", "]}");
    err = io_load_fails(pg_load_json, s, PG_ERR_LIMIT, NULL);
    ck_assert_ptr_nonnull(strstr(err.message, "sections nested deeper"));
    free(s);
    s = nested(sec, "]}", 50, "{\"prognosis\":1,\"sections\":[", "]}");
    pg_doc *d = io_load(pg_load_json, s, strlen(s));
    pg_doc_free(d);
    free(s);
    ck_assert_msg(clock() - t0 < 5 * CLOCKS_PER_SEC, "too slow");
}
END_TEST

/* Read-only keys are accepted and do not change the document; "scale"
 * is used when the text declares none (a document parsed with a
 * configured scale must read back). */
START_TEST(json_read_only_keys)
{
    const char *s =
        "{\"prognosis\":1,\"scale\":[{\"state\":\"a\",\"meaning\":\"x\"},{\"state\":\"b\"}],"
        "\"last_updated\":\"today\",\"items\":[" ITEM(",\"comments\":[\"c\"],\"line\":7") "]}";
    pg_doc *d = io_load(pg_load_json, s, strlen(s));
    ck_assert_uint_eq(pg_doc_scale_size(d), 2);
    ck_assert(pg_doc_state_rank(d, pg__cstr("b")) == 1);
    ck_assert_ptr_null(pg_doc_last_updated(d).ptr);
    ck_assert_uint_eq(d->root.n_items, 1);
    pg_doc_free(d);
}
END_TEST

/* A tracked item gets no state line; keyed/records items do. */
START_TEST(json_state_entries)
{
    const char *s =
        "{\"prognosis\":1,\"items\":["
        "{\"title\":\"a\",\"state\":\"ok\",\"owners\":[\"o\"],\"notes\":[]},"
        "{\"title\":\"b\",\"state\":\"ok\",\"owners\":[\"o\"],\"notes\":[],\"dialect\":\"records\"}"
        ","
        "{\"title\":\"c\",\"state\":null,\"owners\":[\"o\"],\"notes\":[],\"dialect\":\"keyed\"}]}";
    pg_doc *d = io_load(pg_load_json, s, strlen(s));
    ck_assert_uint_eq(pg_item_count(&d->root.items[0], PG_ENTRY_STATE), 0);
    ck_assert_uint_eq(pg_item_count(&d->root.items[1], PG_ENTRY_STATE), 1);
    const pg_entry *e = pg_item_entry(&d->root.items[1], PG_ENTRY_STATE, 0);
    ck_assert(pg__str_eq(e->key, pg__cstr("P")));
    ck_assert(pg__str_eq(e->value, pg__cstr("ok")));
    ck_assert_uint_eq(pg_item_count(&d->root.items[2], PG_ENTRY_STATE), 0);
    ck_assert_uint_eq(d->root.items[2].dialect, PG_DIALECT_KEYED);
    pg_doc_free(d);
}
END_TEST

/* Every allocation failure returns cleanly (ASan sees the leaks). */
START_TEST(json_alloc_failures)
{
    pg_doc *d = io_sample_doc();
    size_t n;
    /* Without layout: pg__classify_entry cannot report a failed
     * allocation yet (it says "not a body line"). */
    char *s = io_render(pg_render_json, d, 0, &n);
    for (long k = 0;; k++) {
        pg_error err = {0};
        pg__alloc_fail_after(k);
        pg_doc *d2 = pg_load_json(s, n, &err);
        pg__alloc_fail_after(-1);
        if (d2) {
            pg_doc_free(d2);
            break;
        }
        ck_assert_int_eq(err.code, PG_ERR_NOMEM);
        ck_assert(k < 100000);
    }
    for (long k = 0;; k++) {
        pg_error err = {0};
        pg_buf b = {0};
        pg__alloc_fail_after(k);
        pg_status st = pg_render_json(d, PG_RENDER_DEFAULT, pg_buf_write, &b, &err);
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

/* A field whose key no key line can carry ("statuy") would come back as a
 * note: the reader refuses it and names the place. */
START_TEST(json_field_key_must_be_writable)
{
    const char *s = "{\"prognosis\":1,\"items\":[{\"title\":\"A\",\"state\":null,"
                    "\"owners\":[],\"notes\":[],\"dialect\":\"keyed\","
                    "\"fields\":[{\"key\":\"status (Linux)\",\"value\":\"ok\"},"
                    "{\"key\":\"statuy\",\"value\":\"x\"}]}]}";
    pg_error err;
    pg_doc *d = pg_load_json(s, strlen(s), &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, PG_ERR_SCHEMA);
    ck_assert_str_eq(err.path, "/items/0/fields/1/key");
    ck_assert_ptr_nonnull(strstr(err.message, "statuy"));
}
END_TEST

extern Suite *json_suite(void);
Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, json_shape);
    tcase_add_test(tc, json_flags);
    tcase_add_test(tc, json_round_trip);
    tcase_add_test(tc, json_nul_bytes);
    tcase_add_test(tc, json_invalid_utf8);
    tcase_add_test(tc, json_sink_refuses);
    tcase_add_loop_test(tc, json_schema_errors, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, json_error_position);
    tcase_add_test(tc, json_deep_nesting);
    tcase_add_test(tc, json_read_only_keys);
    tcase_add_test(tc, json_state_entries);
    tcase_add_test(tc, json_alloc_failures);
    tcase_add_test(tc, json_field_key_must_be_writable);
    suite_add_tcase(s, tc);
    return s;
}
