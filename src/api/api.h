/*
 * api.h: the JSON API (/api/v1/...). It serves the same view models the pages render
 * (pages/pages.h); errors are the server's JSON error object ({"error":{"code","message"}}),
 * made once by web/server.c for routes flagged ROUTE_API.
 */
#ifndef SAHIFA_API_API_H
#define SAHIFA_API_API_H

#include "web/req.h"

#include <jansson.h>

/* Answers with the JSON value (taking its reference) and the status. Returns 0. */
int api_reply(struct req *r, int status, json_t *value);
/* The request body as a JSON object, or NULL after req_fail() (415 for another content type,
 * 400 for invalid JSON or a body that is not an object). New reference. */
json_t *api_body(struct req *r);

int api_comments_get(struct req *r);
int api_comments_post(struct req *r);

#endif
