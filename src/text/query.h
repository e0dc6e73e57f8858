/*
 * query.h: a reader's search query, parsed into the tokens the search index holds.
 *
 * The index (store/fts.c) holds, at each word's position, the word's stems (stem.h) and its
 * exact form: the normalized word behind QUERY_EXACT_MARK. A query is read like this:
 *
 *   word       matches any stem of the word (every inflection: اتفاق finds والاتفاق, اتفاقات)
 *   "a b"      a phrase: the exact forms, in that order; required
 *   pre*       words beginning with pre (exact forms)
 *   -word      excludes articles with the word (also -"a b" and -pre*)
 *
 * Everything else (AND, NEAR(, parentheses, quotes left open, stray punctuation) is text, never
 * syntax. Stop words (في، من، على، هو، ما…) are dropped from plain words, so they never decide
 * whether an article matches, unless the query has nothing else.
 */
#ifndef SAHIFA_TEXT_QUERY_H
#define SAHIFA_TEXT_QUERY_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define QUERY_EXACT_MARK "="

enum { QUERY_MAX_TERMS = 24, QUERY_MAX_BYTES = 1000 };

enum query_kind {
    QUERY_WORD,   /* tokens: the word's stems (the main one first, other readings marked),
                   * then its exact form; any of them matches */
    QUERY_PHRASE, /* tokens: exact forms, in order */
    QUERY_PREFIX, /* tokens: one exact-form prefix */
};

struct query_term {
    enum query_kind kind;
    bool excluded;
    int ntokens;
    const char **tokens; /* in the arena */
    const bool *other;   /* per token: another reading of the word (scores less) */
};

struct query {
    int nterms;
    struct query_term terms[QUERY_MAX_TERMS];
    int npositive; /* terms not excluded */
};

/* Parses the n bytes of UTF-8 at q (only the first QUERY_MAX_BYTES are read; further terms
 * past QUERY_MAX_TERMS are ignored). Everything allocated comes from arena a. */
void query_parse(struct arena *a, const char *q, size_t n, struct query *out);

/* The exact-form token of a normalized word: QUERY_EXACT_MARK followed by the word. */
const char *query_exact_token(struct arena *a, const char *norm, size_t n);

#endif
