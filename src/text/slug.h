/*
 * slug.h: URL slugs made from titles and names, Arabic kept.
 *
 * «النظام يعلن عن اتفاق مع داعش!» gives «النظام-يعلن-عن-اتفاق-مع-داعش»: letters and digits of any
 * script are kept (Latin lowercased), tashkeel, tatweel and invisible format characters (RLM,
 * ZWNJ, soft hyphen) dropped (they are not part of how a word is spelled in a URL), Arabic-Indic
 * digits kept as written, everything else (spaces, punctuation, symbols) becomes one hyphen; no
 * hyphen at either end; at most SLUG_MAX_BYTES bytes, cut at a hyphen where possible and never
 * inside a character.
 */
#ifndef SAHIFA_TEXT_SLUG_H
#define SAHIFA_TEXT_SLUG_H

#include "base/buf.h"

#include <stddef.h>

enum { SLUG_MAX_BYTES = 120 };

/* Appends the slug of the n bytes of UTF-8 at s to out; appends nothing when s holds no letter
 * or digit (the caller then picks a fallback such as the article id). */
void slug_make(struct buf *out, const char *s, size_t n);

#endif
