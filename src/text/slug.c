/* slug.c: URL slugs from titles, letters and digits of every script kept (see slug.h). */
#include "text/slug.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { TATWEEL = 0x0640 };

enum kind { KEEP, DROP, SEPARATE };

static enum kind classify(utf8proc_int32_t cp)
{
    if (cp == TATWEEL) /* a letter to Unicode (Lm), but only stretches the line */
        return DROP;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return KEEP;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    /* Format characters (RLM, ZWNJ, soft hyphen) are invisible and sit inside words in text
     * pasted from word processors; a hyphen there would split a word the reader sees whole. */
    case UTF8PROC_CATEGORY_CF: return DROP;
    default: return SEPARATE;
    }
}

/* Latin only: other scripts are kept exactly as written. */
static bool is_latin(utf8proc_int32_t cp)
{
    return cp <= 0x024F || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* The slug being built, at most SLUG_MAX_BYTES. */
struct slug {
    char s[SLUG_MAX_BYTES];
    size_t len;
    size_t last_hyphen; /* 0 when there is none: a slug never starts with one */
    bool pending;       /* a separator was seen since the last character kept */
};

/* Adds one encoded character (with the hyphen owed before it); false when it does not fit. */
static bool add(struct slug *sl, const utf8proc_uint8_t *enc, size_t k)
{
    bool hyphen = sl->pending && sl->len > 0;
    if (sl->len + hyphen + k > SLUG_MAX_BYTES)
        return false;
    if (hyphen) {
        sl->last_hyphen = sl->len;
        sl->s[sl->len++] = '-';
    }
    memcpy(sl->s + sl->len, enc, k);
    sl->len += k;
    sl->pending = false;
    return true;
}

void slug_make(struct buf *out, const char *s, size_t n)
{
    struct slug sl = {.len = 0};
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    /* Composed first (NFC), so a hamza or madda typed as a separate mark (ا + U+0654) joins its
     * letter (أ) instead of being dropped with the other marks. Invalid UTF-8 is not composed. */
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t nfc_len =
        utf8proc_map(p, (utf8proc_ssize_t)n, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (nfc_len >= 0) {
        p = nfc;
        n = (size_t)nfc_len;
    }
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* invalid UTF-8: skip one byte, as a separator */
            sl.pending = true;
            i++;
            continue;
        }
        i += (size_t)k;
        enum kind kind = classify(cp);
        if (kind == DROP)
            continue;
        if (kind == SEPARATE) {
            sl.pending = true;
            continue;
        }
        if (is_latin(cp))
            cp = utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
        if (!add(&sl, enc, (size_t)m)) {
            /* Mid-word at the limit: end at the last whole word rather than half of one. */
            if (!sl.pending && sl.last_hyphen > 0)
                sl.len = sl.last_hyphen;
            break;
        }
    }
    buf_append(out, sl.s, sl.len);
    free(nfc);
}
