/*
 * req.h: one HTTP request and its response, as handlers see them.
 *
 * web/server.c makes a struct req for every request, fills the request half, runs the route's
 * handler and sends the response half. Everything hanging off a req is allocated from r->arena
 * (or registered there with arena_defer) and released in one go when the response is done.
 */
#ifndef SAHIFA_WEB_REQ_H
#define SAHIFA_WEB_REQ_H

#include "base/arena.h"
#include "base/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct MHD_Connection;
struct cache_req;
struct db;
struct route;

enum { REQ_MAX_PARAMS = 4 };

struct req_header {
    struct req_header *next;
    const char *name, *value;
};

/* The logged-in user of a request (web/auth.c), in the request's arena: by a session, or by an
 * API token (session_id 0, csrf "", caps those of the role that the token's scope allows). */
struct req_user {
    int64_t id, session_id;
    const char *login, *name, *slug, *role;
    unsigned caps; /* CAP_* (web/auth.h) */
    const char *csrf;
};

struct req {
    struct arena arena;

    /* The request. */
    const char *method;  /* "GET", "HEAD", "POST", ... */
    const char *path;    /* percent-decoded path, valid UTF-8 (checked before dispatch) */
    const char *raw_uri; /* as sent, for the access log */
    const char *version; /* "HTTP/1.1" */
    const char *client;  /* client address as text */
    const char *user_agent, *referer; /* "" when absent */
    struct buf body;                  /* request body (bounded by the body limit) */
    bool body_too_large;
    struct req_header *form; /* the body's form fields, once req_form() has parsed it */
    bool form_parsed, form_bad;
    /* ROUTE_UPLOAD routes (web/upload.h): the field "file" in a temporary file (NULL: none
     * came), its size, the name the browser gave it (or NULL); upload_failed when it could not
     * be written. */
    struct upload *upload;
    const char *upload_path, *upload_name;
    size_t upload_size;
    bool upload_failed;
    struct MHD_Connection *conn;
    struct db *db; /* this thread's connection; never NULL inside a handler */
    time_t now;    /* when the request arrived */
    const struct route *route;
    struct req_user *user; /* NULL: nobody is logged in (or the route did not ask) */
    const char *param_names[REQ_MAX_PARAMS];
    const char *param_values[REQ_MAX_PARAMS];
    int nparams;

    /* The response. */
    int status;               /* 200 unless set */
    const char *content_type; /* "text/html; charset=utf-8" unless set */
    struct buf out;           /* the body */
    int file_fd;              /* > 0: the body is this file instead (sent with sendfile and
                               * closed by the server), of file_size bytes */
    size_t file_size;
    struct req_header *headers;
    const char *error_code;    /* set by req_fail: "not_found", ... */
    const char *error_message; /* set by req_fail: what to tell the reader, in Arabic */
    const char *error_field;   /* set by API handlers: the request's field at fault, or NULL */
    int64_t view_article;      /* an article id to count a view of once the response is sent */
    /* What the response's Content-Security-Policy allows beyond the strict default
     * (docs/SECURITY.md, rule 9): REQ_CSP_SCRIPTS, the site's own scripts and requests back to
     * it; csp_frames, origins (space-separated) that frames may load, or NULL. */
    unsigned csp;
    const char *csp_frames;

    /* A deferred answer (req_defer()). */
    void (*defer_start)(struct req *r);
    int (*defer_finish)(struct req *r);
    void *defer_ctx; /* what the deferred work and its finish share (in the arena) */
    /* The page cache's (web/cache.c): its state for this request, and the hook req_query()
     * tells the name of each argument a handler reads while a cacheable answer is rendered. */
    struct cache_req *cache;
    void (*on_query)(struct req *r, const char *name);

    /* Bookkeeping of web/server.c. */
    struct timespec started;
    int refused; /* a status decided from the request line alone (414), answered with the head */
    const char *target_end; /* where libmicrohttpd's copy of the target ended, in on_uri() */
    bool raw_nul;           /* the target held a NUL byte (400) */
    bool dispatched;
    size_t bytes_sent;
};

enum { REQ_CSP_SCRIPTS = 1 << 0 };

/* A query-string argument, percent-decoded, or NULL when absent. Handlers read arguments only
 * through this, so the page cache knows which ones an answer depends on. */
const char *req_query(struct req *r, const char *name);
/* A cookie's value, or NULL when absent. */
const char *req_cookie(struct req *r, const char *name);
/* A request header (case-insensitive name), or NULL when absent. */
const char *req_header(struct req *r, const char *name);
/* A field of an application/x-www-form-urlencoded body (percent-decoded, '+' as space), or
 * NULL when absent. The body is parsed on first use; a body that is not a form, or with a
 * field that is not valid UTF-8 once decoded or holds a NUL, or whose name holds a control
 * character, has no fields and makes req_form_bad() true (the server answers such a form 400
 * before any handler runs). The first of repeated fields wins. */
const char *req_form(struct req *r, const char *name);
bool req_form_bad(struct req *r);
/* The value captured by ":name" in the route pattern, or NULL. */
const char *req_param(struct req *r, const char *name);

/*
 * Answers later, without holding a server thread: once the handler has returned, the
 * connection is suspended and start(r) is called, which hands the work to another thread; that
 * thread calls req_resume(r) when it is done, and finish(r) then makes the answer on a server
 * thread, as a handler would (returning 0 or req_fail()'s -1). For work that takes seconds
 * (processing an uploaded photo). The request and its arena live until the answer is sent.
 */
void req_defer(struct req *r, void (*start)(struct req *r), int (*finish)(struct req *r));
/* Lets a deferred request go on to its finish (callable from any thread, once). */
void req_resume(struct req *r);

/* Adds a response header; name and value must outlive the request (literals or arena). */
void req_add_header(struct req *r, const char *name, const char *value);
/* Answers with a redirect to location (a path or URL, percent-encoded: HTTP headers are
 * ASCII). Returns 0, for `return req_redirect(...)` in handlers. */
int req_redirect(struct req *r, int status, const char *location);
/*
 * Marks the request failed with an HTTP status and an error code ("not_found", "bad_request",
 * ...); message is what the reader is told, in Arabic, or NULL for the status's standard
 * message. One renderer (the server's error hook) turns this into the Arabic error page or the
 * JSON error object. Returns -1, for `return req_fail(...)` in handlers.
 */
int req_fail(struct req *r, int status, const char *code, const char *message);

/* A strong ETag ("…", quotes included) for the n bytes at p: their XXH3 hash in hex. Every
 * ETag the server gives is made here, so a handler can tell whether a client's If-Match names
 * the representation it would send now. In the arena. */
const char *req_etag(struct req *r, const void *p, size_t n);

/* True for a host fit to build URLs with: letters, digits, dots, hyphens, a port, or an IPv6
 * literal in brackets, at most 255 bytes (anything else, such as an attacker's Host header, is
 * not to be used). */
bool req_plain_host(const char *h);

/* The standard Arabic title for an error status («الصفحة غير موجودة» for 404, ...). */
const char *req_status_title(int status);

#endif
