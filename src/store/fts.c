/*
 * fts.c: the search index's tokenizer and ranking function, for SQLite FTS5, and the
 * normalizer as an SQL function (sahifa_normalize).
 *
 * The tokenizer "sahifa". Indexing (and FTS5's re-reading for snippets) splits the text into
 * words (text/tokenize.c), normalizes each (text/normalize.c) and emits, at the word's position,
 * query_word_tokens() (text/query.h): the normalized word itself as the token, then, colocated,
 * QUERY_STEM_MARK + each of its stems (text/stem.c) that differs from it. A word that is its own
 * stem (اتفاق) is one token; الاتفاق is الاتفاق and ~اتفاق; كتاب, its own stem but maybe ك +
 * تاب, is كتاب and ~تاب. A title (a text behind FTS_TITLE_MARK: the article_search view puts
 * it there) has each of its words' tokens once more behind QUERY_TITLE_MARK (^الاتفاق
 * ^~اتفاق), colocated: the titles' own short lists, from which the search finds the articles
 * with every word of a query in their title without reading every body that has them.
 * Offsets are those of the word as written, so highlights fall on the original text, harakat
 * and all. Queries are built by store/search.c from text/query.c's tokens, already final: in
 * query mode the tokenizer only splits on spaces.
 *
 * The ranking function sahifa_rank(articles_fts, phrases, alts [, published_at, now
 * [, all_first]]). A query
 * is a list of terms (its words, prefixes and phrases), each matched by one or more
 * alternatives (the word as typed, a stem as s or ~s, another reading of the word at half
 * weight), each made of one or more FTS5 phrases. The two descriptions, written by
 * store/search.c and read by rank_describe_read(), say which phrase counts for which
 * alternative and how many articles hold each alternative (its idf: store/search.c estimates
 * it once per query; FTS5's own bm25() reads every match of every phrase for it). The score:
 *
 *   1. articles with all the terms come first (10000 is added to their score), unless
 *      all_first is given and 0: then the score is the relevance below alone (the site search
 *      ranks each tier in its own statement, and merges two statements' scores for a
 *      sentence; a lead of 10000 would only cost the scores their last digits);
 *   2. then, in each of the two tiers, relevance: BM25 (k1 1.2, b 0.75) summed over the
 *      terms, a term scoring as its best alternative (so the word as the reader typed it,
 *      rarer than its stem, scores above another inflection), with column weights title 5,
 *      dek 2, body 1, taxonomy 1; plus, for two of the query's words next to each other in
 *      its order (or one or two words apart), PROXIMITY times the column's weight, halved per
 *      word between, times the rarer word's idf; plus, for a word that the body says within
 *      its first EARLY_WORDS words, EARLY times its idf, less the further in;
 *   3. times the share of the terms matched, each term counting its idf (the highest weighted
 *      idf of its alternatives), 0.5 + 0.5 * matched idf / all terms' idf: among articles
 *      missing some words, those with most of them, and the rarest, rank higher (a strict
 *      "more words first" order measured worse on our retrieval set: MRR@10 0.846 against
 *      0.854; counting each term 1 rather than its idf, 0.8700 against 0.8716:
 *      docs/PERFORMANCE.md);
 *   4. times a mild recency boost: 1 + 0.2 * 0.5^(age in days / 30): at most +20% for an
 *      article published now, +10% at a month, nearly nothing after a few months.
 *
 * Higher is better (ORDER BY sahifa_rank(...) DESC). The tiers that store/search.c ranks
 * separately (every word in the title; every word; some words) are separate statements.
 */
#include "store/fts.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Texts tokenized ahead of time (fts_tokens_record), by a hash of their length and ends. */
struct fts_replay {
    struct u64map index; /* key -> position in texts + 1 */
    struct replay_text {
        const char *text;
        size_t n;
        const struct buf *tokens;
    } * texts;
    size_t ntexts, cap;
};

/* The tokenizer. */

struct tokenizer {
    struct fts_replay *replay; /* the connection's */
};

static int tok_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    (void)args, (void)nargs;
    struct tokenizer *t = xcalloc(1, sizeof *t);
    t->replay = ctx;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    free(t);
}

typedef int (*token_cb)(void *ctx, int flags, const char *token, int n, int start, int end);

struct tok_run {
    void *ctx;
    token_cb emit;
    struct buf norm;
    fts_word_cb word; /* told every normalized word, or NULL */
    void *word_ctx;
    int shift;  /* bytes before the text that words_each() reads (a title's mark) */
    bool title; /* a title: each token once more behind QUERY_TITLE_MARK */
};

/* Emits a word's tokens again behind QUERY_TITLE_MARK, colocated, at the word's offsets. */
static int emit_title_tokens(struct tok_run *t, const char *const *tokens, const size_t *len, int n,
                             int b, int e)
{
    char marked[QUERY_WORD_BYTES + 4];
    int rc = SQLITE_OK;
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        size_t k = len[i] < sizeof marked - 2 ? len[i] : sizeof marked - 2;
        marked[0] = QUERY_TITLE_MARK[0];
        memcpy(marked + 1, tokens[i], k);
        rc = t->emit(t->ctx, FTS5_TOKEN_COLOCATED, marked, (int)k + 1, b, e);
    }
    return rc;
}

static int on_doc_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct tok_run *t = ctx;
    buf_reset(&t->norm);
    ar_normalize(&t->norm, s + start, len);
    if (t->norm.len == 0)
        return 0;
    if (t->word)
        t->word(t->word_ctx, t->norm.p, t->norm.len);
    /* The word, then ~stem for each stem that differs from it (text/query.h). */
    struct word_tokens wt;
    query_word_tokens(buf_str(&t->norm), t->norm.len, &wt);
    int b = (int)start + t->shift, e = (int)(start + len) + t->shift;
    int rc = SQLITE_OK;
    for (int i = 0; i < wt.n && rc == SQLITE_OK; i++)
        rc = t->emit(t->ctx, i ? FTS5_TOKEN_COLOCATED : 0, wt.s[i], (int)wt.len[i], b, e);
    if (t->title && rc == SQLITE_OK) {
        const char *tokens[1 + STEM_MAX];
        for (int i = 0; i < wt.n; i++)
            tokens[i] = wt.s[i];
        rc = emit_title_tokens(t, tokens, wt.len, wt.n, b, e);
    }
    return rc;
}

static const struct buf *replay_find(const struct fts_replay *r, const char *text, size_t n);
static int replay(const struct buf *rec, struct tok_run *t);

static int tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
                        token_cb emit)
{
    if (n <= 0)
        return SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY) {
        /* Tokens made by store/search.c: split on spaces, nothing else. */
        int i = 0, rc = SQLITE_OK;
        while (i < n && rc == SQLITE_OK) {
            while (i < n && text[i] == ' ')
                i++;
            int start = i;
            while (i < n && text[i] != ' ')
                i++;
            if (i > start)
                rc = emit(ctx, 0, text + start, i - start, start, i);
        }
        return rc;
    }
    /* A title comes behind FTS_TITLE_MARK (the article_search view puts it there). */
    bool title = text[0] == FTS_TITLE_MARK;
    struct tok_run t = {ctx, emit, BUF_INIT, NULL, NULL, title, title};
    const struct buf *recorded =
        replay_find(((struct tokenizer *)tok)->replay, text + title, (size_t)(n - title));
    if (recorded)
        return replay(recorded, &t);
    int rc = words_each(text + title, (size_t)(n - title), on_doc_word, &t);
    buf_free(&t.norm);
    return rc;
}

/* A recording: per token, a head byte (bit 0: FTS5_TOKEN_COLOCATED; bit 1: at the previous
 * token's offsets, as a word's colocated tokens are), else the start as a varint from the
 * previous start and the length as a varint; then the token's length (one byte) and bytes. A
 * word's tokens take a few bytes each besides their own. */
struct recording {
    struct buf *out;
    int start, end; /* the last token's offsets */
};

static void put_varint(struct buf *out, uint32_t v)
{
    while (v >= 0x80) {
        buf_putc(out, (char)(v | 0x80));
        v >>= 7;
    }
    buf_putc(out, (char)v);
}

static uint32_t get_varint(const char **p, const char *end)
{
    uint32_t v = 0;
    for (int shift = 0; *p < end && shift < 32; shift += 7) {
        unsigned char c = (unsigned char)*(*p)++;
        v |= (uint32_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            break;
    }
    return v;
}

static int record_token(void *ctx, int flags, const char *token, int n, int start, int end)
{
    struct recording *r = ctx;
    _Static_assert(QUERY_WORD_BYTES + 2 <= 255 && STEM_BYTES + 2 <= 255,
                   "a token's length is a byte");
    bool same = start == r->start && end == r->end;
    buf_putc(r->out, (char)((flags & FTS5_TOKEN_COLOCATED ? 1 : 0) | (same ? 2 : 0)));
    if (!same) {
        put_varint(r->out, (uint32_t)(start - r->start));
        put_varint(r->out, (uint32_t)(end - start));
        r->start = start, r->end = end;
    }
    buf_putc(r->out, (char)n);
    buf_append(r->out, token, (size_t)n);
    return SQLITE_OK;
}

void fts_tokens_record(struct buf *out, const char *text, size_t n, fts_word_cb word,
                       void *word_ctx)
{
    buf_reset(out);
    struct recording r = {out, 0, 0};
    struct tok_run t = {&r, record_token, BUF_INIT, word, word_ctx, 0, false};
    words_each(text, n, on_doc_word, &t);
    buf_free(&t.norm);
}

/* Emits the recorded tokens, shifted by t->shift, and for a title each word's tokens again
 * behind QUERY_TITLE_MARK after the word's own (as on_doc_word() does). */
static int replay(const struct buf *rec, struct tok_run *t)
{
    const char *p = rec->p, *end = rec->p + rec->len;
    int start = 0, stop = 0, rc = SQLITE_OK;
    const char *word[1 + STEM_MAX];
    size_t len[1 + STEM_MAX];
    int nword = 0, word_start = 0, word_stop = 0;
    while (p < end && rc == SQLITE_OK) {
        unsigned char head = (unsigned char)*p++;
        if (!(head & 2)) {
            start += (int)get_varint(&p, end);
            stop = start + (int)get_varint(&p, end);
        }
        if (p >= end)
            break;
        int n = (unsigned char)*p++;
        if (n > end - p)
            break;
        if (t->title && !(head & 1) && nword) {
            rc = emit_title_tokens(t, word, len, nword, word_start, word_stop);
            nword = 0;
        }
        if (rc == SQLITE_OK)
            rc = t->emit(t->ctx, head & 1 ? FTS5_TOKEN_COLOCATED : 0, p, n, start + t->shift,
                         stop + t->shift);
        if (nword < 1 + STEM_MAX) {
            word[nword] = p;
            len[nword++] = (size_t)n;
            word_start = start + t->shift, word_stop = stop + t->shift;
        }
        p += n;
    }
    if (t->title && nword && rc == SQLITE_OK)
        rc = emit_title_tokens(t, word, len, nword, word_start, word_stop);
    return rc;
}

/* Only the length and both ends are hashed (a whole body would cost more than it saves); a
 * match is then compared byte for byte. */
static uint64_t replay_key(const char *text, size_t n)
{
    size_t k = n < 64 ? n : 64;
    uint64_t h = u64_hash(U64_HASH_SEED, &n, sizeof n);
    h = u64_hash(h, text, k);
    return u64_hash(h, text + n - k, k) | 1;
}

static const struct buf *replay_find(const struct fts_replay *r, const char *text, size_t n)
{
    if (!r || r->ntexts == 0)
        return NULL;
    const int64_t *at = u64map_get(&r->index, replay_key(text, n));
    if (!at)
        return NULL;
    const struct replay_text *x = &r->texts[*at - 1];
    return x->n == n && memcmp(x->text, text, n) == 0 ? x->tokens : NULL;
}

void fts_replay_add(struct fts_replay *r, const char *text, size_t n, const struct buf *tokens)
{
    if (n == 0)
        return;
    int64_t *at = u64map_put(&r->index, replay_key(text, n));
    if (*at)
        return; /* the same ends and length as another text: that one is tokenized again */
    if (r->ntexts == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->texts = xrealloc(r->texts, r->cap * sizeof *r->texts);
    }
    r->texts[r->ntexts++] = (struct replay_text){text, n, tokens};
    *at = (int64_t)r->ntexts;
}

void fts_replay_clear(struct fts_replay *r)
{
    u64map_free(&r->index);
    r->ntexts = 0;
}

static void replay_free(void *p)
{
    struct fts_replay *r = p;
    u64map_free(&r->index);
    free(r->texts);
    free(r);
}

/* The ranking function. */

enum { COLUMNS = 4, MAX_TERMS = 64, BODY = 2 };
static const double column_weight[COLUMNS] = {5.0, 2.0, 1.0, 1.0};
static const double k1 = 1.2, b = 0.75;
/* Two of the query's words next to each other, in the query's order: the pair adds its
 * column's weight, halved for every word between them (at most NEAR_WORDS - 1), times the
 * rarer word's idf, times PROXIMITY. */
static const double PROXIMITY = 0.5;
enum { NEAR_WORDS = 3 };
/* A word the body says within its first EARLY_WORDS words adds its idf times EARLY, less the
 * further it comes: a story's lead names what it is about. */
static const double EARLY = 0.4;
enum { EARLY_WORDS = 30 };

/* One way a term can match, scored by BM25 on its own: one phrase, or several standing for one
 * stem (s and ~s), whose hits add up. Its number of articles comes from the caller. */
struct rank_alt {
    int term;
    double weight, docs, idf;
    double tf; /* scratch, per row */
};

/* What one query needs for every row, read at its first row. */
struct rank_query {
    int nphrases, nterms, nalts;
    int *alt;   /* per phrase: the alternative it counts for, or -1 (not scored) */
    int *alone; /* per phrase: a second alternative it forms alone, or -1 */
    struct rank_alt *alts;
    double avgdl;
    /* Per term: its highest weighted idf; and scratch for one row: its best score, its best
     * pairing with the term before it, its last instance, its first offset in the body. */
    double *term_idf, *best, *near;
    int *last_col, *last_off, *first_off;
};

static void rank_query_free(void *p)
{
    struct rank_query *q = p;
    free(q->alt);
    free(q->alone);
    free(q->alts);
    free(q->term_idf);
    free(q->best);
    free(q->near);
    free(q->last_col);
    free(q->last_off);
    free(q->first_off);
    free(q);
}

/* BM25's idf of a document frequency, floored just above zero as FTS5's own bm25() does, so a
 * term in more than half the articles still counts a little. */
static double idf_of(double rows, double hits)
{
    if (hits > rows)
        hits = rows;
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    return idf > 1e-6 ? idf : 1e-6;
}

/* Reads a non-negative integer at *s, advancing it; -1 when there is none. */
static long read_number(const char **s)
{
    if (**s < '0' || **s > '9')
        return -1;
    char *end;
    long v = strtol(*s, &end, 10);
    *s = end;
    return v;
}

/* Reads the two descriptions store/search.c writes:
 *   phrases: per FTS5 phrase, in order, comma-separated: "-" (not scored: an excluded term,
 *            or one that only narrows the matches), "A" (counts for alternative A) or "A/B"
 *            (also forms alternative B alone: the word as typed);
 *   alts:    per alternative, comma-separated, "T:W:D": its term T (0-based, in the query's
 *            order), its weight W and the number of articles D holding it.
 * Anything malformed is not scored. */
static void rank_describe_read(struct rank_query *q, const char *phrases, const char *alts)
{
    const char *a = alts ? alts : "";
    int cap = 2 * q->nphrases + 1;
    while (*a && q->nalts < cap) {
        long term = read_number(&a);
        double weight = 0, docs = 0;
        char *end;
        if (*a == ':') {
            weight = strtod(a + 1, &end);
            a = end;
        }
        if (*a == ':') {
            docs = strtod(a + 1, &end);
            a = end;
        }
        if (term < 0 || term >= MAX_TERMS)
            term = -1;
        q->alts[q->nalts++] = (struct rank_alt){(int)term, weight, docs, 0, 0};
        if (term + 1 > q->nterms)
            q->nterms = (int)term + 1;
        a = strchr(a, ',');
        a = a ? a + 1 : "";
    }
    const char *p = phrases ? phrases : "";
    for (int i = 0; i < q->nphrases; i++) {
        long alt = read_number(&p), alone = -1;
        if (*p == '/') {
            p++;
            alone = read_number(&p);
        }
        q->alt[i] = alt >= 0 && alt < q->nalts && q->alts[alt].term >= 0 ? (int)alt : -1;
        q->alone[i] = q->alt[i] >= 0 && alone >= 0 && alone < q->nalts &&
                              q->alts[alone].term == q->alts[alt].term
                          ? (int)alone
                          : -1;
        p = strchr(p, ',');
        p = p ? p + 1 : "";
    }
}

static struct rank_query *rank_query_make(const Fts5ExtensionApi *api, Fts5Context *fts,
                                          const char *phrases, const char *alts)
{
    struct rank_query *q = xcalloc(1, sizeof *q);
    q->nphrases = api->xPhraseCount(fts);
    q->alt = xcalloc((size_t)q->nphrases + 1, sizeof *q->alt);
    q->alone = xcalloc((size_t)q->nphrases + 1, sizeof *q->alone);
    q->alts = xcalloc(2 * (size_t)q->nphrases + 1, sizeof *q->alts);
    rank_describe_read(q, phrases, alts);
    size_t terms = (size_t)q->nterms + 1;
    q->term_idf = xcalloc(terms, sizeof *q->term_idf);
    q->best = xcalloc(terms, sizeof *q->best);
    q->near = xcalloc(terms, sizeof *q->near);
    q->last_col = xcalloc(terms, sizeof *q->last_col);
    q->last_off = xcalloc(terms, sizeof *q->last_off);
    q->first_off = xcalloc(terms, sizeof *q->first_off);

    sqlite3_int64 rows = 0, tokens = 0;
    api->xRowCount(fts, &rows);
    api->xColumnTotalSize(fts, -1, &tokens);
    q->avgdl = rows ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; i < q->nalts; i++) {
        struct rank_alt *alt = &q->alts[i];
        alt->idf = idf_of((double)rows, alt->docs);
        if (alt->term >= 0 && alt->weight * alt->idf > q->term_idf[alt->term])
            q->term_idf[alt->term] = alt->weight * alt->idf;
    }
    return q;
}

/* Reads the row's instances (in the order of their positions: column, then offset) into the
 * alternatives' hits, the terms' pairings and their first offsets in the body. */
static void rank_read_row(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_query *q)
{
    for (int a = 0; a < q->nalts; a++)
        q->alts[a].tf = 0;
    for (int t = 0; t < q->nterms; t++) {
        q->near[t] = 0;
        q->last_col[t] = q->first_off[t] = -1;
    }
    int ninst = 0;
    api->xInstCount(fts, &ninst);
    for (int i = 0; i < ninst; i++) {
        int phrase, col, off;
        if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || phrase < 0 ||
            phrase >= q->nphrases || q->alt[phrase] < 0 || col < 0 || col >= COLUMNS)
            continue;
        q->alts[q->alt[phrase]].tf += column_weight[col];
        if (q->alone[phrase] >= 0)
            q->alts[q->alone[phrase]].tf += column_weight[col];
        int t = q->alts[q->alt[phrase]].term;
        if (t > 0 && q->last_col[t - 1] == col) {
            int gap = off - q->last_off[t - 1];
            if (gap >= 1 && gap <= NEAR_WORDS) {
                double w = column_weight[col] / (double)(1 << (gap - 1));
                if (w > q->near[t])
                    q->near[t] = w;
            }
        }
        q->last_col[t] = col;
        q->last_off[t] = off;
        if (col == BODY && q->first_off[t] < 0)
            q->first_off[t] = off;
    }
}

/* sahifa_rank(articles_fts, phrases, alts [, published_at, now [, all_first]]): the top of
 * this file. */
static void sahifa_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int nargs, sqlite3_value **args)
{
    struct rank_query *q = api->xGetAuxdata(fts, 0);
    if (!q) {
        q = rank_query_make(api, fts, nargs > 0 ? (const char *)sqlite3_value_text(args[0]) : "",
                            nargs > 1 ? (const char *)sqlite3_value_text(args[1]) : "");
        if (api->xSetAuxdata(fts, q, rank_query_free) != SQLITE_OK) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    rank_read_row(api, fts, q);
    int dl = 0;
    api->xColumnSize(fts, -1, &dl);
    double norm = k1 * (1 - b + b * dl / q->avgdl);
    memset(q->best, 0, (size_t)q->nterms * sizeof *q->best);
    for (int a = 0; a < q->nalts; a++) {
        const struct rank_alt *alt = &q->alts[a];
        if (alt->tf == 0)
            continue;
        double s = alt->weight * alt->idf * alt->tf * (k1 + 1) / (alt->tf + norm);
        if (s > q->best[alt->term])
            q->best[alt->term] = s;
    }
    int covered = 0, scored = 0;
    double relevance = 0, held = 0, weight = 0;
    for (int t = 0; t < q->nterms; t++) {
        covered += q->best[t] > 0;
        scored += q->term_idf[t] > 0;
        weight += q->term_idf[t];
        if (q->best[t] > 0)
            held += q->term_idf[t];
        relevance += q->best[t];
        if (q->first_off[t] >= 0 && q->first_off[t] < EARLY_WORDS)
            relevance += EARLY * q->term_idf[t] * (1 - q->first_off[t] / (double)EARLY_WORDS);
        if (t > 0 && q->near[t] > 0) {
            double rarer =
                q->term_idf[t] < q->term_idf[t - 1] ? q->term_idf[t] : q->term_idf[t - 1];
            relevance += PROXIMITY * q->near[t] * rarer;
        }
    }
    double boost = 1.0;
    if (nargs >= 4) {
        double age_days =
            (double)(sqlite3_value_int64(args[3]) - sqlite3_value_int64(args[2])) / 86400.0;
        boost += 0.2 * pow(0.5, (age_days > 0 ? age_days : 0) / 30.0);
    }
    /* All the terms first, when asked. Then relevance, scaled by the share of the terms' idf
     * matched: missing a rare word costs more than missing a common one. */
    bool all = covered == scored && !(nargs >= 5 && !sqlite3_value_int(args[4]));
    double share = weight > 0 ? held / weight : 1.0;
    sqlite3_result_double(ctx, all * 10000.0 + relevance * (0.5 + 0.5 * share) * boost);
}

static fts5_api *fts5_api_of(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

/* sahifa_normalize(text): ar_normalize() for SQL (the newsroom's title search). */
static void normalize_fn(sqlite3_context *ctx, int n, sqlite3_value **args)
{
    (void)n;
    const char *s = (const char *)sqlite3_value_text(args[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s, (size_t)sqlite3_value_bytes(args[0]));
    sqlite3_result_text(ctx, buf_str(&norm), (int)norm.len, SQLITE_TRANSIENT);
    buf_free(&norm);
}

int fts_register(sqlite3 *h, struct fts_replay **replay_out)
{
    *replay_out = NULL;
    int rc0 = sqlite3_create_function(h, "sahifa_normalize", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                      normalize_fn, NULL, NULL);
    if (rc0 != SQLITE_OK)
        return rc0;
    fts5_api *api = fts5_api_of(h);
    if (!api)
        return SQLITE_ERROR;
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    struct fts_replay *replay = xcalloc(1, sizeof *replay);
    int rc = api->xCreateTokenizer(api, "sahifa", replay, &tok, replay_free);
    if (rc == SQLITE_OK)
        *replay_out = replay;
    else
        replay_free(replay);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "sahifa_rank", NULL, sahifa_rank, NULL);
    return rc;
}
