/* upload.c: multipart bodies streamed into fields and a temporary file (upload.h). */
#include "web/upload.h"
#include "base/log.h"
#include "base/utf8.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct upload {
    struct MHD_PostProcessor *pp;
    size_t body_bytes, field_bytes;
    int fd;      /* the file field's temporary file, -1 before it opens */
    bool failed; /* no longer keeping anything */
    bool file_seen, file_done;
    struct buf value; /* the text field being read */
    const char *key;  /* its name (arena) */
    struct req_header **tail;
};

/* Closes and removes the temporary file when the request's arena is freed. */
static void remove_file(void *p)
{
    struct req *r = p;
    if (r->upload && r->upload->fd >= 0)
        close(r->upload->fd);
    if (r->upload_path)
        unlink(r->upload_path);
    if (r->upload) {
        buf_free(&r->upload->value);
        if (r->upload->pp)
            MHD_destroy_post_processor(r->upload->pp);
    }
}

/* Ends the text field being read: appended to r->form when it is valid UTF-8 without a NUL. */
static void field_end(struct req *r)
{
    struct upload *u = r->upload;
    if (!u->key)
        return;
    const char *v = buf_str(&u->value);
    if (!utf8_valid(v, u->value.len) || memchr(v, 0, u->value.len)) {
        r->form_bad = true;
    } else {
        struct req_header *h = arena_alloc(&r->arena, sizeof *h);
        h->next = NULL;
        h->name = u->key;
        h->value = arena_strndup(&r->arena, v, u->value.len);
        *u->tail = h;
        u->tail = &h->next;
    }
    u->key = NULL;
    buf_reset(&u->value);
}

static bool file_write(struct req *r, const char *data, size_t size)
{
    struct upload *u = r->upload;
    if (u->fd < 0) {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
        char *path = arena_printf(&r->arena, "%s/sahifa-upload-XXXXXX", dir);
        u->fd = mkstemp(path);
        if (u->fd < 0) {
            log_error("upload: cannot make a temporary file in %s: %s", dir, strerror(errno));
            return false;
        }
        r->upload_path = path;
    }
    while (size) {
        ssize_t w = write(u->fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            log_error("upload: cannot write %s: %s", r->upload_path, strerror(errno));
            return false;
        }
        data += w;
        size -= (size_t)w;
        r->upload_size += (size_t)w;
    }
    return true;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    struct req *r = cls;
    struct upload *u = r->upload;
    if (!key)
        return MHD_YES;
    if (strcmp(key, "file") == 0 && filename) {
        /* Each part's pieces come at offsets from 0: a piece at 0 once the file has bytes is
         * another part named "file", whose bytes would otherwise be appended to the first's. */
        if (u->file_seen && off == 0 && r->upload_size > 0)
            u->file_done = true;
        if (u->file_done)
            return MHD_YES; /* a second file: ignored */
        if (off == 0 && !u->file_seen) {
            field_end(r);
            u->file_seen = true;
            if (utf8_valid(filename, strlen(filename)))
                r->upload_name = arena_strdup(&r->arena, filename);
        }
        /* Written even when empty, so that an empty file is told from no file. */
        if ((size || u->fd < 0) && !file_write(r, data, size)) {
            u->failed = true;
            r->upload_failed = true;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (u->file_seen)
        u->file_done = true;
    if (filename)
        return MHD_YES; /* a file in another field: not kept */
    /* libmicrohttpd may hand a value over in pieces, and an empty piece at offset 0 before
     * the first bytes: a new field is a new name, or offset 0 once this one has bytes. */
    if (!u->key || strcmp(u->key, key) != 0 || (off == 0 && u->value.len > 0)) {
        field_end(r);
        u->key = arena_strdup(&r->arena, key);
    }
    u->field_bytes += size;
    if (u->field_bytes > UPLOAD_MAX_FIELD_BYTES) {
        r->form_bad = true;
        return MHD_NO;
    }
    buf_append(&u->value, data, size);
    return MHD_YES;
}

void upload_begin(struct req *r)
{
    struct upload *u = arena_alloc(&r->arena, sizeof *u);
    memset(u, 0, sizeof *u);
    u->fd = -1;
    u->tail = &r->form;
    r->upload = u;
    r->form_parsed = true; /* the fields come from here, not from form_parse() */
    arena_defer(&r->arena, remove_file, r);
    const char *type = req_header(r, "Content-Type");
    if (type && strncasecmp(type, "multipart/form-data", 19) == 0)
        u->pp = MHD_create_post_processor(r->conn, 64 * 1024, on_part, r);
    if (!u->pp) {
        r->form_bad = true;
        u->failed = true;
    }
}

void upload_feed(struct req *r, const char *data, size_t n, size_t limit)
{
    struct upload *u = r->upload;
    u->body_bytes += n;
    if (u->body_bytes > limit) {
        r->body_too_large = true;
        u->failed = true;
    }
    if (u->failed)
        return;
    if (MHD_post_process(u->pp, data, n) != MHD_YES) {
        u->failed = true;
        r->form_bad = true;
    }
}

void upload_end(struct req *r)
{
    struct upload *u = r->upload;
    /* A body that stops before its closing boundary leaves the post processor short of its
     * end: what it handed over of the last part may be cut short, and libmicrohttpd keeps the
     * part's last bytes back until it sees a boundary. Such a body does not parse. */
    if (u->pp && MHD_destroy_post_processor(u->pp) != MHD_YES && !u->failed) {
        u->failed = true;
        r->form_bad = true;
    }
    u->pp = NULL;
    if (!u->failed)
        field_end(r);
    if (u->fd >= 0) {
        close(u->fd);
        u->fd = -1;
    }
    if (u->failed) {
        /* Half a file is no file: the handler sees none (upload_failed says when the disk was
         * at fault). */
        if (r->upload_path)
            unlink(r->upload_path);
        r->upload_path = NULL;
        r->upload_size = 0;
    }
}
