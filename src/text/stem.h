/*
 * stem.h: the stems of a normalized word, what a plain search matches on.
 *
 * Arabic words go through our light stemmer (the design, and why it beats Snowball's Arabic
 * stemmer and Larkey's light10 here, is in stem.c); Latin-script words through Snowball's
 * English stemmer (libstemmer); anything else (numbers, other scripts) is its own stem.
 *
 * An Arabic word can have more than one stem: a leading و ف ب ك ل is sometimes a clitic
 * (وكتب "and he wrote") and sometimes part of the word (وكالة "agency"). Rather than guess,
 * the stemmer gives both readings; the index stores them at the same position and a query
 * matches either, so الوكالة and وكالة meet, and so do بدمج and دمج.
 */
#ifndef SAHIFA_TEXT_STEM_H
#define SAHIFA_TEXT_STEM_H

#include <stddef.h>

enum { STEM_MAX = 4, STEM_BYTES = 192 };

struct stems {
    int n;                        /* 1..STEM_MAX, 0 for an empty word */
    size_t len[STEM_MAX];         /* bytes of each stem */
    char s[STEM_MAX][STEM_BYTES]; /* the stems, NUL-terminated, the main reading first */
};

/* The stems of the n bytes at w, a word already through ar_normalize(). Words longer than
 * STEM_BYTES - 1 bytes are cut (at a character boundary) first. Thread-safe. */
void stem_word(const char *w, size_t n, struct stems *out);

/* The bytes of a leading article, with any clitic before it (ال، وال، بال، لل، وبال…), in the
 * normalized word or word beginning at w, when at least two letters would remain; else 0.
 * A search prefix (اسك*, والاسك*) is matched against stems from there on. */
size_t stem_article_length(const char *w, size_t n);

/* True when the normalized word is an Arabic stop word (في، من، على، هو، ما…), with or without
 * a leading و or ف: such words never decide whether an article matches a query. */
int stem_is_stop_word(const char *w, size_t n);

#endif
