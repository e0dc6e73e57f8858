/*
 * upload.h: the multipart/form-data body of a ROUTE_UPLOAD route, parsed as it arrives by
 * libmicrohttpd's post processor (MHD_create_post_processor), so that a photo of 25 MB never
 * sits whole in memory: the text fields go to the request's form (req_form() reads them, the
 * CSRF check included), the field named "file" is streamed into a temporary file that is
 * removed when the request ends.
 *
 * Limits: the body as a whole is capped by the server's max_upload_bytes (web/server.c: 413,
 * declared or chunked); the text fields together by UPLOAD_MAX_FIELD_BYTES; only the first
 * "file" field is kept. A body that is not multipart, that does not parse, or that ends before
 * its closing boundary leaves req_form_bad() true (and no file).
 */
#ifndef SAHIFA_WEB_UPLOAD_H
#define SAHIFA_WEB_UPLOAD_H

#include "web/req.h"

#include <stddef.h>

enum { UPLOAD_MAX_FIELD_BYTES = 256 * 1024 };

/* Starts parsing r's body (called on the request's first call, headers known). The temporary
 * file is made in TMPDIR (else /tmp) on the first bytes of the file field. */
void upload_begin(struct req *r);
/* Feeds n bytes of the body; sets r->body_too_large (and stops keeping anything) when the body
 * passes limit bytes. */
void upload_feed(struct req *r, const char *data, size_t n, size_t limit);
/* Ends the body: the fields are then in r->form, the file (if one came) at r->upload_path with
 * r->upload_size bytes and the name the browser gave in r->upload_name. */
void upload_end(struct req *r);

#endif
