/*
 * index.h: keeping the search index in step, for store/ files only (store/index.c holds the
 * code and explains the rule: remove an article's entry before anything the article_search
 * view shows of it changes, add it back after).
 */
#ifndef SAHIFA_STORE_INDEX_H
#define SAHIFA_STORE_INDEX_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Moves the content generation (store_generation()) on, inside the caller's transaction, and
 * notes what changed for the CDN purge (view/purge.c): the article, or 0 for a change that any
 * page may show (a category renamed, a batch of imported articles, an image's caption, breaking
 * news, a static page), so caches of rendered pages and pieces go stale at once, on every node.
 * Index upkeep calls it; so does any write that changes what readers see without touching the
 * index. */
int store_content_changed(struct db *db, int64_t article_id);
/* Runs the write q (prepared and bound; finalized here) and moves the generation on for
 * article_id (0: any page), in one transaction; with changing, DB_DONE (and nothing written)
 * when q changed no row. */
int store_write_visible(struct db *db, struct db_stmt *q, bool changing, int64_t article_id);
int store_index_remove(struct db *db, int64_t id);
int store_index_add(struct db *db, int64_t id);
/* The same for every article whose id the statement q (prepared and bound; finalized here)
 * returns in its first column. */
int store_index_remove_all(struct db *db, struct db_stmt *q, int64_t **ids, size_t *n);
int store_index_add_all(struct db *db, const int64_t *ids, size_t n);

#endif
