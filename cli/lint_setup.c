/* lint_setup.c - config discovery, git revisions and parsing for lint
 * and fmt. */
#include "lint_cli.h"
#include "mail_cli.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static pg_lint_config *load_config(const char *path)
{
    cli_input in;
    if (cli_read_input(path, NULL, &in) != 0)
        return NULL;
    pg_lint_config *cfg = pg_lint_config_new();
    pg_error err = {0};
    if (!cfg) {
        fprintf(stderr, "prognosis: out of memory\n");
    } else if (pg_lint_config_load_yaml(cfg, in.data, in.len, &err) != PG_OK) {
        fprintf(stderr, "prognosis: %s:%u:%u: error: %s\n", path, err.line, err.column,
                err.message);
        pg_lint_config_free(cfg);
        cfg = NULL;
    }
    cli_input_free(&in);
    return cfg;
}

pg_lint_config *cli_lint_config(const char *file, const char *explicit_path, int no_config,
                                char *found)
{
    if (found)
        found[0] = '\0';
    if (explicit_path) {
        if (found)
            snprintf(found, 4096, "%s", explicit_path);
        return load_config(explicit_path);
    }
    if (!no_config) {
        char dir[PATH_MAX];
        bool std = !file || !strcmp(file, "-");
        char *copy = std ? NULL : strdup(file);
        const char *start = std ? "." : dirname(copy);
        if (!realpath(start, dir))
            dir[0] = '\0';
        free(copy);
        while (dir[0]) {
            char cand[PATH_MAX + 32];
            struct stat st;
            snprintf(cand, sizeof cand, "%s%s.prognosis.yaml", dir,
                     dir[strlen(dir) - 1] == '/' ? "" : "/");
            if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
                if (found && strlen(cand) < 4096)
                    memcpy(found, cand, strlen(cand) + 1);
                return load_config(cand);
            }
            if (!strcmp(dir, "/"))
                break;
            char *slash = strrchr(dir, '/');
            if (slash == dir)
                dir[1] = '\0';
            else if (slash)
                *slash = '\0';
            else
                break;
        }
    }
    pg_lint_config *cfg = pg_lint_config_new();
    if (!cfg)
        fprintf(stderr, "prognosis: out of memory\n");
    return cfg;
}

/* Everything fd gives until EOF or a read error; NULL when out of memory. */
static char *read_all(int fd, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

int cli_git_show(const char *path, const char *rev, cli_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = path;
    char *c1 = strdup(path), *c2 = strdup(path);
    if (!c1 || !c2) {
        free(c1);
        free(c2);
        return -1;
    }
    const char *dir = dirname(c1), *base = basename(c2);
    size_t sl = strlen(rev) + strlen(base) + 4;
    char *spec = malloc(sl);
    int fds[2];
    if (!spec || pipe(fds) != 0) {
        free(c1), free(c2), free(spec);
        fprintf(stderr, "prognosis: %s: cannot run git\n", path);
        return -1;
    }
    snprintf(spec, sl, "%s:./%s", rev, base);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execlp("git", "git", "-C", dir, "show", spec, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    char *buf = pid > 0 ? read_all(fds[0], &len) : NULL;
    close(fds[0]);
    int status = 1;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "prognosis: %s: cannot read %s from git\n", path, spec);
        free(buf);
        buf = NULL;
    }
    free(c1), free(c2), free(spec);
    if (!buf)
        return -1;
    in->data = buf;
    in->len = len;
    return 0;
}

int cli_lint_text(const cli_input *in, const pg_lint_config *cfg, bool borrow, cli_lint_source *src)
{
    memset(src, 0, sizeof *src);
    src->text = in->data;
    src->len = in->len;
    src->opts.default_scale = pg_lint_config_scale(cfg, &src->opts.n_default_scale);
    src->opts.threads = cli_threads();
    if (pg_mail_detect(in->data, in->len)) {
        /* A draft with headers (.eml): lint its body. */
        pg_error err = {0};
        cli_mail_init();
        if (!(src->mail = pg_mail_parse(in->data, in->len, 1, &err))) {
            cli_print_error(in->name, &err);
            return -1;
        }
        src->text = pg_mail_get(src->mail)->text.ptr;
        src->len = pg_mail_get(src->mail)->text.len;
    }
    src->opts.borrow_input = borrow && !src->mail; /* a mail's body dies with the mail */
    return 0;
}

/* borrow: the document may point into in (in outlives it). */
static pg_doc *lint_parse(const cli_input *in, const pg_lint_config *cfg, pg_mail **mail,
                          bool borrow)
{
    if (mail)
        *mail = NULL;
    cli_format f = cli_detect_format(in->data, in->len, in->name);
    if (f != FMT_TEXT)
        return cli_load(in, f);
    cli_lint_source src;
    if (cli_lint_text(in, cfg, borrow, &src) != 0)
        return NULL;
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(src.text, src.len, &src.opts, &err);
    if (!doc)
        cli_print_error(in->name, &err);
    if (src.mail && doc && mail)
        *mail = src.mail;
    else
        pg_mail_free(src.mail);
    return doc;
}

pg_lint_digest *cli_lint_digest(const cli_input *in, const pg_lint_config *cfg)
{
    cli_format f = cli_detect_format(in->data, in->len, in->name);
    pg_error err = {0};
    pg_lint_digest *d = NULL;
    if (f != FMT_TEXT) {
        pg_doc *doc = cli_load(in, f);
        if (doc && !(d = pg_lint_digest_doc(doc, cfg, &err)))
            cli_print_error(in->name, &err);
        pg_doc_free(doc);
        return d;
    }
    cli_lint_source src;
    if (cli_lint_text(in, cfg, true, &src) != 0)
        return NULL;
    if (!(d = pg_lint_digest_text(src.text, src.len, &src.opts, cfg, &err)))
        cli_print_error(in->name, &err);
    pg_mail_free(src.mail);
    return d;
}

pg_doc *cli_lint_parse_mail(const cli_input *in, const pg_lint_config *cfg, pg_mail **mail)
{
    return lint_parse(in, cfg, mail, true);
}

pg_doc *cli_lint_parse(const cli_input *in, const pg_lint_config *cfg)
{
    return lint_parse(in, cfg, NULL, false);
}

/* YYYY-MM-DD exactly. */
int cli_parse_ymd(const char *s, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return -1;
    if (s[10] != '\0')
        return -1;
    *y = (int)strtol(s, NULL, 10);
    *m = (int)strtol(s + 5, NULL, 10);
    *d = (int)strtol(s + 8, NULL, 10);
    return *m < 1 || *m > 12 || *d < 1 || *d > 31 ? -1 : 0;
}
