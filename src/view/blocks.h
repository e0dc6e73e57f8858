/*
 * blocks.h: what every public page shows beside its own content: the categories' navigation,
 * «الأكثر قراءة», «أهم المواضيع» and «أهم التصنيفات», refreshed in the background (blocks.c).
 */
#ifndef SAHIFA_VIEW_BLOCKS_H
#define SAHIFA_VIEW_BLOCKS_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* Seconds between two refreshes of the rankings. */
enum { BLOCKS_EVERY = 60 };

/* Recomputes the navigation and the rankings (most read, top topics, top categories) and
 * swaps them in. Runs at start-up and then from the tick thread, at most once a minute.
 * Returns DB_OK, or the database's error, leaving the blocks as they were. */
int blocks_refresh(struct db *db, int64_t now);
/* For the tick thread, every few seconds: refreshes when a minute has passed or published
 * content changed (store_generation()). */
void blocks_tick(struct db *db, int64_t now);
/* The current {"nav": [...], "sidebar": {...}} (new reference; NULL before the first refresh). */
json_t *blocks_get(void);
/* Makes ranked rows ({"id","slug","title","views"}, most read first) into the items of
 * «الأكثر قراءة» in place: cards (view_card()) with "rank" and "views_text" in the site's
 * digits. Returns rows. */
json_t *blocks_ranked(json_t *rows);

#endif
