/*
 * theme.h: a theme is templates plus static files (docs/THEMES.md). The default theme is built
 * into the binary; a theme folder given with --theme overrides it file by file.
 *
 * Static files are read once at start-up and kept in memory with a fingerprint of their bytes,
 * so each is served under a name like /static/style.3f9a1c2b.css that changes whenever the file
 * does, and can be cached by browsers for a year; text files are compressed then, with gzip and
 * brotli at their best (a few tens of milliseconds, once).
 */
#ifndef SAHIFA_TMPL_THEME_H
#define SAHIFA_TMPL_THEME_H

#include "base/compress.h"
#include "tmpl/mustache.h"

#include <stddef.h>

struct theme;

struct theme_file {
    const char *name;         /* "style.css" */
    const char *url;          /* "/static/style.3f9a1c2b.css" */
    const char *content_type; /* from the extension */
    const unsigned char *data;
    size_t len;
    /* The file in each content coding, made once when the theme is opened (CODING_BEST):
     * coded[CODING_IDENTITY] is data itself; a coding that would not make the file smaller, or
     * a type not worth compressing, has NULL. */
    struct {
        const unsigned char *data;
        size_t len;
    } coded[CODINGS];
};

/* The names templates may print raw, NULL-terminated (see tmpl_set_allow_raw). */
extern const char *const theme_raw_fields[];

/*
 * Opens the theme: the built-in default, overridden by the files in dir when dir is not NULL.
 * Every template (every NAME.mustache under dir/templates and the built-in ones not overridden) is
 * compiled at once, with raw output allowed only for theme_raw_fields. Returns NULL when dir cannot
 * be read or a template fails, each failure logged as "theme: FILE:LINE: what". Freed with
 * theme_close().
 */
struct theme *theme_open(const char *dir);
void theme_close(struct theme *t);
/* The theme's templates (owned by the theme). */
struct tmpl_set *theme_templates(struct theme *t);
/* The static file with that plain name ("style.css") or fingerprinted name
 * ("style.3f9a1c2b.css"), or NULL. *fingerprinted tells which was asked for. */
const struct theme_file *theme_static(struct theme *t, const char *name, int *fingerprinted);
/* The static files as a JSON object for templates: {"style": "/static/style.3f9a1c2b.css"}, keyed
 * by the file name without its extension (dots and dashes become underscores). New reference. */
json_t *theme_static_urls(struct theme *t);
/* The stylesheet static/style.css as pages put it inside their <style> element (measured in
 * docs/PERFORMANCE.md: a first visit paints sooner than with a linked stylesheet), with every
 * "</" written "<\/" so that it cannot close the element, or "" when the theme has none; owned
 * by the theme. */
const char *theme_inline_style(struct theme *t);
/* The Content-Security-Policy source that allows exactly that text ('sha256-…' of it), owned
 * by the theme. */
const char *theme_inline_style_hash(struct theme *t);

#endif
