/*
 * server.h: the HTTP server (libmicrohttpd, a thread pool on epoll).
 */
#ifndef SAHIFA_WEB_SERVER_H
#define SAHIFA_WEB_SERVER_H

#include "web/route.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct server_config {
    const char *listen;              /* "ADDR:PORT" or "[ADDR6]:PORT"; port 0 picks a free one */
    const struct route *routes;      /* the route table */
    int threads;                     /* worker threads; 0: one per CPU */
    unsigned max_connections;        /* open connections in all */
    unsigned per_client_connections; /* open connections from one address (web/guard.h) */
    unsigned busy_connections;       /* open connections from which the server is busy */
    unsigned per_client_busy;        /* from one address for a new one to be let in, busy */
    unsigned idle_timeout;           /* seconds a connection may sit idle */
    unsigned head_timeout;           /* seconds for a whole request head (web/guard.h) */
    unsigned keep_alive_busy;        /* seconds for the next head on a kept-alive
                                      * connection while busy */
    size_t body_min_rate;            /* bytes a second a body must average */
    size_t max_header_bytes;         /* request line and headers together (431 beyond) */
    size_t max_uri_bytes;            /* the request target (414 beyond) */
    unsigned max_query_args;         /* query arguments (414 beyond) */
    size_t max_body_bytes;           /* request body (413 beyond) */
    size_t max_upload_bytes;         /* the body of a ROUTE_UPLOAD route (413 beyond) */
    const char *trusted_proxy;       /* a reverse proxy's address: its X-Forwarded-For is
                                      * believed for the client address; NULL: none */
    const char *cache_control;       /* Cache-Control of public pages (ROUTE_PUBLIC) for
                                      * readers who are not logged in; NULL: no-cache */
    const char *inline_styles;       /* CSP sources of the <style> elements pages carry
                                      * ('sha256-…'); NULL: none */
    /* What ROUTE_CORS answers give as Access-Control-Allow-Origin now: "*" or one origin;
     * NULL or "" (or no function): no CORS headers. Asked at each request, so a changed
     * setting applies at once. */
    const char *(*cors_origin)(void);
    /* For a GET that found nothing (404): where the path lives now (a local path, e.g. from a
     * renamed category), or NULL. The answer is then 301 there. */
    const char *(*moved_to)(struct req *r);
    /* Renders the HTML page for a failed request (r->status, r->error_message set) into
     * r->out. API routes get a JSON error object instead, made by the server. */
    void (*render_error)(struct req *r);
    /* For a ROUTE_KEEP POST refused for want of a live session or a good CSRF token (code
     * "login_required" or "bad_csrf"): keeps what was sent and renders the answer into r->out
     * (its status set), so a writer whose session ended loses no text. NULL: the plain 403. */
    void (*keep_form)(struct req *r, const char *code);
    /* Called once "listening on" is written, for what to say only when the server runs (a
     * warning about the configuration); NULL: nothing. */
    void (*listening)(void);
};

/* Adds what every answer carries, made here or kept by the page cache: nosniff, the
 * Referrer-Policy, the Content-Security-Policy csp (server_csp()) and, when cors is set (a
 * ROUTE_CORS route) and the server has an origin to allow, the CORS headers. */
void server_common_headers(struct MHD_Response *resp, bool cors, const char *csp);
/* The Content-Security-Policy of r's answer (docs/SECURITY.md, rule 9), from r->csp and
 * r->csp_frames; in r's arena. */
const char *server_csp(struct req *r);
/* The Arabic message of a 413 for an upload over limit bytes, in the request's arena. */
const char *server_upload_too_large(struct req *r, size_t limit);

/* Defaults for every limit above (documented in docs/SECURITY.md). */
void server_config_defaults(struct server_config *cfg);

/*
 * Serves until SIGTERM or SIGINT. Writes "listening on http://ADDR:PORT" on stderr once the
 * socket is bound, then releases messages held by log_hold(), starts the background jobs
 * (web/tick.h), and on the signal: stops accepting, lets requests in flight finish (up to 10
 * seconds), stops the workers, runs the background jobs a last time (flushing counters) and returns
 * 0. Returns 1 when the server cannot start (logged).
 */
int server_run(const struct server_config *cfg);

#endif
