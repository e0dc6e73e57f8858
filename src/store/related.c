/*
 * related.c: the articles related to one, found through the search index.
 *
 * An article's weightiest stems by tf-idf (its own words, title and dek counting more; the
 * number of articles holding each stem, as s or ~s, estimated by store_rank_docs()), searched
 * as s OR ~s, each stem one term of sahifa_rank (store/fts.c): articles sharing all of them
 * first, then by BM25 scaled by the share shared. Matches are ranked among the newest
 * RELATED_WINDOW: related reading is recent reading, and a dozen stems OR'd match much of the
 * archive.
 */
#include "store/store.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/rank.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    RELATED_TERMS = 12,
    RELATED_CANDIDATES = 32,
    RELATED_MAX_WORDS = 2000,
    RELATED_WINDOW = 1000
};

struct term_score {
    const char *term;
    double score, docs;
};

static int by_score(const void *a, const void *b)
{
    double x = ((const struct term_score *)a)->score, y = ((const struct term_score *)b)->score;
    return x < y ? 1 : x > y ? -1 : 0;
}

struct term_counter {
    json_t *weights; /* stem -> summed weight */
    double weight;   /* of the column being read */
    int words;
};

static int count_term(void *ctx, const char *s, size_t start, size_t len)
{
    struct term_counter *tc = ctx;
    if (tc->words++ > RELATED_MAX_WORDS)
        return 1;
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s + start, len);
    /* Short words, numbers and stop words say little about what an article is about. */
    if (utf8_length(norm.p, norm.len) >= 3 && !(norm.p[0] >= '0' && norm.p[0] <= '9') &&
        !stem_is_stop_word(buf_str(&norm), norm.len)) {
        struct stems st;
        stem_word(buf_str(&norm), norm.len, &st);
        if (st.n > 0) {
            json_t *w = json_object_get(tc->weights, st.s[0]);
            json_object_set_new(tc->weights, st.s[0], json_real(json_real_value(w) + tc->weight));
        }
    }
    buf_free(&norm);
    return 0;
}

/* Appends a stem as FTS5 alternatives: s OR ~s. */
static void put_stem(struct buf *expr, const char *stem)
{
    store_rank_string(expr, "", stem);
    buf_puts(expr, " OR ");
    store_rank_string(expr, QUERY_STEM_MARK, stem);
}

int store_related(struct db *db, int64_t id, int64_t now, int limit, json_t **out)
{
    *out = NULL;
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT title, dek, body FROM articles WHERE id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    json_t *a;
    if ((rc = db_one_json(&q, &a)) != DB_OK) {
        if (rc == DB_DONE) { /* no such article: nothing relates to it */
            *out = json_array();
            rc = DB_OK;
        }
        return rc;
    }
    json_t *related = json_array();
    struct term_counter tc = {json_object(), 0, 0};
    static const struct {
        const char *column;
        double weight;
    } columns[] = {{"title", 5}, {"dek", 2}, {"body", 1}};
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
        const char *text = json_string_value(json_object_get(a, columns[i].column));
        tc.weight = columns[i].weight;
        words_each(text, strlen(text), count_term, &tc);
    }
    json_decref(a);

    /* The words the article uses most (title and dek counting more), then, of those, the
     * rarest in the index: tf-idf in two steps, so only a few document frequencies are looked
     * up (a stem is s or ~s). */
    size_t nterms = json_object_size(tc.weights), nbest = 0;
    struct term_score *terms = xmalloc((nterms + 1) * sizeof *terms);
    const char *term;
    json_t *w;
    json_object_foreach(tc.weights, term, w) {
        terms[nbest].term = term;
        terms[nbest++].score = json_real_value(w);
    }
    qsort(terms, nbest, sizeof *terms, by_score);
    if (nbest > RELATED_CANDIDATES)
        nbest = RELATED_CANDIDATES;
    /* The index's articles, near enough for an idf: the span of their ids. */
    struct rank_span span;
    if ((rc = store_rank_span(db, &span)) != DB_OK)
        goto out;
    double articles = (double)(span.hi - span.lo + 1);
    size_t kept = 0;
    for (size_t i = 0; i < nbest; i++) {
        struct buf stem = BUF_INIT;
        put_stem(&stem, terms[i].term);
        double df = store_rank_docs(db, buf_str(&stem), &span);
        buf_free(&stem);
        if (df < 0) {
            rc = (int)df;
            goto out;
        }
        if (df > articles)
            df = articles;
        if (df < 2) /* only in this article: it cannot relate it to another */
            continue;
        terms[kept].term = terms[i].term;
        terms[kept].docs = df;
        terms[kept++].score = terms[i].score * log(articles / df);
    }
    qsort(terms, kept, sizeof *terms, by_score);
    nbest = kept < RELATED_TERMS ? kept : RELATED_TERMS;
    /* The terms as a query: any of them matches, each stem (s or ~s) one term. */
    struct buf expr = BUF_INIT, phrases = BUF_INIT, alts = BUF_INIT;
    for (size_t i = 0; i < nbest; i++) {
        if (i)
            buf_puts(&expr, " OR ");
        put_stem(&expr, terms[i].term);
        buf_printf(&phrases, "%s%zu,%zu", i ? "," : "", i, i);
        buf_printf(&alts, "%s%zu:1:%.0f", i ? "," : "", i, terms[i].docs);
    }
    struct rank_filter f = {.now = now, .exclude = id};
    struct rank_page page = {.match = buf_str(&expr),
                             .phrases = buf_str(&phrases),
                             .alts = buf_str(&alts),
                             .all_first = true,
                             .limit = limit < 32 ? limit : 32};
    int64_t ids[32];
    int found = 0;
    if (nbest > 0) {
        page.floor = store_rank_floor(db, page.match, RELATED_WINDOW);
        found = page.floor < 0 ? (int)page.floor : store_rank_ids(db, &page, &f, ids);
    }
    if (found < 0)
        rc = found;
    for (int i = 0; i < found && rc == DB_OK; i++) {
        json_t *card;
        if ((rc = store_article_card(db, ids[i], &card)) == DB_OK)
            json_array_append_new(related, card);
        else if (rc == DB_DONE) /* unpublished since it was ranked */
            rc = DB_OK;
    }
    buf_free(&expr);
    buf_free(&phrases);
    buf_free(&alts);
out:
    free(terms);
    json_decref(tc.weights);
    if (rc == DB_OK)
        *out = related;
    else
        json_decref(related);
    return rc;
}
