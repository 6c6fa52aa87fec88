/* cmd_lint.c - "prognosis lint [options] [FILE...]": the pre-send check
 * and the CI gate.  Exit 0 when nothing at or above --fail-on was found,
 * 1 when something was, 2 for unusable input or options. */
#include "lint_cli.h"
#include "mail_cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef enum {
    OUT_TEXT,
    OUT_JSON,
    OUT_SARIF,
    OUT_GITHUB
} out_kind;

typedef struct output {
    out_kind kind;
    const char *path; /* NULL = standard output */
} output;

#define MAX_OUT  8
#define MAX_PREV 64

typedef struct opts {
    output out[MAX_OUT];
    size_t n_out;
    pg_severity fail_on;
    const char *stdin_name, *config, *today;
    int no_config, print_config, fix;
    const char *prev[MAX_PREV];
    size_t n_prev;
    const char *prev_rev[MAX_PREV];
    size_t n_prev_rev;
    const char *rules[MAX_PREV]; /* ID=SEVERITY */
    size_t n_rules;
    const char *history; /* an mbox (or any series file) of earlier updates */
    unsigned jobs;       /* files linted at once (-j N) */
} opts;

typedef struct file_run {
    cli_input in;
    pg_lint_result res;
    bool ok;
    bool no_snippet; /* positions are not the file's bytes (encoded mail) */
} file_run;

static void usage(FILE *out)
{
    fputs("usage: prognosis lint [options] [FILE...]\n"
          "Check status updates before sending them or in CI.  No FILE or '-':\n"
          "standard input.\n\n"
          "  --format FMT          text (default; github when GITHUB_ACTIONS=true),\n"
          "                        json, sarif, github\n"
          "  --output FMT:FILE     also write FMT to FILE (repeatable)\n"
          "  --fail-on LEVEL       error, warning (default) or info\n"
          "  --stdin-filename NAME name standard input in reports\n"
          "  --config FILE         use FILE instead of .prognosis.yaml\n"
          "  --no-config           ignore .prognosis.yaml\n"
          "  --print-config        print the effective config for FILE and exit\n"
          "  --rule ID=SEVERITY    set a rule's severity (error warning info off)\n"
          "  --explain RULE        explain a rule ('--explain all' lists them)\n"
          "  --fix                 apply the safe fixes in place (as fmt -w)\n"
          "  --previous FILE       an earlier update, oldest first (repeatable)\n"
          "  --previous-rev REV    the file as of git revision REV (repeatable)\n"
          "  -j, --jobs N          lint N files at once (output stays in file order)\n"
          "  --history ARCHIVE     earlier updates from an mbox archive (date order;\n"
          "                        for a mail, only those sent before it)\n"
          "  --today YYYY-MM-DD    today, for overdue-item\n\n"
          "Exit status: 0 clean, 1 findings at or above --fail-on, 2 unusable\n"
          "input or options.\n",
          out);
}

static int parse_kind(const char *s, size_t n, out_kind *k)
{
    static const char *const names[] = {"text", "json", "sarif", "github"};
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == n && !strncmp(s, names[i], n)) {
            *k = (out_kind)i;
            return 0;
        }
    return -1;
}

static int explain(const char *id)
{
    if (!strcmp(id, "all")) {
        for (size_t i = 0; i < pg_lint_rule_count(); i++) {
            const pg_lint_rule *r = pg_lint_rule_at(i);
            printf("%-24s %-8s %s%s\n", r->id, pg_lint_severity_name(r->severity), r->summary,
                   r->fixable ? " (fixable)" : "");
        }
        return EXIT_CLEAN;
    }
    const pg_lint_rule *r = pg_lint_rule_find(id);
    if (!r) {
        fprintf(stderr, "prognosis lint: no rule '%s' ('--explain all' lists them)\n", id);
        return EXIT_UNUSABLE;
    }
    printf("%s (default severity: %s%s%s)\n\n%s.\n\n%s", r->id, pg_lint_severity_name(r->severity),
           r->fixable ? ", fixable" : "", r->history ? ", needs --previous" : "", r->summary,
           r->explanation);
    return EXIT_CLEAN;
}

static int parse_args(int argc, char **argv, opts *o)
{
    enum {
        O_FORMAT = 256,
        O_OUTPUT,
        O_FAIL,
        O_STDIN,
        O_CONFIG,
        O_NOCONFIG,
        O_PRINT,
        O_EXPLAIN,
        O_FIX,
        O_PREV,
        O_PREVREV,
        O_TODAY,
        O_RULE,
        O_HISTORY,
        O_JOBS
    };
    static const struct option lo[] = {{"format", required_argument, 0, O_FORMAT},
                                       {"output", required_argument, 0, O_OUTPUT},
                                       {"fail-on", required_argument, 0, O_FAIL},
                                       {"stdin-filename", required_argument, 0, O_STDIN},
                                       {"config", required_argument, 0, O_CONFIG},
                                       {"no-config", no_argument, 0, O_NOCONFIG},
                                       {"print-config", no_argument, 0, O_PRINT},
                                       {"explain", required_argument, 0, O_EXPLAIN},
                                       {"fix", no_argument, 0, O_FIX},
                                       {"previous", required_argument, 0, O_PREV},
                                       {"previous-rev", required_argument, 0, O_PREVREV},
                                       {"today", required_argument, 0, O_TODAY},
                                       {"rule", required_argument, 0, O_RULE},
                                       {"history", required_argument, 0, O_HISTORY},
                                       {"jobs", required_argument, 0, 'j'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    /* In GitHub Actions the default output is workflow annotations (as
     * ruff does); --format overrides. */
    const char *gha = getenv("GITHUB_ACTIONS");
    o->out[0].kind = gha && !strcmp(gha, "true") ? OUT_GITHUB : OUT_TEXT;
    o->n_out = 1;
    o->fail_on = PG_SEV_WARNING;
    int c, y, m, d;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hj:", lo, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (parse_kind(optarg, strlen(optarg), &o->out[0].kind) == 0)
                continue;
            fprintf(stderr, "prognosis lint: unknown format '%s' (text, json, sarif, github)\n",
                    optarg);
            return EXIT_UNUSABLE;
        case O_OUTPUT: {
            const char *colon = strchr(optarg, ':');
            if (!colon || !colon[1] || o->n_out == MAX_OUT ||
                parse_kind(optarg, (size_t)(colon - optarg), &o->out[o->n_out].kind)) {
                fprintf(stderr,
                        "prognosis lint: --output wants FORMAT:FILE, e.g. sarif:report.sarif\n");
                return EXIT_UNUSABLE;
            }
            o->out[o->n_out++].path = colon + 1;
            continue;
        }
        case O_FAIL:
            if (pg_lint_severity_parse(optarg, &o->fail_on) && o->fail_on != PG_SEV_OFF)
                continue;
            fprintf(stderr, "prognosis lint: --fail-on wants error, warning or info\n");
            return EXIT_UNUSABLE;
        case O_STDIN:
            o->stdin_name = optarg;
            continue;
        case O_CONFIG:
            o->config = optarg;
            continue;
        case O_NOCONFIG:
            o->no_config = 1;
            continue;
        case O_PRINT:
            o->print_config = 1;
            continue;
        case O_EXPLAIN:
            return -2 - explain(optarg); /* -2 clean, -4 unusable */
        case O_FIX:
            o->fix = 1;
            continue;
        case O_HISTORY:
            o->history = optarg;
            continue;
        case 'j': {
            char *end;
            unsigned long j = strtoul(optarg, &end, 10);
            if (*optarg && !*end && j >= 1 && j <= 256) {
                o->jobs = (unsigned)j;
                continue;
            }
            fprintf(stderr, "prognosis lint: -j wants a number from 1 to 256\n");
            return EXIT_UNUSABLE;
        }
        case O_PREV:
        case O_PREVREV:
        case O_RULE: {
            size_t *n = c == O_PREV ? &o->n_prev : c == O_PREVREV ? &o->n_prev_rev : &o->n_rules;
            const char **v = c == O_PREV ? o->prev : c == O_PREVREV ? o->prev_rev : o->rules;
            if (*n == MAX_PREV) {
                fprintf(stderr, "prognosis lint: too many %s options\n", argv[optind - 2]);
                return EXIT_UNUSABLE;
            }
            v[(*n)++] = optarg;
            continue;
        }
        case O_TODAY:
            if (cli_parse_ymd(optarg, &y, &m, &d) == 0) {
                o->today = optarg;
                continue;
            }
            fprintf(stderr, "prognosis lint: --today wants YYYY-MM-DD\n");
            return EXIT_UNUSABLE;
        case 'h':
            usage(stdout);
            return -2;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    return -1;
}

/* Apply --rule, --today and the clock to a file's config. */
static int tune(pg_lint_config *cfg, const opts *o)
{
    for (size_t i = 0; i < o->n_rules; i++) {
        const char *eq = strchr(o->rules[i], '=');
        char id[64];
        pg_severity s;
        if (!eq || (size_t)(eq - o->rules[i]) >= sizeof id) {
            fprintf(stderr, "prognosis lint: --rule wants ID=SEVERITY\n");
            return -1;
        }
        memcpy(id, o->rules[i], (size_t)(eq - o->rules[i]));
        id[eq - o->rules[i]] = '\0';
        if (!pg_lint_severity_parse(eq + 1, &s) || pg_lint_config_set_severity(cfg, id, s)) {
            fprintf(stderr, "prognosis lint: --rule %s: unknown rule or severity\n", o->rules[i]);
            return -1;
        }
    }
    /* One file's rule families on every core, unless -j spreads files. */
    pg_lint_config_set_threads(cfg, o->jobs > 1 ? 1 : cli_threads());
    int y, m, d;
    if (o->today && cli_parse_ymd(o->today, &y, &m, &d) == 0)
        pg_lint_config_set_today(cfg, y, m, d);
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        pg_lint_config_set_clock(cfg, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

/* The i-th earlier version of one file: --previous files, then
 * --previous-rev revisions (oldest first each). */
static int read_previous(const opts *o, const char *path, size_t i, cli_input *in)
{
    if (i < o->n_prev)
        return cli_read_input(o->prev[i], NULL, in);
    if (!path || !strcmp(path, "-")) {
        fprintf(stderr, "prognosis lint: --previous-rev needs a file, not standard input\n");
        return -1;
    }
    return cli_git_show(path, o->prev_rev[i - o->n_prev], in);
}

/* The earlier versions as documents (the tree's lint). */
static int load_previous(const opts *o, const char *path, const pg_lint_config *cfg, pg_doc **docs,
                         size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->n_prev + o->n_prev_rev; i++) {
        cli_input in;
        if (read_previous(o, path, i, &in) != 0)
            return -1;
        docs[*n] = cli_lint_parse(&in, cfg);
        cli_input_free(&in);
        if (!docs[*n])
            return -1;
        (*n)++;
    }
    return 0;
}

/* The earlier versions as digests (a streamed lint): one at a time, each
 * read, digested and let go. */
static int load_digests(const opts *o, const char *path, const pg_lint_config *cfg,
                        pg_lint_digest **dg, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < o->n_prev + o->n_prev_rev; i++) {
        cli_input in;
        if (read_previous(o, path, i, &in) != 0)
            return -1;
        dg[*n] = cli_lint_digest(&in, cfg);
        cli_input_free(&in);
        if (!dg[*n])
            return -1;
        (*n)++;
    }
    return 0;
}

/* "line N" inside a message (duplicate-item, timeline-order ...) names a
 * body line: say the file's line instead. */
static void remap_refs(const char *msg, char *out, size_t cap, const pg_mail *mail)
{
    size_t o = 0;
    for (const char *p = msg; *p && o + 16 < cap;) {
        char *end;
        unsigned long v =
            !strncmp(p, "line ", 5) && p[5] >= '0' && p[5] <= '9' ? strtoul(p + 5, &end, 10) : 0;
        if (v > 0 && v <= UINT32_MAX) {
            o += (size_t)snprintf(out + o, cap - o, "line %u", pg_mail_line(mail, (uint32_t)v));
            p = end;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

/* A mail's findings point into the file: body lines where the body is
 * the file's own bytes; for a transfer-encoded body the message's first
 * line, with the line of the decoded body in the message (and no
 * snippet: the file's bytes there are base64).  Fixes are about the
 * decoded body and are dropped.  *encoded gets whether the body was
 * encoded.  Returns 0, -1 (said) when memory ran out. */
static int to_file_lines(pg_lint_result *r, const pg_mail *mail, bool *encoded)
{
    const char *enc = pg_mail_get(mail)->encoding;
    *encoded = enc && (!strcmp(enc, "base64") || !strcmp(enc, "quoted-printable"));
    for (size_t i = 0; i < r->n; i++) {
        pg_diag *d = &r->findings[i].diag;
        uint32_t l = pg_mail_line(mail, d->line);
        char msg[PG_DIAG_MESSAGE_MAX + 64];
        if (*encoded)
            snprintf(msg, sizeof msg, "body line %u: %s", d->line, d->message);
        else
            remap_refs(d->message, msg, sizeof msg, mail);
        pg_error err;
        if (pg_lint_result_set_message(r, i, msg, &err) != PG_OK) {
            fprintf(stderr, "prognosis lint: %s\n", err.message);
            return -1;
        }
        d->end_line = d->end_line >= d->line ? l + (d->end_line - d->line) : l;
        d->line = l;
        r->findings[i].has_fix = false;
    }
    return 0;
}

/* The mail's Date: header is "today" unless --today says. */
static void mail_today(const opts *o, const pg_mail *mail, pg_lint_config *cfg)
{
    const pg_mail_info *mi = mail ? pg_mail_get(mail) : NULL;
    int y, m, d;
    char day[11];
    if (mi && !o->today && mi->date.ptr && mi->date.len >= 10 &&
        snprintf(day, sizeof day, "%.10s", mi->date.ptr) == 10 &&
        cli_parse_ymd(day, &y, &m, &d) == 0)
        pg_lint_config_set_today(cfg, y, m, d);
}

/* A JSON/YAML document, or one judged against an archive (--history):
 * the document's tree and theirs. */
static int lint_tree(const opts *o, const char *path, file_run *fr, pg_lint_config *cfg)
{
    pg_doc *prev[MAX_PREV * 2];
    size_t n_prev = 0;
    int rc = -1;
    pg_doc *doc = NULL;
    pg_mail *mail = NULL;
    if (load_previous(o, path, cfg, prev, &n_prev) == 0 &&
        (doc = cli_lint_parse_mail(&fr->in, cfg, &mail)) != NULL) {
        pg_error err = {0};
        const pg_mail_info *mi = mail ? pg_mail_get(mail) : NULL;
        mail_today(o, mail, cfg);
        /* History: the archive's updates sent before this one, then the
         * --previous / --previous-rev versions. */
        cli_series hist = {0};
        const pg_doc **all = NULL;
        size_t n_all = 0;
        if (o->history && cli_series_add(&hist, o->history, NULL) != 0) {
            rc = -1;
        } else if (!(all = calloc(hist.n + n_prev + 1, sizeof *all))) {
            fprintf(stderr, "prognosis: out of memory\n");
        } else {
            char now[16] = "";
            if (mi && mi->date.ptr && mi->date.len >= 10)
                snprintf(now, sizeof now, "%.10s", mi->date.ptr);
            for (size_t i = 0; i < hist.n; i++)
                if (!now[0] || !hist.u[i].mail || strncmp(hist.u[i].label, now, 10) < 0)
                    all[n_all++] = hist.u[i].doc;
            for (size_t i = 0; i < n_prev; i++)
                all[n_all++] = prev[i];
            if (pg_lint(doc, cfg, all, n_all, &fr->res, &err) == PG_OK)
                rc = 0;
            else
                fprintf(stderr, "prognosis: %s: %s\n", fr->in.name, err.message);
        }
        free(all);
        cli_series_free(&hist);
        if (rc == 0 && mail && to_file_lines(&fr->res, mail, &fr->no_snippet) < 0)
            rc = -1;
    }
    pg_mail_free(mail);
    pg_doc_free(doc);
    for (size_t i = 0; i < n_prev; i++)
        pg_doc_free(prev[i]);
    return rc;
}

/* A text: linted as it is parsed, section by section, without the tree
 * (pg_lint_text: the same findings at a third of the memory); earlier
 * versions, when given, as digests (pg_lint_text_history). */
static int lint_streamed(const opts *o, const char *path, file_run *fr, pg_lint_config *cfg)
{
    pg_lint_digest *prev[MAX_PREV * 2];
    size_t n_prev = 0;
    cli_lint_source src;
    int rc = -1;
    if (load_digests(o, path, cfg, prev, &n_prev) == 0 &&
        cli_lint_text(&fr->in, cfg, true, &src) == 0) {
        mail_today(o, src.mail, cfg);
        pg_error err = {0};
        rc = 0;
        if (pg_lint_text_history(src.text, src.len, &src.opts, cfg,
                                 (const pg_lint_digest *const *)prev, n_prev, &fr->res,
                                 &err) != PG_OK) {
            cli_print_error(fr->in.name, &err);
            rc = -1;
        } else if (src.mail && to_file_lines(&fr->res, src.mail, &fr->no_snippet) < 0) {
            rc = -1;
        }
        pg_mail_free(src.mail);
    }
    for (size_t i = 0; i < n_prev; i++)
        pg_lint_digest_free(prev[i]);
    return rc;
}

static int lint_one(const opts *o, const char *path, file_run *fr)
{
    char found[4096];
    bool std = !path || !strcmp(path, "-");
    if (o->fix && std) {
        fprintf(stderr, "prognosis lint: --fix rewrites files; for standard input use "
                        "'prognosis fmt'\n");
        return -1;
    }
    if (cli_read_input(path, std ? o->stdin_name : NULL, &fr->in) != 0)
        return -1;
    pg_lint_config *cfg = cli_lint_config(std && o->stdin_name ? o->stdin_name : path, o->config,
                                          o->no_config, found);
    if (!cfg || tune(cfg, o) != 0) {
        pg_lint_config_free(cfg);
        return -1;
    }
    if (o->fix && pg_mail_detect(fr->in.data, fr->in.len)) {
        fprintf(stderr,
                "prognosis lint: %s: --fix rewrites plain text files, not mail "
                "messages\n",
                fr->in.name);
        pg_lint_config_free(cfg);
        return -1;
    }
    if (o->fix && !std && cli_detect_format(fr->in.data, fr->in.len, path) == FMT_TEXT) {
        pg_buf b = {0};
        pg_error err = {0};
        bool changed = false;
        if (pg_fmt(fr->in.data, fr->in.len, cfg, pg_buf_write, &b, &changed, &err) != PG_OK ||
            (changed && cli_write_atomic(path, b.data, b.len) != 0)) {
            if (err.code)
                fprintf(stderr, "prognosis: %s: %s\n", path, err.message);
            free(b.data);
            pg_lint_config_free(cfg);
            return -1;
        }
        if (changed) {
            cli_input_replace(&fr->in, b.data, b.len);
        } else {
            free(b.data);
        }
    }
    int rc;
    if (!o->history && cli_detect_format(fr->in.data, fr->in.len, path) == FMT_TEXT)
        rc = lint_streamed(o, path, fr, cfg);
    else
        rc = lint_tree(o, path, fr, cfg);
    pg_lint_config_free(cfg);
    fr->ok = rc == 0;
    return rc;
}

static void print_text(FILE *out, const file_run *runs, size_t n, int colour)
{
    size_t count[4] = {0}, files = 0;
    for (size_t f = 0; f < n; f++) {
        if (!runs[f].ok)
            continue;
        files++;
        cli_print_findings(out, runs[f].in.name, runs[f].no_snippet ? NULL : runs[f].in.data,
                           runs[f].no_snippet ? 0 : runs[f].in.len, runs[f].res.findings,
                           runs[f].res.n, colour);
        for (size_t i = 0; i < runs[f].res.n; i++)
            count[runs[f].res.findings[i].diag.severity & 3]++;
    }
    size_t total = count[1] + count[2] + count[3];
    if (!total)
        fprintf(out, "no findings (%zu file%s)\n", files, files == 1 ? "" : "s");
    else
        fprintf(out, "%zu error%s, %zu warning%s, %zu info in %zu file%s\n", count[3],
                count[3] == 1 ? "" : "s", count[2], count[2] == 1 ? "" : "s", count[1], files,
                files == 1 ? "" : "s");
}

/* Reports of 10^6 findings run to 10^8 bytes: write them through a 1 MB
 * buffer rather than stdio's few KB (a write call every few findings).
 * Standard output keeps its line buffering on a terminal.  Returns the
 * buffer to free after fclose (NULL for standard output's). */
static char *big_buffer(FILE *fp)
{
    enum {
        SIZE = 1 << 20
    };
    if (fp == stdout) {
        static char buf[SIZE];
        static bool done;
        if (!done && !isatty(fileno(fp)))
            setvbuf(fp, buf, _IOFBF, SIZE);
        done = true;
        return NULL;
    }
    char *b = malloc(SIZE);
    if (b)
        setvbuf(fp, b, _IOFBF, SIZE);
    return b;
}

static int write_output(const output *out, const file_run *runs, size_t n)
{
    FILE *fp = out->path ? fopen(out->path, "w") : stdout;
    if (!fp) {
        perror(out->path);
        return -1;
    }
    char *buf = big_buffer(fp);
    pg_report_file rf[256];
    size_t k = 0;
    for (size_t f = 0; f < n && k < 256; f++)
        if (runs[f].ok)
            rf[k++] = (pg_report_file){runs[f].in.name, &runs[f].res};
    pg_error err = {0};
    pg_status st = PG_OK;
    switch (out->kind) {
    case OUT_TEXT:
        print_text(fp, runs, n, out->path ? 0 : cli_use_colour(fp));
        break;
    case OUT_JSON:
        st = pg_report_json(rf, k, cli_write_file, fp, &err);
        break;
    case OUT_SARIF:
        st = pg_report_sarif(rf, k, cli_write_file, fp, &err);
        break;
    case OUT_GITHUB:
        st = pg_report_github(rf, k, cli_write_file, fp, &err);
        break;
    }
    int rc = st == PG_OK ? 0 : -1;
    /* A report that did not reach its reader is an error (a full disk
     * says so; a closed pipe, | head -1, ends quietly). */
    errno = 0;
    bool failed = fflush(fp) != 0 || ferror(fp);
    int why = failed ? (errno ? errno : EIO) : 0;
    if (out->path && fclose(fp) != 0 && !failed)
        failed = true, why = errno ? errno : EIO;
    free(buf);
    if (failed && why != EPIPE)
        fprintf(stderr, "prognosis lint: %s: not written: %s\n",
                out->path ? out->path : "standard output", strerror(why));
    if (!out->path)
        clearerr(stdout); /* said: main need not say it again */
    return rc || failed ? -1 : 0;
}

static int print_config(const opts *o, const char *path)
{
    char found[4096];
    pg_lint_config *cfg = cli_lint_config(path, o->config, o->no_config, found);
    if (!cfg || tune(cfg, o) != 0) {
        pg_lint_config_free(cfg);
        return EXIT_UNUSABLE;
    }
    printf("# %s\n", found[0] ? found : "defaults (no .prognosis.yaml found)");
    pg_error err = {0};
    pg_status st = pg_lint_config_write_yaml(cfg, cli_write_file, stdout, &err);
    pg_lint_config_free(cfg);
    return st == PG_OK ? EXIT_CLEAN : EXIT_UNUSABLE;
}

/* Files are linted independently: -j N spreads them over N threads (the
 * library keeps no shared mutable state; its compiled patterns are built
 * once under a lock).  Results land in file order, so output does not
 * depend on N. */
typedef struct pool {
    const opts *o;
    char **paths; /* NULL: standard input */
    file_run *runs;
    int *rcs;
    size_t n;
    _Atomic size_t next;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return NULL;
        p->rcs[i] = lint_one(p->o, p->paths ? p->paths[i] : NULL, &p->runs[i]);
    }
}

static void run_parallel(pool *p, unsigned jobs)
{
    cli_mail_init(); /* GMime's process-wide set-up, before any thread */
    pthread_t t[256];
    unsigned started = 0;
    for (unsigned k = 0; k + 1 < jobs; k++)
        if (pthread_create(&t[started], NULL, worker, p) == 0)
            started++;
    worker(p); /* this thread works too */
    for (unsigned k = 0; k < started; k++)
        pthread_join(t[k], NULL);
}

int cmd_lint(int argc, char **argv)
{
    opts o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc == -2)
        return EXIT_CLEAN;
    if (rc == -2 - EXIT_UNUSABLE)
        return EXIT_UNUSABLE;
    if (rc >= 0)
        return rc;
    int nfiles = argc - optind;
    if (o.print_config)
        return print_config(&o, nfiles ? argv[optind] : NULL);
    size_t n = nfiles ? (size_t)nfiles : 1;
    if (n > 256) {
        fprintf(stderr, "prognosis lint: at most 256 files per run\n");
        return EXIT_UNUSABLE;
    }
    file_run *runs = calloc(n, sizeof *runs);
    if (!runs) {
        fprintf(stderr, "prognosis: out of memory\n");
        return EXIT_UNUSABLE;
    }
    int status = EXIT_CLEAN;
    int *rcs = calloc(n, sizeof *rcs);
    if (!rcs) {
        free(runs);
        fprintf(stderr, "prognosis: out of memory\n");
        return EXIT_UNUSABLE;
    }
    pool p = {&o, nfiles ? argv + optind : NULL, runs, rcs, n, 0};
    if (o.jobs > 1 && n > 1)
        run_parallel(&p, o.jobs < n ? o.jobs : (unsigned)n);
    else
        worker(&p);
    for (size_t i = 0; i < n; i++) {
        if (rcs[i] != 0)
            status = EXIT_UNUSABLE;
        else if (status == EXIT_CLEAN && pg_lint_result_count(&runs[i].res, o.fail_on))
            status = EXIT_FINDINGS;
    }
    free(rcs);
    for (size_t i = 0; i < o.n_out; i++)
        if (write_output(&o.out[i], runs, n) != 0)
            status = EXIT_UNUSABLE;
    for (size_t i = 0; i < n; i++) {
        pg_lint_result_free(&runs[i].res);
        cli_input_free(&runs[i].in);
    }
    free(runs);
    return status;
}
