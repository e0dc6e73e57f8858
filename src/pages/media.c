/*
 * media.c: the photos' files at /media/NAME ("<hash>-640.webp"). A name is the hash of the
 * uploaded bytes with the size, so its bytes never change: cached for a year as immutable, its
 * ETag the name itself, no hashing of the body. From the folder the file goes out with
 * sendfile; from the database, as a copy. Only names media_name_ok() accepts are looked up:
 * no path is made from the URL.
 */
#include "media/storage.h"
#include "pages/pages.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int page_media(struct req *r)
{
    const char *name = req_param(r, "name");
    if (!name || !media_name_ok(name))
        return req_fail(r, 404, "not_found", "لا توجد صورة بهذا الاسم.");
    const char *etag = arena_printf(&r->arena, "\"%s\"", name);
    const char *inm = req_header(r, "If-None-Match");
    bool fresh = inm && (strstr(inm, etag) || strcmp(inm, "*") == 0);
    int fd = -1;
    size_t n = 0;
    int rc = fresh ? 0 : media_storage_dir() ? media_open(name, &fd, &n) : -2;
    if (rc == -2) {
        void *p;
        rc = media_get(r->db, name, &p, &n);
        if (rc == 0) {
            buf_append(&r->out, p, n);
            free(p);
        }
    }
    if (rc == 1)
        return req_fail(r, 404, "not_found", "لا توجد صورة بهذا الاسم.");
    if (rc != 0)
        return req_fail(r, 500, "unavailable", "تعذّرت قراءة الصورة الآن.");
    if (fresh) {
        r->status = 304;
    } else if (fd > 0) {
        r->file_fd = fd;
        r->file_size = n;
    }
    size_t len = strlen(name);
    r->content_type = len > 5 && strcmp(name + len - 5, ".webp") == 0 ? "image/webp" : "image/jpeg";
    req_add_header(r, "ETag", etag);
    req_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
    return 0;
}
