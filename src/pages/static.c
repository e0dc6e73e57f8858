/*
 * static.c: the theme's static files under /static/. A fingerprinted name
 * (/static/style.3f9a1c2b.css) is cached for a year as immutable; the plain name
 * (/static/style.css) is served too, revalidated on each use. Only names the theme has are
 * served: there is no file system path here to escape from.
 */
#include "pages/pages.h"
#include "view/render.h"

int page_static(struct req *r)
{
    int fingerprinted = 0;
    const struct theme_file *f = theme_static(view_theme(), req_param(r, "name"), &fingerprinted);
    if (!f)
        return req_fail(r, 404, "not_found", NULL);
    buf_append(&r->out, f->data, f->len);
    r->content_type = f->content_type;
    req_add_header(r, "Cache-Control",
                   fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300");
    return 0;
}
