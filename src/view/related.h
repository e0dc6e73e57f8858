/*
 * related.h: an article's related articles, found through the search index and kept for a
 * while (related.c).
 */
#ifndef SAHIFA_VIEW_RELATED_H
#define SAHIFA_VIEW_RELATED_H

#include "web/req.h"

#include <jansson.h>
#include <stdint.h>

/* The article's related articles as cards (view_card()), kept ten minutes while the content
 * generation stays the same. New reference; the cards are shared: never modify them. NULL
 * after view_fail_db() when the database fails. */
json_t *related_cards(struct req *r, int64_t id);

#endif
