/*
 * static.c: the theme's static files under /static/. A fingerprinted name
 * (/static/style.3f9a1c2b.css) is cached for a year as immutable; the plain name
 * (/static/style.css) is served too, revalidated on each use. Only names the theme has are
 * served: there is no file system path here to escape from. Text files go out compressed as
 * the theme made them at start-up, in the coding the reader takes best.
 */
#include "pages/pages.h"
#include "view/render.h"
#include "web/encode.h"

int page_static(struct req *r)
{
    int fingerprinted = 0;
    const struct theme_file *f = theme_static(view_theme(), req_param(r, "name"), &fingerprinted);
    if (!f)
        return req_fail(r, 404, "not_found", NULL);
    r->content_type = f->content_type;
    req_add_header(r, "Cache-Control",
                   fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300");
    enum coding c = CODING_IDENTITY;
    if (f->coded[CODING_GZIP].data || f->coded[CODING_BR].data) {
        req_add_header(r, "Vary", "Accept-Encoding");
        c = encode_choose(req_header(r, "Accept-Encoding"));
        if (!f->coded[c].data)
            c = CODING_IDENTITY;
    }
    uint64_t hash = encode_hash(f->data, f->len);
    char *tag = arena_alloc(&r->arena, ENCODE_ETAG_SIZE);
    encode_etag(tag, hash, c);
    req_add_header(r, "ETag", tag);
    if (encode_not_modified(r, hash, 0)) {
        r->status = 304;
        return 0;
    }
    if (c != CODING_IDENTITY)
        req_add_header(r, "Content-Encoding", coding_name(c));
    buf_append(&r->out, f->coded[c].data, f->coded[c].len);
    return 0;
}
