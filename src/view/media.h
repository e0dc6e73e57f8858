/*
 * media.h (view): an upload taken from a request to the photo worker and back, for the
 * newsroom and the API alike.
 */
#ifndef SAHIFA_VIEW_MEDIA_H
#define SAHIFA_VIEW_MEDIA_H

#include "media/ingest.h"
#include "web/req.h"

/*
 * Checks the request's uploaded file (one came, whole; its type from its bytes) into in (the
 * caller has set alt, caption, credit, focal point, uploader and replace_id), then defers the
 * answer (req_defer()): the photo worker makes the image, and finish(r) answers with
 * r->defer_ctx pointing at in (in->id set, or in->status, code and message on failure).
 * Returns 0 when deferred, or -1 with in->status, code and message set and nothing done (the
 * caller answers at once). in must live in r's arena.
 */
int view_upload(struct req *r, struct media_ingest *in, int (*finish)(struct req *r));
/* A focal point field ("0" to "100"; "" or absent: 50) into *v; false when malformed. */
bool view_focal(const char *s, int *v);

#endif
