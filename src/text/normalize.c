/* normalize.c: the matching form of Arabic (and other) text (see normalize.h). */
#include "text/normalize.h"

#include <utf8proc.h>

enum { TATWEEL = 0x0640 };

/* The folded form of one code point that survived decomposition: 0 to drop it. */
static utf8proc_int32_t fold(utf8proc_int32_t c)
{
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    switch (c) {
    case 0x0671: /* ٱ alef wasla */
    case 0x0672: /* ٲ alef with wavy hamza above */
    case 0x0673: /* ٳ alef with wavy hamza below */
    case 0x0622: /* آ, already split by decomposition; kept for safety */
    case 0x0623: /* أ */
    case 0x0625: /* إ */ return 0x0627;
    case 0x0649: /* ى alef maqsura */ return 0x064A;
    case 0x0629: /* ة taa marbuta */ return 0x0647;
    case 0x0624: /* ؤ */ return 0x0648;
    case 0x0626: /* ئ */ return 0x064A;
    case 0x06A9: /* ک Persian kaf */ return 0x0643;
    case 0x06CC: /* ی Farsi yeh */ return 0x064A;
    case TATWEEL: return 0;
    default: break;
    }
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF: return 0;
    default: return c;
    }
}

static void put(struct buf *out, utf8proc_int32_t c)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, enc);
    buf_append(out, enc, (size_t)k);
}

void ar_normalize(struct buf *out, const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char b = p[i];
        if (b < 0x80) { /* ASCII: the common case for digits, spaces and Latin */
            buf_putc(out, (char)(b >= 'A' && b <= 'Z' ? b + 32 : b));
            i++;
            continue;
        }
        /* Plain Arabic letters (two bytes, D8 A7 to D9 8A) have no decomposition: copied as
         * they are, without decoding, the commonest case of all. */
        if ((b == 0xD8 || b == 0xD9) && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            utf8proc_int32_t c = ((b & 0x1F) << 6) | (p[i + 1] & 0x3F);
            if (c >= 0x0627 && c <= 0x064A && c != 0x0629 && c != 0x0640 && c != 0x0649) {
                buf_append(out, p + i, 2);
                i += 2;
                continue;
            }
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        utf8proc_int32_t parts[32];
        int last = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            c, parts, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &last);
        if (m < 0 || m > 32) {
            parts[0] = c;
            m = 1;
        }
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            utf8proc_int32_t f = fold(parts[j]);
            if (f)
                put(out, f);
        }
    }
}
