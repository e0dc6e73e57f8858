/* tokenize.c: splitting text into words (see tokenize.h). */
#include "text/tokenize.h"

#include <stdbool.h>
#include <utf8proc.h>

static bool is_word_char(utf8proc_int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == 0x200C || c == 0x200D) /* ZWNJ, ZWJ: inside Persian and Arabic words */
        return true;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return true;
    default: return false;
    }
}

int words_each(const char *s, size_t n, word_fn fn, void *ctx)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0, start = 0;
    bool in_word = false;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k;
        if (p[i] < 0x80) {
            c = p[i];
            k = 1;
        } else {
            k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
            if (k <= 0) {
                c = -1; /* invalid: a separator */
                k = 1;
            }
        }
        bool word = c >= 0 && is_word_char(c);
        if (word && !in_word) {
            start = i;
            in_word = true;
        } else if (!word && in_word) {
            int rc = fn(ctx, s, start, i - start);
            if (rc)
                return rc;
            in_word = false;
        }
        i += (size_t)k;
    }
    return in_word ? fn(ctx, s, start, n - start) : 0;
}
