/*
 * jsonl.c: one article a line, as JSON, in the shape of the news corpus (DESIGN.md, "Test
 * data"): {"id","title","body","category","date","source","url"}, body paragraphs separated by
 * a blank line; and the fields sahifa's own export adds (export.c): "key", "dek", "topics",
 * "author", "status", "slug", "old_path", "comments", and "markdown": true when the body is
 * Markdown already (then it is kept as it is, not escaped as plain text); "image", the featured
 * photo: a file's path, or {"path","alt","caption","credit"}.
 */
#include "import/import.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOPICS = 24, MAX_COMMENTS = 5000 };

static const char *text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

/* The "date" of a record or a comment in UTC seconds, 0 when there is none or it is not read.
 * A date that is there but not read (not a string, or a string import_date() cannot read) is
 * put in *unread, for the sink to refuse, never taken as the time of the import; "" and null are
 * no date. A date that is not a string is written out as JSON into *dumped (the caller frees
 * it). */
static int64_t date_of(json_t *o, const char **unread, char **dumped)
{
    json_t *given = json_object_get(o, "date");
    const char *date = text(o, "date");
    int64_t t = date ? import_date(date) : 0;
    *unread = NULL;
    if (date && !t)
        *unread = date;
    else if (given && !json_is_null(given) && !json_is_string(given))
        *unread = *dumped = json_dumps(given, JSON_ENCODE_ANY);
    return t;
}

int import_jsonl_line(const char *line, size_t n, long lineno, struct import_sink *s)
{
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
        n--;
    if (n == 0)
        return 0;
    if (!utf8_valid(line, n)) {
        s->skip(s, lineno, "not valid UTF-8");
        return 0;
    }
    json_error_t err;
    json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(o)) {
        char why[200];
        snprintf(why, sizeof why, "not a JSON object: %s", o ? "another JSON value" : err.text);
        s->skip(s, lineno, why);
        json_decref(o);
        return 0;
    }
    struct buf body = BUF_INIT, key = BUF_INIT;
    const char *raw = text(o, "body");
    if (raw && json_is_true(json_object_get(o, "markdown"))) {
        buf_puts(&body, raw);
    } else if (raw) {
        /* Plain text: each paragraph (blank-line separated; a lone newline too) escaped. */
        for (const char *p = raw; *p;) {
            size_t len = strcspn(p, "\n");
            import_paragraph(&body, p, len);
            p += len;
            while (*p == '\n')
                p++;
        }
    }
    if (text(o, "key"))
        buf_puts(&key, text(o, "key"));
    else if (text(o, "url"))
        buf_puts(&key, text(o, "url"));
    else if (text(o, "id"))
        buf_printf(&key, "id:%s", text(o, "id"));

    const char *topics[MAX_TOPICS];
    size_t ntopics = 0, i;
    json_t *t;
    json_array_foreach(json_object_get(o, "topics"), i, t) {
        if (ntopics < MAX_TOPICS && json_string_length(t))
            topics[ntopics++] = json_string_value(t);
    }
    struct import_comment comments[64], *many = comments;
    size_t ncomments = json_array_size(json_object_get(o, "comments"));
    if (ncomments > MAX_COMMENTS)
        ncomments = MAX_COMMENTS;
    if (ncomments > 64)
        many = calloc(ncomments, sizeof *many);
    /* Dates that were not strings, as JSON: the comments', then the article's. */
    char **dumped = xcalloc(ncomments + 1, sizeof *dumped);
    for (i = 0; i < ncomments; i++) {
        json_t *c = json_array_get(json_object_get(o, "comments"), i);
        many[i] = (struct import_comment){
            .key = text(c, "key"),
            .parent_key = text(c, "parent"),
            .name = text(c, "name"),
            .email = text(c, "email"),
            .body = text(c, "body"),
            .status = text(c, "status"),
        };
        many[i].created_at = date_of(c, &many[i].unread_date, &dumped[i]);
    }
    const char *unread;
    int64_t published_at = date_of(o, &unread, &dumped[ncomments]);
    struct import_article a = {
        .key = key.len ? key.p : NULL,
        .title = text(o, "title"),
        .dek = text(o, "dek"),
        .body = buf_str(&body),
        .category = text(o, "category"),
        .category_slug = text(o, "category_slug"),
        .topics = topics,
        .ntopics = ntopics,
        .author = text(o, "author"),
        .source = text(o, "source"),
        .slug = text(o, "slug"),
        .status = text(o, "status"),
        .published_at = published_at,
        .unread_date = unread,
        .old_path = text(o, "old_path"),
        .image_path = json_is_string(json_object_get(o, "image"))
                          ? text(o, "image")
                          : text(json_object_get(o, "image"), "path"),
        .image_alt = text(json_object_get(o, "image"), "alt"),
        .image_caption = text(json_object_get(o, "image"), "caption"),
        .image_credit = text(json_object_get(o, "image"), "credit"),
        .comments = many,
        .ncomments = ncomments,
        .line = lineno,
    };
    int rc = 0;
    if (!a.title)
        s->skip(s, lineno, "no title");
    else
        rc = s->article(s, &a);
    if (many != comments)
        free(many);
    for (i = 0; i <= ncomments; i++)
        free(dumped[i]);
    free(dumped);
    buf_free(&body);
    buf_free(&key);
    json_decref(o);
    return rc;
}
