/*
 * snippet.h: the words of a text that a search query matched, marked, for result pages.
 *
 * The text is split and normalized, and each word given its tokens, exactly as the index does it
 * (text/tokenize.c, text/normalize.c, query_word_tokens()), so a word is marked when the index
 * would match it: one of its tokens equals a token of one of the query's words, or one of its
 * tokens begins with one of a prefix term's, or it is part of an occurrence of a phrase. The marks
 * are the bytes 0x01 before and 0x02 after the word as written (harakat and all); esc_html_marked()
 * turns them into <mark>. Doing this here rather than with FTS5's snippet() and highlight() saves
 * setting up an FTS5 query per result (docs/PERFORMANCE.md).
 */
#ifndef SAHIFA_TEXT_SNIPPET_H
#define SAHIFA_TEXT_SNIPPET_H

#include "base/buf.h"
#include "text/query.h"

#include <stddef.h>

/* Appends the whole text with its matched words marked. */
void snippet_mark_all(struct buf *out, const char *text, size_t n, const struct query *q);

/* Appends the passage of about `words` words where the most different query terms meet (the
 * text's beginning when nothing matches), its matched words marked, with "…" where it was cut
 * from the text. */
void snippet_passage(struct buf *out, const char *text, size_t n, const struct query *q, int words);

#endif
