/*
 * compress.h: whole bodies compressed as HTTP content codings: gzip (zlib) and brotli
 * (libbrotlienc). Pages are compressed once per render and kept by the page cache
 * (web/cache.c), static files once at start-up (tmpl/theme.c), so the level is a choice between
 * a render's cost and a start-up's.
 */
#ifndef SAHIFA_BASE_COMPRESS_H
#define SAHIFA_BASE_COMPRESS_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* The content codings sahifa sends, in the order of preference when a client takes several. */
enum coding { CODING_IDENTITY, CODING_GZIP, CODING_BR, CODINGS };

/* How hard to try: CODING_FAST for a body made per render (brotli quality 5, gzip level 6:
 * about a millisecond for a 40 KB page, within a few percent of the best sizes),
 * CODING_BEST for a body made once (brotli 11, gzip 9). */
enum coding_effort { CODING_FAST, CODING_BEST };

/* The coding's name in Content-Encoding and Accept-Encoding ("gzip", "br"; "identity"). */
const char *coding_name(enum coding c);

/* Appends the len bytes at data, compressed with coding c (not CODING_IDENTITY), to out.
 * Returns 0, or -1 (out as it was) when the library fails, which only running out of memory
 * makes it do. */
int compress_body(struct buf *out, enum coding c, enum coding_effort effort, const void *data,
                  size_t len);

/* True for a media type worth compressing: text (HTML, CSS, plain, XML, JavaScript), JSON,
 * XML and SVG, whatever its parameters; images, fonts and archives are compressed already. */
bool compress_worth(const char *content_type);

#endif
