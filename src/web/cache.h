/*
 * cache.h: the page cache: whole answers of public pages (routes flagged ROUTE_PUBLIC) kept in
 * memory as rendered, and sent again to every reader who is not logged in without running the
 * handler.
 *
 * An entry holds the body, its gzip and brotli copies (each made once, when a reader first
 * takes that coding), its ETag and Last-Modified, the handler's headers and the article whose
 * view a hit counts. It is served while
 *   - the content generation it was rendered under (store_generation(), moved on by every write
 *     that changes what readers see, in any process or node) is still the current one: read
 *     again at each request for 100 ms after this process begins such a write, so its changes
 *     show at the next request, and otherwise every 100 ms, so another process's or node's
 *     show within that;
 *   - nothing every page shows changed since (cache_stale_all(): the sidebars' rankings);
 *   - and it is younger than max_age.
 *
 * The key is the path, the Host header when the site has no site_url (absolute URLs in the
 * page are built from it), and the query arguments the route's handler reads: the cache learns
 * their names as handlers ask for them (req_query()), so ?utm_source=… or a random argument
 * added to bust the cache finds the same entry, and a flood of distinct query strings cannot
 * fill it. Many readers missing one key together cause one render: the others wait for it
 * (up to 2 seconds, then render themselves). Entries share a byte budget and the least
 * recently used go first.
 *
 * Requests with the session cookie (web/auth.h) neither read nor fill the cache, nor do any
 * but GET and HEAD.
 */
#ifndef SAHIFA_WEB_CACHE_H
#define SAHIFA_WEB_CACHE_H

#include "web/req.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cache_config {
    size_t budget; /* bytes for every entry (bodies, compressed copies, keys, headers); 0: no
                    * cache */
    int max_age;   /* seconds an entry may be served at most */
    bool key_host; /* the Host header is part of the key (the site has no site_url) */
};

/* Sets the cache up; at start-up, before the server takes requests. */
void cache_configure(const struct cache_config *c);

/* Makes every entry stale: for a change that every page shows but that does not move the
 * content generation (the sidebars' rankings). Thread-safe, cheap. */
void cache_stale_all(void);

/*
 * For the dispatcher, once the route is found and allowed, before its handler: when r is a GET
 * or HEAD of a ROUTE_PUBLIC route without the session cookie, looks it up. On a hit returns
 * true: r is to be answered from the entry (cache_respond()), its view counted as on a render.
 * Otherwise returns false and the handler runs; when r is the one to render its key, r->cache
 * says so and cache_store() keeps the answer. Others asking for the same key meanwhile wait
 * here for it.
 */
bool cache_lookup(struct req *r);

/* After the handler of a request that cache_lookup() chose to render its key: keeps a 200
 * answer (taking r->out's bytes), and in every case lets the waiting requests go on. Does
 * nothing for other requests. */
void cache_store(struct req *r);

/* True when r is to be answered from an entry (a hit, or the answer cache_store() kept). */
bool cache_has_entry(const struct req *r);

/* Queues r's answer from its entry: 304 when r has it already (If-None-Match, or
 * If-Modified-Since), else the body in the coding r takes best, made now if no reader took it
 * before. Sets r->status and r->bytes_sent. */
enum MHD_Result cache_respond(struct req *r);

struct cache_stats {
    uint64_t hits, misses, stale; /* lookups answered; not found; found but stale */
    uint64_t bypassed;            /* public pages asked for with the session cookie */
    uint64_t waited;              /* lookups that waited for another request's render */
    uint64_t stored, evicted;     /* entries kept; dropped to stay within the budget */
    size_t bytes, entries, budget;
};
void cache_stats(struct cache_stats *out);

#endif
