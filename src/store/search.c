/*
 * search.c: searching the index, related articles, and rebuilding the index.
 *
 * The reader's query arrives parsed (text/query.c) into the very tokens the index holds, and is
 * turned here into an FTS5 expression in which every token is a quoted string: nothing the
 * reader typed can become FTS5 syntax. Plain words are alternatives (OR): an article matches if
 * it has any of them, and sahifa_rank (store/fts.c) puts those with all of them first.
 */
#include "store/store.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "text/markdown.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/snippet.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Appends a token as an FTS5 string ("" doubles a quote; tokens never hold one, but the rule
 * costs nothing). */
static void put_string(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* Appends one term as an FTS5 expression and its phrases' groups. */
static void put_term(struct buf *expr, struct buf *groups, const struct query_term *t,
                     const char *group)
{
    switch (t->kind) {
    case QUERY_WORD:
        buf_putc(expr, '(');
        for (int i = 0; i < t->ntokens; i++) {
            if (i)
                buf_puts(expr, " OR ");
            put_string(expr, t->tokens[i]);
            /* The token's role for sahifa_rank (store/fts.c): another reading, the same stem
             * as the token before, the word as typed. */
            unsigned char f = t->flags[i];
            buf_printf(groups, "%s%s%s%s%s", groups->len ? "," : "", group,
                       f & QUERY_TOKEN_OTHER ? "~" : "", f & QUERY_TOKEN_SAME ? "+" : "",
                       f & QUERY_TOKEN_EXACT ? "=" : "");
        }
        buf_putc(expr, ')');
        break;
    case QUERY_PREFIX:
        put_string(expr, t->tokens[0]);
        buf_puts(expr, " *");
        buf_printf(groups, "%s%s", groups->len ? "," : "", group);
        break;
    case QUERY_PHRASE: {
        struct buf phrase = BUF_INIT;
        for (int i = 0; i < t->ntokens; i++)
            buf_printf(&phrase, "%s%s", i ? " " : "", t->tokens[i]);
        put_string(expr, buf_str(&phrase));
        buf_free(&phrase);
        buf_printf(groups, "%s%s", groups->len ? "," : "", group);
        break;
    }
    }
}

/*
 * The expression: (plain words and prefixes OR'd) AND each phrase, NOT each excluded term.
 * FTS5 numbers phrases left to right, so groups lists them in that order. Returns false when
 * the query has no positive term.
 */
static bool build_match(const struct query *q, struct buf *expr, struct buf *groups)
{
    int group = 0, plain = 0, phrases = 0;
    char g[16];
    for (int i = 0; i < q->nterms; i++) {
        const struct query_term *t = &q->terms[i];
        if (t->excluded || t->kind == QUERY_PHRASE || t->ntokens == 0)
            continue;
        buf_puts(expr, plain++ ? " OR " : "(");
        snprintf(g, sizeof g, "%d", group++);
        put_term(expr, groups, t, g);
    }
    if (plain)
        buf_putc(expr, ')');
    for (int i = 0; i < q->nterms; i++) {
        const struct query_term *t = &q->terms[i];
        if (t->excluded || t->kind != QUERY_PHRASE || t->ntokens == 0)
            continue;
        if (plain || phrases++)
            buf_puts(expr, " AND ");
        snprintf(g, sizeof g, "%d", group++);
        put_term(expr, groups, t, g);
    }
    if (!plain && !phrases)
        return false;
    for (int i = 0; i < q->nterms; i++) {
        const struct query_term *t = &q->terms[i];
        if (!t->excluded || t->ntokens == 0)
            continue;
        buf_puts(expr, " NOT ");
        put_term(expr, groups, t, "x");
    }
    return true;
}

bool store_search_match(const struct query *q, struct buf *expr)
{
    struct buf groups = BUF_INIT;
    bool any = build_match(q, expr, &groups);
    buf_free(&groups);
    return any;
}

/*
 * Searching runs in three steps, each touching as little as it can (measured in
 * docs/PERFORMANCE.md, "Search speed"):
 *
 *   1. count: FTS5 alone counts the matches, up to COUNT_CAP (the index holds only published
 *      articles), less those published for a time still to come; with a category, through
 *      search_docs;
 *   2. rank: ids only, joined with the narrow search_docs table (publication time, category)
 *      rather than the articles themselves; a query matching more than RANK_CANDIDATES
 *      articles ranks the most recently added ones (by id), so a very common word costs no
 *      more than a rare one;
 *   3. fetch: the page's articles by id, their matched words marked by text/snippet.c (FTS5's
 *      highlight() and snippet() would set up the whole query again for each one).
 */
enum { RANK_CANDIDATES = 1000, COUNT_CAP = 10000 };

/* The number of matches, counting no further than COUNT_CAP + 1 (a word in most of the archive
 * would otherwise cost a walk through all of it to say "more than ten thousand"). */
static int64_t count_matches(struct db *db, const char *match, int64_t now, int64_t category)
{
    struct db_stmt st;
    if (category) {
        if (db_prepare(db, &st,
                       "SELECT count(*) FROM (SELECT 1 FROM articles_fts JOIN search_docs d"
                       "  ON d.id = articles_fts.rowid"
                       "  WHERE articles_fts MATCH :match AND d.category_id = :category"
                       "  AND d.published_at <= :now LIMIT :cap)") != DB_OK)
            return -1;
        db_bind_int(&st, ":category", category);
        db_bind_int(&st, ":now", now);
    } else if (db_prepare(db, &st,
                          "SELECT count(*) FROM (SELECT 1 FROM articles_fts"
                          "  WHERE articles_fts MATCH :match LIMIT :cap)") != DB_OK) {
        return -1;
    }
    db_bind_text(&st, ":match", match);
    db_bind_int(&st, ":cap", COUNT_CAP + 1);
    int64_t all = -1;
    db_one_int(&st, &all);
    if (all < 0 || all > COUNT_CAP || category)
        return all;
    /* The index holds published articles; those published for a time still to come do not
     * count yet (search_docs knows which, by an index on the time). */
    if (db_prepare(db, &st,
                   "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match"
                   " AND rowid IN (SELECT id FROM search_docs WHERE published_at > :now)") != DB_OK)
        return -1;
    db_bind_text(&st, ":match", match);
    db_bind_int(&st, ":now", now);
    int64_t later = -1;
    db_one_int(&st, &later);
    return later < 0 ? -1 : all - later;
}

/* The lowest id among the newest `window` matches: ranking looks at ids from there up. */
static int64_t candidate_floor(struct db *db, const char *match, int64_t window)
{
    struct db_stmt st;
    if (db_prepare(db, &st,
                   "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"
                   " ORDER BY rowid DESC LIMIT 1 OFFSET :skip") != DB_OK)
        return 0;
    db_bind_text(&st, ":match", match);
    db_bind_int(&st, ":skip", window - 1);
    int64_t floor = 0;
    db_one_int(&st, &floor);
    return floor;
}

#define RANK_FROM                                                                                  \
    "SELECT d.id FROM articles_fts JOIN search_docs d ON d.id = articles_fts.rowid"                \
    " WHERE articles_fts MATCH :match AND articles_fts.rowid >= :floor AND d.id <> :exclude"       \
    "  AND d.published_at <= :now AND (:category = 0 OR d.category_id = :category)"

static const char *const rank_sql[] = {
    RANK_FROM " ORDER BY sahifa_rank(articles_fts, :groups, d.published_at, :now) DESC,"
              "  d.id DESC LIMIT :limit OFFSET :offset",
    RANK_FROM " ORDER BY d.published_at DESC, d.id DESC LIMIT :limit OFFSET :offset",
};

/* Which matches to rank, and how. */
struct rank_request {
    const char *match, *groups; /* the FTS5 expression and its phrases' terms */
    int64_t total;              /* counted matches (capped) */
    int64_t category, exclude;  /* 0: any category, no article left out */
    int by_date, offset, limit;
};

/* The ids of the requested page of matches, best first, into ids (at most max). Returns how
 * many, or -1 on a database error. */
static int rank_ids(struct db *db, const struct rank_request *rq, int64_t now, int64_t *ids,
                    int max)
{
    /* Deep pages widen the window so that they still have results. */
    int64_t window = RANK_CANDIDATES;
    if (rq->offset + rq->limit > window)
        window = rq->offset + rq->limit;
    int64_t floor =
        rq->total > window && !rq->category ? candidate_floor(db, rq->match, window) : 0;
    struct db_stmt st;
    if (db_prepare(db, &st, rank_sql[rq->by_date ? 1 : 0]) != DB_OK)
        return -1;
    db_bind_text(&st, ":match", rq->match);
    if (!rq->by_date)
        db_bind_text(&st, ":groups", rq->groups);
    db_bind_int(&st, ":floor", floor);
    db_bind_int(&st, ":exclude", rq->exclude);
    db_bind_int(&st, ":now", now);
    db_bind_int(&st, ":category", rq->category);
    db_bind_int(&st, ":limit", rq->limit);
    db_bind_int(&st, ":offset", rq->offset);
    int n = 0, rc;
    while (n < max && (rc = db_step(&st)) == DB_ROW)
        ids[n++] = db_col_int(&st, 0);
    db_finalize(&st);
    return n < max && rc != DB_DONE ? -1 : n;
}

/* One result with its marked title and passage (text/snippet.c). NULL when it is gone. */
static json_t *fetch(struct db *db, const struct query *q, int64_t id)
{
    struct db_stmt st;
    if (db_prepare(db, &st,
                   "SELECT a.id, a.slug, a.title, a.dek, a.body, a.published_at,"
                   "  c.id AS \"category.id\", c.slug AS \"category.slug\","
                   "  c.name AS \"category.name\""
                   " FROM articles a LEFT JOIN categories c ON c.id = a.category_id"
                   " WHERE a.id = :id") != DB_OK)
        return NULL;
    db_bind_int(&st, ":id", id);
    json_t *row;
    if (db_one_json(&st, &row) != DB_OK)
        return NULL;
    const char *title = json_string_value(json_object_get(row, "title"));
    const char *body = json_string_value(json_object_get(row, "body"));
    struct buf marked = BUF_INIT;
    snippet_mark_all(&marked, title, strlen(title), q);
    json_object_set_new(row, "title_marked", json_stringn(buf_str(&marked), marked.len));
    buf_reset(&marked);
    /* From the text as readers see it: Markdown's marks (**, #, link addresses) are not words. */
    struct buf plain = BUF_INIT;
    if (markdown_text(&plain, body, strlen(body)) != 0)
        buf_puts(&plain, body);
    snippet_passage(&marked, buf_str(&plain), plain.len, q, 24);
    buf_free(&plain);
    json_object_set_new(row, "snippet_marked", json_stringn(buf_str(&marked), marked.len));
    buf_free(&marked);
    json_object_del(row, "body");
    return row;
}

json_t *store_search(struct db *db, const struct query *q, const struct search_options *o,
                     int64_t now)
{
    struct buf expr = BUF_INIT, groups = BUF_INIT;
    json_t *out = json_object();
    json_object_set_new(out, "total", json_integer(0));
    json_t *results = json_array();
    json_object_set_new(out, "results", results);
    if (!build_match(q, &expr, &groups))
        goto done;
    const char *match = buf_str(&expr);

    int64_t total = count_matches(db, match, now, o->category_id);
    if (total < 0)
        goto fail;
    if (total > COUNT_CAP) {
        total = COUNT_CAP;
        json_object_set_new(out, "more", json_true());
    }
    json_object_set_new(out, "total", json_integer(total));
    if (total == 0 || o->limit <= 0 || o->offset >= total)
        goto done;

    struct rank_request rq = {.match = match,
                              .groups = buf_str(&groups),
                              .total = total,
                              .category = o->category_id,
                              .by_date = o->by_date,
                              .offset = o->offset,
                              .limit = o->limit};
    int64_t ids[100];
    int n = rank_ids(db, &rq, now, ids, 100);
    if (n < 0)
        goto fail;
    for (int i = 0; i < n; i++) {
        json_t *row = fetch(db, q, ids[i]);
        if (row)
            json_array_append_new(results, row);
    }
done:
    buf_free(&expr);
    buf_free(&groups);
    return out;
fail:
    json_decref(out);
    out = NULL;
    goto done;
}

/* Related articles. */

enum { RELATED_TERMS = 12, RELATED_CANDIDATES = 32, RELATED_MAX_WORDS = 2000 };

struct term_score {
    const char *term;
    double score;
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
    struct buf marked = BUF_INIT;
    buf_printf(&marked, "%s%s", QUERY_STEM_MARK, stem);
    put_string(expr, stem);
    buf_puts(expr, " OR ");
    put_string(expr, buf_str(&marked));
    buf_free(&marked);
}

/* The number of articles holding a stem, as s or ~s (text/query.h); -1 on a database error.
 * The vocabulary counts each token's articles: their sum counts twice an article with both
 * (اتفاق and الاتفاق), which is close enough to weigh a common stem, while for a rare one
 * (under EXACT_BELOW) the articles are counted through the index itself: one that only this
 * article holds must count 1. */
enum { EXACT_BELOW = 64 };

static int64_t stem_docs(struct db *db, const char *stem)
{
    struct buf marked = BUF_INIT;
    buf_printf(&marked, "%s%s", QUERY_STEM_MARK, stem);
    struct db_stmt q;
    int64_t plain = -1, stemmed = -1;
    if (db_prepare(db, &q,
                   "SELECT coalesce((SELECT doc FROM articles_fts_vocab WHERE term = :term), 0),"
                   "  coalesce((SELECT doc FROM articles_fts_vocab WHERE term = :marked), 0)") ==
        DB_OK) {
        db_bind_text(&q, ":term", stem);
        db_bind_text(&q, ":marked", buf_str(&marked));
        if (db_step(&q) == DB_ROW) {
            plain = db_col_int(&q, 0);
            stemmed = db_col_int(&q, 1);
        }
        db_finalize(&q);
    }
    buf_free(&marked);
    if (plain < 0 || stemmed < 0)
        return -1;
    if (plain == 0 || stemmed == 0 || plain + stemmed >= EXACT_BELOW)
        return plain + stemmed;
    struct buf expr = BUF_INIT;
    put_stem(&expr, stem);
    int64_t df = -1;
    if (db_prepare(db, &q, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match") ==
        DB_OK) {
        db_bind_text(&q, ":match", buf_str(&expr));
        db_one_int(&q, &df);
    }
    buf_free(&expr);
    return df;
}

json_t *store_related(struct db *db, int64_t id, int64_t now, int limit)
{
    json_t *related = json_array();
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT title, dek, body FROM articles WHERE id = :id") != DB_OK)
        return related;
    db_bind_int(&q, ":id", id);
    json_t *a;
    if (db_one_json(&q, &a) != DB_OK)
        return related;
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
     * up (two index lookups each: a stem is s or ~s). */
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
    if (db_prepare(db, &q, "SELECT count(*) FROM articles WHERE status = 'published'") != DB_OK)
        goto out;
    int64_t published = 1;
    db_one_int(&q, &published);
    double articles = (double)published;
    size_t kept = 0;
    for (size_t i = 0; i < nbest; i++) {
        double df = (double)stem_docs(db, terms[i].term);
        if (df < 0)
            goto out;
        if (df > articles)
            df = articles;
        if (df < 2) /* only in this article: it cannot relate it to another */
            continue;
        terms[kept].term = terms[i].term;
        terms[kept++].score = terms[i].score * log(articles / df);
    }
    qsort(terms, kept, sizeof *terms, by_score);
    nbest = kept < RELATED_TERMS ? kept : RELATED_TERMS;
    if (nbest == 0)
        goto out;
    /* The terms as a query: any of them matches (each stem as s or ~s, scored as one), and
     * the ranking (all of them first, then by BM25 scaled by the share matched) puts the
     * articles sharing most of them first. */
    struct buf expr = BUF_INIT, groups = BUF_INIT;
    for (size_t i = 0; i < nbest; i++) {
        if (i)
            buf_puts(&expr, " OR ");
        put_stem(&expr, terms[i].term);
        buf_printf(&groups, "%s%zu,%zu+", i ? "," : "", i, i);
    }
    struct rank_request rq = {
        .match = buf_str(&expr), .groups = buf_str(&groups), .exclude = id, .limit = limit};
    rq.total = count_matches(db, rq.match, now, 0);
    int64_t ids[32];
    int found = rq.total > 0 ? rank_ids(db, &rq, now, ids, limit < 32 ? limit : 32) : 0;
    for (int i = 0; i < found; i++) {
        json_t *card;
        if (store_article_card(db, ids[i], &card) == DB_OK)
            json_array_append_new(related, card);
    }
    buf_free(&expr);
    buf_free(&groups);
out:
    free(terms);
    json_decref(tc.weights);
    return related;
}

int store_reindex(struct db *db, int64_t *count)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    if ((rc = db_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');"
                          "DELETE FROM search_docs;"
                          "INSERT INTO search_docs(id, published_at, category_id)"
                          " SELECT id, coalesce(published_at, created_at), category_id"
                          " FROM articles WHERE status = 'published';")) != DB_OK) {
        db_rollback(db);
        return rc;
    }
    struct db_stmt q;
    if (count &&
        db_prepare(db, &q, "SELECT count(*) FROM articles WHERE status = 'published'") == DB_OK)
        db_one_int(&q, count);
    return db_commit(db);
}
