/* utf8.h: UTF-8 validity, the one check every input goes through. */
#ifndef SAHIFA_BASE_UTF8_H
#define SAHIFA_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* True when s (n bytes of valid UTF-8) holds a C0 control character other than tab, LF or CR,
 * or DEL. */
bool utf8_has_controls(const char *s, size_t n);
/* True when s (n bytes of valid UTF-8) holds any control character: C0 (tab and line breaks
 * included), DEL or C1 (U+0080 to U+009F, such as U+009B, a terminal's CSI). For text that is
 * never more than one line: URLs, form field names. */
bool utf8_has_any_controls(const char *s, size_t n);
/* Number of code points in the n bytes of valid UTF-8 at s. */
size_t utf8_length(const char *s, size_t n);

#endif
