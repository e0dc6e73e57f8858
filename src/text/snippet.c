/* snippet.c: marking the words a query matched (see snippet.h). */
#include "text/snippet.h"
#include "base/mem.h"
#include "text/normalize.h"
#include "text/tokenize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct word {
    size_t start, len; /* in the text, as written */
    /* The tokens the index holds for the word (query_word_tokens()), one after another, each
     * NUL-terminated, an empty one last: first the normalized word itself, then ~stems. */
    char *tokens;
    int term; /* the query term it matches, or -1 */
};

struct words {
    struct word *w;
    size_t n, cap;
    /* The query's positive tokens without their marks: a word whose normalized form holds
     * none of them cannot match (its tokens are itself and its stems, which are parts of it),
     * so its tokens are not worked out. NULL-terminated. */
    const char **bare;
    struct buf norm; /* scratch: one word normalized */
};

static const char *no_tokens = "\0";

/* True when the m bytes at part occur in the n bytes at s (words are short: no memmem). */
static bool has_part(const char *s, size_t n, const char *part, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (s[i] == part[0] && memcmp(s + i, part, m) == 0)
            return true;
    return false;
}

/* True when the normalized word could match one of the query's tokens (see struct words). */
static bool may_match(const struct words *ws, const char *norm, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (norm[i] >= 'a' && norm[i] <= 'z')
            return true; /* Latin: Snowball's stems are not always parts of the word */
    for (const char **t = ws->bare; *t; t++)
        if (has_part(norm, n, *t, strlen(*t)))
            return true;
    return false;
}

static int collect(void *ctx, const char *s, size_t start, size_t len)
{
    struct words *ws = ctx;
    struct buf *norm = &ws->norm;
    buf_reset(norm);
    ar_normalize(norm, s + start, len);
    if (norm->len == 0)
        return 0;
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? ws->cap * 2 : 256;
        ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    struct word *w = &ws->w[ws->n++];
    w->start = start;
    w->len = len;
    w->term = -1;
    if (!may_match(ws, norm->p, norm->len)) {
        w->tokens = (char *)no_tokens;
        return 0;
    }
    struct word_tokens wt;
    query_word_tokens(buf_str(norm), norm->len, &wt);
    struct buf tokens = BUF_INIT;
    for (int i = 0; i < wt.n; i++)
        buf_append(&tokens, wt.s[i], wt.len[i] + 1);
    buf_putc(&tokens, 0);
    w->tokens = buf_detach(&tokens, NULL);
    return 0;
}

/* The query's positive tokens without their marks, into ws->bare (freed with the words). */
static void bare_tokens(struct words *ws, const struct query *q)
{
    size_t n = 0;
    for (int t = 0; t < q->nterms; t++)
        n += q->terms[t].excluded ? 0 : (size_t)q->terms[t].ntokens;
    ws->bare = xcalloc(n + 1, sizeof *ws->bare);
    n = 0;
    for (int t = 0; t < q->nterms; t++) {
        if (q->terms[t].excluded)
            continue;
        for (int k = 0; k < q->terms[t].ntokens; k++) {
            const char *tok = q->terms[t].tokens[k];
            if (strncmp(tok, QUERY_STEM_MARK, strlen(QUERY_STEM_MARK)) == 0)
                tok += strlen(QUERY_STEM_MARK);
            if (*tok)
                ws->bare[n++] = tok;
        }
    }
}

static bool word_has(const struct word *w, const char *token)
{
    for (const char *t = w->tokens; *t; t += strlen(t) + 1)
        if (strcmp(t, token) == 0)
            return true;
    return false;
}

/* True when one of the word's tokens begins with prefix (the word itself, or a ~stem). */
static bool word_has_prefix(const struct word *w, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *t = w->tokens; *t; t += strlen(t) + 1)
        if (strncmp(t, prefix, n) == 0)
            return true;
    return false;
}

/* Marks every word that a positive term of the query matches with that term's number. */
static void match_terms(struct words *ws, const struct query *q)
{
    for (int t = 0; t < q->nterms; t++) {
        const struct query_term *term = &q->terms[t];
        if (term->excluded || term->ntokens == 0)
            continue;
        for (size_t i = 0; i < ws->n; i++) {
            struct word *w = &ws->w[i];
            switch (term->kind) {
            case QUERY_WORD:
                for (int k = 0; k < term->ntokens && w->term < 0; k++)
                    if (word_has(w, term->tokens[k]))
                        w->term = t;
                break;
            case QUERY_PREFIX:
                for (int k = 0; k < term->ntokens && w->term < 0; k++)
                    if (word_has_prefix(w, term->tokens[k]))
                        w->term = t;
                break;
            case QUERY_PHRASE:
                if (i + (size_t)term->ntokens > ws->n)
                    break;
                bool all = true;
                for (int k = 0; k < term->ntokens && all; k++)
                    all = strcmp(ws->w[i + (size_t)k].tokens, term->tokens[k]) == 0;
                for (int k = 0; all && k < term->ntokens; k++)
                    if (ws->w[i + (size_t)k].term < 0)
                        ws->w[i + (size_t)k].term = t;
                break;
            }
        }
    }
}

static void free_words(struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        if (ws->w[i].tokens != no_tokens)
            free(ws->w[i].tokens);
    free(ws->w);
    free(ws->bare);
    buf_free(&ws->norm);
}

/* Appends text[from, to) with the matched words in it marked. */
static void put_marked(struct buf *out, const char *text, size_t from, size_t to,
                       const struct words *ws, size_t first, size_t last)
{
    size_t at = from;
    for (size_t i = first; i < last; i++) {
        const struct word *w = &ws->w[i];
        if (w->term < 0)
            continue;
        buf_append(out, text + at, w->start - at);
        buf_putc(out, 1);
        buf_append(out, text + w->start, w->len);
        buf_putc(out, 2);
        at = w->start + w->len;
    }
    buf_append(out, text + at, to - at);
}

void snippet_mark_all(struct buf *out, const char *text, size_t n, const struct query *q)
{
    struct words ws = {0};
    bare_tokens(&ws, q);
    words_each(text, n, collect, &ws);
    match_terms(&ws, q);
    put_marked(out, text, 0, n, &ws, 0, ws.n);
    free_words(&ws);
}

void snippet_passage(struct buf *out, const char *text, size_t n, const struct query *q, int words)
{
    struct words ws = {0};
    bare_tokens(&ws, q);
    words_each(text, n, collect, &ws);
    match_terms(&ws, q);
    size_t span = (size_t)(words > 0 ? words : 24);
    size_t best = 0;
    int best_score = -1;
    /* The window with the most different terms, then the most matched words; the earliest of
     * equals. Terms are few (QUERY_MAX_TERMS), so a bit set counts them. */
    for (size_t start = 0; start < ws.n; start++) {
        if (ws.w[start].term < 0 && start > 0)
            continue; /* a best window starts on a match (or at the beginning) */
        unsigned long seen = 0;
        int hits = 0;
        size_t end = start + span < ws.n ? start + span : ws.n;
        for (size_t i = start; i < end; i++) {
            if (ws.w[i].term >= 0) {
                seen |= 1ul << (ws.w[i].term % 64);
                hits++;
            }
        }
        int score = __builtin_popcountl(seen) * 1000 + hits;
        if (score > best_score) {
            best_score = score;
            best = start;
        }
    }
    if (ws.n == 0) {
        free_words(&ws);
        return;
    }
    /* Start a few words before the first match, so it is read in its sentence, as far as the
     * window's last match allows. */
    if (best_score > 0) {
        size_t last_match = best;
        for (size_t i = best; i < best + span && i < ws.n; i++)
            if (ws.w[i].term >= 0)
                last_match = i;
        size_t slack = span - 1 - (last_match - best);
        size_t back = slack < 3 ? slack : 3;
        best = best > back ? best - back : 0;
    }
    size_t last = best + span < ws.n ? best + span : ws.n;
    size_t from = best == 0 ? 0 : ws.w[best].start;
    size_t to = last == ws.n ? n : ws.w[last - 1].start + ws.w[last - 1].len;
    if (best > 0)
        buf_puts(out, "…");
    put_marked(out, text, from, to, &ws, best, last);
    if (last < ws.n)
        buf_puts(out, "…");
    free_words(&ws);
}
