/* test_lint_cli.c - "prognosis lint" and "prognosis fmt" as a user runs
 * them: exit codes, output formats (JSON parsed back, SARIF validated
 * against the SARIF 2.1.0 schema), config discovery and errors, --fix,
 * fmt --check/--diff/-w, --previous-rev; and the real documents: seed
 * 003 gives the findings a careful reader expects, every corpus file
 * lints without a crash and fmt is idempotent on it. */
#include <check.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"

#define TMP PG_BUILD_DIR "/test-lint"

/* Absolute: the commands run inside TMP. */
static const char *bin(void)
{
    static char abs[4096];
    const char *b = getenv("PG_BIN");
    if (!realpath(b ? b : PG_BUILD_DIR "/prognosis", abs))
        snprintf(abs, sizeof abs, "%s", b ? b : PG_BUILD_DIR "/prognosis");
    return abs;
}

/* Run a shell command line; stdout/stderr into TMP/out, TMP/err. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[4096], full[4600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "cd " TMP " && NO_COLOR=1 %s >out 2>err", cmd);
    int st = system(full);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *name)
{
    char p[512];
    size_t n;
    snprintf(p, sizeof p, TMP "/%s", name);
    char *s = tu_read_file(p, &n);
    ck_assert_msg(s != NULL, "cannot read %s", p);
    char *z = malloc(n + 1); /* NUL-terminated for strstr */
    ck_assert(z != NULL);
    memcpy(z, s, n);
    z[n] = '\0';
    free(s);
    return z;
}

static void put(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, TMP "/%s", name);
    FILE *f = fopen(p, "wb");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
}

static bool has(const char *file, const char *needle)
{
    char *s = slurp(file);
    bool r = strstr(s, needle) != NULL;
    free(s);
    return r;
}

static const char clean_doc[] = "Xen 4.5 development update\n\n= Open =\n\n== ARM ==\n\n"
                                "*  ARM PSCI v0.2 (good)\n  -  Parth Dixit\n\n"
                                "*  ARM GICv3 support (fair)\n  -  Vijay Kilari\n";
static const char warn_doc[] = /* one warning: missing-owner */
    "Xen 4.5 development update\n\n= Open =\n\n== ARM ==\n\n"
    "*  ARM PSCI v0.2 (good)\n  -  Parth Dixit\n\n"
    "*  ARM GICv3 support (fair)\n";
static const char error_doc[] = /* an unknown state and a malformed item */
    "Xen 4.5 development update\n\n= Open =\n\n== ARM ==\n\n"
    "*  ARM PSCI v0.2 (Good)\n  -  Parth Dixit\n\n"
    "*  ARM GICv3 support (in master)\n  -  Vijay Kilari\n\n"
    "*  ARM IOMMU (ok)\n  - Julien Grall\n";

static void setup(void)
{
    ck_assert(system("rm -rf " TMP " && mkdir -p " TMP "/sub/deeper " TMP "/repo") == 0);
    put("clean.txt", clean_doc);
    put("warn.txt", warn_doc);
    put("error.txt", error_doc);
}

START_TEST(exit_codes)
{
    setup();
    ck_assert_int_eq(run("%s lint --no-config clean.txt", bin()), 0);
    ck_assert(has("out", "no findings"));
    ck_assert_int_eq(run("%s lint --no-config warn.txt", bin()), 1);
    ck_assert(has("out",
                  "warn.txt:10:1: warning: item `ARM GICv3 support` has no owner [missing-owner]"));
    ck_assert(has("out", "0 errors, 1 warning"));
    ck_assert_int_eq(run("%s lint --no-config --fail-on error warn.txt", bin()), 0);
    ck_assert_int_eq(run("%s lint --no-config --fail-on error error.txt", bin()), 1);
    ck_assert_int_eq(run("%s lint --no-config no-such-file.txt", bin()), 2);
    ck_assert_int_eq(run("%s lint --no-config --fail-on bogus clean.txt", bin()), 2);
    ck_assert_int_eq(run("%s lint --no-config --format xml clean.txt", bin()), 2);
    ck_assert_int_eq(run("%s lint --no-config --rule missing-owner=off warn.txt", bin()), 0);
    /* Standard input, named by --stdin-filename. */
    ck_assert_int_eq(run("%s lint --no-config --stdin-filename draft.txt - < warn.txt", bin()), 1);
    ck_assert(has("out", "draft.txt:10:1:"));
    /* The JSON form lints too (no lines: positions are 0). */
    ck_assert_int_eq(run("%s convert --to json error.txt > error.json && "
                         "%s lint --no-config error.json",
                         bin(), bin()),
                     1);
    ck_assert(has("out", "error.json:0:1: error: state `in master` is not on the scale"));
}
END_TEST

/* A draft with headers is linted as its body; positions are the file's,
 * and its Date: header is "today". */
START_TEST(mail_draft)
{
    setup();
    put("draft.eml", "From: Release Manager <rm@example.org>\n"
                     "To: xen-devel@lists.xenproject.org\n"
                     "Subject: Xen 4.5 development update\n"
                     "Date: Mon, 22 Sep 2014 10:00:00 +0100\n"
                     "Message-ID: <draft-1@example.org>\n"
                     "\n"
                     "= Timeline =\n"
                     "\n"
                     "* Feature Freeze: 10th September 2014\n"
                     "\n"
                     "= Open =\n"
                     "\n"
                     "== ARM ==\n"
                     "\n"
                     "*  GICv3 (none)\n"
                     "  -  Vijay Kilari\n"
                     "\n"
                     "*  PSCI (Good)\n"
                     "  -  Parth Dixit\n");
    ck_assert_int_eq(run("%s lint --no-config draft.eml", bin()), 1);
    ck_assert(has("out", "draft.eml:15:1: warning: item `GICv3` is still `none` but "
                         "`Feature Freeze` (10th September 2014) has passed [overdue-item]"));
    ck_assert(has("out", "draft.eml:18:10: error: state `Good` is spelt `good` on the scale"));
    ck_assert(has("out", "  *  PSCI (Good)\n"));
    ck_assert_int_eq(run("%s lint --no-config --today 2014-09-01 draft.eml", bin()), 1);
    ck_assert(!has("out", "overdue-item"));
    ck_assert(system("cp " TMP "/draft.eml " TMP "/draft.orig") == 0);
    ck_assert_int_eq(run("%s lint --no-config --fix draft.eml", bin()), 2);
    ck_assert_int_eq(run("cmp draft.eml draft.orig"), 0); /* untouched */
    ck_assert_int_eq(run("%s fmt --no-config --check draft.eml", bin()), 2);
}
END_TEST

START_TEST(json_output)
{
    setup();
    ck_assert_int_eq(run("%s lint --no-config --format json error.txt warn.txt", bin()), 1);
    char *s = slurp("out");
    json_error_t je;
    json_t *a = json_loads(s, 0, &je);
    ck_assert_msg(a && json_is_array(a), "not a JSON array: %s", je.text);
    bool saw_fix = false, saw_warn = false;
    size_t i;
    json_t *f;
    json_array_foreach(a, i, f)
    {
        ck_assert(json_is_string(json_object_get(f, "file")));
        ck_assert(json_integer_value(json_object_get(f, "line")) > 0);
        ck_assert(json_integer_value(json_object_get(f, "column")) > 0);
        ck_assert(json_is_integer(json_object_get(f, "end_line")));
        ck_assert(json_is_integer(json_object_get(f, "end_column")));
        ck_assert(json_is_string(json_object_get(f, "rule")));
        ck_assert(json_is_string(json_object_get(f, "message")));
        const char *sev = json_string_value(json_object_get(f, "severity"));
        ck_assert(sev &&
                  (!strcmp(sev, "error") || !strcmp(sev, "warning") || !strcmp(sev, "info")));
        json_t *fix = json_object_get(f, "fix");
        if (fix) {
            saw_fix = true;
            ck_assert(json_is_integer(json_object_get(fix, "offset")));
            ck_assert(json_is_string(json_object_get(fix, "replacement")));
        }
        if (!strcmp(json_string_value(json_object_get(f, "file")), "warn.txt"))
            saw_warn = true;
    }
    ck_assert(saw_fix && saw_warn);
    json_decref(a);
    free(s);
}
END_TEST

/* A title that is not UTF-8: the machine reports stay valid JSON (the
 * message quotes it with U+FFFD; a fix that would write its bytes is
 * left out of them), and --fix still applies that fix byte for byte. */
START_TEST(reports_of_bytes_not_utf8)
{
    setup();
    put("bad.txt", "Xen 4.5 development update\n\n=Open \xF7\xFF=\n\n"
                   "== Empty \xF7\xFF ==\n\n== ARM ==\n\n*  ARM PSCI v0.2 (good)\n"
                   "  -  Parth Dixit\n");
    for (int sarif = 0; sarif < 2; sarif++) {
        run("%s lint --no-config --format %s bad.txt", bin(), sarif ? "sarif" : "json");
        char *s = slurp("out");
        json_error_t je;
        json_t *a = json_loads(s, 0, &je); /* jansson refuses text that is not UTF-8 */
        ck_assert_msg(a != NULL, "%s report: %s", sarif ? "SARIF" : "JSON", je.text);
        ck_assert_ptr_nonnull(strstr(s, "\xEF\xBF\xBD"));
        if (!sarif) {
            size_t i;
            json_t *f;
            bool heading = false;
            json_array_foreach(a, i, f)
            {
                if (strcmp(json_string_value(json_object_get(f, "rule")), "malformed-heading"))
                    continue;
                heading = true;
                ck_assert_ptr_null(json_object_get(f, "fix"));
            }
            ck_assert(heading);
        }
        json_decref(a);
        free(s);
    }
    run("%s lint --no-config --fix bad.txt", bin());
    ck_assert(has("bad.txt", "= Open \xF7\xFF =\n"));
}
END_TEST

/* A report of more findings than one chunk of the text printer (which
 * then formats on the cores) is, finding for finding, the JSON report's
 * in the same order, each with its source line and caret. */
START_TEST(many_findings_text_report)
{
    setup();
    enum {
        ITEMS = 40000
    };
    char p[512];
    snprintf(p, sizeof p, TMP "/big.txt");
    FILE *f = fopen(p, "wb");
    ck_assert(f != NULL);
    fputs("Xen 4.5 development update\n\n= Open =\n\n== ARM ==\n\n*  Owned (ok)\n  -  Ann\n", f);
    for (int i = 0; i < ITEMS; i++)
        fprintf(f, "\n*  Item %05d without an owner (ok)\n", i);
    fclose(f);
    ck_assert_int_eq(run("%s lint --no-config --format json big.txt", bin()), 1);
    char *js = slurp("out");
    ck_assert_int_eq(run("%s lint --no-config big.txt", bin()), 1);
    char *text = slurp("out"), *src = slurp("big.txt");
    /* The source's lines. */
    size_t n_lines = 0, cap = ITEMS * 2 + 16;
    const char **line = malloc(cap * sizeof *line);
    size_t *len = malloc(cap * sizeof *len);
    ck_assert(line && len);
    for (const char *q = src; *q && n_lines < cap; n_lines++) {
        const char *e = strchr(q, '\n');
        line[n_lines] = q;
        len[n_lines] = e ? (size_t)(e - q) : strlen(q);
        q = e ? e + 1 : q + len[n_lines];
    }
    json_error_t je;
    json_t *a = json_loads(js, 0, &je);
    ck_assert_msg(a && json_is_array(a), "not a JSON array: %s", je.text);
    ck_assert_uint_ge(json_array_size(a), ITEMS);
    size_t i, at = 0, tn = strlen(text);
    json_t *fd;
    json_array_foreach(a, i, fd)
    {
        long l = (long)json_integer_value(json_object_get(fd, "line"));
        long c = (long)json_integer_value(json_object_get(fd, "column"));
        ck_assert(l >= 1 && (size_t)l <= n_lines && c >= 1);
        char want[1024];
        int w = snprintf(want, sizeof want, "big.txt:%ld:%ld: %s: %s [%s]\n  %.*s\n  %*s^\n", l, c,
                         json_string_value(json_object_get(fd, "severity")),
                         json_string_value(json_object_get(fd, "message")),
                         json_string_value(json_object_get(fd, "rule")), (int)len[l - 1],
                         line[l - 1], (int)(c - 1), "");
        ck_assert(w > 0 && (size_t)w < sizeof want);
        ck_assert_msg(tn - at >= (size_t)w && !memcmp(text + at, want, (size_t)w),
                      "finding %zu differs: want\n%s", i, want);
        at += (size_t)w;
    }
    ck_assert_msg(strstr(text + at, "in 1 file\n") != NULL, "the summary follows the findings");
    json_decref(a);
    free(line);
    free(len);
    free(js);
    free(text);
    free(src);
}
END_TEST

/* The line under a finding as the text report shows it: tabs as spaces,
 * NUL and bytes that are not UTF-8 as '?', line ends "\r\n", "\r" and
 * "\n" cut off, the caret under the column counted in characters. */
START_TEST(text_report_snippets)
{
    setup();
    static const char src[] = "Xen update\r\n\r\n= Open =\r\n\r\n*  Caf\xC3\xA9\tsupport (ok)  \r\n"
                              "  -  Ann\rstray\0 \xFF tail\t\r\n*  Caf\xC3\xA9\tsupport (ok)\n";
    FILE *f = fopen(TMP "/snip.txt", "wb");
    ck_assert(f != NULL);
    ck_assert_uint_eq(fwrite(src, 1, sizeof src - 1, f), sizeof src - 1);
    fclose(f);
    ck_assert_int_eq(run("%s lint --no-config snip.txt", bin()), 1);
    char *out = slurp("out");
    static const char want[] =
        "snip.txt:5:9: info: tab character; use spaces [tab]\n"
        "  *  Caf\xC3\xA9 support (ok)  \n"
        "         ^\n"
        "snip.txt:5:22: info: trailing whitespace (not a soft break) [trailing-space]\n"
        "  *  Caf\xC3\xA9 support (ok)  \n"
        "                      ^\n"
        "snip.txt:7:6: error: NUL byte in the text [nul-byte]\n"
        "  stray? ? tail \n"
        "       ^\n"
        "snip.txt:7:8: warning: byte 0xFF is not UTF-8 (line 7) [invalid-utf8]\n"
        "  stray? ? tail \n"
        "         ^\n"
        "snip.txt:7:14: info: tab character; use spaces [tab]\n"
        "  stray? ? tail \n"
        "               ^\n"
        "snip.txt:7:14: info: trailing whitespace (not a soft break) [trailing-space]\n"
        "  stray? ? tail \n"
        "               ^\n"
        "snip.txt:8:1: warning: item `Caf\xC3\xA9\tsupport` also appears at line 5 "
        "[duplicate-item]\n"
        "  *  Caf\xC3\xA9 support (ok)\n"
        "  ^\n"
        "snip.txt:8:1: warning: item `Caf\xC3\xA9\tsupport` has no owner [missing-owner]\n"
        "  *  Caf\xC3\xA9 support (ok)\n"
        "  ^\n"
        "snip.txt:8:9: info: tab character; use spaces [tab]\n"
        "  *  Caf\xC3\xA9 support (ok)\n"
        "         ^\n"
        "1 error, 3 warnings, 5 info in 1 file\n";
    ck_assert_str_eq(out, want);
    free(out);
}
END_TEST

START_TEST(github_and_multi_output)
{
    setup();
    ck_assert_int_eq(run("%s lint --no-config --format github warn.txt", bin()), 1);
    ck_assert(has("out", "::warning file=warn.txt,line=10,col=1,"));
    ck_assert(has("out", "title=missing-owner::item `ARM GICv3 support` has no owner"));
    /* Text on the console and SARIF + JSON files in one run. */
    ck_assert_int_eq(run("%s lint --no-config --output sarif:r.sarif --output json:r.json "
                         "error.txt",
                         bin()),
                     1);
    ck_assert(has("out", "error.txt:7:19: error: state `Good` is spelt `good` on the scale"));
    ck_assert(has("r.sarif", "\"version\": \"2.1.0\""));
    ck_assert(has("r.json", "\"rule\": \"unknown-state\""));
    ck_assert_int_eq(run("%s lint --no-config --output sarif clean.txt", bin()), 2);
}
END_TEST

/* SARIF against the official 2.1.0 schema (tests/sarif-validate.sh
 * fetches it through npm when it is not cached, validates with python's
 * jsonschema; exit 77 = cannot validate here). */
START_TEST(sarif_schema)
{
    setup();
    run("%s lint --no-config --format sarif error.txt warn.txt clean.txt", bin());
    ck_assert(system("cp " TMP "/out " TMP "/all.sarif") == 0);
    int rc = system("sh tests/sarif-validate.sh " TMP "/all.sarif " PG_BUILD_DIR
                    "/sarif-schema > " TMP "/validate.log 2>&1");
    rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    char *log = slurp("validate.log");
    if (rc == 77) {
        printf("note: SARIF schema check skipped: %s", log ? log : "\n");
    } else {
        ck_assert_msg(rc == 0, "SARIF does not validate:\n%s", log ? log : "");
        /* And the check can fail: a broken log must not validate. */
        put("bad.sarif", "{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}");
        rc = system("sh tests/sarif-validate.sh " TMP "/bad.sarif " PG_BUILD_DIR
                    "/sarif-schema > /dev/null 2>&1");
        ck_assert_msg(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "a run without tool validated");
    }
    free(log);
}
END_TEST

START_TEST(config_files)
{
    setup();
    /* Found by walking up from the file's directory. */
    put(".prognosis.yaml", "rules:\n  missing-owner: off\nline-length: 100\n");
    put("sub/deeper/warn.txt", warn_doc);
    ck_assert_int_eq(run("%s lint sub/deeper/warn.txt", bin()), 0);
    ck_assert_int_eq(run("%s lint --no-config sub/deeper/warn.txt", bin()), 1);
    /* The nearest one wins. */
    put("sub/.prognosis.yaml", "rules:\n  missing-owner: error\n");
    ck_assert_int_eq(run("%s lint --fail-on error sub/deeper/warn.txt", bin()), 1);
    ck_assert(has("out", "error: item `ARM GICv3 support` has no owner"));
    /* --config overrides discovery. */
    put("other.yaml", "rules: {missing-owner: info}\n");
    ck_assert_int_eq(run("%s lint --config other.yaml sub/deeper/warn.txt", bin()), 0);
    ck_assert(has("out", "info: item"));
    /* --print-config shows the effective settings and where they came from. */
    ck_assert_int_eq(run("%s lint --print-config sub/deeper/warn.txt", bin()), 0);
    ck_assert(has("out", "sub/.prognosis.yaml"));
    ck_assert(has("out", "  missing-owner: error\n"));
    ck_assert(has("out", "line-length: 72\n"));
    ck_assert_int_eq(run("%s lint --print-config warn.txt", bin()), 0);
    ck_assert(has("out", "line-length: 100\n"));
    /* A bad config names the file, the line and the key. */
    put("bad.yaml", "line-length: 80\nrules:\n  no-such-rule: warning\n");
    ck_assert_int_eq(run("%s lint --config bad.yaml warn.txt", bin()), 2);
    ck_assert(has("err", "bad.yaml:3:3: error: /rules/no-such-rule: unknown rule 'no-such-rule'"));
    put("bad2.yaml", "rules:\n  long-line: loud\n");
    ck_assert_int_eq(run("%s lint --config bad2.yaml warn.txt", bin()), 2);
    ck_assert(has("err", "bad2.yaml:2:14: error: /rules/long-line: severity must be"));
    put("bad3.yaml", "line-lenght: 80\n");
    ck_assert_int_eq(run("%s lint --config bad3.yaml warn.txt", bin()), 2);
    ck_assert(has("err", "bad3.yaml:1:1: error: /line-lenght: unknown key"));
    put("bad4.yaml", "rules: [a\n");
    ck_assert_int_eq(run("%s lint --config bad4.yaml warn.txt", bin()), 2);
    ck_assert(has("err", "bad4.yaml:"));
    /* A printed config reads back as the same config. */
    ck_assert_int_eq(run("%s lint --print-config sub/deeper/warn.txt", bin()), 0);
    ck_assert(system("cp " TMP "/out " TMP "/printed.yaml") == 0);
    ck_assert_int_eq(run("%s lint --config printed.yaml --print-config warn.txt", bin()), 0);
    ck_assert(has("out", "  missing-owner: error\n"));
}
END_TEST

START_TEST(explain)
{
    setup();
    ck_assert_int_eq(run("%s lint --explain unknown-state", bin()), 0);
    ck_assert(has("out", "unknown-state (default severity: error, fixable)"));
    ck_assert(has("out", "in master"));
    ck_assert_int_eq(run("%s lint --explain all", bin()), 0);
    for (size_t i = 0; i < pg_lint_rule_count(); i++)
        ck_assert(has("out", pg_lint_rule_at(i)->id));
    ck_assert_int_eq(run("%s lint --explain no-such-rule", bin()), 2);
}
END_TEST

START_TEST(fmt_and_fix)
{
    setup();
    ck_assert_int_eq(run("%s fmt --no-config --check clean.txt", bin()), 0);
    ck_assert_int_eq(run("%s fmt --no-config --check error.txt", bin()), 1);
    ck_assert(has("out", "error.txt: would be reformatted"));
    ck_assert_int_eq(run("%s fmt --no-config --diff error.txt", bin()), 1);
    ck_assert(has("out", "-*  ARM PSCI v0.2 (Good)\n+*  ARM PSCI v0.2 (good)\n"));
    ck_assert(has("out", "-  - Julien Grall\n+  -  Julien Grall\n"));
    /* -w keeps the mode and rewrites only what needs it. */
    ck_assert(chmod(TMP "/error.txt", 0600) == 0);
    ck_assert_int_eq(run("%s fmt --no-config -w error.txt", bin()), 0);
    struct stat st;
    ck_assert(stat(TMP "/error.txt", &st) == 0 && (st.st_mode & 0777) == 0600);
    ck_assert(has("error.txt", "*  ARM PSCI v0.2 (good)\n"));
    ck_assert(has("error.txt", "*  ARM GICv3 support (in master)\n")); /* needs a person */
    ck_assert_int_eq(run("%s fmt --no-config --check error.txt", bin()), 0);
    /* lint --fix applies the same fixes, then reports what is left. */
    put("fixme.txt", error_doc);
    ck_assert_int_eq(run("%s lint --no-config --fix fixme.txt", bin()), 1);
    ck_assert(has("fixme.txt", "*  ARM PSCI v0.2 (good)\n"));
    ck_assert(!has("out", "`Good`"));
    ck_assert(has("out", "`in master`"));
    ck_assert_int_eq(run("%s fmt --no-config -w - < clean.txt", bin()), 2);
}
END_TEST

START_TEST(previous_rev)
{
    setup();
    if (system("git --version > /dev/null 2>&1") != 0) {
        printf("note: git not available; --previous-rev not tested\n");
        return;
    }
    put("repo/status.txt", clean_doc);
    ck_assert_int_eq(run("cd repo && git init -q . && git add status.txt && "
                         "git -c user.name=t -c user.email=t@t commit -qm v1"),
                     0);
    char *regressed = strdup(clean_doc);
    char *p = strstr(regressed, "(good)");
    memcpy(p, "(fair)", 6);
    put("repo/status.txt", regressed);
    free(regressed);
    ck_assert_int_eq(run("%s lint --no-config --previous-rev HEAD repo/status.txt", bin()), 1);
    ck_assert(has("out", "state went back from `good` to `fair` since the previous update"));
    ck_assert_int_eq(run("%s lint --no-config --previous-rev no-such-rev repo/status.txt", bin()),
                     2);
    /* --previous FILE, repeatable, oldest first. */
    put("v1.txt", clean_doc);
    ck_assert_int_eq(run("%s lint --no-config --previous v1.txt --previous v1.txt "
                         "--previous v1.txt clean.txt",
                         bin()),
                     0);
    ck_assert(has("out", "info: state `good` has not moved in the last 4 updates [stale-item]"));
}
END_TEST

/* ----------------------------------------------------- real documents */

static const char *shared(const char *rel, char *buf, size_t n)
{
    const char *base = getenv("PG_SHARED_DIR");
    snprintf(buf, n, "%s/%s", base ? base : "../shared", rel);
    return buf;
}

typedef struct want {
    unsigned line;
    const char *rule;
    const char *text;
} want;

static bool found(const pg_lint_result *r, unsigned line, const char *rule, const char *text)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->findings[i].diag.line == line && !strcmp(r->findings[i].diag.rule, rule) &&
            (!text || strstr(r->findings[i].diag.message, text)))
            return true;
    return false;
}

START_TEST(seed_003)
{
    char path[512];
    size_t n;
    char *s = tu_read_file(shared("seeds/003_75bd3043f37915df.txt", path, sizeof path), &n);
    if (!s) {
        printf("note: %s not found; seed check skipped\n", path);
        return;
    }
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(s, n, NULL, &err);
    ck_assert(doc != NULL);
    pg_lint_config *cfg = pg_lint_config_new();
    pg_lint_config_set_today(cfg, 2014, 7, 1);
    pg_lint_result r;
    ck_assert(pg_lint(doc, cfg, NULL, 0, &r, &err) == PG_OK);
    /* The states a reader cannot rank, with a useful suggestion. */
    ck_assert(
        found(&r, 327, "unknown-state", "`mostly in master except one patch` is not on the scale"));
    ck_assert(found(&r, 327, "unknown-state", "did you mean `good`"));
    ck_assert(found(&r, 330, "unknown-state", "`in master`"));
    ck_assert(found(&r, 330, "unknown-state", "did you mean `done`"));
    ck_assert(found(&r, 332, "unknown-state", NULL));
    ck_assert(found(&r, 334, "unknown-state", NULL));
    ck_assert(found(&r, 31, "date-without-year", "10th October"));
    size_t errors = 0;
    for (size_t i = 0; i < r.n; i++) {
        const pg_diag *d = &r.findings[i].diag;
        /* Completed / Up for grabs / Deferred items need no owner or state. */
        ck_assert_msg(strcmp(d->rule, "missing-owner") && strcmp(d->rule, "missing-state"),
                      "%u: %s", d->line, d->message);
        /* The soft breaks are not trailing spaces, nor long lines. */
        ck_assert_msg(strcmp(d->rule, "trailing-space"), "%u: %s", d->line, d->message);
        ck_assert_msg(strcmp(d->rule, "wrapped-line"), "%u: %s", d->line, d->message);
        static const unsigned soft[] = {160, 182, 275, 287, 288, 289, 327};
        for (size_t k = 0; k < sizeof soft / sizeof *soft; k++)
            ck_assert_msg(!(d->line == soft[k] && !strcmp(d->rule, "long-line")),
                          "soft break %u reported as long", soft[k]);
        /* Before the freeze nothing is overdue. */
        ck_assert(strcmp(d->rule, "overdue-item"));
        errors += d->severity == PG_SEV_ERROR;
    }
    ck_assert_uint_eq(errors, 4);
    pg_lint_result_free(&r);
    /* After the release date the items still at `none` are overdue,
     * except those in Up for grabs and Deferred. */
    pg_lint_config_set_today(cfg, 2015, 1, 5);
    ck_assert(pg_lint(doc, cfg, NULL, 0, &r, &err) == PG_OK);
    ck_assert(found(&r, 59, "overdue-item", "`Release` (10th December 2014) has passed"));
    ck_assert(!found(&r, 299, "overdue-item", NULL)); /* Up for grabs */
    ck_assert(!found(&r, 250, "overdue-item", NULL)); /* Deferred */
    pg_lint_result_free(&r);
    pg_lint_config_free(cfg);
    pg_doc_free(doc);
    free(s);
}
END_TEST

START_TEST(corpus_lints)
{
    char dir[512];
    shared("corpus", dir, sizeof dir);
    if (!tu_dir_exists(dir)) {
        printf("note: %s not found; corpus lint check skipped\n", dir);
        return;
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "ls %s/*.txt %s/raw/*.eml %s/../seeds/*.txt 2>/dev/null", dir, dir,
             dir);
    FILE *ls = popen(cmd, "r");
    ck_assert(ls != NULL);
    char path[1024];
    int files = 0;
    while (fgets(path, sizeof path, ls)) {
        path[strcspn(path, "\n")] = '\0';
        size_t n;
        char *s = tu_read_file(path, &n);
        ck_assert(s != NULL);
        pg_error err = {0};
        pg_doc *doc = pg_parse_text(s, n, NULL, &err);
        ck_assert_msg(doc != NULL, "%s: %s", path, err.message);
        pg_lint_result r;
        ck_assert_msg(pg_lint(doc, NULL, (const pg_doc *const *)&doc, 1, &r, &err) == PG_OK,
                      "%s: %s", path, err.message);
        for (size_t i = 0; i < r.n; i++)
            ck_assert_msg(r.findings[i].diag.line >= 1 && r.findings[i].diag.rule,
                          "%s: finding without a place", path);
        pg_lint_result_free(&r);
        /* fmt: idempotent, and clean of everything it can fix. */
        pg_buf f1 = {0}, f2 = {0};
        bool changed;
        ck_assert(pg_fmt(s, n, NULL, pg_buf_write, &f1, &changed, &err) == PG_OK);
        ck_assert(pg_fmt(f1.data ? f1.data : "", f1.len, NULL, pg_buf_write, &f2, &changed, &err) ==
                  PG_OK);
        ck_assert_msg(!changed, "%s: fmt is not idempotent", path);
        pg_doc *fd = pg_parse_text(f1.data ? f1.data : "", f1.len, NULL, &err);
        ck_assert(pg_lint(fd, NULL, NULL, 0, &r, &err) == PG_OK);
        for (size_t i = 0; i < r.n; i++)
            ck_assert_msg(!r.findings[i].has_fix, "%s: fmt left a fixable %s at line %u", path,
                          r.findings[i].diag.rule, r.findings[i].diag.line);
        pg_lint_result_free(&r);
        pg_doc_free(fd);
        free(f1.data);
        free(f2.data);
        pg_doc_free(doc);
        free(s);
        files++;
    }
    pclose(ls);
    ck_assert_msg(files > 0, "no corpus files read");
}
END_TEST

extern Suite *lint_cli_suite(void);
Suite *lint_cli_suite(void)
{
    Suite *s = suite_create("lint_cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, exit_codes);
    tcase_add_test(tc, json_output);
    tcase_add_test(tc, many_findings_text_report);
    tcase_add_test(tc, text_report_snippets);
    tcase_add_test(tc, reports_of_bytes_not_utf8);
    tcase_add_test(tc, mail_draft);
    tcase_add_test(tc, github_and_multi_output);
    tcase_add_test(tc, sarif_schema);
    tcase_add_test(tc, config_files);
    tcase_add_test(tc, explain);
    tcase_add_test(tc, fmt_and_fix);
    tcase_add_test(tc, previous_rev);
    suite_add_tcase(s, tc);
    TCase *docs = tcase_create("documents");
    tcase_set_timeout(docs, 120);
    tcase_add_test(docs, seed_003);
    tcase_add_test(docs, corpus_lints);
    suite_add_tcase(s, docs);
    return s;
}
