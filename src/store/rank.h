/*
 * rank.h: running FTS5 expressions over the search index, for store/ files only (the site
 * search in search.c, related articles in related.c): counting matches, estimating how many
 * articles hold a term, and ranking the matches with sahifa_rank (store/fts.c).
 */
#ifndef SAHIFA_STORE_RANK_H
#define SAHIFA_STORE_RANK_H

#include "base/buf.h"
#include "store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Appends s as an FTS5 string behind mark ("" or a token mark): "" doubles a quote. */
void store_rank_string(struct buf *b, const char *mark, const char *s);

/* Which matches count: live articles (published at or before now), within [from, to) when
 * those are not 0, in a category when not 0, and never article exclude when not 0. */
struct rank_filter {
    int64_t now, from, to, category, exclude;
};

/* The ids the index spans, for estimates: the lowest and highest, 0 and 0 when it is empty. */
struct rank_span {
    int64_t lo, hi;
};
int store_rank_span(struct db *db, struct rank_span *span);

/* The number of articles matching the FTS5 expression match, estimated: counted exactly up to
 * RANK_DOCS_EXACT, and beyond that from how far back in the ids the newest RANK_DOCS_EXACT
 * reach, as if the rest of the index held the term as often. An idf needs no more, and a term
 * in half the archive costs what a rare one does. On a database error, its negative enum
 * db_status (as every function here: an error is never a count of 0). */
enum { RANK_DOCS_EXACT = 200 };
double store_rank_docs(struct db *db, const char *match, const struct rank_span *span);

/* The number of matches passing the filter, counting no further than cap; or the error. */
int64_t store_rank_count(struct db *db, const char *match, const struct rank_filter *f,
                         int64_t cap);

/* The categories of the newest cap matches published in the filter's time range (its category
 * aside): [{"id","slug","name","count"}], most matches first, a new array in *out; DB_OK, or
 * the error with *out NULL. */
int store_rank_facets(struct db *db, const char *match, const struct rank_filter *f, int64_t cap,
                      json_t **out);

/* A page of matches, best first: sahifa_rank with the descriptions phrases and alts (fts.c)
 * when by_date is false, else the newest first. Only ids at or above floor are looked at (0:
 * all). With all_first, articles with every term come before the others (sahifa_rank's lead
 * of 10000), for a statement that ranks both; without, the score is relevance alone (the site
 * search ranks its tiers in separate statements). The ids go into ids (room for limit); their
 * number is returned, or the error. When scores is not NULL (and by_date false), each id's
 * score goes there too (room for limit), so that two statements' pages can be merged. */
struct rank_page {
    const char *match, *phrases, *alts;
    bool by_date, all_first;
    int64_t floor;
    int offset, limit;
    double *scores; /* NULL: not wanted */
};
int store_rank_ids(struct db *db, const struct rank_page *p, const struct rank_filter *f,
                   int64_t *ids);

/* The lowest id among the newest window matches of match (0 when there are no more than
 * that): ranking then looks at ids from there up. Or the error. */
int64_t store_rank_floor(struct db *db, const char *match, int64_t window);

#endif
