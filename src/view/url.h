/*
 * url.h: the site's addresses: its origin, absolute URLs in the two forms formats ask for (IRIs
 * with Arabic as written for HTML and JSON-LD, percent-encoded URIs for XML and HTTP headers),
 * an article's canonical path, and ids read from a path.
 */
#ifndef SAHIFA_VIEW_URL_H
#define SAHIFA_VIEW_URL_H

#include "web/req.h"

#include <stdbool.h>
#include <stdint.h>

/* The site's origin for absolute URLs (feeds, sitemaps, canonical and OpenGraph URLs, the
 * API's links): the site_url setting without a trailing slash when set (what production should
 * do), else http://HOST from the request's Host header when it is a plain host[:port]
 * (req_plain_host()), else http://127.0.0.1. In the arena. */
const char *view_origin(struct req *r);
/* origin + path as an IRI: Arabic as written (for HTML attributes). path starts with '/'. In
 * the arena. */
const char *view_absolute_iri(struct req *r, const char *path);
/* origin + path as a URI: bytes outside printable ASCII, spaces and < > " ` { } | \ ^
 * percent-encoded, / ? & = # % kept (for XML formats that require URIs, and HTTP headers). In
 * the arena. */
const char *view_absolute_uri(struct req *r, const char *path);
/* The canonical path of an article, /a/{id}/{slug}, Arabic as written (for HTML), in the
 * arena. */
const char *view_article_path(struct req *r, int64_t id, const char *slug);
/* True for an address given by a user that a page may show as an image or a link: an http or
 * https URL with a host, or a path on the site ("/x", not "//x"); at most 500 bytes, with no
 * white space, quotes, angle brackets, backslashes or control characters. */
bool view_url_ok(const char *url);
/* Parses a decimal id made of ASCII digits only (at most 15): > 0, or 0 when s is not one. */
int64_t view_parse_id(const char *s);

#endif
