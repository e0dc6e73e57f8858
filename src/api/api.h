/*
 * api.h: the JSON API (/api/v1/..., docs/API.md). It serves the same view models the pages
 * render (view/) and stores articles under the rules the newsroom applies (view/rules.h); errors
 * are the server's JSON error object ({"error":{"code","message"}}, with "field" when the
 * handler set r->error_field), made once by web/server.c for routes flagged ROUTE_API.
 *
 * Reads are public and never write to the database; the route table marks them ROUTE_CORS.
 * Writes take a bearer token (ROUTE_TOKEN, checked by the dispatcher before the handler runs).
 */
#ifndef SAHIFA_API_API_H
#define SAHIFA_API_API_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>

/* api.c: what every handler shares */

/* Answers with the JSON value (taking its reference) and the status. Returns 0. */
int api_reply(struct req *r, int status, json_t *value);
/* The request body as a JSON object, or NULL after req_fail() (415 for another content type,
 * 400 for invalid JSON or a body that is not an object). New reference. */
json_t *api_body(struct req *r);
/* The live article named by the route's :id (view_article_live()), or NULL after req_fail()
 * (404, or view_fail_db()). New reference. */
json_t *api_live_article(struct req *r);
/* Reads ?page= (view_page_arg()) and ?per_page= (1 to 100; dflt when absent). Returns 0, or
 * -1 after req_fail() with 400. */
int api_paging(struct req *r, int dflt, int *page, int *per_page);
/* The request's query arguments of those names that are present, as "name=value&..." with the
 * values percent-encoded ("" for none), in the arena: for building links. */
const char *api_query_args(struct req *r, const char *const *names);
/* Sets out's "links": "self", "prev" (page > 1) and "next" (more than page * per_page of
 * total), absolute URIs of path with args (api_query_args()), page and per_page. */
void api_links(struct req *r, json_t *out, const char *path, const char *args, int page,
               int per_page, int64_t total);
/* Looks up the slug given as the query argument name (NULL when absent) with find (a
 * store_*_by_slug function): its id in *id (0 when absent). Returns 0, or -1 after req_fail()
 * with 404 and code for a slug that names nothing (view_fail_db() when the database fails). */
int api_slug_arg(struct req *r, const char *name, int (*find)(struct db *, const char *, json_t **),
                 const char *code, const char *message, int64_t *id);

/* The handlers, one file a concern. */
int api_articles(struct req *r);       /* articles.c: GET /api/v1/articles */
int api_article(struct req *r);        /* GET /api/v1/articles/{id} */
int api_article_create(struct req *r); /* POST /api/v1/articles */
int api_article_update(struct req *r); /* PATCH /api/v1/articles/{id} */
int api_search(struct req *r);         /* search.c: GET /api/v1/search */
int api_most_read(struct req *r);      /* mostread.c: GET /api/v1/most-read */
int api_categories(struct req *r);     /* taxonomy.c: GET /api/v1/categories */
int api_topics(struct req *r);         /* GET /api/v1/topics */
int api_comments_get(struct req *r);   /* comments.c */
int api_comments_post(struct req *r);
int api_media_create(struct req *r); /* media.c: POST /api/v1/media */

/* search.c: runs q (as typed) over the live articles as the search page does
 * (view_search_results()), in a category (0: any), newest first when by_date: {"total",
 * "more", "results"}, or NULL after req_fail() with 500. A query with no word to look for
 * finds nothing. New reference. */
json_t *api_search_run(struct req *r, const char *q, int64_t category, bool by_date, int page,
                       int per_page);

#endif
