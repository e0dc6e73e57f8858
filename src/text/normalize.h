/*
 * normalize.h: the one normalizer of Arabic text for matching (DESIGN.md, "Arabic text"), used
 * by indexing, querying and duplicate detection alike, so that every side sees the same forms.
 *
 * Per character: compatibility decomposition and case folding (NFKD + fold, through utf8proc),
 * then every combining mark is dropped (tashkeel, superscript alef, Quranic marks, and the
 * hamza and madda that decomposition splits off أ إ آ ؤ ئ, which folds them to ا و ي), tatweel
 * and invisible format characters are dropped, and:
 *   ٱ ٲ ٳ → ا     ى → ي     ة → ه     ک → ك     ی → ي
 *   Arabic-Indic ٠-٩ and Persian ۰-۹ digits → 0-9
 * Latin letters lose their accents the same way (é → e). Displayed text is never normalized:
 * this is for matching only.
 */
#ifndef SAHIFA_TEXT_NORMALIZE_H
#define SAHIFA_TEXT_NORMALIZE_H

#include "base/buf.h"

#include <stddef.h>

/* Appends the matching form of the n bytes of UTF-8 at s; invalid bytes are dropped. */
void ar_normalize(struct buf *out, const char *s, size_t n);

#endif
