/*
 * image.h: an image of the library as pages, feeds and the API show it: the addresses of its
 * sizes (fingerprinted: "/media/<hash>-640.webp"), srcset lists for <img> and <picture>, the
 * social crop, and the <figure> written into article bodies for ![alt](media:ID).
 */
#ifndef SAHIFA_VIEW_IMAGE_H
#define SAHIFA_VIEW_IMAGE_H

#include "base/buf.h"
#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * Adds to an image row (store_media_get(), or an article's nested "image") in place:
 * "sizes" [{"width","height","webp","jpeg"}] ascending; "srcset_webp" and "srcset_jpeg"
 * ("/media/...-320.webp 320w, ..."); "src" (the JPEG nearest 960 wide without going over,
 * else the smallest), with "img_width" and "img_height" (its size: <img>'s width and height);
 * "thumb" (the smallest JPEG); "words" (true when there is a caption or a credit); "largest"
 * {"url","width","height"} (the largest JPEG); "social" (the 1200x630 crop's address) with
 * "social_width" and "social_height". Returns m; anything but an object is left as it is.
 */
json_t *view_image(json_t *m);
/* The same for an article or card's "image" when it is an object (null stays null). */
void view_image_of(json_t *article);

/*
 * Writes the markup of image m (view_image() done) as a <picture> with a WebP source and a
 * JPEG <img> (srcset, sizes, width, height, alt), lazy-loaded unless first (the first screen's
 * image: fetchpriority="high" instead); inside a <figure> with a <figcaption> holding the
 * caption and the credit when figure is true. Every text is escaped.
 */
void view_image_html(struct buf *out, json_t *m, const char *sizes, bool first, bool figure);

/* The size in bytes of the stored file at a "/media/NAME" address, or 0 when it is not there
 * (for feeds' enclosures). */
long long view_image_bytes(struct req *r, const char *url);

/* The Markdown renderer's hook for ![alt](media:ID) (text/markdown.h): writes the image from
 * the library, in a <figure> when it stands alone in its paragraph; an id not in the library
 * writes nothing. ctx is the request. */
void view_media_markdown(void *ctx, struct buf *out, int64_t id, const char *alt, bool alone);

#endif
