/*
 * server.c: libmicrohttpd glue. A request's path through sahifa, step by step:
 *
 *  0. A connection is let in or refused by the connection guard (web/guard.h: per-address caps,
 *     on_accept()); on_connection() records it there, and the guard closes it when a request
 *     head or body takes longer than its deadline. Connections are also capped in all and by
 *     idle time (docs/SECURITY.md).
 *  1. libmicrohttpd parses the request line; on_uri() makes the struct req (web/req.h) with its
 *     arena and keeps the raw URI for the access log; a URI too long or with too many
 *     arguments is marked for 414 (and its arguments never reach libmicrohttpd's memory pool).
 *     Request line and headers together must fit in max_header_bytes (431).
 *  2. on_request(), first call: method, decoded path and headers are recorded; a request marked
 *     for 414, a head over max_header_bytes (431) and a declared body over max_body_bytes (413)
 *     are answered at once, the body unread.
 *  3. on_request(), further calls: the body is collected up to max_body_bytes; for a
 *     ROUTE_UPLOAD route it is parsed as it comes (web/upload.h), up to max_upload_bytes, the
 *     file into a temporary file.
 *  4. on_request(), last call: dispatch() refuses a malformed request (malformed(): invalid
 *     UTF-8 or control characters in the path or query, an encoded NUL, a missing or repeated
 *     Host, a form body that does not decode; 400), gets this thread's database connection
 *     (503 without one), finds the route in the table
 *     (web/route.c; 404, 405), answers OPTIONS itself (a CORS preflight for ROUTE_CORS
 *     routes, 405 for others), checks what the route requires (allowed(): a logged-in user,
 *     capabilities, the CSRF token; or for ROUTE_TOKEN a bearer token with the capabilities)
 *     and runs its handler, which fills r->out or calls req_fail().
 *     A handler that must wait for other work (processing a photo) defers its answer
 *     (req_defer()): the connection is suspended, the worker resumes it, and the handler's
 *     finish makes the answer on a server thread; no server thread waits meanwhile.
 *  5. A failed request is rendered once, by one renderer: the Arabic error page
 *     (config.render_error) or, for API routes, a JSON error object.
 *     A GET of a public page (ROUTE_PUBLIC) by a reader who is not logged in is looked up in the
 *     page cache first (web/cache.c): a hit is answered from memory without the handler.
 *  6. respond() sets Cache-Control (public pages: the site's public value; anything asked with
 *     the session cookie: private, no-store), keeps a public page's render in the cache, and
 *     queues the answer: from the cache's entry, or made here with the standard headers (type,
 *     security headers, CORS for ROUTE_CORS routes) and, by web/encode.c, its ETag (304 for a
 *     client that has it) and its compression by Accept-Encoding. An article page's view is
 *     counted in memory (web/views.c), on a cache hit as on a render.
 *  7. on_completed(): one access-log line; the arena is freed with everything in it. A request
 *     that libmicrohttpd ends without calling on_completed() is freed when its connection
 *     closes (on_connection()).
 */
#include "web/server.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/db.h"
#include "text/escape.h"
#include "web/accesslog.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/encode.h"
#include "web/guard.h"
#include "web/tick.h"
#include "web/upload.h"
#include "web/views.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const struct server_config *config;
static atomic_int in_flight;
static atomic_bool quiescing;

void server_config_defaults(struct server_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8080";
    cfg->max_connections = 4096;
    cfg->per_client_connections = 64;
    cfg->busy_connections = 3072;
    cfg->per_client_busy = 8;
    cfg->idle_timeout = 30;
    cfg->head_timeout = 10;
    cfg->keep_alive_busy = 2;
    cfg->body_min_rate = 16 * 1024;
    cfg->max_header_bytes = 32 * 1024;
    cfg->max_uri_bytes = 8 * 1024;
    cfg->max_query_args = 64;
    cfg->max_body_bytes = 1024 * 1024;
    cfg->max_upload_bytes = 25 * 1024 * 1024;
}

/* What server.c keeps per connection (libmicrohttpd's socket context): its record in the
 * guard, and the request in progress. */
struct conn {
    struct guard_conn *guard;
    struct req *req; /* from on_uri() to on_completed() */
};

static struct conn *conn_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof text);
    }
    return arena_strdup(a, text);
}

/* Behind a trusted reverse proxy, the reader is the last address the proxy added to
 * X-Forwarded-For (earlier entries come from the client and can be forged). */
static const char *forwarded_client(struct MHD_Connection *conn, struct arena *a, const char *peer)
{
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return peer;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
        last++;
    char text[INET6_ADDRSTRLEN + 1];
    size_t n = strcspn(last, " ");
    if (n == 0 || n >= sizeof text)
        return peer;
    memcpy(text, last, n);
    text[n] = 0;
    unsigned char addr[sizeof(struct in6_addr)];
    /* Only a well-formed address is believed. */
    if (inet_pton(AF_INET, text, addr) != 1 && inet_pton(AF_INET6, text, addr) != 1)
        return peer;
    return arena_strdup(a, text);
}

static struct req *req_new(const char *uri)
{
    struct req *r = xcalloc(1, sizeof *r);
    clock_gettime(CLOCK_MONOTONIC, &r->started);
    r->now = time(NULL);
    r->status = 200;
    r->raw_uri = arena_strdup(&r->arena, uri ? uri : "");
    return r;
}

/* The end of a request: its access-log line when it was answered, and its memory. */
static void req_end(struct req *r, bool answered)
{
    if (r->method) {
        if (answered)
            accesslog_write(r);
        atomic_fetch_sub(&in_flight, 1);
    }
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free(&r->arena);
    free(r);
}

/*
 * The query's arguments, counted before libmicrohttpd splits them. libmicrohttpd 0.9.75 stores
 * each argument in the connection's memory pool right after on_uri() returns; when the pool
 * runs out (some 250 arguments in 32 KiB) it queues a 431 but ignores the failure, goes on
 * waiting for headers in the read buffer it has just given up, and the client hears nothing
 * until it gives up; the connection then ends without the completion callback (the request
 * leaked before on_connection() freed it). So a URI longer than max_uri_bytes or with more
 * than max_query_args arguments has its query emptied here, where libmicrohttpd will look for
 * it: uri points into libmicrohttpd's request-line buffer, which it has already cut after the
 * target and searched for the '?', and a NUL just after the '?' leaves nothing to split. The
 * request is then answered 414 (on_request()).
 */
static bool query_refused(const char *uri)
{
    const char *q = uri ? strchr(uri, '?') : NULL;
    if (!q)
        return strlen(uri ? uri : "") > config->max_uri_bytes;
    unsigned args = 1;
    for (const char *p = q + 1; *p; p++)
        args += *p == '&';
    if (args <= config->max_query_args && strlen(uri) <= config->max_uri_bytes)
        return false;
    ((char *)q)[1] = 0;
    return true;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    struct req *r = req_new(uri);
    r->conn = conn;
    r->target_end = uri ? uri + strlen(uri) : NULL;
    if (query_refused(uri))
        r->refused = 414;
    struct conn *c = conn_of(conn);
    if (c)
        c->req = r;
    return r;
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)cls, (void)addrlen;
    return guard_admit(addr) ? MHD_YES : MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *addr =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        struct conn *c = xcalloc(1, sizeof *c);
        c->guard = guard_open(fd ? fd->connect_fd : -1, addr ? addr->client_addr : NULL);
        *socket_context = c;
        return;
    }
    struct conn *c = *socket_context;
    if (!c)
        return;
    /* libmicrohttpd 0.9.75 ends some failed requests by marking the connection closed, without
     * the completion callback (a second error while the first one's answer is queued, as when
     * the records of many headers no longer fit in its memory pool): such a request ends
     * here, unanswered. */
    if (c->req)
        req_end(c->req, false);
    guard_close(c->guard);
    free(c);
    *socket_context = NULL;
}

/* The API error object: {"error":{"code":"not_found","message":"..."}}, with "field" when the
 * handler named the request's field at fault. */
static void render_json_error(struct req *r)
{
    buf_reset(&r->out);
    buf_puts(&r->out, "{\"error\":{\"code\":\"");
    esc_json(&r->out, r->error_code, strlen(r->error_code));
    buf_puts(&r->out, "\",\"message\":\"");
    esc_json(&r->out, r->error_message, strlen(r->error_message));
    if (r->error_field) {
        buf_puts(&r->out, "\",\"field\":\"");
        esc_json(&r->out, r->error_field, strlen(r->error_field));
    }
    buf_puts(&r->out, "\"}}\n");
    r->content_type = "application/json";
}

/* Text of a URL or a header that must be one plain line: valid UTF-8, no control character. */
static bool plain_text(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return utf8_valid(s, n) && !utf8_has_any_controls(s, n);
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    bool *ok = cls;
    if (!plain_text(key) || !plain_text(value)) {
        *ok = false;
        return MHD_NO;
    }
    return MHD_YES;
}

struct host_count {
    int n;
    bool plain;
};

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    struct host_count *h = cls;
    if (key && strcasecmp(key, "Host") == 0) {
        h->n++;
        h->plain = h->plain && value && *value && plain_text(value);
    }
    return MHD_YES;
}

/* "%00" anywhere in the request target: libmicrohttpd decodes it into a NUL that would end the
 * path or an argument early (/robots.txt%00.html read as /robots.txt). A raw NUL byte is
 * found in on_request() (r->raw_nul). */
static bool has_encoded_nul(const char *uri)
{
    for (const char *p = strchr(uri, '%'); p; p = strchr(p + 1, '%'))
        if (p[1] == '0' && p[2] == '0')
            return true;
    return false;
}

static bool form_body(struct req *r)
{
    const char *type = req_header(r, "Content-Type");
    return type && strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0;
}

/*
 * What makes a request unfit before any route is looked at (400, docs/SECURITY.md rules 4, 30
 * and 31): a path or query argument that is not valid UTF-8 or holds a control character or an
 * encoded NUL; an HTTP/1.1 request without a Host header, any request with two, or a Host
 * that is not one plain line; a form body that does not decode (invalid UTF-8, a NUL, a control
 * character in a field's name: req_form_bad()), which would otherwise fail the CSRF check and
 * read as an expired form. Returns true after req_fail().
 */
static bool malformed(struct req *r)
{
    bool args_ok = true;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &args_ok);
    if (!plain_text(r->path) || !args_ok || r->raw_nul || has_encoded_nul(r->raw_uri)) {
        req_fail(r, 400, "bad_request",
                 "عنوان الطلب ليس نصًا صالحًا بترميز UTF-8، أو فيه محارف تحكّم.");
        return true;
    }
    struct host_count host = {0, true};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_host, &host);
    if (host.n > 1 || !host.plain || (host.n == 0 && strcmp(r->version, "HTTP/1.1") == 0)) {
        req_fail(r, 400, "bad_host", "يلزم الطلب ترويسة Host واحدة صالحة.");
        return true;
    }
    if (form_body(r) && req_form_bad(r)) {
        req_fail(r, 400, "bad_form", "بيانات النموذج ليست نصًا صالحًا بترميز UTF-8.");
        return true;
    }
    return false;
}

static bool is_api_path(const char *path)
{
    return strncmp(path, "/api/", 5) == 0;
}

/*
 * A ROUTE_TOKEN route's requirements: a bearer token (401 with WWW-Authenticate when it is
 * missing or not live), whose user's role and scope both give the route's capabilities (403).
 * No CSRF check: a bearer token is not sent by browsers on their own, as a cookie is.
 */
static bool token_allowed(struct req *r)
{
    const struct route *rt = r->route;
    enum auth_token_result t = auth_token_load(r);
    if (t == AUTH_TOKEN_MISSING) {
        req_add_header(r, "WWW-Authenticate", "Bearer realm=\"sahifa\"");
        req_fail(r, 401, "token_required", "أرسل رمز الوصول في الترويسة Authorization: Bearer.");
        return false;
    }
    if (t == AUTH_TOKEN_UNKNOWABLE) {
        req_fail(r, 503, "database_unavailable",
                 "قاعدة البيانات غير متاحة، أعد المحاولة بعد قليل.");
        return false;
    }
    if (t != AUTH_TOKEN_OK) {
        req_add_header(r, "WWW-Authenticate", "Bearer realm=\"sahifa\", error=\"invalid_token\"");
        req_fail(r, 401, "invalid_token", "رمز الوصول غير صالح أو أُلغي، أو عُطّل حساب صاحبه.");
        return false;
    }
    if ((r->user->caps & rt->caps) == rt->caps)
        return true;
    if ((auth_caps(r->user->role) & rt->caps) == rt->caps) {
        req_add_header(r, "WWW-Authenticate",
                       "Bearer realm=\"sahifa\", error=\"insufficient_scope\"");
        req_fail(r, 403, "insufficient_scope", "نطاق رمز الوصول لا يسمح بهذا الطلب.");
    } else {
        req_fail(r, 403, "forbidden", "دور صاحب رمز الوصول لا يسمح بهذا الطلب.");
    }
    return false;
}

/*
 * A route's requirements, checked here so that no handler can forget them: a logged-in user
 * (others are sent to the login page, or get 401 from the API), the capabilities the route
 * names (403), and for a POST the session's CSRF token (403); or a token (token_allowed()).
 * A session the database cannot read answers 503: its reader is neither logged in nor out, and
 * sending them to the login page (or a 401) would say they were.
 */
static bool allowed(struct req *r)
{
    const struct route *rt = r->route;
    if (rt->flags & ROUTE_TOKEN)
        return token_allowed(r);
    if (!(rt->flags & (ROUTE_LOGIN | ROUTE_CSRF)) && !rt->caps)
        return true;
    if (auth_load(r) == AUTH_SESSION_UNKNOWABLE) {
        req_fail(r, 503, "database_unavailable",
                 "قاعدة البيانات غير متاحة، أعد المحاولة بعد قليل.");
        return false;
    }
    if (!r->user) {
        if (rt->flags & ROUTE_API) {
            req_fail(r, 401, "login_required", "سجّل الدخول أولًا.");
        } else if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
            struct buf loc = BUF_INIT;
            buf_puts(&loc, "/admin/login?next=");
            esc_url(&loc, r->raw_uri, strlen(r->raw_uri));
            req_redirect(r, 303, arena_strdup(&r->arena, buf_str(&loc)));
            buf_free(&loc);
        } else if ((rt->flags & ROUTE_KEEP) && config->keep_form) {
            config->keep_form(r, "login_required");
        } else {
            req_fail(r, 403, "login_required", "انتهت جلستك. سجّل الدخول من جديد.");
        }
        return false;
    }
    if ((r->user->caps & rt->caps) != rt->caps) {
        req_fail(r, 403, "forbidden", "لا تملك صلاحية هذه الصفحة.");
        return false;
    }
    if ((rt->flags & ROUTE_CSRF) && strcmp(r->method, "POST") == 0 && !auth_csrf_ok(r)) {
        if ((rt->flags & ROUTE_KEEP) && config->keep_form)
            config->keep_form(r, "bad_csrf");
        else
            req_fail(r, 403, "bad_csrf", "انتهت صلاحية النموذج. أعد تحميل الصفحة ثم حاول من جديد.");
        return false;
    }
    return true;
}

/* The allowed origin for this request's answer, or NULL. */
static const char *cors_origin(const struct req *r)
{
    if (!r->route || !(r->route->flags & ROUTE_CORS) || !config->cors_origin)
        return NULL;
    const char *origin = config->cors_origin();
    return origin && *origin ? origin : NULL;
}

static bool cors_on(const struct req *r)
{
    return cors_origin(r) != NULL;
}

/* OPTIONS: a CORS preflight for a ROUTE_CORS route (204, with what other sites' pages may ask
 * when CORS is configured; respond() adds the origin), 405 elsewhere. */
static void preflight(struct req *r)
{
    if (!(r->route->flags & ROUTE_CORS)) {
        req_fail(r, 405, "method_not_allowed", NULL);
        return;
    }
    r->status = 204;
    req_add_header(r, "Allow", "GET, HEAD, OPTIONS");
    if (cors_on(r)) {
        req_add_header(r, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        req_add_header(r, "Access-Control-Allow-Headers", "If-None-Match");
        req_add_header(r, "Access-Control-Max-Age", "86400");
    }
}

/* A failed request's body: the Arabic error page, or a JSON error object for the API. */
static void render_failure(struct req *r)
{
    bool api = r->route ? (r->route->flags & ROUTE_API) : is_api_path(r->path);
    if (api || !config->render_error)
        render_json_error(r);
    else
        config->render_error(r);
}

static void dispatch(struct req *r)
{
    if (malformed(r)) {
        /* failed: rendered below */
    } else if (r->body_too_large) {
        req_fail(r, 413, "too_large",
                 r->upload ? server_upload_too_large(r, config->max_upload_bytes) : NULL);
    } else if (!(r->db = db_thread())) {
        req_fail(r, 503, "unavailable", NULL);
    } else {
        switch (route_match(config->routes, r)) {
        case ROUTE_FOUND:
            if (strcmp(r->method, "OPTIONS") == 0)
                preflight(r);
            else if (allowed(r) && (atomic_load(&quiescing) || !cache_lookup(r)))
                r->route->handler(r);
            break;
        case ROUTE_NO_METHOD: req_fail(r, 405, "method_not_allowed", NULL); break;
        case ROUTE_NO_PATH: req_fail(r, 404, "not_found", NULL); break;
        }
    }
    if (r->status == 404 && config->moved_to && strcmp(r->method, "GET") == 0 && r->db) {
        const char *to = config->moved_to(r);
        if (to) {
            r->error_code = NULL;
            req_redirect(r, 301, to);
        }
    }
    if (r->error_code)
        render_failure(r);
}

/* A POST to a ROUTE_UPLOAD route: its body is streamed (web/upload.h), up to the larger cap. */
static bool upload_route(struct req *r)
{
    bool upload = strcmp(r->method, "POST") == 0 && route_match(config->routes, r) == ROUTE_FOUND &&
                  (r->route->flags & ROUTE_UPLOAD);
    r->route = NULL; /* matched again by dispatch() */
    return upload;
}

const char *server_upload_too_large(struct req *r, size_t limit)
{
    return arena_printf(&r->arena,
                        "الملف أكبر من الحد المسموح به للرفع (%zu ميغابايت). صغّره ثم ارفعه.",
                        limit / (1024 * 1024));
}

static bool has_header(const struct req *r, const char *name)
{
    for (const struct req_header *h = r->headers; h; h = h->next)
        if (strcasecmp(h->name, name) == 0)
            return true;
    return false;
}

void server_common_headers(struct MHD_Response *resp, bool cors, const char *csp)
{
    const char *origin = cors && config->cors_origin ? config->cors_origin() : NULL;
    if (origin && *origin) {
        /* The same for every origin, so caches need not vary on Origin. */
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
        MHD_add_response_header(resp, "Access-Control-Expose-Headers", "ETag");
    }
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
}

/* Cache-Control, when the handler said nothing: a public page's 200 gets the site's public
 * value; anything asked with the session cookie is private, no-store, whatever the handler
 * said, but for immutable static files, which are the same for everyone. */
static void cache_control(struct req *r)
{
    struct req_header *cc = NULL;
    for (struct req_header *h = r->headers; h; h = h->next)
        if (strcasecmp(h->name, "Cache-Control") == 0)
            cc = h;
    if (auth_has_cookie(r)) {
        if (cc && !strstr(cc->value, "immutable"))
            cc->value = "private, no-store";
        else if (!cc)
            req_add_header(r, "Cache-Control", "private, no-store");
    } else if (!cc && r->status == 200 && r->route && (r->route->flags & ROUTE_PUBLIC) &&
               config->cache_control) {
        req_add_header(r, "Cache-Control", config->cache_control);
    }
}

/*
 * The Content-Security-Policy, made here alone (docs/SECURITY.md, rule 9): nothing runs, loads
 * or frames but what the site serves itself, styles (and the theme's inline stylesheet, by its
 * hash) and images; a page that needs the site's own scripts (the newsroom's editor, an article
 * page's comment form, a live page, embeds) says so with REQ_CSP_SCRIPTS, which allows scripts
 * from the site and requests back to it, never inline code; a page that embeds a video or a
 * post names that provider's frame origin in csp_frames, and only then may it frame anything.
 */
const char *server_csp(struct req *r)
{
    const char *styles = config->inline_styles;
    return arena_printf(
        &r->arena,
        "default-src 'none'; style-src 'self'%s%s; img-src 'self' https: data:; font-src 'self';"
        "%s%s form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        styles ? " " : "", styles ? styles : "",
        (r->csp & REQ_CSP_SCRIPTS) ? " script-src 'self'; connect-src 'self';" : "",
        r->csp_frames ? arena_printf(&r->arena, " frame-src %s;", r->csp_frames) : "");
}

static enum MHD_Result respond(struct req *r)
{
    if (!cache_has_entry(r)) {
        cache_control(r);
        cache_store(r); /* a public page rendered for the cache: kept, and answered from it */
    }
    if (cache_has_entry(r))
        return cache_respond(r);
    encode_response(r);
    size_t len = r->out.len;
    struct MHD_Response *resp;
    if (r->file_fd > 0) {
        /* A stored file (a photo): the kernel copies it to the socket. */
        len = r->file_size;
        resp = MHD_create_response_from_fd(len, r->file_fd);
        if (!resp) {
            close(r->file_fd);
            return MHD_NO;
        }
    } else {
        char *body = buf_detach(&r->out, NULL);
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp) {
            free(body);
            return MHD_NO;
        }
    }
    if (r->status != 204 && r->status != 304 && r->status != 301 && r->status != 302 &&
        r->status != 303)
        MHD_add_response_header(resp, "Content-Type",
                                r->content_type ? r->content_type : "text/html; charset=utf-8");
    for (const struct req_header *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    if (!has_header(r, "Cache-Control"))
        MHD_add_response_header(resp, "Cache-Control",
                                r->status == 200 || r->status == 304 ? "no-cache" : "no-store");
    server_common_headers(resp, cors_on(r), server_csp(r));
    if (r->status == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD, POST");
    if (atomic_load(&quiescing))
        MHD_add_response_header(resp, "Connection", "close");
    r->bytes_sent = strcmp(r->method, "HEAD") == 0 ? 0 : len;
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Answers from the head alone (414, 431, 413), before any body is read; when one was announced,
 * libmicrohttpd closes the connection after the answer. message: as req_fail()'s. */
static enum MHD_Result refuse(struct conn *c, struct req *r, int status, const char *code,
                              const char *message)
{
    guard_responding(c ? c->guard : NULL);
    r->dispatched = true;
    req_fail(r, status, code, message);
    render_failure(r);
    return respond(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    struct req *r = *con_cls;
    if (!r) /* no URI callback (should not happen): make one now */
        *con_cls = r = req_new(url);
    struct conn *c = conn_of(conn);
    if (!r->dispatched && !r->method) {
        atomic_fetch_add(&in_flight, 1);
        r->conn = conn;
        r->method = arena_strdup(&r->arena, method);
        r->path = arena_strdup(&r->arena, url);
        r->version = arena_strdup(&r->arena, version);
        /* libmicrohttpd ends the target where it found the space before the version, and
         * passes both as pointers into its request-line buffer: a target that stops earlier
         * held a raw NUL byte, which would cut the path short as %00 would. */
        r->raw_nul = *version && r->target_end && version != r->target_end + 1;
        r->client = client_address(conn, &r->arena);
        if (config->trusted_proxy && strcmp(r->client, config->trusted_proxy) == 0)
            r->client = forwarded_client(conn, &r->arena, r->client);
        const char *ua = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");
        const char *ref = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Referer");
        r->user_agent = arena_strdup(&r->arena, ua ? ua : "");
        r->referer = arena_strdup(&r->arena, ref ? ref : "");
        guard_head_done(c ? c->guard : NULL);
        if (r->refused)
            return refuse(c, r, r->refused, "uri_too_long", NULL);
        const union MHD_ConnectionInfo *head =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (head && head->header_size > config->max_header_bytes)
            return refuse(c, r, 431, "headers_too_large", NULL);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        bool upload = upload_route(r);
        size_t limit = upload ? config->max_upload_bytes : config->max_body_bytes;
        if (cl && strtoull(cl, NULL, 10) > limit)
            return refuse(c, r, 413, "too_large",
                          upload ? server_upload_too_large(r, limit) : NULL);
        if (upload)
            upload_begin(r);
        return MHD_YES;
    }
    if (*upload_data_size && r->upload) {
        guard_body(c ? c->guard : NULL, *upload_data_size);
        upload_feed(r, upload_data, *upload_data_size, config->max_upload_bytes);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        guard_body(c ? c->guard : NULL, *upload_data_size);
        if (!r->body_too_large && r->body.len + *upload_data_size <= config->max_body_bytes)
            buf_append(&r->body, upload_data, *upload_data_size);
        else
            r->body_too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->defer_finish && r->dispatched && !r->defer_start) {
        /* Resumed (req_resume()): the deferred handler's answer. */
        int (*finish)(struct req *) = r->defer_finish;
        r->defer_finish = NULL;
        finish(r);
        if (r->error_code)
            render_failure(r);
        return respond(r);
    }
    if (r->dispatched)
        return MHD_YES;
    r->dispatched = true;
    guard_responding(c ? c->guard : NULL);
    if (r->upload)
        upload_end(r);
    dispatch(r);
    if (r->defer_start && !r->error_code) {
        void (*start)(struct req *) = r->defer_start;
        r->defer_start = NULL;
        MHD_suspend_connection(conn);
        start(r);
        return MHD_YES;
    }
    enum MHD_Result ret = respond(r);
    if (r->view_article && r->status == 200 && strcmp(r->method, "GET") == 0)
        views_hit(r->view_article, r->client, r->user_agent, r->now);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)toe;
    struct req *r = *con_cls;
    if (!r)
        return;
    struct conn *c = conn_of(conn);
    if (c) {
        c->req = NULL;
        guard_idle(c->guard);
    }
    req_end(r, true);
    *con_cls = NULL;
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT" into *ss: a numeric address, and a port of 1 to 5 digits
 * from 0 to 65535 (0: the system picks a free one). getaddrinfo() alone would take 99999 as
 * 34463 (the number modulo 65536). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return -1;
    size_t digits = strspn(colon + 1, "0123456789");
    if (digits == 0 || digits > 5 || colon[1 + digits] || atol(colon + 1) > 65535)
        return -1;
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    char *h = host;
    size_t hl = strlen(h);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h[hl - 1] = 0;
        h++;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(h, colon + 1, &hints, &res) != 0 || !res)
        return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

/* A socket bound to ss and listening, or -1 with errno set. sahifa binds it itself, so that a
 * failure is said once, naming the address (libmicrohttpd's own message names port 0 when it
 * is handed an address). */
static int open_listener(const struct sockaddr_storage *ss, socklen_t len)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (ss->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, SOMAXCONN) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* What to add to strerror() when the socket cannot be had. */
static const char *listen_hint(int e)
{
    switch (e) {
    case EADDRINUSE: return " (another program listens there: stop it or choose another port)";
    case EACCES: return " (ports below 1024 need privileges: use a higher port behind a proxy)";
    case EADDRNOTAVAIL: return " (not an address of this machine)";
    default: return "";
    }
}

/* "listening on http://ADDR:PORT", with the port the socket got (port 0 picks one). */
static void print_listening(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        fprintf(stderr, "listening on http://[%s]:%u\n", host, (unsigned)ntohs(a->sin6_port));
    } else {
        const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        fprintf(stderr, "listening on http://%s:%u\n", host, (unsigned)ntohs(a->sin_port));
    }
    fflush(stderr);
}

/*
 * libmicrohttpd's messages are mostly about one connection each: a client that left early, a
 * head too large. A flood of such clients must not become a flood of log lines, so at most
 * MHD_LOG_PER_SECOND of them are written a second, and how many were left out is said with
 * the next one written.
 */
enum { MHD_LOG_PER_SECOND = 10 };

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static time_t second;
    static unsigned written, left_out;
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        text[--n] = 0;
    time_t now = time(NULL);
    unsigned skipped = 0;
    pthread_mutex_lock(&lock);
    if (now != second) {
        second = now;
        written = 0;
    }
    bool write = written < MHD_LOG_PER_SECOND;
    if (write) {
        written++;
        skipped = left_out;
        left_out = 0;
    } else {
        left_out++;
    }
    pthread_mutex_unlock(&lock);
    if (skipped)
        log_info("libmicrohttpd: %u more messages left out", skipped);
    if (write)
        log_info("libmicrohttpd: %s", text);
}

static void wait_for_in_flight(void)
{
    for (int i = 0; i < 1000 && atomic_load(&in_flight) > 0; i++)
        usleep(10 * 1000);
    if (atomic_load(&in_flight) > 0)
        log_warn("stopping with %d requests still in flight", atomic_load(&in_flight));
}

int server_run(const struct server_config *cfg)
{
    config = cfg;
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(cfg->listen, &ss, &sslen) != 0) {
        log_error("cannot listen on %s: expected ADDR:PORT, a numeric address and a port from 1 "
                  "to 65535 (0 picks a free one), e.g. 127.0.0.1:8080 or [::1]:8080",
                  cfg->listen);
        log_release();
        return 1;
    }
    int listener = open_listener(&ss, sslen);
    if (listener < 0) {
        int e = errno;
        log_error("cannot listen on %s: %s%s", cfg->listen, strerror(e), listen_hint(e));
        log_release();
        return 1;
    }
    /* Signals go to sigwait() below, never to a worker thread: block them before any thread
     * starts (threads inherit the mask). */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned threads =
        cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct guard_limits limits = {
        .max_connections = cfg->max_connections,
        .per_client = cfg->per_client_connections,
        .busy_at = cfg->busy_connections,
        .per_client_busy = cfg->per_client_busy,
        .head_timeout = cfg->head_timeout,
        .keep_alive_busy = cfg->keep_alive_busy,
        .body_min_rate = cfg->body_min_rate,
        .exempt = cfg->trusted_proxy,
    };
    unsigned max_connections = guard_init(&limits);
    /* Each connection's memory pool holds its read buffer (half of it at first: the head's
     * max_header_bytes) and libmicrohttpd's records of headers, arguments and cookies (64
     * bytes each) and of the response headers, in the other half. Per-address caps are the
     * guard's (on_accept()), not libmicrohttpd's, so the trusted proxy can be exempt. */
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, on_accept, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, listener, MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 1u,
        MHD_OPTION_CONNECTION_LIMIT, max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
        cfg->idle_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * cfg->max_header_bytes,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_END);
    if (!d) {
        log_error("cannot serve on %s: %s", cfg->listen, strerror(errno));
        close(listener);
        log_release();
        return 1;
    }
    print_listening(listener);
    if (cfg->listening)
        cfg->listening();
    log_release();
    tick_add("guard", guard_sweep, 1);
    tick_start();

    int sig = 0;
    sigwait(&stop_signals, &sig);
    log_info("%s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&quiescing, true);
    /* libmicrohttpd stops polling the listening socket and hands it back: closing it makes
     * new connections fail at once instead of waiting in the kernel's backlog. */
    if (MHD_quiesce_daemon(d) != MHD_INVALID_SOCKET)
        close(listener);
    wait_for_in_flight();
    MHD_stop_daemon(d);
    tick_stop();
    log_info("stopped");
    return 0;
}
