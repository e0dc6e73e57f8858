/*
 * builtin.h: files compiled into the binary by tools/mkbuiltin.c (the default theme's templates
 * and static files, the demo site).
 */
#ifndef SAHIFA_BASE_BUILTIN_H
#define SAHIFA_BASE_BUILTIN_H

#include <stddef.h>

struct builtin_file {
    const char *name; /* "templates/article.mustache", "static/style.css", "demo/site.json" */
    const unsigned char *data; /* the bytes, followed by a NUL not counted in len */
    size_t len;
};

extern const struct builtin_file builtin_files[];
extern const size_t builtin_count;

/* The built-in file called name, or NULL. The data is static: never freed. */
const struct builtin_file *builtin_find(const char *name);

#endif
