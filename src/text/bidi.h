/*
 * bidi.h: Unicode's explicit directional formatting characters in text a reader sees on one line.
 *
 * The embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the characters
 * after them until a pop or the end of the paragraph: in a comment's name or a title, U+202E
 * makes «ليلى» followed by other text read as something else, and a name left open can reorder
 * what the page prints after it. Single-line fields (titles, deks, credit lines, names of
 * people, categories and topics) have them removed wherever they enter (docs/SECURITY.md).
 * The marks U+200E, U+200F and U+061C stay: they set the direction of the neutral characters
 * beside them (a parenthesis, a number), which mixed Arabic and Latin text needs, and cannot
 * reverse a run of letters. Bodies keep everything; each paragraph is a bidi paragraph of its
 * own, where an embedding ends.
 */
#ifndef SAHIFA_TEXT_BIDI_H
#define SAHIFA_TEXT_BIDI_H

#include "base/arena.h"

/* s without its embedding, override and isolate characters: s itself when it has none, else a
 * copy in a. NULL gives NULL. Invalid UTF-8 passes through as it is (checks come later). */
const char *bidi_stripped(struct arena *a, const char *s);

#endif
