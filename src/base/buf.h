/*
 * buf.h: the one growable byte buffer (Fossil's Blob, Redis's sds).
 *
 * Every piece of output (a rendered page, an SQL result turned into text, an escaped string) is
 * built in a struct buf. The bytes are always NUL-terminated, so b->p can be passed as a C string
 * when the content holds no NUL. A zeroed struct buf (BUF_INIT) is a valid empty buffer.
 */
#ifndef SAHIFA_BASE_BUF_H
#define SAHIFA_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *p;    /* the bytes, NUL-terminated once anything was added; NULL when empty */
    size_t len; /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
};

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Makes room for at least n more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t n);
/* Appends n bytes at s. */
void buf_append(struct buf *b, const void *s, size_t n);
/* Appends the C string s (nothing when s is NULL). */
void buf_puts(struct buf *b, const char *s);
/* Appends one byte. */
void buf_putc(struct buf *b, char c);
/* Appends printf-style formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory for reuse. */
void buf_reset(struct buf *b);
/* Frees the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Returns the bytes as a C string ("" for an empty buffer); still owned by the buffer. */
const char *buf_str(const struct buf *b);
/* Gives back the memory allocated beyond the bytes and their NUL, for a buffer kept long (a
 * page in the page cache): growth by doubling, or room for a compressor's worst case, can leave
 * as much again unused. */
void buf_fit(struct buf *b);
/* Hands the bytes to the caller (who frees them with free()) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *len);

#endif
