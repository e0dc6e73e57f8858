/*
 * encode.h: how a response's body goes out: its content coding by the request's
 * Accept-Encoding (brotli, then gzip), its validators (a strong ETag from the body's hash,
 * Last-Modified) and 304 Not Modified for a client that has it already.
 *
 * A body's representations differ only in their coding, so their ETags share the hash of the
 * uncompressed bytes and differ in a suffix ("3f9a…", "3f9a…-gz", "3f9a…-br"); an If-None-Match
 * naming the hash in any coding is a match, as the bytes the client holds are the same page.
 */
#ifndef SAHIFA_WEB_ENCODE_H
#define SAHIFA_WEB_ENCODE_H

#include "base/compress.h"
#include "web/req.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Bodies shorter than this go out as they are: their compressed form saves less than a
 * packet. */
enum { ENCODE_MIN_BYTES = 512, ENCODE_ETAG_SIZE = 24, ENCODE_DATE_SIZE = 80 };

/* The coding to answer a request with, from its Accept-Encoding header (NULL when it sent
 * none): br when it takes br (a q-value above 0, named or through "*"), else gzip likewise,
 * else identity. */
enum coding encode_choose(const char *accept_encoding);
/* The hash of a body that its ETags are made of (XXH3, libxxhash). */
uint64_t encode_hash(const void *data, size_t len);
/* The ETag, with its quotes, of the body with that hash in coding c, into out. */
void encode_etag(char out[ENCODE_ETAG_SIZE], uint64_t hash, enum coding c);
/* An HTTP date (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") into out. */
void encode_http_date(char out[ENCODE_DATE_SIZE], time_t t);
/* An IMF-fixdate as time_t, or -1 when s is not one (the obsolete formats are refused: a client
 * sending them just gets the page). */
time_t encode_parse_http_date(const char *s);
/* True when r holds the body already: its If-None-Match names the hash (in any coding, weak or
 * strong, or "*"); or, when it has no If-None-Match and last_modified is not 0, its
 * If-Modified-Since is a date at or after last_modified. */
bool encode_not_modified(struct req *r, uint64_t hash, time_t last_modified);
/*
 * For a response made for this request alone (one the page cache does not keep): a GET or HEAD
 * answered 200 gets its ETag, and becomes 304 with an empty body when r has it already;
 * a body of a type worth compressing (compress_worth()) and at least ENCODE_MIN_BYTES long is
 * compressed by encode_choose() (CODING_FAST), with Content-Encoding and Vary: Accept-Encoding.
 * A response whose handler set its ETag or Content-Encoding chose its representation itself
 * (static files, compressed once) and is left as it is.
 */
void encode_response(struct req *r);

#endif
