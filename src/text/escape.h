/*
 * escape.h: one function per output context (cgit's html_txt, html_attr, ...).
 *
 * Templates escape through esc_html(); the few places C writes markup, URLs, JSON or XML call the
 * function for their context. Each appends to a struct buf and never fails. Invalid UTF-8 is
 * passed through byte for byte by the HTML/XML escapers (the request layer refuses invalid UTF-8
 * before it gets here; stored text is validated on the way in).
 */
#ifndef SAHIFA_TEXT_ESCAPE_H
#define SAHIFA_TEXT_ESCAPE_H

#include "base/buf.h"

#include <stddef.h>

/* HTML text and attribute values (quoted with " or '): & < > " ' become entities. */
void esc_html(struct buf *out, const char *s, size_t n);
/* As esc_html, except that the bytes 0x01 and 0x02, which the search index's highlighter puts
 * around matched words (store/search.c), become <mark> and </mark>. The one other producer of
 * markup that templates may print raw. */
void esc_html_marked(struct buf *out, const char *s, size_t n);
/* XML text and attributes (feeds, sitemaps): as esc_html, and control characters other than
 * tab, newline and carriage return, which XML 1.0 forbids, are dropped. */
void esc_xml(struct buf *out, const char *s, size_t n);
/* Plain text in an RSS element that readers may take for HTML (<category>, <dc:creator>): as
 * esc_xml, but & < > written as the character references &#x26; &#x3C; &#x3E;, the form the
 * RSS Best Practices Profile recommends because it survives the most aggregators (an XML parser
 * reads the same text either way; some readers decode named entities and then parse HTML). */
void esc_xml_plain(struct buf *out, const char *s, size_t n);
/* An XML element holding text on a line of its own: <name>s through esc_xml()</name> and a
 * newline (s NULL: empty). name is the caller's literal and is written as it is. */
void esc_xml_element(struct buf *out, const char *name, const char *s);
/* One URL path segment or query argument value: everything but RFC 3986 unreserved characters
 * is percent-encoded, so Arabic slugs become %D8%A7... (what HTTP Location headers and XML
 * sitemaps need) and a space becomes %20. */
void esc_url(struct buf *out, const char *s, size_t n);
/* A whole path (or URL) written as an IRI, made a URI: bytes outside printable ASCII, spaces and
 * < > " ` { } | \ ^ are percent-encoded; / ? & = # % and the rest are kept. For HTTP Location
 * headers and XML formats that require URIs. */
void esc_uri(struct buf *out, const char *s, size_t n);
/* A JSON string body, without the surrounding quotes; / is escaped so "</script>" cannot close
 * an inline script. */
void esc_json(struct buf *out, const char *s, size_t n);
/* A whole JSON text (as json_dumps() writes it) made safe inside an HTML <script> element, e.g.
 * JSON-LD: < > & become \u003c \u003e \u0026, and U+2028 and U+2029 become \u2028 \u2029.
 * Those characters only occur inside strings of valid JSON, where the escape means the same
 * character, so the JSON parses to the same value and neither "</script>" nor "<!--" can
 * appear in the output. */
void esc_json_script(struct buf *out, const char *json, size_t n);

#endif
