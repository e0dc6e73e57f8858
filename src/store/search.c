/*
 * search.c: the site search over the index, and rebuilding the index.
 *
 * The reader's query arrives parsed (text/query.c) into the very tokens the index holds, and is
 * turned here into FTS5 expressions in which every token is a quoted string: nothing the reader
 * typed can become FTS5 syntax. The results come in three tiers, each ranked by sahifa_rank
 * (store/fts.c) among all of its articles, never among a window of recent ones:
 *
 *   1. articles with every word of the query in their title, found from the titles' own
 *      tokens (^word: short lists, so a common word costs little);
 *   2. the other articles with every word (in any inflection), anywhere;
 *   3. only when those are few (under FEW), or the query is a sentence (LONG_QUERY words or
 *      more), the articles with some of the words, those with most of them first; being most
 *      of the archive for a sentence of common words, they are ranked among the newest
 *      T3_WINDOW of them, as every tier was before the archive grew.
 *
 * A sentence's tiers 2 and 3 are one (rank_sentence()): a question's answer rarely holds all
 * its words, so an article with the rarest of them ranks above one with every word by chance.
 *
 * Each word counts as its best alternative: the word as typed, or one of its stems (s and ~s,
 * one alternative). How many articles hold each alternative (its idf) is worked out here, once
 * per query, from at most RANK_DOCS_EXACT matches (store/rank.c), and handed to sahifa_rank.
 * docs/ARCHITECTURE.md ("Search") gives the reasons; docs/PERFORMANCE.md the measures.
 */
#include "store/store.h"
#include "base/buf.h"
#include "base/mem.h"
#include "store/rank.h"
#include "text/markdown.h"
#include "text/query.h"
#include "text/snippet.h"

#include <stdlib.h>
#include <string.h>

enum {
    COUNT_CAP = 10000,    /* "more than ten thousand": counting stops there */
    FEW = 10,             /* fewer articles with every word: those with some follow */
    LONG_QUERY = 4,       /* words from which a query is read as a sentence */
    T3_WINDOW = 1000,     /* the newest articles with some words that tier 3 ranks */
    PAGE_MAX = 100,       /* results a page can ask for */
    TITLE_BODY_MAX = 100, /* a one-word tier 1 this short is ranked on title and body */
};

/* The word as typed, with its article, clitics and endings (الدولية), scores above its stem
 * (دول, which holds دولة and دول too) by this factor, besides its own rarer idf: the form a
 * reader wrote is the better evidence. On the retrieval set (docs/PERFORMANCE.md) MRR@10 is
 * 0.8685 at 1.0, 0.8716 at 1.2 and 0.8675 at 1.5. */
static const double TYPED_WEIGHT = 1.2;

/* What the ranking knows of one term of the query: its alternatives (global numbers from
 * first_alt) and, per FTS5 phrase of the term, the alternative it counts for and the one it
 * forms alone (-1: none). */
enum { TERM_PHRASES = 1 + 2 * STEM_MAX };

struct plan_term {
    const struct query_term *t;
    int first_alt, nalts;
    int alt_of[TERM_PHRASES], alone_of[TERM_PHRASES];
};

struct plan {
    struct plan_term pos[QUERY_MAX_TERMS], neg[QUERY_MAX_TERMS];
    int npos, nneg; /* positive terms (loose words included), excluded ones */
    int nrequired;  /* positive terms every article of tiers 1 and 2 has (not loose) */
    int nalts;
    struct buf alts; /* sahifa_rank's description of the alternatives: "T:W:D,…" */
};

/* An FTS5 expression with sahifa_rank's description of its phrases. */
struct expr {
    struct buf text, phrases;
};

static void expr_free(struct expr *x)
{
    buf_free(&x->text);
    buf_free(&x->phrases);
}

static void put_phrase(struct expr *x, int alt, int alone)
{
    if (x->phrases.len)
        buf_putc(&x->phrases, ',');
    if (alt < 0)
        buf_putc(&x->phrases, '-');
    else if (alone < 0)
        buf_printf(&x->phrases, "%d", alt);
    else
        buf_printf(&x->phrases, "%d/%d", alt, alone);
}

/* Appends one term, its tokens behind mark ("" or QUERY_TITLE_MARK); scored or only narrowing
 * the matches (its phrases described "-"). */
static void put_term(struct expr *x, const struct plan_term *pt, const char *mark, bool scored)
{
    const struct query_term *t = pt->t;
    switch (t->kind) {
    case QUERY_WORD:
    case QUERY_PREFIX:
        buf_putc(&x->text, '(');
        for (int i = 0; i < t->ntokens; i++) {
            if (i)
                buf_puts(&x->text, " OR ");
            store_rank_string(&x->text, mark, t->tokens[i]);
            if (t->kind == QUERY_PREFIX)
                buf_puts(&x->text, " *");
            bool alone = scored && pt->alone_of[i] >= 0;
            put_phrase(x, scored ? pt->first_alt + pt->alt_of[i] : -1,
                       alone ? pt->first_alt + pt->alone_of[i] : -1);
        }
        buf_putc(&x->text, ')');
        break;
    case QUERY_PHRASE: {
        struct buf phrase = BUF_INIT;
        for (int i = 0; i < t->ntokens; i++)
            buf_printf(&phrase, "%s%s%s", i ? " " : "", mark, t->tokens[i]);
        store_rank_string(&x->text, "", buf_str(&phrase));
        buf_free(&phrase);
        put_phrase(x, scored ? pt->first_alt : -1, -1);
        break;
    }
    }
}

/* Every positive term, joined by AND (a phrase's loose words aside: the phrase stands). */
static void put_all(struct expr *x, const struct plan *p, const char *mark, bool scored)
{
    buf_putc(&x->text, '(');
    int n = 0;
    for (int i = 0; i < p->npos; i++) {
        if (p->pos[i].t->loose)
            continue;
        if (n++)
            buf_puts(&x->text, " AND ");
        put_term(x, &p->pos[i], mark, scored);
    }
    buf_putc(&x->text, ')');
}

/* Any of the positive terms: with loose, phrases too (their loose words are in the plan);
 * without, the words and prefixes OR'd and every phrase required. */
static void put_any(struct expr *x, const struct plan *p, bool scored, bool loose)
{
    buf_putc(&x->text, '(');
    int n = 0;
    for (int i = 0; i < p->npos; i++) {
        if (p->pos[i].t->kind == QUERY_PHRASE && !loose)
            continue;
        buf_puts(&x->text, n++ ? " OR " : "(");
        put_term(x, &p->pos[i], "", scored);
    }
    if (n)
        buf_putc(&x->text, ')');
    for (int i = 0; i < p->npos && !loose; i++) {
        if (p->pos[i].t->kind != QUERY_PHRASE)
            continue;
        if (n++)
            buf_puts(&x->text, " AND ");
        put_term(x, &p->pos[i], "", scored);
    }
    buf_putc(&x->text, ')');
}

/* NOT each excluded term. */
static void put_not(struct expr *x, const struct plan *p)
{
    for (int i = 0; i < p->nneg; i++) {
        buf_puts(&x->text, " NOT ");
        put_term(x, &p->neg[i], "", false);
    }
}

/* The expression text of one alternative of a term, to count its articles. */
static void alt_match(struct buf *out, const struct plan_term *pt, int alt)
{
    const struct query_term *t = pt->t;
    if (t->kind == QUERY_PHRASE) {
        struct expr x = {BUF_INIT, BUF_INIT};
        put_term(&x, pt, "", false);
        buf_puts(out, buf_str(&x.text));
        expr_free(&x);
        return;
    }
    int n = 0;
    for (int i = 0; i < t->ntokens; i++) {
        if (pt->alt_of[i] != alt && pt->alone_of[i] != alt)
            continue;
        if (n++)
            buf_puts(out, " OR ");
        store_rank_string(out, "", t->tokens[i]);
        if (t->kind == QUERY_PREFIX)
            buf_puts(out, " *");
    }
}

/* A term's alternatives: for a word, the form typed (when it is not a stem) alone at
 * TYPED_WEIGHT, and each stem s with ~s after it, another reading's at half weight; for a
 * prefix, its two tokens together; for a phrase, itself. */
static void plan_alternatives(struct plan_term *pt, double *weight)
{
    const struct query_term *t = pt->t;
    pt->nalts = 0;
    for (int i = 0; i < t->ntokens && i < TERM_PHRASES; i++) {
        unsigned char f = t->kind == QUERY_WORD ? t->flags[i] : 0;
        pt->alone_of[i] = -1;
        if (i > 0 && (t->kind == QUERY_PREFIX || (f & QUERY_TOKEN_SAME))) {
            pt->alt_of[i] = pt->alt_of[i - 1];
        } else {
            pt->alt_of[i] = pt->nalts;
            /* A word's first token, when the word is not its own stem, is the word as typed
             * (QUERY_WORD in text/query.h). */
            bool typed =
                t->kind == QUERY_WORD && i == 0 && t->ntokens > 1 && !(f & QUERY_TOKEN_EXACT);
            weight[pt->nalts++] = typed ? TYPED_WEIGHT : f & QUERY_TOKEN_OTHER ? 0.5 : 1.0;
        }
        if (f & QUERY_TOKEN_EXACT) {
            pt->alone_of[i] = pt->nalts;
            weight[pt->nalts++] = 1.0;
        }
    }
}

/* Reads the query's terms and describes their alternatives, with how many articles hold
 * each. DB_OK or the database's error. */
static int plan_make(struct db *db, const struct query *q, struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->alts = (struct buf)BUF_INIT;
    struct rank_span span;
    int rc = q->npositive > 0 ? store_rank_span(db, &span) : DB_OK;
    if (rc != DB_OK)
        return rc;
    for (int i = 0; i < q->nterms; i++) {
        const struct query_term *t = &q->terms[i];
        if (t->ntokens == 0)
            continue;
        if (t->excluded) {
            p->neg[p->nneg++].t = t;
            continue;
        }
        struct plan_term *pt = &p->pos[p->npos];
        pt->t = t;
        pt->first_alt = p->nalts;
        double weight[2 * TERM_PHRASES];
        plan_alternatives(pt, weight);
        for (int a = 0; a < pt->nalts; a++) {
            struct buf match = BUF_INIT;
            alt_match(&match, pt, a);
            double docs = store_rank_docs(db, buf_str(&match), &span);
            buf_free(&match);
            if (docs < 0)
                return (int)docs;
            buf_printf(&p->alts, "%s%d:%g:%.0f", p->alts.len ? "," : "", p->npos, weight[a], docs);
        }
        p->nalts += pt->nalts;
        p->nrequired += !t->loose;
        p->npos++;
    }
    return DB_OK;
}

bool store_search_match(const struct query *q, struct buf *expr)
{
    struct plan p;
    memset(&p, 0, sizeof p);
    for (int i = 0; i < q->nterms; i++) {
        const struct query_term *t = &q->terms[i];
        if (t->ntokens == 0 || t->loose)
            continue;
        struct plan_term *pt = t->excluded ? &p.neg[p.nneg++] : &p.pos[p.npos++];
        pt->t = t;
    }
    if (p.npos == 0)
        return false;
    struct expr x = {BUF_INIT, BUF_INIT};
    put_any(&x, &p, false, false);
    put_not(&x, &p);
    buf_puts(expr, buf_str(&x.text));
    expr_free(&x);
    return true;
}

/* One result with its marked title and passage (text/snippet.c) in *out: DB_OK, DB_DONE when
 * it is gone, or the error. */
static int fetch(struct db *db, const struct query *q, int64_t id, json_t **out)
{
    struct db_stmt st;
    int rc = db_prepare(db, &st,
                        "SELECT a.id, a.slug, a.title, a.dek, a.body, a.published_at,"
                        "  c.id AS \"category.id\", c.slug AS \"category.slug\","
                        "  c.name AS \"category.name\""
                        " FROM articles a LEFT JOIN categories c ON c.id = a.category_id"
                        " WHERE a.id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&st, ":id", id);
    json_t *row;
    if ((rc = db_one_json(&st, &row)) != DB_OK)
        return rc;
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
    *out = row;
    return DB_OK;
}

/* A run of results: the part of one tier [first, first + size) of the ordered list that falls
 * on the page. */
struct tier {
    struct expr x;
    int64_t first, size; /* size: -1 when open-ended */
    int64_t floor;       /* only ids from here up are ranked (0: all) */
};

static void tier_free(struct tier *t)
{
    expr_free(&t->x);
}

/* Appends to ids the tier's results that fall on the page [offset, offset + limit). */
static int rank_tier(struct db *db, const struct tier *t, const struct plan *p,
                     const struct rank_filter *f, bool by_date, int offset, int limit, int64_t *ids,
                     int *n)
{
    int64_t from = offset > t->first ? offset - t->first : 0;
    int64_t want = (int64_t)offset + limit - (t->first + from);
    if (t->size >= 0 && from + want > t->size)
        want = t->size - from;
    if (want > limit - *n)
        want = limit - *n;
    if (want <= 0)
        return DB_OK;
    struct rank_page page = {.match = buf_str(&t->x.text),
                             .phrases = buf_str(&t->x.phrases),
                             .alts = buf_str(&p->alts),
                             .by_date = by_date,
                             .floor = t->floor,
                             .offset = (int)from,
                             .limit = (int)want};
    int got = store_rank_ids(db, &page, f, ids + *n);
    if (got < 0)
        return got;
    *n += got;
    return DB_OK;
}

/* The best k of two ranked lists (ids and scores, best first), merged by score (then the
 * higher id, as each statement orders), into out: their number. */
static int merge_ranked(const int64_t *a, const double *as, int na, const int64_t *b,
                        const double *bs, int nb, int k, int64_t *out)
{
    int i = 0, j = 0, n = 0;
    while (n < k && (i < na || j < nb)) {
        bool take_a = j >= nb || (i < na && (as[i] > bs[j] || (as[i] == bs[j] && a[i] > b[j])));
        out[n++] = take_a ? a[i++] : b[j++];
    }
    return n;
}

/* The best [from, from + want) of a sentence's articles with every word (tier all, not ranked
 * when its size is 0) and with some (tier some, from its floor up), ranked together: each
 * statement ranks its best from + want, by relevance without the lead of those with every
 * word, and the two lists are merged. The ids are appended to ids at *n. */
static int rank_sentence(struct db *db, const struct tier *all, const struct tier *some,
                         const struct plan *p, const struct rank_filter *f, int64_t from,
                         int64_t want, int64_t *ids, int *n)
{
    int k = (int)(from + want);
    int64_t *a = xmalloc(3 * (size_t)k * sizeof *a), *b = a + k, *merged = b + k;
    double *as = xmalloc(2 * (size_t)k * sizeof *as), *bs = as + k;
    struct rank_page page = {.match = buf_str(&all->x.text),
                             .phrases = buf_str(&all->x.phrases),
                             .alts = buf_str(&p->alts),
                             .limit = k,
                             .scores = as};
    int na = all->size == 0 ? 0 : store_rank_ids(db, &page, f, a), nb = 0, rc = DB_OK;
    if (na >= 0) {
        page = (struct rank_page){.match = buf_str(&some->x.text),
                                  .phrases = buf_str(&some->x.phrases),
                                  .alts = buf_str(&p->alts),
                                  .floor = some->floor,
                                  .limit = k,
                                  .scores = bs};
        nb = store_rank_ids(db, &page, f, b);
    }
    if (na < 0 || nb < 0) {
        rc = na < 0 ? na : nb;
    } else {
        int got = merge_ranked(a, as, na, b, bs, nb, k, merged);
        for (int64_t i = from; i < got; i++)
            ids[(*n)++] = merged[i];
    }
    free(a);
    free(as);
    return rc;
}

/* What one search has counted. */
struct counts {
    int64_t all;   /* articles with every term (capped at COUNT_CAP + 1) */
    int64_t total; /* the results: those, or those with some terms */
    bool some;     /* tier 3 follows */
};

/* The page's ids by relevance: the three tiers in turn. */
static int rank_page_tiers(struct db *db, const struct plan *p, const struct counts *c,
                           const struct rank_filter *f, int offset, int limit, int64_t *ids, int *n)
{
    struct tier t1 = {0}, t2 = {0}, t3 = {0};
    int rc = DB_ERROR;
    /* Tier 1, counted as far as the page needs (or as TITLE_BODY_MAX, for one word). A query
     * of one word ranks a short tier 1 on the title and the body alike, since every article in
     * it has the word in its title; other tiers 1 are ranked on their titles, as a list of
     * headlines holding every word: reading a body's words too would cost a seek in each of
     * the words' long lists per article. */
    int64_t need = (int64_t)offset + limit;
    if (p->nrequired == 1 && need < TITLE_BODY_MAX + 1)
        need = TITLE_BODY_MAX + 1;
    put_all(&t1.x, p, QUERY_TITLE_MARK, false);
    put_not(&t1.x, p);
    t1.size = store_rank_count(db, buf_str(&t1.x.text), f, need);
    if (t1.size < 0) {
        rc = (int)t1.size;
        goto out;
    }
    expr_free(&t1.x);
    t1.x = (struct expr){BUF_INIT, BUF_INIT};
    if (p->nrequired == 1 && t1.size <= TITLE_BODY_MAX) {
        buf_putc(&t1.x.text, '(');
        put_all(&t1.x, p, QUERY_TITLE_MARK, false);
        buf_puts(&t1.x.text, " AND ");
        put_all(&t1.x, p, "", true);
        buf_putc(&t1.x.text, ')');
    } else {
        put_all(&t1.x, p, QUERY_TITLE_MARK, true);
    }
    put_not(&t1.x, p);
    if ((rc = rank_tier(db, &t1, p, f, false, offset, limit, ids, n)) != DB_OK)
        goto out;
    /* Tier 2: every term, not all in the title. */
    bool sentence = c->some && p->nrequired >= LONG_QUERY;
    buf_putc(&t2.x.text, '(');
    put_all(&t2.x, p, "", true);
    buf_puts(&t2.x.text, " NOT ");
    put_all(&t2.x, p, QUERY_TITLE_MARK, false);
    buf_putc(&t2.x.text, ')');
    put_not(&t2.x, p);
    t2.first = t1.size;
    t2.size = c->all > COUNT_CAP ? -1 : c->all - t1.size;
    /* Tier 3: some terms, among the newest T3_WINDOW of them. When no article has every
     * term, that is any term: without a NOT of them all, which FTS5 would evaluate in every
     * row, reading each term's positions twice. */
    if (c->some) {
        buf_putc(&t3.x.text, '(');
        put_any(&t3.x, p, true, true);
        if (c->all > 0) {
            buf_puts(&t3.x.text, " NOT ");
            put_all(&t3.x, p, "", false);
        }
        buf_putc(&t3.x.text, ')');
        put_not(&t3.x, p);
    }
    if (!sentence && (rc = rank_tier(db, &t2, p, f, false, offset, limit, ids, n)) != DB_OK)
        goto out;
    if (c->some && *n < limit) {
        /* A sentence's tiers 2 and 3 are one: below. */
        int64_t first = sentence ? t1.size : c->all;
        int64_t from = offset > first ? offset - first : 0;
        if (c->total - c->all > T3_WINDOW)
            t3.floor = store_rank_floor(db, buf_str(&t3.x.text), T3_WINDOW + from + limit);
        t3.first = first;
        t3.size = -1;
        if (t3.floor < 0)
            rc = (int)t3.floor;
        else if (sentence)
            rc = rank_sentence(db, &t2, &t3, p, f, from, limit - *n, ids, n);
        else
            rc = rank_tier(db, &t3, p, f, false, offset, limit, ids, n);
    }
out:
    tier_free(&t1);
    tier_free(&t2);
    tier_free(&t3);
    return rc;
}

/* The page's ids, newest first: among the articles with every term, all of them; among those
 * with some, the newest window by id (as tier 3). */
static int rank_page_by_date(struct db *db, const struct expr *scope, const struct counts *c,
                             const struct plan *p, const struct rank_filter *f, int offset,
                             int limit, int64_t *ids, int *n)
{
    struct tier t = {.x = *scope, .size = -1};
    if (c->some && c->total > T3_WINDOW)
        t.floor = store_rank_floor(db, buf_str(&scope->text), T3_WINDOW + offset + limit);
    if (t.floor < 0)
        return (int)t.floor;
    return rank_tier(db, &t, p, f, true, offset, limit, ids, n);
}

int store_search(struct db *db, const struct query *q, const struct search_options *o, int64_t now,
                 json_t **found)
{
    json_t *out = json_object();
    json_object_set_new(out, "total", json_integer(0));
    json_t *results = json_array();
    json_object_set_new(out, "results", results);
    struct plan p;
    struct expr all = {BUF_INIT, BUF_INIT}, any = {BUF_INIT, BUF_INIT};
    int rc = plan_make(db, q, &p);
    if (rc != DB_OK || p.npos == 0)
        goto done;
    struct rank_filter f = {.now = now, .from = o->from, .to = o->to, .category = o->category_id};
    struct counts c = {0};
    put_all(&all, &p, "", true);
    put_not(&all, &p);
    if ((c.all = store_rank_count(db, buf_str(&all.text), &f, COUNT_CAP + 1)) < 0) {
        rc = (int)c.all;
        goto done;
    }
    /* Some terms only: when every term finds few articles, or the query is a sentence. */
    c.some = p.npos > 1 && (c.all < FEW || p.nrequired >= LONG_QUERY);
    c.total = c.all;
    if (c.some) {
        put_any(&any, &p, true, true);
        put_not(&any, &p);
        if ((c.total = store_rank_count(db, buf_str(&any.text), &f, COUNT_CAP + 1)) < 0) {
            rc = (int)c.total;
            goto done;
        }
    }
    const struct expr *scope = c.some ? &any : &all;
    int64_t total = c.total > COUNT_CAP ? COUNT_CAP : c.total;
    json_object_set_new(out, "total", json_integer(total));
    if (c.total > COUNT_CAP)
        json_object_set_new(out, "more", json_true());
    if (o->facets) {
        json_t *facets;
        if ((rc = store_rank_facets(db, buf_str(&scope->text), &f, COUNT_CAP + 1, &facets)) !=
            DB_OK)
            goto done;
        json_object_set_new(out, "categories", facets);
    }
    if (o->text && c.all < FEW) {
        char *better = NULL;
        if ((rc = store_suggest(db, o->text, strlen(o->text), &better)) != DB_OK)
            goto done;
        if (better)
            json_object_set_new(out, "suggestion", json_string(better));
        free(better);
    }
    int limit = o->limit < PAGE_MAX ? o->limit : PAGE_MAX;
    if (total == 0 || limit <= 0 || o->offset >= total)
        goto done;
    int64_t ids[PAGE_MAX];
    int n = 0;
    rc = o->by_date ? rank_page_by_date(db, scope, &c, &p, &f, o->offset, limit, ids, &n)
                    : rank_page_tiers(db, &p, &c, &f, o->offset, limit, ids, &n);
    for (int i = 0; i < n && rc == DB_OK; i++) {
        json_t *row;
        if ((rc = fetch(db, q, ids[i], &row)) == DB_OK)
            json_array_append_new(results, row);
        else if (rc == DB_DONE) /* unpublished since it was ranked */
            rc = DB_OK;
    }
done:
    expr_free(&all);
    expr_free(&any);
    buf_free(&p.alts);
    if (rc != DB_OK) {
        json_decref(out);
        out = NULL;
    }
    *found = out;
    return rc;
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

int store_index_optimize(struct db *db)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    if ((rc = db_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('optimize');")) != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}
