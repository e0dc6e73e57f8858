/*
 * fts.c: the search index's tokenizer and ranking function, for SQLite FTS5, and the
 * normalizer as an SQL function (sahifa_normalize).
 *
 * The tokenizer "sahifa". Indexing (and FTS5's re-reading for snippets) splits the text into
 * words (text/tokenize.c), normalizes each (text/normalize.c) and emits, at the word's position,
 * query_word_tokens() (text/query.h): the normalized word itself as the token, then, colocated,
 * QUERY_STEM_MARK + each of its stems (text/stem.c) that differs from it. A word that is its own
 * stem (اتفاق) is one token; الاتفاق is الاتفاق and ~اتفاق; كتاب, its own stem but maybe ك +
 * تاب, is كتاب and ~تاب. Offsets are those of the word as written, so highlights fall on the
 * original text, harakat and all. Queries are built by store/search.c from text/query.c's tokens,
 * already final: in query mode the tokenizer only splits on spaces.
 *
 * The ranking function sahifa_rank(articles_fts, groups, published_at, now). A query is a list
 * of terms, each one or more FTS5 phrases; groups says, phrase by phrase, which term it belongs
 * to and what it stands for ("0,0,0+,0~,0~+,1=,1+,x", rank_groups_read()): x for excluded
 * phrases; ~ for a stem of a word's other reading, which scores at half weight; + for ~s after
 * s, the same stem, so the two make one alternative of the term (hits added up, articles
 * counted once, as when a stem was one token); = for a stem that is also the word as typed,
 * which then makes an alternative alone too. The score is:
 *
 *   1. articles with all the terms come first;
 *   2. then, in each of the two tiers, relevance: BM25 (k1 1.2, b 0.75) summed over the
 *      terms, a term scoring as its best alternative (so the word as the reader typed it,
 *      rarer than its stem, scores above another inflection), with column weights title 5,
 *      dek 2, body 1, taxonomy 1;
 *   3. times the share of terms matched, 0.5 + 0.5 * matched / terms: among articles missing
 *      some words, those with most of them rank higher (a strict "more words first" order
 *      measured worse on our retrieval set: MRR@10 0.846 against 0.854, docs/PERFORMANCE.md);
 *   4. times a mild recency boost: 1 + 0.2 * 0.5^(age in days / 30): at most +20% for an
 *      article published now, +10% at a month, nearly nothing after a few months.
 *
 * Higher is better (ORDER BY sahifa_rank(...) DESC).
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
};

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
    int b = (int)start, e = (int)(start + len);
    int rc = SQLITE_OK;
    for (int i = 0; i < wt.n && rc == SQLITE_OK; i++)
        rc = t->emit(t->ctx, i ? FTS5_TOKEN_COLOCATED : 0, wt.s[i], (int)wt.len[i], b, e);
    return rc;
}

static const struct buf *replay_find(const struct fts_replay *r, const char *text, size_t n);
static int replay(const struct buf *rec, void *ctx, token_cb emit);

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
    const struct buf *recorded = replay_find(((struct tokenizer *)tok)->replay, text, (size_t)n);
    if (recorded)
        return replay(recorded, ctx, emit);
    struct tok_run t = {ctx, emit, BUF_INIT, NULL, NULL};
    int rc = words_each(text, (size_t)n, on_doc_word, &t);
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
    struct tok_run t = {&r, record_token, BUF_INIT, word, word_ctx};
    words_each(text, n, on_doc_word, &t);
    buf_free(&t.norm);
}

static int replay(const struct buf *rec, void *ctx, token_cb emit)
{
    const char *p = rec->p, *end = rec->p + rec->len;
    int start = 0, stop = 0, rc = SQLITE_OK;
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
        rc = emit(ctx, head & 1 ? FTS5_TOKEN_COLOCATED : 0, p, n, start, stop);
        p += n;
    }
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

enum { COLUMNS = 4 };
static const double column_weight[COLUMNS] = {5.0, 2.0, 1.0, 1.0};
static const double k1 = 1.2, b = 0.75;
/* The weight of a word's other reading ("~" in groups): كتاب read as ك + تاب still matches تاب,
 * but below تاب itself. */
static const double OTHER_READING = 0.5;

/* One way a term can match, scored by BM25 on its own: one phrase, or several standing for one
 * stem (s and ~s), whose hits add up and whose articles are counted once. */
struct rank_alt {
    int group;
    double weight, idf;
    double tf; /* scratch, per row */
};

/* What one query needs for every row, computed at its first row. */
struct rank_query {
    int nphrases, ngroups, nalts;
    int *alt;   /* per phrase: the alternative it counts for, or -1 (excluded) */
    int *alone; /* per phrase: a second alternative it forms alone (the word as typed), or -1 */
    struct rank_alt *alts;
    double avgdl;
    double *best; /* scratch, per group */
};

static void rank_query_free(void *p)
{
    struct rank_query *q = p;
    free(q->alt);
    free(q->alone);
    free(q->alts);
    free(q->best);
    free(q);
}

/* The rowids of a phrase's matches, in ascending order (as xQueryPhrase reads them). */
struct rowids {
    sqlite3_int64 *id;
    size_t n, cap;
};

static int collect_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    struct rowids *r = user;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->id = xrealloc(r->id, r->cap * sizeof *r->id);
    }
    r->id[r->n++] = api->xRowid(fts);
    return SQLITE_OK;
}

static int by_rowid(const void *x, const void *y)
{
    sqlite3_int64 a = *(const sqlite3_int64 *)x, c = *(const sqlite3_int64 *)y;
    return a < c ? -1 : a > c;
}

/* Merges the ascending rowids of `from` into `into`, each once. */
static void rowids_union(struct rowids *into, const struct rowids *from)
{
    struct rowids out = {xmalloc((into->n + from->n + 1) * sizeof *out.id), 0,
                         into->n + from->n + 1};
    size_t i = 0, j = 0;
    while (i < into->n || j < from->n) {
        sqlite3_int64 next;
        if (j == from->n || (i < into->n && into->id[i] <= from->id[j]))
            next = into->id[i++];
        else
            next = from->id[j++];
        if (out.n == 0 || out.id[out.n - 1] != next)
            out.id[out.n++] = next;
    }
    free(into->id);
    *into = out;
}

/* The articles with phrase i, as ascending rowids. */
static void phrase_rows(const Fts5ExtensionApi *api, Fts5Context *fts, int i, struct rowids *r)
{
    r->n = 0;
    api->xQueryPhrase(fts, i, r, collect_row);
    for (size_t k = 1; k < r->n; k++) {
        if (r->id[k - 1] >= r->id[k]) { /* never seen; but the merge needs the order */
            qsort(r->id, r->n, sizeof *r->id, by_rowid);
            break;
        }
    }
}

/* BM25's idf of a document frequency, floored just above zero as FTS5's own bm25() does, so a
 * term in more than half the articles still counts a little. */
static double idf_of(sqlite3_int64 rows, sqlite3_int64 hits)
{
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    return idf > 1e-6 ? idf : 1e-6;
}

/* Reads groups: per phrase, in order, "x" (excluded) or its term's number followed by flags:
 * '~' another reading (OTHER_READING), '+' the same stem as the phrase before (joins its
 * alternative), '=' the word as typed (also an alternative alone). store/search.c writes it. */
static void rank_groups_read(struct rank_query *q, const char *groups)
{
    const char *g = groups ? groups : "";
    for (int i = 0; i < q->nphrases; i++) {
        q->alt[i] = q->alone[i] = -1;
        if (*g != 'x' && *g != 0) {
            char *end;
            int group = (int)strtol(g, &end, 10);
            bool other = false, same = false, exact = false;
            for (; *end && *end != ','; end++) {
                other |= *end == '~';
                same |= *end == '+';
                exact |= *end == '=';
            }
            if (group < 0)
                group = 0;
            if (same && i > 0 && q->alt[i - 1] >= 0 && q->alts[q->alt[i - 1]].group == group) {
                q->alt[i] = q->alt[i - 1];
            } else {
                q->alt[i] = q->nalts;
                q->alts[q->nalts++] = (struct rank_alt){group, other ? OTHER_READING : 1.0, 0, 0};
            }
            if (exact) {
                q->alone[i] = q->nalts;
                q->alts[q->nalts++] = (struct rank_alt){group, 1.0, 0, 0};
            }
            if (group + 1 > q->ngroups)
                q->ngroups = group + 1;
        }
        g = strchr(g, ',');
        g = g ? g + 1 : "";
    }
}

static struct rank_query *rank_query_make(const Fts5ExtensionApi *api, Fts5Context *fts,
                                          const char *groups)
{
    struct rank_query *q = xcalloc(1, sizeof *q);
    q->nphrases = api->xPhraseCount(fts);
    q->alt = xcalloc((size_t)q->nphrases + 1, sizeof *q->alt);
    q->alone = xcalloc((size_t)q->nphrases + 1, sizeof *q->alone);
    q->alts = xcalloc(2 * (size_t)q->nphrases + 1, sizeof *q->alts);
    rank_groups_read(q, groups);
    q->best = xcalloc((size_t)q->ngroups + 1, sizeof *q->best);

    sqlite3_int64 rows = 0, tokens = 0;
    api->xRowCount(fts, &rows);
    api->xColumnTotalSize(fts, -1, &tokens);
    q->avgdl = rows ? (double)tokens / (double)rows : 1.0;
    /* Document frequencies: an alternative's articles are those of its phrases, each counted
     * once (an article with both اتفاق and الاتفاق has the stem once), as when the stem was one
     * token; the phrases are consecutive. */
    struct rowids all = {0}, one = {0};
    for (int i = 0; i < q->nphrases; i++) {
        if (q->alt[i] < 0)
            continue;
        bool first = i == 0 || q->alt[i - 1] != q->alt[i];
        bool last = i + 1 == q->nphrases || q->alt[i + 1] != q->alt[i];
        phrase_rows(api, fts, i, &one);
        if (q->alone[i] >= 0)
            q->alts[q->alone[i]].idf = idf_of(rows, (sqlite3_int64)one.n);
        if (first && last) {
            q->alts[q->alt[i]].idf = idf_of(rows, (sqlite3_int64)one.n);
            continue;
        }
        if (first)
            all.n = 0;
        rowids_union(&all, &one);
        if (last)
            q->alts[q->alt[i]].idf = idf_of(rows, (sqlite3_int64)all.n);
    }
    free(all.id);
    free(one.id);
    return q;
}

static void sahifa_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int nargs, sqlite3_value **args)
{
    struct rank_query *q = api->xGetAuxdata(fts, 0);
    if (!q) {
        q = rank_query_make(api, fts, nargs > 0 ? (const char *)sqlite3_value_text(args[0]) : "");
        if (api->xSetAuxdata(fts, q, rank_query_free) != SQLITE_OK) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    for (int a = 0; a < q->nalts; a++)
        q->alts[a].tf = 0;
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
    }
    int dl = 0;
    api->xColumnSize(fts, -1, &dl);
    double norm = k1 * (1 - b + b * dl / q->avgdl);
    memset(q->best, 0, (size_t)q->ngroups * sizeof *q->best);
    for (int a = 0; a < q->nalts; a++) {
        const struct rank_alt *alt = &q->alts[a];
        if (alt->tf == 0)
            continue;
        double s = alt->weight * alt->idf * alt->tf * (k1 + 1) / (alt->tf + norm);
        if (s > q->best[alt->group])
            q->best[alt->group] = s;
    }
    int covered = 0;
    double relevance = 0;
    for (int g = 0; g < q->ngroups; g++) {
        covered += q->best[g] > 0;
        relevance += q->best[g];
    }
    double boost = 1.0;
    if (nargs >= 3) {
        double age_days =
            (double)(sqlite3_value_int64(args[2]) - sqlite3_value_int64(args[1])) / 86400.0;
        boost += 0.2 * pow(0.5, (age_days > 0 ? age_days : 0) / 30.0);
    }
    /* All the terms: the first tier. Then relevance, scaled by the share of terms matched. */
    bool all = covered == q->ngroups;
    double share = q->ngroups ? (double)covered / q->ngroups : 1.0;
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
