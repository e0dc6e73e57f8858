/* query.c: reading a reader's search query (see query.h). */
#include "text/query.h"
#include "base/buf.h"
#include "text/normalize.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <string.h>

/* n cut to at most QUERY_WORD_BYTES without splitting a UTF-8 sequence. */
static size_t word_cut(const char *w, size_t n)
{
    if (n <= QUERY_WORD_BYTES)
        return n;
    n = QUERY_WORD_BYTES;
    while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void query_word_tokens(const char *norm, size_t n, struct word_tokens *out)
{
    out->n = 0;
    n = word_cut(norm, n);
    if (n == 0)
        return;
    memcpy(out->s[0], norm, n);
    out->s[0][n] = 0;
    out->len[out->n++] = n;
    struct stems st;
    stem_word(norm, n, &st);
    for (int i = 0; i < st.n; i++) {
        if (st.len[i] == n && memcmp(st.s[i], norm, n) == 0)
            continue; /* the word is its own stem: the unmarked token stands for both */
        char *t = out->s[out->n];
        memcpy(t, QUERY_STEM_MARK, sizeof QUERY_STEM_MARK - 1);
        memcpy(t + sizeof QUERY_STEM_MARK - 1, st.s[i], st.len[i] + 1);
        out->len[out->n++] = sizeof QUERY_STEM_MARK - 1 + st.len[i];
    }
}

const char *query_stem_token(struct arena *a, const char *stem, size_t n)
{
    char *t = arena_alloc(a, n + sizeof QUERY_STEM_MARK);
    memcpy(t, QUERY_STEM_MARK, sizeof QUERY_STEM_MARK - 1);
    memcpy(t + sizeof QUERY_STEM_MARK - 1, stem, n);
    t[sizeof QUERY_STEM_MARK - 1 + n] = 0;
    return t;
}

struct parse {
    struct arena *a;
    struct query *q;
    bool excluded;             /* the term being read had a leading '-' */
    bool loose;                /* reading a phrase's words again as plain words */
    int prefix_at;             /* which word of the current run is a prefix (1-based), or 0 */
    int word_no;               /* words of the current run read so far */
    struct query_term *phrase; /* the phrase being collected, or NULL */
    /* Stop words met, kept aside in case the query has nothing else. */
    struct query_term stops[QUERY_MAX_TERMS];
    int nstops;
};

static struct query_term *new_term(struct parse *p, enum query_kind kind)
{
    if (p->q->nterms == QUERY_MAX_TERMS)
        return NULL;
    struct query_term *t = &p->q->terms[p->q->nterms++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->excluded = p->excluded;
    t->loose = p->loose;
    if (!t->excluded && !t->loose)
        p->q->npositive++;
    return t;
}

static void add_token(struct parse *p, struct query_term *t, const char *s, size_t n,
                      unsigned char flags)
{
    const char **grown = arena_alloc(p->a, (size_t)(t->ntokens + 1) * sizeof *grown);
    unsigned char *grown_flags = arena_alloc(p->a, (size_t)(t->ntokens + 1));
    if (t->ntokens) {
        memcpy(grown, t->tokens, (size_t)t->ntokens * sizeof *grown);
        memcpy(grown_flags, t->flags, (size_t)t->ntokens);
    }
    grown_flags[t->ntokens] = flags;
    grown[t->ntokens++] = arena_strndup(p->a, s, n);
    t->tokens = grown;
    t->flags = grown_flags;
}

static int count_word(void *ctx, const char *s, size_t start, size_t len)
{
    (void)s, (void)start, (void)len;
    (*(int *)ctx)++;
    return 0;
}

/* One word of the query, as written. */
static int on_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct parse *p = ctx;
    bool prefix = p->prefix_at && ++p->word_no == p->prefix_at;
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s + start, len);
    if (norm.len == 0)
        goto out;
    /* The word as typed: the index's unmarked token (query_word_tokens()). */
    const char *exact = buf_str(&norm);
    size_t exact_len = word_cut(exact, norm.len);
    if (p->phrase) {
        if (p->phrase->ntokens < 32)
            add_token(p, p->phrase, exact, exact_len, 0);
    } else if (prefix) {
        struct query_term *t = new_term(p, QUERY_PREFIX);
        if (t) {
            add_token(p, t, exact, exact_len, 0);
            /* Stems begin where a word's clitics and article end: ~اسك* finds الإسكان and
             * والإسكان (~اسكان), as اسك* finds the words written so. */
            size_t article = stem_article_length(exact, exact_len);
            const char *marked = query_stem_token(p->a, exact + article, exact_len - article);
            add_token(p, t, marked, strlen(marked), 0);
        }
    } else {
        bool stop = !p->excluded && stem_is_stop_word(buf_str(&norm), norm.len);
        struct query_term *t;
        if (stop && p->loose) {
            t = NULL;
        } else if (stop) {
            t = p->nstops < QUERY_MAX_TERMS ? &p->stops[p->nstops++] : NULL;
            if (t)
                memset(t, 0, sizeof *t);
        } else {
            t = new_term(p, QUERY_WORD);
        }
        if (t) {
            struct stems st;
            stem_word(exact, exact_len, &st);
            /* A stem that is itself a function word (العليا stems to علي, that is على) would
             * match half the archive: such a stem is left out; the word as typed stays. */
            bool kept[STEM_MAX], exact_is_stem = false;
            for (int i = 0; i < st.n; i++) {
                kept[i] = stop || !stem_is_stop_word(st.s[i], st.len[i]);
                if (kept[i] && st.len[i] == exact_len && memcmp(st.s[i], exact, exact_len) == 0)
                    exact_is_stem = true;
            }
            /* The word as typed is one more alternative: being rarer than its stem, it scores
             * higher, so articles with the very form the reader typed come first. */
            if (!exact_is_stem)
                add_token(p, t, exact, exact_len, 0);
            /* Each stem s: s (a word that is s) or ~s (a word stemming to s), scored as one. */
            for (int i = 0; i < st.n; i++) {
                if (!kept[i])
                    continue;
                unsigned char other = i > 0 ? QUERY_TOKEN_OTHER : 0;
                bool is_exact = st.len[i] == exact_len && memcmp(st.s[i], exact, exact_len) == 0;
                add_token(p, t, st.s[i], st.len[i], other | (is_exact ? QUERY_TOKEN_EXACT : 0));
                const char *marked = query_stem_token(p->a, st.s[i], st.len[i]);
                add_token(p, t, marked, strlen(marked), other | QUERY_TOKEN_SAME);
            }
        }
    }
out:
    buf_free(&norm);
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the run of non-space bytes at s (at most n). */
static size_t run_length(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !is_space(s[i]) && s[i] != '"')
        i++;
    return i;
}

void query_parse(struct arena *a, const char *q, size_t n, struct query *out)
{
    memset(out, 0, sizeof *out);
    if (n > QUERY_MAX_BYTES) {
        n = QUERY_MAX_BYTES;
        while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
            n--; /* never cut a character */
    }
    struct parse p = {.a = a, .q = out};
    size_t i = 0;
    while (i < n) {
        if (is_space(q[i])) {
            i++;
            continue;
        }
        p.excluded = false;
        if (q[i] == '-' && i + 1 < n && !is_space(q[i + 1])) {
            p.excluded = true;
            i++;
        }
        if (q[i] == '"') {
            const char *end = memchr(q + i + 1, '"', n - i - 1);
            size_t len = end ? (size_t)(end - (q + i + 1)) : n - i - 1;
            p.phrase = new_term(&p, QUERY_PHRASE);
            if (p.phrase) {
                words_each(q + i + 1, len, on_word, &p);
                if (p.phrase->ntokens == 0) { /* "" or only punctuation: no term */
                    out->nterms--;
                    if (!p.phrase->excluded)
                        out->npositive--;
                } else if (!p.phrase->excluded) {
                    /* Its words as plain words too, for when not every term is required. */
                    p.phrase = NULL;
                    p.loose = true;
                    words_each(q + i + 1, len, on_word, &p);
                    p.loose = false;
                }
            }
            p.phrase = NULL;
            i += len + 1 + (end != NULL);
            continue;
        }
        /* A run up to the next space: its words, the last one a prefix when a '*' ends it. */
        size_t len = run_length(q + i, n - i);
        if (len == 0) { /* a lone quote handled above; anything else: skip a byte */
            i++;
            continue;
        }
        if (q[i + len - 1] == '*') {
            /* The last word of the run is a prefix: count the words to know which is last. */
            size_t words_len = len;
            while (words_len > 0 && q[i + words_len - 1] == '*')
                words_len--;
            int count = 0;
            words_each(q + i, words_len, count_word, &count);
            p.prefix_at = count;
            p.word_no = 0;
            words_each(q + i, words_len, on_word, &p);
            p.prefix_at = 0;
        } else {
            words_each(q + i, len, on_word, &p);
        }
        i += len;
    }
    /* A phrase's loose words serve a sentence that quotes a name; a query of phrases alone
     * asks for them exactly, so it keeps none. */
    bool plain = false;
    for (int k = 0; k < out->nterms; k++)
        plain |=
            !out->terms[k].excluded && !out->terms[k].loose && out->terms[k].kind != QUERY_PHRASE;
    if (!plain) {
        int kept = 0;
        for (int k = 0; k < out->nterms; k++)
            if (!out->terms[k].loose)
                out->terms[kept++] = out->terms[k];
        out->nterms = kept;
    }
    /* Only stop words: search for them after all, rather than for nothing. */
    if (out->npositive == 0) {
        for (int k = 0; k < p.nstops && out->nterms < QUERY_MAX_TERMS; k++) {
            out->terms[out->nterms++] = p.stops[k];
            out->npositive++;
        }
    }
}
