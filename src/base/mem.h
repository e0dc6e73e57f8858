/*
 * mem.h: allocation that never returns NULL.
 *
 * Running out of memory is not an error a request can recover from; these wrappers print a line
 * and abort, so callers never test for NULL (SQLite and Redis do the same).
 */
#ifndef SAHIFA_BASE_MEM_H
#define SAHIFA_BASE_MEM_H

#include <stddef.h>

/* malloc(n); aborts when memory is exhausted. The caller frees the result with free(). */
void *xmalloc(size_t n);
/* calloc(count, size), zeroed; aborts on exhaustion or overflow. Freed with free(). */
void *xcalloc(size_t count, size_t size);
/* realloc(p, n); aborts on exhaustion. */
void *xrealloc(void *p, size_t n);
/* A NUL-terminated copy of s (s may be NULL: returns NULL). Freed with free(). */
char *xstrdup(const char *s);
/* A NUL-terminated copy of the n bytes at s. Freed with free(). */
char *xstrndup(const char *s, size_t n);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
