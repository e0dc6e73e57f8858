/*
 * arena.h: a region allocator, one per request.
 *
 * Everything made while serving a request comes from the request's arena and is released at
 * once when the request completes (h2o's req->pool). Cleanups registered with arena_defer() run
 * at that moment too, in reverse order, for objects that own memory of their own (a jansson
 * value, a struct buf).
 */
#ifndef SAHIFA_BASE_ARENA_H
#define SAHIFA_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
    struct arena_block *blocks;     /* newest first */
    struct arena_cleanup *cleanups; /* newest first */
    size_t total;                   /* bytes handed out, for the per-request memory cap */
};

#define ARENA_INIT                                                                                 \
    {                                                                                              \
        NULL, NULL, 0                                                                              \
    }

/* n bytes aligned for any type, zeroed; valid until arena_free(). */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of the n bytes at s with a NUL after them. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A copy of the C string s (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Registers fn(p) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Runs the cleanups and releases every block; the arena is empty and reusable afterwards. */
void arena_free(struct arena *a);

#endif
