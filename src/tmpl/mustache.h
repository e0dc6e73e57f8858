/*
 * mustache.h: a Mustache engine over jansson values (spec v1.3: interpolation, sections,
 * inverted sections, comments, partials, set delimiters, and the optional ~inheritance and
 * ~dynamic-names modules; no lambdas).
 *
 * {{name}} is always HTML-escaped (esc_html); {{{name}}} and {{&name}} write raw bytes. A set can
 * be given the names raw output may print (tmpl_set_allow_raw): a template that prints any other
 * name raw, under any delimiters, then fails to compile. Themes allow only the fields our own
 * safe renderers produce (theme_raw_fields in tmpl/theme.c).
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
    /* unclosed or mismatched section, bad delimiter tag, raw output of a name not allowed... */
    TMPL_ESYNTAX = -2,
};

/* A new, empty set reading sources through load(ctx, ...). Freed with tmpl_set_free(). */
struct tmpl_set *tmpl_set_new(tmpl_loader load, void *ctx);
void tmpl_set_free(struct tmpl_set *set);

/*
 * Makes raw output ({{{name}}} or {{&name}}, whatever the delimiters) of any name not in names
 * (a NULL-terminated list) a compile error, "NAME:LINE: raw output of 'x' is not allowed (only:
 * ...)". A tag's whole name is compared, as written without its surrounding spaces: allowing
 * "body_html" allows {{{body_html}}} but not {{{x.body_html}}}. Without a list (the default, as
 * the Mustache spec's own tests need) raw output of any name compiles. Call it before anything
 * is loaded; names must outlive the set.
 */
void tmpl_set_allow_raw(struct tmpl_set *set, const char *const *names);

/*
 * Loads and compiles the template called name now, as its first render would, and keeps it in
 * the set (so a theme can be checked whole at start-up). Returns TMPL_OK, TMPL_ENOTFOUND or
 * TMPL_ESYNTAX, with the one-line message of tmpl_render in err when err is not NULL. Partials
 * it names are not loaded: load each file.
 */
int tmpl_load(struct tmpl_set *set, const char *name, struct buf *err);

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
