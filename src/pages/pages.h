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
#include <stdint.h>

/* site.c: the settings snapshot every page reads */

struct site {
    json_t *settings; /* every setting, as strings, defaults filled in */
    const char *name, *tagline, *description;
    const char *timezone;
    struct ar_date_style date;
    int per_page;
};

/* Loads the settings (defaults for those unset), sets the process time zone from them, and
 * makes them the current snapshot. Returns 0 or -1 (logged) on a database error. */
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
/* The current {"nav": [...], "sidebar": {...}} (new reference; NULL before the first refresh). */
json_t *blocks_get(void);

/* page.c */

/* Sets the theme pages render with (owned by the caller, alive while serving). */
void pages_init(struct theme *theme);
/* The theme set by pages_init(). */
struct theme *pages_theme(void);
/* A new model with "site", "page" {kind, title, description, canonical}, "static", "nav" (with
 * current marking the category slug current_category, may be NULL) and "sidebar". */
json_t *page_model(struct req *r, const char *kind, const char *title, const char *canonical,
                   const char *current_category);
/* Renders the template called name with model into r->out. Returns 0, or req_fail()'s -1 with
 * a 500 (logged) when the template fails. Takes the model's reference. */
int page_render(struct req *r, const char *name, json_t *model);
/* Turns a store row of an article into a card (docs/THEMES.md) in place: adds url, date,
 * datetime and the category's and author's urls. Returns row. */
json_t *page_card(json_t *row);
/* Sets "date" (Arabic, site style) and "datetime" (RFC 3339) on obj for the time t. */
void page_set_dates(json_t *obj, int64_t t);
/* page_card() on every element of an array. Returns rows. */
json_t *page_cards(json_t *rows);
/* The canonical path of an article, Arabic as written (for HTML), in the arena. */
const char *page_article_path(struct req *r, int64_t id, const char *slug);
/* A number in the site's digits, as a JSON string. */
json_t *page_number(int64_t n);
/* Parses ?page=N: 1 when absent; 0 (after req_fail with 400) when not a positive integer. */
int page_number_arg(struct req *r);
/* Adds "pagination" to model for page (1-based) of pages, links built on base_path (which may
 * carry a query string of its own). */
void page_pagination(struct req *r, json_t *model, const char *base_path, int page, int pages);
/* Parses a decimal id made of ASCII digits only: > 0, or 0 when s is not one. */
int64_t page_parse_id(const char *s);

/* error.c: the one renderer of failed requests as the Arabic error page */
void page_error(struct req *r);

/* The handlers (one file each). */
int page_home(struct req *r);
int page_article(struct req *r);
int page_category(struct req *r);
int page_topic(struct req *r);
int page_author(struct req *r);
int page_search(struct req *r);
int page_static(struct req *r);
int page_healthz(struct req *r);
int page_metrics(struct req *r);

#endif
