/*
 * sink.h: the import sink of the importer targets (fuzz_import_*.c). It stores nothing; it reads
 * every string a parser hands over (so a dangling or unterminated one is found by the
 * sanitizers) and checks what import.h promises the sink: a title, and every string valid UTF-8.
 */
#ifndef SAHIFA_TESTS_FUZZ_SINK_H
#define SAHIFA_TESTS_FUZZ_SINK_H

#include "fuzz.h"

#include "base/utf8.h"
#include "import/import.h"

static inline void sink_string(const char *s, const char *what)
{
    if (!s || utf8_valid(s, strlen(s)))
        return;
    size_t at = 0, n = strlen(s); /* the first bad byte, for the message */
    while (at < n && utf8_valid(s, at + 1))
        at++;
    while (at < n && utf8_valid(s, at + 4 <= n ? at + 4 : n) && at + 4 <= n)
        at += 4;
    FUZZ_CHECK(false, "%s is not UTF-8 near byte %zu of %zu: %.*s", what, at, n,
               (int)(n - at < 40 ? n - at : 40), s + (at > 20 ? at - 20 : 0));
}

static inline int sink_article(struct import_sink *s, const struct import_article *a)
{
    (void)s;
    FUZZ_CHECK(a->title && *a->title, "an article without a title");
    FUZZ_CHECK(a->body, "an article without a body");
    sink_string(a->key, "key");
    sink_string(a->title, "title");
    sink_string(a->dek, "dek");
    sink_string(a->body, "body");
    sink_string(a->category, "category");
    sink_string(a->category_slug, "category_slug");
    sink_string(a->category_description, "category_description");
    sink_string(a->author, "author");
    sink_string(a->author_login, "author_login");
    sink_string(a->source, "source");
    sink_string(a->slug, "slug");
    sink_string(a->status, "status");
    sink_string(a->old_path, "old_path");
    for (size_t i = 0; i < a->ntopics; i++)
        sink_string(a->topics[i], "a topic");
    for (size_t i = 0; i < a->ncomments; i++) {
        const struct import_comment *c = &a->comments[i];
        sink_string(c->key, "a comment's key");
        sink_string(c->parent_key, "a comment's parent");
        sink_string(c->name, "a comment's name");
        sink_string(c->email, "a comment's e-mail");
        sink_string(c->body, "a comment's body");
        sink_string(c->status, "a comment's status");
    }
    return 0;
}

static inline void sink_skip(struct import_sink *s, long line, const char *reason)
{
    (void)s, (void)line;
    FUZZ_CHECK(reason && *reason, "a record skipped without a reason");
}

/* A sink as the importer targets use it. */
#define SINK_INIT                                                                                  \
    {                                                                                              \
        sink_article, sink_skip, NULL                                                              \
    }

#endif
