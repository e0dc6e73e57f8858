/*
 * query.h: a reader's search query, parsed into the tokens the search index holds, and the
 * tokens the index holds for a word.
 *
 * The index (store/fts.c) holds, at each word's position (query_word_tokens()): the normalized
 * word itself, unmarked, and each of its stems (stem.h) that differs from it, behind
 * QUERY_STEM_MARK. وقع الاتفاق holds وقع | الاتفاق ~اتفاق; a word that is its own stem (اتفاق,
 * 1220) costs one token. A stem s is therefore found as s (a word that is s exactly) or ~s (a
 * word that stems to s). A query is read like this:
 *
 *   word       matches any stem of the word, s or ~s (every inflection: اتفاق finds والاتفاق,
 *              اتفاقات), and the word as typed ranks first
 *   "a b"      a phrase: the words as typed (unmarked), in that order; required, but for its
 *              words (then plain words) when articles with every term are few
 *   pre*       words beginning with pre, as written or once their clitics and article are
 *              stripped (اسك* finds الإسكان and والإسكان: their stem ~اسكان begins with ~اسك)
 *   -word      excludes articles with the word (also -"a b" and -pre*)
 *
 * Everything else (AND, NEAR(, parentheses, quotes left open, stray punctuation) is text, never
 * syntax. Stop words (في، من، على، هو، ما…) are dropped from plain words, so they never decide
 * whether an article matches, unless the query has nothing else.
 */
#ifndef SAHIFA_TEXT_QUERY_H
#define SAHIFA_TEXT_QUERY_H

#include "base/arena.h"
#include "text/stem.h"

#include <stdbool.h>
#include <stddef.h>

/* Marks a stem token; words never hold it (text/tokenize.c splits on punctuation). */
#define QUERY_STEM_MARK "~"
/* Marks a title's token: a title's words are indexed once more with it in front of each of
 * their tokens (store/fts.c), so that articles with every word of a query in their title are
 * found from the titles' short lists alone (^الاتفاق, ^~اتفاق). */
#define QUERY_TITLE_MARK "^"

/* Words are indexed and queried cut to this many bytes (at a character boundary). */
enum { QUERY_WORD_BYTES = 250 };

enum { QUERY_MAX_TERMS = 24, QUERY_MAX_BYTES = 1000 };

enum query_kind {
    QUERY_WORD,   /* tokens: the word as typed when it is not its own stem, then for each stem s
                   * (the main reading first) s and ~s; any of them matches */
    QUERY_PHRASE, /* tokens: words as typed (normalized, unmarked), in order */
    QUERY_PREFIX, /* tokens: the unmarked prefix, then QUERY_STEM_MARK + the prefix without a
                   * leading article or clitic (stem_article_length()); both match by prefix */
};

/* What a plain word's token stands for, for the ranking (store/fts.c scores a word by its best
 * alternative: the word as typed alone, or one stem, its tokens s and ~s counted as one). */
enum {
    QUERY_TOKEN_OTHER = 1, /* a stem of another reading (كتاب read as ك + تاب): scores less */
    QUERY_TOKEN_SAME = 2,  /* ~s after s: the same stem as the token before, scored with it */
    QUERY_TOKEN_EXACT = 4, /* s, when the word as typed is s itself: also scored on its own */
};

struct query_term {
    enum query_kind kind;
    bool excluded;
    /* A word of a phrase, read again as a plain word (stop words left out), in a query that
     * has plain words too: it matches only where a query's terms are not all required
     * (store/search.c's third tier), so that a name quoted in a question and written
     * otherwise in the articles still finds them. Not counted in npositive. */
    bool loose;
    int ntokens;
    const char **tokens;        /* in the arena */
    const unsigned char *flags; /* per token: QUERY_TOKEN_* (plain words only; else 0) */
};

struct query {
    int nterms;
    struct query_term terms[QUERY_MAX_TERMS];
    int npositive; /* terms neither excluded nor loose */
};

/* Parses the n bytes of UTF-8 at q (only the first QUERY_MAX_BYTES are read; further terms
 * past QUERY_MAX_TERMS are ignored). Everything allocated comes from arena a. */
void query_parse(struct arena *a, const char *q, size_t n, struct query *out);

/* The tokens the index holds for one word, normalized (n bytes; ar_normalize()): the word
 * cut to QUERY_WORD_BYTES, then QUERY_STEM_MARK + each of its stems that differs from it, main
 * reading first. n is 0 for an empty word. */
struct word_tokens {
    int n;
    size_t len[1 + STEM_MAX];
    char s[1 + STEM_MAX][QUERY_WORD_BYTES + 2]; /* NUL-terminated */
};
void query_word_tokens(const char *norm, size_t n, struct word_tokens *out);

/* A stem's marked token, QUERY_STEM_MARK + the n bytes of stem, NUL-terminated, from arena a. */
const char *query_stem_token(struct arena *a, const char *stem, size_t n);

#endif
