/*
 * sniff.h: what kind of image a file holds, decided from its first bytes, never from its name
 * or the type a browser declared.
 *
 * Only the formats sahifa processes are recognized: JPEG, PNG, GIF, WebP, and HEIF/AVIF (ISO
 * boxes). SVG, HTML and everything else are refused here, before libvips sees them, so that no
 * loader is ever picked by guessing (a ".jpg" holding SVG would reach librsvg otherwise).
 */
#ifndef SAHIFA_MEDIA_SNIFF_H
#define SAHIFA_MEDIA_SNIFF_H

#include <stddef.h>

enum media_type {
    MEDIA_UNKNOWN = 0, /* not an image sahifa takes */
    MEDIA_EMPTY,       /* no bytes at all */
    MEDIA_SVG,         /* SVG (or XML that may be), refused: it can carry scripts */
    MEDIA_HTML,        /* an HTML page, refused */
    MEDIA_JPEG,
    MEDIA_PNG,
    MEDIA_GIF,
    MEDIA_WEBP,
    MEDIA_HEIF, /* HEIC from phones */
    MEDIA_AVIF,
};

/* Enough of a file's head to sniff it. */
enum { MEDIA_SNIFF_BYTES = 512 };

/* The type of the image whose first n bytes (at most MEDIA_SNIFF_BYTES are looked at) are at p.
 * MEDIA_EMPTY for n == 0; MEDIA_SVG and MEDIA_HTML for text that looks like them (after a BOM and
 * white space), so their refusal can say why. */
enum media_type media_sniff(const void *p, size_t n);
/* True for the types sahifa accepts (JPEG, PNG, GIF, WebP, HEIF, AVIF). */
int media_type_ok(enum media_type t);
/* The MIME type of an accepted type ("image/jpeg", ...); "" for the others. */
const char *media_type_mime(enum media_type t);
/* The reason a refused type is refused, in Arabic, for the newsroom and the API. */
const char *media_type_refusal(enum media_type t);

#endif
