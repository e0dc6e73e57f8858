/*
 * markdown.h: article bodies from Markdown to HTML through md4c, with raw HTML off, or to plain
 * text.
 *
 * This is the one renderer whose output templates may print raw ({{{body_html}}}): md4c parses,
 * our own callbacks write the HTML and escape all text, MD_FLAG_NOHTML turns any HTML in the
 * source into escaped text, and links and images with schemes other than http, https, mailto or a
 * relative path are dropped to their text.
 */
#ifndef SAHIFA_TEXT_MARKDOWN_H
#define SAHIFA_TEXT_MARKDOWN_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Appends the HTML of the n bytes of Markdown at md to out. Returns 0, or -1 when md4c fails
 * (out of memory; nothing useful appended). */
int markdown_html(struct buf *out, const char *md, size_t n);
/* Images from the library: ![alt](media:ID) is handed to image(), which writes it into out
 * (alt as written, unescaped: the hook escapes it); alone is true when the image is all its
 * paragraph holds, and the hook then writes a block (a <figure>) in the paragraph's place. */
struct markdown_media {
    void (*image)(void *ctx, struct buf *out, int64_t id, const char *alt, bool alone);
    void *ctx;
};
/* markdown_html() with library images written by media (NULL: media: URLs are refused as any
 * other unknown scheme, leaving the alt text). */
int markdown_html_media(struct buf *out, const char *md, size_t n,
                        const struct markdown_media *media);
/* Appends the plain text of the Markdown at md to out: the words without their marks (no **, #,
 * [](), entities decoded), a line break after each block. For snippets and other plain text.
 * Returns 0, or -1 as markdown_html() does. */
int markdown_text(struct buf *out, const char *md, size_t n);

#endif
