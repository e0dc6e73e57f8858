/*
 * purge.h: telling the CDN in front of the site which paths a change made stale, as the
 * cdn_purge setting says (docs/OPERATIONS.md):
 *
 *   cdn_purge = ""     nothing (the default): shared caches keep pages for cache_s_maxage
 *   cdn_purge = "log"  lines on the server's log for the changes of each second, as many as
 *                      the paths need: "purge /a/12/… / /feed … /c/economy …", for a program
 *                      that tails it
 *   cdn_purge = "http://127.0.0.1:6081{path}"  (or https) one request a path, {path} replaced
 *                      by it (percent-encoded), with the method cdn_purge_method (PURGE)
 *
 * Every move of the content generation leaves a row in the changes table (store/index.h): the
 * article it changed, or none for a change any page may show, which is purged as the one path
 * "/.*" (everything, to a CDN that reads paths as patterns), alone. An article's paths are its
 * page, the home page, its category's, topics' and author's pages and feeds, the site's feeds and
 * sitemaps and the API's lists and the article's own. Later pages of listings (?page=N) are not
 * named: a CDN that purges by prefix gets them too (docs/OPERATIONS.md shows Varnish doing so).
 */
#ifndef SAHIFA_VIEW_PURGE_H
#define SAHIFA_VIEW_PURGE_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

struct db;

/* At start-up, before any other thread: libcurl's global set-up, and the changes made before
 * now are taken as seen. */
void purge_start(struct db *db);
/* For the tick thread, every second: the paths of the changes since the last call, logged or
 * sent as cdn_purge says (requests in parallel, 5 seconds at most in all; failures are
 * logged, not retried); the changes table is kept to its last 10,000 rows. */
void purge_tick(struct db *db, time_t now);
/* Adds the paths a change of article id makes stale (percent-encoded), as keys of the object
 * set; "/.*" when there is no such article any more (or it cannot be read). */
void purge_article_paths(struct db *db, int64_t id, json_t *set);

#endif
