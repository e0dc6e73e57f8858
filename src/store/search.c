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
#include "text/normalize.h"
#include "text/query.h"
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
            /* The other readings (between the main stem and the exact form) score less. */
            bool other = i > 0 && i < t->ntokens - 1;
            buf_printf(groups, "%s%s%s", groups->len ? "," : "", group, other ? "~" : "");
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

#define SEARCH_SELECT                                                                              \
    "SELECT a.id, a.slug, a.title, a.dek, a.published_at,"                                         \
    "  c.id AS \"category.id\", c.slug AS \"category.slug\", c.name AS \"category.name\","         \
    "  highlight(articles_fts, 0, char(1), char(2)) AS title_marked,"                              \
    "  snippet(articles_fts, 2, char(1), char(2), '…', 24) AS snippet_marked"                    \
    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"                              \
    " LEFT JOIN categories c ON c.id = a.category_id"                                              \
    " WHERE articles_fts MATCH :match AND a.published_at <= :now"                                  \
    "  AND (:category = 0 OR a.category_id = :category)"

static const char *const search_sql[] = {
    SEARCH_SELECT " ORDER BY sahifa_rank(articles_fts, :groups, a.published_at, :now) DESC,"
                  "  a.id DESC LIMIT :limit OFFSET :offset",
    SEARCH_SELECT " ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
};

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

    struct db_stmt st;
    if (db_prepare(db, &st,
                   "SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                   " WHERE articles_fts MATCH :match AND a.published_at <= :now"
                   "  AND (:category = 0 OR a.category_id = :category)") != DB_OK)
        goto fail;
    db_bind_text(&st, ":match", buf_str(&expr));
    db_bind_int(&st, ":now", now);
    db_bind_int(&st, ":category", o->category_id);
    int64_t total = db_one_int(&st, -1);
    if (total < 0)
        goto fail;
    json_object_set_new(out, "total", json_integer(total));
    if (total == 0 || o->limit <= 0)
        goto done;

    if (db_prepare(db, &st, search_sql[o->by_date ? 1 : 0]) != DB_OK)
        goto fail;
    db_bind_text(&st, ":match", buf_str(&expr));
    db_bind_int(&st, ":now", now);
    db_bind_int(&st, ":category", o->category_id);
    if (!o->by_date)
        db_bind_text(&st, ":groups", buf_str(&groups));
    db_bind_int(&st, ":limit", o->limit);
    db_bind_int(&st, ":offset", o->offset);
    int rc;
    while ((rc = db_step(&st)) == DB_ROW)
        json_array_append_new(results, db_row_json(&st));
    db_finalize(&st);
    if (rc != DB_DONE)
        goto fail;
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

json_t *store_related(struct db *db, int64_t id, int64_t now, int limit)
{
    json_t *related = json_array();
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT title, dek, body FROM articles WHERE id = :id") != DB_OK)
        return related;
    db_bind_int(&q, ":id", id);
    json_t *a = db_one_json(&q);
    if (!a)
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
     * up (each costs an index lookup). */
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
    double n = (double)db_one_int(&q, 1);
    size_t kept = 0;
    for (size_t i = 0; i < nbest; i++) {
        if (db_prepare(db, &q, "SELECT doc FROM articles_fts_vocab WHERE term = :term") != DB_OK)
            goto out;
        db_bind_text(&q, ":term", terms[i].term);
        double df = (double)db_one_int(&q, 0);
        if (df < 2) /* only in this article: it cannot relate it to another */
            continue;
        terms[kept].term = terms[i].term;
        terms[kept++].score = terms[i].score * log(n / df);
    }
    qsort(terms, kept, sizeof *terms, by_score);
    nbest = kept < RELATED_TERMS ? kept : RELATED_TERMS;
    if (nbest == 0)
        goto out;
    struct buf expr = BUF_INIT;
    for (size_t i = 0; i < nbest; i++) {
        if (i)
            buf_puts(&expr, " OR ");
        put_string(&expr, terms[i].term);
    }
    if (db_prepare(db, &q,
                   "SELECT a.id, a.slug, a.title, a.dek, a.published_at,"
                   "  c.id AS \"category.id\", c.slug AS \"category.slug\","
                   "  c.name AS \"category.name\","
                   "  u.id AS \"author.id\", u.slug AS \"author.slug\", u.name AS \"author.name\""
                   " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                   " LEFT JOIN categories c ON c.id = a.category_id"
                   " LEFT JOIN users u ON u.id = a.author_id"
                   " WHERE articles_fts MATCH :match AND a.id <> :id AND a.published_at <= :now"
                   " ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0, 1.0) LIMIT :limit") == DB_OK) {
        db_bind_text(&q, ":match", buf_str(&expr));
        db_bind_int(&q, ":id", id);
        db_bind_int(&q, ":now", now);
        db_bind_int(&q, ":limit", limit);
        json_decref(related);
        related = db_rows_json(&q);
    }
    buf_free(&expr);
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
    if ((rc = db_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")) != DB_OK) {
        db_rollback(db);
        return rc;
    }
    struct db_stmt q;
    if (count &&
        db_prepare(db, &q, "SELECT count(*) FROM articles WHERE status = 'published'") == DB_OK)
        *count = db_one_int(&q, 0);
    return db_commit(db);
}
