/*
 * search.h: search results as the search page and the API show them: the one model both build
 * on, so that a reader and a program get the same results for the same query.
 */
#ifndef SAHIFA_VIEW_SEARCH_H
#define SAHIFA_VIEW_SEARCH_H

#include "web/req.h"

#include <jansson.h>

struct query;
struct search_options;

/* Runs a parsed query (text/query.h) over the live articles (store_search()) with options o
 * and makes its results: {"total", "more", "results": [cards (view_card()) with "title_html"
 * and "snippet_html" (HTML, the matched words in <mark>) and "snippet" (the same passage as
 * plain text)]}, or NULL after view_fail_db() on a database error. New reference. */
json_t *view_search_results(struct req *r, const struct query *q, const struct search_options *o);

/* Reads the days a search keeps to, from and to (YYYY-MM-DD in the site's time zone, both
 * included; NULL or "" for no bound), into o->from and o->to (to: the first moment of the day
 * after). Returns 0, or fails the request (400 bad_date, in Arabic) and returns -1. */
int view_search_dates(struct req *r, const char *from, const char *to, struct search_options *o);

#endif
