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
/* The current {"nav": [...], "sidebar": {...}, "footer": [{"title","url"}] (the static pages
 * the footer links to), "breaking": [...]} (new reference; NULL before the first refresh).
 * "breaking" holds the articles flagged as breaking news when it was made, as cards with
 * "breaking_until": a page shows those still running at its own time (blocks_breaking()). */
json_t *blocks_get(void);
/* The breaking news of blocks (blocks_get()) still running at now, as a new array. */
json_t *blocks_breaking(json_t *blocks, int64_t now);
/* Makes ranked rows ({"id","slug","title","views"}, most read first) into the items of
 * «الأكثر قراءة» in place: cards (view_card()) with "rank" and "views_text" in the site's
 * digits. Returns rows. */
json_t *blocks_ranked(json_t *rows);

#endif
