/*
 * route.h: the route table's shape and its matcher.
 *
 * The table itself is one array read top to bottom (src/cli/routes.c, where the layers meet):
 *
 *     { "GET", "/a/:id/:slug", page_article, 0 },
 *     { "POST", "/admin/articles/:id/edit", admin_editor_save, ROUTE_CSRF, CAP_WRITE },
 *
 * The dispatcher checks a route's flags and capabilities before its handler runs, so a handler
 * cannot forget to (Fossil makes each page check; a page that forgets is open).
 *
 * A pattern is literal segments, ":name" segments capturing one non-empty segment, and an
 * optional final "*name" capturing the rest of the path. A ":name" may stand between a literal
 * prefix and suffix within a segment ("/sitemap-articles-:n.xml" captures n = "2" from
 * /sitemap-articles-2.xml); a name is lower-case letters, digits and '_', and what it captures
 * is never empty. The first route whose method and
 * pattern both match wins. HEAD requests match GET routes (libmicrohttpd drops the body), and so
 * do OPTIONS requests, which the dispatcher answers itself (ROUTE_CORS).
 */
#ifndef SAHIFA_WEB_ROUTE_H
#define SAHIFA_WEB_ROUTE_H

#include "web/req.h"

enum route_flags {
    ROUTE_API = 1 << 0,   /* errors answer as JSON objects instead of the Arabic page */
    ROUTE_LOGIN = 1 << 1, /* a logged-in user is needed: others go to the login page */
    ROUTE_CSRF = 1 << 2,  /* a POST must carry the session's CSRF token (403 otherwise) */
    /* For programs: a bearer token (Authorization: Bearer, never the session cookie) whose
     * user's role and scope both give the route's capabilities (401, 403 otherwise) */
    ROUTE_TOKEN = 1 << 3,
    /* A public read other sites' pages may make: its answers carry Access-Control-Allow-Origin
     * when the server is configured with an origin, and OPTIONS is answered as a preflight */
    ROUTE_CORS = 1 << 4,
    /* A form whose text must survive an expired session or form: when a POST is refused for
     * want of either, the server's keep_form hook keeps what was sent (web/server.h) */
    ROUTE_KEEP = 1 << 5,
    /* A multipart/form-data upload (web/upload.h): its body may reach the server's
     * max_upload_bytes and is streamed, the file to a temporary file */
    ROUTE_UPLOAD = 1 << 6,
    /* The same answer for every reader who is not logged in: kept by the page cache
     * (web/cache.h), and sent with the public Cache-Control of the site's settings */
    ROUTE_PUBLIC = 1 << 7,
};

/* Returns 0 when the response is ready, or req_fail()'s -1. */
typedef int (*route_handler)(struct req *r);

struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
    unsigned flags;
    unsigned caps; /* capabilities the user needs (web/auth.h), all of them; implies login, or
                    * with ROUTE_TOKEN a token */
};

/* A table ends with an entry whose pattern is NULL. */
enum route_match_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for r->method and r->path, setting r->route and the captured parameters
 * (values in r->arena). ROUTE_NO_METHOD when a pattern matched but for other methods only. */
enum route_match_result route_match(const struct route *table, struct req *r);

#endif
