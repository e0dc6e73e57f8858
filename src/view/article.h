/*
 * article.h: an article as readers get it, on its page and from the API: which articles are
 * live, and the article model both render.
 */
#ifndef SAHIFA_VIEW_ARTICLE_H
#define SAHIFA_VIEW_ARTICLE_H

#include "web/req.h"

#include <jansson.h>
#include <stdint.h>

/* The article with that id (store_article_get()) if it exists and is live (published, its time
 * come): a new reference; else NULL after req_fail(): 404 with an Arabic message for an id
 * (0 included) with no live article, view_fail_db() on a database error. */
json_t *view_article_live(struct req *r, int64_t id);
/* Makes an article as store_article_get() gives it into the article model that the page and
 * the API share, in place: a card (view_card()) whose topics have their url, with body_html
 * (the Markdown body rendered; body kept), comments_count (approved comments),
 * comments_count_text and comments_open. Returns the approved comments' tree (comments_tree(),
 * new reference) for the page to show, or NULL after view_fail_db() (a is then unchanged). */
json_t *view_article_model(struct req *r, json_t *a);

#endif
