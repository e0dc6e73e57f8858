/*
 * comments.h: readers' comments: the rules a comment must pass to be stored, whoever sends it
 * (the article page's form, the API), whether an article takes comments, and an article's
 * approved comments as the model pages and the API show (comments.c).
 */
#ifndef SAHIFA_VIEW_COMMENTS_H
#define SAHIFA_VIEW_COMMENTS_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* What a reader sent (fields as received, not yet trimmed). */
struct comment_fields {
    const char *name, *email, *text;
    const char *token;    /* the form token (web/formtoken.h) */
    const char *honeypot; /* the field people leave empty and bots fill */
    int64_t parent_id;    /* 0: not a reply */
};

/* What became of it. */
struct comment_result {
    int status;          /* the HTTP status of a refusal */
    const char *code;    /* "too_fast", "rate_limited", ... (API error codes) */
    const char *field;   /* the field at fault, or NULL */
    const char *message; /* what to tell the reader, in Arabic */
    bool held;           /* stored, waiting for a moderator */
    int64_t id;          /* the stored comment */
    int retry_after;     /* seconds, for a rate limit */
};

/* Applies every rule to a comment on the live article (comments.c's opening comment) and
 * stores it. Returns 0 (stored: out->id, out->held), or -1 with out saying why not. */
int comments_submit(struct req *r, json_t *article, const struct comment_fields *f,
                    struct comment_result *out);
/* True when the article takes comments now (open, and not closed by age). */
bool comments_open(json_t *article, int64_t now);
/* The article's approved comments as a model {"count": N, "comments": [{"id","name","date",
 * "datetime","body_html","replies":[...]}]} in *tree, from the cache while version is
 * unchanged. DB_OK, or the database's error (*tree NULL; nothing cached). New reference; the
 * model is shared: never modify it. */
int comments_tree(struct db *db, int64_t article, int64_t version, json_t **tree);

#endif
