/*
 * yaml-events.c - the yardstick for YAML speed (make bench-io): what
 * libyaml alone costs on a YAML file.
 *
 *   yaml-events parse FILE   parse FILE to events, drop them
 *   yaml-events copy FILE    parse FILE to events and emit each with the
 *                            emitter settings of pg_render_yaml, to stdout
 *
 * "parse" is the floor for `prognosis convert --from yaml`, and
 * "copy" minus "parse" the floor for the YAML writing of `--to yaml`.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int out(void *data, unsigned char *buf, size_t size)
{
    return fwrite(buf, 1, size, data) == size;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (size_t r; buf && (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "parse") && strcmp(argv[1], "copy"))) {
        fputs("usage: yaml-events parse|copy FILE\n", stderr);
        return 2;
    }
    bool copy = !strcmp(argv[1], "copy");
    size_t len;
    char *buf = slurp(argv[2], &len);
    if (!buf) {
        perror(argv[2]);
        return 1;
    }
    yaml_parser_t p;
    yaml_emitter_t e;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    if (copy) {
        yaml_emitter_initialize(&e);
        yaml_emitter_set_output(&e, out, stdout);
        yaml_emitter_set_unicode(&e, 1);
        yaml_emitter_set_indent(&e, 2);
        yaml_emitter_set_width(&e, -1);
        yaml_emitter_set_break(&e, YAML_LN_BREAK);
    }
    size_t events = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s: %s\n", argv[2], p.problem ? p.problem : "parse error");
            return 1;
        }
        bool end = ev.type == YAML_STREAM_END_EVENT;
        events++;
        if (copy) {
            if (!yaml_emitter_emit(&e, &ev)) { /* takes the event */
                fprintf(stderr, "emit: %s\n", e.problem ? e.problem : "error");
                return 1;
            }
        } else {
            yaml_event_delete(&ev);
        }
        if (end)
            break;
    }
    if (copy) {
        yaml_emitter_flush(&e);
        yaml_emitter_delete(&e);
    }
    yaml_parser_delete(&p);
    free(buf);
    fprintf(stderr, "%zu events\n", events);
    return 0;
}
