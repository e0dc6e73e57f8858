/*
 * mustache.h: a Mustache engine over jansson values (spec v1.3: interpolation, sections,
 * inverted sections, comments, partials, set delimiters, and the optional ~inheritance and
 * ~dynamic-names modules; no lambdas).
 *
 * {{name}} is always HTML-escaped (esc_html); {{{name}}} and {{&name}} write raw bytes and are
 * allowed in themes only for fields our own safe renderers produce (scripts/check-templates.sh).
 *
 * A struct tmpl_set is a named collection of templates. Sources come from a loader callback; each
 * is parsed once, on first use, and kept compiled in the set. A set is safe to render from many
 * threads at once.
 */
#ifndef SAHIFA_TMPL_MUSTACHE_H
#define SAHIFA_TMPL_MUSTACHE_H

#include "base/buf.h"

#include <jansson.h>
#include <stddef.h>

struct tmpl_set;

/*
 * Returns the source of the template called name (a partial or parent name as written in a tag,
 * e.g. "article" or "parts/card"), malloc'd, with its length in *len, or NULL when there is no
 * such template. The set frees what it gets.
 */
typedef char *(*tmpl_loader)(void *ctx, const char *name, size_t *len);

enum tmpl_status {
    TMPL_OK = 0,
    TMPL_ENOTFOUND = -1, /* the named top-level template does not exist */
    TMPL_ESYNTAX = -2,   /* unclosed or mismatched section, bad delimiter tag, ... */
};

/* A new, empty set reading sources through load(ctx, ...). Freed with tmpl_set_free(). */
struct tmpl_set *tmpl_set_new(tmpl_loader load, void *ctx);
void tmpl_set_free(struct tmpl_set *set);

/*
 * Renders the template called name with data as the root context, appending to out. Returns
 * TMPL_OK, or a negative enum tmpl_status, with a one-line description (template name, line and
 * what is wrong) in err when err is not NULL (err is reset first). A partial that does not exist
 * renders as empty text, as the spec requires. Nothing is appended to out on error.
 */
int tmpl_render(struct tmpl_set *set, const char *name, json_t *data, struct buf *out,
                struct buf *err);

/*
 * Renders the template source src (n bytes) as above, resolving partials and parents through
 * the set. The source is parsed on every call (for tests and one-off use, not the request path).
 */
int tmpl_render_source(struct tmpl_set *set, const char *src, size_t n, json_t *data,
                       struct buf *out, struct buf *err);

#endif
