/* storage.c: images' files in a folder or in the database (storage.h). */
#include "media/storage.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Set once at start-up, before any thread reads it. */
static char *folder;

char *media_default_dir(const char *db_path)
{
    size_t n = strlen(db_path);
    if (n > 3 && strcmp(db_path + n - 3, ".db") == 0)
        n -= 3;
    char *dir = xmalloc(n + sizeof "-media");
    memcpy(dir, db_path, n);
    memcpy(dir + n, "-media", sizeof "-media");
    return dir;
}

int media_storage_folder(const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        log_error("media: cannot make the folder %s: %s", dir, strerror(errno));
        return -1;
    }
    free(folder);
    folder = xstrdup(dir);
    return 0;
}

void media_storage_database(void)
{
    free(folder);
    folder = NULL;
}

const char *media_storage_dir(void)
{
    return folder;
}

static bool digits(const char **s)
{
    const char *p = *s;
    while (**s >= '0' && **s <= '9')
        (*s)++;
    return *s > p && *s - p <= 5;
}

bool media_name_ok(const char *name)
{
    const char *s = name;
    for (int i = 0; i < 32; i++, s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    if (*s++ != '-')
        return false;
    if (strncmp(s, "social-", 7) == 0) {
        s += 7;
        if (!digits(&s) || *s++ != '-' || !digits(&s))
            return false;
        return strcmp(s, ".jpg") == 0;
    }
    if (!digits(&s))
        return false;
    return strcmp(s, ".webp") == 0 || strcmp(s, ".jpg") == 0;
}

/* folder/ab/name, in path (PATH_MAX-safe: names are short). */
static void file_path(char *path, size_t size, const char *name)
{
    snprintf(path, size, "%s/%.2s/%s", folder, name, name);
}

static int folder_put(const char *name, const void *p, size_t n)
{
    char path[4096], sub[4096], tmp[4200];
    snprintf(sub, sizeof sub, "%s/%.2s", folder, name);
    if (mkdir(sub, 0755) != 0 && errno != EEXIST)
        goto fail;
    file_path(path, sizeof path, name);
    if (access(path, F_OK) == 0)
        return 0; /* content-addressed: the same bytes */
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", sub, name);
    int fd = mkstemp(tmp);
    if (fd < 0)
        goto fail;
    const char *b = p;
    size_t left = n;
    while (left) {
        ssize_t w = write(fd, b, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            goto fail;
        }
        b += w;
        left -= (size_t)w;
    }
    /* On disk before its name appears: the row naming it is committed after. */
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        goto fail;
    }
    return 0;
fail:
    log_error("media: cannot write %s in %s: %s", name, folder, strerror(errno));
    return -1;
}

int media_put(struct db *db, const char *name, const void *p, size_t n)
{
    if (!media_name_ok(name))
        return -1;
    if (folder)
        return folder_put(name, p, n);
    return store_media_file_put(db, name, p, n) == DB_OK ? 0 : -1;
}

int media_open(const char *name, int *fd, size_t *n)
{
    if (!folder || !media_name_ok(name))
        return -1;
    char path[4096];
    file_path(path, sizeof path, name);
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return errno == ENOENT ? 1 : -1;
    struct stat st;
    if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(*fd);
        return -1;
    }
    *n = (size_t)st.st_size;
    return 0;
}

int media_get(struct db *db, const char *name, void **p, size_t *n)
{
    *p = NULL;
    *n = 0;
    if (!media_name_ok(name))
        return 1;
    if (!folder) {
        int rc = store_media_file_get(db, name, p, n);
        return rc == DB_OK ? 0 : rc == DB_DONE ? 1 : -1;
    }
    int fd;
    size_t size;
    int rc = media_open(name, &fd, &size);
    if (rc != 0)
        return rc;
    char *b = xmalloc(size ? size : 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, b + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != size) {
        free(b);
        return -1;
    }
    *p = b;
    *n = size;
    return 0;
}

int media_size(struct db *db, const char *name, size_t *n)
{
    *n = 0;
    if (!media_name_ok(name))
        return 1;
    if (!folder) {
        int64_t size = 0;
        int rc = store_media_file_size(db, name, &size);
        *n = (size_t)size;
        return rc == DB_OK ? 0 : rc == DB_DONE ? 1 : -1;
    }
    char path[4096];
    struct stat st;
    file_path(path, sizeof path, name);
    if (stat(path, &st) != 0)
        return errno == ENOENT ? 1 : -1;
    *n = (size_t)st.st_size;
    return 0;
}

int media_remove(struct db *db, const char *name)
{
    if (!media_name_ok(name))
        return -1;
    if (!folder)
        return store_media_file_delete(db, name) >= 0 ? 0 : -1;
    char path[4096];
    file_path(path, sizeof path, name);
    if (unlink(path) != 0 && errno != ENOENT) {
        log_error("media: cannot remove %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Copies the file from to to, through a temporary name. */
static int copy_file(const char *from, const char *to)
{
    if (link(from, to) == 0 || errno == EEXIST)
        return 0;
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    char tmp[8400];
    int out = snprintf(tmp, sizeof tmp, "%s.XXXXXX", to) < (int)sizeof tmp ? mkstemp(tmp) : -1;
    if (out < 0) {
        close(in);
        return -1;
    }
    char b[64 * 1024];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, b, sizeof b)) > 0 && rc == 0)
        rc = write(out, b, (size_t)r) == r ? 0 : -1;
    rc |= r < 0 ? -1 : 0;
    rc |= fchmod(out, 0644) | close(out);
    close(in);
    if (rc == 0 && rename(tmp, to) != 0)
        rc = -1;
    if (rc != 0)
        unlink(tmp);
    return rc;
}

int media_copy_folder(const char *to, long *n)
{
    *n = 0;
    if (!folder)
        return 0;
    if (mkdir(to, 0755) != 0 && errno != EEXIST) {
        log_error("media: cannot make the folder %s: %s", to, strerror(errno));
        return -1;
    }
    DIR *top = opendir(folder);
    if (!top) {
        log_error("media: cannot read %s: %s", folder, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *d;
    while (rc == 0 && (d = readdir(top))) {
        if (strlen(d->d_name) != 2 || d->d_name[0] == '.')
            continue;
        char sub[4096], dst[4096];
        snprintf(sub, sizeof sub, "%s/%s", folder, d->d_name);
        snprintf(dst, sizeof dst, "%s/%s", to, d->d_name);
        DIR *in = opendir(sub);
        if (!in || (mkdir(dst, 0755) != 0 && errno != EEXIST)) {
            if (in)
                closedir(in);
            rc = -1;
            break;
        }
        struct dirent *f;
        while (rc == 0 && (f = readdir(in))) {
            if (!media_name_ok(f->d_name))
                continue; /* ".", "..", temporary files */
            char a[8400], b[8400];
            snprintf(a, sizeof a, "%s/%s", sub, f->d_name);
            snprintf(b, sizeof b, "%s/%s", dst, f->d_name);
            rc = copy_file(a, b);
            *n += rc == 0;
        }
        closedir(in);
    }
    closedir(top);
    if (rc != 0)
        log_error("media: cannot copy the photos into %s: %s", to, strerror(errno));
    return rc;
}
