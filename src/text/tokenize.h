/*
 * tokenize.h: words of a text, as the search index and the query parser see them.
 *
 * A word is a maximal run of letters, combining marks, digits and the invisible joiners that sit
 * inside words (ZWNJ); anything else (spaces, punctuation, symbols) separates words. Tatweel
 * counts as a letter, so «الـعرب» stays one word. Words are reported as they are written (byte
 * offsets into the text), to be normalized by the caller: snippets can then highlight the words
 * exactly as written, harakat and all.
 */
#ifndef SAHIFA_TEXT_TOKENIZE_H
#define SAHIFA_TEXT_TOKENIZE_H

#include <stddef.h>

/* Called for each word: the word is the len bytes at s + start. A non-zero return stops the
 * walk and is returned by words_each(). */
typedef int (*word_fn)(void *ctx, const char *s, size_t start, size_t len);

/* Calls fn for every word of the n bytes of UTF-8 at s, in order. Invalid bytes separate
 * words. Returns 0, or fn's first non-zero result. */
int words_each(const char *s, size_t n, word_fn fn, void *ctx);

#endif
