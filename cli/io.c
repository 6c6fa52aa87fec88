/* io.c - reading inputs whole, writing outputs safely. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_read_input(const char *path, const char *display_name, cli_input *in)
{
    memset(in, 0, sizeof *in);
    bool std = !path || !strcmp(path, "-");
    in->name = display_name ? display_name : std ? "<stdin>" : path;
    int fd = std ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "prognosis: %s: %s\n", in->name, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "prognosis: %s: is a directory\n", in->name);
        if (!std)
            close(fd);
        return -1;
    }
    size_t cap = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
                     ? (size_t)st.st_size + 1 : 65536;
    char *buf = malloc(cap);
    size_t len = 0;
    for (;;) {
        if (!buf) {
            fprintf(stderr, "prognosis: %s: out of memory\n", in->name);
            break;
        }
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                continue;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            fprintf(stderr, "prognosis: %s: %s\n", in->name, strerror(errno));
            free(buf);
            buf = NULL;
            break;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (!std)
        close(fd);
    if (!buf)
        return -1;
    in->data = buf;
    in->len = len;
    return 0;
}

void cli_input_free(cli_input *in)
{
    free(in->data);
    in->data = NULL;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

int cli_write_atomic(const char *path, const char *buf, size_t len)
{
    char *copy = strdup(path);
    if (!copy) {
        fprintf(stderr, "prognosis: %s: out of memory\n", path);
        return -1;
    }
    const char *dir = dirname(copy);
    size_t tl = strlen(dir) + 32;
    char *tmp = malloc(tl);
    if (!tmp) {
        free(copy);
        fprintf(stderr, "prognosis: %s: out of memory\n", path);
        return -1;
    }
    snprintf(tmp, tl, "%s/.prognosis.XXXXXX", dir);
    free(copy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "prognosis: %s: cannot create a temporary file: %s\n", path, strerror(errno));
        free(tmp);
        return -1;
    }
    struct stat st;
    mode_t mode = 0644;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    else {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    int rc = write_all(fd, buf, len);
    int saved = errno;
    if (rc == 0 && fchmod(fd, mode) != 0) { rc = -1; saved = errno; }
    if (rc == 0 && fsync(fd) != 0) { rc = -1; saved = errno; }
    if (close(fd) != 0 && rc == 0) { rc = -1; saved = errno; }
    if (rc == 0 && rename(tmp, path) != 0) { rc = -1; saved = errno; }
    if (rc != 0) {
        unlink(tmp);
        fprintf(stderr, "prognosis: %s: not written (%s); the original is unchanged\n", path,
                strerror(saved));
    }
    free(tmp);
    return rc;
}

int cli_write_file(void *fp, const char *buf, size_t len)
{
    FILE *f = fp;
    if (len && fwrite(buf, 1, len, f) != len)
        return -1;
    return 0;
}
