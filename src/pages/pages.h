/*
 * pages.h: the public site's handlers and the little only they share.
 *
 * Each page builds a view model (a jansson object, docs/THEMES.md) from store/ calls and the
 * shared models of view/, and renders it with the theme; one file per page (cgit's ui-*.c).
 * page.c holds the model every page starts from.
 */
#ifndef SAHIFA_PAGES_PAGES_H
#define SAHIFA_PAGES_PAGES_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* page.c */

/* A new model with "site", "page", "static", "style_escaped" (the stylesheet to inline,
 * theme_inline_style()), "nav" (with current marking the category slug current_category, may
 * be NULL), "sidebar", "footer" {"items": [{"title","url"}]} (the static pages the footer links
 * to, when there are some) and, while there is breaking news, "breaking" {"items": cards} (the
 * bar every page shows; view/blocks.h). "page" is {kind, title (the site's name when NULL),
 * description (the site's, or its tagline), og_type "website", feeds
 * (the site's RSS and Atom feeds, meta_feeds())} and either canonical, the absolute IRI of the
 * path canonical, or, when canonical is NULL (a page not to be indexed: search results,
 * errors), noindex: true. Handlers then set what is their own (docs/THEMES.md). */
json_t *page_model(struct req *r, const char *kind, const char *title, const char *canonical,
                   const char *current_category);

/* article.c */

struct comment_fields;
struct comment_result;

/* Renders the article page for a live article (view_article_live(); taking its reference),
 * with the comment form's state after a refused post (f, res NULL for a plain view). */
int page_article_render(struct req *r, json_t *article, const struct comment_fields *f,
                        const struct comment_result *res);

/* listing.c: the category, topic and author pages */

struct article_filter;

enum listing_kind { LIST_CATEGORY, LIST_TOPIC, LIST_AUTHOR };

/* The category, topic or author named by the route's :slug (as store_category_by_slug(),
 * store_topic_by_slug() or store_author_by_slug() give it), with *f set to select its live
 * articles; NULL after req_fail() with 404 and an Arabic message when there is none (or
 * view_fail_db() when the database fails). New reference. */
json_t *page_listing_subject(struct req *r, enum listing_kind kind, struct article_filter *f);
/* The path of its page, /c/{slug}, /t/{slug} or /u/{slug}, slug as written, in the arena. */
const char *page_listing_path(struct req *r, enum listing_kind kind, const char *slug);

/* error.c: the one renderer of failed requests as the Arabic error page */
void page_error(struct req *r);
/* Where a path that found nothing lives now (store_redirect_find), percent-encoded for a
 * Location header, or NULL. */
const char *page_moved_to(struct req *r);

/* The handlers (one file each). */
int page_home(struct req *r);
int page_article(struct req *r);
int page_comment_post(struct req *r);
/* GET /a/{id}/comments/token: {"token": "..."}, a new comment form token for the article (404
 * for no live article, 403 when its comments are closed), never cached. */
int page_comment_token(struct req *r);
int page_category(struct req *r);
int page_topic(struct req *r);
int page_author(struct req *r);
int page_search(struct req *r);
int page_static(struct req *r);
int page_static_page(struct req *r); /* staticpage.c: /p/{slug} */
/* media.c: GET /media/:name, a photo's file (fingerprinted, immutable) */
int page_media(struct req *r);
/* feed.c: RSS 2.0 and Atom 1.0 feeds of the site, or of the route's category, topic or author
 * (which feed is the route's pattern: /feed, /c/:slug/feed, ...). */
int page_feed_rss(struct req *r);
int page_feed_atom(struct req *r);
/* sitemap.c: /sitemap.xml (the index), /sitemap-articles-{N}.xml, /sitemap-categories.xml,
 * /sitemap-topics.xml, /sitemap-news.xml, /robots.txt. */
int page_sitemap_index(struct req *r);
int page_sitemap_articles(struct req *r);
int page_sitemap_categories(struct req *r);
int page_sitemap_topics(struct req *r);
int page_sitemap_news(struct req *r);
int page_robots(struct req *r);
int page_healthz(struct req *r);
int page_metrics(struct req *r);

#endif
