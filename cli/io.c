/* io.c - reading inputs whole, writing outputs safely. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file that shrinks while it is mapped makes its missing pages raise
 * SIGBUS: end with a clear message instead of a crash report. */
static void shrank(int sig)
{
    (void)sig;
    static const char msg[] = "prognosis: an input file shrank while it was being read\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_UNUSABLE);
}

/* Large regular files are mapped, not read: no copy, and no fresh pages
 * for the kernel to clear (on a 100 MB update that is a fifth of the
 * time).  Read-only (cli_input.data is const) and populated at once:
 * a writable private mapping would copy every page it prefaults. */
#define MAP_AT_LEAST (1u << 20)

static bool map_input(int fd, const struct stat *st, cli_input *in)
{
    if (!S_ISREG(st->st_mode) || st->st_size < (off_t)MAP_AT_LEAST ||
        (uintmax_t)st->st_size > SIZE_MAX)
        return false;
    size_t len = (size_t)st->st_size;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED)
        return false; /* read it instead */
    static bool guarded;
    if (!guarded) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = shrank;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, NULL);
        guarded = true;
    }
    in->data = p;
    in->len = len;
    in->map_len = len;
    return true;
}

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
    if (!std && fstat(fd, &st) == 0 && map_input(fd, &st, in)) {
        close(fd);
        return 0;
    }
    size_t cap = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
                     ? (size_t)st.st_size + 1
                     : 65536;
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
    void *data; /* ours (mapped or malloc'd), though read through a const pointer */
    memcpy(&data, &in->data, sizeof data);
    if (in->map_len)
        munmap(data, in->map_len);
    else
        free(data);
    in->data = NULL;
    in->map_len = 0;
    if (in->stream)
        fclose(in->stream);
    in->stream = NULL;
}

void cli_input_replace(cli_input *in, char *data, size_t len)
{
    FILE *stream = in->stream;
    in->stream = NULL;
    cli_input_free(in);
    in->stream = stream;
    in->data = data;
    in->len = len;
}

int cli_open_stream(const char *path, cli_input *in)
{
    memset(in, 0, sizeof *in);
    if (!path || !strcmp(path, "-"))
        return 0;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0; /* cli_read_input says why */
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char head[5];
    size_t n = fread(head, 1, sizeof head, f);
    bool mbox = (n == 5 && !memcmp(head, "From ", 5)) ||
                (n >= 2 && (unsigned char)head[0] == 0x1f && (unsigned char)head[1] == 0x8b);
    if (!mbox || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return 0;
    }
    in->name = path;
    in->stream = f;
    return 1;
}

struct cli_atomic {
    char *path, *tmp; /* tmp NULL: writing straight to a device or pipe */
    FILE *f;
    mode_t mode;
};

/* Devices, pipes and sockets (-o /dev/stdout, -o /dev/full) are written
 * directly: there is nothing to replace atomically, and renaming over
 * them would replace the device node itself. */
static cli_atomic *direct(cli_atomic *a, const char *path)
{
    if (!(a->f = fopen(path, "wb"))) {
        fprintf(stderr, "prognosis: %s: %s\n", path, strerror(errno));
        free(a->path);
        free(a);
        return NULL;
    }
    return a;
}

cli_atomic *cli_atomic_begin(const char *path)
{
    cli_atomic *a = calloc(1, sizeof *a);
    /* Write where a symbolic link points, keeping the link. */
    char *real = realpath(path, NULL);
    char *copy = strdup(real ? real : path);
    if (!a || !copy || !(a->path = strdup(real ? real : path))) {
        fprintf(stderr, "prognosis: %s: out of memory\n", path);
        goto fail;
    }
    free(real);
    real = NULL;
    struct stat st;
    if (stat(a->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(copy);
        return direct(a, a->path);
    }
    const char *dir = dirname(copy);
    size_t tl = strlen(dir) + 32;
    if (!(a->tmp = malloc(tl))) {
        fprintf(stderr, "prognosis: %s: out of memory\n", path);
        goto fail;
    }
    snprintf(a->tmp, tl, "%s/.prognosis.XXXXXX", dir);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        fprintf(stderr, "prognosis: %s: cannot create a temporary file: %s\n", path,
                strerror(errno));
        goto fail;
    }
    if (stat(a->path, &st) == 0) {
        a->mode = st.st_mode & 07777;
    } else {
        mode_t um = umask(0);
        umask(um);
        a->mode = 0666 & ~um;
    }
    if (!(a->f = fdopen(fd, "wb"))) {
        close(fd);
        unlink(a->tmp);
        fprintf(stderr, "prognosis: %s: %s\n", path, strerror(errno));
        goto fail;
    }
    free(copy);
    return a;
fail:
    free(real);
    free(copy);
    if (a) {
        free(a->path);
        free(a->tmp);
        free(a);
    }
    return NULL;
}

FILE *cli_atomic_file(cli_atomic *a) { return a->f; }

int cli_atomic_end(cli_atomic *a, bool ok)
{
    int rc = ok ? 0 : -1, saved = 0;
    if (!a->tmp) { /* direct */
        if (fclose(a->f) != 0 && rc == 0) {
            rc = -1;
            fprintf(stderr, "prognosis: %s: %s\n", a->path, strerror(errno));
        }
        free(a->path);
        free(a);
        return rc;
    }
    int fd = fileno(a->f);
    if (rc == 0 && fflush(a->f) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && fchmod(fd, a->mode) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && fsync(fd) != 0) {
        rc = -1;
        saved = errno;
    }
    if (fclose(a->f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(a->tmp, a->path) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0) {
        unlink(a->tmp);
        if (ok) /* a failed render has said why already */
            fprintf(stderr, "prognosis: %s: not written (%s); the original is unchanged\n", a->path,
                    strerror(saved));
    }
    free(a->path);
    free(a->tmp);
    free(a);
    return rc;
}

int cli_write_atomic(const char *path, const char *buf, size_t len)
{
    cli_atomic *a = cli_atomic_begin(path);
    if (!a)
        return -1;
    bool ok = len == 0 || fwrite(buf, 1, len, a->f) == len;
    return cli_atomic_end(a, ok);
}

int cli_write_file(void *fp, const char *buf, size_t len)
{
    FILE *f = fp;
    if (len && fwrite(buf, 1, len, f) != len)
        return -1;
    return 0;
}
