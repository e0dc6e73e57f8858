/*
 * pages.h: the public site's handlers and the helpers they share.
 *
 * Each page builds a view model (a jansson object, docs/THEMES.md) from store/ calls and renders
 * it with the theme; one file per page (cgit's ui-*.c). page.c holds what they share: the
 * model every page starts from, article cards, URLs and rendering.
 */
#ifndef SAHIFA_PAGES_PAGES_H
#define SAHIFA_PAGES_PAGES_H

#include "text/ardate.h"
#include "tmpl/theme.h"
#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* site.c: the settings snapshot every page reads */

struct site {
    json_t *settings; /* every setting, as strings, defaults filled in */
    const char *name, *tagline, *description;
    const char *logo; /* the publisher's logo (JSON-LD): a URL or a site path ("" none) */
    const char *timezone;
    struct ar_date_style date;
    int per_page;
    bool feed_full_body; /* feeds carry each article's whole body (feed.c) */
    /* Comments (docs/OPERATIONS.md). */
    bool moderate_all;         /* every comment waits for a moderator, not only those with links */
    int close_days;            /* comments close this many days after publication; 0: never */
    int per_minute, per_hour;  /* comments one address may post */
    json_t *blocked_words;     /* normalized words and phrases */
    json_t *blocked_addresses; /* IP addresses, IPv4 CIDR ranges, e-mail addresses */
    /* The newsroom. */
    const char *url;      /* the site's address, e.g. https://example.com ("" unknown) */
    bool https;           /* url is https: cookies are Secure */
    int session_idle;     /* seconds a newsroom session may go unused */
    int session_lifetime; /* seconds a newsroom session lasts at most */
    /* The JSON API. */
    const char *cors_origin; /* which other sites' pages may read it: "", "*" or an origin */
};

/* Loads the settings (defaults for those unset), sets the process time zone from them, makes
 * sure the site has a secret for signing forms (made and stored on first use) and gives it to
 * web/formtoken.c, and makes them the current snapshot. Returns 0 or -1 (logged). */
int site_load(struct db *db);
/* The current snapshot; valid until the next site_load() (snapshots are kept until exit, so a
 * page that started rendering with one finishes with it). */
const struct site *site_get(void);
/* The default value of a setting, or NULL for an unknown name. */
const char *site_default(const char *key);

/* blocks.c: what every page shows beside its own content, refreshed in the background */

/* Recomputes the navigation and the rankings (most read, top topics, top categories) and
 * swaps them in. Runs at start-up and then from the tick thread, at most once a minute. */
void blocks_refresh(struct db *db, int64_t now);
/* For the tick thread, every few seconds: refreshes when a minute has passed or published
 * content changed (store_generation()). */
void blocks_tick(struct db *db, int64_t now);
/* The current {"nav": [...], "sidebar": {...}} (new reference; NULL before the first refresh). */
json_t *blocks_get(void);
/* Makes ranked rows ({"id","slug","title","views"}, most read first) into the items of
 * «الأكثر قراءة» in place: cards (page_card()) with "rank" and "views_text" in the site's
 * digits. Returns rows. */
json_t *blocks_ranked(json_t *rows);

/* page.c */

/* Sets the theme pages render with (owned by the caller, alive while serving). */
void pages_init(struct theme *theme);
/* The theme set by pages_init(). */
struct theme *pages_theme(void);
/* A new model with "site", "page", "static", "nav" (with current marking the category slug
 * current_category, may be NULL) and "sidebar". "page" is {kind, title (the site's name when
 * NULL), description (the site's, or its tagline), og_type "website", feeds (the site's RSS and
 * Atom feeds, meta_feeds())} and either canonical, the absolute IRI of the path canonical, or,
 * when canonical is NULL (a page not to be indexed: search results, errors), noindex: true.
 * Handlers then set what is their own (docs/THEMES.md). */
json_t *page_model(struct req *r, const char *kind, const char *title, const char *canonical,
                   const char *current_category);
/* Renders the template called name with model into r->out. Returns 0, or req_fail()'s -1 with
 * a 500 (logged) when the template fails. Takes the model's reference. */
int page_render(struct req *r, const char *name, json_t *model);
/* Turns a store row of an article into a card (docs/THEMES.md) in place: adds url, date,
 * datetime and the category's and author's urls. Returns row. */
json_t *page_card(json_t *row);
/* The time t as RFC 3339 in the site's time zone ("2018-04-20T15:00:00+03:00"), a new string. */
json_t *page_iso_time(int64_t t);
/* Sets "date" (Arabic, site style) and "datetime" (RFC 3339) on obj for the time t. */
void page_set_dates(json_t *obj, int64_t t);
/* page_card() on every element of an array. Returns rows. */
json_t *page_cards(json_t *rows);
/* The canonical path of an article, Arabic as written (for HTML), in the arena. */
const char *page_article_path(struct req *r, int64_t id, const char *slug);
/* The site's origin for absolute URLs (feeds, sitemaps, canonical and OpenGraph URLs): the
 * site_url setting without a trailing slash when set (what production should do), else
 * http://HOST from the request's Host header when it is a plain host[:port], else
 * http://127.0.0.1. In the arena. */
const char *page_origin(struct req *r);
/* True for a host fit to build URLs with: letters, digits, dots, hyphens, a port, or an IPv6
 * literal in brackets (anything else, such as an attacker's Host header, is not used). */
bool page_plain_host(const char *h);
/* origin + path as an IRI: Arabic as written (for HTML attributes). path starts with '/'. */
const char *page_absolute_iri(struct req *r, const char *path);
/* origin + path as a URI: bytes outside printable ASCII, spaces and < > " ` { } | \ ^
 * percent-encoded, / ? & = # % kept (for XML formats that require URIs, and HTTP headers). */
const char *page_absolute_uri(struct req *r, const char *path);
/* A number in the site's digits, as a JSON string. */
json_t *page_number(int64_t n);
/* Parses ?page=N: 1 when absent; 0 (after req_fail with 400) when not a positive integer. */
int page_number_arg(struct req *r);
/* Adds "pagination" to model for page (1-based) of pages, links built on base_path (which may
 * carry a query string of its own). */
void page_pagination(struct req *r, json_t *model, const char *base_path, int page, int pages);
/* Parses a decimal id made of ASCII digits only: > 0, or 0 when s is not one. */
int64_t page_parse_id(const char *s);

/* meta.c: what a page's <head> says about it besides its title (docs/THEMES.md) */

/* Appends to page's "feeds" the RSS and Atom links of the feed at path + "/feed" (and
 * "/feed/atom"): path "" and name NULL for the site's feeds, titled with the site's name; a
 * section's path ("/c/politics") and name otherwise, titled «site — name». */
void meta_feeds(struct req *r, json_t *page, const char *path, const char *name);
/* Adds an article page's own metadata to page (page_model()'s, with its canonical set):
 * og_type "article", image (absolute, when the article has a usable image_url), "article"
 * {published_time, modified_time, section, tags, author} for OpenGraph and jsonld_escaped, the
 * NewsArticle JSON-LD escaped for a <script> element (esc_json_script()). a is the article's
 * store row (store_article_get()); it is read, not changed. */
void meta_article(struct req *r, json_t *page, json_t *a);

/* comments.c: readers' comments (the posting rules are shared with the API) */

/* What a reader sent (fields as received, not yet trimmed). */
struct comment_fields {
    const char *name, *email, *text;
    const char *token;    /* the form token (web/formtoken.h) */
    const char *honeypot; /* the field people leave empty and bots fill */
    int64_t parent_id;    /* 0: not a reply */
};

/* What became of it. */
struct comment_result {
    int status;          /* the HTTP status of a refusal */
    const char *code;    /* "too_fast", "rate_limited", ... (API error codes) */
    const char *field;   /* the field at fault, or NULL */
    const char *message; /* what to tell the reader, in Arabic */
    bool held;           /* stored, waiting for a moderator */
    int64_t id;          /* the stored comment */
    int retry_after;     /* seconds, for a rate limit */
};

/* Applies every rule to a comment on the live article (comments.c's opening comment) and
 * stores it. Returns 0 (stored: out->id, out->held), or -1 with out saying why not. */
int comments_submit(struct req *r, json_t *article, const struct comment_fields *f,
                    struct comment_result *out);
/* True when the article takes comments now (open, and not closed by age). */
bool comments_open(json_t *article, int64_t now);
/* The article's approved comments as a model {"count": N, "comments": [{"id","name","date",
 * "datetime","body_html","replies":[...]}]}, from the cache while version is unchanged. New
 * reference; the model is shared: never modify it. */
json_t *comments_tree(struct db *db, int64_t article, int64_t version);
/* The comment form's model: open, action, a fresh token, the reader's fields and the problem
 * after a refusal (f, res may be NULL), the reply target, the notice after a post. */
json_t *comments_form_model(struct req *r, json_t *article, const struct comment_fields *f,
                            const struct comment_result *res);

/* article.c */

/* The article if it exists and is live, or NULL. New reference. */
json_t *page_article_live(struct req *r, int64_t id);
/* Makes an article as store_article_get() gives it into the article model that the page and
 * the API share, in place: a card (page_card()) whose topics have their url, with body_html
 * (the Markdown body rendered; body kept), comments_count (approved comments),
 * comments_count_text and comments_open. Returns the approved comments' tree (comments_tree(),
 * new reference) for the page to show. */
json_t *page_article_model(struct req *r, json_t *a);
/* Renders the article page for a live article (taking its reference), with the comment form's
 * state after a refused post (f, res NULL for a plain view). */
int page_article_render(struct req *r, json_t *article, const struct comment_fields *f,
                        const struct comment_result *res);

/* search.c */

struct query;
struct search_options;

/* Runs a parsed query as the search page does (store_search()) and makes its results: {"total",
 * "more", "results": [cards with "title_html" and "snippet_html" (HTML, the matched words in
 * <mark>) and "snippet" (the same passage as plain text)]}, or NULL on a database error. New
 * reference. */
json_t *page_search_results(struct req *r, const struct query *q, const struct search_options *o);

/* related.c */

/* The article's related articles as cards, kept ten minutes. New reference; the cards are
 * shared: never modify them. */
json_t *related_cards(struct req *r, int64_t id);

/* listing.c: the category, topic and author pages */

struct article_filter;

enum listing_kind { LIST_CATEGORY, LIST_TOPIC, LIST_AUTHOR };

/* The category, topic or author named by the route's :slug (as store_category_by_slug(),
 * store_topic_by_slug() or store_author_by_slug() give it), with *f set to select its live
 * articles; NULL after req_fail() with 404 and an Arabic message when there is none. New
 * reference. */
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
int page_category(struct req *r);
int page_topic(struct req *r);
int page_author(struct req *r);
int page_search(struct req *r);
int page_static(struct req *r);
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
