/*
 * suggest.c: «هل تقصد: …», a spelling the archive knows better, for a query that finds little.
 *
 * The index's own vocabulary is the dictionary: a word of the query that (nearly) no article
 * holds, in any inflection, is replaced by the word one edit away (a letter more, less or
 * changed, or two swapped, on the normalized forms, so that hamza, ة and harakat are never
 * "errors") that the most articles hold, or split in two words the archive knows
 * (عبدالله → عبد الله). Candidates are looked up one by one (a few hundred for a word, each an
 * index lookup of a term that mostly is not there); it runs only for queries that found fewer
 * than a page of results. The word is shown as the articles write it (الحكومة, not the
 * matching form الحكومه).
 */
#include "store/store.h"
#include "base/buf.h"
#include "base/mem.h"
#include "store/rank.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <stdlib.h>
#include <string.h>

/* A word held by fewer than RARE articles may be misspelled; a better spelling is held by
 * BETTER times as many, and by KNOWN at least. */
enum { RARE = 10, KNOWN = 3, BETTER = 10, MIN_LETTERS = 3, MAX_LETTERS = 24 };

/* The letters a normalized word is made of (text/normalize.h folds the others away). */
static const char *const arabic_letters[] = {
    "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض",
    "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ء",
};
static const char *const latin_letters[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
};

/* A normalized word cut into its characters. */
struct chars {
    const char *at[MAX_LETTERS];
    size_t len[MAX_LETTERS];
    int n;
};

static bool chars_of(const char *w, size_t n, struct chars *c)
{
    c->n = 0;
    for (size_t i = 0; i < n;) {
        if (c->n == MAX_LETTERS)
            return false;
        size_t k = 1;
        while (i + k < n && ((unsigned char)w[i + k] & 0xC0) == 0x80)
            k++;
        c->at[c->n] = w + i;
        c->len[c->n++] = k;
        i += k;
    }
    return true;
}

/* How many articles hold the exact token; the error (negative) on an error. */
static double token_docs(struct db *db, const struct rank_span *span, const char *token)
{
    struct buf match = BUF_INIT;
    store_rank_string(&match, "", token);
    double docs = store_rank_docs(db, buf_str(&match), span);
    buf_free(&match);
    return docs;
}

/* How many articles the word finds as a plain search word (any inflection); the error
 * (negative) on an error. */
static double word_docs(struct db *db, const struct rank_span *span, const char *w, size_t n)
{
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, w, n, &q);
    struct buf match = BUF_INIT;
    double docs = 0;
    if (q.nterms > 0 && q.terms[0].kind == QUERY_WORD) {
        for (int i = 0; i < q.terms[0].ntokens; i++) {
            if (i)
                buf_puts(&match, " OR ");
            store_rank_string(&match, "", q.terms[0].tokens[i]);
        }
        docs = store_rank_docs(db, buf_str(&match), span);
    }
    buf_free(&match);
    arena_free(&a);
    return docs;
}

struct best {
    struct buf text; /* the replacement, normalized: one word, or two separated by a space */
    double docs;
};

static void consider(struct db *db, const struct rank_span *span, struct best *b,
                     const struct buf *cand)
{
    double docs = token_docs(db, span, buf_str(cand));
    if (docs > b->docs) {
        b->docs = docs;
        buf_reset(&b->text);
        buf_append(&b->text, cand->p, cand->len);
    }
}

/* Appends the characters [from, to) of c. */
static void put_chars(struct buf *out, const struct chars *c, int from, int to)
{
    for (int k = from; k < to; k++)
        buf_append(out, c->at[k], c->len[k]);
}

/* The best known word one edit from the normalized word w, or its best split, into b. */
static void best_spelling(struct db *db, const struct rank_span *span, const char *w, size_t n,
                          struct best *b)
{
    struct chars c;
    if (!chars_of(w, n, &c))
        return;
    bool latin = (unsigned char)w[0] < 0x80;
    const char *const *letters = latin ? latin_letters : arabic_letters;
    int nletters = latin ? (int)(sizeof latin_letters / sizeof *latin_letters)
                         : (int)(sizeof arabic_letters / sizeof *arabic_letters);
    struct buf cand = BUF_INIT;
    for (int i = 0; i < c.n; i++) { /* a letter less */
        buf_reset(&cand);
        put_chars(&cand, &c, 0, i);
        put_chars(&cand, &c, i + 1, c.n);
        consider(db, span, b, &cand);
    }
    for (int i = 0; i + 1 < c.n; i++) { /* two swapped */
        buf_reset(&cand);
        put_chars(&cand, &c, 0, i);
        put_chars(&cand, &c, i + 1, i + 2);
        put_chars(&cand, &c, i, i + 1);
        put_chars(&cand, &c, i + 2, c.n);
        consider(db, span, b, &cand);
    }
    for (int i = 0; i <= c.n; i++) {
        for (int l = 0; l < nletters; l++) {
            if (i < c.n) { /* a letter changed */
                buf_reset(&cand);
                put_chars(&cand, &c, 0, i);
                buf_puts(&cand, letters[l]);
                put_chars(&cand, &c, i + 1, c.n);
                consider(db, span, b, &cand);
            }
            buf_reset(&cand); /* a letter more */
            put_chars(&cand, &c, 0, i);
            buf_puts(&cand, letters[l]);
            put_chars(&cand, &c, i, c.n);
            consider(db, span, b, &cand);
        }
    }
    /* Two words run together: both halves known, the rarer counting. */
    for (int i = 2; i + 2 <= c.n; i++) {
        buf_reset(&cand);
        put_chars(&cand, &c, 0, i);
        double left = token_docs(db, span, buf_str(&cand));
        double right = left >= KNOWN ? token_docs(db, span, c.at[i]) : 0;
        double docs = left < right ? left : right;
        if (docs > b->docs) {
            b->docs = docs;
            buf_putc(&cand, ' ');
            buf_puts(&cand, c.at[i]);
            buf_reset(&b->text);
            buf_append(&b->text, cand.p, cand.len);
        }
    }
    buf_free(&cand);
}

/* Harakat and tatweel: not part of how a word is shown in a suggestion. */
static bool is_mark(const char *s, size_t k)
{
    if (k != 2)
        return false;
    unsigned c = ((unsigned)(unsigned char)s[0] << 8) | (unsigned char)s[1];
    return (c >= 0xD98B && c <= 0xD992) || c == 0xD9B0 || c == 0xD980; /* U+064B-0652, 0670, 0640 */
}

struct find_written {
    const char *token;
    struct buf *out;
    bool found;
};

static int find_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct find_written *f = ctx;
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s + start, len);
    bool same = strcmp(buf_str(&norm), f->token) == 0;
    buf_free(&norm);
    if (!same)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)s[start + i + k] & 0xC0) == 0x80)
            k++;
        if (!is_mark(s + start + i, k))
            buf_append(f->out, s + start + i, k);
        i += k;
    }
    f->found = true;
    return 1;
}

/* The token (a normalized word) as an article that holds it writes it, into out; the token
 * itself when none is found. */
static void written_form(struct db *db, const char *token, struct buf *out)
{
    struct buf match = BUF_INIT;
    store_rank_string(&match, "", token);
    struct db_stmt q;
    json_t *row = NULL;
    if (db_prepare(db, &q,
                   "SELECT title, body FROM articles WHERE id = (SELECT rowid FROM articles_fts"
                   " WHERE articles_fts MATCH :match ORDER BY rowid DESC LIMIT 1)") == DB_OK) {
        db_bind_text(&q, ":match", buf_str(&match));
        db_one_json(&q, &row);
    }
    buf_free(&match);
    struct find_written f = {token, out, false};
    const char *fields[] = {"title", "body"};
    for (int i = 0; i < 2 && row && !f.found; i++) {
        const char *text = json_string_value(json_object_get(row, fields[i]));
        if (text)
            words_each(text, strlen(text), find_word, &f);
    }
    json_decref(row);
    if (!f.found)
        buf_puts(out, token);
}

struct suggest_run {
    struct db *db;
    struct rank_span span;
    const char *text;
    struct buf out;
    size_t at;    /* bytes of text copied to out */
    bool changed; /* a word was replaced */
    int rc;       /* DB_OK, or the database error that stopped it */
};

static int suggest_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct suggest_run *r = ctx;
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s + start, len);
    struct chars c;
    bool candidate = norm.len > 0 && chars_of(norm.p, norm.len, &c) && c.n >= MIN_LETTERS &&
                     !(norm.p[0] >= '0' && norm.p[0] <= '9') &&
                     !stem_is_stop_word(buf_str(&norm), norm.len);
    if (candidate) {
        double docs = word_docs(r->db, &r->span, norm.p, norm.len);
        if (docs < 0)
            r->rc = (int)docs;
        if (docs >= 0 && docs < RARE) {
            struct best b = {BUF_INIT, 0};
            best_spelling(r->db, &r->span, buf_str(&norm), norm.len, &b);
            if (b.docs >= KNOWN && b.docs >= BETTER * (docs > 1 ? docs : 1)) {
                buf_append(&r->out, r->text + r->at, start - r->at);
                /* Each word of the replacement as the articles write it. */
                char *space = strchr(buf_str(&b.text), ' ');
                if (space)
                    *space = 0;
                written_form(r->db, buf_str(&b.text), &r->out);
                if (space) {
                    buf_putc(&r->out, ' ');
                    written_form(r->db, space + 1, &r->out);
                }
                r->at = start + len;
                r->changed = true;
            }
            buf_free(&b.text);
        }
    }
    buf_free(&norm);
    return r->rc != DB_OK;
}

int store_suggest(struct db *db, const char *text, size_t n, char **out)
{
    *out = NULL;
    struct suggest_run r = {.db = db, .text = text, .out = BUF_INIT};
    int rc = store_rank_span(db, &r.span);
    if (rc != DB_OK)
        return rc;
    words_each(text, n, suggest_word, &r);
    if (r.rc != DB_OK) {
        buf_free(&r.out);
        return r.rc;
    }
    if (r.changed) {
        buf_append(&r.out, text + r.at, n - r.at);
        *out = buf_detach(&r.out, NULL);
    }
    buf_free(&r.out);
    return DB_OK;
}
