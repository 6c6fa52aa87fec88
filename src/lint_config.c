/*
 * lint_config.c - lint settings: defaults, .prognosis.yaml (libyaml's
 * document API; every node keeps its line for error messages) and the
 * YAML `--print-config` writes.
 *
 *   line-length: 72
 *   stale-after: 3
 *   scale: [none, fair, ok, good, done]
 *   rules: {long-line: off, missing-owner: error}
 *   no-owner-sections: [up for grabs, completed, ...]
 *   no-state-sections: [...]
 *   completed-sections: [completed, done, finished]
 */
#include "lint_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static const char *const def_no_owner[] = {"up for grabs", "completed", "done",     "finished",
                                           "deferred",     "timeline",  "prognosis"};
static const char *const def_completed[] = {"completed", "done", "finished"};

static char *dup_n(const char *p, size_t n)
{
    char *s = pg__malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

static void free_list(char **l, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        pg__free(l[i]);
    *n = 0;
}

static int set_list(char **l, size_t *n, const char *const *v, size_t nv)
{
    free_list(l, n);
    for (size_t i = 0; i < nv && i < PG_LINT_MAX_LIST; i++) {
        if (!(l[i] = dup_n(v[i], strlen(v[i]))))
            return -1;
        *n = i + 1;
    }
    return 0;
}

void pg_lint_config_free(pg_lint_config *cfg)
{
    if (!cfg)
        return;
    free_list(cfg->scale, &cfg->n_scale);
    free_list(cfg->no_owner, &cfg->n_no_owner);
    free_list(cfg->no_state, &cfg->n_no_state);
    free_list(cfg->completed, &cfg->n_completed);
    pg__free(cfg);
}

pg_lint_config *pg_lint_config_new(void)
{
    pg_lint_config *cfg = pg__calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    for (size_t i = 0; i < pg_lint_rule_count(); i++)
        cfg->sev[i] = pg_lint_rule_at(i)->severity;
    cfg->line_length = 72;
    cfg->stale_after = 3;
    size_t n = sizeof def_no_owner / sizeof def_no_owner[0];
    if (set_list(cfg->no_owner, &cfg->n_no_owner, def_no_owner, n) ||
        set_list(cfg->no_state, &cfg->n_no_state, def_no_owner, n) ||
        set_list(cfg->completed, &cfg->n_completed, def_completed,
                 sizeof def_completed / sizeof def_completed[0])) {
        pg_lint_config_free(cfg);
        return NULL;
    }
    return cfg;
}

pg_severity pg_lint_config_severity(const pg_lint_config *cfg, const char *rule)
{
    int i = pg__lint_rule_index(rule);
    if (i < 0)
        return PG_SEV_WARNING; /* ids we do not know: the parser's */
    return cfg ? cfg->sev[i] : pg_lint_rule_at((size_t)i)->severity;
}

pg_status pg_lint_config_set_severity(pg_lint_config *cfg, const char *rule, pg_severity s)
{
    int i = pg__lint_rule_index(rule);
    if (!cfg || i < 0)
        return PG_ERR_ARG;
    cfg->sev[i] = s;
    return PG_OK;
}

/* The const view handed out by pg_lint_config_scale, kept in step with
 * the owned strings. */
static void sync_view(pg_lint_config *cfg)
{
    for (size_t i = 0; i < cfg->n_scale; i++)
        cfg->scale_view[i] = cfg->scale[i];
}

const char *const *pg_lint_config_scale(const pg_lint_config *cfg, size_t *n)
{
    *n = cfg ? cfg->n_scale : 0;
    return cfg && cfg->n_scale ? cfg->scale_view : NULL;
}

void pg_lint_config_set_today(pg_lint_config *cfg, int y, int m, int d)
{
    cfg->today[0] = y, cfg->today[1] = m, cfg->today[2] = d;
}

void pg_lint_config_set_clock(pg_lint_config *cfg, int y, int m, int d)
{
    cfg->clock[0] = y, cfg->clock[1] = m, cfg->clock[2] = d;
}

void pg_lint_config_set_threads(pg_lint_config *cfg, unsigned n) { cfg->threads = n; }

/* ---------------------------------------------------------------- load */

typedef struct loader {
    yaml_document_t *doc;
    pg_error *err;
} loader;

static pg_status bad(loader *L, yaml_node_t *n, const char *path, const char *fmt, const char *arg)
{
    char msg[200];
    snprintf(msg, sizeof msg, fmt, arg);
    pg__error(L->err, PG_ERR_SCHEMA, (uint32_t)n->start_mark.line + 1,
              (uint32_t)n->start_mark.column + 1, path, "%s: %s", path, msg);
    return PG_ERR_SCHEMA;
}

static bool scalar(yaml_node_t *n, const char **s)
{
    if (n->type != YAML_SCALAR_NODE)
        return false;
    *s = (const char *)n->data.scalar.value;
    return true;
}

static pg_status get_uint(loader *L, yaml_node_t *n, const char *path, unsigned lo, unsigned hi,
                          unsigned *out)
{
    const char *s;
    char *end;
    if (!scalar(n, &s))
        return bad(L, n, path, "expected a number%s", "");
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return bad(L, n, path, "expected a whole number in range, got '%s'", s);
    *out = (unsigned)v;
    return PG_OK;
}

/* A sequence of strings into a list (lower-cased when fold). */
static pg_status get_list(loader *L, yaml_node_t *n, const char *path, char **list, size_t *count,
                          size_t max, bool fold)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return bad(L, n, path, "expected a list%s", "");
    char *tmp[PG_LINT_MAX_LIST] = {0};
    size_t k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(L->doc, *it);
        const char *s;
        if (!e || !scalar(e, &s) || !*s) {
            free_list(tmp, &k);
            return bad(L, e ? e : n, path, "expected a non-empty string%s", "");
        }
        if (k == max) {
            free_list(tmp, &k);
            return bad(L, e, path, "too many entries (at most %s)",
                       max == PG_MAX_SCALE ? "16" : "32");
        }
        if (!(tmp[k] = dup_n(s, strlen(s)))) {
            free_list(tmp, &k);
            pg__error(L->err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
            return PG_ERR_NOMEM;
        }
        if (fold)
            for (char *p = tmp[k]; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
        k++;
    }
    free_list(list, count);
    memcpy(list, tmp, k * sizeof *tmp);
    *count = k;
    return PG_OK;
}

static pg_status get_rules(loader *L, yaml_node_t *n, pg_lint_config *cfg)
{
    if (n->type != YAML_MAPPING_NODE)
        return bad(L, n, "/rules", "expected a mapping of rule: severity%s", "");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        const char *ks, *vs;
        char path[160];
        if (!scalar(k, &ks))
            return bad(L, k, "/rules", "rule ids are strings%s", "");
        snprintf(path, sizeof path, "/rules/%s", ks);
        int i = pg__lint_rule_index(ks);
        if (i < 0)
            return bad(L, k, path, "unknown rule '%s' (prognosis lint --explain lists them)", ks);
        pg_severity s;
        if (!scalar(v, &vs) || !pg_lint_severity_parse(vs, &s))
            return bad(L, v, path, "severity must be error, warning, info or off%s", "");
        cfg->sev[i] = s;
    }
    return PG_OK;
}

static pg_status load_top(loader *L, yaml_node_t *root, pg_lint_config *cfg)
{
    if (root->type != YAML_MAPPING_NODE)
        return bad(L, root, "/", "the config is a mapping of settings%s", "");
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        const char *ks;
        char path[160];
        if (!scalar(k, &ks))
            return bad(L, k, "/", "keys are strings%s", "");
        snprintf(path, sizeof path, "/%s", ks);
        pg_status st;
        if (!strcmp(ks, "line-length"))
            st = get_uint(L, v, path, 20, 10000, &cfg->line_length);
        else if (!strcmp(ks, "stale-after"))
            st = get_uint(L, v, path, 1, 1000, &cfg->stale_after);
        else if (!strcmp(ks, "scale")) {
            st = get_list(L, v, path, cfg->scale, &cfg->n_scale, PG_MAX_SCALE, true);
            sync_view(cfg);
            if (st == PG_OK && cfg->n_scale < 2)
                st = bad(L, v, path, "a scale needs at least two states%s", "");
        } else if (!strcmp(ks, "rules"))
            st = get_rules(L, v, cfg);
        else if (!strcmp(ks, "no-owner-sections"))
            st = get_list(L, v, path, cfg->no_owner, &cfg->n_no_owner, PG_LINT_MAX_LIST, true);
        else if (!strcmp(ks, "no-state-sections"))
            st = get_list(L, v, path, cfg->no_state, &cfg->n_no_state, PG_LINT_MAX_LIST, true);
        else if (!strcmp(ks, "completed-sections"))
            st = get_list(L, v, path, cfg->completed, &cfg->n_completed, PG_LINT_MAX_LIST, true);
        else
            st = bad(L, k, path, "unknown key '%s'", ks);
        if (st != PG_OK)
            return st;
    }
    return PG_OK;
}

static pg_status copy_config(pg_lint_config *dst, const pg_lint_config *src)
{
    *dst = *src;
    dst->n_scale = dst->n_no_owner = dst->n_no_state = dst->n_completed = 0;
    if (set_list(dst->scale, &dst->n_scale, (const char *const *)src->scale, src->n_scale) ||
        set_list(dst->no_owner, &dst->n_no_owner, (const char *const *)src->no_owner,
                 src->n_no_owner) ||
        set_list(dst->no_state, &dst->n_no_state, (const char *const *)src->no_state,
                 src->n_no_state) ||
        set_list(dst->completed, &dst->n_completed, (const char *const *)src->completed,
                 src->n_completed))
        return PG_ERR_NOMEM;
    sync_view(dst);
    return PG_OK;
}

pg_lint_config *pg__lint_config_dup(const pg_lint_config *cfg)
{
    pg_lint_config *d = pg__calloc(1, sizeof *d);
    if (d && cfg && copy_config(d, cfg) != PG_OK) {
        pg_lint_config_free(d);
        return NULL;
    }
    if (d && !cfg) {
        pg__free(d);
        d = pg_lint_config_new();
    }
    return d;
}

pg_status pg_lint_config_load_yaml(pg_lint_config *cfg, const char *buf, size_t len, pg_error *err)
{
    pg__error_reset(err);
    if (!cfg || (!buf && len)) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "bad argument");
        return PG_ERR_ARG;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)(buf ? buf : ""), len);
    if (!yaml_parser_load(&parser, &doc)) {
        pg__error(err, PG_ERR_SYNTAX, (uint32_t)parser.problem_mark.line + 1,
                  (uint32_t)parser.problem_mark.column + 1, "", "%s",
                  parser.problem ? parser.problem : "not well-formed YAML");
        yaml_parser_delete(&parser);
        return PG_ERR_SYNTAX;
    }
    pg_status st = PG_OK;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
        /* Work on a copy so a bad config leaves cfg unchanged. */
        pg_lint_config *tmp = pg__calloc(1, sizeof *tmp);
        if (!tmp || copy_config(tmp, cfg) != PG_OK) {
            pg_lint_config_free(tmp);
            pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
            st = PG_ERR_NOMEM;
        } else {
            loader L = {&doc, err};
            st = load_top(&L, root, tmp);
            if (st == PG_OK) {
                pg_lint_config old = *cfg;
                *cfg = *tmp;
                pg__free(tmp);
                free_list(old.scale, &old.n_scale);
                free_list(old.no_owner, &old.n_no_owner);
                free_list(old.no_state, &old.n_no_state);
                free_list(old.completed, &old.n_completed);
            } else {
                pg_lint_config_free(tmp);
            }
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}

/* --------------------------------------------------------------- write */

static int puts_w(pg_write_fn w, void *ctx, const char *s) { return w(ctx, s, strlen(s)); }

/* Flow-sequence item: plain when safe, else double-quoted. */
static int put_item(pg_write_fn w, void *ctx, const char *s)
{
    bool plain = *s && s[0] != ' ' && s[strlen(s) - 1] != ' ';
    for (const char *p = s; *p && plain; p++)
        if (strchr(",[]{}:#'\"&*!|>%@`\\", *p) || (unsigned char)*p < 0x20)
            plain = false;
    if (plain)
        return puts_w(w, ctx, s);
    return pg__lint_json_str(w, ctx, s, strlen(s)); /* JSON strings are YAML */
}

static int put_list(pg_write_fn w, void *ctx, const char *key, char *const *l, size_t n)
{
    if (puts_w(w, ctx, key) || puts_w(w, ctx, ": ["))
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i && puts_w(w, ctx, ", ")) || put_item(w, ctx, l[i]))
            return -1;
    return puts_w(w, ctx, "]\n");
}

pg_status pg_lint_config_write_yaml(const pg_lint_config *cfg, pg_write_fn w, void *ctx,
                                    pg_error *err)
{
    pg__error_reset(err);
    static const char *const xen[] = {"none", "fair", "ok", "good", "done"};
    char line[160];
    int r = 0;
    snprintf(line, sizeof line, "line-length: %u\nstale-after: %u\n", cfg->line_length,
             cfg->stale_after);
    r |= puts_w(w, ctx, line);
    if (cfg->n_scale)
        r |= put_list(w, ctx, "scale", cfg->scale, cfg->n_scale);
    else
        r |= put_list(w, ctx, "scale", (char *const *)xen, 5);
    r |= put_list(w, ctx, "no-owner-sections", cfg->no_owner, cfg->n_no_owner);
    r |= put_list(w, ctx, "no-state-sections", cfg->no_state, cfg->n_no_state);
    r |= put_list(w, ctx, "completed-sections", cfg->completed, cfg->n_completed);
    r |= puts_w(w, ctx, "rules:\n");
    for (size_t i = 0; i < pg_lint_rule_count() && !r; i++) {
        snprintf(line, sizeof line, "  %s: %s\n", pg_lint_rule_at(i)->id,
                 pg_lint_severity_name(cfg->sev[i]));
        r |= puts_w(w, ctx, line);
    }
    if (r) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "write failed");
        return PG_ERR_IO;
    }
    return PG_OK;
}
