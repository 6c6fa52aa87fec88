/* cmd_diff.c - "prognosis diff OLD NEW": what changed between two updates,
 * item by item (added, removed, renamed, moved, state moves, owners added
 * or dropped), as text, JSON or a Markdown table.  Exit 0 when nothing
 * changed, 1 when something did, 2 on trouble (like diff(1)). */
#include "mail_cli.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis diff [--format text|json|markdown] OLD NEW\n"
          "OLD and NEW: status updates as text, JSON, YAML or mail (.eml); an mbox\n"
          "stands for its latest update.\n",
          out);
}

typedef struct tally {
    size_t added, removed, renamed, moved, states, owners;
} tally;

static pg_str sec_title(const pg_section *s) { return s && s->title.ptr ? s->title : cli_str(""); }

static void count(tally *t, const pg_item_change *c)
{
    if (!c->old_item)
        t->added++;
    else if (!c->new_item)
        t->removed++;
    else {
        t->renamed += c->renamed;
        t->moved += c->moved;
        t->states += c->state_changed;
        t->owners += c->n_owners_added || c->n_owners_dropped;
    }
}

static void put(FILE *o, pg_str s) { fwrite(s.ptr ? s.ptr : "", 1, s.ptr ? s.len : 0, o); }

static pg_str state_or_none(pg_str s) { return s.ptr ? s : cli_str("(none)"); }

static void owners_list(FILE *o, const pg_str *v, size_t n, const char *sign)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(o, "%s%s", i ? ", " : "", sign);
        put(o, v[i]);
    }
}

static void text_change(FILE *o, const pg_item_change *c)
{
    const pg_item *it = c->new_item ? c->new_item : c->old_item;
    const pg_section *s = c->new_item ? c->new_section : c->old_section;
    pg_str sec = sec_title(s);
#define HEAD(mark, word)                                                                           \
    do {                                                                                           \
        fprintf(o, "%s %-8s ", mark, word);                                                        \
        if (sec.len) {                                                                             \
            fputc('[', o);                                                                         \
            put(o, sec);                                                                           \
            fputs("] ", o);                                                                        \
        }                                                                                          \
        put(o, it->title);                                                                         \
    } while (0)
    if (!c->old_item || !c->new_item) {
        HEAD(c->old_item ? "-" : "+", c->old_item ? "removed" : "added");
        if (it->state.ptr) {
            fputs(" (", o);
            put(o, it->state);
            fputc(')', o);
        }
        fputc('\n', o);
        return;
    }
    if (c->renamed) {
        HEAD("~", "renamed");
        fputs("  (was \"", o);
        put(o, c->old_item->title);
        fprintf(o, "\", %u%% alike)\n", c->similarity);
    }
    if (c->moved) {
        HEAD(">", "moved");
        fputs("  (from [", o);
        put(o, sec_title(c->old_section));
        fputs("])\n", o);
    }
    if (c->state_changed) {
        HEAD(c->progress < 0 ? "!" : "*", "state");
        fputs(": ", o);
        put(o, state_or_none(c->old_item->state));
        fputs(" -> ", o);
        put(o, state_or_none(c->new_item->state));
        fputs(c->progress < 0 ? "  (regressed)\n" : "\n", o);
    }
    if (c->n_owners_added || c->n_owners_dropped) {
        HEAD("@", "owners");
        fputs(": ", o);
        owners_list(o, c->owners_added, c->n_owners_added, "+");
        if (c->n_owners_added && c->n_owners_dropped)
            fputs(", ", o);
        owners_list(o, c->owners_dropped, c->n_owners_dropped, "-");
        fputc('\n', o);
    }
#undef HEAD
}

/* Markdown table cell: pipes escaped, line ends flattened. */
static void md(FILE *o, pg_str s)
{
    for (size_t i = 0; s.ptr && i < s.len; i++) {
        char ch = s.ptr[i];
        if (ch == '|')
            fputs("\\|", o);
        else if (ch == '\n' || ch == '\r')
            fputc(' ', o);
        else
            fputc(ch, o);
    }
}

static void md_change(FILE *o, const pg_item_change *c)
{
    const pg_item *it = c->new_item ? c->new_item : c->old_item;
    const pg_section *s = c->new_item ? c->new_section : c->old_section;
    const char *what = !c->old_item ? "added" : !c->new_item ? "removed" : NULL;
    char buf[64] = "";
    if (!what) {
        size_t n = 0;
        const char *parts[5];
        if (c->renamed)
            parts[n++] = "renamed";
        if (c->moved)
            parts[n++] = "moved";
        if (c->state_changed)
            parts[n++] = c->progress < 0 ? "regressed" : "state";
        if (c->n_owners_added || c->n_owners_dropped)
            parts[n++] = "owners";
        for (size_t i = 0; i < n; i++) {
            strcat(buf, i ? ", " : "");
            strcat(buf, parts[i]);
        }
        what = buf;
    }
    fprintf(o, "| %s | ", what);
    md(o, sec_title(s));
    fputs(" | ", o);
    md(o, it->title);
    if (c->renamed) {
        fputs(" (was ", o);
        md(o, c->old_item->title);
        fputc(')', o);
    }
    fputs(" | ", o);
    if (c->old_item)
        md(o, state_or_none(c->old_item->state));
    fputs(" | ", o);
    if (c->new_item)
        md(o, state_or_none(c->new_item->state));
    fputs(" | ", o);
    for (size_t i = 0; i < c->n_owners_added; i++) {
        fputs(i ? ", +" : "+", o);
        md(o, c->owners_added[i]);
    }
    for (size_t i = 0; i < c->n_owners_dropped; i++) {
        fputs(i || c->n_owners_added ? ", -" : "-", o);
        md(o, c->owners_dropped[i]);
    }
    fputs(" |\n", o);
}

static void json_strs(FILE *o, const pg_str *v, size_t n)
{
    fputc('[', o);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', o);
        cli_json_string(o, v[i]);
    }
    fputc(']', o);
}

static void json_opt(FILE *o, pg_str s)
{
    if (s.ptr)
        cli_json_string(o, s);
    else
        fputs("null", o);
}

static void json_change(FILE *o, const pg_item_change *c, bool first)
{
    const pg_item *it = c->new_item ? c->new_item : c->old_item;
    const pg_section *s = c->new_item ? c->new_section : c->old_section;
    fputs(first ? "\n  {\"change\":" : ",\n  {\"change\":", o);
    fputs(!c->old_item ? "\"added\"" : !c->new_item ? "\"removed\"" : "\"changed\"", o);
    fputs(",\"section\":", o);
    cli_json_string(o, sec_title(s));
    fputs(",\"title\":", o);
    cli_json_string(o, it->title);
    if (c->old_item && c->new_item) {
        if (c->renamed) {
            fputs(",\"old_title\":", o);
            cli_json_string(o, c->old_item->title);
            fprintf(o, ",\"similarity\":%u", c->similarity);
        }
        if (c->moved) {
            fputs(",\"old_section\":", o);
            cli_json_string(o, sec_title(c->old_section));
        }
        if (c->state_changed) {
            fputs(",\"state\":{\"old\":", o);
            json_opt(o, c->old_item->state);
            fputs(",\"new\":", o);
            json_opt(o, c->new_item->state);
            fprintf(o, ",\"direction\":\"%s\"}",
                    c->progress > 0   ? "up"
                    : c->progress < 0 ? "down"
                                      : "unknown");
        }
        fputs(",\"owners_added\":", o);
        json_strs(o, c->owners_added, c->n_owners_added);
        fputs(",\"owners_dropped\":", o);
        json_strs(o, c->owners_dropped, c->n_owners_dropped);
    } else {
        fputs(",\"state\":", o);
        json_opt(o, it->state);
    }
    fputc('}', o);
}

/* The update a file stands for: its only one, or an archive's latest. */
static const cli_update *pick(const cli_series *s, size_t from, const char *path)
{
    if (s->n <= from) {
        fprintf(stderr, "prognosis diff: %s: no status update in it\n", path);
        return NULL;
    }
    return &s->u[s->n - 1];
}

int cmd_diff(int argc, char **argv)
{
    const char *format = "text";
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            format = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    bool text = !strcmp(format, "text"), json = !strcmp(format, "json"),
         mdown = !strcmp(format, "markdown") || !strcmp(format, "md");
    if (!text && !json && !mdown) {
        fprintf(stderr, "prognosis diff: unknown format '%s'\n", format);
        return EXIT_UNUSABLE;
    }
    if (argc - optind != 2) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    cli_series s = {0};
    int rc = EXIT_UNUSABLE;
    const cli_update *a, *b;
    if (cli_series_add(&s, argv[optind], NULL) != 0 || !pick(&s, 0, argv[optind]))
        goto out;
    size_t first_new = s.n;
    if (cli_series_add(&s, argv[optind + 1], NULL) != 0 ||
        !(b = pick(&s, first_new, argv[optind + 1])))
        goto out;
    a = &s.u[first_new - 1]; /* the series may have moved */
    pg_error err = {0};
    pg_diff *d = pg_diff_docs(a->doc, b->doc, &err);
    if (!d) {
        fprintf(stderr, "prognosis diff: %s\n", err.message);
        goto out;
    }
    tally t = {0};
    FILE *o = stdout;
    if (text)
        fprintf(o, "--- %s\n+++ %s\n", argv[optind], argv[optind + 1]);
    if (mdown)
        fputs("| change | section | item | old state | new state | owners |\n"
              "|---|---|---|---|---|---|\n",
              o);
    if (json) {
        fputs("{\"old\":", o);
        cli_json_string(o, cli_str(argv[optind]));
        fputs(",\"new\":", o);
        cli_json_string(o, cli_str(argv[optind + 1]));
        fputs(",\"changes\":[", o);
    }
    bool first = true;
    for (size_t i = 0; i < pg_diff_count(d); i++) {
        const pg_item_change *c = pg_diff_at(d, i);
        if (!c->changed)
            continue;
        count(&t, c);
        if (text)
            text_change(o, c);
        else if (mdown)
            md_change(o, c);
        else
            json_change(o, c, first);
        first = false;
    }
    if (json)
        fprintf(o,
                "\n],\"summary\":{\"added\":%zu,\"removed\":%zu,\"renamed\":%zu,\"moved\":%zu,"
                "\"state_changes\":%zu,\"owner_changes\":%zu}}\n",
                t.added, t.removed, t.renamed, t.moved, t.states, t.owners);
    else
        fprintf(o,
                "%s%zu added, %zu removed, %zu renamed, %zu moved, %zu state change%s, "
                "%zu owner change%s\n",
                mdown ? "\n" : "", t.added, t.removed, t.renamed, t.moved, t.states,
                t.states == 1 ? "" : "s", t.owners, t.owners == 1 ? "" : "s");
    pg_diff_free(d);
    rc = first ? EXIT_CLEAN : EXIT_FINDINGS;
    if (fflush(o) != 0)
        rc = EXIT_UNUSABLE;
out:
    cli_series_free(&s);
    return rc;
}
