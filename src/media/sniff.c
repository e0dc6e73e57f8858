/* sniff.c: an image's type from its first bytes (sniff.h). */
#include "media/sniff.h"

#include <string.h>
#include <strings.h>

/* An ISO base media file (HEIF, AVIF): a "ftyp" box whose major or compatible brands say
 * which. Bytes 4..7 are "ftyp", 8..11 the major brand, then after the minor version
 * (12..15) the compatible brands up to the box's size. */
static enum media_type iso_brand(const unsigned char *p, size_t n)
{
    if (n < 16 || memcmp(p + 4, "ftyp", 4) != 0)
        return MEDIA_UNKNOWN;
    size_t box = ((size_t)p[0] << 24) | ((size_t)p[1] << 16) | ((size_t)p[2] << 8) | p[3];
    if (box < 16 || box > n)
        box = n;
    enum media_type found = MEDIA_UNKNOWN;
    for (size_t at = 8; at + 4 <= box; at += at == 8 ? 8 : 4) {
        const char *b = (const char *)p + at;
        if (memcmp(b, "avif", 4) == 0 || memcmp(b, "avis", 4) == 0)
            return MEDIA_AVIF;
        if (memcmp(b, "heic", 4) == 0 || memcmp(b, "heix", 4) == 0 || memcmp(b, "mif1", 4) == 0 ||
            memcmp(b, "msf1", 4) == 0 || memcmp(b, "heim", 4) == 0 || memcmp(b, "heis", 4) == 0)
            found = MEDIA_HEIF;
    }
    return found;
}

/* Text that starts (after a BOM and white space) like SVG, XML or HTML. */
static enum media_type markup(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i >= n || p[i] != '<')
        return MEDIA_UNKNOWN;
    const char *s = (const char *)p + i;
    size_t left = n - i;
    /* An SVG may open with an XML declaration, a comment or a doctype: look for "<svg" in the
     * head rather than only at its start. */
    for (size_t k = 0; k + 4 <= left; k++)
        if (strncasecmp(s + k, "<svg", 4) == 0)
            return MEDIA_SVG;
    if (left >= 5 && strncasecmp(s, "<?xml", 5) == 0)
        return MEDIA_SVG;
    return MEDIA_HTML;
}

enum media_type media_sniff(const void *data, size_t n)
{
    const unsigned char *p = data;
    if (n == 0)
        return MEDIA_EMPTY;
    if (n > MEDIA_SNIFF_BYTES)
        n = MEDIA_SNIFF_BYTES;
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return MEDIA_JPEG;
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return MEDIA_PNG;
    if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return MEDIA_GIF;
    if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return MEDIA_WEBP;
    enum media_type t = iso_brand(p, n);
    if (t != MEDIA_UNKNOWN)
        return t;
    return markup(p, n);
}

int media_type_ok(enum media_type t)
{
    return t >= MEDIA_JPEG;
}

const char *media_type_mime(enum media_type t)
{
    switch (t) {
    case MEDIA_JPEG: return "image/jpeg";
    case MEDIA_PNG: return "image/png";
    case MEDIA_GIF: return "image/gif";
    case MEDIA_WEBP: return "image/webp";
    case MEDIA_HEIF: return "image/heic";
    case MEDIA_AVIF: return "image/avif";
    default: return "";
    }
}

const char *media_type_refusal(enum media_type t)
{
    switch (t) {
    case MEDIA_EMPTY: return "الملف فارغ: لا بايت فيه.";
    case MEDIA_SVG: return "صور SVG غير مقبولة: ارفع صورة JPEG أو PNG أو WebP أو GIF.";
    case MEDIA_HTML:
        return "هذا الملف صفحة HTML وليس صورة، مهما كان امتداد اسمه. ارفع صورة JPEG أو PNG أو "
               "WebP أو GIF.";
    default:
        return "هذا الملف ليس صورة بصيغة مقبولة (JPEG أو PNG أو WebP أو GIF أو HEIC أو "
               "AVIF).";
    }
}
