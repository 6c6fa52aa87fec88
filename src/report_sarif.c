/*
 * report_sarif.c - findings as a SARIF 2.1.0 log: one run, the rule table
 * as tool.driver.rules (plus a descriptor for each parser rule that
 * occurs), one result per finding with its region and, where there is a
 * safe fix, a SARIF fix with a byte-offset replacement.
 */
#include "lint_internal.h"

#include <stdio.h>

typedef struct out {
    pg_write_fn w;
    void *ctx;
    int r;
} out;

static void put(out *o, const char *s) { o->r |= o->w(o->ctx, s, strlen(s)); }

static void str(out *o, const char *s, size_t n) { o->r |= pg__lint_json_str(o->w, o->ctx, s, n); }

static void cstr(out *o, const char *s) { str(o, s, strlen(s)); }

/* A relative URI reference for a file name: unreserved bytes and '/'
 * stay, the rest is percent-encoded. */
static void uri(out *o, const char *name)
{
    char buf[1024];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < sizeof buf; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            buf[n++] = (char)*p;
        else
            n += (size_t)snprintf(buf + n, 4, "%%%02X", *p);
    }
    str(o, buf, n);
}

static const char *level(pg_severity s)
{
    return s == PG_SEV_ERROR ? "error" : s == PG_SEV_WARNING ? "warning" : "note";
}

/* Rule ids of the parser that occur (not in our table), in first-seen
 * order; their index follows the table's. */
typedef struct extra {
    const char *id[64];
    size_t n;
} extra;

static int extra_index(extra *x, const char *id, bool add)
{
    for (size_t i = 0; i < x->n; i++)
        if (!strcmp(x->id[i], id))
            return (int)i;
    if (!add || x->n == 64)
        return -1;
    x->id[x->n] = id;
    return (int)x->n++;
}

static void rule_desc(out *o, const char *id, const char *summary, const char *explanation,
                      pg_severity sev, bool first)
{
    put(o, first ? "\n          {\"id\": " : ",\n          {\"id\": ");
    cstr(o, id);
    put(o, ", \"shortDescription\": {\"text\": ");
    cstr(o, summary);
    put(o, "}, \"fullDescription\": {\"text\": ");
    cstr(o, explanation);
    put(o, "}, \"defaultConfiguration\": {\"level\": \"");
    put(o, level(sev));
    put(o, "\"}, \"help\": {\"text\": ");
    cstr(o, explanation);
    put(o, "}}");
}

static void result(out *o, const char *file, const pg_finding *f, int index)
{
    const pg_diag *d = &f->diag;
    char buf[200];
    put(o, "\n        {\"ruleId\": ");
    cstr(o, d->rule);
    snprintf(buf, sizeof buf,
             ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", index,
             level(d->severity));
    put(o, buf);
    cstr(o, d->message);
    put(o, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    uri(o, file);
    snprintf(buf, sizeof buf,
             "}, \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
             "\"endColumn\": %u}}}]",
             d->line ? d->line : 1, d->column ? d->column : 1,
             d->end_line >= d->line && d->end_line ? d->end_line : (d->line ? d->line : 1),
             d->end_column ? d->end_column : 1);
    put(o, buf);
    if (f->has_fix && pg__utf8_valid(f->fix.text, f->fix.text_len, NULL)) { /* as JSON */
        put(o, ", \"fixes\": [{\"description\": {\"text\": ");
        cstr(o, "safe automatic fix (prognosis fmt / lint --fix)");
        put(o, "}, \"artifactChanges\": [{\"artifactLocation\": {\"uri\": ");
        uri(o, file);
        snprintf(buf, sizeof buf,
                 "}, \"replacements\": [{\"deletedRegion\": {\"byteOffset\": %zu, "
                 "\"byteLength\": %zu}, \"insertedContent\": {\"text\": ",
                 f->fix.offset, f->fix.len);
        put(o, buf);
        str(o, f->fix.text, f->fix.text_len);
        put(o, "}}]}]}]");
    }
    put(o, "}");
}

pg_status pg_report_sarif(const pg_report_file *files, size_t n, pg_write_fn w, void *ctx,
                          pg_error *err)
{
    pg__error_reset(err);
    out o = {w, ctx, 0};
    extra x = {.n = 0};
    size_t nr = pg_lint_rule_count();
    for (size_t f = 0; f < n; f++)
        for (size_t i = 0; files[f].result && i < files[f].result->n; i++) {
            const char *id = files[f].result->findings[i].diag.rule;
            if (pg__lint_rule_index(id) < 0)
                extra_index(&x, id, true);
        }
    put(&o,
        "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
        "      \"tool\": {\"driver\": {\"name\": \"prognosis\", \"version\": \"" PG_VERSION_STRING
        "\",\n        \"rules\": [");
    for (size_t i = 0; i < nr; i++) {
        const pg_lint_rule *r = pg_lint_rule_at(i);
        rule_desc(&o, r->id, r->summary, r->explanation, r->severity, i == 0);
    }
    for (size_t i = 0; i < x.n; i++)
        rule_desc(&o, x.id[i], "a finding of the strict grammar (parser)",
                  "The parser reports what the strict grammar of status updates does "
                  "not allow; see grammar/ for the grammar.",
                  PG_SEV_WARNING, nr == 0 && i == 0);
    put(&o, "]}},\n      \"results\": [");
    bool first = true;
    for (size_t f = 0; f < n && !o.r; f++) {
        const pg_lint_result *res = files[f].result;
        for (size_t i = 0; res && i < res->n && !o.r; i++) {
            const char *id = res->findings[i].diag.rule;
            int idx = pg__lint_rule_index(id);
            if (idx < 0) {
                int e = extra_index(&x, id, false);
                idx = e < 0 ? -1 : (int)nr + e;
            }
            if (!first)
                put(&o, ",");
            first = false;
            result(&o, files[f].name ? files[f].name : "-", &res->findings[i], idx);
        }
    }
    put(&o, first ? "]\n    }\n  ]\n}\n" : "\n      ]\n    }\n  ]\n}\n");
    if (o.r) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "write failed");
        return PG_ERR_IO;
    }
    return PG_OK;
}
