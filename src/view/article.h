/*
 * article.h: an article as readers get it, on its page and from the API: which articles are
 * live, and the article model both render.
 */
#ifndef SAHIFA_VIEW_ARTICLE_H
#define SAHIFA_VIEW_ARTICLE_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The article with that id (store_article_get()) if it exists and is live (published, its time
 * come): a new reference; else NULL after req_fail(): 404 with an Arabic message for an id
 * (0 included) with no live article, view_fail_db() on a database error. */
json_t *view_article_live(struct req *r, int64_t id);
/* Makes an article as store_article_get() gives it into the article model that the page and
 * the API share, in place: a card (view_card()) whose topics have their url, with body_html
 * (the Markdown body rendered; body kept), date_time (publication with the time of day),
 * updated {date_time, datetime} when it changed more than a minute after publication,
 * corrections [{id, body, created_at, date_time, datetime}] oldest first, embeds (the keys of
 * the platforms whose posts or videos body_html holds as private placeholders:
 * markdown_html_embeds()), live (a live page) and updates (view_live_updates(), every one),
 * breaking (flagged as breaking news now), comments_count (approved comments),
 * comments_count_text and comments_open. Returns the approved comments' tree (comments_tree(),
 * new reference) for the page to show, or NULL after view_fail_db() (a is then unchanged). */
json_t *view_article_model(struct req *r, json_t *a);
/* The updates of live article id (whose slug is slug) after the one with id after (0: all),
 * newest first: [{"id","body","body_html","created_at","date_time","datetime","who",
 * "anchor" (update-ID, the element's id),"url" (/a/{id}/{slug}#update-ID)}]. New reference;
 * NULL after view_fail_db(). */
json_t *view_live_updates(struct req *r, int64_t id, const char *slug, int64_t after);
/* What the article page's Content-Security-Policy must allow beyond the default for article a
 * (a model of view_article_model()): the site's own script and the frame origins of the
 * platforms it embeds (and the script for a live page), and nothing for an article that
 * embeds none and is not live. Returns true when the page needs its script. */
bool view_article_csp(struct req *r, json_t *a);

#endif
