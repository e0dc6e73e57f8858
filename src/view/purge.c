/* purge.c: the paths a change made stale, logged or sent to the CDN (see purge.h). */
#include "view/purge.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store.h"
#include "text/escape.h"
#include "view/site.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { BATCH = 1000, KEEP = 10000, PRUNE_EVERY = 60, SEND_MS = 5000, LOG_LINE = 1800 };

/* The tick thread's alone. */
static int64_t seen = -1;
static time_t pruned_at;

void purge_start(struct db *db)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (store_generation(db, &seen) != DB_OK)
        seen = -1; /* the first tick tries again */
}

static void add(json_t *set, const char *path)
{
    json_object_set_new(set, path, json_true());
}

/* prefix + slug percent-encoded, with each of suffixes in turn. */
static void add_listing(json_t *set, const char *prefix, const char *slug)
{
    if (!slug || !*slug)
        return;
    static const char *const suffixes[] = {"", "/feed", "/feed/atom"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        struct buf p = BUF_INIT;
        buf_puts(&p, prefix);
        esc_uri(&p, slug, strlen(slug));
        buf_puts(&p, suffixes[i]);
        add(set, buf_str(&p));
        buf_free(&p);
    }
}

void purge_article_paths(struct db *db, int64_t id, json_t *set)
{
    json_t *a = NULL;
    int rc = store_article_get(db, id, &a);
    if (rc != DB_OK) {
        /* Gone (DB_DONE): its paths are unknown now. A failed read: the same, to be safe. */
        add(set, "/.*");
        return;
    }
    static const char *const site[] = {
        "/",
        "/feed",
        "/feed/atom",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-articles-1.xml",
        "/api/v1/articles",
        "/api/v1/most-read",
    };
    for (size_t i = 0; i < sizeof site / sizeof *site; i++)
        add(set, site[i]);
    const char *slug = json_string_value(json_object_get(a, "slug"));
    struct buf p = BUF_INIT;
    buf_printf(&p, "/a/%lld/", (long long)id);
    esc_uri(&p, slug ? slug : "", slug ? strlen(slug) : 0);
    add(set, buf_str(&p));
    buf_reset(&p);
    buf_printf(&p, "/a/%lld", (long long)id);
    add(set, buf_str(&p));
    buf_reset(&p);
    buf_printf(&p, "/api/v1/articles/%lld", (long long)id);
    add(set, buf_str(&p));
    buf_puts(&p, "/comments");
    add(set, buf_str(&p));
    buf_free(&p);
    add_listing(set, "/c/",
                json_string_value(json_object_get(json_object_get(a, "category"), "slug")));
    add_listing(set, "/u/",
                json_string_value(json_object_get(json_object_get(a, "author"), "slug")));
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t)
        add_listing(set, "/t/", json_string_value(json_object_get(t, "slug")));
    json_decref(a);
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data, (void)ctx;
    return size * n;
}

/* The URL of template with {path} replaced by path. */
static void fill_template(struct buf *url, const char *template, const char *path)
{
    const char *at = strstr(template, "{path}");
    if (!at) {
        buf_puts(url, template);
        return;
    }
    buf_append(url, template, (size_t)(at - template));
    buf_puts(url, path);
    buf_puts(url, at + 6);
}

/* One request a path, all at once, SEND_MS in all. A 404 is no failure: the CDN had nothing
 * under that path. */
static void send_all(const char *template, const char *method, json_t *set)
{
    CURLM *m = curl_multi_init();
    if (!m)
        return;
    CURL **handles = xcalloc(json_object_size(set), sizeof *handles);
    size_t n = 0;
    const char *path;
    json_t *v;
    json_object_foreach(set, path, v) {
        CURL *h = curl_easy_init();
        if (!h)
            continue;
        handles[n++] = h;
        struct buf url = BUF_INIT;
        fill_template(&url, template, path);
        curl_easy_setopt(h, CURLOPT_URL, buf_str(&url));
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)SEND_MS);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(h, CURLOPT_USERAGENT, "sahifa-purge");
        curl_multi_add_handle(m, h);
        buf_free(&url);
    }
    int running = 1;
    while (running) {
        if (curl_multi_perform(m, &running) != CURLM_OK)
            break;
        if (running && curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
            break;
    }
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *h = msg->easy_handle;
        long status = 0;
        char *url = NULL;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url);
        if (msg->data.result != CURLE_OK)
            log_warn("purge %s %s: %s", method, url ? url : "",
                     curl_easy_strerror(msg->data.result));
        else if (status >= 400 && status != 404)
            log_warn("purge %s %s: HTTP %ld", method, url ? url : "", status);
    }
    for (size_t i = 0; i < n; i++) {
        curl_multi_remove_handle(m, handles[i]);
        curl_easy_cleanup(handles[i]);
    }
    free(handles);
    curl_multi_cleanup(m);
}

/* "purge PATH PATH...", as many lines as it takes to stay within a log line's length. */
static void log_paths(json_t *set)
{
    struct buf line = BUF_INIT;
    const char *path;
    json_t *v;
    json_object_foreach(set, path, v) {
        if (line.len && line.len + strlen(path) > LOG_LINE) {
            log_info("purge%s", buf_str(&line));
            buf_reset(&line);
        }
        buf_putc(&line, ' ');
        buf_puts(&line, path);
    }
    if (line.len)
        log_info("purge%s", buf_str(&line));
    buf_free(&line);
}

void purge_tick(struct db *db, time_t now)
{
    if (seen < 0 && store_generation(db, &seen) != DB_OK) {
        seen = -1;
        return;
    }
    const char *how = json_string_value(json_object_get(site_get()->settings, "cdn_purge"));
    if (!how || !*how) {
        /* Nothing to tell: the changes are only kept short. */
        int64_t g;
        if (store_generation(db, &g) == DB_OK)
            seen = g;
    } else {
        json_t *rows = NULL;
        if (store_changes_since(db, seen, BATCH, &rows) != DB_OK)
            return; /* logged; the next tick tries again */
        json_t *set = json_object();
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row) {
            json_t *article = json_object_get(row, "article_id");
            if (json_is_integer(article))
                purge_article_paths(db, json_integer_value(article), set);
            else
                add(set, "/.*");
            seen = json_integer_value(json_object_get(row, "generation"));
        }
        json_decref(rows);
        if (json_object_get(set, "/.*")) {
            /* Everything: no path needs naming besides. */
            json_object_clear(set);
            add(set, "/.*");
        }
        if (json_object_size(set) && strcmp(how, "log") == 0) {
            log_paths(set);
        } else if (json_object_size(set)) {
            const char *method =
                json_string_value(json_object_get(site_get()->settings, "cdn_purge_method"));
            send_all(how, method && *method ? method : "PURGE", set);
        }
        json_decref(set);
    }
    if (now - pruned_at >= PRUNE_EVERY) {
        pruned_at = now;
        store_changes_prune(db, seen - KEEP);
    }
}
