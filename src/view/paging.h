/*
 * paging.h: lists in pages: which page of a list a request asks for (?page=N) and the links to
 * the pages beside it.
 */
#ifndef SAHIFA_VIEW_PAGING_H
#define SAHIFA_VIEW_PAGING_H

#include "web/req.h"

#include <jansson.h>

/* Parses ?page=N: 1 when absent; 0 (after req_fail() with 400 and an Arabic message) when not
 * a positive integer of at most 1,000,000. */
int view_page_arg(struct req *r);
/* Adds "pagination" {page_text, pages_text (the site's digits), prev_url, next_url (where
 * there is such a page)} to model for page (1-based) of pages, links built on base_path (which
 * may carry a query string of its own; page 1 is base_path itself). Adds nothing when there is
 * one page only. */
void view_pagination(struct req *r, json_t *model, const char *base_path, int page, int pages);

#endif
