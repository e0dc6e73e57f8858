/* bidi.c: removing the directional embeddings, overrides and isolates (see bidi.h). */
#include "text/bidi.h"

#include <string.h>

/* The length of the control starting at p (3 bytes in UTF-8), or 0 when p starts none:
 * U+202A–U+202E are E2 80 AA–AE, U+2066–U+2069 are E2 81 A6–A9. */
static size_t control_at(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 3 || p[0] != 0xE2)
        return 0;
    if ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
        (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
        return 3;
    return 0;
}

/* The first control in [p, end), or NULL. */
static const unsigned char *first_control(const unsigned char *p, const unsigned char *end)
{
    while ((p = memchr(p, 0xE2, (size_t)(end - p))) != NULL) {
        if (control_at(p, end))
            return p;
        p++;
    }
    return NULL;
}

const char *bidi_stripped(struct arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    const unsigned char *hit = first_control(p, end);
    if (!hit)
        return s;
    char *out = arena_alloc(a, n + 1), *o = out;
    while (hit) {
        memcpy(o, p, (size_t)(hit - p));
        o += hit - p;
        p = hit + 3;
        hit = first_control(p, end);
    }
    memcpy(o, p, (size_t)(end - p));
    o[end - p] = 0;
    return out;
}
