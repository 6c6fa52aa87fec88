/* yaml-baseline - libyaml's own event parse + emit of a file, the yardstick
 * for prognosis's YAML speed (issue 4: "YAML within 2x of libyaml").
 * Usage: yaml-baseline FILE  (emits to /dev/null equivalent: discards). */
#include <stdio.h>
#include <yaml.h>

static int discard(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
    return 1;
}

int main(int argc, char **argv)
{
    FILE *fp = argc == 2 ? fopen(argv[1], "rb") : NULL;
    if (!fp) {
        fprintf(stderr, "usage: yaml-baseline FILE\n");
        return 2;
    }
    yaml_parser_t p;
    yaml_emitter_t e;
    yaml_parser_initialize(&p);
    yaml_emitter_initialize(&e);
    yaml_parser_set_input_file(&p, fp);
    yaml_emitter_set_output(&e, discard, NULL);
    yaml_emitter_set_unicode(&e, 1);
    int rc = 0, done = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "parse error\n");
            rc = 1;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        if (!yaml_emitter_emit(&e, &ev)) {
            fprintf(stderr, "emit error\n");
            rc = 1;
            break;
        }
    }
    yaml_parser_delete(&p);
    yaml_emitter_delete(&e);
    fclose(fp);
    return rc;
}
